//! Recording and checking the audit trail. Events are written in the same transaction as the
//! change they record; reads of identity data get a transaction of their own.

use crate::domain::actor::{Actor, Principal};
use crate::domain::audit::{AuditAction, AuditRecord, AuditResult, Break, Verifier};
use crate::domain::ids::OrganisationId;
use crate::domain::role::Role;
use crate::request_context::request_id;
use crate::service::accounts::access::{AdminScope, Operator, PrivacyScope};
use crate::service::{ServiceResult, Services};
use crate::store::audit::events::{self as audit, NewEvent};
use crate::store::sql::{self, Page};
use crate::store::WriteTx;

/// What an event is about: a kind of record and its id.
#[derive(Clone, Copy)]
pub struct AuditObject<'a> {
    pub kind: &'static str,
    pub id: &'a str,
}

pub struct AuditReport {
    pub checked: u64,
    pub first_break: Option<Break>,
}

impl Services {
    /// Appends an event for `actor` (or for no one, as with a failed login).
    pub(crate) async fn audit(
        &self,
        conn: &mut sqlx::AnyConnection,
        actor: Option<&Actor>,
        organisation: Option<OrganisationId>,
        action: AuditAction,
        object: Option<AuditObject<'_>>,
        result: AuditResult,
    ) -> ServiceResult<()> {
        let (user, token) = match actor.map(|a| &a.principal) {
            Some(Principal::User { user_id, .. }) => (Some(user_id.to_string()), None),
            Some(Principal::ApiToken { token_id }) => (None, Some(token_id.to_string())),
            None => (None, None),
        };
        let organisation = organisation.or(actor.map(|a| a.organisation_id));
        self.append_event(conn, organisation, (user, token), action, object, result).await
    }

    /// An administrative action (users, tokens) in the administered organisation's trail, by
    /// whoever holds the scope (no one for the command line).
    pub(crate) async fn audit_admin(
        &self,
        conn: &mut sqlx::AnyConnection,
        scope: &AdminScope,
        action: AuditAction,
        object: AuditObject<'_>,
    ) -> ServiceResult<()> {
        let by = (scope.acting_user().map(|id| id.to_string()), scope.acting_token().map(|id| id.to_string()));
        self.append_event(conn, Some(scope.organisation_id()), by, action, Some(object), AuditResult::Ok).await
    }

    /// One event per case for `actor`, appended in a fixed number of statements.
    pub(crate) async fn audit_cases(
        &self,
        conn: &mut sqlx::AnyConnection,
        actor: &Actor,
        action: AuditAction,
        cases: &[crate::domain::ids::CaseId],
    ) -> ServiceResult<()> {
        let (user, token) = match &actor.principal {
            Principal::User { user_id, .. } => (Some(user_id.to_string()), None),
            Principal::ApiToken { token_id } => (None, Some(token_id.to_string())),
        };
        let events = cases
            .iter()
            .map(|case| NewEvent {
                id: uuid::Uuid::new_v4().to_string(),
                occurred_at: sql::micros(self.clock.now()),
                organisation_id: Some(actor.organisation_id.to_string()),
                actor_user_id: user.clone(),
                actor_token_id: token.clone(),
                action: action.as_str(),
                object_type: Some("case"),
                object_id: Some(case.to_string()),
                result: AuditResult::Ok.as_str(),
                request_id: request_id(),
            })
            .collect();
        Ok(audit::append_all(conn, events).await?)
    }

    /// A work role was given to a user or token: audited, and every privacy officer of the
    /// organisation is told (a link to the audit trail, no names), so no admin can give
    /// themselves, or a second account of theirs, access to casework unseen.
    pub(crate) async fn record_work_role_grant(
        &self,
        tx: &mut WriteTx,
        scope: &AdminScope,
        object: AuditObject<'_>,
    ) -> ServiceResult<()> {
        self.audit_admin(tx, scope, AuditAction::WorkRoleGranted, object).await?;
        let link = self.link("/audit");
        for officer in self.recipients(tx, scope.organisation_id(), &[Role::PrivacyOfficer]).await? {
            self.queue_mail(tx, &officer, "work_role_granted", &serde_json::json!({ "link": link }), None).await?;
        }
        Ok(())
    }

    async fn append_event(
        &self,
        conn: &mut sqlx::AnyConnection,
        organisation: Option<OrganisationId>,
        (user, token): (Option<String>, Option<String>),
        action: AuditAction,
        object: Option<AuditObject<'_>>,
        result: AuditResult,
    ) -> ServiceResult<()> {
        let event = NewEvent {
            id: uuid::Uuid::new_v4().to_string(),
            occurred_at: sql::micros(self.clock.now()),
            organisation_id: organisation.map(|id| id.to_string()),
            actor_user_id: user,
            actor_token_id: token,
            action: action.as_str(),
            object_type: object.as_ref().map(|o| o.kind),
            object_id: object.map(|o| o.id.to_string()),
            result: result.as_str(),
            request_id: request_id(),
        };
        Ok(audit::append(conn, event).await?)
    }

    /// Records a refused access in a transaction of its own (the refused work wrote nothing).
    pub(crate) async fn audit_denied(&self, actor: &Actor, object: AuditObject<'_>) -> ServiceResult<()> {
        let mut tx = self.store.write().await?;
        self.audit(&mut tx, Some(actor), None, AuditAction::AccessDenied, Some(object), AuditResult::Denied).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Walks the whole trail and names the first event that does not check out.
    pub async fn verify_audit_trail(&self, _operator: &Operator) -> ServiceResult<AuditReport> {
        let mut conn = self.store.read().await?;
        let mut verifier = Verifier::default();
        let mut after = 0;
        loop {
            let batch = audit::batch(&mut conn, after, 1000).await?;
            let Some((last, _)) = batch.last() else { break };
            after = last.seq;
            for (record, hash) in &batch {
                if let Err(first_break) = verifier.check(record, hash) {
                    return Ok(AuditReport { checked: record.seq as u64 - 1, first_break: Some(first_break) });
                }
            }
        }
        let (head_seq, head_hash) = audit::head(&mut conn).await?;
        match verifier.finish(head_seq, &head_hash) {
            Ok(checked) => Ok(AuditReport { checked, first_break: None }),
            Err(first_break) => Ok(AuditReport { checked: head_seq as u64, first_break: Some(first_break) }),
        }
    }

    /// The events of the privacy officer's own organisation, newest first.
    pub async fn audit_events(
        &self,
        scope: &PrivacyScope,
        before: Option<i64>,
        first: usize,
    ) -> ServiceResult<Page<AuditRecord>> {
        let mut conn = self.store.read().await?;
        Ok(audit::list_for_organisation(&mut conn, scope.organisation_id(), before, first).await?)
    }
}
