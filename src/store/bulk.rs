//! Bulk inserts for the data generator (`ketenaanpak demo generate`): many rows per statement
//! inside the caller's transaction, so that a million cases load in minutes. Only the
//! generator writes this way; the service's use cases write row by row through their stores.

use sqlx::{AnyConnection, Row};

/// One value of a row.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Int(i64),
    Blob(Vec<u8>),
    /// Written as the literal `NULL`, not bound: PostgreSQL coerces a literal to the column's
    /// type, but refuses a NULL bound as text for a `bigint` or `bytea` column.
    Null,
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Value {
        Value::Int(number)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

/// A table the generator fills, with the columns it writes in the order rows give them.
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

pub const CASES: Table = Table {
    name: "cases",
    columns: &[
        "id",
        "public_id",
        "organisation_id",
        "case_number",
        "police_registration_number",
        "domain",
        "channel",
        "handling",
        "status",
        "residence_municipality",
        "incident_municipality",
        "incident_date",
        "incident_month",
        "reported_on",
        "shared_summary",
        "counterparty_kind",
        "counterparty_pseudonym",
        "identity_ciphertext",
        "identity_key_id",
        "taxonomy_version",
        "created_by",
        "created_at",
        "updated_at",
        "referral_link",
    ],
};
pub const CASE_GROUNDS: Table = Table { name: "case_grounds", columns: &["case_id", "ground"] };
pub const CASE_MANIFESTATIONS: Table = Table { name: "case_manifestations", columns: &["case_id", "manifestation"] };
pub const CONSENTS: Table = Table {
    name: "consents",
    columns: &[
        "id",
        "case_id",
        "scope",
        "chain_id",
        "organisation_id",
        "method",
        "given_on",
        "recorded_by",
        "recorded_at",
        "withdrawn_at",
        "withdrawal_recorded_by",
    ],
};
pub const CASE_SHARES: Table = Table {
    name: "case_shares",
    columns: &[
        "id",
        "case_id",
        "chain_id",
        "consent_id",
        "shared_by",
        "shared_at",
        "unshared_at",
        "unshared_by",
        "counterparty_pseudonym",
    ],
};
pub const CASE_NOTES: Table = Table {
    name: "case_notes",
    columns: &["id", "case_id", "shared_text", "sealed_text", "sealed_key_id", "author", "created_at"],
};
pub const REFERRALS: Table = Table {
    name: "referrals",
    columns: &[
        "id",
        "sender_organisation_id",
        "sender_user_id",
        "receiver_organisation_id",
        "source_case_id",
        "case_link",
        "urgency",
        "summary",
        "status",
        "decline_reason",
        "accepted_case_id",
        "created_at",
        "sent_at",
        "opened_at",
        "opened_by",
        "decided_at",
        "decided_by",
        "withdrawn_at",
        "escalated_at",
    ],
};
pub const MEETINGS: Table = Table {
    name: "meetings",
    columns: &[
        "id",
        "series_id",
        "slot_date",
        "starts_at",
        "ends_at",
        "location",
        "status",
        "sequence",
        "created_at",
        "updated_at",
        "agenda_frozen_at",
        "recorded_afterwards",
    ],
};
pub const AGENDA_ITEMS: Table = Table {
    name: "agenda_items",
    columns: &[
        "id",
        "meeting_id",
        "kind",
        "subject",
        "title",
        "position",
        "added_by_organisation_id",
        "added_by",
        "removed_at",
        "created_at",
    ],
};
pub const MINUTES: Table =
    Table { name: "minutes", columns: &["meeting_id", "confidentiality", "approved_at", "approved_by", "updated_at"] };
pub const MINUTE_ITEMS: Table = Table {
    name: "minute_items",
    columns: &["agenda_item_id", "meeting_id", "notes", "decisions", "updated_by", "updated_at"],
};
pub const ATTENDANCE: Table =
    Table { name: "meeting_attendance", columns: &["meeting_id", "organisation_id", "presence", "recorded_at"] };
pub const ACTIONS: Table = Table {
    name: "actions",
    columns: &[
        "id",
        "chain_id",
        "meeting_id",
        "case_id",
        "owner_organisation_id",
        "owner_user_id",
        "description",
        "due_on",
        "status",
        "not_possible_reason",
        "created_by",
        "created_at",
        "updated_at",
        "agenda_item_id",
    ],
};
pub const ACTION_PROGRESS: Table =
    Table { name: "action_progress", columns: &["id", "action_id", "note", "status", "recorded_by", "recorded_at"] };
pub const CASE_COUNTERS: Table = Table { name: "case_counters", columns: &["organisation_id", "year", "last_number"] };

/// Rows for one table, gathered until they are written.
pub struct Rows {
    table: &'static Table,
    values: Vec<Value>,
}

impl Rows {
    pub fn new(table: &'static Table) -> Rows {
        Rows { table, values: Vec::new() }
    }

    /// Adds a row; it must give a value for every column, in order.
    pub fn push<const N: usize>(&mut self, row: [Value; N]) {
        assert_eq!(N, self.table.columns.len(), "a row of {} has one value per column", self.table.name);
        self.values.extend(row);
    }

    /// Changes named columns of the row pushed last.
    pub fn amend_last(&mut self, changes: Vec<(&str, Value)>) {
        let start = self.values.len().checked_sub(self.table.columns.len()).expect("a row to amend");
        for (column, value) in changes {
            let index = self.table.columns.iter().position(|c| *c == column).expect("a column of the table");
            self.values[start + index] = value;
        }
    }

    pub fn len(&self) -> usize {
        self.values.len() / self.table.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Values per statement. SQLite finds each `$n` by a linear search of the statement's
/// parameters, so binding costs grow with the square of their number (measured: 61% of the
/// generator's time went to that search at 30,000 values a statement, 16% at 1,000).
const MAX_VALUES: usize = 250;
/// Rows per statement at most.
const MAX_ROWS: usize = 500;

/// Writes the rows, as few statements as the engines' parameter limits allow, and empties them.
pub async fn insert(conn: &mut AnyConnection, rows: &mut Rows) -> sqlx::Result<()> {
    let width = rows.table.columns.len();
    let per_statement = (MAX_VALUES / width).min(MAX_ROWS);
    let values = std::mem::take(&mut rows.values);
    for chunk in values.chunks(per_statement * width) {
        let statement = insert_statement(rows.table, chunk);
        let mut query = sqlx::query(&statement);
        for value in chunk {
            query = match value {
                Value::Text(text) => query.bind(text.as_str()),
                Value::Int(number) => query.bind(*number),
                Value::Blob(bytes) => query.bind(bytes.as_slice()),
                Value::Null => query,
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

fn insert_statement(table: &Table, chunk: &[Value]) -> String {
    let mut next = 0;
    let mut field = |value: &Value| match value {
        Value::Null => "NULL".to_owned(),
        _ => {
            next += 1;
            format!("${next}")
        }
    };
    let rows: Vec<String> = chunk
        .chunks(table.columns.len())
        .map(|row| format!("({})", row.iter().map(&mut field).collect::<Vec<_>>().join(", ")))
        .collect();
    format!("INSERT INTO {} ({}) VALUES {}", table.name, table.columns.join(", "), rows.join(", "))
}

/// Whether the database holds no organisation yet: the generator writes only into an empty one.
pub async fn is_empty(conn: &mut AnyConnection) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(&mut *conn).await?;
    Ok(count == 0)
}

/// The directory as the generator needs it: organisations, users with their roles, chain
/// members and current keys.
pub struct Directory {
    /// (id, name, kind, case prefix)
    pub organisations: Vec<(String, String, String, Option<String>)>,
    /// (user id, organisation id, role)
    pub user_roles: Vec<(String, String, String)>,
    /// (chain id, chain name, organisation id)
    pub chain_members: Vec<(String, String, String)>,
    /// (organisation id, key id, recipient)
    pub keys: Vec<(String, String, String)>,
}

pub async fn directory(conn: &mut AnyConnection) -> sqlx::Result<Directory> {
    let organisations = sqlx::query("SELECT id, name, kind, case_prefix FROM organisations ORDER BY name")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?, row.try_get("kind")?, row.try_get("case_prefix")?)))
        .collect::<sqlx::Result<_>>()?;
    let user_roles = sqlx::query(
        "SELECT u.id, u.organisation_id, r.role FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.disabled_at IS NULL ORDER BY u.email, r.role",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("id")?, row.try_get("organisation_id")?, row.try_get("role")?)))
    .collect::<sqlx::Result<_>>()?;
    let chain_members = sqlx::query(
        "SELECT m.chain_id, c.name, m.organisation_id FROM chain_members m JOIN chains c ON c.id = m.chain_id
         ORDER BY c.name, m.organisation_id",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("chain_id")?, row.try_get("name")?, row.try_get("organisation_id")?)))
    .collect::<sqlx::Result<_>>()?;
    let keys = sqlx::query(
        "SELECT organisation_id, id, recipient FROM organisation_keys WHERE retired_at IS NULL ORDER BY organisation_id",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("organisation_id")?, row.try_get("id")?, row.try_get("recipient")?)))
    .collect::<sqlx::Result<_>>()?;
    Ok(Directory { organisations, user_roles, chain_members, keys })
}

/// Refreshes the planner's statistics after loading (PostgreSQL's autovacuum would get there
/// later; SQLite has none without it).
pub async fn analyze(conn: &mut AnyConnection) -> sqlx::Result<()> {
    sqlx::query("ANALYZE").execute(&mut *conn).await.map(|_| ())
}
