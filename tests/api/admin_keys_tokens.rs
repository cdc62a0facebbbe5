//! The admin's API token and key pages over HTTP and in the browser: a token made in the page
//! is shown once and works against the API, a refusal keeps what was typed, revoking ends it
//! at once; the key page shows the recipient partners seal to, renews it only when ticked
//! (audited with the admin's name), and takes an offline recipient made by the reference
//! `age-keygen`, after which the service holds no identity. Other roles get "not found".

use ketenaanpak::service::accounts::access::Operator;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use sqlx::Connection;

use crate::helpers::{spawn, tool, Engine, TestApp, MDD};
use crate::on_both_engines;
use crate::pages::{cookie_of, form_token};
use crate::webdriver::Browser;

on_both_engines!(
    an_admin_makes_a_token_sees_it_once_and_revokes_it,
    an_admin_renews_the_key_and_then_keeps_it_offline,
    the_token_and_key_pages_are_accessible_in_the_browser,
);

struct Admin<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookie: String,
    csrf: String,
}

impl<'a> Admin<'a> {
    async fn signed_in(app: &'a TestApp, email: &str) -> Admin<'a> {
        let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        let cookie = cookie_of(app, &client, email).await;
        let home = client.get(app.url("/")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
        Admin { app, csrf: form_token(&home), client, cookie }
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self.client.get(self.app.url(path)).header("cookie", &self.cookie).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut form: Vec<(&str, &str)> = form.to_vec();
        form.push(("csrf", &self.csrf));
        let response = self
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .header("origin", self.app.address.clone())
            .form(&form)
            .send()
            .await
            .unwrap();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (response.status(), location, response.text().await.unwrap())
    }
}

/// The text between `<code id="{id}">` and `</code>`.
fn code_of(page: &str, id: &str) -> String {
    let start = format!("<code id=\"{id}\">");
    page.split(&start).nth(1).and_then(|rest| rest.split("</code>").next()).unwrap_or_default().to_string()
}

async fn an_admin_makes_a_token_sees_it_once_and_revokes_it(engine: Engine) {
    let app = spawn(engine).await;
    let admin = Admin::signed_in(&app, "org_admin@mdd.example").await;
    let (status, empty) = admin.get("/admin/tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("nog geen API-tokens"), "{empty}");

    let (status, _, refused) =
        admin.post("/admin/tokens", &[("name", "registratie"), ("roles", "privacy_officer"), ("days", "vijf")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused.contains("href=\"#days\"") && refused.contains("Tussen 1 en 3650 dagen"), "{refused}");
    assert!(refused.contains("value=\"registratie\"") && refused.contains("value=\"vijf\""), "kept: {refused}");

    let (status, _, made) =
        admin.post("/admin/tokens", &[("name", "registratie"), ("roles", "privacy_officer"), ("days", "30")]).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let secret = code_of(&made, "token-secret");
    assert!(secret.len() > 20, "the secret is shown: {made}");
    let users = "{ users(first: 5) { edges { node { id } } } }";
    assert!(app.query(&secret, users).await.body.get("errors").is_none(), "the token works");
    // A token is no session: put in the cookie, it opens no page.
    let as_cookie = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let page = as_cookie.get(app.url("/admin/keys")).header("cookie", format!("ketenaanpak_session={secret}"));
    let page = page.send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER, "to the login form");
    let (_, listed) = admin.get("/admin/tokens").await;
    assert!(listed.contains("registratie") && !listed.contains(&secret), "listed, never shown again: {listed}");

    let (status, _, taken) =
        admin.post("/admin/tokens", &[("name", "registratie"), ("roles", "privacy_officer")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(taken.contains("Er is al een token met deze naam") && taken.contains("href=\"#name\""), "{taken}");

    let id = listed.split("action=\"/admin/tokens/").nth(1).unwrap().split('/').next().unwrap().to_string();
    let (status, location, _) = admin.post(&format!("/admin/tokens/{id}/revoke"), &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin/tokens?done=revoked"));
    assert_eq!(app.query(&secret, users).await.code(), "UNAUTHENTICATED", "revoked at once");
    let (_, after) = admin.get("/admin/tokens?done=revoked").await;
    assert!(after.contains("Ingetrokken") && !after.contains(&format!("/admin/tokens/{id}/revoke")), "{after}");

    // Another organisation's admin cannot revoke it; other roles have no such page.
    let other = Admin::signed_in(&app, "org_admin@politie-drenthe.example").await;
    assert_eq!(other.post(&format!("/admin/tokens/{id}/revoke"), &[]).await.0, StatusCode::NOT_FOUND);
    let caseworker = Admin::signed_in(&app, "caseworker@mdd.example").await;
    assert_eq!(caseworker.get("/admin/tokens").await.0, StatusCode::NOT_FOUND);
    assert_eq!(caseworker.get("/admin/keys").await.0, StatusCode::NOT_FOUND);
}

async fn an_admin_renews_the_key_and_then_keeps_it_offline(engine: Engine) {
    let Some(keygen) = tool("age-keygen") else { return };
    let app = spawn(engine).await;
    let operator = Operator::command_line();
    let mdd = app.services.find_organisation(&operator, MDD).await.unwrap();
    let admin = Admin::signed_in(&app, "org_admin@mdd.example").await;
    let (status, page) = admin.get("/admin/keys").await;
    assert_eq!(status, StatusCode::OK);
    let before = app.services.organisation_recipient(&operator, mdd.id).await.unwrap();
    assert_eq!(code_of(&page, "current-recipient"), before, "{page}");
    assert!(!page.contains("AGE-SECRET-KEY-1"), "the identity is never on a page");

    let (status, _, unticked) = admin.post("/admin/keys/rotate", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(unticked.contains("href=\"#rotate-confirmed\""), "{unticked}");
    assert_eq!(app.services.organisation_recipient(&operator, mdd.id).await.unwrap(), before, "nothing changed");
    let (status, location, _) = admin.post("/admin/keys/rotate", &[("confirmed", "yes")]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin/keys?done=rotated"));
    let renewed = app.services.organisation_recipient(&operator, mdd.id).await.unwrap();
    assert_ne!(renewed, before);
    let (_, page) = admin.get("/admin/keys?done=rotated").await;
    assert!(page.contains("De sleutel is vernieuwd.") && code_of(&page, "current-recipient") == renewed);
    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    let by: Option<String> = sqlx::query_scalar(
        "SELECT actor_user_id FROM audit_events WHERE action = 'key_rotated' AND organisation_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(mdd.id.to_string())
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(by.is_some(), "the admin is named in the trail");

    let pasted = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQ";
    let (status, _, refused) = admin.post("/admin/keys/offline", &[("recipient", pasted), ("confirmed", "yes")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused.contains("Dit is een geheime sleutel") && refused.contains("href=\"#recipient\""), "{refused}");
    assert!(!refused.contains(pasted), "a pasted secret key is never shown back");
    let (status, _, refused) =
        admin.post("/admin/keys/offline", &[("recipient", "age1nietgoed"), ("confirmed", "yes")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused.contains("Geen age-ontvanger") && refused.contains("value=\"age1nietgoed\""), "{refused}");
    let made = std::process::Command::new(&keygen).output().unwrap();
    let key_file = String::from_utf8(made.stdout).unwrap();
    let recipient = key_file.lines().find_map(|l| l.strip_prefix("# public key: ")).unwrap().trim().to_string();
    let (status, _, unticked) = admin.post("/admin/keys/offline", &[("recipient", &recipient)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(unticked.contains("href=\"#offline-confirmed\"") && unticked.contains(&recipient), "{unticked}");
    assert_eq!(app.services.organisation_recipient(&operator, mdd.id).await.unwrap(), renewed, "not without the tick");
    let (status, location, _) =
        admin.post("/admin/keys/offline", &[("recipient", &recipient), ("confirmed", "yes")]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin/keys?done=offline"));
    let (_, page) = admin.get("/admin/keys?done=offline").await;
    assert_eq!(code_of(&page, "current-recipient"), recipient);
    assert!(page.contains("bewaart de geheime sleutel zelf") && !page.contains("/admin/keys/rotate"), "{page}");
    assert_eq!(admin.post("/admin/keys/rotate", &[("confirmed", "yes")]).await.0, StatusCode::BAD_REQUEST);
}

async fn the_token_and_key_pages_are_accessible_in_the_browser(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    crate::browser::sign_in(&browser, &app, "/admin/tokens", "org_admin@mdd.example").await;
    crate::browser::wait_for_text(&browser, "Token aanmaken").await;
    browser.assert_accessible("the token list").await;
    browser.type_into("#name", "koppeling").await;
    browser.type_into("#days", "nul").await;
    browser.click("form[action='/admin/tokens'] button[type=submit]").await;
    crate::browser::wait_for_text(&browser, "Er is een probleem").await;
    browser.assert_accessible("a refused token").await;
    browser.clear("#days").await;
    browser.click("#role-0").await;
    browser.click("form[action='/admin/tokens'] button[type=submit]").await;
    crate::browser::wait_for_text(&browser, "wordt niet meer getoond").await;
    browser.assert_accessible("a token shown once").await;
    browser.open(&app.url("/admin/keys")).await;
    crate::browser::wait_for_text(&browser, "Sleutel vernieuwen").await;
    browser.assert_accessible("the key page").await;
}
