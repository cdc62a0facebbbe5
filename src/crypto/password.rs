//! Argon2id password hashing. Hashing is CPU-bound by design, so it runs on the blocking pool
//! and never stalls the async workers.

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::Argon2Config;

#[derive(Clone)]
pub struct PasswordHasher {
    inner: Arc<Inner>,
}

struct Inner {
    argon2: Argon2<'static>,
    /// A real hash of a random password, verified when the e-mail address is unknown, so that
    /// an unknown address costs the same time as a wrong password.
    decoy: String,
}

impl PasswordHasher {
    pub fn new(config: Argon2Config) -> anyhow::Result<Self> {
        let params = Params::new(config.memory_kib, config.iterations, config.parallelism, None)
            .map_err(|e| anyhow::anyhow!("invalid Argon2 parameters: {e}"))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let decoy = hash_with(&argon2, &super::token::random_base64(24))?;
        Ok(Self { inner: Arc::new(Inner { argon2, decoy }) })
    }

    /// Whether `stored` is an Argon2id hash in the PHC format, as this service makes and
    /// verifies them (another system's hashes can be carried over only in this form).
    pub fn is_argon2id(stored: &str) -> bool {
        PasswordHash::new(stored).is_ok_and(|hash| hash.algorithm == Algorithm::Argon2id.ident())
    }

    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let inner = self.inner.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || hash_with(&inner.argon2, &password)).await?
    }

    /// Verifies against `stored`, or against the decoy when there is no stored hash. A stored
    /// hash made with other parameters is verified with its own parameters.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let inner = self.inner.clone();
        let password = password.to_owned();
        let stored = stored.map(str::to_owned);
        let checked = tokio::task::spawn_blocking(move || {
            let hash = stored.as_deref().unwrap_or(&inner.decoy);
            let matches = PasswordHash::new(hash)
                .map(|parsed| inner.argon2.verify_password(password.as_bytes(), &parsed).is_ok())
                .unwrap_or(false);
            matches && stored.is_some()
        })
        .await;
        checked.unwrap_or(false)
    }
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owasp() -> Argon2Config {
        Argon2Config { memory_kib: 19_456, iterations: 2, parallelism: 1 }
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let hasher = PasswordHasher::new(owasp()).unwrap();
        let hash = hasher.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("correct horse battery", Some(&hash)).await);
        assert!(!hasher.verify("wrong horse battery", Some(&hash)).await);
        assert!(!hasher.verify("correct horse battery", None).await);
        assert!(!hasher.verify("x", Some("not a hash")).await);
    }
}
