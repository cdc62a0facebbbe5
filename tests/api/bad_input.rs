//! Bad input is the client's: every invalid scalar is `BAD_USER_INPUT` naming its field, never
//! `INTERNAL`; ids have one spelling; and a request refused before execution is answered as
//! GraphQL over HTTP asks (400 without `data` under `application/graphql-response+json`).

use ketenaanpak::domain::role::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{answer, spawn, Engine, TestApp, MDD};
use crate::on_both_engines;

on_both_engines!(
    invalid_scalars_are_the_clients_error,
    ids_have_one_spelling,
    request_errors_as_the_spec_asks,
    hostile_cadences_are_refused_and_plan_nothing,
    a_cursor_pages_only_the_list_it_came_from
);

const CASE_INPUT: &str = r#"grounds: ["anti_muslim"], domain: "labour_market", manifestations: ["unequal_treatment"],
    channel: "phone", handling: "mediation", residenceMunicipality: "GM0106",
    consentMethod: VERBAL, consentGivenOn: "2026-03-20""#;

async fn refused(app: &TestApp, token: &str, document: &str, variables: Value, field: &str) {
    let answer = app.graphql(Some(token), document, variables).await;
    assert_eq!(answer.code(), "BAD_USER_INPUT", "{document}: {}", answer.body);
    let named = answer.body["errors"][0]["extensions"]["field"].as_str().unwrap_or_default();
    assert!(named.ends_with(field), "{document}: field {named:?}, wanted {field}: {}", answer.body);
}

async fn invalid_scalars_are_the_clients_error(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let (chain, _) = app.chain(&token, "Casuïstiekoverleg Drenthe").await;
    let none = json!({});
    let create_case = |extra: &str| format!("mutation {{ createCase(input: {{ {CASE_INPUT}, {extra} }}) {{ id }} }}");
    refused(
        &app,
        &token,
        &create_case(r#"incidentDate: "2026-02-30", reportedOn: "2026-03-20""#),
        none.clone(),
        "incidentDate",
    )
    .await;
    refused(&app, &token, &create_case(r#"reportedOn: "20-03-2026""#), none.clone(), "reportedOn").await;
    let reversed = r#"incidentDate: "2026-03-14", incidentUntil: "2026-03-10", reportedOn: "2026-03-20""#;
    refused(&app, &token, &create_case(reversed), none.clone(), "incidentUntil").await;
    let period = r#"incidentDate: "2026-03-10", incidentUntil: "2026-03-14", reportedOn: "2026-03-20""#;
    let created = app
        .graphql(Some(&token), &create_case(period).replace("{ id }", "{ incidentDate incidentUntil }"), none.clone())
        .await;
    assert_eq!(
        created.body["data"]["createCase"],
        json!({ "incidentDate": "2026-03-10", "incidentUntil": "2026-03-14" }),
        "{}",
        created.body
    );
    let meetings = "query($from: NaiveDate!) { meetings(chainId: $chain, from: $from, to: \"2027-01-01\") { id } }";
    let meetings = meetings.replace("$chain", &format!("\"{chain}\""));
    refused(&app, &token, &meetings, json!({ "from": "$" }), "from").await;
    refused(&app, &token, &meetings, json!({ "from": "2026-02-30" }), "from").await;
    let due = format!(r#"{{ actions(chainId: "{chain}", dueBefore: "2026-13-01") {{ id }} }}"#);
    refused(&app, &token, &due, none.clone(), "dueBefore").await;
    let cadence = format!(
        r#"mutation {{ createMeetingSeries(input: {{ chainId: "{chain}", title: "x", cadence: {{ dates: ["2027-01-01", "2027-02-31"] }} }}) {{ id }} }}"#
    );
    refused(&app, &token, &cadence, none.clone(), "dates.1").await;

    // Beyond 32 bits: refused at execution, still the client's error, naming the field.
    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    refused(&app, &privacy, "{ auditEvents(first: 2147483648) { events { id } } }", none.clone(), "auditEvents").await;
    refused(&app, &token, "{ cases(first: -1) { edges { node { id } } } }", none.clone(), "first").await;
    refused(&app, &token, "{ cases(first: 2147483647) { edges { node { id } } } }", none, "first").await;
}

async fn ids_have_one_spelling(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let (chain, _) = app.chain(&token, "Casuïstiekoverleg Drenthe").await;
    let series =
        |id: &str| format!(r#"{{ meetings(chainId: "{id}", from: "2026-01-01", to: "2027-01-01") {{ id }} }}"#);
    assert!(app.query(&token, &series(&chain)).await.data()["meetings"].is_array());
    for other in [chain.to_uppercase(), format!("{{{chain}}}"), format!("urn:uuid:{chain}"), chain.replace('-', "")] {
        assert_eq!(app.query(&token, &series(&other)).await.code(), "NOT_FOUND", "{other}");
    }
}

async fn post_raw(app: &TestApp, body: String) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .header("accept", "application/graphql-response+json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn request_errors_as_the_spec_asks(engine: Engine) {
    let app = spawn(engine).await;
    let cases = [
        ("parse failure", json!({ "query": "{ me { id }" })),
        ("validation failure", json!({ "query": "{ noSuchField }" })),
        (
            "uncoercible variable",
            json!({ "query": "query($n: Int!) { organisations(first: $n) { edges { cursor } } }", "variables": { "n": "x" } }),
        ),
        ("no query", json!({ "variables": {} })),
        ("query not a string", json!({ "query": 1 })),
        ("variables not an object", json!({ "query": "{ __typename }", "variables": [1] })),
    ];
    for (what, body) in cases {
        let (status, refusal) = post_raw(&app, body.to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {refusal}");
        assert!(refusal.get("data").is_none(), "{what}: {refusal}");
        assert!(!refusal["errors"][0]["message"].as_str().unwrap().is_empty(), "{what}");
    }
    // A field error is no request error: 200 with data.
    let (status, field_error) = post_raw(&app, json!({ "query": "{ me { id } }" }).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{field_error}");
    assert_eq!(field_error["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert!(field_error.get("data").is_some(), "{field_error}");
    let plain = app.client.post(app.url("/graphql")).json(&json!({ "query": "{ me { id }" })).send().await.unwrap();
    let plain = answer(plain).await;
    assert_eq!(plain.status, StatusCode::OK, "application/json keeps 200 for a well-formed request");
    assert!(plain.body.get("data").is_none());
}

/// A cron rule with seconds, a daily rule, dates days apart, a negative period and an anchor
/// at the end of the calendar: each refused (or planned safely), nothing planned or mailed
/// beyond one meeting a week, and the planning job still runs.
async fn hostile_cadences_are_refused_and_plan_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let analyst = app.login_demo("Expertisecentrum Diversiteit Noord", Role::Analyst).await;
    let (chain, members) = app.chain(&analyst, "Casuïstiekoverleg Drenthe").await;
    let create = "mutation($c: ID!, $chair: ID!, $cadence: CadenceInput!) { createMeetingSeries(input: { chainId: $c,
        title: \"Overleg\", startTime: \"14:00\", location: \"Assen\", chairOrganisationId: $chair, cadence: $cadence }) { id } }";
    let chair = members["Expertisecentrum Diversiteit Noord"].clone();
    let every =
        |weeks: i64, from: &str| json!({ "everyWeeks": { "weeks": weeks, "weekday": "TUESDAY", "from": from } });
    for (cadence, field) in [
        (json!({ "cron": "* * * * * *" }), "cadence"),
        (json!({ "cron": "0 14 * * *" }), "cadence"),
        (json!({ "cron": "* * * * *" }), "cadence"),
        (json!({ "dates": ["2027-03-01", "2027-03-03"] }), "cadence"),
        (every(-215, "2027-01-05"), "createMeetingSeries"),
        (every(0, "2027-01-05"), "cadence"),
    ] {
        refused(&app, &analyst, create, json!({ "c": chain, "chair": chair, "cadence": cadence }), field).await;
    }
    let far = app
        .graphql(Some(&analyst), create, json!({ "c": chain, "chair": chair, "cadence": every(1, "9999-12-28") }))
        .await;
    assert!(far.body.get("errors").is_none(), "{}", far.body);
    let ancient = app
        .graphql(Some(&analyst), create, json!({ "c": chain, "chair": chair, "cadence": every(52, "0001-01-02") }))
        .await;
    assert!(ancient.body.get("errors").is_none(), "{}", ancient.body);
    ketenaanpak::jobs::run(&app.services, ketenaanpak::jobs::Job::PlanMeetings).await.unwrap();
    let listed = app
        .graphql(
            Some(&analyst),
            "query($c: ID!) { meetings(chainId: $c, from: \"2000-01-01\", to: \"2035-01-01\") { id } }",
            json!({ "c": chain }),
        )
        .await;
    let planned = listed.data()["meetings"].as_array().unwrap().len();
    assert!(planned <= 3, "a yearly series plans a meeting or two, the far one none: {planned}");
}

/// A cursor is looked up within the list it pages: another organisation's case as `after`
/// answers exactly like an id that does not exist, so it tells nothing.
async fn a_cursor_pages_only_the_list_it_came_from(engine: Engine) {
    let app = spawn(engine).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let mde = app.login_demo("Meldpunt Discriminatie Emmen", Role::Caseworker).await;
    let input = json!({ "grounds": ["age"], "domain": "housing", "manifestations": ["remarks"], "channel": "phone",
        "handling": "advice", "incidentMunicipality": "GM0106", "reportedOn": "2026-11-01", "consentMethod": "VERBAL", "consentGivenOn": "2026-11-01" });
    // Newer than every case of the demo, so an unscoped cursor would page through them all.
    app.clock.advance(chrono::Duration::minutes(1));
    app.graphql(Some(&mdd), "mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }", json!({ "i": input }))
        .await
        .data();
    let newest = app.query(&mdd, "{ cases(first: 1) { edges { cursor } } }").await;
    let foreign = newest.data()["cases"]["edges"][0]["cursor"].as_str().unwrap().to_string();
    let page = |cursor: String| {
        let (app, mde) = (&app, &mde);
        async move {
            let answer = app
                .graphql(
                    Some(mde),
                    "query($a: String) { cases(first: 50, after: $a) { edges { cursor } } }",
                    json!({ "a": cursor }),
                )
                .await;
            answer.data()["cases"]["edges"].clone()
        }
    };
    crate::cases::create(&app, &mde, crate::cases::case_input(serde_json::Value::Null, None)).await;
    let own = app.query(&mde, "{ cases(first: 50) { edges { cursor } } }").await;
    assert!(!own.data()["cases"]["edges"].as_array().unwrap().is_empty(), "Emmen has cases of its own");
    let unknown = base64_of_uuid(uuid_like());
    assert_eq!(page(foreign).await, page(unknown).await, "a foreign cursor reads as an unknown one");
}

fn uuid_like() -> [u8; 16] {
    *b"0123456789abcdef"
}

fn base64_of_uuid(bytes: [u8; 16]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
