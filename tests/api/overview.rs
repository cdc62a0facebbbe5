//! The monthly casework overview: counted from what the region's chains shared that month,
//! with the patterns that crossed the threshold then and the referrals waiting too long;
//! mailed once to the expertise centre's analysts on the first working day of the next month.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveTime};
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::{is_working_day, local_date};
use ketenaanpak::domain::meeting::local_instant;
use ketenaanpak::domain::overview::Month;
use ketenaanpak::domain::role::Role;
use ketenaanpak::jobs::{run, run_now, Job, RunOutcome};
use serde_json::json;

use crate::agendas::EDN;
use crate::helpers::{spawn, Engine, TestApp, COC, MDD};
use crate::on_both_engines;
use crate::referrals::{create, intake, org_id, step};

on_both_engines!(the_monthly_overview_counts_the_month_and_reaches_the_analysts_once);

const OVERVIEW: &str = "query($m: String!) { caseworkOverview(month: $m) { month shared byGround { code cases }
    newPatterns { reports organisations } referralsWaiting { organisation { name } count } url } }";

/// 07:30 in Amsterdam on the first working day of `month`.
fn first_working_morning(month: Month) -> chrono::DateTime<chrono::Utc> {
    let day = (0..7).map(|n| month.first_day() + Duration::days(n)).find(|d| is_working_day(*d)).unwrap();
    local_instant(day, NaiveTime::from_hms_opt(7, 30, 0).unwrap())
}

async fn overview_mails(app: &TestApp) -> Vec<(String, String)> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
    sqlx::query_as(
        "SELECT recipient, body_text FROM mail_outbox WHERE template = 'casework_overview' ORDER BY recipient",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

async fn the_monthly_overview_counts_the_month_and_reaches_the_analysts_once(engine: Engine) {
    let app = spawn(engine).await;
    let month = Month::of(local_date(app.clock.now()));
    // What the expertise centre's analyst sees shared in its chains: the expected counts.
    let analyst = app.login_demo(EDN, Role::Analyst).await;
    // A landlord of the test's own: four reports from three organisations this month.
    let (drenthe, _) = app.chain(&analyst, crate::agendas::DRENTHE).await;
    crate::agendas::own_pattern(&app, &drenthe).await;
    crate::agendas::another_report(&app, &drenthe).await;
    let shared =
        app.query(&analyst, "{ sharedCases(first: 100) { edges { node { grounds shares { sharedAt } } } } }").await;
    let mut grounds: BTreeMap<String, i64> = BTreeMap::new();
    // The month's cases are those first shared in it (the demo's were shared in earlier days).
    let (start, end) = month.bounds();
    let first_shared = |edge: &serde_json::Value| {
        let times = edge["node"]["shares"].as_array().unwrap().iter().map(|s| {
            chrono::DateTime::parse_from_rfc3339(s["sharedAt"].as_str().unwrap()).unwrap().with_timezone(&chrono::Utc)
        });
        times.min().unwrap()
    };
    let edges: Vec<_> = shared.data()["sharedCases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|edge| (start..end).contains(&first_shared(edge)))
        .cloned()
        .collect();
    assert!(edges.len() >= 4, "the test's own four at least");
    for edge in &edges {
        for ground in edge["node"]["grounds"].as_array().unwrap() {
            *grounds.entry(ground.as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    // A referral to Meldpunt Discriminatie Drenthe that nobody opens (the demo's is taken on).
    crate::referrals::take_on_waiting(&app).await;
    let coc = app.login_demo(COC, Role::Intake).await;
    let receiver = org_id(&app, &coc, MDD).await;
    let referral = create(&app, &coc, intake(&receiver)).await;
    step(&app, &coc, "submitReferral", &referral).await.data();

    // The last day before the first working day: nothing; on it: one mail per analyst, once.
    app.clock.set(first_working_morning(month.next()) - Duration::days(1));
    assert_eq!(
        run(&app.services, Job::MonthlyOverview).await.unwrap(),
        RunOutcome::Ran("0 overview mails queued".into())
    );
    app.clock.set(first_working_morning(month.next()));
    let analysts = app.people_with_roles(EDN, &["ANALYST"]).await;
    assert!(analysts.contains("analyst@edn.example"), "{analysts:?}");
    assert_eq!(
        run(&app.services, Job::MonthlyOverview).await.unwrap(),
        RunOutcome::Ran(format!("{} overview mails queued", analysts.len()))
    );
    app.clock.advance(Duration::minutes(5));
    assert_eq!(
        run_now(&app.services, Job::MonthlyOverview).await.unwrap(),
        RunOutcome::Ran("0 overview mails queued".into())
    );
    let mails = overview_mails(&app).await;
    assert_eq!(mails.len(), analysts.len());
    assert_eq!(mails.iter().map(|(to, _)| to.clone()).collect::<std::collections::BTreeSet<_>>(), analysts);
    assert!(mails[0].1.contains(&format!("/overviews/{month}")), "{}", mails[0].1);

    // A month later the overview of that month is the same; the referral now waits too long.
    app.clock.set(first_working_morning(month.next().next()));
    let analyst = app.login_demo(EDN, Role::Analyst).await;
    let overview = app.graphql(Some(&analyst), OVERVIEW, json!({ "m": month.to_string() })).await;
    let overview = overview.data()["caseworkOverview"].clone();
    assert_eq!(overview["shared"], edges.len() as i64);
    let counted: BTreeMap<String, i64> = overview["byGround"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap().to_string(), c["cases"].as_i64().unwrap()))
        .collect();
    assert_eq!(counted, grounds);
    let patterns = overview["newPatterns"].as_array().unwrap();
    assert!(patterns.contains(&json!({ "reports": 4, "organisations": 3 })), "the landlord: {patterns:?}");
    assert_eq!(overview["referralsWaiting"], json!([{ "organisation": { "name": MDD }, "count": 1 }]));
    assert!(overview["url"].as_str().unwrap().ends_with(&format!("/overviews/{month}")));
    let next = app.graphql(Some(&analyst), OVERVIEW, json!({ "m": month.next().to_string() })).await;
    assert_eq!(next.data()["caseworkOverview"]["shared"], 0);
    assert!(next.data()["caseworkOverview"]["newPatterns"].as_array().unwrap().is_empty(), "not new any more");
    // A fifth report about the landlord, this month: counted, but the pattern is not new.
    crate::agendas::another_report(&app, &drenthe).await;
    let current = app.graphql(Some(&analyst), OVERVIEW, json!({ "m": month.next().next().to_string() })).await;
    assert_eq!(current.data()["caseworkOverview"]["shared"], 1);
    assert!(current.data()["caseworkOverview"]["newPatterns"].as_array().unwrap().is_empty(), "crossed before");

    // Analysts of an expertise centre only; a month still to come is refused.
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(app.graphql(Some(&caseworker), OVERVIEW, json!({ "m": month.to_string() })).await.code(), "FORBIDDEN");
    let future = month.next().next().next().to_string();
    assert_eq!(app.graphql(Some(&analyst), OVERVIEW, json!({ "m": future })).await.code(), "BAD_USER_INPUT");
    assert_eq!(app.graphql(Some(&analyst), OVERVIEW, json!({ "m": "2026-13" })).await.code(), "BAD_USER_INPUT");
}
