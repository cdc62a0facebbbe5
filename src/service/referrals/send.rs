//! Referrals: creating a handover (from a case, or as a new intake), sending, declining and
//! withdrawing it, and telling the other side. Who sees which referral is in `views.rs`;
//! opening and accepting in `receive.rs`; files in `files.rs`.

use serde_json::json;
use sqlx::AnyConnection;

use crate::crypto::envelope;
use crate::domain::actor::Actor;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::consent::{ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, OrganisationId, ReferralFileId, ReferralId};
use crate::domain::reason::Reason;
use crate::domain::referral::{Dossier, DossierConsent, Referral, ReferralStatus, Transition, Urgency, DOSSIER_FORMAT};
use crate::domain::role::Role;
use crate::domain::shareable_text::Shape;
use crate::service::audit::trail::AuditObject;
use crate::service::casework::access::CaseWorker;
use crate::service::casework::cases::NewCase;
use crate::service::casework::shared_text;
use crate::service::mail::MailRecipient;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::referrals::records::{self as referrals, FileKind, ReferralFile, StatusChange};
use crate::store::{accounts::organisation_keys, accounts::organisations, casework::cases, casework::consents};

pub enum ReferralSource {
    /// An own case, under an active consent to refer it to the receiver.
    Case(CaseId),
    /// A new intake that has no case at the sender (COC has no case system of its own);
    /// the consent fields are the reporter's consent to refer.
    Intake(Box<NewCase>),
}

pub struct NewReferral {
    pub receiver: OrganisationId,
    pub urgency: Urgency,
    pub summary: Option<String>,
    pub source: ReferralSource,
    /// The sender seals the dossier itself and uploads it; the service never sees it.
    pub client_encrypted: bool,
}

/// A referral's summary: written for the receiver, optional, at most 4000 characters.
const SUMMARY_SHAPE: Shape = Shape::paragraphs(4000).optional();

impl Services {
    pub async fn create_referral(&self, actor: &Actor, new: NewReferral) -> ServiceResult<Referral> {
        let worker = self.case_worker(actor)?;
        if new.receiver == actor.organisation_id {
            return Err(ServiceError::bad_input("receiverId", Reason::new("referral-to-other-organisation")));
        }
        if let ReferralSource::Case(case) = &new.source {
            // Before the write transaction: a refusal writes its own audit event.
            let owned = cases::find_owned(&mut *self.store.read().await?, actor.organisation_id, *case).await?;
            if owned.is_none() {
                return self.refuse(Refusal::CaseNotFound(actor, *case)).await;
            }
        }
        let mut work = self.begin_work().await?;
        match organisations::find(&mut work, new.receiver).await? {
            None => return Err(ServiceError::bad_input("receiverId", Reason::new("organisation-unknown"))),
            Some(receiver) if !receiver.kind.takes_referrals() => {
                return Err(ServiceError::bad_input("receiverId", Reason::new("receiver-keeps-no-cases")));
            }
            Some(_) => {}
        }
        let (dossier, source_case) = match new.source {
            ReferralSource::Case(case) => {
                (self.dossier_of_case(&mut work, &worker, case, new.receiver).await?, Some(case))
            }
            ReferralSource::Intake(intake) => (self.dossier_of_intake(*intake)?, None),
        };
        let summary = checked_summary(new.summary, &dossier)?;
        let referral = Referral {
            id: ReferralId::random(),
            sender_organisation_id: actor.organisation_id,
            sender_user_id: actor.user_id(),
            receiver_organisation_id: new.receiver,
            source_case_id: source_case,
            case_link: source_case.map(|case| self.keyring.keyed_hash("case-link", &case.to_string())),
            urgency: new.urgency,
            summary,
            status: ReferralStatus::Draft,
            decline_reason: None,
            accepted_case_id: None,
            created_at: self.clock.now(),
            sent_at: None,
            opened_at: None,
            decided_at: None,
        };
        referrals::insert(&mut work, &referral).await?;
        if !new.client_encrypted {
            self.store_sealed_dossier(&mut work, &referral, &dossier).await?;
        }
        self.audit_referral(&mut work, actor, AuditAction::ReferralCreated, referral.id).await?;
        work.commit().await?;
        Ok(referral)
    }

    /// Seals the dossier to the receiver's recipients and keeps it as the referral's file.
    async fn store_sealed_dossier(
        &self,
        work: &mut Work<'_>,
        referral: &Referral,
        dossier: &Dossier,
    ) -> ServiceResult<()> {
        let plaintext = serde_json::to_vec(dossier).map_err(anyhow::Error::from)?;
        let recipients = self.receiver_recipients(work, referral.receiver_organisation_id).await?;
        let sealed = envelope::seal(&recipients, &plaintext)?;
        let file = ReferralFile {
            id: ReferralFileId::random(),
            kind: FileKind::Dossier,
            sealed_meta: None,
            size_bytes: sealed.len() as i64,
        };
        self.referrals.blobs.write_all(referral.id, file.id, &sealed).await.map_err(anyhow::Error::from)?;
        referrals::insert_file(work, referral.id, &file, self.clock.now()).await?;
        Ok(())
    }

    /// Sends a draft: the receiver's case workers get "a referral is waiting" by mail.
    pub async fn submit_referral(&self, actor: &Actor, id: ReferralId) -> ServiceResult<Referral> {
        self.case_worker(actor)?;
        let referral = self.own_sent(actor, id).await?;
        let mut work = self.begin_work().await?;
        let files = referrals::files(&mut work, id).await?;
        if !files.iter().any(|f| f.kind == FileKind::Dossier) {
            return Err(ServiceError::bad_input("id", Reason::new("dossier-missing")));
        }
        let now = self.clock.now();
        self.transition(
            &mut work,
            &referral,
            Transition::Submit,
            ReferralStatus::Sent,
            StatusChange { sent_at: Some(now), ..Default::default() },
        )
        .await?;
        let sender = organisations::find(&mut work, actor.organisation_id).await?.ok_or(ServiceError::NotFound)?;
        let receiver =
            organisations::find(&mut work, referral.receiver_organisation_id).await?.ok_or(ServiceError::NotFound)?;
        let params = json!({
            "sender": sender.name,
            "receiver": receiver.name,
            "link": self.link(&format!("/referrals/{id}")),
            "urgency": if referral.urgency == Urgency::Urgent { "urgency-urgent" } else { "urgency-normal" },
        });
        for recipient in work.recipients(receiver.id, &Role::CASE_WORK).await? {
            work.mail(&recipient, "referral_received", &params, None).await?;
        }
        self.audit_referral(&mut work, actor, AuditAction::ReferralSent, id).await?;
        work.announce_referral(receiver.id, id);
        work.commit().await?;
        let mut sent = referral;
        (sent.status, sent.sent_at) = (ReferralStatus::Sent, Some(now));
        Ok(sent)
    }

    /// The receiver declines, with a reason the sender sees (checked like shared text).
    pub async fn decline_referral(&self, actor: &Actor, id: ReferralId, reason: &str) -> ServiceResult<Referral> {
        let reason = &shared_text::shareable("reason", reason, Shape::paragraphs(2000), &Default::default())?;
        self.case_worker(actor)?;
        let referral = self.received(actor, id).await?;
        let mut work = self.begin_work().await?;
        let change = StatusChange {
            decided: Some((self.clock.now(), actor.user_id())),
            decline_reason: Some(reason.to_string()),
            ..Default::default()
        };
        self.transition(&mut work, &referral, Transition::Decline, ReferralStatus::Declined, change).await?;
        self.tell_sender(&mut work, &referral, "referral-outcome-declined").await?;
        self.audit_referral(&mut work, actor, AuditAction::ReferralDeclined, id).await?;
        work.commit().await?;
        self.referral(actor, id).await
    }

    /// The sender takes a referral back until it is opened; its files are deleted.
    pub async fn withdraw_referral(&self, actor: &Actor, id: ReferralId) -> ServiceResult<Referral> {
        self.case_worker(actor)?;
        let referral = self.own_sent(actor, id).await?;
        let mut work = self.begin_work().await?;
        let change = StatusChange { withdrawn_at: Some(self.clock.now()), ..Default::default() };
        self.transition(&mut work, &referral, Transition::Withdraw, ReferralStatus::Withdrawn, change).await?;
        self.audit_referral(&mut work, actor, AuditAction::ReferralWithdrawn, id).await?;
        work.commit().await?;
        self.referrals.blobs.remove_referral(id).await;
        self.referral(actor, id).await
    }

    /// Applies a transition if the referral is (still) in a state that allows it.
    pub(crate) async fn transition(
        &self,
        work: &mut Work<'_>,
        referral: &Referral,
        transition: Transition,
        to: ReferralStatus,
        change: StatusChange,
    ) -> ServiceResult<()> {
        let moved = transition.allowed(referral.status)
            && referrals::set_status(work, referral.id, transition.allowed_from(), to, &change).await?;
        if moved {
            Ok(())
        } else {
            Err(ServiceError::Conflict(transition.refusal(referral.status)))
        }
    }

    /// Mails the outcome to the user who sent the referral, or, if they are gone, to the
    /// sending organisation's case workers. It says what happened, never the receiver's case.
    pub(crate) async fn tell_sender(
        &self,
        work: &mut Work<'_>,
        referral: &Referral,
        outcome: &'static str,
    ) -> ServiceResult<()> {
        let receiver =
            organisations::find(work, referral.receiver_organisation_id).await?.ok_or(ServiceError::NotFound)?;
        let params = json!({
            "receiver": receiver.name,
            "outcome": outcome,
            "link": self.link(&format!("/referrals/{}", referral.id)),
        });
        for recipient in self.sender_recipients(work, referral).await? {
            work.mail(&recipient, "referral_outcome", &params, None).await?;
        }
        Ok(())
    }

    pub(crate) async fn sender_recipients(
        &self,
        work: &mut Work<'_>,
        referral: &Referral,
    ) -> ServiceResult<Vec<MailRecipient>> {
        let everyone = work.recipients(referral.sender_organisation_id, &Role::CASE_WORK).await?;
        let Some(sender) = referral.sender_user_id else { return Ok(everyone) };
        let Some(user) =
            crate::store::accounts::users::find_in_organisation(work, referral.sender_organisation_id, sender).await?
        else {
            return Ok(everyone);
        };
        match everyone.iter().any(|r| r.email == user.email.as_str()) {
            true => Ok(vec![MailRecipient { email: user.email.as_str().to_string(), language: user.language }]),
            false => Ok(everyone),
        }
    }

    /// The receiver's recipients: what a dossier for it is sealed to.
    pub(crate) async fn receiver_recipients(
        &self,
        work: &mut Work<'_>,
        receiver: OrganisationId,
    ) -> ServiceResult<Vec<age::x25519::Recipient>> {
        let key = self.current_key(work, receiver).await?;
        let recipient = key.recipient.parse().map_err(|_| anyhow::anyhow!("a stored recipient does not parse"))?;
        Ok(vec![recipient])
    }

    /// Every identity of an organisation the service holds, current first.
    pub(crate) async fn identities_of(
        &self,
        conn: &mut AnyConnection,
        organisation: OrganisationId,
    ) -> ServiceResult<Vec<age::x25519::Identity>> {
        let keys = organisation_keys::all_of(conn, organisation).await?;
        keys.iter().filter(|k| k.sealed_identity.is_some()).map(|k| self.identity_of(k)).collect()
    }

    async fn dossier_of_case(
        &self,
        work: &mut Work<'_>,
        worker: &CaseWorker<'_>,
        case: CaseId,
        receiver: OrganisationId,
    ) -> ServiceResult<Dossier> {
        let actor = worker.actor;
        let found = cases::find_owned(work, actor.organisation_id, case).await?.ok_or(ServiceError::NotFound)?;
        let consent =
            consents::find_active(work, case, ConsentScope::Refer, ConsentTarget::Organisation(receiver)).await?;
        if consent.is_none() {
            return Err(ServiceError::bad_input("caseId", Reason::new("consent-missing-for-referral")));
        }
        let history = consents::for_cases(work, &[case]).await?.remove(&case).unwrap_or_default();
        Ok(Dossier {
            format: DOSSIER_FORMAT.to_string(),
            registration: found.registration,
            shared_summary: found.shared_summary,
            identity: self.open_identity(work, actor, case).await?,
            consents: history
                .iter()
                .map(|c| DossierConsent {
                    scope: c.scope,
                    method: c.method,
                    given_on: c.given_on,
                    withdrawn: !c.is_active(),
                })
                .collect(),
        })
    }

    fn dossier_of_intake(&self, intake: NewCase) -> ServiceResult<Dossier> {
        let mut registration = intake.registration;
        registration
            .check(&self.taxonomy, crate::domain::calendar::local_date(self.clock.now()), false)
            .map_err(|e| ServiceError::bad_input(e.field(), e))?;
        let identity =
            intake.identity.map(crate::service::casework::cases::normalised).transpose()?.filter(|i| !i.is_empty());
        let shared_summary = self.checked_summary(intake.shared_summary, identity.as_ref())?;
        Ok(Dossier {
            format: DOSSIER_FORMAT.to_string(),
            registration,
            shared_summary,
            identity,
            consents: vec![DossierConsent {
                scope: ConsentScope::Refer,
                method: intake.consent_method,
                given_on: intake.consent_given_on,
                withdrawn: false,
            }],
        })
    }

    pub(crate) async fn audit_referral(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        action: AuditAction,
        id: ReferralId,
    ) -> ServiceResult<()> {
        let object = AuditObject { kind: "referral", id: &id.to_string() };
        work.audit(Some(actor), None, action, Some(object), AuditResult::Ok).await
    }
}

/// The summary the receiver reads before opening, checked like shared text and against the
/// dossier's own identity; an empty one is none.
fn checked_summary(summary: Option<String>, dossier: &Dossier) -> ServiceResult<Option<String>> {
    let secrets = shared_text::secrets_of(dossier.identity.as_ref());
    let summary = summary.map(|s| shared_text::shareable("summary", &s, SUMMARY_SHAPE, &secrets)).transpose()?;
    Ok(summary.filter(|s| !s.is_empty()))
}
