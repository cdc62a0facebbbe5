//! The audit trail's table. Appends are serialised through the single `audit_head` row: the
//! UPDATE takes its row lock (PostgreSQL) inside the caller's write transaction (SQLite has
//! one writer anyway), so two appends can never chain to the same predecessor.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::audit::AuditRecord;
use crate::domain::ids::OrganisationId;
use crate::store::sql::{self, Page};

/// An event to append; `seq` and `prev_hash` are filled in by `append`.
pub struct NewEvent {
    pub id: String,
    pub occurred_at: i64,
    pub organisation_id: Option<String>,
    pub actor_user_id: Option<String>,
    pub actor_token_id: Option<String>,
    pub action: &'static str,
    pub object_type: Option<&'static str>,
    pub object_id: Option<String>,
    pub result: &'static str,
    pub request_id: Option<String>,
}

const COLUMNS: &str = "seq, id, occurred_at, organisation_id, actor_user_id, actor_token_id, action, object_type, \
                       object_id, result, request_id, prev_hash, hash";

pub async fn append(conn: &mut AnyConnection, event: NewEvent) -> sqlx::Result<()> {
    append_all(conn, vec![event]).await
}

/// Appends events in order in a fixed number of statements however many there are (a page
/// of cases whose internal notes were read writes one event per case).
pub async fn append_all(conn: &mut AnyConnection, events: Vec<NewEvent>) -> sqlx::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(events.len() as i64)
        .fetch_one(&mut *conn)
        .await?;
    let last_seq: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("hash")?;
    let first_seq = last_seq - events.len() as i64 + 1;
    let mut rows = Vec::new();
    for (offset, event) in events.into_iter().enumerate() {
        let record = AuditRecord {
            seq: first_seq + offset as i64,
            id: event.id,
            occurred_at: event.occurred_at,
            organisation_id: event.organisation_id,
            actor_user_id: event.actor_user_id,
            actor_token_id: event.actor_token_id,
            action: event.action.to_string(),
            object_type: event.object_type.map(str::to_string),
            object_id: event.object_id,
            result: event.result.to_string(),
            request_id: event.request_id,
            prev_hash: prev_hash.clone(),
        };
        prev_hash = record.hash();
        rows.push((record, prev_hash.clone()));
    }
    let values: Vec<String> = (0..rows.len()).map(|n| format!("({})", sql::placeholders(n * 13 + 1, 13))).collect();
    let insert = format!("INSERT INTO audit_events ({COLUMNS}) VALUES {}", values.join(", "));
    let mut query = sqlx::query(&insert);
    for (record, hash) in &rows {
        query = query
            .bind(record.seq)
            .bind(&record.id)
            .bind(record.occurred_at)
            .bind(&record.organisation_id)
            .bind(&record.actor_user_id)
            .bind(&record.actor_token_id)
            .bind(&record.action)
            .bind(&record.object_type)
            .bind(&record.object_id)
            .bind(&record.result)
            .bind(&record.request_id)
            .bind(&record.prev_hash)
            .bind(hash);
    }
    query.execute(&mut *conn).await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev_hash).execute(&mut *conn).await?;
    Ok(())
}

/// Up to `limit` events after sequence number `after`, in order, with their stored hashes.
pub async fn batch(conn: &mut AnyConnection, after: i64, limit: i64) -> sqlx::Result<Vec<(AuditRecord, String)>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| Ok((decode(row)?, row.try_get("hash")?))).collect()
}

pub async fn head(conn: &mut AnyConnection) -> sqlx::Result<(i64, String)> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut *conn).await?;
    Ok((row.try_get("seq")?, row.try_get("hash")?))
}

/// One organisation's events, newest first, before sequence number `before`.
pub async fn list_for_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    before: Option<i64>,
    first: usize,
) -> sqlx::Result<Page<AuditRecord>> {
    let before_seq = if before.is_some() { " AND seq < $3" } else { "" };
    let sql =
        format!("SELECT {COLUMNS} FROM audit_events WHERE organisation_id = $1{before_seq} ORDER BY seq DESC LIMIT $2");
    let mut query = sqlx::query(&sql).bind(organisation.to_string()).bind(first as i64 + 1);
    if let Some(before) = before {
        query = query.bind(before);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let events = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(events, &sql::PageRequest { first, after: None }))
}

/// What the privacy officer narrows the trail to; a filter left out is no condition at all.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub actor_user_id: Option<String>,
    pub action: Option<&'static str>,
    pub object_id: Option<String>,
    /// Microseconds: from this moment on, and before the other.
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// One organisation's events that match `filter`, newest first, before sequence `before`.
pub async fn search_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    filter: &EventFilter,
    before: Option<i64>,
    first: usize,
) -> sqlx::Result<Page<AuditRecord>> {
    let mut conditions = sql::Conditions::numbered_from(3);
    if let Some(user) = &filter.actor_user_id {
        conditions.add(|p| format!("actor_user_id = {p}"), user.clone());
    }
    if let Some(action) = filter.action {
        conditions.add(|p| format!("action = {p}"), action.to_owned());
    }
    if let Some(object) = &filter.object_id {
        conditions.add(|p| format!("object_id = {p}"), object.clone());
    }
    let bigints = [("occurred_at >=", filter.from), ("occurred_at <", filter.until), ("seq <", before)];
    for (comparison, value) in bigints {
        if let Some(value) = value {
            conditions.add(|p| format!("{comparison} CAST({p} AS BIGINT)"), value.to_string());
        }
    }
    let (conditions, values) = conditions.into_parts();
    let statement =
        format!("SELECT {COLUMNS} FROM audit_events WHERE organisation_id = $1{conditions} ORDER BY seq DESC LIMIT $2");
    let mut query = sqlx::query(&statement).bind(organisation.to_string()).bind(first as i64 + 1);
    for value in values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let events = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(events, &sql::PageRequest { first, after: None }))
}

fn decode(row: &AnyRow) -> sqlx::Result<AuditRecord> {
    Ok(AuditRecord {
        seq: row.try_get("seq")?,
        id: row.try_get("id")?,
        occurred_at: row.try_get("occurred_at")?,
        organisation_id: row.try_get("organisation_id")?,
        actor_user_id: row.try_get("actor_user_id")?,
        actor_token_id: row.try_get("actor_token_id")?,
        action: row.try_get("action")?,
        object_type: row.try_get("object_type")?,
        object_id: row.try_get("object_id")?,
        result: row.try_get("result")?,
        request_id: row.try_get("request_id")?,
        prev_hash: row.try_get("prev_hash")?,
    })
}
