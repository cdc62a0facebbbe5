//! Cryptography: password hashing, opaque tokens, keyed hashes and the deployment's keys.
//! The age envelopes for case identities and referrals join here in later issues.

pub mod envelope;
pub mod keyring;
pub mod password;
pub mod stream;
pub mod token;
pub mod totp;
