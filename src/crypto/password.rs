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

    /// Whether another system's hash can be carried over: Argon2id version 19 in PHC form,
    /// with its salt and output, and parameters no weaker than OWASP's minimum and no costlier
    /// than a sign-in may be (verifying uses the hash's own parameters, so an outsized one
    /// would let anyone who knows the address tie up memory and the blocking pool).
    pub fn importable(stored: &str) -> bool {
        let Ok(hash) = PasswordHash::new(stored) else { return false };
        let Ok(params) = Params::try_from(&hash) else { return false };
        hash.algorithm == Algorithm::Argon2id.ident()
            && hash.version == Some(0x13)
            && hash.salt.is_some()
            && hash.hash.is_some_and(|output| output.len() >= 16)
            && (19_456..=65_536).contains(&params.m_cost())
            && (2..=10).contains(&params.t_cost())
            && (1..=8).contains(&params.p_cost())
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

    #[tokio::test]
    async fn only_argon2id_hashes_within_bounds_are_carried_over() {
        let ours = PasswordHasher::new(owasp()).unwrap().hash("een wachtwoord").await.unwrap();
        assert!(PasswordHasher::importable(&ours), "{ours}");
        let (salt_and_output, params) = (ours.rsplit_once("p=1$").unwrap().1, "$argon2id$v=19$m=19456,t=2,p=1$");
        for refused in [
            "$argon2id".to_string(),
            "$argon2id$v=19$m=19456,t=2,p=1".to_string(),
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".to_string(),
            format!("$argon2i$v=19$m=19456,t=2,p=1${salt_and_output}"),
            format!("$argon2id$v=16$m=19456,t=2,p=1${salt_and_output}"),
            format!("$argon2id$v=19$m=4096,t=2,p=1${salt_and_output}"),
            format!("$argon2id$v=19$m=4194304,t=2,p=1${salt_and_output}"),
            format!("$argon2id$v=19$m=19456,t=1000,p=1${salt_and_output}"),
        ] {
            assert!(!PasswordHasher::importable(&refused), "{refused}");
        }
        assert!(PasswordHasher::importable(&format!("{params}{salt_and_output}")));
    }
}
