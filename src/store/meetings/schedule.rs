//! Meeting series, their invitees, and planned meetings. Planning inserts a meeting per
//! (series, slot date) once; a second run finds it there.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{ChainId, MeetingId, MeetingSeriesId, OrganisationId, UserId};
use crate::domain::meeting::{Cadence, Meeting, MeetingSeries, MeetingStatus};
use crate::domain::scope::Scope;
use crate::domain::user::Language;
use crate::store::meetings::{chain_in_scope, meeting_in_scope, scope_param, series_in_scope};
use crate::store::sql;

const SERIES: &str =
    "id, chain_id, title, cadence, start_time, duration_minutes, location, chair_organisation_id, horizon_days, \
     organizer_user_id";
const MEETING: &str = "id, series_id, slot_date, starts_at, ends_at, location, status, sequence";
/// What a read returns: the planned columns and the agenda's freeze.
const MEETING_READ: &str = "id, series_id, slot_date, starts_at, ends_at, location, status, sequence, agenda_frozen_at";

#[derive(Debug, Clone)]
pub struct Invitee {
    pub user_id: UserId,
    pub display_name: String,
    pub organisation_id: OrganisationId,
    pub email: String,
    pub language: Language,
    pub deputy: bool,
}

pub async fn insert_series(conn: &mut AnyConnection, series: &MeetingSeries, now: DateTime<Utc>) -> sqlx::Result<()> {
    let cadence = serde_json::to_string(&series.cadence).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(&format!(
        "INSERT INTO meeting_series ({SERIES}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(series.id.to_string())
    .bind(series.chain_id.to_string())
    .bind(&series.title)
    .bind(cadence)
    .bind(series.start_time.format("%H:%M").to_string())
    .bind(series.duration_minutes)
    .bind(&series.location)
    .bind(series.chair_organisation_id.to_string())
    .bind(series.horizon_days)
    .bind(series.organizer_id.map(|id| id.to_string()))
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn add_invitee(
    conn: &mut AnyConnection,
    series: MeetingSeriesId,
    user: UserId,
    deputy: bool,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO series_invitees (series_id, user_id, deputy) VALUES ($1, $2, $3) ON CONFLICT (series_id, user_id) DO NOTHING")
        .bind(series.to_string())
        .bind(user.to_string())
        .bind(i64::from(deputy))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Writes a series' changeable fields (not its chain).
pub async fn update_series(conn: &mut AnyConnection, series: &MeetingSeries) -> sqlx::Result<()> {
    let cadence = serde_json::to_string(&series.cadence).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "UPDATE meeting_series SET title = $2, cadence = $3, start_time = $4, duration_minutes = $5, location = $6,
                chair_organisation_id = $7, horizon_days = $8, organizer_user_id = $9 WHERE id = $1",
    )
    .bind(series.id.to_string())
    .bind(&series.title)
    .bind(cadence)
    .bind(series.start_time.format("%H:%M").to_string())
    .bind(series.duration_minutes)
    .bind(&series.location)
    .bind(series.chair_organisation_id.to_string())
    .bind(series.horizon_days)
    .bind(series.organizer_id.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Replaces the list of people invited to a series.
pub async fn replace_invitees(
    conn: &mut AnyConnection,
    series: MeetingSeriesId,
    invitees: &[(UserId, bool)],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM series_invitees WHERE series_id = $1")
        .bind(series.to_string())
        .execute(&mut *conn)
        .await?;
    for (user, deputy) in invitees {
        add_invitee(conn, series, *user, *deputy).await?;
    }
    Ok(())
}

/// A series' planned meetings that start after `after`, in order.
pub async fn planned_of_series_after(
    conn: &mut AnyConnection,
    scope: Scope,
    series: MeetingSeriesId,
    after: DateTime<Utc>,
) -> sqlx::Result<Vec<Meeting>> {
    let visible = series_in_scope(scope, "meetings.series_id", 3);
    let rows = sqlx::query(&format!(
        "SELECT {MEETING_READ} FROM meetings WHERE series_id = $1 AND status = 'planned' AND starts_at > $2 AND {visible}
         ORDER BY starts_at, id"
    ))
    .bind(series.to_string())
    .bind(sql::micros(after))
    .bind(scope_param(scope))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode_meeting).collect()
}

/// The invitees who can still be reached (active users).
pub async fn invitees(conn: &mut AnyConnection, scope: Scope, series: MeetingSeriesId) -> sqlx::Result<Vec<Invitee>> {
    let visible = series_in_scope(scope, "i.series_id", 2);
    let rows = sqlx::query(&format!(
        "SELECT u.id, u.display_name, u.organisation_id, u.email, u.language, i.deputy FROM series_invitees i JOIN users u ON u.id = i.user_id
         WHERE i.series_id = $1 AND u.disabled_at IS NULL AND {visible} ORDER BY i.deputy, u.email"
    ))
    .bind(series.to_string())
    .bind(scope_param(scope))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Invitee {
                user_id: sql::id(row, "id")?,
                display_name: row.try_get("display_name")?,
                organisation_id: sql::id(row, "organisation_id")?,
                email: row.try_get("email")?,
                language: sql::code(row, "language", Language::parse)?,
                deputy: row.try_get::<i64, _>("deputy")? != 0,
            })
        })
        .collect()
}

/// People of the chain's member organisations with one of `roles`, active, by organisation
/// and name: (user, name, organisation).
pub async fn participants(
    conn: &mut AnyConnection,
    chain: ChainId,
    roles: &[crate::domain::role::Role],
) -> sqlx::Result<Vec<(UserId, String, OrganisationId)>> {
    let sql = format!(
        "SELECT DISTINCT u.id, u.display_name, u.organisation_id, o.name FROM users u
           JOIN chain_members m ON m.organisation_id = u.organisation_id
           JOIN organisations o ON o.id = u.organisation_id
           JOIN user_roles r ON r.user_id = u.id
         WHERE m.chain_id = $1 AND u.disabled_at IS NULL AND r.role IN ({})
         ORDER BY o.name, u.display_name, u.id",
        sql::placeholders(2, roles.len())
    );
    let mut query = sqlx::query(&sql).bind(chain.to_string());
    for role in roles {
        query = query.bind(role.as_str());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| Ok((sql::id(row, "id")?, row.try_get("display_name")?, sql::id(row, "organisation_id")?)))
        .collect()
}

/// Series of the given chains (all series when `chains` is `None`).
pub async fn series_of(conn: &mut AnyConnection, chains: Option<&[ChainId]>) -> sqlx::Result<Vec<MeetingSeries>> {
    let rows = match chains {
        Some([]) => return Ok(Vec::new()),
        Some(chains) => {
            let sql = format!(
                "SELECT {SERIES} FROM meeting_series WHERE chain_id IN ({}) ORDER BY title, id",
                sql::placeholders(1, chains.len())
            );
            let mut query = sqlx::query(&sql);
            for chain in chains {
                query = query.bind(chain.to_string());
            }
            query.fetch_all(&mut *conn).await?
        }
        None => sqlx::query(&format!("SELECT {SERIES} FROM meeting_series ORDER BY id")).fetch_all(&mut *conn).await?,
    };
    rows.iter().map(decode_series).collect()
}

pub async fn find_series(
    conn: &mut AnyConnection,
    scope: Scope,
    id: MeetingSeriesId,
) -> sqlx::Result<Option<MeetingSeries>> {
    let visible = chain_in_scope(scope, "meeting_series.chain_id", 2);
    let row = sqlx::query(&format!("SELECT {SERIES} FROM meeting_series WHERE id = $1 AND {visible}"))
        .bind(id.to_string())
        .bind(scope_param(scope))
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decode_series).transpose()
}

/// Plans a meeting for a slot; false when the slot already has one.
pub async fn plan(conn: &mut AnyConnection, meeting: &Meeting, now: DateTime<Utc>) -> sqlx::Result<bool> {
    insert(conn, meeting, false, now).await
}

/// Stores a meeting that was held before it was recorded; false when the slot has one.
pub async fn record_held(conn: &mut AnyConnection, meeting: &Meeting, now: DateTime<Utc>) -> sqlx::Result<bool> {
    insert(conn, meeting, true, now).await
}

async fn insert(
    conn: &mut AnyConnection,
    meeting: &Meeting,
    afterwards: bool,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(&format!(
        "INSERT INTO meetings ({MEETING}, created_at, updated_at, recorded_afterwards)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
         ON CONFLICT (series_id, slot_date) DO NOTHING"
    ))
    .bind(meeting.id.to_string())
    .bind(meeting.series_id.to_string())
    .bind(meeting.slot_date.to_string())
    .bind(sql::micros(meeting.starts_at))
    .bind(sql::micros(meeting.ends_at))
    .bind(&meeting.location)
    .bind(meeting.status.as_str())
    .bind(meeting.sequence)
    .bind(sql::micros(now))
    .bind(i64::from(afterwards))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Writes a changed meeting if its sequence is still `previous` (compare and set).
pub async fn update(
    conn: &mut AnyConnection,
    meeting: &Meeting,
    previous: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE meetings SET starts_at = $3, ends_at = $4, location = $5, status = $6, sequence = $7, updated_at = $8
         WHERE id = $1 AND sequence = $2",
    )
    .bind(meeting.id.to_string())
    .bind(previous)
    .bind(sql::micros(meeting.starts_at))
    .bind(sql::micros(meeting.ends_at))
    .bind(&meeting.location)
    .bind(meeting.status.as_str())
    .bind(meeting.sequence)
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Those of the meetings with these ids that are in `scope`; one statement.
pub async fn by_ids(conn: &mut AnyConnection, scope: Scope, ids: &[MeetingId]) -> sqlx::Result<Vec<Meeting>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let visible = meeting_in_scope(scope, "meetings.id", 1);
    let sql =
        format!("SELECT {MEETING_READ} FROM meetings WHERE id IN ({}) AND {visible}", sql::placeholders(2, ids.len()));
    let mut query = sqlx::query(&sql).bind(scope_param(scope));
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(decode_meeting).collect()
}

pub async fn find(conn: &mut AnyConnection, scope: Scope, id: MeetingId) -> sqlx::Result<Option<Meeting>> {
    let visible = meeting_in_scope(scope, "meetings.id", 2);
    let row = sqlx::query(&format!("SELECT {MEETING_READ} FROM meetings WHERE id = $1 AND {visible}"))
        .bind(id.to_string())
        .bind(scope_param(scope))
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decode_meeting).transpose()
}

/// Planned meetings of every series starting in [from, to).
pub async fn planned_between(
    conn: &mut AnyConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<Meeting>> {
    let rows = sqlx::query(&format!(
        "SELECT {MEETING_READ} FROM meetings WHERE status = 'planned' AND starts_at >= $1 AND starts_at < $2 ORDER BY starts_at, id"
    ))
    .bind(sql::micros(from))
    .bind(sql::micros(to))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode_meeting).collect()
}

/// Planned meetings whose agenda is not frozen, starting before `before`, in order.
pub async fn unfrozen_before(conn: &mut AnyConnection, before: DateTime<Utc>) -> sqlx::Result<Vec<Meeting>> {
    let rows = sqlx::query(&format!(
        "SELECT {MEETING_READ} FROM meetings WHERE status = 'planned' AND agenda_frozen_at IS NULL AND starts_at < $1
         ORDER BY starts_at, id"
    ))
    .bind(sql::micros(before))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode_meeting).collect()
}

/// Meetings of the chain's series starting in [from, to), in order.
pub async fn in_chain(
    conn: &mut AnyConnection,
    chain: ChainId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<Meeting>> {
    let rows = sqlx::query(&format!(
        "SELECT {} FROM meetings m JOIN meeting_series s ON s.id = m.series_id
         WHERE s.chain_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 ORDER BY m.starts_at, m.id",
        MEETING_READ.split(", ").map(|c| format!("m.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(chain.to_string())
    .bind(sql::micros(from))
    .bind(sql::micros(to))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode_meeting).collect()
}

fn decode_series(row: &AnyRow) -> sqlx::Result<MeetingSeries> {
    let cadence: String = row.try_get("cadence")?;
    let start: String = row.try_get("start_time")?;
    Ok(MeetingSeries {
        id: sql::id(row, "id")?,
        chain_id: sql::id(row, "chain_id")?,
        title: row.try_get("title")?,
        cadence: serde_json::from_str::<Cadence>(&cadence).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        start_time: NaiveTime::parse_from_str(&start, "%H:%M").map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        duration_minutes: row.try_get("duration_minutes")?,
        location: row.try_get("location")?,
        chair_organisation_id: sql::id(row, "chair_organisation_id")?,
        horizon_days: row.try_get("horizon_days")?,
        organizer_id: sql::optional_id(row, "organizer_user_id")?,
    })
}

fn decode_meeting(row: &AnyRow) -> sqlx::Result<Meeting> {
    let slot: String = row.try_get("slot_date")?;
    Ok(Meeting {
        id: sql::id(row, "id")?,
        series_id: sql::id(row, "series_id")?,
        slot_date: slot.parse::<NaiveDate>().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        starts_at: sql::time(row, "starts_at")?,
        ends_at: sql::time(row, "ends_at")?,
        location: row.try_get("location")?,
        status: sql::code(row, "status", MeetingStatus::parse)?,
        sequence: row.try_get("sequence")?,
        agenda_frozen_at: sql::optional_time(row, "agenda_frozen_at")?,
    })
}
