//! The actions in the browser's pages (over HTTP here; the browser run is in `browser.rs`):
//! "Mijn acties" lists the caller's own, the owner updates one on its page with every refusal
//! shown by its field and the text kept, the chain's list filters by status, and nobody else
//! can change it.

use ketenaanpak::domain::role::Role;
use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn, Engine, TestApp, MDD, POLICE};
use crate::on_both_engines;
use crate::pages::{cookie_of, form_token};

on_both_engines!(
    the_owner_updates_an_action_on_its_page_and_the_chain_list_shows_it,
    an_action_about_a_case_no_longer_shared_is_not_found_and_the_refusal_audited
);

/// An action of the Drenthe chain for `owner`, agreed by the expertise centre's analyst.
pub async fn action_for(app: &TestApp, owner: &str, description: &str) -> String {
    let analyst = app.login_demo(crate::agendas::EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&analyst, crate::cases::DRENTHE_CHAIN).await;
    let create = "mutation($input: CreateActionInput!) { createAction(input: $input) { id } }";
    let input = json!({ "input": { "chainId": drenthe, "ownerOrganisationId": members[owner],
        "description": description, "dueOn": "2027-01-15" } });
    app.graphql(Some(&analyst), create, input).await.data()["createAction"]["id"].as_str().unwrap().to_string()
}

async fn the_owner_updates_an_action_on_its_page_and_the_chain_list_shows_it(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let police_action = action_for(&app, POLICE, "Wijkagent laten langsgaan bij het buurthuis").await;
    let mdd_action = action_for(&app, MDD, "Voorlichting op de basisschool voorbereiden").await;
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let get = |path: String, cookie: &str| {
        let request = client.get(app.url(&path)).header("cookie", cookie);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (_, mine) = get("/actions/mine".into(), &police).await;
    assert!(mine.contains(&format!("href=\"/actions/{police_action}\"")), "{mine}");
    assert!(!mine.contains(&mdd_action), "another organisation's action is not the police's: {mine}");

    let (_, page) = get(format!("/actions/{police_action}"), &police).await;
    assert!(page.contains(&format!("action=\"/actions/{police_action}\"")), "the owner may update: {page}");
    let token = form_token(&page);
    let post = |cookie: &str, fields: Vec<(&'static str, &str)>| {
        let mut fields: Vec<(&str, String)> = fields.into_iter().map(|(k, v)| (k, v.to_string())).collect();
        fields.push(("csrf", token.clone()));
        client
            .post(app.url(&format!("/actions/{police_action}")))
            .header("cookie", cookie)
            .header("origin", app.address.clone())
            .form(&fields)
            .send()
    };
    let no_reason =
        post(&police, vec![("status", "not_possible"), ("note", "Eerst overleg met de wijk.")]).await.unwrap();
    assert_eq!(no_reason.status(), StatusCode::BAD_REQUEST);
    let no_reason = no_reason.text().await.unwrap();
    assert!(
        no_reason.contains("href=\"#reason\"")
            && no_reason.contains("Zeg waarom het niet kan")
            && no_reason.contains("Eerst overleg met de wijk."),
        "the reason is asked for, the note kept: {no_reason}"
    );
    let leaky = "Gebeld met de beheerder op 06-12345678 en jan@voorbeeld.nl gemaild.";
    let refused = post(&police, vec![("status", "in_progress"), ("note", leaky)]).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("id=\"note-error\"") && refused.contains(leaky), "kept in its field: {refused}");
    assert!(refused.contains("telefoonnummer") && refused.contains("e-mailadres"), "both findings: {refused}");
    let (_, unchanged) = get(format!("/actions/{police_action}"), &police).await;
    assert!(unchanged.contains("Er is nog geen voortgang vastgelegd."), "nothing stored: {unchanged}");

    let done = post(&police, vec![("status", "done"), ("note", "Gesprek gevoerd met het bestuur.")]).await.unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()[LOCATION], format!("/actions/{police_action}").as_str());
    let (_, after) = get(format!("/actions/{police_action}"), &police).await;
    assert!(after.contains("Gesprek gevoerd met het bestuur.") && after.contains("gedaan"), "{after}");

    let link = format!("href=\"/actions/{police_action}\"");
    let listed = |status: &'static str| {
        let get = get(format!("/actions?status={status}"), &police);
        let link = link.clone();
        async move { get.await.1.contains(&link) }
    };
    assert!(listed("done").await, "the chain's list shows it done");
    assert!(!listed("open").await, "and no longer open");
    let (_, mine) = get("/actions/mine".into(), &police).await;
    assert!(!mine.contains(&police_action), "done is no longer open work: {mine}");

    // Another member reads it but cannot change it; a viewer does not reach it at all.
    let mdd = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let (status, read) = get(format!("/actions/{police_action}"), &mdd).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!read.contains(&format!("action=\"/actions/{police_action}\"")), "no form for a non-owner: {read}");
    let mdd_token = form_token(&read);
    let tried = client
        .post(app.url(&format!("/actions/{police_action}")))
        .header("cookie", &mdd)
        .header("origin", app.address.clone())
        .form(&[("csrf", mdd_token.as_str()), ("status", "open")])
        .send()
        .await
        .unwrap();
    assert_eq!(tried.status(), StatusCode::FORBIDDEN);
    let (_, still) = get(format!("/actions/{police_action}"), &police).await;
    assert!(!still.contains("<dd>open</dd>") && still.contains("<dd>gedaan</dd>"), "{still}");
    let viewer = cookie_of(&app, &client, "policy_viewer@assen.example").await;
    let (status, _) = get(format!("/actions/{police_action}"), &viewer).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// When the reporting centre stops sharing the case an action is about, the police's action
/// page answers "not found" at the next request, and the refusal is in the police's trail.
async fn an_action_about_a_case_no_longer_shared_is_not_found_and_the_refusal_audited(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let analyst = app.login_demo(crate::agendas::EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&analyst, crate::cases::DRENTHE_CHAIN).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let case = crate::agendas::share_new_case(&app, &mdd, &drenthe, "religion").await;
    let create = "mutation($input: CreateActionInput!) { createAction(input: $input) { id } }";
    let input = json!({ "input": { "chainId": drenthe, "caseId": case, "ownerOrganisationId": members[POLICE],
        "description": "Melding bespreken met de wijkagent", "dueOn": "2027-01-15" } });
    let action =
        app.graphql(Some(&analyst), create, input).await.data()["createAction"]["id"].as_str().unwrap().to_string();
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let status = |cookie: String| {
        let request = client.get(app.url(&format!("/actions/{action}"))).header("cookie", cookie);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status(police.clone()).await, StatusCode::OK);
    let unshare = "mutation($case: ID!, $chain: ID!) { unshareCase(caseId: $case, chainId: $chain) }";
    app.graphql(Some(&mdd), unshare, json!({ "case": case, "chain": drenthe })).await.data();
    assert_eq!(status(police).await, StatusCode::NOT_FOUND);
    let officer = app.login_demo(POLICE, Role::PrivacyOfficer).await;
    let events =
        app.query(&officer, "{ auditEvents(first: 200) { events { action objectType objectId result } } }").await;
    let refused = events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "access_denied" && e["objectId"] == action.as_str())
        .count();
    assert_eq!(refused, 1, "{}", events.body);
}
