//! Opaque bearer tokens. The holder gets 256 random bits; the database keeps only their
//! SHA-256, so a leaked database reveals no usable token and a token is revoked by deleting
//! or marking its row.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// What a token is for, visible in its prefix so that secret scanners and people can tell
/// a leaked session from a leaked API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    Api,
    /// Between a good password and the second factor; it signs nobody in.
    LoginChallenge,
    /// A link to set a new password, sent by mail.
    PasswordReset,
}

impl TokenKind {
    fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "kts_",
            TokenKind::Api => "kta_",
            TokenKind::LoginChallenge => "ktc_",
            TokenKind::PasswordReset => "ktr_",
        }
    }

    pub fn of(token: &str) -> Option<TokenKind> {
        [TokenKind::Session, TokenKind::Api, TokenKind::LoginChallenge, TokenKind::PasswordReset]
            .into_iter()
            .find(|kind| token.starts_with(kind.prefix()))
    }
}

pub struct IssuedToken {
    /// Shown to the holder once, never stored.
    pub plaintext: String,
    pub hash: String,
}

pub fn issue(kind: TokenKind) -> IssuedToken {
    let plaintext = format!("{}{}", kind.prefix(), random_base64(32));
    let hash = hash(&plaintext);
    IssuedToken { plaintext, hash }
}

pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The token every form of a signed-in page carries: derived from the session's secret, so
/// only a page served to that session can know it, and it ends with the session. Another
/// site can neither read it (the cookie is HttpOnly) nor guess it.
pub fn form_token(session: &str) -> String {
    let mut digest = Sha256::new();
    digest.update(b"ketenaanpak form token\0");
    digest.update(session.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.finalize())
}

/// Whether `given` is the session's form token, compared in constant time.
pub fn form_token_matches(session: &str, given: &str) -> bool {
    constant_time_eq(form_token(session).as_bytes(), given.as_bytes())
}

/// Whether two secrets are equal, looking at every byte whatever the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

pub fn random_base64(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_token_belongs_to_one_session() {
        let (one, other) = (issue(TokenKind::Session).plaintext, issue(TokenKind::Session).plaintext);
        let token = form_token(&one);
        assert!(form_token_matches(&one, &token));
        assert!(!form_token_matches(&other, &token), "another session's token");
        assert!(!form_token_matches(&one, ""));
        assert!(!form_token_matches(&one, &token[1..]));
        assert!(!token.contains(&one[4..]), "the session does not show through");
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = issue(TokenKind::Session);
        let b = issue(TokenKind::Session);
        assert_ne!(a.plaintext, b.plaintext);
        assert!(a.plaintext.starts_with("kts_") && a.plaintext.len() == 4 + 43);
        assert_eq!(a.hash, hash(&a.plaintext));
        assert!(!a.hash.contains(&a.plaintext[4..]));
        assert_eq!(TokenKind::of(&issue(TokenKind::Api).plaintext), Some(TokenKind::Api));
        assert_eq!(TokenKind::of("Bearer"), None);
        for kind in [TokenKind::Session, TokenKind::Api, TokenKind::LoginChallenge, TokenKind::PasswordReset] {
            assert_eq!(TokenKind::of(&issue(kind).plaintext), Some(kind), "every kind is known by its prefix");
        }
    }
}
