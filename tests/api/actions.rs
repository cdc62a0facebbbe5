//! Actions: who may create and update them, progress, "my actions", and the daily reminder,
//! one grouped mail per person per day.

use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use ketenaanpak::jobs::{run, run_now, Job, RunOutcome};
use serde_json::{json, Value};

use crate::helpers::{spawn, Engine, TestApp, COC, MDD, POLICE};
use crate::on_both_engines;

on_both_engines!(actions_are_owned_updated_and_remembered);

const EDN: &str = "Expertisecentrum Diversiteit Noord";
const CREATE: &str =
    "mutation($input: CreateActionInput!) { createAction(input: $input) { id status owner { name } } }";
const UPDATE: &str = "mutation($id: ID!, $status: ActionStatus!, $note: String, $reason: String) { updateAction(id: $id, status: $status, note: $note, reason: $reason) { status notPossibleReason } }";

async fn reminders(app: &TestApp) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
    sqlx::query_scalar("SELECT recipient FROM mail_outbox WHERE template = 'action_reminder' ORDER BY recipient")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

async fn actions_are_owned_updated_and_remembered(engine: Engine) {
    let app = spawn(engine).await;
    let analyst = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&analyst, "Casuïstiekoverleg Drenthe").await;
    let member = |name: &str| members[name].clone();
    let officer_id =
        app.try_login("police_officer@politie-drenthe.example", ketenaanpak::demo::DEMO_PASSWORD).await.data()["login"]
            ["user"]["id"]
            .clone();
    let today = local_date(app.clock.now());
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let input = |owner: &str, user: Value, description: &str, due: String| {
        json!({ "input": {
        "chainId": drenthe, "ownerOrganisationId": member(owner), "ownerUserId": user, "description": description, "dueOn": due } })
    };

    let leaky = app
        .graphql(Some(&analyst), CREATE, input(POLICE, officer_id.clone(), "Bel de melder op 06-12345678", day(3)))
        .await;
    assert_eq!(leaky.code(), "BAD_USER_INPUT");
    let soon = app
        .graphql(
            Some(&analyst),
            CREATE,
            input(POLICE, officer_id.clone(), "Aangifte opnemen en terugkoppelen aan het meldpunt", day(3)),
        )
        .await;
    let soon = soon.data()["createAction"]["id"].clone();
    let late = app
        .graphql(
            Some(&analyst),
            CREATE,
            input(POLICE, officer_id.clone(), "Verhuurder aanspreken op het patroon", day(-2)),
        )
        .await;
    let late = late.data()["createAction"]["id"].clone();
    app.graphql(Some(&analyst), CREATE, input(MDD, Value::Null, "Bemiddelingsgesprek plannen", day(1))).await.data();
    app.graphql(Some(&analyst), CREATE, input(MDD, Value::Null, "Jaarverslag", day(60))).await.data();

    // Outside the chain it is not there; inside, only the owner updates.
    let coc = app.login_demo(COC, Role::Intake).await;
    assert_eq!(
        app.graphql(Some(&coc), "query($c: ID!) { actions(chainId: $c) { id } }", json!({ "c": drenthe })).await.code(),
        "NOT_FOUND"
    );
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(
        app.graphql(Some(&caseworker), UPDATE, json!({ "id": soon, "status": "DONE" })).await.code(),
        "FORBIDDEN"
    );
    let officer = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let progress = app
        .graphql(
            Some(&officer),
            UPDATE,
            json!({ "id": soon, "status": "IN_PROGRESS", "note": "Afspraak gemaakt voor de aangifte." }),
        )
        .await;
    assert_eq!(progress.data()["updateAction"]["status"], "IN_PROGRESS");
    assert_eq!(
        app.graphql(Some(&officer), UPDATE, json!({ "id": late, "status": "NOT_POSSIBLE" })).await.code(),
        "BAD_USER_INPUT",
        "a reason is needed"
    );
    let mine = app.query(&officer, "{ myActions { id status progress { note status } } }").await;
    let mine = mine.data()["myActions"].as_array().unwrap().clone();
    assert_eq!(mine.len(), 2);
    let with_note = mine.iter().find(|a| a["id"] == soon).unwrap();
    assert_eq!(with_note["progress"][0]["note"], "Afspraak gemaakt voor de aangifte.");
    let listed = app
        .graphql(
            Some(&caseworker),
            "query($c: ID!, $o: ID!) { actions(chainId: $c, ownerOrganisationId: $o, status: OPEN) { id } }",
            json!({ "c": drenthe, "o": member(POLICE) }),
        )
        .await;
    assert_eq!(
        listed.data()["actions"].as_array().unwrap().len(),
        1,
        "the open one of the police (the other is in progress)"
    );

    // Reminders: one mail per person, grouping their actions; not twice on one day. The
    // officer's actions are theirs; MDD's unassigned one reaches its chain-work roles.
    let mdd = app.people_with_roles(MDD, &TestApp::CHAIN_WORK).await;
    assert!(mdd.contains("caseworker@mdd.example"), "{mdd:?}");
    let mut expected = mdd.clone();
    expected.insert("police_officer@politie-drenthe.example".into());
    let outcome = run(&app.services, Job::ActionReminders).await.unwrap();
    assert_eq!(outcome, RunOutcome::Ran(format!("{} reminders queued", expected.len())));
    assert_eq!(reminders(&app).await, expected.iter().cloned().collect::<Vec<_>>());
    assert_eq!(run(&app.services, Job::ActionReminders).await.unwrap(), RunOutcome::AlreadyRan);
    assert_eq!(
        run_now(&app.services, Job::ActionReminders).await.unwrap(),
        RunOutcome::Ran("0 reminders queued".into())
    );
    // Done actions are not remembered; the next day brings a new mail for what is left.
    app.graphql(
        Some(&officer),
        UPDATE,
        json!({ "id": late, "status": "NOT_POSSIBLE", "reason": "Verhuurder weigert contact." }),
    )
    .await
    .data();
    app.graphql(Some(&officer), UPDATE, json!({ "id": soon, "status": "DONE" })).await.data();
    app.clock.advance(chrono::Duration::days(1));
    let next_day = run(&app.services, Job::ActionReminders).await.unwrap();
    assert_eq!(next_day, RunOutcome::Ran(format!("{} reminders queued", mdd.len())), "MDD's action only");
    assert_eq!(reminders(&app).await.len(), expected.len() + mdd.len());
}
