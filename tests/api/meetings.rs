//! Case meetings: planning five a year, invitations that a real calendar parser reads (through
//! a real SMTP server), updates with a higher SEQUENCE, cancellation, and who may change them.

use ketenaanpak::clock::Clock;
use ketenaanpak::demo::DEMO_PASSWORD;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::meeting::Cadence;
use ketenaanpak::domain::role::Role;
use ketenaanpak::jobs::{run, run_now, Job, RunOutcome};
use serde_json::{json, Value};

use crate::helpers::{spawn, spawn_with, Engine, SmtpServer, TestApp, COC, MDD};
use crate::on_both_engines;

on_both_engines!(
    meetings_are_planned_invited_moved_and_cancelled,
    invitees_are_reminded_once_a_week_before,
    changing_a_series_reaches_every_calendar_concerned
);

const EDN: &str = "Expertisecentrum Diversiteit Noord";
const ANALYST_NAME: &str = "Demo analyst (Expertisecentrum Diversiteit Noord)";

/// Reads every message in the maildir with Python's email package and the `icalendar`
/// parser, and prints what the invitations say, as JSON.
const PARSE: &str = r#"
import email, json, pathlib, sys
import icalendar
out = []
for sub in ("new", "cur"):
    for path in sorted(pathlib.Path(sys.argv[1], sub).glob("*")):
        message = email.message_from_bytes(path.read_bytes())
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                event = next(c for c in calendar.walk("VEVENT"))
                start = event.decoded("DTSTART")
                out.append({
                    "to": message["To"], "method": str(calendar["METHOD"]), "uid": str(event["UID"]),
                    "sequence": int(event["SEQUENCE"]), "summary": str(event["SUMMARY"]),
                    "tzid": event["DTSTART"].params.get("TZID"), "local": start.strftime("%Y-%m-%d %H:%M"),
                    "utc_offset": start.utcoffset().total_seconds() / 3600,
                    "organizer": str(event["ORGANIZER"]), "organizer_name": event["ORGANIZER"].params.get("CN"),
                    "rsvp": event["ATTENDEE"].params.get("RSVP"),
                })
print(json.dumps(out))
"#;

/// Waits (up to 30 s) until at least `count` calendar messages have arrived: the demo's own
/// mail arrives over the same server, so counting every message can run ahead of them.
async fn wait_for_invitations(smtp: &SmtpServer, count: usize) {
    for _ in 0..300 {
        if invitations(smtp).len() >= count {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn invitations(smtp: &SmtpServer) -> Vec<Value> {
    let output =
        std::process::Command::new("python3").arg("-c").arg(PARSE).arg(smtp.maildir()).output().expect("python3 runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> Value {
    app.try_login(email, DEMO_PASSWORD).await.data()["login"]["user"]["id"].clone()
}

async fn meetings_are_planned_invited_moved_and_cancelled(engine: Engine) {
    let Some(smtp) = SmtpServer::start().await else { return };
    let app = spawn_with(engine, |c| smtp.configure(c)).await;
    let analyst = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&analyst, "Casuïstiekoverleg Drenthe").await;
    let edn = members[EDN].clone();
    let invitees = json!([
        { "userId": user_id(&app, "caseworker@mdd.example").await },
        { "userId": user_id(&app, "police_officer@politie-drenthe.example").await, "deputy": true },
    ]);
    let create = "mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id title startTime chair { name } } }";
    let input = json!({ "chainId": drenthe, "title": "Casuïstiekoverleg Drenthe", "startTime": "14:00", "location": "Politiebureau Assen", "chairOrganisationId": edn, "horizonDays": 400, "invitees": invitees });
    let series = app.graphql(Some(&analyst), create, json!({ "input": input.clone() })).await;
    assert_eq!(series.data()["createMeetingSeries"]["chair"]["name"], EDN);

    // An organizer must be of the chairing organisation.
    let mut elsewhere = input.clone();
    elsewhere["organizerId"] = user_id(&app, "caseworker@mdd.example").await;
    let refused = app.graphql(Some(&analyst), create, json!({ "input": elsewhere })).await;
    assert_eq!(refused.body["errors"][0]["extensions"]["reason"], "organizer-not-of-chair");

    // A COC invitee is refused: COC is not in this chain.
    let mut outsider = input.clone();
    outsider["invitees"] = json!([{ "userId": user_id(&app, "intake@coc-noord.example").await }]);
    assert_eq!(app.graphql(Some(&analyst), create, json!({ "input": outsider })).await.code(), "BAD_USER_INPUT");

    // Planning, as the series is set up: every five-a-year date within the horizon, each
    // invitee once per meeting, with the chair who set it up as the organizer.
    let today = local_date(app.clock.now());
    let expected = Cadence::default().dates_between(today, today + chrono::Duration::days(400)).unwrap();
    assert!(expected.len() >= 5);
    assert_eq!(
        run(&app.services, Job::PlanMeetings).await.unwrap(),
        RunOutcome::Ran("0 meetings planned".into()),
        "planned when the series was set up"
    );
    wait_for_invitations(&smtp, expected.len() * 2).await;
    let sent = invitations(&smtp);
    assert_eq!(sent.len(), expected.len() * 2, "{sent:?}");
    for invitation in &sent {
        assert_eq!((invitation["method"].as_str(), invitation["sequence"].as_i64()), (Some("REQUEST"), Some(0)));
        assert_eq!(invitation["tzid"], "Europe/Amsterdam");
        assert_eq!(invitation["organizer"], "mailto:analyst@edn.example", "replies reach the chair: {invitation}");
        assert_eq!(
            (invitation["organizer_name"].as_str(), invitation["rsvp"].as_str()),
            (Some(ANALYST_NAME), Some("TRUE"))
        );
        assert!(invitation["local"].as_str().unwrap().ends_with("14:00"), "{invitation}");
        let month: u32 = invitation["local"].as_str().unwrap()[5..7].parse().unwrap();
        let offset = if (4..=9).contains(&month) { 2.0 } else { 1.0 };
        assert_eq!(invitation["utc_offset"].as_f64(), Some(offset), "summer and winter time: {invitation}");
    }
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(
        run(&app.services, Job::PlanMeetings).await.unwrap(),
        RunOutcome::Ran("0 meetings planned".into()),
        "nothing twice"
    );
    let analyst = app.login_demo(EDN, Role::Analyst).await;

    // Moving: an update with the same UID and a higher SEQUENCE; cancelling: CANCEL.
    let to = (today + chrono::Duration::days(400)).to_string();
    let listed = app.graphql(Some(&analyst), "query($c: ID!, $to: NaiveDate!) { meetings(chainId: $c, from: \"2000-01-01\", to: $to) { id startsAt sequence } }", json!({ "c": drenthe, "to": to })).await;
    let first = listed.data()["meetings"][0].clone();
    let mov = "mutation($id: ID!, $date: NaiveDate!) { moveMeeting(id: $id, date: $date, startTime: \"10:30\") { sequence status } }";
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(
        app.graphql(
            Some(&caseworker),
            mov,
            json!({ "id": first["id"], "date": expected[0].succ_opt().unwrap().to_string() })
        )
        .await
        .code(),
        "FORBIDDEN",
        "not the chair"
    );
    let coc = app.login_demo(COC, Role::Intake).await;
    assert_eq!(
        app.graphql(Some(&coc), mov, json!({ "id": first["id"], "date": "2030-01-01" })).await.code(),
        "NOT_FOUND",
        "not in the chain"
    );
    let moved = app
        .graphql(Some(&analyst), mov, json!({ "id": first["id"], "date": expected[0].succ_opt().unwrap().to_string() }))
        .await;
    assert_eq!(moved.data()["moveMeeting"]["sequence"], 1);
    let cancelled = app
        .graphql(
            Some(&analyst),
            "mutation($id: ID!) { cancelMeeting(id: $id) { sequence status } }",
            json!({ "id": first["id"] }),
        )
        .await;
    assert_eq!(
        (cancelled.data()["cancelMeeting"]["sequence"].as_i64(), cancelled.data()["cancelMeeting"]["status"].as_str()),
        (Some(2), Some("CANCELLED"))
    );
    wait_for_invitations(&smtp, expected.len() * 2 + 4).await;
    let sent = invitations(&smtp);
    let uid = format!("{}@ketenaanpak", first["id"].as_str().unwrap());
    let mut history: Vec<(String, i64, String)> = sent
        .iter()
        .filter(|i| i["uid"] == uid.as_str() && i["to"] == "caseworker@mdd.example")
        .map(|i| {
            (
                i["method"].as_str().unwrap().to_string(),
                i["sequence"].as_i64().unwrap(),
                i["local"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    history.sort_by_key(|(_, sequence, _)| *sequence);
    assert_eq!(history.len(), 3, "{history:?}");
    assert_eq!((history[0].0.as_str(), history[0].1), ("REQUEST", 0));
    assert_eq!((history[1].0.as_str(), history[1].1), ("REQUEST", 1));
    assert!(history[1].2.ends_with("10:30") && history[1].2.starts_with(&expected[0].succ_opt().unwrap().to_string()));
    assert_eq!((history[2].0.as_str(), history[2].1), ("CANCEL", 2));
}

async fn invitees_are_reminded_once_a_week_before(engine: Engine) {
    let app = spawn(engine).await;
    let analyst = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&analyst, "Casuïstiekoverleg Drenthe").await;
    let edn = members[EDN].clone();
    let today = local_date(app.clock.now());
    let dates = [today + chrono::Duration::days(7), today + chrono::Duration::days(20)];
    let invitees = json!([{ "userId": user_id(&app, "caseworker@mdd.example").await }, { "userId": user_id(&app, "prosecutor@om-noord.example").await }]);
    let input = json!({ "chainId": drenthe, "title": "Extra overleg", "startTime": "10:00", "location": "Online",
        "chairOrganisationId": edn, "cadence": { "dates": dates.iter().map(|d| d.to_string()).collect::<Vec<_>>() }, "invitees": invitees });
    app.graphql(
        Some(&analyst),
        "mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }",
        json!({ "input": input }),
    )
    .await
    .data();
    let planned = "query($c: ID!) { meetings(chainId: $c, from: \"2000-01-01\", to: \"2100-01-01\") { id } }";
    let listed = app.graphql(Some(&analyst), planned, json!({ "c": drenthe })).await;
    assert_eq!(listed.data()["meetings"].as_array().unwrap().len(), 2, "both planned as the series is set up");

    assert_eq!(
        run(&app.services, Job::MeetingReminders).await.unwrap(),
        RunOutcome::Ran("2 meeting reminders queued".into())
    );
    assert_eq!(
        run_now(&app.services, Job::MeetingReminders).await.unwrap(),
        RunOutcome::Ran("0 meeting reminders queued".into()),
        "once"
    );
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(
        run(&app.services, Job::MeetingReminders).await.unwrap(),
        RunOutcome::Ran("0 meeting reminders queued".into())
    );
    app.clock.advance(chrono::Duration::days(12));
    assert_eq!(
        run(&app.services, Job::MeetingReminders).await.unwrap(),
        RunOutcome::Ran("2 meeting reminders queued".into()),
        "the second meeting"
    );
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
    let subjects: Vec<String> =
        sqlx::query_scalar("SELECT subject FROM mail_outbox WHERE template = 'meeting_reminder' ORDER BY subject")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(subjects.len(), 4);
    assert!(subjects.iter().all(|s| s.starts_with("Herinnering: Extra overleg op ")), "{subjects:?}");
}

async fn changing_a_series_reaches_every_calendar_concerned(engine: Engine) {
    let Some(smtp) = SmtpServer::start().await else { return };
    let app = spawn_with(engine, |c| smtp.configure(c)).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let (chain, members) = app.chain(&chair, "Casuïstiekoverleg Drenthe").await;
    // The chair picks invitees from the chain's participants: people of member organisations.
    let people = app
        .graphql(
            Some(&chair),
            "query($c: ID!) { meetingParticipants(chainId: $c) { id name organisation { name } } }",
            json!({ "c": chain }),
        )
        .await;
    let people = people.data()["meetingParticipants"].as_array().unwrap().clone();
    assert!(people.iter().all(|p| p["organisation"]["name"] != "COC Noord"), "not a member");
    let mdd = user_id(&app, "caseworker@mdd.example").await;
    let police = user_id(&app, "police_officer@politie-drenthe.example").await;
    let om = user_id(&app, "prosecutor@om-noord.example").await;
    for person in [&mdd, &police, &om] {
        assert!(people.iter().any(|p| p["id"] == *person), "{person} takes part in the chain");
    }
    let coc = app.login_demo(COC, Role::Intake).await;
    let refused = app
        .graphql(Some(&coc), "query($c: ID!) { meetingParticipants(chainId: $c) { id } }", json!({ "c": chain }))
        .await;
    assert_eq!(refused.code(), "NOT_FOUND");

    let today = local_date(app.clock.now());
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let input = json!({ "chainId": chain, "title": "Overleg Drenthe", "startTime": "14:00", "location": "Assen",
        "chairOrganisationId": members[EDN], "cadence": { "dates": [day(10), day(20), day(30)] },
        "invitees": [{ "userId": mdd }, { "userId": police, "deputy": true }] });
    let created = app
        .graphql(
            Some(&chair),
            "mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let series = created.data()["createMeetingSeries"]["id"].clone();
    run(&app.services, Job::PlanMeetings).await.unwrap();
    let listed = app
        .graphql(
            Some(&chair),
            "query($c: ID!, $to: NaiveDate!) { meetings(chainId: $c, from: \"2000-01-01\", to: $to) { id } }",
            json!({ "c": chain, "to": day(60) }),
        )
        .await;
    let ids: Vec<String> =
        listed.data()["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect();
    let mov = "mutation($id: ID!, $date: NaiveDate!) { moveMeeting(id: $id, date: $date, startTime: \"10:30\") { sequence } }";
    app.graphql(Some(&chair), mov, json!({ "id": ids[0], "date": day(11) })).await.data();
    wait_for_invitations(&smtp, 8).await;

    // New time, one date swapped for another, the police's deputy replaced by the OM.
    let update = "mutation($id: ID!, $input: UpdateMeetingSeriesInput!) { updateMeetingSeries(id: $id, input: $input) { startTime invitees { name deputy organisation { name } } } }";
    let change = json!({ "startTime": "15:00", "cadence": { "dates": [day(10), day(30), day(40)] },
        "invitees": [{ "userId": mdd }, { "userId": om }] });
    let mdd_token = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(
        app.graphql(Some(&mdd_token), update, json!({ "id": series, "input": change.clone() })).await.code(),
        "FORBIDDEN"
    );
    let changed = app.graphql(Some(&chair), update, json!({ "id": series, "input": change })).await;
    assert_eq!(changed.data()["updateMeetingSeries"]["invitees"].as_array().unwrap().len(), 2);
    // Per person and meeting, the last word: method and sequence, always higher than what
    // the person had. The moved meeting keeps its time (removing the police raises its
    // sequence); the dropped date is cancelled for those who had it; the third moves to 15:00.
    let expected = [
        ("police_officer@politie-drenthe.example", 0, "CANCEL", 2),
        ("police_officer@politie-drenthe.example", 1, "CANCEL", 1),
        ("police_officer@politie-drenthe.example", 2, "CANCEL", 1),
        ("caseworker@mdd.example", 0, "REQUEST", 2),
        ("caseworker@mdd.example", 1, "CANCEL", 1),
        ("caseworker@mdd.example", 2, "REQUEST", 1),
        ("prosecutor@om-noord.example", 0, "REQUEST", 2),
        ("prosecutor@om-noord.example", 2, "REQUEST", 1),
    ];
    // 6 invitations and 2 updates before; now 10 more: meeting 0 three (an update for the
    // MDD, the OM invited, the police withdrawn), meeting 1 two cancellations, meeting 2
    // three (two updates, one withdrawal), the new date two invitations.
    wait_for_invitations(&smtp, 18).await;
    let sent = invitations(&smtp);
    assert_eq!(sent.len(), 18, "nothing twice: {sent:?}");
    let mut seen = std::collections::HashSet::new();
    for message in &sent {
        let key = (message["to"].to_string(), message["uid"].to_string(), message["sequence"].as_i64());
        assert!(seen.insert(key), "two messages with one SEQUENCE to one person: {message}");
    }
    let last = |to: &str, meeting: &str| {
        let uid = format!("{meeting}@ketenaanpak");
        sent.iter()
            .filter(|i| i["to"] == to && i["uid"] == uid.as_str())
            .max_by_key(|i| i["sequence"].as_i64())
            .cloned()
    };
    for (to, index, method, sequence) in expected {
        let found = last(to, &ids[index]).unwrap_or_else(|| panic!("{to} heard nothing of meeting {index}: {sent:?}"));
        assert_eq!(
            (found["method"].as_str().unwrap(), found["sequence"].as_i64().unwrap()),
            (method, sequence),
            "{to}, meeting {index}"
        );
    }
    assert!(last("prosecutor@om-noord.example", &ids[1]).is_none(), "never had the dropped date");
    assert!(
        last("caseworker@mdd.example", &ids[0]).unwrap()["local"].as_str().unwrap().ends_with("10:30"),
        "moved by hand: kept"
    );
    assert!(last("caseworker@mdd.example", &ids[2]).unwrap()["local"].as_str().unwrap().ends_with("15:00"));
    // The added date is planned and invited at once, at the new time.
    let fourth: Vec<_> = sent.iter().filter(|i| i["local"].as_str().unwrap().starts_with(&day(40))).collect();
    assert_eq!(fourth.len(), 2, "{fourth:?}");
    assert!(fourth.iter().all(|i| i["method"] == "REQUEST" && i["local"].as_str().unwrap().ends_with("15:00")));
}
