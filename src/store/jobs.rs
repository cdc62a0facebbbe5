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

pub struct LastRun {
    pub slot: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub outcome: Option<String>,
}

/// The most recent run of a job.
pub async fn last_run(conn: &mut AnyConnection, job: &str) -> sqlx::Result<Option<LastRun>> {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT slot, started_at, finished_at, outcome FROM job_runs WHERE job = $1 ORDER BY started_at DESC LIMIT 1",
    )
    .bind(job)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(LastRun {
            slot: row.try_get("slot")?,
            started_at: row.try_get("started_at")?,
            finished_at: row.try_get("finished_at")?,
            outcome: row.try_get("outcome")?,
        })
    })
    .transpose()
}
