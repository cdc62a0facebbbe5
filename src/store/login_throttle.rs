//! Failed-login counters in fixed windows, kept in the database so that every instance of
//! the service counts the same attempts.

use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, Row};

use super::sql;

/// Failures counted for `key` in the window that is still open at `now`.
pub async fn failures(conn: &mut AnyConnection, key: &str, now: DateTime<Utc>, window: Duration) -> sqlx::Result<i64> {
    let row = sqlx::query("SELECT failures FROM login_throttle WHERE key = $1 AND window_started_at > $2")
        .bind(key)
        .bind(sql::micros(now - window))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| row.try_get("failures")).transpose().map(|n| n.unwrap_or(0))
}

/// Counts one failure; a window that has closed starts again at one.
pub async fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    now: DateTime<Utc>,
    window: Duration,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_started_at > $3 THEN login_throttle.failures + 1 ELSE 1 END,
           window_started_at = CASE WHEN login_throttle.window_started_at > $3 THEN login_throttle.window_started_at ELSE $2 END",
    )
    .bind(key)
    .bind(sql::micros(now))
    .bind(sql::micros(now - window))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(&mut *conn).await.map(|_| ())
}
