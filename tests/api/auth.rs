//! Signing in and out: demo accounts, equal answers for unknown and wrong, expiry,
//! revocation at once, throttling.

use chrono::Duration;
use ketenaanpak::demo::{demo_email, DEMO_ORGANISATIONS, DEMO_PASSWORD};
use ketenaanpak::domain::role::Role;
use serde_json::json;

use crate::helpers::{spawn, spawn_with, Engine, MDD};
use crate::on_both_engines;

on_both_engines!(
    every_demo_user_signs_in_with_their_role,
    unknown_email_and_wrong_password_get_the_same_answer,
    a_session_ends_when_it_expires,
    a_session_left_unused_ends_and_one_in_use_goes_on,
    logout_ends_the_session_at_once,
    changing_the_password_ends_every_session,
    disabling_a_user_ends_their_sessions_at_once,
    repeated_failures_for_an_account_are_throttled,
    repeated_failures_from_an_address_are_throttled,
    parallel_guesses_cannot_outrun_the_throttle,
    wrong_current_passwords_count_as_failed_logins,
);

async fn every_demo_user_signs_in_with_their_role(engine: Engine) {
    let app = spawn(engine).await;
    let mut signed_in = 0;
    for org in &DEMO_ORGANISATIONS {
        for role in Role::for_kind(org.kind) {
            let answer = app.try_login(&demo_email(org, role), DEMO_PASSWORD).await;
            let user = &answer.data()["login"]["user"];
            assert_eq!(user["organisation"]["name"], org.name);
            let roles: Vec<String> = serde_json::from_value(user["roles"].clone()).unwrap();
            assert_eq!(roles, vec![role.as_str().to_uppercase()], "{}", org.name);
            let token = answer.data()["login"]["token"].as_str().unwrap();
            assert!(app.me_works(token).await);
            signed_in += 1;
        }
    }
    // Seven organisations: their work role where they have one, an admin and a privacy officer.
    assert_eq!(signed_in, 7 * 3);
}

async fn unknown_email_and_wrong_password_get_the_same_answer(engine: Engine) {
    let app = spawn(engine).await;
    let wrong_password = app.try_login("caseworker@mdd.example", "not-the-password").await;
    let unknown_email = app.try_login("nobody@mdd.example", DEMO_PASSWORD).await;
    let malformed_email = app.try_login("not an address", DEMO_PASSWORD).await;
    for answer in [&wrong_password, &unknown_email, &malformed_email] {
        assert_eq!(answer.code(), "UNAUTHENTICATED");
        assert_eq!(answer.message(), wrong_password.message());
        assert_eq!(answer.body["data"], serde_json::Value::Null);
    }
    assert!(!wrong_password.message().contains("caseworker"));
}

async fn a_session_ends_when_it_expires(engine: Engine) {
    let app = spawn_with(engine, |c| c.auth.session_ttl_minutes = 60).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    app.clock.advance(Duration::minutes(59));
    assert!(app.me_works(&token).await);
    app.clock.advance(Duration::minutes(1));
    assert!(!app.me_works(&token).await);
}

/// A session not used for the idle time has ended; every use moves that moment on, for the
/// API and the pages alike (a page then asks to sign in again).
async fn a_session_left_unused_ends_and_one_in_use_goes_on(engine: Engine) {
    let app = spawn_with(engine, |c| c.auth.session_idle_minutes = 30).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    for _ in 0..3 {
        app.clock.advance(Duration::minutes(29));
        assert!(app.me_works(&token).await, "used within the idle time, it goes on");
    }
    app.clock.advance(Duration::minutes(31));
    assert!(!app.me_works(&token).await, "left unused for longer, it has ended");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let cookie = crate::pages::cookie_of(&app, &client, "caseworker@mdd.example").await;
    let home = |cookie: String| client.get(app.url("/cases")).header("cookie", cookie).send();
    assert_eq!(home(cookie.clone()).await.unwrap().status(), reqwest::StatusCode::OK);
    app.clock.advance(Duration::minutes(30));
    let again = home(cookie).await.unwrap();
    assert_eq!(again.status(), reqwest::StatusCode::SEE_OTHER, "to the login form");
    assert!(again.headers()["location"].to_str().unwrap().starts_with("/login?next="));
}

async fn logout_ends_the_session_at_once(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let other = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(app.query(&token, "mutation { logout }").await.data()["logout"], true);
    assert!(!app.me_works(&token).await);
    assert!(app.me_works(&other).await, "another session of the same user goes on");
}

async fn changing_the_password_ends_every_session(engine: Engine) {
    let app = spawn(engine).await;
    let email = "caseworker@mdd.example";
    let first = app.login(email, DEMO_PASSWORD).await;
    let second = app.login(email, DEMO_PASSWORD).await;
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token user { email } } }";

    let too_short = app.graphql(Some(&first), change, json!({ "c": DEMO_PASSWORD, "n": "kort" })).await;
    assert_eq!(too_short.code(), "BAD_USER_INPUT");
    let wrong_current = app.graphql(Some(&first), change, json!({ "c": "wrong", "n": "een lange nieuwe zin" })).await;
    assert_eq!(wrong_current.code(), "BAD_USER_INPUT");
    assert!(app.me_works(&first).await, "a refused change ends nothing");

    let changed = app.graphql(Some(&first), change, json!({ "c": DEMO_PASSWORD, "n": "een lange nieuwe zin" })).await;
    let new_token = changed.data()["changePassword"]["token"].as_str().unwrap().to_string();
    assert!(!app.me_works(&first).await);
    assert!(!app.me_works(&second).await);
    assert!(app.me_works(&new_token).await);
    assert_eq!(app.try_login(email, DEMO_PASSWORD).await.code(), "UNAUTHENTICATED");
    app.login(email, "een lange nieuwe zin").await;
}

async fn disabling_a_user_ends_their_sessions_at_once(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let caseworker_login = app.try_login("caseworker@mdd.example", DEMO_PASSWORD).await;
    let caseworker = caseworker_login.data()["login"]["token"].as_str().unwrap().to_string();
    let caseworker_id = caseworker_login.data()["login"]["user"]["id"].as_str().unwrap().to_string();
    let disable = "mutation($id: ID!) { disableUser(id: $id) { id disabled } }";

    // Not the caseworker's own call to make, and no admin of another organisation can see them.
    let by_caseworker = app.graphql(Some(&caseworker), disable, json!({ "id": caseworker_id })).await;
    assert_eq!(by_caseworker.code(), "FORBIDDEN");
    let other_admin = app.login_demo("Meldpunt Discriminatie Emmen", Role::OrgAdmin).await;
    let by_other_org = app.graphql(Some(&other_admin), disable, json!({ "id": caseworker_id })).await;
    assert_eq!(by_other_org.code(), "NOT_FOUND");
    assert!(app.me_works(&caseworker).await);

    let disabled = app.graphql(Some(&admin), disable, json!({ "id": caseworker_id })).await;
    assert_eq!(disabled.data()["disableUser"]["disabled"], true);
    assert!(!app.me_works(&caseworker).await);
    let again = app.try_login("caseworker@mdd.example", DEMO_PASSWORD).await;
    assert_eq!(again.code(), "UNAUTHENTICATED");
    assert_eq!(again.message(), app.try_login("nobody@mdd.example", "x").await.message());
}

async fn repeated_failures_for_an_account_are_throttled(engine: Engine) {
    let app = spawn_with(engine, |c| {
        c.auth.throttle.account_max_failures = 3;
        c.auth.throttle.window_minutes = 15;
    })
    .await;
    let email = "caseworker@mdd.example";
    for _ in 0..3 {
        assert_eq!(app.try_login(email, "wrong").await.code(), "UNAUTHENTICATED");
    }
    // Now even the right password is refused, and so is an unknown address after as many tries.
    assert_eq!(app.try_login(email, DEMO_PASSWORD).await.code(), "RATE_LIMITED");
    for _ in 0..3 {
        app.try_login("nobody@mdd.example", "wrong").await;
    }
    assert_eq!(app.try_login("nobody@mdd.example", "wrong").await.code(), "RATE_LIMITED");
    // Other accounts are not affected.
    app.login_demo(MDD, Role::OrgAdmin).await;
    app.clock.advance(Duration::minutes(15));
    app.login(email, DEMO_PASSWORD).await;
}

/// Twelve wrong passwords at once against a limit of three: each attempt is counted before
/// its password is checked, so no more than three are checked at all.
async fn parallel_guesses_cannot_outrun_the_throttle(engine: Engine) {
    let app = spawn_with(engine, |c| c.auth.throttle.account_max_failures = 3).await;
    let guesses = (0..12).map(|n| {
        let app = &app;
        async move { app.try_login("caseworker@mdd.example", &format!("guess {n}")).await.code().to_string() }
    });
    let codes = futures_util::future::join_all(guesses).await;
    let checked = codes.iter().filter(|code| *code == "UNAUTHENTICATED").count();
    let refused = codes.iter().filter(|code| *code == "RATE_LIMITED").count();
    assert_eq!((checked, refused), (3, 9), "{codes:?}");
}

async fn repeated_failures_from_an_address_are_throttled(engine: Engine) {
    let app = spawn_with(engine, |c| {
        c.auth.throttle.address_max_failures = 4;
        c.auth.throttle.account_max_failures = 100;
    })
    .await;
    for n in 0..4 {
        app.try_login(&format!("guess{n}@mdd.example"), "wrong").await;
    }
    assert_eq!(app.try_login("org_admin@mdd.example", DEMO_PASSWORD).await.code(), "RATE_LIMITED");
    app.clock.advance(Duration::minutes(16));
    app.login("org_admin@mdd.example", DEMO_PASSWORD).await;
}

async fn wrong_current_passwords_count_as_failed_logins(engine: Engine) {
    let app = spawn_with(engine, |c| c.auth.throttle.account_max_failures = 2).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let change = "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"een lange nieuwe zin\") { token } }";
    for _ in 0..2 {
        assert_eq!(app.graphql(Some(&token), change, json!({ "c": "geraden" })).await.code(), "BAD_USER_INPUT");
    }
    assert_eq!(app.graphql(Some(&token), change, json!({ "c": DEMO_PASSWORD })).await.code(), "RATE_LIMITED");
    assert_eq!(app.try_login("caseworker@mdd.example", DEMO_PASSWORD).await.code(), "RATE_LIMITED");
}
