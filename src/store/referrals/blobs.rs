//! Sealed files on disk: `<data>/referrals/<referral>/<file>.age`, standard age files. Only
//! ciphertext is ever written here; a file is written under a temporary name and renamed
//! when complete, so a reader never sees half of one.

use std::path::{Path, PathBuf};

use tokio::io::AsyncWriteExt;

use crate::domain::ids::{ReferralFileId, ReferralId};

#[derive(Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    pub fn new(data_dir: &Path) -> Blobs {
        Blobs { root: data_dir.join("referrals") }
    }

    pub fn path(&self, referral: ReferralId, file: ReferralFileId) -> PathBuf {
        self.root.join(referral.to_string()).join(format!("{file}.age"))
    }

    /// A file being written; `finish` makes it visible under its name.
    pub async fn create(&self, referral: ReferralId, file: ReferralFileId) -> std::io::Result<PendingBlob> {
        let path = self.path(referral, file);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let partial = path.with_extension("age.part");
        let handle = tokio::fs::File::create(&partial).await?;
        Ok(PendingBlob { handle, partial, path })
    }

    pub async fn write_all(&self, referral: ReferralId, file: ReferralFileId, bytes: &[u8]) -> std::io::Result<()> {
        let mut pending = self.create(referral, file).await?;
        pending.handle.write_all(bytes).await?;
        pending.finish().await
    }

    pub async fn open(&self, referral: ReferralId, file: ReferralFileId) -> std::io::Result<tokio::fs::File> {
        tokio::fs::File::open(self.path(referral, file)).await
    }

    pub async fn remove(&self, referral: ReferralId, file: ReferralFileId) {
        let _ = tokio::fs::remove_file(self.path(referral, file)).await;
    }

    /// Removes every file of a referral (withdrawn, or declined and closed).
    pub async fn remove_referral(&self, referral: ReferralId) {
        let _ = tokio::fs::remove_dir_all(self.root.join(referral.to_string())).await;
    }
}

pub struct PendingBlob {
    pub handle: tokio::fs::File,
    partial: PathBuf,
    path: PathBuf,
}

impl PendingBlob {
    pub async fn finish(mut self) -> std::io::Result<()> {
        self.handle.flush().await?;
        self.handle.sync_all().await?;
        tokio::fs::rename(&self.partial, &self.path).await
    }

    pub async fn abandon(self) {
        drop(self.handle);
        let _ = tokio::fs::remove_file(&self.partial).await;
    }
}
