//! Chains and their member organisations.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::chain::{Chain, ChainScopeKind};
use crate::domain::ids::{ChainId, OrganisationId};
use crate::store::sql::{self, Page, PageRequest};

pub async fn insert(conn: &mut AnyConnection, chain: &Chain, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO chains (id, name, scope_kind, scope, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(chain.id.to_string())
        .bind(&chain.name)
        .bind(chain.scope_kind.as_str())
        .bind(&chain.scope)
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Adds a member; adding one that is already a member changes nothing.
pub async fn add_member(
    conn: &mut AnyConnection,
    chain: ChainId,
    org: OrganisationId,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO chain_members (chain_id, organisation_id, joined_at) VALUES ($1, $2, $3)
         ON CONFLICT (chain_id, organisation_id) DO NOTHING",
    )
    .bind(chain.to_string())
    .bind(org.to_string())
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn find_by_name(conn: &mut AnyConnection, name: &str) -> sqlx::Result<Option<Chain>> {
    let row = sqlx::query("SELECT id, name, scope_kind, scope FROM chains WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decode).transpose()
}

/// The chains `member` belongs to: the scope is part of the query, so a caller cannot
/// forget it.
pub async fn list_for_member(
    conn: &mut AnyConnection,
    member: OrganisationId,
    page: &PageRequest,
) -> sqlx::Result<Page<Chain>> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.scope_kind, c.scope FROM chains c
         JOIN chain_members m ON m.chain_id = c.id AND m.organisation_id = $1
         WHERE $2 IS NULL OR (c.name, c.id) > (SELECT c2.name, c2.id FROM chains c2
              JOIN chain_members m2 ON m2.chain_id = c2.id AND m2.organisation_id = $1 WHERE c2.id = $2)
         ORDER BY c.name, c.id LIMIT $3",
    )
    .bind(member.to_string())
    .bind(page.after_text())
    .bind(page.limit())
    .fetch_all(&mut *conn)
    .await?;
    let chains = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(chains, page))
}

/// Member organisation ids of the given chains, as (chain, member) pairs.
pub async fn members_of(conn: &mut AnyConnection, chains: &[ChainId]) -> sqlx::Result<Vec<(ChainId, OrganisationId)>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT chain_id, organisation_id FROM chain_members WHERE chain_id IN ({})",
        sql::placeholders(1, chains.len())
    );
    let mut query = sqlx::query(&sql);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(|row| Ok((sql::id(row, "chain_id")?, sql::id(row, "organisation_id")?))).collect()
}

fn decode(row: &AnyRow) -> sqlx::Result<Chain> {
    Ok(Chain {
        id: sql::id(row, "id")?,
        name: row.try_get("name")?,
        scope_kind: sql::code(row, "scope_kind", ChainScopeKind::parse)?,
        scope: row.try_get("scope")?,
    })
}

/// The chains whose shared casework an organisation sees: those it is a member of, and any
/// chain for a region among `provinces` (an expertise centre's region).
pub async fn visible_ids(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    provinces: &[String],
) -> sqlx::Result<Vec<ChainId>> {
    let regional = if provinces.is_empty() {
        String::new()
    } else {
        format!(" OR (c.scope_kind = 'region' AND c.scope IN ({}))", sql::placeholders(2, provinces.len()))
    };
    let sql = format!(
        "SELECT c.id FROM chains c
         WHERE EXISTS (SELECT 1 FROM chain_members m WHERE m.chain_id = c.id AND m.organisation_id = $1){regional}
         ORDER BY c.id"
    );
    let mut query = sqlx::query(&sql).bind(organisation.to_string());
    for province in provinces {
        query = query.bind(province);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(|row| sql::id(row, "id")).collect()
}

pub async fn is_member(conn: &mut AnyConnection, chain: ChainId, organisation: OrganisationId) -> sqlx::Result<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT chain_id FROM chain_members WHERE chain_id = $1 AND organisation_id = $2")
            .bind(chain.to_string())
            .bind(organisation.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}
