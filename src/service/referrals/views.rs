//! Who sees which referral: the sender's and the receiver's lists, one referral as either
//! side sees it (a receiver only while the consent it rests on stands), and the routing
//! suggestion for a municipality.

use sqlx::AnyConnection;

use crate::domain::actor::Actor;
use crate::domain::consent::{ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, ReferralId};
use crate::domain::referral::{Referral, ReferralStatus, Urgency};
use crate::service::audit::trail::AuditObject;
use crate::service::work::Refusal;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::referrals::records::{self as referrals, Folder};
use crate::store::sql::{Page, PageRequest};
use crate::store::{accounts::organisations, casework::cases, casework::consents};

impl Services {
    pub async fn referrals(
        &self,
        actor: &Actor,
        which: Folder,
        status: Option<ReferralStatus>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Referral>> {
        self.case_worker(actor)?;
        Ok(referrals::list(&mut *self.store.read().await?, actor.organisation_id, which, status, page).await?)
    }

    /// The referrals made from one of the caller's own cases, newest first; another's case
    /// is not found.
    pub async fn referrals_of_case(&self, actor: &Actor, case: CaseId) -> ServiceResult<Vec<Referral>> {
        self.case_worker(actor)?;
        let mut conn = self.store.read().await?;
        if cases::find_owned(&mut conn, actor.organisation_id, case).await?.is_none() {
            drop(conn);
            return self.refuse(Refusal::CaseNotFound(actor, case)).await;
        }
        // Only the owner makes referrals from a case, so every one found is the caller's.
        let mut found = referrals::of_source_case(&mut conn, case).await?;
        found.reverse();
        Ok(found)
    }

    /// The referrals still waiting for the caller's organisation to decide, urgent first,
    /// then those that have waited longest; at most `limit`.
    pub async fn waiting_referrals(&self, actor: &Actor, limit: usize) -> ServiceResult<Vec<Referral>> {
        self.case_worker(actor)?;
        let now = self.clock.now();
        let mut conn = self.store.read().await?;
        let mut waiting = Vec::new();
        for urgency in [Urgency::Urgent, Urgency::Normal] {
            let more = limit - waiting.len();
            waiting.extend(referrals::longest_waiting(&mut conn, actor.organisation_id, urgency, now, more).await?);
        }
        Ok(waiting)
    }

    /// A referral the caller's organisation sent or received; anything else is not found.
    pub async fn referral(&self, actor: &Actor, id: ReferralId) -> ServiceResult<Referral> {
        if self.case_worker(actor).is_err() {
            return self.referral_not_found(actor, id).await;
        }
        match referrals::find_for(&mut *self.store.read().await?, actor.organisation_id, id).await? {
            Some(referral) => Ok(referral),
            None => self.referral_not_found(actor, id).await,
        }
    }

    /// A referral the caller's organisation sent. Looked up before any write transaction,
    /// because a refusal writes an audit event of its own (SQLite has one writer).
    pub(crate) async fn own_sent(&self, actor: &Actor, id: ReferralId) -> ServiceResult<Referral> {
        let found = referrals::find_for(&mut *self.store.read().await?, actor.organisation_id, id).await?;
        match found {
            Some(referral) if referral.sender_organisation_id == actor.organisation_id => Ok(referral),
            // The receiver may see it, but this step is the sender's.
            Some(_) => Err(ServiceError::Forbidden),
            None => self.referral_not_found(actor, id).await,
        }
    }

    /// A referral the caller's organisation received (looked up like `own_sent`), while the
    /// consent it rests on stands: every opening, download and acceptance asks again.
    pub(crate) async fn received(&self, actor: &Actor, id: ReferralId) -> ServiceResult<Referral> {
        let mut conn = self.store.read().await?;
        let found = referrals::find_for(&mut conn, actor.organisation_id, id).await?;
        let stands = match &found {
            Some(referral) => refer_consent_stands(&mut conn, referral).await?,
            None => false,
        };
        drop(conn);
        match found {
            Some(referral) if referral.receiver_organisation_id == actor.organisation_id && stands => Ok(referral),
            Some(referral) if referral.receiver_organisation_id == actor.organisation_id => {
                self.referral_not_found(actor, referral.id).await
            }
            Some(_) => Err(ServiceError::Forbidden),
            None => self.referral_not_found(actor, id).await,
        }
    }

    pub(crate) async fn referral_not_found<T>(&self, actor: &Actor, id: ReferralId) -> ServiceResult<T> {
        self.refuse(Refusal::Denied(actor, AuditObject { kind: "referral", id: &id.to_string() })).await
    }
}

impl Services {
    /// The organisations a case of the caller's may be referred to: every other one that
    /// keeps casework of its own, by name.
    pub async fn referral_receivers(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<crate::domain::organisation::Organisation>> {
        self.case_worker(actor)?;
        let everyone =
            organisations::list(&mut *self.store.read().await?, &PageRequest { first: 1000, after: None }).await?;
        let mut receivers: Vec<_> =
            everyone.items.into_iter().filter(|o| o.id != actor.organisation_id && o.kind.takes_referrals()).collect();
        receivers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(receivers)
    }

    /// The registered reporting centre that the routing rules name for residents of a
    /// municipality, if there is one.
    pub async fn suggested_receiver(
        &self,
        _actor: &Actor,
        municipality: &str,
    ) -> ServiceResult<Option<crate::domain::organisation::Organisation>> {
        let Some(name) = self.taxonomy.route(&municipality.trim().to_ascii_uppercase()) else { return Ok(None) };
        Ok(organisations::find_by_name(&mut *self.store.read().await?, name).await?)
    }
}

/// A referral made from a case rests on the reporter's consent to refer it to the receiver
/// (and to register it); one made from a new intake carries its consent in the dossier.
pub(crate) async fn refer_consent_stands(conn: &mut AnyConnection, referral: &Referral) -> ServiceResult<bool> {
    let Some(case) = referral.source_case_id else { return Ok(true) };
    let target = ConsentTarget::Organisation(referral.receiver_organisation_id);
    let refer = consents::find_active(conn, case, ConsentScope::Refer, target).await?;
    let register = consents::find_active(conn, case, ConsentScope::Register, ConsentTarget::None).await?;
    Ok(refer.is_some() && register.is_some())
}
