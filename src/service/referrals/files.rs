//! A referral's files: attachments sealed as they stream in, a dossier the sender sealed
//! itself, and reading them back: decrypted for the receiver, or as the age file it is.

use std::pin::Pin;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use crate::crypto::{envelope, stream};
use crate::domain::actor::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{ReferralFileId, ReferralId};
use crate::domain::reason::Reason;
use crate::domain::referral::{AttachmentMeta, Referral, ReferralStatus, Transition};
use crate::domain::text;
use crate::service::referrals::receive::{open_with_any, AttachmentInfo};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::referrals::records::{self as referrals, FileKind, ReferralFile, StatusChange};

pub type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

const AGE_HEADER: &[u8] = b"age-encryption.org/v1\n";

impl Services {
    /// Seals an attachment to the receiver as it arrives, in bounded memory, refusing it past
    /// the size limit. Only the sender, only while the referral is a draft.
    pub async fn add_attachment<S, E>(
        &self,
        actor: &Actor,
        id: ReferralId,
        meta: AttachmentMeta,
        body: S,
    ) -> ServiceResult<AttachmentInfo>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let meta = AttachmentMeta {
            name: text::single_line(&meta.name, 200).map_err(|e| ServiceError::bad_input("name", e))?,
            content_type: text::single_line(&meta.content_type, 100)
                .map_err(|e| ServiceError::bad_input("contentType", e))?,
        };
        let (referral, recipients) = self.draft_for_upload(actor, id).await?;
        let file_id = ReferralFileId::random();
        let pending = self.referrals.blobs.create(id, file_id).await.map_err(anyhow::Error::from)?;
        let (sender, chunks) = mpsc::channel(stream::CHANNEL_DEPTH);
        let file = pending.handle.try_clone().await.map_err(anyhow::Error::from)?.into_std().await;
        let sealing = {
            let recipients = recipients.clone();
            tokio::task::spawn_blocking(move || stream::seal_chunks(&recipients, file, chunks))
        };
        let received = self.forward(body, sender, self.referrals.config.max_attachment_bytes).await;
        let sealed = sealing.await.map_err(anyhow::Error::from)?;
        let size = match (received, sealed) {
            (Ok(_), Ok(size)) => size,
            (Err(error), _) => {
                pending.abandon().await;
                return Err(error);
            }
            (_, Err(error)) => {
                pending.abandon().await;
                return Err(error.into());
            }
        };
        pending.finish().await.map_err(anyhow::Error::from)?;
        let sealed_meta = envelope::seal(&recipients, &serde_json::to_vec(&meta).map_err(anyhow::Error::from)?)?;
        let file = ReferralFile {
            id: file_id,
            kind: FileKind::Attachment,
            sealed_meta: Some(sealed_meta),
            size_bytes: size as i64,
        };
        let mut work = self.begin_work().await?;
        if !referrals::hold_draft(&mut work, referral.id).await? {
            work.roll_back().await?;
            self.referrals.blobs.remove(id, file_id).await;
            return Err(no_longer_a_draft());
        }
        referrals::insert_file(&mut work, referral.id, &file, self.clock.now()).await?;
        work.commit().await?;
        Ok(AttachmentInfo { id: file_id, meta, size_bytes: size as i64 })
    }

    /// Stores a dossier the sender sealed itself (an age file for the receiver's recipient);
    /// the service stores it as it arrives and never sees inside it.
    pub async fn upload_sealed_dossier<S, E>(&self, actor: &Actor, id: ReferralId, mut body: S) -> ServiceResult<()>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        self.draft_for_upload(actor, id).await?;
        let file_id = ReferralFileId::random();
        let mut pending = self.referrals.blobs.create(id, file_id).await.map_err(anyhow::Error::from)?;
        let mut size = 0u64;
        let mut head = Vec::new();
        let limit = self.referrals.config.max_attachment_bytes;
        let outcome: ServiceResult<()> = async {
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|_| ServiceError::bad_input("body", Reason::new("upload-broken-off")))?;
                size += chunk.len() as u64;
                if size > limit {
                    return Err(ServiceError::TooLarge(limit));
                }
                if head.len() < AGE_HEADER.len() {
                    head.extend_from_slice(&chunk[..chunk.len().min(AGE_HEADER.len() - head.len())]);
                }
                tokio::io::AsyncWriteExt::write_all(&mut pending.handle, &chunk).await.map_err(anyhow::Error::from)?;
            }
            if head != AGE_HEADER {
                return Err(ServiceError::bad_input("body", Reason::new("not-an-age-file")));
            }
            Ok(())
        }
        .await;
        if let Err(error) = outcome {
            pending.abandon().await;
            return Err(error);
        }
        pending.finish().await.map_err(anyhow::Error::from)?;
        let mut work = self.begin_work().await?;
        if !referrals::hold_draft(&mut work, id).await? {
            work.roll_back().await?;
            self.referrals.blobs.remove(id, file_id).await;
            return Err(no_longer_a_draft());
        }
        for old in referrals::delete_dossier(&mut work, id).await? {
            self.referrals.blobs.remove(id, old).await;
        }
        let file = ReferralFile { id: file_id, kind: FileKind::Dossier, sealed_meta: None, size_bytes: size as i64 };
        referrals::insert_file(&mut work, id, &file, self.clock.now()).await?;
        work.commit().await?;
        Ok(())
    }

    /// An attachment, decrypted for a case worker of the receiver once the referral is opened.
    /// The whole file is checked before the first byte goes out, so a damaged file yields no
    /// plaintext at all; then it is decrypted again as it streams. The check reads up to the
    /// attachment limit, so it runs before the write transaction (which only audits): SQLite's
    /// one writer is never held while a file is decrypted.
    pub async fn attachment(
        &self,
        actor: &Actor,
        id: ReferralId,
        file: ReferralFileId,
    ) -> ServiceResult<(AttachmentMeta, u64, ByteStream)> {
        self.case_worker(actor)?;
        let referral = self.received(actor, id).await?;
        if !matches!(referral.status, ReferralStatus::Opened | ReferralStatus::Accepted) {
            return Err(ServiceError::conflict("referral-open-first"));
        }
        let mut conn = self.store.read().await?;
        let found =
            referrals::files(&mut conn, id).await?.into_iter().find(|f| f.id == file && f.kind == FileKind::Attachment);
        let found = found.ok_or(ServiceError::NotFound)?;
        let identities = self.identities_of(&mut conn, actor.organisation_id).await?;
        drop(conn);
        let meta: AttachmentMeta = serde_json::from_slice(&open_with_any(
            &identities,
            found.sealed_meta.as_deref().ok_or(ServiceError::Damaged)?,
        )?)
        .map_err(|_| ServiceError::Damaged)?;
        let path = self.referrals.blobs.path(id, file);
        let checked = {
            let (path, identities) = (path.clone(), identities.clone());
            tokio::task::spawn_blocking(move || stream::verify(&path, &identities))
                .await
                .map_err(anyhow::Error::from)?
        };
        if !checked {
            return Err(ServiceError::Damaged);
        }
        let mut work = self.begin_work().await?;
        self.audit_referral(&mut work, actor, AuditAction::ReferralFileRead, id).await?;
        work.commit().await?;
        let (sender, receiver) = mpsc::channel(stream::CHANNEL_DEPTH);
        tokio::task::spawn_blocking(move || stream::open_chunks(&path, &identities, sender));
        let body =
            futures_util::stream::unfold(receiver, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
        Ok((meta, found.size_bytes as u64, Box::pin(body)))
    }

    /// A file of a received referral as the age file it is, for organisations that keep their
    /// identity offline (or anyone who prefers `age -d`). Fetching it opens the referral: the
    /// receiver holds the dossier, so the sender can no longer take it back unseen.
    pub async fn sealed_file(
        &self,
        actor: &Actor,
        id: ReferralId,
        file: ReferralFileId,
    ) -> ServiceResult<(u64, tokio::fs::File)> {
        self.case_worker(actor)?;
        let referral = self.received(actor, id).await?;
        let mut work = self.begin_work().await?;
        if matches!(referral.status, ReferralStatus::Withdrawn | ReferralStatus::Draft) {
            return Err(ServiceError::NotFound);
        }
        if !referrals::files(&mut work, id).await?.iter().any(|f| f.id == file) {
            return Err(ServiceError::NotFound);
        }
        if referral.status == ReferralStatus::Sent {
            let change = StatusChange { opened: Some((self.clock.now(), actor.user_id())), ..Default::default() };
            self.transition(&mut work, &referral, Transition::Open, ReferralStatus::Opened, change).await?;
            self.audit_referral(&mut work, actor, AuditAction::ReferralOpened, id).await?;
        }
        self.audit_referral(&mut work, actor, AuditAction::ReferralFileRead, id).await?;
        work.commit().await?;
        let handle = self.referrals.blobs.open(id, file).await.map_err(|_| ServiceError::NotFound)?;
        let size = handle.metadata().await.map_err(anyhow::Error::from)?.len();
        Ok((size, handle))
    }

    async fn draft_for_upload(
        &self,
        actor: &Actor,
        id: ReferralId,
    ) -> ServiceResult<(Referral, Vec<age::x25519::Recipient>)> {
        self.case_worker(actor)?;
        let referral = self.own_sent(actor, id).await?;
        let mut work = self.begin_work().await?;
        if !Transition::AddAttachment.allowed(referral.status) {
            return Err(ServiceError::Conflict(Transition::AddAttachment.refusal(referral.status)));
        }
        let recipients = self.receiver_recipients(&mut work, referral.receiver_organisation_id).await?;
        work.commit().await?;
        Ok((referral, recipients))
    }

    /// Moves the request body into the sealing thread, counting bytes against `limit`.
    async fn forward<S, E>(&self, mut body: S, to: mpsc::Sender<Bytes>, limit: u64) -> ServiceResult<u64>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut size = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|_| ServiceError::bad_input("body", Reason::new("upload-broken-off")))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(ServiceError::TooLarge(limit));
            }
            if to.send(chunk).await.is_err() {
                return Err(ServiceError::Internal(anyhow::anyhow!("the sealing thread stopped")));
            }
        }
        Ok(size)
    }
}

fn no_longer_a_draft() -> ServiceError {
    ServiceError::conflict("referral-sent-meanwhile")
}
