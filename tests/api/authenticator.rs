//! An authenticator app, as the tests' own: RFC 6238 codes (HMAC-SHA-1, six digits, thirty
//! seconds) computed from the base32 secret a page or the API gave, at the test's clock.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};

pub fn code(secret_base32: &str, at: DateTime<Utc>) -> String {
    let key = base32(secret_base32);
    let counter = (at.timestamp() / 30) as u64;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).expect("any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let number = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", number % 1_000_000)
}

/// RFC 4648 base32 without padding; spaces (as the page groups it) are skipped.
fn base32(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u64, Vec::new());
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let index = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase()).expect("a base32 letter");
        value = (value << 5) | index as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((value >> bits) as u8);
        }
    }
    out
}

#[test]
fn the_tests_own_codes_agree_with_rfc_6238() {
    // Appendix B's SHA-1 seed "12345678901234567890" in base32, at 59 s: 94287082, last six digits.
    let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(code(seed, DateTime::from_timestamp(59, 0).unwrap()), "287082");
    assert_eq!(code(seed, DateTime::from_timestamp(1111111109, 0).unwrap()), "081804");
}
