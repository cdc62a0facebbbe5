//! The scheduler: tokio-cron-scheduler triggers each job at its times (Europe/Amsterdam);
//! `jobs::run` does the rest.

use std::sync::Arc;

use tokio_cron_scheduler::{Job as CronJob, JobScheduler};

use super::{run, Job};
use crate::service::Services;

/// Starts triggering every job; keep the returned scheduler alive while the service runs.
pub async fn start(services: Arc<Services>) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    for job in Job::ALL {
        let services = services.clone();
        let cron = CronJob::new_async_tz(job.schedule(), chrono_tz::Europe::Amsterdam, move |_, _| {
            let services = services.clone();
            Box::pin(async move {
                if let Err(error) = run(&services, job).await {
                    tracing::error!(job = job.name(), error = %format!("{error:#}"), "job failed");
                }
            })
        })?;
        scheduler.add(cron).await?;
    }
    scheduler.start().await?;
    Ok(scheduler)
}
