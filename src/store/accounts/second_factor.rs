//! Second factors: a user's sealed TOTP secret, their recovery codes (hashes only), and the
//! short-lived challenges between a good password and the code.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use crate::domain::ids::UserId;
use crate::domain::second_factor::ChallengePurpose;
use crate::store::sql;

pub struct StoredTotp {
    pub sealed_secret: Vec<u8>,
    pub confirmed: bool,
    pub last_used_step: i64,
    /// For an enrolment not yet confirmed: the sign-in or session that started it.
    pub pending_for: Option<String>,
}

pub async fn totp_of(conn: &mut AnyConnection, user: UserId) -> sqlx::Result<Option<StoredTotp>> {
    let row = sqlx::query(
        "SELECT sealed_secret, confirmed_at, last_used_step, pending_for FROM user_totp WHERE user_id = $1",
    )
    .bind(user.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(StoredTotp {
            sealed_secret: row.try_get("sealed_secret")?,
            confirmed: sql::optional_time(&row, "confirmed_at")?.is_some(),
            last_used_step: row.try_get("last_used_step")?,
            pending_for: row.try_get("pending_for")?,
        })
    })
    .transpose()
}

/// Whether the user has a confirmed second factor.
pub async fn has_confirmed_totp(conn: &mut AnyConnection, user: UserId) -> sqlx::Result<bool> {
    Ok(totp_of(conn, user).await?.is_some_and(|t| t.confirmed))
}

/// Starts an enrolment for `pending_for` (a sign-in or session): replaces a pending one,
/// never a confirmed one.
pub async fn insert_pending(
    conn: &mut AnyConnection,
    user: UserId,
    sealed_secret: &[u8],
    pending_for: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_totp WHERE user_id = $1 AND confirmed_at IS NULL")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO user_totp (user_id, sealed_secret, created_at, confirmed_at, last_used_step, pending_for) VALUES ($1, $2, $3, NULL, 0, $4)")
        .bind(user.to_string())
        .bind(sealed_secret.to_vec())
        .bind(sql::micros(now))
        .bind(pending_for)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn confirm(conn: &mut AnyConnection, user: UserId, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE user_totp SET confirmed_at = $2, pending_for = NULL WHERE user_id = $1 AND confirmed_at IS NULL",
    )
    .bind(user.to_string())
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Takes the time step of an accepted code, if it is later than the last one taken. One
/// statement, so two sign-ins racing with the same code cannot both win.
pub async fn take_step(conn: &mut AnyConnection, user: UserId, step: i64) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE user_totp SET last_used_step = $2 WHERE user_id = $1 AND last_used_step < $2")
        .bind(user.to_string())
        .bind(step)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Removes the second factor and its recovery codes.
pub async fn delete_totp(conn: &mut AnyConnection, user: UserId) -> sqlx::Result<()> {
    for statement in ["DELETE FROM recovery_codes WHERE user_id = $1", "DELETE FROM user_totp WHERE user_id = $1"] {
        sqlx::query(statement).bind(user.to_string()).execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn replace_recovery_codes(conn: &mut AnyConnection, user: UserId, hashes: &[String]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.to_string()).execute(&mut *conn).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)")
            .bind(user.to_string())
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses a recovery code: true if it was the user's and unused.
pub async fn use_recovery_code(
    conn: &mut AnyConnection,
    user: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let result =
        sqlx::query("UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL")
            .bind(user.to_string())
            .bind(hash)
            .bind(sql::micros(now))
            .execute(&mut *conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn unused_recovery_codes(conn: &mut AnyConnection, user: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user.to_string())
        .fetch_one(&mut *conn)
        .await
}

pub struct Challenge {
    pub user_id: UserId,
    pub purpose: ChallengePurpose,
    pub failures: i64,
}

/// Records a challenge; the user's earlier ones end, so only the latest password counts, and
/// any expired challenge is cleared away.
pub async fn insert_challenge(
    conn: &mut AnyConnection,
    token_hash: &str,
    user: UserId,
    purpose: ChallengePurpose,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_challenges WHERE user_id = $1 OR expires_at <= $2")
        .bind(user.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO login_challenges (token_hash, user_id, purpose, created_at, expires_at, failures)
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(token_hash)
    .bind(user.to_string())
    .bind(purpose.as_str())
    .bind(sql::micros(now))
    .bind(sql::micros(expires_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// A challenge that has not expired, of a user who is not disabled.
pub async fn live_challenge(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Challenge>> {
    let row = sqlx::query(
        "SELECT c.user_id, c.purpose, c.failures FROM login_challenges c JOIN users u ON u.id = c.user_id
         WHERE c.token_hash = $1 AND c.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(sql::micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Challenge {
            user_id: sql::id(&row, "user_id")?,
            purpose: sql::code(&row, "purpose", ChallengePurpose::parse)?,
            failures: row.try_get::<i64, _>("failures")?,
        })
    })
    .transpose()
}

pub async fn count_challenge_failure(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_challenges SET failures = failures + 1 WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Uses a challenge up: true for the one request that does.
pub async fn delete_challenge(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<bool> {
    let result =
        sqlx::query("DELETE FROM login_challenges WHERE token_hash = $1").bind(token_hash).execute(&mut *conn).await?;
    Ok(result.rows_affected() == 1)
}

pub async fn delete_challenges_of(conn: &mut AnyConnection, user: UserId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_challenges WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await
        .map(|_| ())
}
