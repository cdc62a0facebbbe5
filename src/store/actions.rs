//! Actions and their progress notes.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::sql;
use crate::domain::action::{Action, ActionStatus, Progress};
use crate::domain::ids::{ActionId, ChainId, MeetingId, OrganisationId, UserId};

const COLUMNS: &str =
    "id, chain_id, meeting_id, case_id, owner_organisation_id, owner_user_id, description, due_on, status, \
    not_possible_reason, created_at, updated_at, agenda_item_id";

#[derive(Debug, Default, Clone)]
pub struct ActionFilter {
    pub owner: Option<OrganisationId>,
    pub status: Option<ActionStatus>,
    pub due_before: Option<NaiveDate>,
    pub meeting: Option<MeetingId>,
}

pub async fn insert(conn: &mut AnyConnection, action: &Action, by: Option<UserId>) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO actions ({COLUMNS}, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(action.id.to_string())
    .bind(action.chain_id.to_string())
    .bind(action.meeting_id.map(|m| m.to_string()))
    .bind(action.case_id.map(|c| c.to_string()))
    .bind(action.owner_organisation_id.to_string())
    .bind(action.owner_user_id.map(|u| u.to_string()))
    .bind(&action.description)
    .bind(action.due_on.to_string())
    .bind(action.status.as_str())
    .bind(&action.not_possible_reason)
    .bind(sql::micros(action.created_at))
    .bind(sql::micros(action.updated_at))
    .bind(action.agenda_item_id.map(|i| i.to_string()))
    .bind(by.map(|u| u.to_string()))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn find(conn: &mut AnyConnection, id: ActionId) -> sqlx::Result<Option<Action>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM actions WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decode).transpose()
}

pub async fn set_status(conn: &mut AnyConnection, action: &Action) -> sqlx::Result<()> {
    sqlx::query("UPDATE actions SET status = $2, not_possible_reason = $3, updated_at = $4 WHERE id = $1")
        .bind(action.id.to_string())
        .bind(action.status.as_str())
        .bind(&action.not_possible_reason)
        .bind(sql::micros(action.updated_at))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn add_progress(
    conn: &mut AnyConnection,
    action: ActionId,
    progress: &Progress,
    by: Option<UserId>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO action_progress (id, action_id, note, status, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(action.to_string())
        .bind(&progress.note)
        .bind(progress.status.as_str())
        .bind(by.map(|u| u.to_string()))
        .bind(sql::micros(progress.recorded_at))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The progress notes of each action, oldest first; one query.
pub async fn progress_of(
    conn: &mut AnyConnection,
    actions: &[ActionId],
) -> sqlx::Result<HashMap<ActionId, Vec<Progress>>> {
    let mut out: HashMap<ActionId, Vec<Progress>> = actions.iter().map(|id| (*id, Vec::new())).collect();
    if actions.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT action_id, note, status, recorded_at FROM action_progress WHERE action_id IN ({}) ORDER BY recorded_at, id",
        sql::placeholders(1, actions.len())
    );
    let mut query = sqlx::query(&sql);
    for id in actions {
        query = query.bind(id.to_string());
    }
    for row in query.fetch_all(&mut *conn).await? {
        out.entry(sql::id(&row, "action_id")?).or_default().push(Progress {
            note: row.try_get("note")?,
            status: sql::code(&row, "status", ActionStatus::parse)?,
            recorded_at: sql::time(&row, "recorded_at")?,
        });
    }
    Ok(out)
}

/// The actions with these ids; one statement.
pub async fn by_ids(conn: &mut AnyConnection, ids: &[ActionId]) -> sqlx::Result<Vec<Action>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {COLUMNS} FROM actions WHERE id IN ({})", sql::placeholders(1, ids.len()));
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(decode).collect()
}

/// The actions of the given chains, by due date.
pub async fn in_chains(
    conn: &mut AnyConnection,
    chains: &[ChainId],
    filter: &ActionFilter,
) -> sqlx::Result<Vec<Action>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let n = chains.len();
    let sql = format!(
        "SELECT {COLUMNS} FROM actions WHERE chain_id IN ({})
           AND (${a} IS NULL OR owner_organisation_id = ${a}) AND (${b} IS NULL OR status = ${b})
           AND (${c} IS NULL OR due_on < ${c}) AND (${d} IS NULL OR meeting_id = ${d})
         ORDER BY due_on, id LIMIT 1000",
        sql::placeholders(1, n),
        a = n + 1,
        b = n + 2,
        c = n + 3,
        d = n + 4
    );
    let mut query = sqlx::query(&sql);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query
        .bind(filter.owner.map(|o| o.to_string()))
        .bind(filter.status.map(ActionStatus::as_str))
        .bind(filter.due_before.map(|d| d.to_string()))
        .bind(filter.meeting.map(|m| m.to_string()))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decode).collect()
}

/// Open actions of an organisation that are the user's own or nobody's in particular.
pub async fn open_for(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    user: UserId,
) -> sqlx::Result<Vec<Action>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM actions WHERE owner_organisation_id = $1 AND (owner_user_id = $2 OR owner_user_id IS NULL)
           AND status IN ('open', 'in_progress') ORDER BY due_on, id"
    ))
    .bind(organisation.to_string())
    .bind(user.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}

/// Open actions due on or before `date`, for reminders.
pub async fn open_due_by(conn: &mut AnyConnection, date: NaiveDate) -> sqlx::Result<Vec<Action>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM actions WHERE status IN ('open', 'in_progress') AND due_on <= $1 ORDER BY due_on, id"
    ))
    .bind(date.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}

fn decode(row: &AnyRow) -> sqlx::Result<Action> {
    let optional = |column: &str| -> sqlx::Result<Option<String>> { row.try_get(column) };
    let due: String = row.try_get("due_on")?;
    Ok(Action {
        id: sql::id(row, "id")?,
        chain_id: sql::id(row, "chain_id")?,
        meeting_id: optional("meeting_id")?.and_then(|v| v.parse().ok()),
        agenda_item_id: optional("agenda_item_id")?.and_then(|v| v.parse().ok()),
        case_id: optional("case_id")?.and_then(|v| v.parse().ok()),
        owner_organisation_id: sql::id(row, "owner_organisation_id")?,
        owner_user_id: optional("owner_user_id")?.and_then(|v| v.parse().ok()),
        description: row.try_get("description")?,
        due_on: due.parse::<NaiveDate>().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        status: sql::code(row, "status", ActionStatus::parse)?,
        not_possible_reason: row.try_get("not_possible_reason")?,
        created_at: sql::time(row, "created_at")?,
        updated_at: sql::time(row, "updated_at")?,
    })
}
