//! The deployment's own secrets: the master key (an age X25519 identity that protects the
//! organisations' identities) and the pseudonym secret (the HMAC key for pseudonyms and other
//! keyed hashes). Taken from configuration, or created on first start in the data folder.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use anyhow::{bail, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;

use crate::config::SecretsConfig;

const MASTER_KEY_FILE: &str = "master.key";
const PSEUDONYM_FILE: &str = "pseudonym.key";

pub struct Keyring {
    master: age::x25519::Identity,
    pseudonym_secret: SecretBox<Vec<u8>>,
}

impl Keyring {
    /// Uses configured secrets; creates whichever is missing in `data_dir` (mode 0600).
    pub fn load_or_create(secrets: &SecretsConfig, data_dir: &Path) -> anyhow::Result<Self> {
        let master = match &secrets.master_key {
            Some(value) => value.clone(),
            None => read_or_create(&data_dir.join(MASTER_KEY_FILE), || age::x25519::Identity::generate().to_string())?,
        };
        let master = age::x25519::Identity::from_str(master.expose_secret().trim())
            .map_err(|_| anyhow::anyhow!("the master key is not an age identity (AGE-SECRET-KEY-1…)"))?;
        let pseudonym = match &secrets.pseudonym_secret {
            Some(value) => value.clone(),
            None => {
                read_or_create(&data_dir.join(PSEUDONYM_FILE), || SecretString::from(super::token::random_base64(32)))?
            }
        };
        let pseudonym_secret = decode_pseudonym_secret(pseudonym.expose_secret())?;
        Ok(Self { master, pseudonym_secret })
    }

    /// The public half of the master key.
    pub fn master_recipient(&self) -> age::x25519::Recipient {
        self.master.to_public()
    }

    /// An organisation's identity, encrypted to the master key for storage.
    pub fn seal_identity(&self, identity: &age::x25519::Identity) -> anyhow::Result<Vec<u8>> {
        super::envelope::seal(&[self.master_recipient()], identity.to_string().expose_secret().as_bytes())
    }

    pub fn unseal_identity(&self, sealed: &[u8]) -> anyhow::Result<age::x25519::Identity> {
        let plaintext = super::envelope::open(&self.master, sealed)?;
        let text = std::str::from_utf8(&plaintext)?;
        age::x25519::Identity::from_str(text).map_err(|_| anyhow::anyhow!("a sealed identity is not an age identity"))
    }

    /// A secret of the service's own (a user's second-factor secret), encrypted to the
    /// master key for storage.
    pub fn seal_secret(&self, secret: &[u8]) -> anyhow::Result<Vec<u8>> {
        super::envelope::seal(&[self.master_recipient()], secret)
    }

    pub fn unseal_secret(&self, sealed: &[u8]) -> anyhow::Result<Vec<u8>> {
        Ok(super::envelope::open(&self.master, sealed)?)
    }

    /// The link key of an identifier in its domain: `ps_` and 24 hex digits (96 bits) of the
    /// keyed hash of its normalised form; the same for every organisation that registers it.
    /// Never shown to anyone: partners see [`Keyring::chain_pseudonym`] of it.
    pub fn pseudonym(&self, domain: crate::domain::pseudonym::PseudonymDomain, value: &str) -> Option<String> {
        let normalised = crate::domain::pseudonym::normalise(domain, value)?;
        let hash = self.keyed_hash(&format!("pseudonym:{}", domain.as_str()), &normalised);
        Some(format!("ps_{}", &hash[..24]))
    }

    /// The pseudonym a chain sees for a link key: `pc_` and 24 hex digits, with the chain in
    /// the hash's domain, so the same counterparty matches within a chain and not across chains.
    pub fn chain_pseudonym(&self, chain: crate::domain::ids::ChainId, link: &str) -> String {
        let hash = self.keyed_hash(&format!("pseudonym:chain:{chain}"), link);
        format!("pc_{}", &hash[..24])
    }

    /// HMAC-SHA256 under the pseudonym secret, separated per purpose so that a value keyed
    /// for one use can never be matched against another.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.pseudonym_secret.expose_secret())
            .expect("HMAC takes a key of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        super::token::hex(&mac.finalize().into_bytes())
    }
}

fn decode_pseudonym_secret(value: &str) -> anyhow::Result<SecretBox<Vec<u8>>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value.trim())
        .or_else(|_| STANDARD.decode(value.trim()))
        .context("the pseudonym secret is not base64")?;
    if bytes.len() < 32 {
        bail!("the pseudonym secret must be at least 32 bytes");
    }
    Ok(SecretBox::new(Box::new(bytes)))
}

fn read_or_create(path: &Path, make: impl FnOnce() -> SecretString) -> anyhow::Result<SecretString> {
    if path.exists() {
        check_private(path)?;
        let value = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return Ok(SecretString::from(value.trim().to_string()));
    }
    let value = make();
    write_private(path, value.expose_secret())?;
    tracing::warn!(file = %path.display(), "created a new secret key file; back it up, data encrypted under it is lost without it");
    Ok(value)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{contents}")?;
    file.sync_all()?;
    Ok(())
}

#[cfg(unix)]
fn check_private(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        bail!("{} is readable by others (mode {:o}); run chmod 600 on it", path.display(), mode & 0o777);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_creates_private_keys_and_later_starts_reuse_them() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let first = Keyring::load_or_create(&SecretsConfig::default(), dir.path()).unwrap();
        for file in [MASTER_KEY_FILE, PSEUDONYM_FILE] {
            let mode = fs::metadata(dir.path().join(file)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
        let second = Keyring::load_or_create(&SecretsConfig::default(), dir.path()).unwrap();
        assert_eq!(first.master_recipient().to_string(), second.master_recipient().to_string());
        assert_eq!(first.keyed_hash("a", "x"), second.keyed_hash("a", "x"));
        assert_ne!(first.keyed_hash("a", "x"), first.keyed_hash("b", "x"));
    }

    #[test]
    fn a_key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Keyring::load_or_create(&SecretsConfig::default(), dir.path()).unwrap();
        let path = dir.path().join(MASTER_KEY_FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = Keyring::load_or_create(&SecretsConfig::default(), dir.path()).err().unwrap();
        assert!(err.to_string().contains("readable by others"));
    }
}
