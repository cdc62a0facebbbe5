//! The web pages over plain HTTP: the session cookie's flags, redirects that stay on this
//! site, cross-site forms refused, safe headers, and a cookie that /graphql does not accept.

use ketenaanpak::demo::DEMO_PASSWORD;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE, X_FRAME_OPTIONS};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn, Engine, TestApp};
use crate::on_both_engines;

on_both_engines!(pages_keep_the_session_cookie_to_themselves);

async fn sign_in(app: &TestApp, client: &reqwest::Client, password: &str, next: &str) -> reqwest::Response {
    client
        .post(app.url("/login"))
        .header("origin", app.address.clone())
        .form(&[("email", "caseworker@mdd.example"), ("password", password), ("next", next)])
        .send()
        .await
        .unwrap()
}

async fn pages_keep_the_session_cookie_to_themselves(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let agenda = "/meetings/0b6f3a64-8f0e-4a4c-9a53-1f7f2f9b1c11/agenda";

    let anonymous = client.get(app.url(agenda)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let to = anonymous.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(to, "/login?next=%2Fmeetings%2F0b6f3a64%2D8f0e%2D4a4c%2D9a53%2D1f7f2f9b1c11%2Fagenda");

    let wrong = sign_in(&app, &client, "not the password", agenda).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    let page = wrong.text().await.unwrap();
    assert!(page.contains("onjuist") && !page.contains("not the password"), "the error, never the password");

    let cross_site = client
        .post(app.url("/login"))
        .header("origin", "https://elders.example")
        .form(&[("email", "caseworker@mdd.example"), ("password", DEMO_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    for outside in ["//elders.example/x", "/\t/elders.example", "/\\elders.example", "/\n/elders.example"] {
        let elsewhere = sign_in(&app, &client, DEMO_PASSWORD, outside).await;
        assert_eq!(elsewhere.headers()[LOCATION], "/", "never off this site: {outside:?}");
    }
    let signed_in = sign_in(&app, &client, DEMO_PASSWORD, agenda).await;
    assert_eq!(signed_in.headers()[LOCATION], agenda);
    let cookie = signed_in.headers()[SET_COOKIE].to_str().unwrap().to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    let pair = cookie.split(';').next().unwrap().to_string();

    // An unknown meeting: the same "not found" as any other door, with the page headers.
    let missing = client.get(app.url(agenda)).header("cookie", &pair).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
    assert_eq!(missing.headers()[X_FRAME_OPTIONS], "DENY");
    assert_eq!(missing.headers()[CACHE_CONTROL], "no-store");
    assert!(missing.text().await.unwrap().contains("Niet gevonden"));

    // The cookie opens pages only: /graphql wants the bearer token.
    let api = client
        .post(app.url("/graphql"))
        .header("cookie", &pair)
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
    let home = client.get(app.url("/")).header("cookie", &pair).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Meldpunt Discriminatie Drenthe"));
}
