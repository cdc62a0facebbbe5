//! Age envelopes: standard age files (X25519), so what the service stores can be opened with
//! the reference `age` tool and any other age client given the organisation's identity.

use std::io::{Read, Write};
use std::iter;

use age::x25519::{Identity, Recipient};

#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    /// Not an age file for this identity, or changed or cut short since it was written. No
    /// part of the plaintext is returned.
    #[error("the encrypted data cannot be opened: wrong key, or damaged")]
    Unreadable,
}

/// Encrypts to every recipient given; any one of their identities opens it.
/// Whether a text is an age secret key (an identity), such as one pasted where only its
/// public recipient belongs.
pub fn is_secret_key(text: &str) -> bool {
    text.trim().to_ascii_uppercase().starts_with("AGE-SECRET-KEY-")
}

pub fn seal(recipients: &[Recipient], plaintext: &[u8]) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!(!recipients.is_empty(), "sealing needs at least one recipient");
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))?;
    let mut ciphertext = Vec::with_capacity(plaintext.len() + 256);
    let mut writer = encryptor.wrap_output(&mut ciphertext)?;
    writer.write_all(plaintext)?;
    writer.finish()?;
    Ok(ciphertext)
}

/// Decrypts all of it or nothing: age authenticates every chunk, and a truncated file fails
/// at its end, so the plaintext is only returned once the whole file has checked out.
pub fn open(identity: &Identity, ciphertext: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|_| EnvelopeError::Unreadable)?;
    let mut reader =
        decryptor.decrypt(iter::once(identity as &dyn age::Identity)).map_err(|_| EnvelopeError::Unreadable)?;
    let mut plaintext = Vec::new();
    reader.read_to_end(&mut plaintext).map_err(|_| EnvelopeError::Unreadable)?;
    Ok(plaintext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let alice = Identity::generate();
        let bob = Identity::generate();
        let sealed = seal(&[alice.to_public()], b"Jan de Vries, 06-12345678").unwrap();
        assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
        assert_eq!(open(&alice, &sealed).unwrap(), b"Jan de Vries, 06-12345678");
        assert!(open(&bob, &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        assert!(open(&alice, &flipped).is_err());
        assert!(open(&alice, &sealed[..sealed.len() - 5]).is_err());
        let both = seal(&[alice.to_public(), bob.to_public()], b"x").unwrap();
        assert_eq!(open(&bob, &both).unwrap(), b"x");
    }
}
