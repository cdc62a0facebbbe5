//! The receiver opens a referral (every opening is audited) and accepts it as a case of its own.

use crate::crypto::envelope;
use crate::domain::actor::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::case::Case;
use crate::domain::consent::{Consent, ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, ConsentId, ReferralFileId, ReferralId};
use crate::domain::reason::Reason;
use crate::domain::referral::{
    AttachmentMeta, Dossier, DossierConsent, Referral, ReferralStatus, Transition, DOSSIER_FORMAT,
};
use crate::service::audit::trail::AuditObject;
use crate::service::casework::cases::NewCase;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::referrals::records::{self as referrals, FileKind, StatusChange};
use crate::store::{casework::cases, casework::consents};

pub struct AttachmentInfo {
    pub id: ReferralFileId,
    pub meta: AttachmentMeta,
    pub size_bytes: i64,
}

pub struct OpenedReferral {
    pub referral: Referral,
    /// `None` when the dossier is not in the service's format (sealed by the sender itself):
    /// download it as an age file.
    pub dossier: Option<Dossier>,
    pub dossier_file: Option<ReferralFileId>,
    pub attachments: Vec<AttachmentInfo>,
}

impl Services {
    /// Decrypts the dossier for a case worker of the receiving organisation. The first opening
    /// moves the referral to `opened`; every opening is an audit event. A damaged or cut-short
    /// file is refused whole, and the refusal is audited too.
    pub async fn open_referral(&self, actor: &Actor, id: ReferralId) -> ServiceResult<OpenedReferral> {
        self.case_worker(actor)?;
        let referral = self.received(actor, id).await?;
        let mut work = self.begin_work().await?;
        if !Transition::Open.allowed(referral.status) {
            return Err(ServiceError::Conflict(Transition::Open.refusal(referral.status)));
        }
        let identities = self.identities_of(&mut work, actor.organisation_id).await?;
        let offline = self.key_is_offline(&mut work, actor.organisation_id).await?;
        let opened = match self.read_referral(&referral, &identities, offline, &mut work).await {
            Ok(opened) => opened,
            Err(error) => {
                let object = AuditObject { kind: "referral", id: &id.to_string() };
                return Err(work.refuse(Refusal::Failed(actor, AuditAction::ReferralOpened, object, error)).await?);
            }
        };
        if referral.status == ReferralStatus::Sent {
            let change = StatusChange { opened: Some((self.clock.now(), actor.user_id())), ..Default::default() };
            self.transition(&mut work, &referral, Transition::Open, ReferralStatus::Opened, change).await?;
        }
        self.audit_referral(&mut work, actor, AuditAction::ReferralOpened, id).await?;
        work.commit().await?;
        let referral = self.referral(actor, id).await?;
        Ok(OpenedReferral { referral, ..opened })
    }

    /// Accepts an opened referral: a case of the receiver with the registration, the identity
    /// block sealed to the receiver, the consent history and a link to the sender's case. The
    /// sender is told it was accepted, never what the case holds.
    pub async fn accept_referral(&self, actor: &Actor, id: ReferralId) -> ServiceResult<(Referral, Case)> {
        self.case_worker(actor)?;
        let referral = self.received(actor, id).await?;
        let mut work = self.begin_work().await?;
        if !Transition::Accept.allowed(referral.status) {
            return Err(ServiceError::Conflict(Transition::Accept.refusal(referral.status)));
        }
        let identities = self.identities_of(&mut work, actor.organisation_id).await?;
        let offline = self.key_is_offline(&mut work, actor.organisation_id).await?;
        let Some(mut dossier) = self.read_referral(&referral, &identities, offline, &mut work).await?.dossier else {
            return Err(ServiceError::bad_input("id", Reason::new("dossier-foreign-format")));
        };
        let consents = std::mem::take(&mut dossier.consents);
        let new = case_from_dossier(dossier, &consents, crate::domain::calendar::local_date(self.clock.now()));
        let case = self.insert_case(&mut work, actor, new).await?;
        // The sender chose the name, but the receiver's case now links to it: it counts.
        if case.counterparty_link.is_some() && !self.count_counterparty(&mut work, actor, case.id).await? {
            return Err(work.refuse(Refusal::CounterpartyLimit(actor, None)).await?);
        }
        self.carry_over_consents(&mut work, actor, case.id, &consents).await?;
        if let Some(link) = &referral.case_link {
            cases::set_referral_link(&mut work, case.id, link).await?;
        }
        let change = StatusChange {
            decided: Some((self.clock.now(), actor.user_id())),
            accepted_case_id: Some(case.id),
            ..Default::default()
        };
        self.transition(&mut work, &referral, Transition::Accept, ReferralStatus::Accepted, change).await?;
        self.tell_sender(&mut work, &referral, "referral-outcome-accepted").await?;
        self.audit_referral(&mut work, actor, AuditAction::ReferralAccepted, id).await?;
        work.commit().await?;
        Ok((self.referral(actor, id).await?, case))
    }

    /// The sender's consent history on the receiver's new case, but for sharing and
    /// referring, which named the sender's chains and the receiver itself.
    async fn carry_over_consents(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        case: CaseId,
        consents: &[DossierConsent],
    ) -> ServiceResult<()> {
        let carried =
            consents.iter().filter(|c| !matches!(c.scope, ConsentScope::SharePseudonymised | ConsentScope::Refer));
        for past in carried {
            let consent = Consent {
                id: ConsentId::random(),
                scope: past.scope,
                target: ConsentTarget::None,
                method: past.method,
                given_on: past.given_on,
                recorded_at: self.clock.now(),
                withdrawn_at: past.withdrawn.then(|| self.clock.now()),
            };
            consents::insert(work, case, &consent, actor.user_id()).await?;
        }
        Ok(())
    }

    /// Opens the dossier and the attachments' names, all or nothing. For an organisation that
    /// keeps its identity offline, what does not open is listed for download instead.
    async fn read_referral(
        &self,
        referral: &Referral,
        identities: &[age::x25519::Identity],
        offline: bool,
        work: &mut Work<'_>,
    ) -> ServiceResult<OpenedReferral> {
        let files = referrals::files(work, referral.id).await?;
        let mut dossier = None;
        let mut dossier_file = None;
        let mut attachments = Vec::new();
        for file in files {
            match file.kind {
                FileKind::Dossier => {
                    let sealed = tokio::fs::read(self.referrals.blobs.path(referral.id, file.id))
                        .await
                        .map_err(|_| ServiceError::Damaged)?;
                    dossier = match open_with_any(identities, &sealed) {
                        Ok(plaintext) => {
                            serde_json::from_slice::<Dossier>(&plaintext).ok().filter(|d| d.format == DOSSIER_FORMAT)
                        }
                        Err(_) if offline => None,
                        Err(error) => return Err(error),
                    };
                    dossier_file = Some(file.id);
                }
                FileKind::Attachment => {
                    let sealed = file.sealed_meta.as_deref().ok_or(ServiceError::Damaged)?;
                    let meta = match open_with_any(identities, sealed) {
                        Ok(plaintext) => serde_json::from_slice(&plaintext).map_err(|_| ServiceError::Damaged)?,
                        Err(_) if offline => AttachmentMeta {
                            name: "versleuteld / encrypted".into(),
                            content_type: "application/octet-stream".into(),
                        },
                        Err(error) => return Err(error),
                    };
                    attachments.push(AttachmentInfo { id: file.id, meta, size_bytes: file.size_bytes });
                }
            }
        }
        Ok(OpenedReferral { referral: referral.clone(), dossier, dossier_file, attachments })
    }
}

/// Opens with whichever of the organisation's identities the file was sealed to.
pub(crate) fn open_with_any(identities: &[age::x25519::Identity], sealed: &[u8]) -> ServiceResult<Vec<u8>> {
    if identities.is_empty() {
        return Err(ServiceError::KeyOffline);
    }
    identities.iter().find_map(|identity| envelope::open(identity, sealed).ok()).ok_or(ServiceError::Damaged)
}

/// The receiver's case as the dossier describes it, registered under the consent to refer
/// (or the first one given); the police's own registration number stays with the police.
fn case_from_dossier(dossier: Dossier, consents: &[DossierConsent], today: chrono::NaiveDate) -> NewCase {
    let register = consents.iter().find(|c| c.scope == ConsentScope::Refer && !c.withdrawn).or(consents.first());
    let (consent_method, consent_given_on) = match register {
        Some(consent) => (consent.method, consent.given_on),
        None => (ConsentMethod::Written, today),
    };
    let mut registration = dossier.registration;
    registration.police_registration_number = None;
    NewCase {
        registration,
        shared_summary: dossier.shared_summary,
        identity: dossier.identity,
        consent_method,
        consent_given_on,
    }
}
