//! Organisations and the municipalities they serve.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::OrganisationId;
use crate::domain::organisation::{Organisation, OrganisationKind};
use crate::store::sql::{self, Page, PageRequest};

const COLUMNS: &str = "id, kind, name, region";

pub async fn insert(conn: &mut AnyConnection, org: &Organisation, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO organisations (id, kind, name, region, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(org.id.to_string())
        .bind(org.kind.as_str())
        .bind(&org.name)
        .bind(&org.region)
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    for code in &org.municipality_codes {
        sqlx::query("INSERT INTO organisation_municipalities (organisation_id, municipality_code) VALUES ($1, $2)")
            .bind(org.id.to_string())
            .bind(code)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: OrganisationId) -> sqlx::Result<Option<Organisation>> {
    Ok(by_ids(conn, &[id]).await?.into_iter().next())
}

pub async fn find_by_name(conn: &mut AnyConnection, name: &str) -> sqlx::Result<Option<Organisation>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM organisations WHERE name = $1"))
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(with_municipalities(conn, vec![decode(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

/// Every organisation, by name. Organisations are the chain's directory: any signed-in
/// partner may see who the others are.
pub async fn list(conn: &mut AnyConnection, page: &PageRequest) -> sqlx::Result<Page<Organisation>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organisations
         WHERE $1 IS NULL OR (name, id) > (SELECT name, id FROM organisations WHERE id = $1)
         ORDER BY name, id LIMIT $2"
    ))
    .bind(page.after_text())
    .bind(page.limit())
    .fetch_all(&mut *conn)
    .await?;
    let orgs = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(with_municipalities(conn, orgs).await?, page))
}

/// Every organisation of a kind, by name.
pub async fn of_kind(conn: &mut AnyConnection, kind: OrganisationKind) -> sqlx::Result<Vec<Organisation>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM organisations WHERE kind = $1 ORDER BY name"))
        .bind(kind.as_str())
        .fetch_all(&mut *conn)
        .await?;
    let orgs = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    with_municipalities(conn, orgs).await
}

/// The organisations with these ids, each with its municipalities, in one statement (the
/// GraphQL loader of every page reads them).
pub async fn by_ids(conn: &mut AnyConnection, ids: &[OrganisationId]) -> sqlx::Result<Vec<Organisation>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT o.id, o.kind, o.name, o.region, m.municipality_code
         FROM organisations o LEFT JOIN organisation_municipalities m ON m.organisation_id = o.id
         WHERE o.id IN ({}) ORDER BY o.id, m.municipality_code",
        sql::placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id.to_string());
    }
    let mut orgs: Vec<Organisation> = Vec::new();
    for row in query.fetch_all(&mut *conn).await? {
        let id: OrganisationId = sql::id(&row, "id")?;
        if orgs.last().is_none_or(|last| last.id != id) {
            orgs.push(decode(&row)?);
        }
        if let (Some(org), Some(code)) = (orgs.last_mut(), row.try_get::<Option<String>, _>("municipality_code")?) {
            org.municipality_codes.push(code);
        }
    }
    Ok(orgs)
}

async fn with_municipalities(conn: &mut AnyConnection, mut orgs: Vec<Organisation>) -> sqlx::Result<Vec<Organisation>> {
    if orgs.is_empty() {
        return Ok(orgs);
    }
    let sql = format!(
        "SELECT organisation_id, municipality_code FROM organisation_municipalities
         WHERE organisation_id IN ({}) ORDER BY municipality_code",
        sql::placeholders(1, orgs.len())
    );
    let mut query = sqlx::query(&sql);
    for org in &orgs {
        query = query.bind(org.id.to_string());
    }
    let mut codes: HashMap<OrganisationId, Vec<String>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        codes.entry(sql::id(&row, "organisation_id")?).or_default().push(row.try_get("municipality_code")?);
    }
    for org in &mut orgs {
        org.municipality_codes = codes.remove(&org.id).unwrap_or_default();
    }
    Ok(orgs)
}

fn decode(row: &AnyRow) -> sqlx::Result<Organisation> {
    Ok(Organisation {
        id: sql::id(row, "id")?,
        kind: sql::code(row, "kind", OrganisationKind::parse)?,
        name: row.try_get("name")?,
        region: row.try_get("region")?,
        municipality_codes: Vec::new(),
    })
}

pub async fn case_prefix(conn: &mut AnyConnection, id: OrganisationId) -> sqlx::Result<Option<String>> {
    let prefix: Option<Option<String>> = sqlx::query_scalar("SELECT case_prefix FROM organisations WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(prefix.flatten())
}

pub async fn set_case_prefix(conn: &mut AnyConnection, id: OrganisationId, prefix: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE organisations SET case_prefix = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(prefix)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}
