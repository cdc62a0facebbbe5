//! Scheduled jobs from the shell: what runs when, and running one now.

use anyhow::bail;
use clap::Subcommand;

use super::admin::open;
use crate::config::Config;
use crate::jobs::{last_run, run_now, Job, RunOutcome};
use crate::service::accounts::access::Operator;
use crate::store::sql;

#[derive(Subcommand)]
pub enum JobsCommand {
    /// Each job with its schedule (Europe/Amsterdam), last run and next run.
    List,
    /// Run a job now (safe: every job is idempotent).
    Run {
        /// escalate-referrals or plan-meetings.
        name: String,
    },
}

pub async fn run(config: &Config, command: JobsCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    match command {
        JobsCommand::List => {
            println!("{:<20} {:<16} {:<28} next run", "job", "schedule", "last run");
            for job in Job::ALL {
                let last = last_run(&services, &Operator::command_line(), job).await?;
                let last = match last {
                    Some(run) => format!(
                        "{} ({})",
                        sql::from_micros(run.started_at).format("%Y-%m-%d %H:%M"),
                        run.outcome
                            .unwrap_or_else(|| if run.finished_at.is_some() { "done" } else { "running" }.to_string())
                    ),
                    None => "never".to_string(),
                };
                let next = job
                    .next_run(chrono::Utc::now())
                    .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default();
                println!("{:<20} {:<16} {:<28} {next}", job.name(), job.schedule(), last);
            }
        }
        JobsCommand::Run { name } => {
            let Some(job) = Job::parse(&name) else {
                let names: Vec<_> = Job::ALL.iter().map(|j| j.name()).collect();
                bail!("no job {name}; one of {}", names.join(", "));
            };
            match run_now(&services, job).await? {
                RunOutcome::Ran(outcome) => println!("{}: {outcome}", job.name()),
                RunOutcome::AlreadyRan => println!("{}: already ran", job.name()),
            }
        }
    }
    Ok(())
}
