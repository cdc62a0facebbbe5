//! Counterparties set per person per day, so that trying names on own cases is limited.

use sqlx::AnyConnection;

/// What a day's row counts.
#[derive(Debug, Clone, Copy)]
pub enum Tally {
    /// A counterparty set.
    Change,
    /// A counterparty refused over the limit.
    Refusal,
}

/// Counts one more of `tally` for `principal` on `day` and returns the day's count of it,
/// this one included. One statement, so parallel requests each see their own number.
pub async fn count(conn: &mut AnyConnection, principal: &str, day: &str, tally: Tally) -> sqlx::Result<i64> {
    let (column, changes, refusals) = match tally {
        Tally::Change => ("changes", 1, 0),
        Tally::Refusal => ("refusals", 0, 1),
    };
    sqlx::query_scalar(&format!(
        "INSERT INTO counterparty_changes (principal, day, changes, refusals) VALUES ($1, $2, {changes}, {refusals})
         ON CONFLICT (principal, day) DO UPDATE SET {column} = counterparty_changes.{column} + 1
         RETURNING {column}"
    ))
    .bind(principal)
    .bind(day)
    .fetch_one(&mut *conn)
    .await
}
