//! The privacy officer's view of the organisation's trail: narrowed by person, action, record
//! and period, paged; exported as a whole (the export itself is in the trail); and the hash
//! chain checked on request.

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Amsterdam;

use crate::domain::actor::Actor;
use crate::domain::audit::{AuditAction, AuditRecord, AuditResult};
use crate::domain::ids::UserId;
use crate::service::accounts::access::{Operator, PrivacyScope};
use crate::service::audit::trail::{AuditObject, AuditReport};
use crate::service::{ServiceResult, Services};
use crate::store::audit::events::{self as audit, EventFilter};
use crate::store::casework::cases;
use crate::store::sql::Page;

/// At most this many events in one export; a longer period is exported in parts.
pub const EXPORT_LIMIT: usize = 50_000;

/// The filters as the privacy officer gives them. The period is of whole days in Amsterdam.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub person: Option<UserId>,
    pub action: Option<AuditAction>,
    /// A record's id, or a case's number or public code.
    pub record: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Services {
    pub async fn search_audit(
        &self,
        scope: &PrivacyScope,
        query: &AuditQuery,
        before: Option<i64>,
        first: usize,
    ) -> ServiceResult<Page<AuditRecord>> {
        let mut conn = self.store.read().await?;
        let Some(filter) = self.event_filter(&mut conn, scope, query).await? else {
            return Ok(Page { items: Vec::new(), has_next_page: false });
        };
        Ok(audit::search_organisation(&mut conn, scope.organisation_id(), &filter, before, first).await?)
    }

    /// Every matching event, newest first, up to `EXPORT_LIMIT`; the export is recorded
    /// first, so it is in the trail even if the download breaks off.
    pub async fn export_audit(
        &self,
        actor: &Actor,
        scope: &PrivacyScope,
        query: &AuditQuery,
    ) -> ServiceResult<Vec<AuditRecord>> {
        let mut work = self.begin_work().await?;
        let organisation = scope.organisation_id().to_string();
        let object = Some(AuditObject { kind: "audit_trail", id: &organisation });
        work.audit(Some(actor), None, AuditAction::AuditExported, object, AuditResult::Ok).await?;
        work.commit().await?;
        tracing::info!("audit trail exported");
        let page = self.search_audit(scope, query, None, EXPORT_LIMIT).await?;
        Ok(page.items)
    }

    /// Checks the whole hash chain, as `ketenaanpak audit verify` does; the privacy officer
    /// learns whether it is intact, and where it first breaks.
    pub async fn verify_trail_for(&self, _scope: &PrivacyScope) -> ServiceResult<AuditReport> {
        self.verify_audit_trail(&Operator::command_line()).await
    }

    /// The store's filter; `None` when a record reference names nothing of the organisation's.
    async fn event_filter(
        &self,
        conn: &mut sqlx::AnyConnection,
        scope: &PrivacyScope,
        query: &AuditQuery,
    ) -> ServiceResult<Option<EventFilter>> {
        let object_id = match query.record.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(record) if uuid::Uuid::parse_str(record).is_ok() => Some(record.to_lowercase()),
            Some(reference) => match cases::id_by_reference(conn, scope.organisation_id(), reference).await? {
                Some(case) => Some(case.to_string()),
                None => return Ok(None),
            },
        };
        let start_of = |date: NaiveDate| {
            Amsterdam
                .from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
                .earliest()
                .map(|t| t.timestamp_micros())
        };
        Ok(Some(EventFilter {
            actor_user_id: query.person.map(|p| p.to_string()),
            action: query.action.map(AuditAction::as_str),
            object_id,
            from: query.from.and_then(start_of),
            until: query.until.and_then(|d| start_of(d + Duration::days(1))),
        }))
    }
}
