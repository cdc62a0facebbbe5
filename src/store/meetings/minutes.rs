//! Minutes: one row per meeting, notes and decisions per agenda item, attendance per
//! organisation, and the append-only amendments (a trigger refuses changing them).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{MeetingId, OrganisationId, UserId};
use crate::domain::minutes::{Amendment, Attendance, MinuteItem, Minutes, Presence};
use crate::domain::scope::Scope;
use crate::store::meetings::{meeting_in_scope, scope_param};
use crate::store::sql;

/// The minutes of a meeting with their items, attendance and amendments; `None` before any
/// were recorded, or when the meeting is not in `scope`.
pub async fn find(conn: &mut AnyConnection, scope: Scope, meeting: MeetingId) -> sqlx::Result<Option<Minutes>> {
    Ok(find_many(conn, scope, &[meeting]).await?.remove(&meeting))
}

/// The minutes of those of `meetings` in `scope`, in four statements however many.
pub async fn find_many(
    conn: &mut AnyConnection,
    scope: Scope,
    meetings: &[MeetingId],
) -> sqlx::Result<HashMap<MeetingId, Minutes>> {
    let mut found = if meetings.is_empty() { HashMap::new() } else { heads(conn, scope, meetings).await? };
    let meetings: Vec<MeetingId> = found.keys().copied().collect();
    if meetings.is_empty() {
        return Ok(found);
    }
    add_items(conn, &meetings, &mut found).await?;
    add_attendance(conn, &meetings, &mut found).await?;
    add_amendments(conn, &meetings, &mut found).await?;
    Ok(found)
}

async fn heads(
    conn: &mut AnyConnection,
    scope: Scope,
    meetings: &[MeetingId],
) -> sqlx::Result<HashMap<MeetingId, Minutes>> {
    let ids = sql::placeholders(2, meetings.len());
    let visible = meeting_in_scope(scope, "minutes.meeting_id", 1);
    let sql = format!(
        "SELECT meeting_id, confidentiality, approved_at, approved_by FROM minutes WHERE meeting_id IN ({ids}) AND {visible}"
    );
    let rows = bind_all(sqlx::query(&sql).bind(scope_param(scope)), meetings).fetch_all(&mut *conn).await?;
    let mut found = HashMap::new();
    for row in &rows {
        let meeting: MeetingId = sql::id(row, "meeting_id")?;
        let approved_by: Option<String> = row.try_get("approved_by")?;
        let minutes = Minutes {
            meeting_id: meeting,
            confidentiality: row.try_get("confidentiality")?,
            approved_at: sql::optional_time(row, "approved_at")?,
            approved_by: approved_by.and_then(|u| u.parse().ok()),
            items: Vec::new(),
            attendance: Vec::new(),
            amendments: Vec::new(),
        };
        found.insert(meeting, minutes);
    }
    Ok(found)
}

async fn add_items(
    conn: &mut AnyConnection,
    meetings: &[MeetingId],
    found: &mut HashMap<MeetingId, Minutes>,
) -> sqlx::Result<()> {
    let ids = sql::placeholders(1, meetings.len());
    let sql =
        format!("SELECT meeting_id, agenda_item_id, notes, decisions FROM minute_items WHERE meeting_id IN ({ids})");
    for row in &bind_all(sqlx::query(&sql), meetings).fetch_all(&mut *conn).await? {
        if let Some(minutes) = found.get_mut(&sql::id(row, "meeting_id")?) {
            minutes.items.push(MinuteItem {
                agenda_item_id: sql::id(row, "agenda_item_id")?,
                notes: row.try_get("notes")?,
                decisions: row.try_get("decisions")?,
            });
        }
    }
    Ok(())
}

async fn add_attendance(
    conn: &mut AnyConnection,
    meetings: &[MeetingId],
    found: &mut HashMap<MeetingId, Minutes>,
) -> sqlx::Result<()> {
    let ids = sql::placeholders(1, meetings.len());
    let sql = format!(
        "SELECT a.meeting_id, a.organisation_id, a.presence FROM meeting_attendance a
           JOIN organisations o ON o.id = a.organisation_id
         WHERE a.meeting_id IN ({ids}) ORDER BY o.name"
    );
    for row in &bind_all(sqlx::query(&sql), meetings).fetch_all(&mut *conn).await? {
        if let Some(minutes) = found.get_mut(&sql::id(row, "meeting_id")?) {
            minutes.attendance.push(Attendance {
                organisation_id: sql::id(row, "organisation_id")?,
                presence: sql::code(row, "presence", Presence::parse)?,
            });
        }
    }
    Ok(())
}

async fn add_amendments(
    conn: &mut AnyConnection,
    meetings: &[MeetingId],
    found: &mut HashMap<MeetingId, Minutes>,
) -> sqlx::Result<()> {
    let ids = sql::placeholders(1, meetings.len());
    let sql = format!(
        "SELECT meeting_id, agenda_item_id, previous_notes, previous_decisions, notes, decisions, reason, amended_by, amended_at
         FROM minute_amendments WHERE meeting_id IN ({ids}) ORDER BY amended_at, id"
    );
    for row in &bind_all(sqlx::query(&sql), meetings).fetch_all(&mut *conn).await? {
        let by: Option<String> = row.try_get("amended_by")?;
        if let Some(minutes) = found.get_mut(&sql::id(row, "meeting_id")?) {
            minutes.amendments.push(Amendment {
                agenda_item_id: sql::id(row, "agenda_item_id")?,
                previous_notes: row.try_get("previous_notes")?,
                previous_decisions: row.try_get("previous_decisions")?,
                notes: row.try_get("notes")?,
                decisions: row.try_get("decisions")?,
                reason: row.try_get("reason")?,
                amended_by: by.and_then(|u| u.parse().ok()),
                amended_at: sql::time(row, "amended_at")?,
            });
        }
    }
    Ok(())
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    meetings: &[MeetingId],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for meeting in meetings {
        query = query.bind(meeting.to_string());
    }
    query
}

/// Holds the minutes' row for this transaction (if there is one), so that an approval and a
/// change cannot cross: what the transaction then reads is what it changes.
pub async fn hold(conn: &mut AnyConnection, meeting: MeetingId) -> sqlx::Result<()> {
    sqlx::query("UPDATE minutes SET updated_at = updated_at WHERE meeting_id = $1")
        .bind(meeting.to_string())
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Starts the minutes of a meeting, or sets their confidentiality statement.
pub async fn upsert(
    conn: &mut AnyConnection,
    meeting: MeetingId,
    confidentiality: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO minutes (meeting_id, confidentiality, approved_at, approved_by, updated_at) VALUES ($1, $2, NULL, NULL, $3)
         ON CONFLICT (meeting_id) DO UPDATE SET confidentiality = $2, updated_at = $3",
    )
    .bind(meeting.to_string())
    .bind(confidentiality)
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn set_item(
    conn: &mut AnyConnection,
    meeting: MeetingId,
    item: &MinuteItem,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO minute_items (agenda_item_id, meeting_id, notes, decisions, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (agenda_item_id) DO UPDATE SET notes = $3, decisions = $4, updated_by = $5, updated_at = $6",
    )
    .bind(item.agenda_item_id.to_string())
    .bind(meeting.to_string())
    .bind(&item.notes)
    .bind(&item.decisions)
    .bind(by.map(|u| u.to_string()))
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn add_amendment(conn: &mut AnyConnection, meeting: MeetingId, amendment: &Amendment) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO minute_amendments (id, meeting_id, agenda_item_id, previous_notes, previous_decisions, notes, decisions, reason, amended_by, amended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(meeting.to_string())
    .bind(amendment.agenda_item_id.to_string())
    .bind(&amendment.previous_notes)
    .bind(&amendment.previous_decisions)
    .bind(&amendment.notes)
    .bind(&amendment.decisions)
    .bind(&amendment.reason)
    .bind(amendment.amended_by.map(|u| u.to_string()))
    .bind(sql::micros(amendment.amended_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn set_attendance(
    conn: &mut AnyConnection,
    meeting: MeetingId,
    organisation: OrganisationId,
    presence: Presence,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO meeting_attendance (meeting_id, organisation_id, presence, recorded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (meeting_id, organisation_id) DO UPDATE SET presence = $3, recorded_at = $4",
    )
    .bind(meeting.to_string())
    .bind(organisation.to_string())
    .bind(presence.as_str())
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Approves the minutes once; false when they already were (or do not exist).
pub async fn approve(
    conn: &mut AnyConnection,
    meeting: MeetingId,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE minutes SET approved_at = $2, approved_by = $3, updated_at = $2 WHERE meeting_id = $1 AND approved_at IS NULL",
    )
    .bind(meeting.to_string())
    .bind(sql::micros(now))
    .bind(by.map(|u| u.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
