//! Organisations' key pairs: made with the organisation, sealed under the master key, shown
//! and rotated by the operator at the command line or by the organisation's admin.

use crate::crypto::envelope;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::{OrganisationId, OrganisationKeyId};
use crate::domain::reason::Reason;
use crate::service::accounts::access::{AdminScope, Operator};
use crate::service::audit::trail::AuditObject;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::organisation_keys::{self, OrganisationKey};

/// What an admin sees of their organisation's key.
pub struct KeyStatus {
    pub recipient: String,
    /// The organisation keeps the identity; the service cannot open what is sealed to it.
    pub offline: bool,
    pub since: chrono::DateTime<chrono::Utc>,
}

impl Services {
    /// Makes a key pair for an organisation, its identity sealed under the master key.
    pub(crate) async fn create_organisation_key(
        &self,
        work: &mut Work<'_>,
        organisation: OrganisationId,
    ) -> ServiceResult<OrganisationKey> {
        let identity = age::x25519::Identity::generate();
        let key = OrganisationKey {
            id: OrganisationKeyId::random(),
            organisation_id: organisation,
            recipient: identity.to_public().to_string(),
            sealed_identity: Some(self.keyring.seal_identity(&identity)?),
            created_at: self.clock.now(),
            retired_at: None,
        };
        organisation_keys::insert(work, &key).await?;
        Ok(key)
    }

    /// Gives every organisation without a key one; run at start, so organisations from before
    /// keys existed get theirs.
    pub async fn ensure_organisation_keys(&self) -> ServiceResult<()> {
        let mut work = self.begin_work().await?;
        let missing = organisation_keys::organisations_without_key(&mut work).await?;
        for organisation in &missing {
            self.create_organisation_key(&mut work, *organisation).await?;
        }
        work.commit().await?;
        if !missing.is_empty() {
            tracing::info!(organisations = missing.len(), "created organisation keys");
        }
        Ok(())
    }

    /// The key that new data of the organisation is sealed to.
    pub(crate) async fn current_key(
        &self,
        work: &mut Work<'_>,
        organisation: OrganisationId,
    ) -> ServiceResult<OrganisationKey> {
        match organisation_keys::current(work, organisation).await? {
            Some(key) => Ok(key),
            None => self.create_organisation_key(work, organisation).await,
        }
    }

    /// The identity that opens data sealed to `key`, if the service holds it.
    pub(crate) fn identity_of(&self, key: &OrganisationKey) -> ServiceResult<age::x25519::Identity> {
        let sealed = key
            .sealed_identity
            .as_deref()
            .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("the organisation keeps this identity offline")))?;
        Ok(self.keyring.unseal_identity(sealed)?)
    }

    pub async fn organisation_recipient(
        &self,
        _operator: &Operator,
        organisation: OrganisationId,
    ) -> ServiceResult<String> {
        let mut work = self.begin_work().await?;
        let key = self.current_key(&mut work, organisation).await?;
        work.commit().await?;
        Ok(key.recipient)
    }

    /// The organisation's current identity as text, for opening its data offline.
    pub async fn export_organisation_identity(
        &self,
        _operator: &Operator,
        organisation: OrganisationId,
    ) -> ServiceResult<String> {
        let mut work = self.begin_work().await?;
        let key = self.current_key(&mut work, organisation).await?;
        let identity = self.identity_of(&key)?;
        let object = AuditObject { kind: "organisation_key", id: &key.id.to_string() };
        work.audit(None, Some(organisation), AuditAction::Export, Some(object), AuditResult::Ok).await?;
        work.commit().await?;
        Ok(age::secrecy::ExposeSecret::expose_secret(&identity.to_string()).to_string())
    }

    /// Makes `recipient` the organisation's current key with no identity in the service: the
    /// organisation keeps its identity offline, and opens what is sealed to it with
    /// `ketenaanpak referral open` or `age -d`. The old key is retired, not deleted.
    pub async fn set_offline_recipient(
        &self,
        _operator: &Operator,
        organisation: OrganisationId,
        recipient: &str,
    ) -> ServiceResult<()> {
        self.keep_key_offline(organisation, None, recipient).await
    }

    /// The admin's door to `set_offline_recipient`, for their own organisation.
    pub async fn keep_own_key_offline(&self, scope: &AdminScope, recipient: &str) -> ServiceResult<()> {
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        if envelope::is_secret_key(recipient) {
            return Err(ServiceError::bad_input("recipient", Reason::new("secret-key-given")));
        }
        self.keep_key_offline(scope.organisation_id(), Some(scope), recipient).await
    }

    /// The admin's door to `rotate_organisation_key`, for their own organisation.
    pub async fn rotate_own_key(&self, scope: &AdminScope) -> ServiceResult<String> {
        // A leaked token must not be able to swap the key partners seal to.
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        self.rotate_key(scope.organisation_id(), Some(scope)).await
    }

    /// The admin's own organisation's current key (made now if it has none yet): its
    /// recipient and whether the service holds its identity, never the identity itself.
    pub async fn own_key(&self, scope: &AdminScope) -> ServiceResult<KeyStatus> {
        let mut work = self.begin_work().await?;
        let key = self.current_key(&mut work, scope.organisation_id()).await?;
        work.commit().await?;
        Ok(KeyStatus { offline: key.sealed_identity.is_none(), recipient: key.recipient, since: key.created_at })
    }

    async fn keep_key_offline(
        &self,
        organisation: OrganisationId,
        by: Option<&AdminScope>,
        recipient: &str,
    ) -> ServiceResult<()> {
        let parsed: age::x25519::Recipient = recipient
            .trim()
            .parse()
            .map_err(|_| ServiceError::bad_input("recipient", Reason::new("not-an-age-recipient")))?;
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        if let Some(old) = organisation_keys::current(&mut work, organisation).await? {
            organisation_keys::retire(&mut work, old.id, now).await?;
        }
        let key = OrganisationKey {
            id: OrganisationKeyId::random(),
            organisation_id: organisation,
            recipient: parsed.to_string(),
            sealed_identity: None,
            created_at: now,
            retired_at: None,
        };
        organisation_keys::insert(&mut work, &key).await?;
        audit_key_change(&mut work, organisation, by).await?;
        work.commit().await?;
        Ok(())
    }

    /// Whether the organisation's current identity is held offline.
    pub(crate) async fn key_is_offline(
        &self,
        work: &mut Work<'_>,
        organisation: OrganisationId,
    ) -> ServiceResult<bool> {
        Ok(organisation_keys::current(work, organisation).await?.is_some_and(|k| k.sealed_identity.is_none()))
    }

    /// Rotates an organisation's key: a new pair becomes current, every identity block and
    /// internal note the organisation owns is re-sealed to it, and the old key is retired (but
    /// kept, so that data sealed to it elsewhere stays openable). Returns the new recipient.
    pub async fn rotate_organisation_key(
        &self,
        _operator: &Operator,
        organisation: OrganisationId,
    ) -> ServiceResult<String> {
        self.rotate_key(organisation, None).await
    }

    async fn rotate_key(&self, organisation: OrganisationId, by: Option<&AdminScope>) -> ServiceResult<String> {
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        let old = self.current_key(&mut work, organisation).await?;
        if old.sealed_identity.is_none() {
            return Err(ServiceError::KeyOffline);
        }
        let old_identity = self.identity_of(&old)?;
        organisation_keys::retire(&mut work, old.id, now).await?;
        let new = self.create_organisation_key(&mut work, organisation).await?;
        let recipient: age::x25519::Recipient =
            new.recipient.parse().map_err(|_| anyhow::anyhow!("a stored recipient does not parse"))?;
        let sealed = crate::store::casework::sealed::sealed_of_owner(&mut work, organisation).await?;
        for row in &sealed {
            let plaintext = envelope::open(&old_identity, row.ciphertext()).map_err(anyhow::Error::from)?;
            let resealed = envelope::seal(std::slice::from_ref(&recipient), &plaintext)?;
            crate::store::casework::sealed::replace_sealed(&mut work, row, resealed, new.id).await?;
        }
        let resealed = sealed.len();
        audit_key_change(&mut work, organisation, by).await?;
        work.commit().await?;
        tracing::info!(organisation = %organisation, resealed, "organisation key rotated");
        Ok(new.recipient)
    }
}

/// A key change in the organisation's trail: by its admin, or by the operator (no person).
async fn audit_key_change(
    work: &mut Work<'_>,
    organisation: OrganisationId,
    by: Option<&AdminScope>,
) -> ServiceResult<()> {
    let id = organisation.to_string();
    let object = AuditObject { kind: "organisation", id: &id };
    match by {
        Some(scope) => work.audit_admin(scope, AuditAction::KeyRotated, object).await,
        None => work.audit(None, Some(organisation), AuditAction::KeyRotated, Some(object), AuditResult::Ok).await,
    }
}
