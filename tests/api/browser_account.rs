//! Two-factor sign-in and the account page in a real browser (headless Chromium), with
//! axe-core on every page and state: enrolling at the first sign-in a role requires it for,
//! codes that work once and only in their window, recovery codes once, and the account page.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::demo::DEMO_PASSWORD;
use serde_json::Value;

use crate::authenticator;
use crate::browser::wait_for_text;
use crate::helpers::{spawn_with, Engine, TestApp};
use crate::on_both_engines;
use crate::webdriver::Browser;

on_both_engines!(
    a_police_officer_enrols_an_app_at_first_sign_in_and_signs_in_with_codes,
    an_admin_adds_a_caseworker_who_sets_a_password_and_enrols_an_app,
    the_privacy_officer_filters_the_trail_to_one_cases_identity_reads,
);

const OFFICER: &str = "police_officer@politie-drenthe.example";

async fn a_police_officer_enrols_an_app_at_first_sign_in_and_signs_in_with_codes(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn_with(engine, |c| c.auth.require_totp_for_roles = vec!["police_officer".into()]).await;

    // The password first; the role requires an app, so enrolling comes before anything else.
    browser.open(&app.url("/actions/mine")).await;
    type_password(&browser).await;
    browser.wait_for_url(|url| url.contains("/login/enrol")).await;
    wait_for_text(&browser, "Tweestapsverificatie instellen").await;
    browser.assert_accessible("enrolling at sign-in").await;
    let qr = browser.script("return document.querySelector('.qr svg') !== null").await;
    assert_eq!(qr, Value::Bool(true), "the QR code is drawn on the page");
    let secret = text_of(&browser, ".secret code").await.replace(' ', "");
    browser.type_into("#code", &wrong_code(&app, &secret)).await;
    browser.click("form.login button").await;
    let refused = wait_for_text(&browser, "Er is een probleem").await;
    assert!(refused.contains("klopt niet"), "{refused}");
    browser.assert_accessible("enrolling with a wrong code").await;

    let enrol_code = authenticator::code(&secret, app.clock.now());
    browser.type_into("#code", &enrol_code).await;
    browser.click("form.login button").await;
    wait_for_text(&browser, "Uw herstelcodes").await;
    browser.assert_accessible("the recovery codes").await;
    let codes = browser.script("return [...document.querySelectorAll('ul.codes code')].map(c => c.innerText)").await;
    let codes: Vec<String> = serde_json::from_value(codes).unwrap();
    assert_eq!(codes.len(), 10);
    browser.click("a.button").await;
    browser.wait_for_url(|url| url.ends_with("/actions/mine")).await;

    // The account page says it is on and lists this session.
    browser.open(&app.url("/account")).await;
    let account = wait_for_text(&browser, "Tweestapsverificatie staat aan").await;
    assert!(account.contains("deze sessie") && account.contains("10 herstelcodes"), "{account}");
    assert!(account.contains("verplicht"), "a required second factor has no off switch: {account}");
    browser.assert_accessible("the account page").await;

    // Signing in again asks the code; the one used to enrol is refused in its window.
    browser.sign_out().await;
    sign_in_with_code(&browser, &app, &enrol_code).await;
    let reused = wait_for_text(&browser, "Er is een probleem").await;
    assert!(reused.contains("al gebruikt"), "{reused}");
    browser.assert_accessible("the code form with an error").await;
    app.clock.advance(Duration::seconds(30));
    browser.type_into("#code", &authenticator::code(&secret, app.clock.now())).await;
    browser.click("form.login button").await;
    browser.wait_for_url(|url| url.ends_with("/account")).await;

    // A code from ninety seconds ago is outside the window; a recovery code works once.
    browser.sign_out().await;
    app.clock.advance(Duration::minutes(2));
    let stale = authenticator::code(&secret, app.clock.now() - Duration::seconds(90));
    sign_in_with_code(&browser, &app, &stale).await;
    assert!(wait_for_text(&browser, "Er is een probleem").await.contains("klopt niet"));
    browser.type_into("#code", &codes[0]).await;
    browser.click("form.login button").await;
    browser.wait_for_url(|url| url.ends_with("/account")).await;
    wait_for_text(&browser, "9 herstelcodes").await;
    browser.sign_out().await;
    sign_in_with_code(&browser, &app, &codes[0]).await;
    assert!(wait_for_text(&browser, "Er is een probleem").await.contains("klopt niet"));
}

async fn type_password(browser: &Browser) {
    assert!(browser.url().await.contains("/login?next="), "a page needs a session first");
    browser.type_into("#email", OFFICER).await;
    browser.type_into("#password", DEMO_PASSWORD).await;
    browser.click("button[type=submit]").await;
}

/// From the account page: the password, then the code form, with `code` typed and sent.
async fn sign_in_with_code(browser: &Browser, app: &TestApp, code: &str) {
    browser.open(&app.url("/account")).await;
    type_password(browser).await;
    browser.wait_for_url(|url| url.contains("/login/code")).await;
    wait_for_text(browser, "Code uit uw app").await;
    browser.assert_accessible("the code form").await;
    browser.type_into("#code", code).await;
    browser.click("form.login button").await;
}

async fn text_of(browser: &Browser, css: &str) -> String {
    let text = browser.script(&format!("return document.querySelector({css:?}).innerText")).await;
    text.as_str().unwrap_or_default().to_owned()
}

fn wrong_code(app: &TestApp, secret: &str) -> String {
    let right = authenticator::code(secret, app.clock.now());
    if right == "111111" {
        "222222".into()
    } else {
        "111111".into()
    }
}

/// The admin of the Drenthe reporting centre adds a caseworker in the browser; the privacy
/// officers are told; the new caseworker opens the mailed link, chooses a password, signs in,
/// is made to enrol an app (the role requires it), and signs in again with a code.
async fn an_admin_adds_a_caseworker_who_sets_a_password_and_enrols_an_app(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let required = |c: &mut ketenaanpak::config::Config| c.auth.require_totp_for_roles = vec!["caseworker".into()];
    // No mail worker: the test reads the link from the queued message.
    let app = crate::helpers::spawn_without_mail_worker(engine, required).await;
    browser.open(&app.url("/admin/users")).await;
    browser.type_into("#email", "org_admin@mdd.example").await;
    browser.type_into("#password", DEMO_PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for_url(|url| url.ends_with("/admin/users")).await;
    wait_for_text(&browser, "Iemand toevoegen").await;
    browser.assert_accessible("the organisation's people").await;
    browser.type_into("#display-name", "Sanne Bakker").await;
    browser.type_into("#email", "s.bakker@mdd.example").await;
    browser.click("#role-0").await;
    browser.click("form.case-form button.primary").await;
    let added = wait_for_text(&browser, "Het account is gemaakt").await;
    assert!(added.contains("medewerker meldpunt"), "{added}");
    browser.assert_accessible("a person's page after adding").await;
    assert!(app.outbox("work_role_granted").await.contains(&"privacy_officer@mdd.example".to_string()));
    browser.sign_out().await;

    let body = crate::admin_pages::mail_body(&app, "password_reset", "s.bakker@mdd.example").await;
    browser.open(&app.url(&crate::admin_pages::reset_path(&body))).await;
    wait_for_text(&browser, "Wachtwoord kiezen").await;
    browser.assert_accessible("choosing a password from the link").await;
    let chosen = "een zin die alleen ik ken";
    browser.type_into("#new-password", chosen).await;
    browser.click("form.login button").await;
    wait_for_text(&browser, "Uw wachtwoord is opgeslagen").await;

    browser.open(&app.url("/")).await;
    browser.type_into("#email", "s.bakker@mdd.example").await;
    browser.type_into("#password", chosen).await;
    browser.click("button[type=submit]").await;
    browser.wait_for_url(|url| url.contains("/login/enrol")).await;
    let secret = text_of(&browser, ".secret code").await.replace(' ', "");
    browser.type_into("#code", &authenticator::code(&secret, app.clock.now())).await;
    browser.click("form.login button").await;
    wait_for_text(&browser, "Uw herstelcodes").await;
    browser.click("a.button").await;
    wait_for_text(&browser, "Mijn werk").await;
    browser.sign_out().await;

    app.clock.advance(Duration::seconds(30));
    browser.open(&app.url("/")).await;
    browser.type_into("#email", "s.bakker@mdd.example").await;
    browser.type_into("#password", chosen).await;
    browser.click("button[type=submit]").await;
    browser.wait_for_url(|url| url.contains("/login/code")).await;
    browser.type_into("#code", &authenticator::code(&secret, app.clock.now())).await;
    browser.click("form.login button").await;
    let home = wait_for_text(&browser, "Mijn werk").await;
    assert!(home.contains("Meldpunt Discriminatie Drenthe"), "{home}");
}

/// The privacy officer opens the audit trail from the header, chooses "identiteit geopend"
/// and types a case's number: the rows are that case's identity reads, by whom.
async fn the_privacy_officer_filters_the_trail_to_one_cases_identity_reads(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = crate::helpers::spawn(engine).await;
    let caseworker = app.login_demo(crate::helpers::MDD, ketenaanpak::domain::role::Role::Caseworker).await;
    let input = crate::cases::case_input(crate::cases::identity("Kanarie Spoor", "Korenschoof"), None);
    let case = crate::cases::create(&app, &caseworker, input).await;
    let open = "query($id: ID!) { case(id: $id) { ... on OwnCase { identity { reporter { name } } } } }";
    app.graphql(Some(&caseworker), open, serde_json::json!({ "id": case["id"] })).await.data();

    browser.open(&app.url("/")).await;
    browser.type_into("#email", "privacy_officer@mdd.example").await;
    browser.type_into("#password", DEMO_PASSWORD).await;
    browser.click("button[type=submit]").await;
    wait_for_text(&browser, "Audittrail").await;
    browser.click("header a[href='/audit']").await;
    wait_for_text(&browser, "Audittrail van uw organisatie").await;
    browser.assert_accessible("the audit trail").await;
    crate::browser::choose(&browser, "#action", "identiteit geopend").await;
    browser.type_into("#record", case["caseNumber"].as_str().unwrap()).await;
    browser.click("form.filters button").await;
    browser.wait_for_url(|url| url.contains("action=identity_read")).await;
    let rows = browser.script("return [...document.querySelectorAll('tbody tr')].map(r => r.innerText)").await;
    let rows: Vec<String> = serde_json::from_value(rows).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("caseworker@mdd.example") && rows[0].contains("identiteit geopend"), "{rows:?}");
    browser.assert_accessible("the audit trail, filtered").await;
    browser.click("form[action='/audit/verify'] button").await;
    wait_for_text(&browser, "gecontroleerd en klopt").await;
}
