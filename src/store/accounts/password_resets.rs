//! Links to set a new password: only the token's hash is stored; each works once.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use crate::domain::ids::UserId;
use crate::store::sql;

/// Records a new link; the user's earlier links end with it.
pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user: UserId,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1 OR expires_at <= $2")
        .bind(user.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)")
        .bind(token_hash)
        .bind(user.to_string())
        .bind(sql::micros(now))
        .bind(sql::micros(expires_at))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The user of a link that is unused, unexpired, and whose user is not disabled.
pub async fn live_user(conn: &mut AnyConnection, token_hash: &str, now: DateTime<Utc>) -> sqlx::Result<Option<UserId>> {
    let row = sqlx::query(
        "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(sql::micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| sql::id(&row, "user_id")).transpose()
}

/// Uses the link up: true for the one request that does.
pub async fn use_up(conn: &mut AnyConnection, token_hash: &str, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
           AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)",
    )
    .bind(token_hash)
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
