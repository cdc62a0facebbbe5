//! Actions and their progress notes. Every read takes the reader's organisation: an action
//! on a case is readable by the case's owner, and by others only while the case is shared in
//! the action's chain under a standing consent and the action has not lapsed.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::action::{Action, ActionStatus, LapseReason, Progress};
use crate::domain::ids::{ActionId, CaseId, ChainId, MeetingId, OrganisationId, UserId};
use crate::store::sql;

const COLUMNS: &str =
    "id, chain_id, meeting_id, case_id, owner_organisation_id, owner_user_id, description, due_on, status, \
    not_possible_reason, created_at, updated_at, agenda_item_id";

/// The columns read back: those inserted, and the lapse.
const READ_COLUMNS: &str = "a.id, a.chain_id, a.meeting_id, a.case_id, a.owner_organisation_id, a.owner_user_id, \
    a.description, a.due_on, a.status, a.not_possible_reason, a.created_at, a.updated_at, a.agenda_item_id, \
    a.lapsed_at, a.lapse_reason";

/// Open: to do, and not lapsed.
const OPEN: &str = "a.status IN ('open', 'in_progress') AND a.lapsed_at IS NULL";

/// Whether the organisation bound at `$n` (or nobody, bound as NULL) may read action `a`.
fn readable_by(n: usize) -> String {
    format!(
        "(a.case_id IS NULL
          OR EXISTS (SELECT 1 FROM cases oc WHERE oc.id = a.case_id AND oc.organisation_id = ${n})
          OR (a.lapsed_at IS NULL AND EXISTS (SELECT 1 FROM case_shares s JOIN consents k ON k.id = s.consent_id
               WHERE s.case_id = a.case_id AND s.chain_id = a.chain_id AND s.unshared_at IS NULL
                 AND k.withdrawn_at IS NULL AND k.scope = 'share_pseudonymised')))"
    )
}

/// Who reads: an organisation, or `None` for what every member may see (printed agendas).
pub type Reader = Option<OrganisationId>;

fn reader_param(reader: Reader) -> Option<String> {
    reader.map(|o| o.to_string())
}

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

pub async fn find(conn: &mut AnyConnection, reader: Reader, id: ActionId) -> sqlx::Result<Option<Action>> {
    let sql = format!("SELECT {READ_COLUMNS} FROM actions a WHERE a.id = $1 AND {}", readable_by(2));
    let row = sqlx::query(&sql).bind(id.to_string()).bind(reader_param(reader)).fetch_optional(&mut *conn).await?;
    row.as_ref().map(decode).transpose()
}

/// Lapses the open actions on `case` in `chains` (every chain when `None`); returns them.
pub async fn lapse_on_case(
    conn: &mut AnyConnection,
    case: CaseId,
    chains: Option<&[ChainId]>,
    reason: LapseReason,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<Action>> {
    let sql = format!("SELECT {READ_COLUMNS} FROM actions a WHERE a.case_id = $1 AND {OPEN}");
    let rows = sqlx::query(&sql).bind(case.to_string()).fetch_all(&mut *conn).await?;
    let mut lapsed = Vec::new();
    for action in rows.iter().map(decode) {
        let action = action?;
        if chains.is_some_and(|chains| !chains.contains(&action.chain_id)) {
            continue;
        }
        sqlx::query("UPDATE actions SET lapsed_at = $2, lapse_reason = $3, updated_at = $2 WHERE id = $1")
            .bind(action.id.to_string())
            .bind(sql::micros(now))
            .bind(reason.as_str())
            .execute(&mut *conn)
            .await?;
        lapsed.push(action);
    }
    Ok(lapsed)
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
pub async fn by_ids(conn: &mut AnyConnection, reader: Reader, ids: &[ActionId]) -> sqlx::Result<Vec<Action>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {READ_COLUMNS} FROM actions a WHERE a.id IN ({}) AND {}",
        sql::placeholders(2, ids.len()),
        readable_by(1)
    );
    let mut query = sqlx::query(&sql).bind(reader_param(reader));
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(decode).collect()
}

/// The actions of the given chains, by due date.
pub async fn in_chains(
    conn: &mut AnyConnection,
    reader: Reader,
    chains: &[ChainId],
    filter: &ActionFilter,
) -> sqlx::Result<Vec<Action>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let n = chains.len();
    let mut conditions = sql::Conditions::numbered_from(n + 2);
    if let Some(owner) = filter.owner {
        conditions.add(|p| format!("a.owner_organisation_id = {p}"), owner.to_string());
    }
    match filter.status {
        Some(ActionStatus::Lapsed) => conditions.add_unbound("a.lapsed_at IS NOT NULL"),
        Some(status) => {
            conditions.add(|p| format!("a.lapsed_at IS NULL AND a.status = {p}"), status.as_str().to_owned())
        }
        None => {}
    }
    if let Some(due_before) = filter.due_before {
        conditions.add(|p| format!("a.due_on < {p}"), due_before.to_string());
    }
    if let Some(meeting) = filter.meeting {
        conditions.add(|p| format!("a.meeting_id = {p}"), meeting.to_string());
    }
    let (narrowed, values) = conditions.into_parts();
    let sql = format!(
        "SELECT {READ_COLUMNS} FROM actions a WHERE a.chain_id IN ({}){narrowed} AND {readable}
         ORDER BY a.due_on, a.id LIMIT 1000",
        sql::placeholders(1, n),
        readable = readable_by(n + 1)
    );
    let mut query = sqlx::query(&sql);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    query = query.bind(reader_param(reader));
    for value in values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(decode).collect()
}

/// Open actions of an organisation that are the user's own or nobody's in particular.
pub async fn open_for(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    user: UserId,
) -> sqlx::Result<Vec<Action>> {
    let rows = sqlx::query(&format!(
        "SELECT {READ_COLUMNS} FROM actions a WHERE a.owner_organisation_id = $1
           AND (a.owner_user_id = $2 OR a.owner_user_id IS NULL) AND {OPEN} AND {}
         ORDER BY a.due_on, a.id",
        readable_by(1)
    ))
    .bind(organisation.to_string())
    .bind(user.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}

/// Every action agreed about one case, in any chain, the earliest due first (for its owner).
pub async fn of_case(conn: &mut AnyConnection, case: CaseId) -> sqlx::Result<Vec<Action>> {
    let rows = sqlx::query(&format!(
        "SELECT {READ_COLUMNS} FROM actions a WHERE a.case_id = $1 ORDER BY a.due_on, a.id LIMIT 200"
    ))
    .bind(case.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}

/// Open actions due on or before `date`, for reminders.
pub async fn open_due_by(conn: &mut AnyConnection, date: NaiveDate) -> sqlx::Result<Vec<Action>> {
    let rows = sqlx::query(&format!(
        "SELECT {READ_COLUMNS} FROM actions a WHERE {OPEN} AND a.due_on <= $1 ORDER BY a.due_on, a.id"
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
        status: match row.try_get::<Option<i64>, _>("lapsed_at")? {
            Some(_) => ActionStatus::Lapsed,
            None => sql::code(row, "status", ActionStatus::parse)?,
        },
        not_possible_reason: row.try_get("not_possible_reason")?,
        lapse_reason: optional("lapse_reason")?.and_then(|v| LapseReason::parse(&v)),
        created_at: sql::time(row, "created_at")?,
        updated_at: sql::time(row, "updated_at")?,
    })
}
