//! Reading and checking the audit trail. Events are written through the unit of work
//! (`service::work`), in the same transaction as the change they record.

use crate::domain::audit::{AuditAction, AuditRecord, Break, Verifier};
use crate::domain::role::Role;
use crate::service::accounts::access::{AdminScope, Operator, PrivacyScope};
use crate::service::work::Work;
use crate::service::{ServiceResult, Services};
use crate::store::audit::events::{self as audit};
use crate::store::sql::Page;

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
    /// A work role was given to a user or token: audited, and every privacy officer of the
    /// organisation is told (a link to the audit trail, no names), so no admin can give
    /// themselves, or a second account of theirs, access to casework unseen.
    pub(crate) async fn record_work_role_grant(
        &self,
        work: &mut Work<'_>,
        scope: &AdminScope,
        object: AuditObject<'_>,
    ) -> ServiceResult<()> {
        work.audit_admin(scope, AuditAction::WorkRoleGranted, object).await?;
        let link = self.link("/audit");
        for officer in work.recipients(scope.organisation_id(), &[Role::PrivacyOfficer]).await? {
            work.mail(&officer, "work_role_granted", &serde_json::json!({ "link": link }), None).await?;
        }
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
