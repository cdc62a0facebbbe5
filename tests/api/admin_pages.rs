//! The admin's and the privacy officer's pages over HTTP: adding a person who chooses their
//! own password from a mailed link (once), roles, disabling with a confirmation, nothing for
//! another organisation or role; and the audit trail narrowed to one case's identity reads,
//! exported as CSV (itself audited), with the hash chain checked.

use ketenaanpak::demo::DEMO_PASSWORD;
use ketenaanpak::domain::role::Role;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn, spawn_without_mail_worker, Engine, TestApp, MDD};
use crate::on_both_engines;
use crate::pages::{cookie_of, form_token};

on_both_engines!(
    an_admin_adds_a_person_who_chooses_a_password_from_the_mailed_link_once,
    an_admin_changes_roles_sends_a_link_and_disables_with_a_confirmation,
    the_admin_pages_are_not_found_for_other_roles_and_organisations,
    the_privacy_officer_narrows_the_trail_to_one_cases_identity_reads_and_exports_it,
    a_delivered_password_mail_keeps_no_link,
    an_admin_takes_a_lost_second_factor_off_and_the_person_is_told,
);

struct Pages<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Pages<'a> {
    fn new(app: &'a TestApp) -> Self {
        Pages { app, client: reqwest::Client::builder().redirect(Policy::none()).build().unwrap() }
    }

    async fn get(&self, path: &str, cookie: &str) -> (StatusCode, String) {
        let response = self.client.get(self.app.url(path)).header("cookie", cookie).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let request = self.client.post(self.app.url(path)).header("origin", self.app.address.clone());
        let request = if cookie.is_empty() { request } else { request.header("cookie", cookie) };
        request.form(form).send().await.unwrap()
    }
}

/// The body of the last mail of `template` to `to`.
pub async fn mail_body(app: &TestApp, template: &str, to: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    sqlx::query_scalar(
        "SELECT body_text FROM mail_outbox WHERE template = $1 AND recipient = $2 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(template)
    .bind(to)
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

/// The path and query of the link in a password mail.
pub fn reset_path(body: &str) -> String {
    let at = body.find("/password-reset?token=").expect("a link in the mail");
    body[at..].split_whitespace().next().unwrap().to_string()
}

async fn an_admin_adds_a_person_who_chooses_a_password_from_the_mailed_link_once(engine: Engine) {
    // No mail worker: the test reads the link from the queued message, as the mail would carry it.
    let app = spawn_without_mail_worker(engine, |_| {}).await;
    let pages = Pages::new(&app);
    let admin = cookie_of(&app, &pages.client, "org_admin@mdd.example").await;
    let (status, list) = pages.get("/admin/users", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("caseworker@mdd.example") && list.contains("functionarissen gegevensbescherming"), "{list}");
    let csrf = form_token(&list);

    let refused = pages
        .post(
            "/admin/users",
            &admin,
            &[("csrf", &csrf), ("display_name", "Sanne Bakker"), ("email", "geen adres"), ("roles", "caseworker")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("Er is een probleem") && refused.contains("value=\"Sanne Bakker\""), "kept: {refused}");
    assert_eq!(app.outbox("password_reset").await, Vec::<String>::new(), "nothing added, nothing sent");

    let added = pages
        .post(
            "/admin/users",
            &admin,
            &[
                ("csrf", &csrf),
                ("display_name", "Sanne Bakker"),
                ("email", "s.bakker@mdd.example"),
                ("roles", "caseworker"),
                ("language", "nl"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let user_page = added.headers()[LOCATION].to_str().unwrap().to_string();
    let (_, shown) = pages.get(&user_page, &admin).await;
    assert!(shown.contains("Sanne Bakker") && shown.contains("een e-mail met een link"), "{shown}");
    let officers = app.people_with_roles(MDD, &["PRIVACY_OFFICER"]).await;
    let told: std::collections::BTreeSet<String> = app.outbox("work_role_granted").await.into_iter().collect();
    assert!(officers.is_subset(&told), "the privacy officers are told: {officers:?} in {told:?}");

    let body = mail_body(&app, "password_reset", "s.bakker@mdd.example").await;
    assert!(body.contains("account voor u gemaakt"), "a welcome in the user's language: {body}");
    let link = reset_path(&body);
    let (status, form) = pages.get(&link, "").await;
    assert_eq!(status, StatusCode::OK, "{form}");
    let token = link.split("token=").nth(1).unwrap();
    let short = pages.post("/password-reset", "", &[("token", token), ("new_password", "kort")]).await;
    assert_eq!(short.status(), StatusCode::BAD_REQUEST);
    assert!(short.text().await.unwrap().contains("minstens 12 tekens"));
    let chosen = "een zin die ik zelf koos";
    let saved = pages.post("/password-reset", "", &[("token", token), ("new_password", chosen)]).await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert!(app.me_works(&app.login("s.bakker@mdd.example", chosen).await).await);
    let again =
        pages.post("/password-reset", "", &[("token", token), ("new_password", "nog een andere zin hier")]).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(again.text().await.unwrap().contains("werkt niet meer"), "a link works once");
    let (status, _) = pages.get(&link, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn an_admin_changes_roles_sends_a_link_and_disables_with_a_confirmation(engine: Engine) {
    let app = spawn_without_mail_worker(engine, |_| {}).await;
    let pages = Pages::new(&app);
    let admin = cookie_of(&app, &pages.client, "org_admin@mdd.example").await;
    let id = user_id(&app, "caseworker@mdd.example").await;
    let page = format!("/admin/users/{id}");
    let (status, shown) = pages.get(&page, &admin).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = form_token(&shown);

    let none = pages.post(&format!("{page}/roles"), &admin, &[("csrf", &csrf)]).await;
    assert_eq!(none.status(), StatusCode::BAD_REQUEST, "a user keeps at least one role");
    let changed = pages
        .post(
            &format!("{page}/roles"),
            &admin,
            &[("csrf", &csrf), ("roles", "caseworker"), ("roles", "privacy_officer")],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let (_, shown) = pages.get(&page, &admin).await;
    assert!(shown.contains("medewerker meldpunt, functionaris gegevensbescherming"), "{shown}");

    let before = app.login("caseworker@mdd.example", DEMO_PASSWORD).await;
    let sent = pages.post(&format!("{page}/password-reset"), &admin, &[("csrf", &csrf)]).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert!(mail_body(&app, "password_reset", "caseworker@mdd.example")
        .await
        .contains("blijft uw huidige wachtwoord werken"));
    assert!(app.me_works(&before).await, "the current password and sessions go on until the link is used");

    let unconfirmed = pages.post(&format!("{page}/disable"), &admin, &[("csrf", &csrf)]).await;
    assert_eq!(unconfirmed.status(), StatusCode::BAD_REQUEST);
    assert!(app.me_works(&before).await, "nothing disabled without the confirmation");
    let disabled = pages.post(&format!("{page}/disable"), &admin, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(disabled.status(), StatusCode::SEE_OTHER);
    assert!(!app.me_works(&before).await, "disabling ends the sessions");
    let link = reset_path(&mail_body(&app, "password_reset", "caseworker@mdd.example").await);
    assert_eq!(pages.get(&link, "").await.0, StatusCode::BAD_REQUEST, "a disabled user's link ends too");
}

/// Someone lost their phone and recovery codes: the admin takes the second factor off after a
/// tick; the person's sessions end, they are told by mail, sign in with the password alone,
/// and the trail names the admin. Twice is refused, as is one's own.
async fn an_admin_takes_a_lost_second_factor_off_and_the_person_is_told(engine: Engine) {
    use ketenaanpak::clock::Clock;
    use ketenaanpak::demo::{DEMO_TOTP_SECRET, DEMO_TOTP_USER};
    use sqlx::Connection;
    let app = spawn_without_mail_worker(engine, |_| {}).await;
    let login =
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token secondFactor { challenge } } }";
    let asked = app.graphql(None, login, json!({ "e": DEMO_TOTP_USER, "p": DEMO_PASSWORD })).await;
    let challenge = asked.data()["login"]["secondFactor"]["challenge"].as_str().unwrap().to_string();
    let complete = "mutation($c: String!, $code: String!) { completeLogin(challenge: $c, code: $code) { token } }";
    let code = crate::authenticator::code(DEMO_TOTP_SECRET, app.clock.now());
    let done = app.graphql(None, complete, json!({ "c": challenge, "code": code })).await;
    let session = done.data()["completeLogin"]["token"].as_str().unwrap().to_string();

    let pages = Pages::new(&app);
    let admin = cookie_of(&app, &pages.client, "org_admin@mdd.example").await;
    let id = user_id(&app, DEMO_TOTP_USER).await;
    let page = format!("/admin/users/{id}");
    let (_, shown) = pages.get(&page, &admin).await;
    assert!(shown.contains("Staat aan.") && shown.contains("/second-factor"), "{shown}");
    let csrf = form_token(&shown);
    let unticked = pages.post(&format!("{page}/second-factor"), &admin, &[("csrf", &csrf)]).await;
    assert_eq!(unticked.status(), StatusCode::BAD_REQUEST);
    assert!(unticked.text().await.unwrap().contains("href=\"#totp-confirm\""));
    assert!(app.me_works(&session).await, "nothing changed without the tick");
    let ticked = [("csrf", csrf.as_str()), ("confirm", "yes")];
    let removed = pages.post(&format!("{page}/second-factor"), &admin, &ticked).await;
    assert_eq!(removed.headers()[LOCATION], format!("{page}?done=totp").as_str());
    assert!(!app.me_works(&session).await, "every session of the person ends");
    let (_, after) = pages.get(&format!("{page}?done=totp"), &admin).await;
    assert!(after.contains("Staat uit.") && after.contains("de persoon heeft bericht gekregen"), "{after}");
    let told = mail_body(&app, "second_factor_removed", DEMO_TOTP_USER).await;
    assert!(told.contains("tweestapsverificatie van uw account") && told.contains("/account"), "{told}");
    let password_only = app.graphql(None, login, json!({ "e": DEMO_TOTP_USER, "p": DEMO_PASSWORD })).await;
    assert!(password_only.data()["login"]["token"].is_string(), "the password alone signs in now");

    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    let by: Option<String> = sqlx::query_scalar(
        "SELECT actor_user_id FROM audit_events WHERE action = 'totp_disabled' AND object_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(&id)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(by, Some(user_id(&app, "org_admin@mdd.example").await), "the trail names the admin");
    let again = pages.post(&format!("{page}/second-factor"), &admin, &ticked).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST, "there is nothing left to take off");
    let own = pages
        .post(&format!("/admin/users/{}/second-factor", user_id(&app, "org_admin@mdd.example").await), &admin, &ticked)
        .await;
    assert_eq!(own.status(), StatusCode::BAD_REQUEST, "one's own is the account page's");
}

async fn the_admin_pages_are_not_found_for_other_roles_and_organisations(engine: Engine) {
    let app = spawn(engine).await;
    let pages = Pages::new(&app);
    let id = user_id(&app, "caseworker@mdd.example").await;
    let police_admin = cookie_of(&app, &pages.client, "org_admin@politie-drenthe.example").await;
    let (status, _) = pages.get(&format!("/admin/users/{id}"), &police_admin).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organisation's person is not found");
    let csrf = form_token(&pages.get("/admin/users", &police_admin).await.1);
    let disable =
        pages.post(&format!("/admin/users/{id}/disable"), &police_admin, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(disable.status(), StatusCode::NOT_FOUND);
    assert!(app.me_works(&app.login("caseworker@mdd.example", DEMO_PASSWORD).await).await);
    // The chain's meetings are not the police admin's to open, nor to list.
    let analyst = app.login_demo(crate::agendas::EDN, Role::Analyst).await;
    let today = ketenaanpak::domain::calendar::local_date(ketenaanpak::clock::Clock::now(&*app.clock));
    let dates = [today + chrono::Duration::days(10), today + chrono::Duration::days(40)];
    let meetings = crate::agendas::series_on(&app, &analyst, &dates).await;
    assert_eq!(meetings.len(), 2, "{meetings:?}");
    let (_, listed) = pages.get("/meetings", &police_admin).await;
    for meeting in &meetings {
        assert!(!listed.contains(meeting.as_str()), "no meeting listed for an admin");
        for page in ["agenda", "prepare", "minutes"] {
            let (status, body) = pages.get(&format!("/meetings/{meeting}/{page}"), &police_admin).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
            assert!(body.contains("Niet gevonden"), "{page}: {body}");
        }
    }
    let caseworker = cookie_of(&app, &pages.client, "caseworker@mdd.example").await;
    for path in ["/admin/users".to_string(), format!("/admin/users/{id}"), "/audit".to_string()] {
        assert_eq!(pages.get(&path, &caseworker).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, home) = pages.get("/", &caseworker).await;
    assert!(!home.contains("/admin/users") && !home.contains("href=\"/audit\""), "no links to what is not theirs");
}

async fn the_privacy_officer_narrows_the_trail_to_one_cases_identity_reads_and_exports_it(engine: Engine) {
    let app = spawn(engine).await;
    let pages = Pages::new(&app);
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let input = crate::cases::case_input(crate::cases::identity("Kanarie Audit", "Korenschoof"), None);
    let read = crate::cases::create(&app, &caseworker, input.clone()).await;
    let other = crate::cases::create(&app, &caseworker, input).await;
    let open = "query($id: ID!) { case(id: $id) { ... on OwnCase { identity { reporter { name } } } } }";
    for case in [&read, &read, &other] {
        app.graphql(Some(&caseworker), open, json!({ "id": case["id"] })).await.data();
    }
    let number = read["caseNumber"].as_str().unwrap();

    let officer = cookie_of(&app, &pages.client, "privacy_officer@mdd.example").await;
    let path = format!("/audit?action=identity_read&record={number}");
    let (status, trail) = pages.get(&path, &officer).await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    let rows = trail.matches("identiteit geopend").count() - 1; // one is the filter's option
    assert_eq!(rows, 2, "the two reads of this case, not the other's: {trail}");
    assert!(trail.contains("caseworker@mdd.example") && trail.contains(read["id"].as_str().unwrap()));
    assert!(!trail.contains(other["id"].as_str().unwrap()));
    assert!(!trail.contains("Kanarie"), "the trail names no reporter");

    let bad_date = pages.get("/audit?from=1-12-2026", &officer).await;
    assert_eq!(bad_date.0, StatusCode::BAD_REQUEST);
    assert!(bad_date.1.contains("Typ een datum"));

    let csrf = form_token(&trail);
    let export = pages
        .post("/audit/export", &officer, &[("csrf", &csrf), ("action", "identity_read"), ("record", number)])
        .await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(export.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let csv = export.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}Tijdstip;Wie;Handeling;Gegeven;Resultaat\r\n"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "a header and the two reads: {csv}");
    let (_, exports) = pages.get("/audit?action=audit_exported", &officer).await;
    assert!(exports.contains("privacy_officer@mdd.example"), "the export is in the trail: {exports}");

    let verified = pages.post("/audit/verify", &officer, &[("csrf", &csrf)]).await;
    assert_eq!(verified.status(), StatusCode::OK);
    assert!(verified.text().await.unwrap().contains("gecontroleerd en klopt"));
}

/// Once delivered, a password mail keeps no body: the database holds only the link's hash.
async fn a_delivered_password_mail_keeps_no_link(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let id = user_id(&app, "caseworker@mdd.example").await;
    let sent =
        app.graphql(Some(&admin), "mutation($id: ID!) { sendPasswordReset(id: $id) }", json!({ "id": id })).await;
    assert_eq!(sent.data()["sendPasswordReset"], true);
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    for _ in 0..100 {
        let row: (Option<i64>, String, String) =
            sqlx::query_as("SELECT sent_at, body_text, body_html FROM mail_outbox WHERE template = 'password_reset'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        if row.0.is_some() {
            assert_eq!((row.1.as_str(), row.2.as_str()), ("", ""), "no link kept after delivery");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the password mail was not delivered");
}

async fn user_id(app: &TestApp, email: &str) -> String {
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let listed = app.query(&admin, "{ users(first: 100) { edges { node { id email } } } }").await;
    let edges = listed.data()["users"]["edges"].as_array().unwrap().clone();
    edges.iter().find(|e| e["node"]["email"] == email).unwrap()["node"]["id"].as_str().unwrap().to_string()
}
