//! API tokens: one organisation, its roles, and nothing more; revoked or expired at once.

use chrono::Duration;
use ketenaanpak::domain::chain::ChainScopeKind;
use ketenaanpak::domain::role::Role;
use ketenaanpak::service::accounts::access::Operator;
use serde_json::json;

use crate::helpers::{spawn, Engine, TestApp, MDD, MDE};
use crate::on_both_engines;

on_both_engines!(
    an_api_token_acts_only_within_its_organisation_and_roles,
    a_revoked_or_expired_token_stops_working_at_once,
    only_admins_make_tokens_and_only_with_roles_of_their_kind,
    concurrent_writes_all_succeed,
    administrative_actions_are_audited,
);

const CREATE: &str = "mutation($name: String!, $roles: [Role!]!, $days: Int) {
    createApiToken(input: { name: $name, roles: $roles, validDays: $days }) { token apiToken { id name roles expiresAt } } }";

async fn create_token(app: &TestApp, admin: &str, name: &str, roles: &[&str], days: Option<i64>) -> (String, String) {
    let answer = app.graphql(Some(admin), CREATE, json!({ "name": name, "roles": roles, "days": days })).await;
    let created = &answer.data()["createApiToken"];
    (created["token"].as_str().unwrap().to_string(), created["apiToken"]["id"].as_str().unwrap().to_string())
}

async fn an_api_token_acts_only_within_its_organisation_and_roles(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let (privacy, _) = create_token(&app, &admin, "export", &["PRIVACY_OFFICER"], None).await;
    let (caseworker, _) = create_token(&app, &admin, "registratie", &["CASEWORKER"], None).await;

    // A privacy-officer token reads its own organisation's users, and only those.
    let list = "{ users(first: 100) { edges { node { email organisation { name } } } } }";
    let users = app.query(&privacy, list).await;
    let edges = users.data()["users"]["edges"].as_array().unwrap().clone();
    assert!(edges.iter().all(|e| e["node"]["organisation"]["name"] == MDD));
    let by_admin = app.query(&admin, list).await;
    assert_eq!(edges, *by_admin.data()["users"]["edges"].as_array().unwrap(), "the same users as the admin sees");
    // It cannot administer: that is the admin role's, which it does not have.
    let create_user = "mutation { createUser(input: { email: \"x@mdd.example\", displayName: \"X\", roles: [CASEWORKER] }) { user { id } } }";
    assert_eq!(app.query(&privacy, create_user).await.code(), "FORBIDDEN");
    // Not even a token with the admin role makes users or tokens: a leaked token mints nothing.
    let (admin_token, _) = create_token(&app, &admin, "beheer", &["ORG_ADMIN"], None).await;
    assert_eq!(app.query(&admin_token, create_user).await.code(), "FORBIDDEN");
    let mint = "mutation { createApiToken(input: { name: \"nog een\", roles: [CASEWORKER] }) { token } }";
    assert_eq!(app.query(&admin_token, mint).await.code(), "FORBIDDEN");
    // A caseworker token may not read the user list, and is no person.
    assert_eq!(app.query(&caseworker, "{ users { edges { node { id } } } }").await.code(), "FORBIDDEN");
    assert_eq!(app.query(&caseworker, "{ me { id } }").await.code(), "NOT_FOUND");
    assert_eq!(app.query(&caseworker, "mutation { logout }").await.code(), "BAD_USER_INPUT");
    // It sees only the chains its organisation belongs to.
    let operator = Operator::command_line();
    app.services.create_chain(&operator, "Keten zonder MDD", ChainScopeKind::Theme, "Proef").await.unwrap();
    let chains = "{ chains { edges { node { name } } } }";
    let seen = app.query(&caseworker, chains).await.data()["chains"].clone();
    assert!(!seen.to_string().contains("Keten zonder MDD"), "{seen}");
    let person = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(seen, app.query(&person, chains).await.data()["chains"], "the same chains as its organisation's people");
}

async fn a_revoked_or_expired_token_stops_working_at_once(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let (token, id) = create_token(&app, &admin, "koppeling", &["PRIVACY_OFFICER"], Some(2)).await;
    let (short_lived, _) = create_token(&app, &admin, "kort", &["PRIVACY_OFFICER"], Some(1)).await;
    let list = "{ users(first: 1) { edges { node { id } } } }";
    assert!(app.query(&token, list).await.body.get("errors").is_none());

    // An admin of another organisation cannot see, so cannot revoke, this token.
    let other_admin = app.login_demo(MDE, Role::OrgAdmin).await;
    let revoke = "mutation($id: ID!) { revokeApiToken(id: $id) }";
    assert_eq!(app.graphql(Some(&other_admin), revoke, json!({ "id": id })).await.code(), "NOT_FOUND");
    assert!(app.query(&token, list).await.body.get("errors").is_none());

    app.clock.advance(Duration::days(1));
    assert_eq!(app.query(&short_lived, list).await.code(), "UNAUTHENTICATED");
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    assert_eq!(app.graphql(Some(&admin), revoke, json!({ "id": id })).await.data()["revokeApiToken"], true);
    assert_eq!(app.query(&token, list).await.code(), "UNAUTHENTICATED");

    let tokens = app.query(&admin, "{ apiTokens { edges { node { name revokedAt } } } }").await;
    let revoked: Vec<_> = tokens.data()["apiTokens"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["node"]["revokedAt"].is_null())
        .map(|e| e["node"]["name"].clone())
        .collect();
    assert_eq!(revoked, vec![json!("koppeling")]);
}

async fn only_admins_make_tokens_and_only_with_roles_of_their_kind(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let vars = json!({ "name": "x", "roles": ["CASEWORKER"] });
    assert_eq!(app.graphql(Some(&caseworker), CREATE, vars.clone()).await.code(), "FORBIDDEN");
    let police_role = app.graphql(Some(&admin), CREATE, json!({ "name": "y", "roles": ["POLICE_OFFICER"] })).await;
    assert_eq!(police_role.code(), "BAD_USER_INPUT");
    let no_role = app.graphql(Some(&admin), CREATE, json!({ "name": "z", "roles": [] })).await;
    assert_eq!(no_role.code(), "BAD_USER_INPUT");
    create_token(&app, &admin, "x", &["CASEWORKER"], None).await;
    assert_eq!(app.graphql(Some(&admin), CREATE, vars).await.code(), "CONFLICT");
}

/// Writes from many requests at once all land: on SQLite they queue for the one writer
/// connection (BEGIN IMMEDIATE) instead of failing with "database is locked".
async fn concurrent_writes_all_succeed(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let vars = |n: usize| json!({ "name": format!("koppeling-{n}"), "roles": ["CASEWORKER"] });
    let writes = (0..24).map(|n| app.graphql(Some(&admin), CREATE, vars(n)));
    let reads = (0..24).map(|_| app.graphql(Some(&admin), "{ apiTokens(first: 100) { edges { cursor } } }", json!({})));
    let (written, read) =
        futures_util::future::join(futures_util::future::join_all(writes), futures_util::future::join_all(reads)).await;
    for answer in written.iter().chain(read.iter()) {
        assert!(answer.body.get("errors").is_none(), "{}", answer.body);
    }
    let listed = app.query(&admin, "{ apiTokens(first: 100) { edges { cursor } } }").await;
    assert_eq!(listed.data()["apiTokens"]["edges"].as_array().unwrap().len(), 24);
}

/// Users and tokens created and ended, a logout and a password change are in the
/// organisation's audit trail, with who did them.
async fn administrative_actions_are_audited(engine: Engine) {
    let app = spawn(engine).await;
    let admin_login = app.try_login("org_admin@mdd.example", ketenaanpak::demo::DEMO_PASSWORD).await;
    let admin = admin_login.data()["login"]["token"].as_str().unwrap().to_string();
    let admin_id = admin_login.data()["login"]["user"]["id"].clone();
    let create_user = "mutation { createUser(input: { email: \"nieuw@mdd.example\", displayName: \"Nieuw\", roles: [CASEWORKER] }) { user { id } } }";
    let user = app.query(&admin, create_user).await.data()["createUser"]["user"]["id"].clone();
    app.graphql(Some(&admin), "mutation($id: ID!) { disableUser(id: $id) { id } }", json!({ "id": user })).await.data();
    let (_, token_id) = create_token(&app, &admin, "koppeling", &["CASEWORKER"], None).await;
    app.graphql(Some(&admin), "mutation($id: ID!) { revokeApiToken(id: $id) }", json!({ "id": token_id })).await.data();
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let change = "mutation { changePassword(currentPassword: \"demo-ketenaanpak\", newPassword: \"een lange nieuwe zin\") { token } }";
    let new_session =
        app.query(&caseworker, change).await.data()["changePassword"]["token"].as_str().unwrap().to_string();
    app.query(&new_session, "mutation { logout }").await.data();

    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&privacy, "{ auditEvents(first: 200) { events { action actorUserId objectId } } }").await;
    let events = events.data()["auditEvents"]["events"].as_array().unwrap().clone();
    let by_admin = |action: &str, object: &serde_json::Value| {
        events.iter().any(|e| e["action"] == action && e["actorUserId"] == admin_id && &e["objectId"] == object)
    };
    assert!(by_admin("user_created", &user) && by_admin("user_disabled", &user));
    assert!(by_admin("api_token_created", &json!(token_id)) && by_admin("api_token_revoked", &json!(token_id)));
    // Both work roles were grants the privacy officers hear of: two events, two mails.
    assert!(by_admin("work_role_granted", &user) && by_admin("work_role_granted", &json!(token_id)));
    assert_eq!(app.outbox("work_role_granted").await, vec!["privacy_officer@mdd.example"; 2]);
    for action in ["password_changed", "logout"] {
        assert!(events.iter().any(|e| e["action"] == action), "{action}");
    }
}
