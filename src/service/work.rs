//! The unit of work: one use case's write transaction and what follows from it. A use case
//! begins one, makes its changes and audit events through it, queues its mail and notices on
//! it, and commits; the commit wakes the mail worker and publishes the notices. Nothing else in
//! the service opens a write transaction.
//!
//! A refusal that must be recorded although the use case's changes are not (a probe for a case
//! that is not the caller's, a limit reached) ends the work first and records the refusal in a
//! transaction of its own: `Work::refuse` takes the work by value, so on SQLite's single writer
//! the first transaction is gone before the second begins.

use std::ops::{Deref, DerefMut};

use serde_json::Value;
use sqlx::AnyConnection;

use crate::domain::actor::{Actor, Principal};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::{CaseId, OrganisationId, ReferralId, UserId};
use crate::domain::role::Role;
use crate::request_context::request_id;
use crate::service::accounts::access::AdminScope;
use crate::service::audit::trail::AuditObject;
use crate::service::mail::MailRecipient;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::audit::events::{self as audit, NewEvent};
use crate::store::outbox::{self, MailAttachment, QueuedMail};
use crate::store::{accounts::users, sql, WriteTx};

/// A write in progress. Dropping it without `commit` rolls everything back, mail included.
pub struct Work<'s> {
    services: &'s Services,
    tx: WriteTx,
    mail_queued: bool,
    received_referrals: Vec<(OrganisationId, ReferralId)>,
}

/// What a refused use case leaves in the trail.
pub enum Refusal<'a> {
    /// A case the caller may not see: "not found", in the caller's and the owner's trail.
    CaseNotFound(&'a Actor, CaseId),
    /// Any other refused access to `object`.
    Denied(&'a Actor, AuditObject<'a>),
    /// The daily counterparty limit; the privacy officers are told at the day's first.
    CounterpartyLimit(&'a Actor, Option<CaseId>),
    /// An attempt that failed with `error` (a damaged file): recorded as failed, answered with
    /// the error itself.
    Failed(&'a Actor, AuditAction, AuditObject<'a>, ServiceError),
}

impl Services {
    /// Begins a use case's write.
    pub(crate) async fn begin_work(&self) -> ServiceResult<Work<'_>> {
        let tx = self.store.write().await?;
        Ok(Work { services: self, tx, mail_queued: false, received_referrals: Vec::new() })
    }

    /// Records a refusal decided before any write began, and gives the error to answer with.
    pub(crate) async fn refuse<T>(&self, refusal: Refusal<'_>) -> ServiceResult<T> {
        let work = self.begin_work().await?;
        Err(work.refuse(refusal).await?)
    }
}

impl Deref for Work<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Work<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl<'s> Work<'s> {
    /// Makes the work permanent, then wakes the mail worker and announces received referrals.
    pub async fn commit(self) -> ServiceResult<()> {
        let Work { services, tx, mail_queued, received_referrals } = self;
        tx.commit().await?;
        if mail_queued {
            services.mail.wake.notify_one();
        }
        for (receiver, referral) in received_referrals {
            services.publish_referral_received(receiver, referral).await;
        }
        Ok(())
    }

    /// Ends the work without its changes and records `refusal` on its own; the error returned
    /// is the one to answer with.
    pub async fn refuse(self, refusal: Refusal<'_>) -> ServiceResult<ServiceError> {
        let services = self.services;
        // The refusal is recorded even if the rollback reports an error: the connection
        // then closes, which ends the transaction just as well.
        if self.tx.rollback().await.is_err() {
            tracing::warn!("a refused use case's rollback failed; its connection is closed");
        }
        let mut work = services.begin_work().await?;
        let error = work.record_refusal(refusal).await?;
        work.commit().await?;
        Ok(error)
    }

    /// Ends the work without its changes, before what follows (removing files it would have
    /// kept) is done outside it.
    pub async fn roll_back(self) -> ServiceResult<()> {
        Ok(self.tx.rollback().await?)
    }

    /// Appends an event for `actor` (or for no one, as with a failed login) to `organisation`'s
    /// trail, the actor's own when `None`.
    pub async fn audit(
        &mut self,
        actor: Option<&Actor>,
        organisation: Option<OrganisationId>,
        action: AuditAction,
        object: Option<AuditObject<'_>>,
        result: AuditResult,
    ) -> ServiceResult<()> {
        let organisation = organisation.or(actor.map(|a| a.organisation_id));
        let event = self.event(organisation, principal_ids(actor), action, object, result);
        Ok(audit::append(&mut self.tx, event).await?)
    }

    /// A successful action of `actor` on one record.
    pub async fn audit_ok(&mut self, actor: &Actor, action: AuditAction, object: AuditObject<'_>) -> ServiceResult<()> {
        self.audit(Some(actor), None, action, Some(object), AuditResult::Ok).await
    }

    /// Something done by a user who is not signed in yet (the second step of sign-in): the
    /// user is both the actor and the object.
    pub async fn audit_account(
        &mut self,
        user: UserId,
        organisation: Option<OrganisationId>,
        action: AuditAction,
        result: AuditResult,
    ) -> ServiceResult<()> {
        let id = user.to_string();
        let object = Some(AuditObject { kind: "user", id: &id });
        let event = self.event(organisation, (Some(id.clone()), None), action, object, result);
        Ok(audit::append(&mut self.tx, event).await?)
    }

    /// An administrative action (users, tokens) in the administered organisation's trail, by
    /// whoever holds the scope (no one for the command line).
    pub async fn audit_admin(
        &mut self,
        scope: &AdminScope,
        action: AuditAction,
        object: AuditObject<'_>,
    ) -> ServiceResult<()> {
        let by = (scope.acting_user().map(|id| id.to_string()), scope.acting_token().map(|id| id.to_string()));
        let event = self.event(Some(scope.organisation_id()), by, action, Some(object), AuditResult::Ok);
        Ok(audit::append(&mut self.tx, event).await?)
    }

    /// One event per case for `actor`, appended in a fixed number of statements.
    pub async fn audit_cases(&mut self, actor: &Actor, action: AuditAction, cases: &[CaseId]) -> ServiceResult<()> {
        let events = cases
            .iter()
            .map(|case| {
                let id = case.to_string();
                let object = Some(AuditObject { kind: "case", id: &id });
                self.event(Some(actor.organisation_id), principal_ids(Some(actor)), action, object, AuditResult::Ok)
            })
            .collect();
        Ok(audit::append_all(&mut self.tx, events).await?)
    }

    /// Renders `template` in the recipient's language and queues it with this work.
    pub async fn mail(
        &mut self,
        to: &MailRecipient,
        template: &'static str,
        params: &Value,
        dedupe_key: Option<String>,
    ) -> ServiceResult<()> {
        self.mail_with(to, template, params, dedupe_key, None).await.map(|_| ())
    }

    /// As `mail`, with an attachment (a calendar invitation); false when a message with the
    /// same dedupe key was queued before.
    pub async fn mail_with(
        &mut self,
        to: &MailRecipient,
        template: &'static str,
        params: &Value,
        dedupe_key: Option<String>,
        attachment: Option<MailAttachment>,
    ) -> ServiceResult<bool> {
        let rendered = self.services.mail.templates.render(template, to.language, params)?;
        let mail = QueuedMail {
            id: uuid::Uuid::new_v4().to_string(),
            recipient: to.email.clone(),
            template: template.to_string(),
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            dedupe_key,
            attachment,
        };
        let queued = outbox::insert(&mut self.tx, &mail, sql::micros(self.services.clock.now())).await?;
        self.mail_queued |= queued;
        Ok(queued)
    }

    /// The active users of an organisation with any of `roles`, as mail recipients.
    pub async fn recipients(
        &mut self,
        organisation: OrganisationId,
        roles: &[Role],
    ) -> ServiceResult<Vec<MailRecipient>> {
        let found = users::active_with_roles(&mut self.tx, organisation, roles).await?;
        Ok(found.into_iter().map(|(email, language)| MailRecipient { email, language }).collect())
    }

    /// Announces, once committed, that `receiver` has a new referral.
    pub fn announce_referral(&mut self, receiver: OrganisationId, referral: ReferralId) {
        self.received_referrals.push((receiver, referral));
    }

    async fn record_refusal(&mut self, refusal: Refusal<'_>) -> ServiceResult<ServiceError> {
        match refusal {
            Refusal::CaseNotFound(actor, case) => {
                self.record_case_probe(actor, case).await?;
                Ok(ServiceError::NotFound)
            }
            Refusal::Denied(actor, object) => {
                self.audit(Some(actor), None, AuditAction::AccessDenied, Some(object), AuditResult::Denied).await?;
                Ok(ServiceError::NotFound)
            }
            Refusal::Failed(actor, action, object, error) => {
                self.audit(Some(actor), None, action, Some(object), AuditResult::Failed).await?;
                Ok(error)
            }
            Refusal::CounterpartyLimit(actor, case) => {
                self.services.record_counterparty_refusal(self, actor, case).await?;
                Ok(ServiceError::CounterpartyLimit)
            }
        }
    }

    /// The refusal goes into the prober's trail and, when the case exists at another
    /// organisation, into the owner's too, so the owner's privacy officers see who tried; the
    /// prober learns nothing of it.
    async fn record_case_probe(&mut self, actor: &Actor, case: CaseId) -> ServiceResult<()> {
        let owner = crate::store::casework::cases::owners(&mut self.tx, &[case]).await?.remove(&case);
        let id = case.to_string();
        let object = Some(AuditObject { kind: "case", id: &id });
        self.audit(Some(actor), None, AuditAction::AccessDenied, object, AuditResult::Denied).await?;
        if let Some(owner) = owner.filter(|owner| *owner != actor.organisation_id) {
            self.audit(Some(actor), Some(owner), AuditAction::AccessDenied, object, AuditResult::Denied).await?;
        }
        Ok(())
    }

    fn event(
        &self,
        organisation: Option<OrganisationId>,
        (user, token): (Option<String>, Option<String>),
        action: AuditAction,
        object: Option<AuditObject<'_>>,
        result: AuditResult,
    ) -> NewEvent {
        NewEvent {
            id: uuid::Uuid::new_v4().to_string(),
            occurred_at: sql::micros(self.services.clock.now()),
            organisation_id: organisation.map(|id| id.to_string()),
            actor_user_id: user,
            actor_token_id: token,
            action: action.as_str(),
            object_type: object.as_ref().map(|o| o.kind),
            object_id: object.map(|o| o.id.to_string()),
            result: result.as_str(),
            request_id: request_id(),
        }
    }
}

fn principal_ids(actor: Option<&Actor>) -> (Option<String>, Option<String>) {
    match actor.map(|a| &a.principal) {
        Some(Principal::User { user_id, .. }) => (Some(user_id.to_string()), None),
        Some(Principal::ApiToken { token_id }) => (None, Some(token_id.to_string())),
        None => (None, None),
    }
}
