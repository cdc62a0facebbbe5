//! A withdrawn consent to share ends, at the next request, everything in the chain that rested
//! on it: the case's actions lapse (owners told by mail, without content) and only the case's
//! owner reads them; the case leaves the agenda still open; on the frozen agenda and in the
//! approved minutes its item keeps its place but not its reason, flagger, notes or decisions,
//! except for the case's owner (and the chair, for the minutes it wrote); and nobody can hang
//! a new action or flag on it.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use serde_json::{json, Value};

use crate::agendas::{agenda, series_on, share_new_case, CREATE_ACTION, DRENTHE, EDN, UPDATE_ACTION};
use crate::helpers::{spawn, Engine, TestApp, MDD, POLICE};
use crate::on_both_engines;

on_both_engines!(withdrawing_the_share_consent_reaches_actions_agendas_and_minutes);

const FLAG_REASON: &str = "Eerder vergelijkbaar voorval in dezelfde straat";
const ACTION_TEXT: &str = "Buurtagent loopt langs bij de woning";
const PROGRESS_TEXT: &str = "Eerste bezoek afgelegd";
const MINUTES_TEXT: &str = "Besproken dat de buurtagent langsgaat";
const ACTIONS: &str =
    "query($c: ID!) { actions(chainId: $c) { id description status lapseReason caseId progress { note } } }";
const FLAG: &str =
    "mutation($m: ID!, $case: ID!, $r: String!) { flagCaseForDiscussion(meetingId: $m, caseId: $case, reason: $r) }";
const MEETING: &str =
    "query($id: ID!) { meeting(id: $id) { agenda { id kind title addedBy { name } case { id } action { id } }
    minutes { items { agendaItemId notes decisions } } } }";

struct Scene {
    chain: String,
    members: Value,
    case: String,
    consent: String,
    past: String,
    next: String,
    flagged_item: String,
}

/// MDD shares a case with Drenthe; the police flag it for a meeting in two days and own an
/// action on it; the meeting takes place and the chair's minutes on the item are approved;
/// the next meeting's agenda, still open, carries the case's action.
async fn set_the_scene(app: &TestApp) -> Scene {
    let today = local_date(app.clock.now());
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let (chain, members) = app.chain(&chair, DRENTHE).await;
    let case = share_new_case(app, &mdd, &chain, "religion").await;
    let consents = app
        .graphql(
            Some(&mdd),
            "query($id: ID!) { case(id: $id) { ... on OwnCase { consents { id scope } } } }",
            json!({ "id": case }),
        )
        .await;
    let consent = consents.data()["case"]["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["scope"] == "SHARE_PSEUDONYMISED")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let meetings = series_on(app, &chair, &[today + Duration::days(2), today + Duration::days(40)]).await;
    let (past, next) = (meetings[0].clone(), meetings[1].clone());
    app.graphql(Some(&police), FLAG, json!({ "m": past, "case": case, "r": FLAG_REASON })).await.data();
    let input = json!({ "chainId": chain, "caseId": case, "ownerOrganisationId": members[POLICE],
        "description": ACTION_TEXT, "dueOn": (today + Duration::days(20)).to_string() });
    let action = app.graphql(Some(&chair), CREATE_ACTION, json!({ "input": input })).await;
    let action = action.data()["createAction"]["id"].as_str().unwrap().to_string();
    let progress = json!({ "id": action, "status": "IN_PROGRESS", "note": PROGRESS_TEXT });
    app.graphql(Some(&police), UPDATE_ACTION, progress).await.data();
    let flagged_item = agenda(app, &chair, &past).await.iter().find(|i| i["kind"] == "FLAGGED_CASE").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    app.clock.advance(Duration::days(2) + Duration::hours(20));
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let items = json!([{ "agendaItemId": flagged_item, "notes": MINUTES_TEXT, "decisions": "Politie gaat langs." }]);
    let record =
        "mutation($m: ID!, $items: [MinutesItemInput!]!) { recordMinutes(meetingId: $m, items: $items) { approved } }";
    app.graphql(Some(&chair), record, json!({ "m": past, "items": items })).await.data();
    app.graphql(Some(&chair), "mutation($m: ID!) { approveMinutes(meetingId: $m) { approved } }", json!({ "m": past }))
        .await
        .data();
    app.graphql(Some(&chair), "mutation($m: ID!) { compileAgenda(meetingId: $m) { id } }", json!({ "m": next }))
        .await
        .data();
    let next_agenda = agenda(app, &chair, &next).await;
    assert!(
        next_agenda.iter().any(|i| i["action"]["id"] == action.as_str()),
        "the action is carried over: {next_agenda:?}"
    );
    Scene { chain, members, case, consent, past, next, flagged_item }
}

async fn withdrawing_the_share_consent_reaches_actions_agendas_and_minutes(engine: Engine) {
    let app = spawn(engine).await;
    let scene = set_the_scene(&app).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let withdraw = "mutation($case: ID!, $id: ID!) { withdrawConsent(caseId: $case, consentId: $id) { withdrawnAt } }";
    app.graphql(Some(&mdd), withdraw, json!({ "case": scene.case, "id": scene.consent })).await.data();

    let chain = json!({ "c": scene.chain });
    for (organisation, role) in
        [(POLICE, Role::PoliceOfficer), (EDN, Role::Analyst), ("OM Noord-Nederland", Role::Prosecutor)]
    {
        let token = app.login_demo(organisation, role).await;
        let listed = app.graphql(Some(&token), ACTIONS, chain.clone()).await;
        let text = listed.body.to_string();
        assert!(
            !text.contains(ACTION_TEXT) && !text.contains(&scene.case),
            "{organisation} still reads the action: {text}"
        );
        let mine = app.graphql(Some(&token), "{ myActions { description } }", json!({})).await;
        assert!(!mine.body.to_string().contains(ACTION_TEXT), "{organisation}: {}", mine.body);
        for meeting in [&scene.past, &scene.next] {
            let read = app.graphql(Some(&token), MEETING, json!({ "id": meeting })).await.body.to_string();
            for secret in [FLAG_REASON, ACTION_TEXT, PROGRESS_TEXT, &scene.case] {
                assert!(!read.contains(secret), "{organisation} reads {secret:?} on a meeting: {read}");
            }
            if organisation != EDN {
                assert!(!read.contains(MINUTES_TEXT), "{organisation} reads the minutes on the case: {read}");
            }
        }
    }
    // The frozen agenda keeps the item's place, as no longer shared; the open one lost it.
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let past = app.graphql(Some(&police), MEETING, json!({ "id": scene.past })).await;
    let item = past.data()["meeting"]["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == scene.flagged_item.as_str())
        .cloned();
    let item = item.expect("the item keeps its place");
    assert_eq!(
        (item["title"].clone(), item["addedBy"].clone(), item["case"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );
    let next = app.graphql(Some(&police), MEETING, json!({ "id": scene.next })).await;
    assert!(
        next.data()["meeting"]["agenda"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] != "ACTION" && i["kind"] != "SHARED_CASE"),
        "{}",
        next.body
    );

    // The case's owner still reads the action, lapsed, and the flag's reason; the chair its minutes.
    let own = app.graphql(Some(&mdd), ACTIONS, chain.clone()).await;
    let lapsed =
        own.data()["actions"].as_array().unwrap().iter().find(|a| a["description"] == ACTION_TEXT).cloned().unwrap();
    assert_eq!(
        (lapsed["status"].clone(), lapsed["lapseReason"].clone()),
        (json!("LAPSED"), json!("CONSENT_WITHDRAWN"))
    );
    assert!(app.graphql(Some(&mdd), MEETING, json!({ "id": scene.past })).await.body.to_string().contains(FLAG_REASON));
    let chair = app.login_demo(EDN, Role::Analyst).await;
    assert!(app
        .graphql(Some(&chair), MEETING, json!({ "id": scene.past }))
        .await
        .body
        .to_string()
        .contains(MINUTES_TEXT));

    // The owner of the action was told, without content; nobody can act on the case again.
    let told = app.outbox("action_lapsed").await;
    let owners = app.people_with_roles(POLICE, &crate::helpers::TestApp::CHAIN_WORK).await;
    assert!(owners.contains("police_officer@politie-drenthe.example"), "{owners:?}");
    assert_eq!(told, owners.into_iter().collect::<Vec<_>>());
    let update = json!({ "id": lapsed["id"], "status": "DONE", "note": "Toch gedaan" });
    assert_eq!(app.graphql(Some(&police), UPDATE_ACTION, update).await.code(), "NOT_FOUND");
    let today = local_date(app.clock.now());
    let input = json!({ "chainId": scene.chain, "caseId": scene.case, "ownerOrganisationId": scene.members[MDD],
        "description": "Nog een afspraak", "dueOn": (today + Duration::days(5)).to_string() });
    for token in [&mdd, &chair] {
        assert_eq!(app.graphql(Some(token), CREATE_ACTION, json!({ "input": input })).await.code(), "NOT_FOUND");
    }
    let flag = json!({ "m": scene.next, "case": scene.case, "r": "Opnieuw bespreken" });
    assert_eq!(app.graphql(Some(&police), FLAG, flag).await.code(), "NOT_FOUND");
}
