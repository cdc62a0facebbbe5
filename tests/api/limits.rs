//! Each GraphQL limit lets a request at the limit through and refuses one a step over it,
//! before any resolver runs: the refused documents contain `logout`, and the session still
//! works afterwards.

use ketenaanpak::domain::role::Role;
use serde_json::json;

use crate::helpers::{spawn_with, Engine, TestApp, MDD};
use crate::on_both_engines;

on_both_engines!(
    depth_limit,
    complexity_limit,
    alias_limit,
    nesting_limit,
    expanded_fields_limit,
    standard_introspection_query
);

async fn refused_without_running(app: &TestApp, token: &str, document: &str) {
    let answer = app.query(token, document).await;
    assert_eq!(answer.code(), "BAD_USER_INPUT", "{}", answer.body);
    assert!(answer.body["data"].is_null(), "{}", answer.body);
    assert!(app.me_works(token).await, "logout in the refused document did not run");
}

async fn depth_limit(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.max_depth = 3).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    // me > organisation > name: depth 3.
    let at_limit = app.query(&token, "{ me { organisation { name } } }").await;
    assert_eq!(at_limit.data()["me"]["organisation"]["name"], MDD);
    // changePassword > user > organisation > name: depth 4.
    let over = r#"mutation { logout changePassword(currentPassword: "x", newPassword: "y") { user { organisation { name } } } }"#;
    refused_without_running(&app, &token, over).await;
}

async fn complexity_limit(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.max_complexity = 4).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    // Four fields, one each.
    let at_limit = app.query(&token, "{ me { id email displayName } }").await;
    assert!(at_limit.data()["me"]["id"].is_string());
    // Five fields.
    let over =
        r#"mutation { logout changePassword(currentPassword: "x", newPassword: "y") { token expiresAt user { id } } }"#;
    refused_without_running(&app, &token, over).await;
}

async fn alias_limit(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.max_aliases = 3).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let at_limit = app.query(&token, "{ a: me { id } b: me { id } c: me { id } }").await;
    assert_eq!(at_limit.data()["a"], at_limit.data()["c"]);
    refused_without_running(&app, &token, "mutation { a: logout b: logout c: logout d: logout }").await;
    // Aliases hidden in a fragment count too.
    let in_fragment = "query { me { ...F } } fragment F on User { a: id b: id c: id d: id }";
    assert_eq!(app.query(&token, in_fragment).await.code(), "BAD_USER_INPUT");
    let _ = json!({});
}

async fn nesting_limit(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.max_nesting = 4).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    // Braces, brackets and parentheses: four levels, then five.
    let at_limit = app.query(&token, "{ me { organisation { name @skip(if: false) } } }").await;
    assert_eq!(at_limit.data()["me"]["organisation"]["name"], MDD);
    refused_without_running(&app, &token, "mutation { logout a: me { organisation { name @skip(if: [[false]]) } } }")
        .await;
    let variables = json!({ "v": [[[[true]]]] });
    let answer = app.graphql(Some(&token), "query($v: [[[[Boolean]]]]) { __typename }", variables).await;
    assert_eq!(answer.code(), "BAD_USER_INPUT", "{}", answer.body);
}

async fn expanded_fields_limit(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.max_complexity = 8).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    // `me` and three fields spread twice: 1 + 2 × 3 = 7 fields once expanded; then 1 + 4 × 3.
    let fragment = "fragment F on User { id email displayName }";
    let at_limit = app.query(&token, &format!("{{ me {{ ...F ...F }} }} {fragment}")).await;
    assert!(at_limit.data()["me"]["email"].is_string(), "{}", at_limit.body);
    let over = format!("mutation {{ logout }} query Q {{ me {{ ...F ...F ...F ...F }} }} {fragment}");
    refused_without_running(&app, &token, &over).await;
}

/// graphql-js's `getIntrospectionQuery()`, which GraphiQL sends, nests 15 fields deep: it
/// works wherever introspection is on, while the depth limit (here 4) still holds for data.
async fn standard_introspection_query(engine: Engine) {
    let app = spawn_with(engine, |c| {
        c.graphql.introspection = true;
        c.graphql.max_depth = 4;
    })
    .await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let document = include_str!("../fixtures/introspection.graphql");
    let answer = app.query(&token, document).await;
    let types = answer.data()["__schema"]["types"].as_array().unwrap_or_else(|| panic!("{}", answer.body));
    assert!(types.iter().any(|t| t["name"] == "OwnCase"));
    let too_deep = "{ chains { edges { node { members { name } } } } }";
    assert_eq!(app.query(&token, too_deep).await.code(), "BAD_USER_INPUT");
}
