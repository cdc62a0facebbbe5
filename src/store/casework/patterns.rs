//! What links cases about the same counterparty: the link key on the case, the chains'
//! pseudonyms on the shares, and the patterns they form in a chain.

use sqlx::{AnyConnection, Row};

use super::case_rows::{decode, with_codes, COLUMNS};
use crate::domain::case::Case;
use crate::domain::ids::{CaseId, ChainId, OrganisationId};
use crate::store::sql;

/// An active share under a consent not withdrawn, as `s` joined to `k`.
const ACTIVE_SHARE: &str = "s.unshared_at IS NULL AND k.withdrawn_at IS NULL AND k.scope = 'share_pseudonymised'";

/// The cases shared to `chain` about any of `pseudonyms` (the chain's), each with its
/// pseudonym there, oldest first.
pub async fn shared_with_pseudonyms(
    conn: &mut AnyConnection,
    chain: ChainId,
    pseudonyms: &[String],
) -> sqlx::Result<Vec<(String, Case)>> {
    if pseudonyms.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS}, s.counterparty_pseudonym AS chain_pseudonym
         FROM case_shares s JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
         WHERE s.chain_id = $1 AND {ACTIVE_SHARE} AND s.counterparty_pseudonym IN ({})
         ORDER BY c.created_at, c.id",
        sql::placeholders(2, pseudonyms.len()),
    );
    let mut query = sqlx::query(&sql).bind(chain.to_string());
    for pseudonym in pseudonyms {
        query = query.bind(pseudonym);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let pseudonyms = rows.iter().map(|row| row.try_get("chain_pseudonym")).collect::<sqlx::Result<Vec<String>>>()?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(pseudonyms.into_iter().zip(with_codes(conn, cases).await?).collect())
}

/// Cases shared to any of `chains` about the counterparty with one of those chains' pseudonyms.
pub async fn with_pseudonym(conn: &mut AnyConnection, chains: &[ChainId], pseudonym: &str) -> sqlx::Result<Vec<Case>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c WHERE c.id IN (
             SELECT s.case_id FROM case_shares s JOIN consents k ON k.id = s.consent_id
             WHERE s.counterparty_pseudonym = $1 AND {ACTIVE_SHARE} AND s.chain_id IN ({}))
         ORDER BY c.created_at DESC LIMIT 500",
        sql::placeholders(2, chains.len())
    );
    let mut query = sqlx::query(&sql).bind(pseudonym);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    with_codes(conn, cases).await
}

/// How many cases, and of how many organisations, are shared to `chain` under `pseudonym`.
pub async fn pattern_counts(conn: &mut AnyConnection, chain: ChainId, pseudonym: &str) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query(&format!(
        "SELECT COUNT(DISTINCT c.id) AS reports, COUNT(DISTINCT c.organisation_id) AS organisations
         FROM case_shares s JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
         WHERE s.chain_id = $1 AND s.counterparty_pseudonym = $2 AND {ACTIVE_SHARE}"
    ))
    .bind(chain.to_string())
    .bind(pseudonym)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("reports")?, row.try_get("organisations")?))
}

/// Forgets the counterparty's link key and every chain's pseudonym of it: nothing links the
/// case to others any more.
pub async fn clear_pseudonym(conn: &mut AnyConnection, id: CaseId) -> sqlx::Result<()> {
    sqlx::query("UPDATE cases SET counterparty_pseudonym = NULL WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE case_shares SET counterparty_pseudonym = NULL WHERE case_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The counterparty link key of a case of `owner`, if it names a counterparty.
pub async fn counterparty_link(
    conn: &mut AnyConnection,
    owner: OrganisationId,
    id: CaseId,
) -> sqlx::Result<Option<String>> {
    let link: Option<Option<String>> =
        sqlx::query_scalar("SELECT counterparty_pseudonym FROM cases WHERE id = $1 AND organisation_id = $2")
            .bind(id.to_string())
            .bind(owner.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(link.flatten())
}
