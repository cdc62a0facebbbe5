//! Scheduled work. Each job is a plain function on the service layer that tests call with a
//! clock they control; the scheduler only triggers it. A job runs once per slot across every
//! instance: the slot is claimed in `job_runs` first, and a second claim finds it taken.

pub mod schedule;

use std::sync::Arc;

use crate::service::accounts::access::Operator;
use crate::service::Services;
use crate::store::{jobs, sql};

/// The jobs this service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Reports referrals not opened in time.
    EscalateReferrals,
    /// Plans each series' meetings up to its horizon and sends the invitations.
    PlanMeetings,
    /// Mails each person about their actions overdue or due soon, once a day.
    ActionReminders,
    /// Reminds invitees a configured number of days before a meeting.
    MeetingReminders,
    /// Keeps the next meeting's agenda up to date and freezes agendas before their meeting.
    PrepareAgendas,
    /// Mails expertise centres' analysts last month's overview on the first working day.
    MonthlyOverview,
}

impl Job {
    pub const ALL: [Job; 6] = [
        Job::EscalateReferrals,
        Job::PlanMeetings,
        Job::ActionReminders,
        Job::MeetingReminders,
        Job::PrepareAgendas,
        Job::MonthlyOverview,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Job::EscalateReferrals => "escalate-referrals",
            Job::PlanMeetings => "plan-meetings",
            Job::ActionReminders => "action-reminders",
            Job::MeetingReminders => "meeting-reminders",
            Job::PrepareAgendas => "prepare-agendas",
            Job::MonthlyOverview => "monthly-overview",
        }
    }

    /// When it runs, as a cron expression with seconds, in Europe/Amsterdam.
    pub fn schedule(self) -> &'static str {
        match self {
            // Hourly, so a referral is escalated within the hour it becomes due.
            Job::EscalateReferrals => "0 5 * * * *",
            // Daily at 02:15.
            Job::PlanMeetings => "0 15 2 * * *",
            // Daily at 07:00, before the working day.
            Job::ActionReminders => "0 0 7 * * *",
            Job::MeetingReminders => "0 15 7 * * *",
            // Hourly, so an agenda freezes within the hour it is due.
            Job::PrepareAgendas => "0 20 * * * *",
            // Daily at 07:30; it acts on the first working day of the month only.
            Job::MonthlyOverview => "0 30 7 * * *",
        }
    }

    /// The slot a run at the services' current time belongs to: an hour for hourly jobs, a
    /// Dutch calendar day for daily ones.
    pub fn slot(self, services: &Services) -> String {
        let now = services.clock().now();
        match self {
            Job::EscalateReferrals | Job::PrepareAgendas => now.format("%Y-%m-%dT%H").to_string(),
            Job::PlanMeetings | Job::ActionReminders | Job::MeetingReminders | Job::MonthlyOverview => {
                crate::domain::calendar::local_date(now).to_string()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    Ran(String),
    /// Another run (on this or another instance) already had this slot.
    AlreadyRan,
}

impl Job {
    pub fn parse(name: &str) -> Option<Job> {
        Job::ALL.into_iter().find(|job| job.name() == name)
    }

    /// The next time the scheduler triggers it after `after`.
    pub fn next_run(self, after: chrono::DateTime<chrono::Utc>) -> Option<chrono::DateTime<chrono::Utc>> {
        // The scheduler's rules have seconds; croner reads them with seconds enabled.
        let cron = croner::parser::CronParser::builder()
            .seconds(croner::parser::Seconds::Required)
            .build()
            .parse(self.schedule())
            .ok()?;
        let local = after.with_timezone(&chrono_tz::Europe::Amsterdam);
        cron.find_next_occurrence(&local, false).ok().map(|at| at.with_timezone(&chrono::Utc))
    }
}

/// The most recent run of a job, for `jobs list`.
pub async fn last_run(services: &Services, _operator: &Operator, job: Job) -> anyhow::Result<Option<jobs::LastRun>> {
    Ok(jobs::last_run(&mut *services.store().read().await?, job.name()).await?)
}

/// Runs `job` for the current slot, unless it already ran for it.
pub async fn run(services: &Arc<Services>, job: Job) -> anyhow::Result<RunOutcome> {
    run_in_slot(services, job, job.slot(services)).await
}

/// Runs `job` now, by hand, in a slot of its own (the jobs are idempotent, so this repeats
/// nothing that already happened).
pub async fn run_now(services: &Arc<Services>, job: Job) -> anyhow::Result<RunOutcome> {
    run_in_slot(services, job, format!("manual:{}", services.clock().now().to_rfc3339())).await
}

async fn run_in_slot(services: &Arc<Services>, job: Job, slot: String) -> anyhow::Result<RunOutcome> {
    let now = sql::micros(services.clock().now());
    let claimed = jobs::claim(&mut *services.store().single_statement_writer().await?, job.name(), &slot, now).await?;
    if !claimed {
        return Ok(RunOutcome::AlreadyRan);
    }
    let outcome = match job {
        Job::EscalateReferrals => {
            let count = services.escalate_unopened_referrals(&Operator::command_line()).await?;
            format!("{count} referrals escalated")
        }
        Job::PlanMeetings => {
            let count = services.plan_meetings(&Operator::command_line()).await?;
            format!("{count} meetings planned")
        }
        Job::ActionReminders => {
            let count = services.remind_action_owners(&Operator::command_line()).await?;
            format!("{count} reminders queued")
        }
        Job::MeetingReminders => {
            let count = services.remind_meeting_invitees(&Operator::command_line()).await?;
            format!("{count} meeting reminders queued")
        }
        Job::PrepareAgendas => {
            let count = services.prepare_agendas(&Operator::command_line()).await?;
            format!("{count} agendas frozen")
        }
        Job::MonthlyOverview => {
            let count = services.mail_monthly_overviews(&Operator::command_line()).await?;
            format!("{count} overview mails queued")
        }
    };
    let mut writer = services.store().single_statement_writer().await?;
    jobs::finish(&mut writer, job.name(), &slot, sql::micros(services.clock().now()), &outcome).await?;
    tracing::info!(job = job.name(), slot = %slot, outcome = %outcome, "job ran");
    Ok(RunOutcome::Ran(outcome))
}
