//! Counterparties set per person per day, so that trying names on own cases is limited.

use sqlx::AnyConnection;

/// Counts one more counterparty set by `principal` on `day` and returns the day's count, this
/// one included. One statement, so parallel requests each see their own number.
pub async fn count_change(conn: &mut AnyConnection, principal: &str, day: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO counterparty_changes (principal, day, changes, refusals) VALUES ($1, $2, 1, 0)
         ON CONFLICT (principal, day) DO UPDATE SET changes = counterparty_changes.changes + 1
         RETURNING changes",
    )
    .bind(principal)
    .bind(day)
    .fetch_one(&mut *conn)
    .await
}

/// Counts one more refusal of `principal` on `day` and returns the day's refusals.
pub async fn count_refusal(conn: &mut AnyConnection, principal: &str, day: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO counterparty_changes (principal, day, changes, refusals) VALUES ($1, $2, 0, 1)
         ON CONFLICT (principal, day) DO UPDATE SET refusals = counterparty_changes.refusals + 1
         RETURNING refusals",
    )
    .bind(principal)
    .bind(day)
    .fetch_one(&mut *conn)
    .await
}
