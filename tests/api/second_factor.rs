//! Two-factor sign-in over GraphQL: the challenge after the password, codes that work once
//! and only in their window, recovery codes, enrolment required by role, the throttle, and
//! what turning it on or off does to the user's other sessions.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::demo::{DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_TOTP_USER};
use ketenaanpak::domain::role::Role;
use serde_json::{json, Value};

use crate::authenticator;
use crate::helpers::{spawn, spawn_with, Answer, Engine, TestApp, MDD, POLICE};
use crate::on_both_engines;

on_both_engines!(
    a_user_with_an_app_signs_in_with_a_code_that_works_once,
    a_required_second_factor_is_enrolled_at_first_sign_in_and_recovery_codes_work_once,
    wrong_codes_are_throttled_like_passwords,
    turning_the_app_on_and_off_ends_the_other_sessions,
    signing_out_elsewhere_ends_every_other_session,
);

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token secondFactor { challenge step expiresAt } } }";
const COMPLETE: &str =
    "mutation($c: String!, $code: String!) { completeLogin(challenge: $c, code: $code) { token user { email } } }";

/// The challenge of a login that asks a second factor, with its step.
async fn challenge(app: &TestApp, email: &str) -> (String, String) {
    let answer = app.graphql(None, LOGIN, json!({ "e": email, "p": DEMO_PASSWORD })).await;
    let login = &answer.data()["login"];
    assert_eq!(login["token"], Value::Null, "no session before the second factor: {login}");
    let second = &login["secondFactor"];
    (second["challenge"].as_str().unwrap().to_owned(), second["step"].as_str().unwrap().to_owned())
}

async fn complete(app: &TestApp, challenge: &str, code: &str) -> Answer {
    app.graphql(None, COMPLETE, json!({ "c": challenge, "code": code })).await
}

fn now_code(app: &TestApp, secret: &str) -> String {
    authenticator::code(secret, app.clock.now())
}

/// A six-digit code that is not the one the app shows now (nor either side of it).
fn wrong_code(app: &TestApp, secret: &str) -> String {
    let near: Vec<String> =
        [-30, 0, 30].iter().map(|s| authenticator::code(secret, app.clock.now() + Duration::seconds(*s))).collect();
    (0..).map(|n| format!("{:06}", 123_456 + n)).find(|c| !near.contains(c)).unwrap()
}

async fn a_user_with_an_app_signs_in_with_a_code_that_works_once(engine: Engine) {
    let app = spawn(engine).await;
    let (challenge_token, step) = challenge(&app, DEMO_TOTP_USER).await;
    assert_eq!(step, "CODE");
    assert!(!app.me_works(&challenge_token).await, "a challenge signs nobody in");

    let wrong = complete(&app, &challenge_token, &wrong_code(&app, DEMO_TOTP_SECRET)).await;
    assert_eq!(wrong.code(), "BAD_USER_INPUT");
    assert!(wrong.message().contains("klopt niet"), "{}", wrong.body);

    let code = now_code(&app, DEMO_TOTP_SECRET);
    let signed_in = complete(&app, &challenge_token, &code).await;
    let token = signed_in.data()["completeLogin"]["token"].as_str().unwrap().to_owned();
    assert_eq!(signed_in.data()["completeLogin"]["user"]["email"], DEMO_TOTP_USER);
    assert!(app.me_works(&token).await);
    let used = complete(&app, &challenge_token, &code).await;
    assert_eq!(used.code(), "BAD_USER_INPUT", "the challenge ended with the sign-in: {}", used.body);

    // The same code on a new sign-in, still within its window: refused as used.
    let (again, _) = challenge(&app, DEMO_TOTP_USER).await;
    let reused = complete(&app, &again, &code).await;
    assert!(reused.message().contains("al gebruikt"), "{}", reused.body);

    // Two minutes on, a code of then is outside the window; the code of now works.
    app.clock.advance(Duration::minutes(2));
    let (later, _) = challenge(&app, DEMO_TOTP_USER).await;
    let old = authenticator::code(DEMO_TOTP_SECRET, app.clock.now() - Duration::seconds(90));
    assert!(complete(&app, &later, &old).await.message().contains("klopt niet"));
    assert!(
        complete(&app, &later, &now_code(&app, DEMO_TOTP_SECRET)).await.data()["completeLogin"]["token"].is_string()
    );

    let trail = trail_of(&app, MDD).await;
    assert!(trail.iter().any(|(action, result)| action == "second_factor_failed" && result == "denied"), "{trail:?}");
    assert!(trail.iter().filter(|(action, _)| action == "login").count() >= 2);
}

async fn a_required_second_factor_is_enrolled_at_first_sign_in_and_recovery_codes_work_once(engine: Engine) {
    // A good password whose code never comes stays counted against the account, and this
    // test signs in six times (the demo's seeding once more): a limit that leaves room for that.
    let app = spawn_with(engine, |c| {
        c.auth.require_totp_for_roles = vec!["police_officer".into()];
        c.auth.throttle.account_max_failures = 10;
    })
    .await;
    let email = "police_officer@politie-drenthe.example";
    let (challenge_token, step) = challenge(&app, email).await;
    assert_eq!(step, "ENROL");
    let code_first = complete(&app, &challenge_token, "123456").await;
    assert!(code_first.message().contains("opnieuw in"), "an enrol challenge takes no code: {}", code_first.body);

    let (challenge_token, _) = challenge(&app, email).await;
    let start = "mutation($c: String) { startTotpEnrolment(challenge: $c) { secret otpauthUri } }";
    let started = app.graphql(None, start, json!({ "c": challenge_token })).await;
    let secret = started.data()["startTotpEnrolment"]["secret"].as_str().unwrap().to_owned();
    let uri = started.data()["startTotpEnrolment"]["otpauthUri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Ketenaanpak:") && uri.contains(&format!("secret={secret}")), "{uri}");
    let again = app.graphql(None, start, json!({ "c": challenge_token })).await;
    assert_eq!(again.data()["startTotpEnrolment"]["secret"], secret.as_str(), "a reload keeps what was scanned");
    // Another sign-in with the password (someone else's, say) ends this one and gets a secret
    // of its own: a secret shown to one sign-in is never the one another confirms.
    let (second, _) = challenge(&app, email).await;
    let first_again = app.graphql(None, start, json!({ "c": challenge_token })).await;
    assert!(first_again.message().contains("opnieuw in"), "{}", first_again.body);
    let theirs = app.graphql(None, start, json!({ "c": second })).await;
    let theirs = theirs.data()["startTotpEnrolment"]["secret"].as_str().unwrap().to_owned();
    assert_ne!(theirs, secret);
    let (challenge_token, secret) = (second, theirs);

    let confirm = "mutation($c: String, $code: String!) { confirmTotpEnrolment(challenge: $c, code: $code) { recoveryCodes login { token } } }";
    let refused = app.graphql(None, confirm, json!({ "c": challenge_token, "code": wrong_code(&app, &secret) })).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    let confirmed = app.graphql(None, confirm, json!({ "c": challenge_token, "code": now_code(&app, &secret) })).await;
    let confirmed = &confirmed.data()["confirmTotpEnrolment"];
    let recovery: Vec<String> = serde_json::from_value(confirmed["recoveryCodes"].clone()).unwrap();
    assert_eq!(recovery.len(), 10);
    let token = confirmed["login"]["token"].as_str().unwrap().to_owned();
    let status = app.query(&token, "{ mySecondFactor { enabled required recoveryCodesLeft } }").await;
    assert_eq!(status.data()["mySecondFactor"], json!({ "enabled": true, "required": true, "recoveryCodesLeft": 10 }));
    let secret_again = app.query(&token, "mutation { startTotpEnrolment { secret } }").await;
    assert_eq!(secret_again.code(), "CONFLICT", "the secret is never given back once confirmed");
    let off = "mutation($p: String!, $code: String!) { disableTotp(password: $p, code: $code) }";
    app.clock.advance(Duration::seconds(30));
    let kept = app.graphql(Some(&token), off, json!({ "p": DEMO_PASSWORD, "code": now_code(&app, &secret) })).await;
    assert!(kept.message().contains("verplicht"), "{}", kept.body);

    // A recovery code in place of the app's code, once; typed in capitals without the dash.
    let (next, step) = challenge(&app, email).await;
    assert_eq!(step, "CODE");
    let typed = recovery[0].to_uppercase().replace('-', "");
    let with_recovery = complete(&app, &next, &typed).await;
    let token = with_recovery.data()["completeLogin"]["token"].as_str().unwrap().to_owned();
    let left = app.query(&token, "{ mySecondFactor { recoveryCodesLeft } }").await;
    assert_eq!(left.data()["mySecondFactor"]["recoveryCodesLeft"], 9);
    let (once_more, _) = challenge(&app, email).await;
    assert_eq!(complete(&app, &once_more, &recovery[0]).await.code(), "BAD_USER_INPUT");

    let sealed = stored_secret(&app, email).await;
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"), "the secret is stored sealed");
    assert!(!String::from_utf8_lossy(&sealed).contains(&secret));
    let trail = trail_of(&app, POLICE).await;
    for action in ["totp_enrolled", "recovery_code_used"] {
        assert!(trail.iter().any(|(a, _)| a == action), "{action} in {trail:?}");
    }
}

async fn wrong_codes_are_throttled_like_passwords(engine: Engine) {
    let app = spawn(engine).await;
    let (challenge_token, _) = challenge(&app, DEMO_TOTP_USER).await;
    let wrong = wrong_code(&app, DEMO_TOTP_SECRET);
    let mut codes = Vec::new();
    for _ in 0..6 {
        codes.push(complete(&app, &challenge_token, &wrong).await.code().to_owned());
    }
    // The password counted once; five failures for the account, then the throttle.
    assert_eq!(codes[..4], ["BAD_USER_INPUT"; 4], "{codes:?}");
    assert!(codes.iter().any(|c| c == "RATE_LIMITED"), "{codes:?}");
    let right = complete(&app, &challenge_token, &now_code(&app, DEMO_TOTP_SECRET)).await;
    assert_ne!(right.body["errors"], Value::Null, "no code gets through once throttled: {}", right.body);
    // After the window the account can sign in again.
    app.clock.advance(Duration::minutes(16));
    let (fresh, _) = challenge(&app, DEMO_TOTP_USER).await;
    assert!(
        complete(&app, &fresh, &now_code(&app, DEMO_TOTP_SECRET)).await.data()["completeLogin"]["token"].is_string()
    );
}

async fn turning_the_app_on_and_off_ends_the_other_sessions(engine: Engine) {
    let app = spawn(engine).await;
    let here = app.login_demo(MDD, Role::Caseworker).await;
    let elsewhere = app.login_demo(MDD, Role::Caseworker).await;
    let sessions = app.query(&here, "{ mySessions { current } }").await;
    let current: Vec<bool> = serde_json::from_value(
        sessions.data()["mySessions"].as_array().unwrap().iter().map(|s| s["current"].clone()).collect(),
    )
    .unwrap();
    assert_eq!(current.iter().filter(|c| **c).count(), 1);
    assert_eq!(current.len(), 2);

    let started = app.query(&here, "mutation { startTotpEnrolment { secret } }").await;
    let secret = started.data()["startTotpEnrolment"]["secret"].as_str().unwrap().to_owned();
    let confirm = "mutation($code: String!, $p: String) { confirmTotpEnrolment(code: $code, currentPassword: $p) { recoveryCodes login { token } } }";
    let no_password = app.graphql(Some(&here), confirm, json!({ "code": now_code(&app, &secret) })).await;
    assert!(no_password.message().contains("wachtwoord"), "signed in, the password too: {}", no_password.body);
    assert!(app.me_works(&elsewhere).await, "nothing changed");
    let confirmed =
        app.graphql(Some(&here), confirm, json!({ "code": now_code(&app, &secret), "p": DEMO_PASSWORD })).await;
    assert_eq!(confirmed.data()["confirmTotpEnrolment"]["login"], Value::Null, "signed in already");
    assert!(app.me_works(&here).await);
    assert!(!app.me_works(&elsewhere).await, "enrolling ends the other sessions");

    app.clock.advance(Duration::seconds(30));
    let again = sign_in_with_app(&app, "caseworker@mdd.example", &secret).await;
    let off = "mutation($p: String!, $code: String!) { disableTotp(password: $p, code: $code) }";
    app.clock.advance(Duration::seconds(30));
    let wrong_password =
        app.graphql(Some(&here), off, json!({ "p": "niet het wachtwoord", "code": now_code(&app, &secret) })).await;
    assert!(wrong_password.message().contains("wachtwoord"), "{}", wrong_password.body);
    let turned_off =
        app.graphql(Some(&here), off, json!({ "p": DEMO_PASSWORD, "code": now_code(&app, &secret) })).await;
    assert_eq!(turned_off.data()["disableTotp"], true);
    assert!(!app.me_works(&again).await, "turning it off ends the other sessions too");
    assert!(app.try_login("caseworker@mdd.example", DEMO_PASSWORD).await.data()["login"]["token"].is_string());

    let trail = trail_of(&app, MDD).await;
    for action in ["totp_enrolled", "totp_disabled"] {
        assert!(trail.iter().any(|(a, _)| a == action), "{action} in {trail:?}");
    }
}

async fn signing_out_elsewhere_ends_every_other_session(engine: Engine) {
    let app = spawn(engine).await;
    let here = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let others = [app.login_demo(POLICE, Role::PoliceOfficer).await, app.login_demo(POLICE, Role::PoliceOfficer).await];
    let colleague = app.login_demo(POLICE, Role::OrgAdmin).await;
    let ended = app.query(&here, "mutation { signOutElsewhere }").await;
    assert_eq!(ended.data()["signOutElsewhere"], 2);
    assert!(app.me_works(&here).await && app.me_works(&colleague).await);
    for other in &others {
        assert!(!app.me_works(other).await);
    }
    let left = app.query(&here, "{ mySessions { current } }").await;
    assert_eq!(left.data()["mySessions"], json!([{ "current": true }]));
    assert!(trail_of(&app, POLICE).await.iter().any(|(a, _)| a == "sessions_ended"));
}

/// Signs in a user whose app the test holds, with the app's code of now.
async fn sign_in_with_app(app: &TestApp, email: &str, secret: &str) -> String {
    let (challenge_token, _) = challenge(app, email).await;
    let answer = complete(app, &challenge_token, &now_code(app, secret)).await;
    answer.data()["completeLogin"]["token"].as_str().unwrap().to_owned()
}

/// The actions and results of an organisation's audit trail, as its privacy officer reads it.
async fn trail_of(app: &TestApp, org: &str) -> Vec<(String, String)> {
    let officer = app.login_demo(org, Role::PrivacyOfficer).await;
    let events = app.query(&officer, "{ auditEvents(first: 200) { events { action result } } }").await;
    events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_lowercase(), e["result"].as_str().unwrap().to_owned()))
        .collect()
}

async fn stored_secret(app: &TestApp, email: &str) -> Vec<u8> {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    let row =
        sqlx::query("SELECT t.sealed_secret FROM user_totp t JOIN users u ON u.id = t.user_id WHERE u.email = $1")
            .bind(email)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    row.try_get("sealed_secret").unwrap()
}
