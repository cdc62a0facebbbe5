//! Scheduled-job runs: one row per job and slot, so a slot runs once across all instances.

use sqlx::AnyConnection;

/// Claims a slot for this instance; false when another run has it already.
pub async fn claim(conn: &mut AnyConnection, job: &str, slot: &str, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO job_runs (job, slot, started_at) VALUES ($1, $2, $3) ON CONFLICT (job, slot) DO NOTHING",
    )
    .bind(job)
    .bind(slot)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn finish(conn: &mut AnyConnection, job: &str, slot: &str, now: i64, outcome: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE job_runs SET finished_at = $3, outcome = $4 WHERE job = $1 AND slot = $2")
        .bind(job)
        .bind(slot)
        .bind(now)
        .bind(outcome)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}
