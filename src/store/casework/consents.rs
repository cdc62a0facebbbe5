//! Consent records of cases. A withdrawal is recorded on the consent; nothing is deleted.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::consent::{Consent, ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, ConsentId, UserId};
use crate::store::sql;

const COLUMNS: &str = "id, case_id, scope, chain_id, organisation_id, method, given_on, recorded_at, withdrawn_at";

pub async fn insert(conn: &mut AnyConnection, case: CaseId, consent: &Consent, by: Option<UserId>) -> sqlx::Result<()> {
    let (chain, organisation) = match consent.target {
        ConsentTarget::None => (None, None),
        ConsentTarget::Chain(chain) => (Some(chain.to_string()), None),
        ConsentTarget::Organisation(org) => (None, Some(org.to_string())),
    };
    sqlx::query(&format!(
        "INSERT INTO consents ({COLUMNS}, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)"
    ))
    .bind(consent.id.to_string())
    .bind(case.to_string())
    .bind(consent.scope.as_str())
    .bind(chain)
    .bind(organisation)
    .bind(consent.method.as_str())
    .bind(consent.given_on.to_string())
    .bind(sql::micros(consent.recorded_at))
    .bind(by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// The active consent of a case for a scope and target, if there is one.
pub async fn find_active(
    conn: &mut AnyConnection,
    case: CaseId,
    scope: ConsentScope,
    target: ConsentTarget,
) -> sqlx::Result<Option<Consent>> {
    Ok(for_cases(conn, &[case])
        .await?
        .remove(&case)
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.scope == scope && c.target == target && c.is_active()))
}

/// Records a withdrawal. False when the consent does not belong to the case or was withdrawn.
pub async fn withdraw(
    conn: &mut AnyConnection,
    case: CaseId,
    id: ConsentId,
    now: DateTime<Utc>,
    by: Option<UserId>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE consents SET withdrawn_at = $3, withdrawal_recorded_by = $4 WHERE id = $1 AND case_id = $2 AND withdrawn_at IS NULL",
    )
    .bind(id.to_string())
    .bind(case.to_string())
    .bind(sql::micros(now))
    .bind(by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Withdraws every consent of the case still in force (when the consent to register is
/// withdrawn, nothing else can rest on the case).
pub async fn withdraw_all(
    conn: &mut AnyConnection,
    case: CaseId,
    now: DateTime<Utc>,
    by: Option<UserId>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE consents SET withdrawn_at = $2, withdrawal_recorded_by = $3 WHERE case_id = $1 AND withdrawn_at IS NULL",
    )
    .bind(case.to_string())
    .bind(sql::micros(now))
    .bind(by.map(|u| u.to_string()))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn find(conn: &mut AnyConnection, case: CaseId, id: ConsentId) -> sqlx::Result<Option<Consent>> {
    Ok(for_cases(conn, &[case]).await?.remove(&case).unwrap_or_default().into_iter().find(|c| c.id == id))
}

/// The consents of each case, oldest first: one query for any number of cases.
pub async fn for_cases(conn: &mut AnyConnection, cases: &[CaseId]) -> sqlx::Result<HashMap<CaseId, Vec<Consent>>> {
    let mut out: HashMap<CaseId, Vec<Consent>> = HashMap::new();
    if cases.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM consents WHERE case_id IN ({}) ORDER BY recorded_at, id",
        sql::placeholders(1, cases.len())
    );
    let mut query = sqlx::query(&sql);
    for case in cases {
        query = query.bind(case.to_string());
    }
    for row in query.fetch_all(&mut *conn).await? {
        out.entry(sql::id(&row, "case_id")?).or_default().push(decode(&row)?);
    }
    Ok(out)
}

fn decode(row: &AnyRow) -> sqlx::Result<Consent> {
    let chain: Option<String> = row.try_get("chain_id")?;
    let organisation: Option<String> = row.try_get("organisation_id")?;
    let target = match (chain, organisation) {
        (Some(chain), _) => ConsentTarget::Chain(chain.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?),
        (None, Some(org)) => ConsentTarget::Organisation(org.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?),
        (None, None) => ConsentTarget::None,
    };
    let given_on: String = row.try_get("given_on")?;
    Ok(Consent {
        id: sql::id(row, "id")?,
        scope: sql::code(row, "scope", ConsentScope::parse)?,
        target,
        method: sql::code(row, "method", ConsentMethod::parse)?,
        given_on: given_on.parse::<NaiveDate>().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        recorded_at: sql::time(row, "recorded_at")?,
        withdrawn_at: sql::optional_time(row, "withdrawn_at")?,
    })
}
