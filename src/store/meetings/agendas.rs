//! Agenda items, and what compiling an agenda reads: the cases shared in a chain since a
//! moment, counterparty patterns within a chain, and the chain's open actions.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::agenda::{AgendaItem, AgendaItemKind};
use crate::domain::ids::{ActionId, AgendaItemId, CaseId, ChainId, MeetingId, OrganisationId, UserId};
use crate::domain::scope::Scope;
use crate::store::meetings::{meeting_in_scope, scope_param};
use crate::store::sql;

const COLUMNS: &str = "id, meeting_id, kind, subject, title, position, added_by_organisation_id, removed_at";

/// A case counts for a chain while its share is active under a consent not withdrawn; the
/// same rule as the shared case list (`cases::visible_in`).
const ACTIVE_SHARE: &str = "s.unshared_at IS NULL AND k.withdrawn_at IS NULL AND k.scope = 'share_pseudonymised'";

/// Every item of a meeting's agenda, the removed ones too, in agenda order.
pub async fn items(conn: &mut AnyConnection, scope: Scope, meeting: MeetingId) -> sqlx::Result<Vec<AgendaItem>> {
    let visible = meeting_in_scope(scope, "agenda_items.meeting_id", 2);
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM agenda_items WHERE meeting_id = $1 AND {visible} ORDER BY position, created_at, id"
    ))
    .bind(meeting.to_string())
    .bind(scope_param(scope))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}

/// Every item of several meetings' agendas, in one query.
pub async fn items_of_meetings(
    conn: &mut AnyConnection,
    scope: Scope,
    meetings: &[MeetingId],
) -> sqlx::Result<Vec<AgendaItem>> {
    if meetings.is_empty() {
        return Ok(Vec::new());
    }
    let visible = meeting_in_scope(scope, "agenda_items.meeting_id", 1);
    let listed = sql::placeholders(2, meetings.len());
    let sql = format!("SELECT {COLUMNS} FROM agenda_items WHERE {visible} AND meeting_id IN ({listed})");
    let mut query = sqlx::query(&sql).bind(scope_param(scope));
    for meeting in meetings {
        query = query.bind(meeting.to_string());
    }
    query.fetch_all(&mut *conn).await?.iter().map(decode).collect()
}

pub async fn find(conn: &mut AnyConnection, scope: Scope, id: AgendaItemId) -> sqlx::Result<Option<AgendaItem>> {
    let visible = meeting_in_scope(scope, "agenda_items.meeting_id", 2);
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM agenda_items WHERE id = $1 AND {visible}"))
        .bind(id.to_string())
        .bind(scope_param(scope))
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decode).transpose()
}

/// Adds an item at the end; false when the meeting already has one for this subject.
pub async fn insert(
    conn: &mut AnyConnection,
    item: &AgendaItem,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO agenda_items (id, meeting_id, kind, subject, title, position, added_by_organisation_id, added_by, removed_at, created_at)
         VALUES ($1, $2, $3, $4, $5,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $2), $6, $7, NULL, $8)
         ON CONFLICT (meeting_id, kind, subject) DO NOTHING",
    )
    .bind(item.id.to_string())
    .bind(item.meeting_id.to_string())
    .bind(item.kind.as_str())
    .bind(&item.subject)
    .bind(&item.title)
    .bind(item.added_by_organisation_id.map(|o| o.to_string()))
    .bind(by.map(|u| u.to_string()))
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Drops compiled items that no longer qualify. Only before the freeze, so no minutes refer
/// to them.
pub async fn delete(conn: &mut AnyConnection, ids: &[AgendaItemId]) -> sqlx::Result<()> {
    for id in ids {
        sqlx::query("DELETE FROM agenda_items WHERE id = $1").bind(id.to_string()).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Takes an item off the agenda; its row stays, so compiling does not bring it back.
pub async fn remove(conn: &mut AnyConnection, id: AgendaItemId, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE agenda_items SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL")
        .bind(id.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn set_position(conn: &mut AnyConnection, id: AgendaItemId, position: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE agenda_items SET position = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(position)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Holds the meeting's row for this transaction if its agenda is still open (planned, not
/// frozen); false when it is not. PostgreSQL waits here for a freeze in flight and then sees
/// it; SQLite has one writer anyway. Every edit of an agenda starts with it.
pub async fn hold_open(conn: &mut AnyConnection, meeting: MeetingId) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE meetings SET updated_at = updated_at WHERE id = $1 AND status = 'planned' AND agenda_frozen_at IS NULL",
    )
    .bind(meeting.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Freezes the agenda once; false when it already was.
pub async fn freeze(conn: &mut AnyConnection, meeting: MeetingId, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE meetings SET agenda_frozen_at = $2 WHERE id = $1 AND agenda_frozen_at IS NULL")
        .bind(meeting.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// When the chain last met before `before` (cancelled meetings do not count).
pub async fn previous_meeting_start(
    conn: &mut AnyConnection,
    chain: ChainId,
    before: DateTime<Utc>,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(m.starts_at) FROM meetings m JOIN meeting_series s ON s.id = m.series_id
         WHERE s.chain_id = $1 AND m.status = 'planned' AND m.starts_at < $2",
    )
    .bind(chain.to_string())
    .bind(sql::micros(before))
    .fetch_one(&mut *conn)
    .await?;
    Ok(found.map(sql::from_micros))
}

/// Where the previous meeting's agenda stopped taking newly shared cases: its freeze, or its
/// start if it was frozen only later. The next agenda takes what was shared after that, so a
/// case shared while an agenda is frozen goes on the next one.
pub async fn previous_cutoff(
    conn: &mut AnyConnection,
    chain: ChainId,
    before: DateTime<Utc>,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    let row = sqlx::query(
        "SELECT m.starts_at, m.agenda_frozen_at FROM meetings m JOIN meeting_series s ON s.id = m.series_id
         WHERE s.chain_id = $1 AND m.status = 'planned' AND m.recorded_afterwards = 0 AND m.starts_at < $2
         ORDER BY m.starts_at DESC LIMIT 1",
    )
    .bind(chain.to_string())
    .bind(sql::micros(before))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let starts_at = sql::time(&row, "starts_at")?;
    Ok(Some(sql::optional_time(&row, "agenda_frozen_at")?.map_or(starts_at, |frozen| frozen.min(starts_at))))
}

/// Cases shared to the chain in (after, until], whose share is still active.
pub async fn cases_shared_between(
    conn: &mut AnyConnection,
    chain: ChainId,
    after: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
) -> sqlx::Result<Vec<CaseId>> {
    let rows = sqlx::query(&format!(
        "SELECT DISTINCT s.case_id FROM case_shares s JOIN consents k ON k.id = s.consent_id
         WHERE s.chain_id = $1 AND {ACTIVE_SHARE} AND s.shared_at > $2 AND s.shared_at <= $3 ORDER BY s.case_id"
    ))
    .bind(chain.to_string())
    .bind(after.map(sql::micros).unwrap_or(i64::MIN))
    .bind(sql::micros(until))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| sql::id(row, "case_id")).collect()
}

/// The chain's pseudonyms of counterparties with at least `threshold` cases shared in the
/// chain, one of them shared after `after` and none counted after `until`.
pub async fn patterns(
    conn: &mut AnyConnection,
    chain: ChainId,
    threshold: i64,
    after: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query(&format!(
        "SELECT s.counterparty_pseudonym AS pseudonym FROM case_shares s JOIN consents k ON k.id = s.consent_id
         WHERE s.counterparty_pseudonym IS NOT NULL AND s.chain_id = $1 AND {ACTIVE_SHARE} AND s.shared_at <= $4
         GROUP BY s.counterparty_pseudonym HAVING COUNT(DISTINCT s.case_id) >= $2 AND MAX(s.shared_at) > $3
         ORDER BY s.counterparty_pseudonym"
    ))
    .bind(chain.to_string())
    .bind(threshold)
    .bind(after.map(sql::micros).unwrap_or(i64::MIN))
    .bind(sql::micros(until))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| row.try_get("pseudonym")).collect()
}

/// Pattern items whose subject is still a link key (`ps_…`), from before pseudonyms were
/// kept per chain: each with its meeting's chain.
pub async fn patterns_by_link(conn: &mut AnyConnection) -> sqlx::Result<Vec<(AgendaItemId, ChainId, String)>> {
    let rows = sqlx::query(
        "SELECT i.id, ms.chain_id, i.subject FROM agenda_items i
           JOIN meetings m ON m.id = i.meeting_id JOIN meeting_series ms ON ms.id = m.series_id
         WHERE i.kind = 'pattern' AND i.subject LIKE 'ps$_%' ESCAPE '$'",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| Ok((sql::id(row, "id")?, sql::id(row, "chain_id")?, row.try_get("subject")?))).collect()
}

pub async fn set_subject(conn: &mut AnyConnection, item: AgendaItemId, subject: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE agenda_items SET subject = $2 WHERE id = $1")
        .bind(item.to_string())
        .bind(subject)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The chain's actions that are still open or in progress, as every member may read them.
pub async fn open_actions(conn: &mut AnyConnection, chain: ChainId) -> sqlx::Result<Vec<ActionId>> {
    let filter = crate::store::meetings::actions::ActionFilter::default();
    let found = crate::store::meetings::actions::in_chains(conn, None, &[chain], &filter).await?;
    Ok(found.into_iter().filter(|a| a.status.is_open()).map(|a| a.id).collect())
}

fn decode(row: &AnyRow) -> sqlx::Result<AgendaItem> {
    let organisation: Option<String> = row.try_get("added_by_organisation_id")?;
    Ok(AgendaItem {
        id: sql::id(row, "id")?,
        meeting_id: sql::id(row, "meeting_id")?,
        kind: sql::code(row, "kind", AgendaItemKind::parse)?,
        subject: row.try_get("subject")?,
        title: row.try_get("title")?,
        position: row.try_get("position")?,
        added_by_organisation_id: organisation
            .map(|o| o.parse::<OrganisationId>())
            .transpose()
            .map_err(|e| sqlx::Error::Decode(e.into()))?,
        removed_at: sql::optional_time(row, "removed_at")?,
    })
}

/// Takes a case, or actions, off the agendas not yet frozen of meetings still to come in
/// `chains` (all chains when `None`): the items whose subject is one of `subjects`. Items the
/// minutes already refer to stay (the read hides what they were about).
pub async fn drop_from_open_agendas(
    conn: &mut AnyConnection,
    chains: Option<&[ChainId]>,
    subjects: &[String],
    now: DateTime<Utc>,
) -> sqlx::Result<u64> {
    if subjects.is_empty() || chains.is_some_and(|c| c.is_empty()) {
        return Ok(0);
    }
    let chain_list = chains.unwrap_or_default();
    let in_chains = match chains {
        Some(_) => format!("AND s.chain_id IN ({})", sql::placeholders(2 + subjects.len(), chain_list.len())),
        None => String::new(),
    };
    let sql = format!(
        "DELETE FROM agenda_items WHERE kind IN ('shared_case', 'flagged_case', 'action') AND subject IN ({})
           AND id NOT IN (SELECT agenda_item_id FROM minute_items)
           AND meeting_id IN (SELECT m.id FROM meetings m JOIN meeting_series s ON s.id = m.series_id
                              WHERE m.agenda_frozen_at IS NULL AND m.starts_at > $1 {in_chains})",
        sql::placeholders(2, subjects.len())
    );
    let mut query = sqlx::query(&sql).bind(sql::micros(now));
    for subject in subjects {
        query = query.bind(subject.as_str());
    }
    for chain in chain_list {
        query = query.bind(chain.to_string());
    }
    Ok(query.execute(&mut *conn).await?.rows_affected())
}
