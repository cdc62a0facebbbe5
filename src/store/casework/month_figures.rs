//! What the monthly overview counts, aggregated where the rows are: the cases first shared
//! in a region's chains in a month, counted by ground, domain and municipality, and a tally
//! of each chain pseudonym seen that month that may cross the pattern threshold in it. The
//! cost grows with the month's shares, not with the region's history.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{ChainId, OrganisationId};
use crate::domain::overview::{MonthCount, PseudonymTally};
use crate::store::sql;

/// An active share of `alias` under a consent (`consent`) not withdrawn.
fn active(alias: &str, consent: &str) -> String {
    format!(
        "{alias}.unshared_at IS NULL AND {consent}.withdrawn_at IS NULL AND {consent}.scope = 'share_pseudonymised'"
    )
}

/// The cases whose first active share in `chains` began in `[start, end)`, counted: one
/// "total" row, and a row per ground, domain and incident municipality ("" when unknown).
pub async fn first_shared_counts(
    conn: &mut AnyConnection,
    chains: &[ChainId],
    (start, end): (DateTime<Utc>, DateTime<Utc>),
) -> sqlx::Result<Vec<MonthCount>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let in_chains = sql::placeholders(3, chains.len());
    // CROSS JOIN keeps SQLite from reading all of case_grounds to probe the month's few cases.
    let sql = format!(
        "WITH firsts AS (
             SELECT DISTINCT s.case_id, c.domain, COALESCE(c.incident_municipality, '') AS place
             FROM case_shares s JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
             WHERE {} AND s.chain_id IN ({in_chains}) AND s.shared_at >= $1 AND s.shared_at < $2
               AND NOT EXISTS (SELECT 1 FROM case_shares e JOIN consents j ON j.id = e.consent_id
                   WHERE e.case_id = s.case_id AND {} AND e.chain_id IN ({in_chains}) AND e.shared_at < $1)
         )
         SELECT 'total' AS dimension, '' AS code, COUNT(*) AS cases FROM firsts
         UNION ALL
         SELECT 'ground', g.ground, COUNT(*) FROM firsts f CROSS JOIN case_grounds g WHERE g.case_id = f.case_id
         GROUP BY g.ground
         UNION ALL
         SELECT 'domain', domain, COUNT(*) FROM firsts GROUP BY domain
         UNION ALL
         SELECT 'municipality', place, COUNT(*) FROM firsts GROUP BY place",
        active("s", "k"),
        active("e", "j"),
    );
    let mut query = sqlx::query(&sql).bind(sql::micros(start)).bind(sql::micros(end));
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok(MonthCount {
                dimension: row.try_get("dimension")?,
                code: row.try_get("code")?,
                cases: row.try_get::<i64, _>("cases")? as usize,
            })
        })
        .collect()
}

/// For every chain pseudonym of a share in `chains` that began in `[start, end)` and that
/// had fewer than `threshold` active shares there before `start` (only those can cross it
/// in the month): those shares before `start` and before `end`, of how many organisations,
/// and whether `reader` owns one of the cases. Counting the earlier shares stops at the
/// threshold, so a counterparty reported for years costs no more than a new one.
pub async fn pseudonym_tallies(
    conn: &mut AnyConnection,
    chains: &[ChainId],
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    reader: OrganisationId,
    threshold: usize,
) -> sqlx::Result<Vec<PseudonymTally>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "WITH month_pseudonyms AS (
             SELECT DISTINCT s.chain_id, s.counterparty_pseudonym FROM case_shares s JOIN consents k ON k.id = s.consent_id
             WHERE {active} AND s.chain_id IN ({in_chains}) AND s.shared_at >= $1 AND s.shared_at < $2
               AND s.counterparty_pseudonym IS NOT NULL
         ), below_threshold AS (
             SELECT p.chain_id, p.counterparty_pseudonym FROM month_pseudonyms p
             WHERE (SELECT COUNT(*) FROM (
                       SELECT 1 FROM case_shares s JOIN consents k ON k.id = s.consent_id
                       WHERE s.chain_id = p.chain_id AND s.counterparty_pseudonym = p.counterparty_pseudonym
                         AND {active} AND s.shared_at < $1 LIMIT $4) AS earlier) < $4
         )
         SELECT p.counterparty_pseudonym AS pseudonym,
                SUM(CASE WHEN s.shared_at < $1 THEN 1 ELSE 0 END) AS before_month,
                COUNT(*) AS by_end,
                COUNT(DISTINCT c.organisation_id) AS organisations,
                SUM(CASE WHEN c.organisation_id = $3 THEN 1 ELSE 0 END) AS reader_owns
         FROM below_threshold p
           JOIN case_shares s ON s.chain_id = p.chain_id AND s.counterparty_pseudonym = p.counterparty_pseudonym
           JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
         WHERE {active} AND s.counterparty_pseudonym IS NOT NULL AND s.shared_at < $2
         GROUP BY p.counterparty_pseudonym",
        active = active("s", "k"),
        in_chains = sql::placeholders(5, chains.len()),
    );
    let mut query = sqlx::query(&sql)
        .bind(sql::micros(start))
        .bind(sql::micros(end))
        .bind(reader.to_string())
        .bind(threshold as i64);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok(PseudonymTally {
                pseudonym: row.try_get("pseudonym")?,
                before_month: row.try_get::<i64, _>("before_month")? as usize,
                by_end: row.try_get::<i64, _>("by_end")? as usize,
                organisations: row.try_get::<i64, _>("organisations")? as usize,
                reader_owns_one: row.try_get::<i64, _>("reader_owns")? > 0,
            })
        })
        .collect()
}
