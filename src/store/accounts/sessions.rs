//! Login sessions. Only the token's hash is stored.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use crate::domain::actor::{Actor, Principal};
use crate::domain::ids::{SessionId, UserId};
use crate::domain::organisation::OrganisationKind;
use crate::domain::user::Language;
use crate::store::{accounts::roles, sql};

pub async fn insert(
    conn: &mut AnyConnection,
    id: SessionId,
    user: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)",
    )
    .bind(id.to_string())
    .bind(token_hash)
    .bind(user.to_string())
    .bind(sql::micros(now))
    .bind(sql::micros(expires_at))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The actor behind a session token that has neither expired nor been idle since
/// `idle_before`, and whose user is not disabled; with the moment it was last used.
pub async fn actor_for_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_before: DateTime<Utc>,
) -> sqlx::Result<Option<(Actor, DateTime<Utc>)>> {
    let row = sqlx::query(
        "SELECT s.id AS session_id, s.last_seen_at, u.id AS user_id, u.organisation_id, o.kind, u.language
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         JOIN organisations o ON o.id = u.organisation_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(sql::micros(now))
    .bind(sql::micros(idle_before))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user_id: UserId = sql::id(&row, "user_id")?;

    let actor = Actor {
        principal: Principal::User { user_id, session_id: sql::id(&row, "session_id")? },
        organisation_id: sql::id(&row, "organisation_id")?,
        organisation_kind: sql::code(&row, "kind", OrganisationKind::parse)?,
        roles: roles::of_one(conn, user_id).await?,
        language: sql::code(&row, "language", Language::parse)?,
    };
    Ok(Some((actor, sql::time(&row, "last_seen_at")?)))
}

/// Marks the session used at `now`.
pub async fn touch(conn: &mut AnyConnection, id: SessionId, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2")
        .bind(id.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn delete(conn: &mut AnyConnection, id: SessionId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id.to_string()).execute(&mut *conn).await.map(|_| ())
}

pub async fn delete_for_user(conn: &mut AnyConnection, user: UserId) -> sqlx::Result<u64> {
    let result =
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.to_string()).execute(&mut *conn).await?;
    Ok(result.rows_affected())
}

/// Ends every session of the user but `keep`.
pub async fn delete_others(conn: &mut AnyConnection, user: UserId, keep: SessionId) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user.to_string())
        .bind(keep.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected())
}

/// A session as its user sees it on the account page.
pub struct SessionSummary {
    pub id: SessionId,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The user's sessions that still hold, most recently used first.
pub async fn live_of_user(
    conn: &mut AnyConnection,
    user: UserId,
    now: DateTime<Utc>,
    idle_before: DateTime<Utc>,
) -> sqlx::Result<Vec<SessionSummary>> {
    let rows = sqlx::query(
        "SELECT id, created_at, last_seen_at, expires_at FROM sessions
         WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC, id",
    )
    .bind(user.to_string())
    .bind(sql::micros(now))
    .bind(sql::micros(idle_before))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SessionSummary {
                id: sql::id(row, "id")?,
                created_at: sql::time(row, "created_at")?,
                last_seen_at: sql::time(row, "last_seen_at")?,
                expires_at: sql::time(row, "expires_at")?,
            })
        })
        .collect()
}

pub async fn delete_expired(conn: &mut AnyConnection, now: DateTime<Utc>) -> sqlx::Result<u64> {
    let result =
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(sql::micros(now)).execute(&mut *conn).await?;
    Ok(result.rows_affected())
}

/// Whether the session still exists, has neither expired nor been idle too long, and its
/// user is not disabled.
pub async fn is_live(
    conn: &mut AnyConnection,
    id: SessionId,
    now: DateTime<Utc>,
    idle_before: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL",
    )
    .bind(id.to_string())
    .bind(sql::micros(now))
    .bind(sql::micros(idle_before))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}
