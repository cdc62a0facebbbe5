//! Shares of cases with chains. Unsharing is recorded; the row stays as history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{CaseId, ChainId, ConsentId, ShareId, UserId};
use crate::domain::sharing::Share;
use crate::store::sql;

const COLUMNS: &str = "id, case_id, chain_id, shared_at, unshared_at, counterparty_pseudonym";

pub async fn insert(
    conn: &mut AnyConnection,
    share: &Share,
    consent: ConsentId,
    by: Option<UserId>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO case_shares (id, case_id, chain_id, consent_id, shared_by, shared_at, unshared_at, unshared_by,
             counterparty_pseudonym)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7)",
    )
    .bind(share.id.to_string())
    .bind(share.case_id.to_string())
    .bind(share.chain_id.to_string())
    .bind(consent.to_string())
    .bind(by.map(|id| id.to_string()))
    .bind(sql::micros(share.shared_at))
    .bind(&share.counterparty_pseudonym)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// The active shares of one case, for giving each its pseudonym again.
pub async fn active_of_case(conn: &mut AnyConnection, case: CaseId) -> sqlx::Result<Vec<Share>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM case_shares WHERE case_id = $1 AND unshared_at IS NULL"))
        .bind(case.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decode).collect()
}

/// Sets (or, with `None`, forgets) the counterparty's pseudonym on a share.
pub async fn set_pseudonym(conn: &mut AnyConnection, share: ShareId, pseudonym: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE case_shares SET counterparty_pseudonym = $2 WHERE id = $1")
        .bind(share.to_string())
        .bind(pseudonym)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Active shares without a pseudonym whose case has a link key: those made before pseudonyms
/// were kept per chain. Each with its chain and the link key to derive the pseudonym from.
pub async fn without_pseudonym(conn: &mut AnyConnection) -> sqlx::Result<Vec<(ShareId, ChainId, String)>> {
    let rows = sqlx::query(
        "SELECT s.id, s.chain_id, c.counterparty_pseudonym AS link FROM case_shares s JOIN cases c ON c.id = s.case_id
         WHERE s.unshared_at IS NULL AND s.counterparty_pseudonym IS NULL AND c.counterparty_pseudonym IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| Ok((sql::id(row, "id")?, sql::id(row, "chain_id")?, row.try_get("link")?))).collect()
}

/// Ends the active share of a case with a chain; false when there was none.
pub async fn unshare(
    conn: &mut AnyConnection,
    case: CaseId,
    chain: ChainId,
    now: DateTime<Utc>,
    by: Option<UserId>,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE case_shares SET unshared_at = $3, unshared_by = $4, counterparty_pseudonym = NULL WHERE case_id = $1 AND chain_id = $2 AND unshared_at IS NULL",
    )
    .bind(case.to_string())
    .bind(chain.to_string())
    .bind(sql::micros(now))
    .bind(by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Ends every active share that rests on a consent (when it is withdrawn); how many ended.
pub async fn unshare_by_consent(
    conn: &mut AnyConnection,
    consent: ConsentId,
    now: DateTime<Utc>,
    by: Option<UserId>,
) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE case_shares SET unshared_at = $2, unshared_by = $3, counterparty_pseudonym = NULL WHERE consent_id = $1 AND unshared_at IS NULL",
    )
    .bind(consent.to_string())
    .bind(sql::micros(now))
    .bind(by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected())
}

/// Ends every active share of a case; how many ended.
pub async fn unshare_case(
    conn: &mut AnyConnection,
    case: CaseId,
    now: DateTime<Utc>,
    by: Option<UserId>,
) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "UPDATE case_shares SET unshared_at = $2, unshared_by = $3, counterparty_pseudonym = NULL WHERE case_id = $1 AND unshared_at IS NULL",
    )
    .bind(case.to_string())
    .bind(sql::micros(now))
    .bind(by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected())
}

/// The active shares of each case, optionally only with the given chains; one query.
pub async fn active_for_cases(
    conn: &mut AnyConnection,
    cases: &[CaseId],
    only_chains: Option<&[ChainId]>,
) -> sqlx::Result<HashMap<CaseId, Vec<Share>>> {
    let mut out: HashMap<CaseId, Vec<Share>> = HashMap::new();
    if cases.is_empty() || only_chains.is_some_and(|c| c.is_empty()) {
        return Ok(out);
    }
    let mut sql = format!(
        "SELECT {COLUMNS} FROM case_shares WHERE unshared_at IS NULL AND case_id IN ({})",
        sql::placeholders(1, cases.len())
    );
    if let Some(chains) = only_chains {
        sql.push_str(&format!(" AND chain_id IN ({})", sql::placeholders(cases.len() + 1, chains.len())));
    }
    sql.push_str(" ORDER BY shared_at, id");
    let mut query = sqlx::query(&sql);
    for case in cases {
        query = query.bind(case.to_string());
    }
    for chain in only_chains.unwrap_or_default() {
        query = query.bind(chain.to_string());
    }
    for row in query.fetch_all(&mut *conn).await? {
        out.entry(sql::id(&row, "case_id")?).or_default().push(decode(&row)?);
    }
    Ok(out)
}

fn decode(row: &AnyRow) -> sqlx::Result<Share> {
    Ok(Share {
        id: sql::id(row, "id")?,
        case_id: sql::id(row, "case_id")?,
        chain_id: sql::id(row, "chain_id")?,
        shared_at: sql::time(row, "shared_at")?,
        unshared_at: sql::optional_time(row, "unshared_at")?,
        counterparty_pseudonym: row.try_get("counterparty_pseudonym")?,
    })
}
