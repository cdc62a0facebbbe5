//! Every text partners read goes through the one check: action descriptions, progress notes
//! and reasons, flag reasons, topics, minutes, summaries, shared notes, referral summaries and
//! reasons for declining. The case's identity and eight words of the reporter's account are
//! refused when the writer's organisation owns the case; hidden characters hide nothing;
//! control characters and overlong text are refused; a refusal names the field and never
//! repeats the value.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use serde_json::{json, Value};

use crate::agendas::{series_on, CREATE_ACTION, DRENTHE, EDN, UPDATE_ACTION};
use crate::helpers::{spawn, Engine, TestApp, MDD};
use crate::on_both_engines;

on_both_engines!(identifying_text_is_refused_in_every_shared_text);

const NAME: &str = "Aylin Kaya";
const ACCOUNT: &str =
    "Op maandag zei de teamleider bij het sollicitatiegesprek dat iemand met een hoofddoek niet bij ons past.";
const COPIED: &str =
    "Melder vertelt dat de teamleider bij het sollicitatiegesprek dat iemand met een hoofddoek afwees.";

async fn refused(app: &TestApp, token: &str, document: &str, variables: Value, field: &str, value: &str) {
    let answer = app.graphql(Some(token), document, variables).await;
    assert_eq!(answer.code(), "BAD_USER_INPUT", "{field} accepted {value:?}: {}", answer.body);
    assert_eq!(answer.body["errors"][0]["extensions"]["field"], field, "{}", answer.body);
    let message = answer.message().to_lowercase();
    assert!(!message.contains(&value.to_lowercase()), "the refusal repeats the value: {message}");
}

async fn own_case_with_identity(app: &TestApp, token: &str, chain: &str) -> String {
    let input = json!({ "grounds": ["anti_muslim"], "domain": "labour_market", "manifestations": ["unequal_treatment"],
        "channel": "phone", "handling": "mediation", "residenceMunicipality": "GM0106", "reportedOn": "2026-11-01",
        "identity": { "reporter": { "name": NAME, "phone": "06-11223344" }, "account": ACCOUNT,
                      "counterparty": { "kind": "ORGANISATION", "name": "Uitzendbureau Noorderzon B.V." } },
        "consentMethod": "VERBAL", "consentGivenOn": "2026-11-01" });
    let created = app
        .graphql(Some(token), "mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }", json!({ "i": input }))
        .await;
    let case = created.data()["createCase"]["id"].as_str().unwrap().to_string();
    let consent = "mutation($case: ID!, $chain: ID!) { recordConsent(caseId: $case, input: { scope: SHARE_PSEUDONYMISED, chainId: $chain, method: WRITTEN, givenOn: \"2026-11-01\" }) { id } }";
    app.graphql(Some(token), consent, json!({ "case": case, "chain": chain })).await.data();
    let share = "mutation($case: ID!, $chain: ID!) { shareCase(caseId: $case, chainId: $chain) { chainId } }";
    app.graphql(Some(token), share, json!({ "case": case, "chain": chain })).await.data();
    case
}

async fn identifying_text_is_refused_in_every_shared_text(engine: Engine) {
    let app = spawn(engine).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let (chain, members) = app.chain(&chair, DRENTHE).await;
    let case = own_case_with_identity(&app, &mdd, &chain).await;
    let today = local_date(app.clock.now());
    let meeting = series_on(&app, &chair, &[today + Duration::days(3)]).await.remove(0);
    let due = (today + Duration::days(10)).to_string();
    let action = |description: &str| json!({ "input": { "chainId": chain, "caseId": case, "ownerOrganisationId": members[MDD], "description": description, "dueOn": due } });
    let hidden_name = "Ay\u{200b}lin Ka\u{200d}ya";
    let hidden_phone = "Bel 06\u{200b}-1122\u{200b}3344";

    // The case's owner writes about its own case: its identity and account are refused.
    for text in [
        format!("Melder {NAME} wil overleg"),
        hidden_name.to_string(),
        COPIED.to_string(),
        "Werkgever Uitzendbureau Noorderzon B.V. weigert".into(),
    ] {
        refused(&app, &mdd, CREATE_ACTION, action(&text), "description", &text).await;
    }
    // Anyone: patterns, hidden or in full-width digits, and a Chamber of Commerce number.
    for text in
        [hidden_phone, "Bel ０６-１１２２３３４４", "Werkgever met KvK 12345678 weigert", "Bel 06-1122\u{202e}3344"]
    {
        refused(&app, &chair, CREATE_ACTION, action(text), "description", text).await;
    }
    let created = app.graphql(Some(&mdd), CREATE_ACTION, action("Gesprek met de werkgever plannen")).await;
    let action_id = created.data()["createAction"]["id"].as_str().unwrap().to_string();
    refused(
        &app,
        &mdd,
        UPDATE_ACTION,
        json!({ "id": action_id, "status": "IN_PROGRESS", "note": COPIED }),
        "note",
        COPIED,
    )
    .await;
    let flag =
        "mutation($m: ID!, $c: ID!, $r: String!) { flagCaseForDiscussion(meetingId: $m, caseId: $c, reason: $r) }";
    refused(&app, &mdd, flag, json!({ "m": meeting, "c": case, "r": hidden_name }), "reason", hidden_name).await;
    let topic = "mutation($m: ID!, $t: String!) { addAgendaTopic(meetingId: $m, title: $t) }";
    refused(&app, &chair, topic, json!({ "m": meeting, "t": hidden_phone }), "title", hidden_phone).await;
    refused(&app, &chair, topic, json!({ "m": meeting, "t": "Qzxw\u{0}vbnm" }), "title", "Qzxw").await;

    let note = "mutation($c: ID!, $t: String!, $s: Boolean!) { addCaseNote(caseId: $c, text: $t, shared: $s) { id } }";
    refused(&app, &mdd, note, json!({ "c": case, "t": COPIED, "s": true }), "text", COPIED).await;
    refused(&app, &mdd, note, json!({ "c": case, "t": "Qzxw\u{7}\u{1b}[31m", "s": false }), "text", "Qzxw").await;
    let update = "mutation($c: ID!, $s: String!) { updateCase(id: $c, input: { sharedSummary: $s }) { id } }";
    refused(&app, &mdd, update, json!({ "c": case, "s": hidden_name }), "sharedSummary", hidden_name).await;

    let emmen = app.query(&mdd, "{ organisations { edges { node { id name } } } }").await;
    let emmen = emmen.data()["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "Meldpunt Discriminatie Emmen")
        .unwrap()["node"]["id"]
        .clone();
    let refer = "mutation($case: ID!, $org: ID!) { recordConsent(caseId: $case, input: { scope: REFER, organisationId: $org, method: VERBAL, givenOn: \"2026-11-01\" }) { id } }";
    app.graphql(Some(&mdd), refer, json!({ "case": case, "org": emmen })).await.data();
    let referral = "mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }";
    let input = |summary: &str| json!({ "i": { "receiverId": emmen, "caseId": case, "summary": summary } });
    refused(&app, &mdd, referral, input(COPIED), "summary", COPIED).await;
    let long = "woord ".repeat(800);
    refused(&app, &mdd, referral, input(&long), "summary", &long).await;

    // The stored text is the text that was checked: invisible characters are gone.
    let accepted = app.graphql(Some(&mdd), CREATE_ACTION, action("Werk\u{200b}gever bellen")).await;
    assert!(accepted.body.get("errors").is_none(), "{}", accepted.body);
    let listed =
        app.graphql(Some(&mdd), "query($c: ID!) { actions(chainId: $c) { description } }", json!({ "c": chain })).await;
    assert!(
        listed.data()["actions"].as_array().unwrap().iter().any(|a| a["description"] == "Werkgever bellen"),
        "{}",
        listed.body
    );
}
