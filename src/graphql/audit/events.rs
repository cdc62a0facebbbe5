use async_graphql::{Context, ErrorExtensions, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::context::{actor, services};
use crate::graphql::error::{code_error, GqlResult};
use crate::service::accounts::access::PrivacyScope;
use crate::store::sql::from_micros;

/// One event of the audit trail.
#[derive(SimpleObject)]
pub struct AuditEvent {
    seq: i64,
    id: String,
    occurred_at: DateTime<Utc>,
    actor_user_id: Option<String>,
    actor_token_id: Option<String>,
    action: String,
    object_type: Option<String>,
    object_id: Option<String>,
    result: String,
    request_id: Option<String>,
    hash: String,
}

#[derive(SimpleObject)]
pub struct AuditEventPage {
    events: Vec<AuditEvent>,
    /// Pass as `before` for the next (older) page.
    next_before: Option<i64>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit trail of the caller's own organisation, newest first (privacy officers).
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        before: Option<i64>,
    ) -> async_graphql::Result<AuditEventPage> {
        let scope = PrivacyScope::of(actor(ctx)?).gql()?;
        let first = first.unwrap_or(50);
        if !(1..=200).contains(&first) {
            return Err(code_error("BAD_USER_INPUT", "first: tussen 1 en 200 / between 1 and 200")
                .extend_with(|_, e| e.set("field", "first")));
        }
        let page = services(ctx).audit_events(&scope, before, first as usize).await.gql()?;
        let next_before = if page.has_next_page { page.items.last().map(|e| e.seq) } else { None };
        let events = page
            .items
            .into_iter()
            .map(|e| {
                let hash = e.hash();
                AuditEvent {
                    seq: e.seq,
                    id: e.id,
                    occurred_at: from_micros(e.occurred_at),
                    actor_user_id: e.actor_user_id,
                    actor_token_id: e.actor_token_id,
                    action: e.action,
                    object_type: e.object_type,
                    object_id: e.object_id,
                    result: e.result,
                    request_id: e.request_id,
                    hash,
                }
            })
            .collect();
        Ok(AuditEventPage { events, next_before })
    }
}
