//! Organisations' age key pairs. The current key is the one without `retired_at`; retired
//! keys are kept, because data sealed to them (an unopened referral) must stay openable.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{OrganisationId, OrganisationKeyId};
use crate::store::sql;

#[derive(Debug, Clone)]
pub struct OrganisationKey {
    pub id: OrganisationKeyId,
    pub organisation_id: OrganisationId,
    /// The public recipient, `age1…`.
    pub recipient: String,
    /// The identity sealed to the master key; `None` when the organisation keeps it offline.
    pub sealed_identity: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, organisation_id, recipient, sealed_identity, created_at, retired_at";

pub async fn insert(conn: &mut AnyConnection, key: &OrganisationKey) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO organisation_keys (id, organisation_id, recipient, sealed_identity, created_at, retired_at)
         VALUES ($1, $2, $3, $4, $5, NULL)",
    )
    .bind(key.id.to_string())
    .bind(key.organisation_id.to_string())
    .bind(&key.recipient)
    .bind(key.sealed_identity.clone())
    .bind(sql::micros(key.created_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn current(conn: &mut AnyConnection, organisation: OrganisationId) -> sqlx::Result<Option<OrganisationKey>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organisation_keys WHERE organisation_id = $1 AND retired_at IS NULL"
    ))
    .bind(organisation.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(decode).transpose()
}

pub async fn find(conn: &mut AnyConnection, id: OrganisationKeyId) -> sqlx::Result<Option<OrganisationKey>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM organisation_keys WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decode).transpose()
}

pub async fn retire(conn: &mut AnyConnection, id: OrganisationKeyId, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE organisation_keys SET retired_at = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Organisations that have no current key (created before keys existed).
pub async fn organisations_without_key(conn: &mut AnyConnection) -> sqlx::Result<Vec<OrganisationId>> {
    let rows = sqlx::query(
        "SELECT id FROM organisations o
         WHERE NOT EXISTS (SELECT 1 FROM organisation_keys k WHERE k.organisation_id = o.id AND k.retired_at IS NULL)",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| sql::id(row, "id")).collect()
}

fn decode(row: &AnyRow) -> sqlx::Result<OrganisationKey> {
    Ok(OrganisationKey {
        id: sql::id(row, "id")?,
        organisation_id: sql::id(row, "organisation_id")?,
        recipient: row.try_get("recipient")?,
        sealed_identity: row.try_get("sealed_identity")?,
        created_at: sql::time(row, "created_at")?,
        retired_at: sql::optional_time(row, "retired_at")?,
    })
}

/// Every key of an organisation, current first: what opens data sealed to it at any time.
pub async fn all_of(conn: &mut AnyConnection, organisation: OrganisationId) -> sqlx::Result<Vec<OrganisationKey>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organisation_keys WHERE organisation_id = $1 ORDER BY retired_at IS NOT NULL, created_at DESC"
    ))
    .bind(organisation.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}
