//! Minutes: the chair's organisation alone sees them until it approves them; after approval
//! a change needs a reason and the earlier text is kept, in a table that refuses changes.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use serde_json::json;

use crate::agendas::{agenda, series_on, DRENTHE, EDN, OM};
use crate::helpers::{spawn, Engine, MDD};
use crate::on_both_engines;

on_both_engines!(
    minutes_are_the_chairs_until_approved_and_then_amended_openly,
    approving_the_minutes_tells_the_invitees_once_with_a_link_to_the_printable_minutes,
    an_action_agreed_on_a_case_leaves_the_printable_minutes_when_the_case_is_no_longer_shared
);

const MINUTES: &str =
    "query($id: ID!) { meeting(id: $id) { minutes { approved confidentiality items { agendaItemId notes decisions }
    attendance { organisation { name } presence } amendments { agendaItemId previousNotes notes reason } } } }";
const RECORD: &str = "mutation($m: ID!, $items: [MinutesItemInput!]!, $reason: String) {
    recordMinutes(meetingId: $m, items: $items, amendmentReason: $reason) { approved items { notes decisions } } }";
const ATTENDANCE: &str =
    "mutation($m: ID!, $a: [AttendanceInput!]!) { recordAttendance(meetingId: $m, attendance: $a) { attendance { presence } } }";
const APPROVE: &str = "mutation($m: ID!) { approveMinutes(meetingId: $m) { approved } }";

async fn minutes_are_the_chairs_until_approved_and_then_amended_openly(engine: Engine) {
    let app = spawn(engine).await;
    let today = local_date(app.clock.now());
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let meetings = series_on(&app, &chair, &[today + Duration::days(3)]).await;
    let meeting = meetings[0].clone();
    let (drenthe, _) = app.chain(&chair, DRENTHE).await;
    let landlord = crate::agendas::own_pattern(&app, &drenthe).await;
    let compile = "mutation($m: ID!) { compileAgenda(meetingId: $m) { id } }";
    app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.data();
    let items = agenda(&app, &chair, &meeting).await;
    let early = json!({ "m": meeting, "a": [] });
    assert_eq!(app.graphql(Some(&chair), ATTENDANCE, early).await.code(), "CONFLICT", "the meeting has not begun");
    // The meeting takes place; afterwards the chair writes the minutes.
    app.clock.advance(Duration::days(3) + Duration::hours(20));
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let pattern = crate::agendas::pattern_item(&items, &landlord).unwrap()["id"].as_str().unwrap().to_string();
    let (_, members) = app.chain(&chair, DRENTHE).await;

    let notes = |text: &str, decision: &str| json!([{ "agendaItemId": pattern, "notes": text, "decisions": decision }]);
    let vars =
        |items: serde_json::Value, reason: Option<&str>| json!({ "m": meeting, "items": items, "reason": reason });
    let leaky = app.graphql(Some(&chair), RECORD, vars(notes("Melder bereikbaar op 06-12345678", ""), None)).await;
    assert_eq!(leaky.code(), "BAD_USER_INPUT", "minutes are checked like shared notes");
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let first = vars(notes("Drie meldingen over dezelfde verhuurder.", "Emmen voert een gesprek."), None);
    assert_eq!(app.graphql(Some(&mdd), RECORD, first.clone()).await.code(), "FORBIDDEN", "not the chair");
    let recorded = app.graphql(Some(&chair), RECORD, first).await;
    assert_eq!(recorded.data()["recordMinutes"]["approved"], false);
    let presence = json!([
        { "organisationId": members[EDN], "presence": "PRESENT" },
        { "organisationId": members[MDD], "presence": "PRESENT" },
        { "organisationId": members[OM], "presence": "APOLOGIES" },
    ]);
    app.graphql(Some(&chair), ATTENDANCE, json!({ "m": meeting, "a": presence })).await.data();
    let (_, coc_chain_members) = app.chain(&mdd, "Noordelijk overleg homofoob geweld").await;
    let outsider = json!([{ "organisationId": coc_chain_members["COC Noord"], "presence": "PRESENT" }]);
    assert_eq!(
        app.graphql(Some(&chair), ATTENDANCE, json!({ "m": meeting, "a": outsider })).await.code(),
        "BAD_USER_INPUT"
    );

    // Unapproved: the chair's organisation sees them, other members see nothing yet.
    assert!(app.graphql(Some(&mdd), MINUTES, json!({ "id": meeting })).await.data()["meeting"]["minutes"].is_null());
    let draft = app.graphql(Some(&chair), MINUTES, json!({ "id": meeting })).await;
    let draft = draft.data()["meeting"]["minutes"].clone();
    assert_eq!(draft["attendance"].as_array().unwrap().len(), 3);
    assert!(draft["confidentiality"].as_str().unwrap().starts_with("Vertrouwelijk"));
    assert_eq!(app.graphql(Some(&mdd), APPROVE, json!({ "m": meeting })).await.code(), "FORBIDDEN");
    assert_eq!(
        app.graphql(Some(&chair), APPROVE, json!({ "m": meeting })).await.data()["approveMinutes"]["approved"],
        true
    );
    assert_eq!(app.graphql(Some(&chair), APPROVE, json!({ "m": meeting })).await.code(), "CONFLICT", "once");

    // Approved: every member reads them; a change needs a reason and keeps the old text.
    let read = app.graphql(Some(&mdd), MINUTES, json!({ "id": meeting })).await;
    assert_eq!(read.data()["meeting"]["minutes"]["items"][0]["decisions"], "Emmen voert een gesprek.");
    let change = notes("Drie meldingen over dezelfde verhuurder, bij drie organisaties.", "Emmen voert een gesprek.");
    assert_eq!(app.graphql(Some(&chair), RECORD, vars(change.clone(), None)).await.code(), "BAD_USER_INPUT");
    app.graphql(Some(&chair), RECORD, vars(change, Some("Aantal organisaties aangevuld"))).await.data();
    assert_eq!(app.graphql(Some(&chair), ATTENDANCE, json!({ "m": meeting, "a": presence })).await.code(), "CONFLICT");
    let read = app.graphql(Some(&mdd), MINUTES, json!({ "id": meeting })).await;
    let minutes = read.data()["meeting"]["minutes"].clone();
    assert_eq!(minutes["items"][0]["notes"], "Drie meldingen over dezelfde verhuurder, bij drie organisaties.");
    let amendment = &minutes["amendments"][0];
    assert_eq!(amendment["previousNotes"], "Drie meldingen over dezelfde verhuurder.");
    assert_eq!(amendment["reason"], "Aantal organisaties aangevuld");
    assert_eq!(minutes["amendments"].as_array().unwrap().len(), 1);

    // The store itself refuses to rewrite or delete an amendment.
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
    for statement in ["UPDATE minute_amendments SET reason = 'x'", "DELETE FROM minute_amendments"] {
        let refused = sqlx::query(statement).execute(&mut conn).await;
        assert!(refused.is_err_and(|e| e.to_string().contains("append-only")), "{statement}");
    }
}

/// Approval tells every invitee of the series, in their language, with a link to the printable
/// minutes; the mail names the meeting, not what the minutes say. Once per meeting.
async fn approving_the_minutes_tells_the_invitees_once_with_a_link_to_the_printable_minutes(engine: Engine) {
    use ketenaanpak::service::meetings::held::HeldItem;
    use ketenaanpak::service::meetings::minutes::MinutesEntry;
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&chair, DRENTHE).await;
    let officer = app.try_login("police_officer@politie-drenthe.example", ketenaanpak::demo::DEMO_PASSWORD).await;
    let officer = officer.data()["login"]["user"]["id"].clone();
    let today = local_date(app.clock.now());
    let input = json!({ "chainId": drenthe, "title": "Terugblik Drenthe", "startTime": "10:00", "location": "Assen",
        "chairOrganisationId": members[EDN], "cadence": { "dates": [(today + Duration::days(300)).to_string()] },
        "invitees": [{ "userId": officer }] });
    let create = "mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }";
    let series = app.graphql(Some(&chair), create, json!({ "input": input })).await.data()["createMeetingSeries"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let actor = app.services.authenticate(&chair).await.unwrap();
    let held = app
        .services
        .record_held_meeting(&actor, series, today - Duration::days(7), vec![HeldItem::Topic("Terugblik".into())])
        .await
        .unwrap();
    let item = agenda(&app, &chair, &held.id.to_string()).await[0]["id"].as_str().unwrap().parse().unwrap();
    let secret = "Afgesproken: de wijkagent belt de verhuurder.";
    let entry = MinutesEntry { agenda_item: item, notes: secret.into(), decisions: String::new() };
    app.services.record_minutes(&actor, held.id, None, vec![entry], None).await.unwrap();
    assert!(app.outbox("minutes_approved").await.is_empty(), "nothing before approval");

    app.graphql(Some(&chair), APPROVE, json!({ "m": held.id.to_string() })).await.data();
    assert_eq!(app.outbox("minutes_approved").await, ["police_officer@politie-drenthe.example"]);
    let body: String = {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
        sqlx::query_scalar("SELECT body_text FROM mail_outbox WHERE template = 'minutes_approved'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    assert!(
        body.contains(&format!("/meetings/{}/minutes/print", held.id)) && body.contains("Terugblik Drenthe"),
        "{body}"
    );
    assert!(!body.contains("wijkagent"), "the mail does not carry the minutes: {body}");
    assert_eq!(app.graphql(Some(&chair), APPROVE, json!({ "m": held.id.to_string() })).await.code(), "CONFLICT");
    assert_eq!(app.outbox("minutes_approved").await.len(), 1, "once");
}

/// An action agreed on a flagged case's item (given without the case, as the API allows) is
/// on the printable minutes while the case is shared, and gone from them once it is not.
async fn an_action_agreed_on_a_case_leaves_the_printable_minutes_when_the_case_is_no_longer_shared(engine: Engine) {
    let app = spawn(engine).await;
    let today = local_date(app.clock.now());
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let meeting = series_on(&app, &chair, &[today + Duration::days(3)]).await.remove(0);
    let (drenthe, members) = app.chain(&chair, DRENTHE).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let case = crate::agendas::share_new_case(&app, &mdd, &drenthe, "religion").await;
    let flag = "mutation($m: ID!, $c: ID!) { flagCaseForDiscussion(meetingId: $m, caseId: $c, reason: \"Herhaling\") }";
    let item = app.graphql(Some(&mdd), flag, json!({ "m": meeting, "c": case })).await.data()["flagCaseForDiscussion"]
        .as_str()
        .unwrap()
        .to_string();
    app.clock.advance(Duration::days(3) + Duration::hours(20));
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let described = "Het meldpunt spreekt de verhuurder aan.";
    let input = json!({ "chainId": drenthe, "agendaItemId": item, "ownerOrganisationId": members[MDD],
        "description": described, "dueOn": (today + Duration::days(40)).to_string() });
    app.graphql(Some(&chair), crate::agendas::CREATE_ACTION, json!({ "input": input })).await.data();
    let notes = json!([{ "agendaItemId": item, "notes": "Besproken.", "decisions": "" }]);
    app.graphql(Some(&chair), RECORD, json!({ "m": meeting, "items": notes, "reason": null })).await.data();
    app.graphql(Some(&chair), APPROVE, json!({ "m": meeting })).await.data();

    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let police = crate::pages::cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let print = format!("/meetings/{meeting}/minutes/print");
    let printed = || async {
        let response = client.get(app.url(&print)).header("cookie", &police).send().await.unwrap();
        response.text().await.unwrap()
    };
    assert!(printed().await.contains(described), "on the minutes while shared");
    let unshare = "mutation($case: ID!, $chain: ID!) { unshareCase(caseId: $case, chainId: $chain) }";
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    app.graphql(Some(&mdd), unshare, json!({ "case": case, "chain": drenthe })).await.data();
    let after = printed().await;
    assert!(!after.contains(described) && !after.contains("Besproken."), "gone with its item: {after}");
}
