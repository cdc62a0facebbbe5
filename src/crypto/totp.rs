//! Time-based one-time codes (RFC 6238) for the second factor of sign-in. The codes
//! themselves come from the `totp-rs` crate; what is ours is which time step a code matched,
//! so that a code once used is refused for the rest of its window, and the recovery codes.

use data_encoding::BASE32_NOPAD;
use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

use super::token::constant_time_eq;

/// Authenticator apps expect these: SHA-1, six digits, thirty seconds.
const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
/// One step either side, for a phone's clock that is a little off.
const SKEW_STEPS: u64 = 1;
/// 160 bits, the length RFC 4226 recommends.
const SECRET_BYTES: usize = 20;

/// A user's shared secret. Never logged: `Debug` shows nothing of it.
#[derive(Clone)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The secret as typed into an authenticator app: base32, no padding.
    pub fn from_base32(text: &str) -> Option<Self> {
        let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        BASE32_NOPAD.decode(cleaned.as_bytes()).ok().filter(|b| b.len() >= 16).map(Self)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn to_base32(&self) -> String {
        BASE32_NOPAD.encode(&self.0)
    }

    /// The `otpauth://` address an authenticator app reads from the QR code.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let encode = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            encode(issuer),
            encode(account),
            self.to_base32(),
            encode(issuer)
        )
    }

    fn totp(&self, algorithm: Algorithm, digits: usize) -> TOTP {
        TOTP::new_unchecked(algorithm, digits, SKEW_STEPS as u8, STEP_SECONDS, self.0.clone())
    }

    /// The code of the step that holds `unix_seconds`.
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp(Algorithm::SHA1, DIGITS).generate(unix_seconds)
    }

    /// The time step whose code `code` is, within one step of `unix_seconds`; `None` when it
    /// is none of them. Every candidate is computed and compared in constant time.
    pub fn matching_step(&self, code: &str, unix_seconds: u64) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let totp = self.totp(Algorithm::SHA1, DIGITS);
        let now_step = unix_seconds / STEP_SECONDS;
        let mut found = None;
        for step in now_step.saturating_sub(SKEW_STEPS)..=now_step + SKEW_STEPS {
            if constant_time_eq(totp.generate(step * STEP_SECONDS).as_bytes(), code.as_bytes()) {
                found = Some(step);
            }
        }
        found
    }
}

/// How many recovery codes a user gets at enrolment.
pub const RECOVERY_CODE_COUNT: usize = 10;

/// A recovery code: ten letters and digits from base32 (no 0, 1, 8 or 9 to mistake), in two
/// groups. 50 random bits each, so a keyed hash is enough to store them.
pub fn recovery_code() -> String {
    let mut bytes = [0u8; 7];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let text = BASE32_NOPAD.encode(&bytes).to_lowercase();
    format!("{}-{}", &text[..5], &text[5..10])
}

/// A recovery code as typed, in the one form it is hashed in.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let letters: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    (letters.len() == 10).then(|| format!("{}-{}", &letters[..5], &letters[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the seeds are "12345678901234567890" repeated to the hash's
    /// length, and the codes have eight digits.
    #[test]
    fn the_rfc_6238_test_vectors() {
        let seed = |len: usize| TotpSecret(b"1234567890".iter().cycle().take(len).copied().collect());
        let vectors: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (time, sha1, sha256, sha512) in vectors {
            assert_eq!(seed(20).totp(Algorithm::SHA1, 8).generate(time), sha1, "SHA-1 at {time}");
            assert_eq!(seed(32).totp(Algorithm::SHA256, 8).generate(time), sha256, "SHA-256 at {time}");
            assert_eq!(seed(64).totp(Algorithm::SHA512, 8).generate(time), sha512, "SHA-512 at {time}");
        }
        // The six-digit codes of the apps are the last six digits of the same number.
        assert_eq!(seed(20).code_at(59), "287082");
    }

    #[test]
    fn a_code_matches_its_own_step_and_one_either_side_only() {
        let secret = TotpSecret::generate();
        let now = 1_800_000_000;
        let step = now / STEP_SECONDS;
        assert_eq!(secret.matching_step(&secret.code_at(now), now), Some(step));
        assert_eq!(secret.matching_step(&secret.code_at(now - 30), now), Some(step - 1));
        assert_eq!(secret.matching_step(&secret.code_at(now + 30), now), Some(step + 1));
        assert_eq!(secret.matching_step(&secret.code_at(now - 60), now), None);
        assert_eq!(secret.matching_step("12345", now), None);
        assert_eq!(secret.matching_step("abcdef", now), None);
        let spaced = format!("{} {}", &secret.code_at(now)[..3], &secret.code_at(now)[3..]);
        assert_eq!(secret.matching_step(&spaced, now), Some(step));
    }

    #[test]
    fn secrets_round_trip_through_base32_and_never_show_in_debug() {
        let secret = TotpSecret::generate();
        let typed = secret.to_base32().to_lowercase();
        assert_eq!(TotpSecret::from_base32(&typed).unwrap().as_bytes(), secret.as_bytes());
        assert!(!format!("{secret:?}").contains(&secret.to_base32()));
        let uri = secret.otpauth_uri("Ketenaanpak", "analyst@edn.example");
        assert!(uri.starts_with("otpauth://totp/Ketenaanpak:analyst%40edn%2Eexample?secret="));
    }

    #[test]
    fn recovery_codes_are_normalised_as_typed() {
        let code = recovery_code();
        assert_eq!(code.len(), 11);
        assert_eq!(normalise_recovery_code(&code.to_uppercase().replace('-', " ")), Some(code.clone()));
        assert_eq!(normalise_recovery_code("abc"), None);
        assert_ne!(recovery_code(), code);
    }
}
