//! What the GraphQL endpoint refuses at the HTTP level, introspection, operational endpoints,
//! and how an internal error looks to a client.

use ketenaanpak::domain::role::Role;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::Connection;

use crate::helpers::{answer, spawn, spawn_with, Engine, MDD};
use crate::on_both_engines;

on_both_engines!(
    batched_requests_are_refused,
    mutations_over_get_are_refused_and_queries_work,
    only_json_bodies_are_accepted,
    oversize_bodies_are_refused_before_parsing,
    introspection_is_off_unless_configured,
    a_database_error_shows_only_a_request_id,
    health_and_readiness,
);

async fn batched_requests_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let batch = json!([{ "query": "{ me { id } }" }, { "query": "mutation { logout }" }]);
    let response = app.client.post(app.url("/graphql")).bearer_auth(&token).json(&batch).send().await.unwrap();
    let refused = answer(response).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["extensions"]["reason"], "request-batched");
    assert!(app.me_works(&token).await, "the logout in the batch did not run");
}

async fn mutations_over_get_are_refused_and_queries_work(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let get =
        |query: &'static str| app.client.get(app.url("/graphql")).bearer_auth(&token).query(&[("query", query)]).send();
    let mutation = get("mutation { logout }").await.unwrap();
    assert_eq!(mutation.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(mutation.headers()["allow"], "POST");
    assert!(app.me_works(&token).await);
    let query = answer(get("{ me { email } }").await.unwrap()).await;
    assert_eq!(query.data()["me"]["email"], "caseworker@mdd.example");
}

async fn only_json_bodies_are_accepted(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let body = json!({ "query": "mutation { logout }" }).to_string();
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let response = app
            .client
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
    }
    let missing = app.client.post(app.url("/graphql")).bearer_auth(&token).body(body.clone()).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(app.me_works(&token).await);
    let graphql_json = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&token)
        .header("content-type", "application/graphql-response+json")
        .header("accept", "application/graphql-response+json")
        .body(json!({ "query": "{ me { id } }" }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(graphql_json.headers()["content-type"], "application/graphql-response+json");
    assert!(answer(graphql_json).await.data()["me"]["id"].is_string());
}

async fn oversize_bodies_are_refused_before_parsing(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.max_body_bytes = 2048).await;
    let padding = "x".repeat(2048);
    let query = format!("{{ me {{ id }} }} # {padding}");
    let response = app.client.post(app.url("/graphql")).json(&json!({ "query": query })).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let small = app.client.post(app.url("/graphql")).json(&json!({ "query": "{ me { id } }" })).send().await.unwrap();
    assert_eq!(small.status(), StatusCode::OK);
}

async fn introspection_is_off_unless_configured(engine: Engine) {
    let introspect = "{ __schema { queryType { name } } }";
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let refused = app.query(&token, introspect).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert!(refused.body["data"].is_null());
    let hidden = app.query(&token, "{ me { id } } fragment F on Query { __type(name: \"User\") { name } }").await;
    assert_eq!(hidden.code(), "BAD_USER_INPUT");
    // __typename is not introspection of the schema and stays available.
    assert_eq!(app.query(&token, "{ me { __typename } }").await.data()["me"]["__typename"], "User");
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    drop(app);

    let open = spawn_with(engine, |c| c.graphql.introspection = true).await;
    let token = open.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(open.query(&token, introspect).await.data()["__schema"]["queryType"]["name"], "Query");
    let page = open.client.get(open.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("De GraphQL-API van Ketenaanpak") && !page.contains("<script"), "no script, no CDN: {page}");
    assert!(!page.contains("https://"), "nothing loads from elsewhere: {page}");
}

async fn a_database_error_shows_only_a_request_id(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    sqlx::query("DROP TABLE chain_members").execute(&mut conn).await.unwrap();

    let failed = app.query(&token, "{ chains { edges { node { name } } } }").await;
    assert_eq!(failed.code(), "INTERNAL");
    assert!(!failed.request_id.is_empty());
    assert_eq!(failed.body["errors"][0]["extensions"]["requestId"], failed.request_id);
    assert!(failed.message().contains(&failed.request_id));
    let text = failed.body.to_string().to_lowercase();
    for leak in ["chain_members", "select", "sqlite", "postgres", "relation", "table", "/tmp", "caseworker"] {
        assert!(!text.contains(leak), "the error shows {leak}: {text}");
    }
}

async fn health_and_readiness(engine: Engine) {
    let app = spawn(engine).await;
    let live = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.services.store().close().await;
    let unready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(unready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(app.client.get(app.url("/healthz")).send().await.unwrap().status().is_success());
}
