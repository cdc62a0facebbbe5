//! Failed-login counters in fixed windows, kept in the database so that every instance of
//! the service counts the same attempts.

use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, Row};

use crate::store::sql;

/// Counts an attempt for `key` before its password is checked, and returns the count in the
/// window, this attempt included; a window that has closed starts again at one. One
/// statement, so parallel guesses each see their own number and none slips under the limit.
pub async fn count_attempt(
    conn: &mut AnyConnection,
    key: &str,
    now: DateTime<Utc>,
    window: Duration,
) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_started_at > $3 THEN login_throttle.failures + 1 ELSE 1 END,
           window_started_at = CASE WHEN login_throttle.window_started_at > $3 THEN login_throttle.window_started_at ELSE $2 END
         RETURNING failures",
    )
    .bind(key)
    .bind(sql::micros(now))
    .bind(sql::micros(now - window))
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("failures")
}

/// Takes back an attempt that proved to be a good login.
pub async fn release_attempt(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
        .bind(key)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(&mut *conn).await.map(|_| ())
}
