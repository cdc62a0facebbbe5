//! Scheduled jobs across several instances on one database: every job's slot runs once, and
//! what a job queues is queued once per person and day however often it runs.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use ketenaanpak::jobs::{run, run_now, Job, RunOutcome};
use serde_json::json;

use crate::agendas::{series_on, CREATE_ACTION, DRENTHE, EDN};
use crate::helpers::{spawn, spawn_beside, Engine, MDE};
use crate::on_both_engines;

on_both_engines!(every_job_slot_runs_once_across_instances);

async fn every_job_slot_runs_once_across_instances(engine: Engine) {
    let first = spawn(engine).await;
    let second = spawn_beside(&first, |_| {}, false).await;
    second.clock.set(first.clock.now());
    // Something for each job to do: a meeting a week ahead and an action due tomorrow.
    let today = local_date(first.clock.now());
    let chair = first.login_demo(EDN, Role::Analyst).await;
    let (chain_id, members) = first.chain(&chair, DRENTHE).await;
    let input = json!({ "input": { "chainId": chain_id, "ownerOrganisationId": members[MDE],
        "description": "Terugkoppeling aan de keten", "dueOn": (today + Duration::days(1)).to_string() } });
    first.graphql(Some(&chair), CREATE_ACTION, input).await.data();
    series_on(&first, &chair, &[today + Duration::days(8)]).await;
    // That planned today's slot; the comparison starts the next day, on both instances.
    first.clock.advance(Duration::days(1));
    second.clock.set(first.clock.now());

    for job in Job::ALL {
        let (a, b) = tokio::join!(run(&first.services, job), run(&second.services, job));
        let outcomes = [a.unwrap(), b.unwrap()];
        let ran = outcomes.iter().filter(|o| matches!(o, RunOutcome::Ran(_))).count();
        assert_eq!(ran, 1, "{}: {outcomes:?}", job.name());
    }
    // Run by hand on both (each a slot of its own): the reminders are not queued again.
    for (minutes, services, clock) in [(1, &first.services, &first.clock), (2, &second.services, &second.clock)] {
        clock.advance(Duration::minutes(minutes));
        assert_eq!(
            run_now(services, Job::ActionReminders).await.unwrap(),
            RunOutcome::Ran("0 reminders queued".into())
        );
        let again = run_now(services, Job::MeetingReminders).await.unwrap();
        assert_eq!(again, RunOutcome::Ran("0 meeting reminders queued".into()));
    }
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&first.database_url).await.unwrap();
    let reminders: Vec<String> =
        sqlx::query_scalar("SELECT recipient FROM mail_outbox WHERE template = 'action_reminder' ORDER BY recipient")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let mut unique = reminders.clone();
    unique.dedup();
    assert!(!reminders.is_empty());
    assert_eq!(reminders, unique, "one mail per person");
}
