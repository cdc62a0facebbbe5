//! API tokens for machine clients: one organisation, a set of roles, an expiry.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::actor::{Actor, Principal};
use crate::domain::api_token::ApiToken;
use crate::domain::ids::{ApiTokenId, OrganisationId, UserId};
use crate::domain::organisation::OrganisationKind;
use crate::domain::role::RoleSet;
use crate::domain::user::Language;
use crate::store::accounts::roles;
use crate::store::sql::{self, Page, PageRequest};

pub async fn insert(conn: &mut AnyConnection, token: &ApiToken, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, organisation_id, name, token_hash, created_by, created_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
    )
    .bind(token.id.to_string())
    .bind(token.organisation_id.to_string())
    .bind(&token.name)
    .bind(token_hash)
    .bind(token.created_by.map(|id| id.to_string()))
    .bind(sql::micros(token.created_at))
    .bind(sql::micros(token.expires_at))
    .execute(&mut *conn)
    .await?;
    roles::insert(conn, token.id, &token.roles).await
}

/// The actor behind an API token that is neither expired nor revoked.
pub async fn actor_for_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Actor>> {
    let row = sqlx::query(
        "SELECT t.id, t.organisation_id, o.kind, COALESCE(maker.language, 'nl') AS language FROM api_tokens t
         JOIN organisations o ON o.id = t.organisation_id
         LEFT JOIN users maker ON maker.id = t.created_by
         WHERE t.token_hash = $1 AND t.expires_at > $2 AND t.revoked_at IS NULL",
    )
    .bind(token_hash)
    .bind(sql::micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let token_id: ApiTokenId = sql::id(&row, "id")?;
    Ok(Some(Actor {
        principal: Principal::ApiToken { token_id },
        organisation_id: sql::id(&row, "organisation_id")?,
        organisation_kind: sql::code(&row, "kind", OrganisationKind::parse)?,
        roles: roles::of_one(conn, token_id).await?,
        language: sql::code(&row, "language", Language::parse)?,
    }))
}

pub async fn list_in_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    page: &PageRequest,
) -> sqlx::Result<Page<ApiToken>> {
    let rows = sqlx::query(
        "SELECT id, organisation_id, name, created_by, created_at, expires_at, revoked_at FROM api_tokens
         WHERE organisation_id = $1
           AND ($2 IS NULL OR (name, id) > (SELECT name, id FROM api_tokens WHERE id = $2 AND organisation_id = $1))
         ORDER BY name, id LIMIT $3",
    )
    .bind(organisation.to_string())
    .bind(page.after_text())
    .bind(page.limit())
    .fetch_all(&mut *conn)
    .await?;
    let mut tokens = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    let ids: Vec<ApiTokenId> = tokens.iter().map(|t| t.id).collect();
    let mut roles = roles::of(conn, &ids).await?;
    for token in &mut tokens {
        token.roles = roles.remove(&token.id).unwrap_or_else(|| RoleSet::from_stored([]));
    }
    Ok(Page::from_rows(tokens, page))
}

/// Revokes a token of one organisation. False when that organisation has no such token.
pub async fn revoke(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    id: ApiTokenId,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM api_tokens WHERE id = $1 AND organisation_id = $2")
        .bind(id.to_string())
        .bind(organisation.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Ok(false);
    }
    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

fn decode(row: &AnyRow) -> sqlx::Result<ApiToken> {
    let created_by: Option<String> = row.try_get("created_by")?;
    Ok(ApiToken {
        id: sql::id(row, "id")?,
        organisation_id: sql::id(row, "organisation_id")?,
        name: row.try_get("name")?,
        roles: RoleSet::from_stored([]),
        created_by: created_by.and_then(|id| id.parse().ok()),
        created_at: sql::time(row, "created_at")?,
        expires_at: sql::time(row, "expires_at")?,
        revoked_at: sql::optional_time(row, "revoked_at")?,
    })
}

/// Whether the token has neither expired nor been revoked.
pub async fn is_live(conn: &mut AnyConnection, id: ApiTokenId, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM api_tokens WHERE id = $1 AND expires_at > $2 AND revoked_at IS NULL")
            .bind(id.to_string())
            .bind(sql::micros(now))
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// Who made a token (`None` for one made on the command line).
pub async fn created_by(conn: &mut AnyConnection, id: ApiTokenId) -> sqlx::Result<Option<UserId>> {
    let found: Option<Option<String>> = sqlx::query_scalar("SELECT created_by FROM api_tokens WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    found
        .flatten()
        .map(|id| id.parse().map_err(|_| sqlx::Error::Decode("a stored user id does not parse".into())))
        .transpose()
}
