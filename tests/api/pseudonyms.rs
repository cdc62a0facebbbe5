//! Pseudonyms are no oracle: an organisation never reads the pseudonym of its own case,
//! partners see one per chain, and setting counterparties is audited and limited per day.

use chrono::{Duration, NaiveTime, TimeZone};
use chrono_tz::Europe::Amsterdam;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::role::Role;
use serde_json::{json, Value};
use sqlx::Connection;

use crate::cases::{case_input, chain_id, consent_to_share, create, identity, share, DRENTHE_CHAIN};
use crate::helpers::{spawn, spawn_beside, spawn_with, Engine, TestApp, COC, MDD, MDE, POLICE};
use crate::on_both_engines;

on_both_engines!(
    the_owner_never_reads_its_own_cases_pseudonym,
    the_same_counterparty_links_within_a_chain_and_not_across_chains,
    setting_counterparties_is_audited_and_limited_per_person_per_day,
    shares_from_before_get_their_chains_pseudonym_at_start
);

const THEME_CHAIN: &str = "Noordelijk overleg homofoob geweld";
const BAKERY: &str = "Bakkerij De Korenschoof B.V.";

/// A case of the caller's about `counterparty`, shared with each of `chains`: its id.
async fn case_about(app: &TestApp, token: &str, counterparty: &str, chains: &[&str]) -> String {
    let case = create(app, token, case_input(identity("Sanne de Vries", counterparty), None)).await;
    let case = case["id"].as_str().unwrap_or_else(|| panic!("created: {case}")).to_string();
    for name in chains {
        let chain = chain_id(app, token, name).await;
        consent_to_share(app, token, &case, &chain).await;
        let shared = share(app, token, &case, &chain).await;
        assert!(shared.body.get("errors").is_none(), "{}", shared.body);
    }
    case
}

/// The counterparty's pseudonym of `case` as `token` reads it, per chain id.
async fn pseudonyms_seen(app: &TestApp, token: &str, case: &str) -> Vec<(String, Value)> {
    let query = "query($id: ID!) { case(id: $id) { ... on SharedCase { shares { chainId counterpartyPseudonym } } ... on OwnCase { shares { chainId counterpartyPseudonym } } } }";
    let seen = app.graphql(Some(token), query, json!({ "id": case })).await;
    let shares = seen.data()["case"]["shares"].as_array().unwrap_or_else(|| panic!("{}", seen.body)).clone();
    shares.iter().map(|s| (s["chainId"].as_str().unwrap().to_string(), s["counterpartyPseudonym"].clone())).collect()
}

async fn the_owner_never_reads_its_own_cases_pseudonym(engine: Engine) {
    let app = spawn(engine).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let case = case_about(&app, &mdd, BAKERY, &[DRENTHE_CHAIN]).await;
    let drenthe = chain_id(&app, &mdd, DRENTHE_CHAIN).await;

    let asked = app
        .graphql(
            Some(&mdd),
            "query($id: ID!) { case(id: $id) { ... on OwnCase { counterpartyPseudonym } } }",
            json!({ "id": case }),
        )
        .await;
    assert!(asked.message().contains("counterpartyPseudonym"), "an own case has no pseudonym field: {}", asked.body);
    assert_eq!(pseudonyms_seen(&app, &mdd, &case).await, [(drenthe.clone(), Value::Null)], "not on its shares");
    let listed = app
        .graphql(
            Some(&mdd),
            "query($chain: ID!) { sharedCases(chainId: $chain, first: 100) { edges { node { id shares { counterpartyPseudonym } } } } }",
            json!({ "chain": drenthe }),
        )
        .await;
    let edges = listed.data()["sharedCases"]["edges"].as_array().unwrap().clone();
    let own = edges.iter().find(|e| e["node"]["id"] == case.as_str()).expect("the own case in the chain's list");
    assert!(own["node"]["shares"][0]["counterpartyPseudonym"].is_null(), "not in the chain's list either");

    let seen = pseudonyms_seen(&app, &police, &case).await;
    let pseudonym = seen[0].1.as_str().expect("a partner reads the pseudonym").to_string();
    assert!(pseudonym.starts_with("pc_"), "{pseudonym}");

    // The police report the same bakery: the owner learns that it is a pattern, by counts.
    let patterns =
        "query($id: ID!) { case(id: $id) { ... on OwnCase { patterns { chainId reports organisations } } } }";
    let before = app.graphql(Some(&mdd), patterns, json!({ "id": case })).await;
    assert_eq!(before.data()["case"]["patterns"], json!([{ "chainId": drenthe, "reports": 1, "organisations": 1 }]));
    let theirs = case_about(&app, &police, "bakkerij de korenschoof", &[DRENTHE_CHAIN]).await;
    let after = app.graphql(Some(&mdd), patterns, json!({ "id": case })).await;
    assert_eq!(after.data()["case"]["patterns"], json!([{ "chainId": drenthe, "reports": 2, "organisations": 2 }]));
    assert_eq!(pseudonyms_seen(&app, &mdd, &theirs).await[0].1, json!(pseudonym), "a partner's case shows it");
    assert!(pseudonyms_seen(&app, &police, &theirs).await[0].1.is_null(), "and its owner's does not");

    // A changed counterparty takes the share's pseudonym with it; an erased one forgets it.
    let update = "mutation($id: ID!, $input: UpdateCaseInput!) { updateCase(id: $id, input: $input) { anonymous } }";
    let changed = json!({ "id": case, "input": { "identity": identity("Sanne de Vries", "Slagerij Van Dam") } });
    assert!(app.graphql(Some(&mdd), update, changed).await.body.get("errors").is_none());
    let moved = pseudonyms_seen(&app, &police, &case).await[0].1.clone();
    assert!(moved.as_str().is_some_and(|p| p.starts_with("pc_") && p != pseudonym), "{moved}");
    let erased = app.graphql(Some(&mdd), update, json!({ "id": case, "input": { "identity": null } })).await;
    assert_eq!(erased.data()["updateCase"]["anonymous"], true);
    assert!(pseudonyms_seen(&app, &police, &case).await[0].1.is_null());
}

async fn the_same_counterparty_links_within_a_chain_and_not_across_chains(engine: Engine) {
    let app = spawn(engine).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let mde = app.login_demo(MDE, Role::Caseworker).await;
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let in_both = case_about(&app, &mdd, BAKERY, &[DRENTHE_CHAIN, THEME_CHAIN]).await;
    let in_theme = case_about(&app, &mde, BAKERY, &[THEME_CHAIN]).await;
    let in_drenthe = case_about(&app, &mde, BAKERY, &[DRENTHE_CHAIN]).await;
    let (drenthe, theme) = (chain_id(&app, &mdd, DRENTHE_CHAIN).await, chain_id(&app, &mdd, THEME_CHAIN).await);

    // The police sit in both chains.
    let both: std::collections::HashMap<String, Value> =
        pseudonyms_seen(&app, &police, &in_both).await.into_iter().collect();
    let (in_d, in_t) = (both[&drenthe].as_str().unwrap(), both[&theme].as_str().unwrap());
    assert_ne!(in_d, in_t, "one case, one counterparty, another pseudonym in each chain");
    assert_eq!(pseudonyms_seen(&app, &police, &in_drenthe).await, [(drenthe.clone(), json!(in_d))]);
    assert_eq!(pseudonyms_seen(&app, &police, &in_theme).await, [(theme.clone(), json!(in_t))]);

    let pattern =
        "query($p: String!) { counterpartyPattern(pseudonym: $p) { reports organisations sharedCases { id } } }";
    let seen = app.graphql(Some(&police), pattern, json!({ "p": in_t })).await;
    let seen = &seen.data()["counterpartyPattern"];
    assert_eq!((seen["reports"].as_i64(), seen["organisations"].as_i64()), (Some(2), Some(2)));
    let ids: Vec<&str> = seen["sharedCases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&in_both.as_str()) && ids.contains(&in_theme.as_str()), "the theme chain's cases only");
    // Emmen asks with the pseudonym it sees on the centre's Drenthe case: the partners' cases
    // only. Had its own been counted, the count would tell it its own case's pseudonym.
    let own_view = app.graphql(Some(&mde), pattern, json!({ "p": in_d })).await;
    let own_view = &own_view.data()["counterpartyPattern"];
    assert_eq!((own_view["reports"].as_i64(), own_view["organisations"].as_i64()), (Some(1), Some(1)));
    assert_eq!(own_view["sharedCases"][0]["id"], in_both.as_str());
}

async fn setting_counterparties_is_audited_and_limited_per_person_per_day(engine: Engine) {
    let app = spawn_with(engine, |config| config.casework.counterparty_changes_per_day = 2).await;
    let next_noon = (app.clock.now().with_timezone(&Amsterdam).date_naive() + Duration::days(1))
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap());
    app.clock.set(Amsterdam.from_local_datetime(&next_noon).unwrap().to_utc());
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let update = "mutation($id: ID!, $input: UpdateCaseInput!) { updateCase(id: $id, input: $input) { status } }";
    let case = create(&app, &mdd, case_input(identity("Sanne de Vries", "Firma Een"), None)).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let change = |name: &str| json!({ "id": case, "input": { "identity": identity("Sanne de Vries", name) } });
    assert!(app.graphql(Some(&mdd), update, change("Firma Twee")).await.body.get("errors").is_none(), "the second");

    let refused = app.graphql(Some(&mdd), update, change("Firma Drie")).await;
    assert_eq!(refused.code(), "RATE_LIMITED", "{}", refused.body);
    assert!(refused.message().contains("wederpartij") && !refused.message().contains("Drie"), "{}", refused.message());
    let read = "query($id: ID!) { case(id: $id) { ... on OwnCase { identity { counterparty { name } } } } }";
    let stored = app.graphql(Some(&mdd), read, json!({ "id": case })).await;
    assert_eq!(
        stored.data()["case"]["identity"]["counterparty"]["name"],
        "Firma Twee",
        "nothing of the refused change"
    );
    // What does not change the counterparty goes on: a status, the same counterparty again.
    assert!(app
        .graphql(Some(&mdd), update, json!({ "id": case, "input": { "status": "CLOSED" } }))
        .await
        .body
        .get("errors")
        .is_none());
    assert!(app.graphql(Some(&mdd), update, change("firma twee")).await.body.get("errors").is_none());
    let count = "{ cases(first: 100) { edges { node { id } } } }";
    let cases_before = app.query(&mdd, count).await.data()["cases"]["edges"].as_array().unwrap().len();
    let new_case = app
        .graphql(
            Some(&mdd),
            crate::cases::CREATE,
            json!({ "input": case_input(identity("Sanne de Vries", "Firma Vier"), None) }),
        )
        .await;
    assert_eq!(new_case.code(), "RATE_LIMITED", "registering under a counterparty counts too");
    assert_eq!(app.query(&mdd, count).await.data()["cases"]["edges"].as_array().unwrap().len(), cases_before);
    assert!(app
        .graphql(Some(&mdd), crate::cases::CREATE, json!({ "input": case_input(Value::Null, None) }))
        .await
        .body
        .get("errors")
        .is_none());
    // Accepting a referral that names a counterparty counts for the one who accepts.
    let coc = app.login_demo(COC, Role::Intake).await;
    let mut intake = crate::referrals::intake(&crate::referrals::org_id(&app, &coc, MDD).await);
    intake["intake"]["identity"]["counterparty"] = json!({ "kind": "ORGANISATION", "name": "Firma Zes" });
    let referral = crate::referrals::create(&app, &coc, intake).await;
    crate::referrals::step(&app, &coc, "submitReferral", &referral).await.data();
    crate::referrals::step(&app, &mdd, "openReferral", &referral).await.data();
    assert_eq!(crate::referrals::step(&app, &mdd, "acceptReferral", &referral).await.code(), "RATE_LIMITED");
    // Tokens an admin makes count for the admin, however many there are.
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let mint = "mutation($name: String!) { createApiToken(input: { name: $name, roles: [CASEWORKER] }) { token } }";
    for (n, expected) in [(1, None), (2, None), (3, Some("RATE_LIMITED")), (4, Some("RATE_LIMITED"))] {
        let minted = app.graphql(Some(&admin), mint, json!({ "name": format!("koppeling {n}") })).await;
        let token = minted.data()["createApiToken"]["token"].as_str().unwrap().to_string();
        let input = case_input(identity("Sanne de Vries", &format!("Token Firma {n}")), None);
        let made = app.graphql(Some(&token), crate::cases::CREATE, json!({ "input": input })).await;
        assert_eq!(made.body.get("errors").map(|_| made.code().to_string()).as_deref(), expected, "token {n}");
    }
    let other = app.login_demo(MDE, Role::Caseworker).await;
    let theirs = app
        .graphql(
            Some(&other),
            crate::cases::CREATE,
            json!({ "input": case_input(identity("Sanne de Vries", "Firma Vijf"), None) }),
        )
        .await;
    assert!(theirs.body.get("errors").is_none(), "the limit is per person: {}", theirs.body);

    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&privacy, "{ auditEvents(first: 200) { events { action objectId result } } }").await;
    let events = events.data()["auditEvents"]["events"].as_array().unwrap().clone();
    let of = |action: &str| events.iter().filter(|e| e["action"] == action).cloned().collect::<Vec<_>>();
    let set_on_case = of("counterparty_set").into_iter().filter(|e| e["objectId"] == case.as_str()).count();
    assert_eq!(set_on_case, 2, "registered under one, changed to another; the refused change not");
    let refusals = of("counterparty_limit_reached");
    assert_eq!(refusals.len(), 5, "two changes, one referral, two tokens' cases");
    assert_eq!(refusals[0]["result"], "denied");
    assert_eq!(
        app.outbox("counterparty_limit_reached").await,
        ["privacy_officer@mdd.example", "privacy_officer@mdd.example"],
        "told once a day for each person: the caseworker and the admin"
    );

    app.clock.advance(Duration::days(1));
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let next_day = app.graphql(Some(&mdd), update, change("Firma Drie")).await;
    assert!(next_day.body.get("errors").is_none(), "a new day: {}", next_day.body);
    let accepted = crate::referrals::step(&app, &mdd, "acceptReferral", &referral).await;
    assert_eq!(accepted.data()["acceptReferral"]["referral"]["status"], "ACCEPTED");
}

/// A database from before pseudonyms were kept per chain: shares without one, and an agenda
/// pattern under the link key. The next start gives both the chain's pseudonym.
async fn shares_from_before_get_their_chains_pseudonym_at_start(engine: Engine) {
    let app = spawn(engine).await;
    // The test's own landlord, shared three times, and a meeting whose agenda names it.
    let chair = app.login_demo(crate::agendas::EDN, Role::Analyst).await;
    let (drenthe, _) = app.chain(&chair, crate::agendas::DRENTHE).await;
    let public_ids = crate::agendas::own_pattern(&app, &drenthe).await;
    let today = ketenaanpak::domain::calendar::local_date(app.clock.now());
    let meeting = crate::agendas::series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let compile = "mutation($m: ID!) { compileAgenda(meetingId: $m) { id } }";
    app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.data();
    let items = crate::agendas::agenda(&app, &chair, &meeting).await;
    let item = crate::agendas::pattern_item(&items, &public_ids).expect("the landlord is on the agenda");
    let item = item["id"].as_str().unwrap().to_string();

    sqlx::any::install_default_drivers();
    let mut db = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    let shares =
        "SELECT s.id, s.counterparty_pseudonym, c.public_id FROM case_shares s JOIN cases c ON c.id = s.case_id
        WHERE s.counterparty_pseudonym IS NOT NULL ORDER BY s.id";
    let landlords = |rows: Vec<(String, String, String)>| -> Vec<(String, String)> {
        rows.into_iter().filter(|(_, _, case)| public_ids.contains(case)).map(|(id, p, _)| (id, p)).collect()
    };
    let before = landlords(sqlx::query_as(shares).fetch_all(&mut db).await.unwrap());
    assert_eq!(before.len(), 3, "the landlord is shared three times");
    let subject: String = sqlx::query_scalar("SELECT subject FROM agenda_items WHERE id = $1")
        .bind(&item)
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert!(before.iter().all(|(_, pseudonym)| *pseudonym == subject), "one chain pseudonym: {before:?}");
    let link: String = sqlx::query_scalar(
        "SELECT c.counterparty_pseudonym FROM cases c JOIN case_shares s ON s.case_id = c.id WHERE s.id = $1",
    )
    .bind(&before[0].0)
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert!(link.starts_with("ps_") && subject.starts_with("pc_") && link != subject);
    // As a database from before the chain pseudonyms looked: none on the shares, the agenda
    // item naming the case's own pseudonym.
    sqlx::query("UPDATE case_shares SET counterparty_pseudonym = NULL").execute(&mut db).await.unwrap();
    sqlx::query("UPDATE agenda_items SET subject = $2 WHERE id = $1")
        .bind(&item)
        .bind(&link)
        .execute(&mut db)
        .await
        .unwrap();

    let restarted = spawn_beside(&app, |_| {}, false).await;
    let after = landlords(sqlx::query_as(shares).fetch_all(&mut db).await.unwrap());
    assert_eq!(after, before);
    let now: String = sqlx::query_scalar("SELECT subject FROM agenda_items WHERE id = $1")
        .bind(&item)
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(now, subject);
    drop(restarted);
}
