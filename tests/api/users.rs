//! Users and the directory: admins manage their own organisation; partners see who is in
//! which chain; nothing outside that is visible.

use ketenaanpak::domain::chain::ChainScopeKind;
use ketenaanpak::domain::organisation::OrganisationKind;
use ketenaanpak::domain::role::Role;
use ketenaanpak::service::accounts::access::Operator;
use serde_json::json;

use crate::helpers::{spawn, Engine, ASSEN, COC, MDD, POLICE};
use crate::on_both_engines;

on_both_engines!(
    an_admin_creates_a_user_who_can_sign_in,
    user_lists_page_through_every_user_once,
    chains_show_only_the_callers_memberships,
    what_does_not_exist_or_is_not_visible_is_not_found,
    nothing_is_served_without_signing_in,
    nobody_changes_their_own_roles_and_work_roles_are_told,
    users_carried_over_keep_their_passwords_all_or_none,
);

const CREATE_USER: &str = "mutation($input: CreateUserInput!) { createUser(input: $input) { generatedPassword user { id email roles language organisation { name } } } }";

async fn an_admin_creates_a_user_who_can_sign_in(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(POLICE, Role::OrgAdmin).await;
    let input = json!({ "email": " Nieuwe.Agent@Politie-Drenthe.example ", "displayName": "Nieuwe agent", "roles": ["POLICE_OFFICER"], "language": "EN" });
    let created = app.graphql(Some(&admin), CREATE_USER, json!({ "input": input })).await;
    let payload = &created.data()["createUser"];
    assert_eq!(payload["user"]["email"], "nieuwe.agent@politie-drenthe.example");
    assert_eq!(payload["user"]["organisation"]["name"], POLICE);
    assert_eq!(payload["user"]["language"], "EN");
    let password = payload["generatedPassword"].as_str().unwrap();
    assert!(password.len() >= 20);
    app.login("nieuwe.agent@politie-drenthe.example", password).await;

    let duplicate = app.graphql(Some(&admin), CREATE_USER, json!({ "input": input })).await;
    assert_eq!(duplicate.code(), "CONFLICT");
    let wrong_role = json!({ "email": "a@politie-drenthe.example", "displayName": "A", "roles": ["CASEWORKER"] });
    assert_eq!(app.graphql(Some(&admin), CREATE_USER, json!({ "input": wrong_role })).await.code(), "BAD_USER_INPUT");
    let bad_email = json!({ "email": "geen adres", "displayName": "A", "roles": ["POLICE_OFFICER"] });
    let refused = app.graphql(Some(&admin), CREATE_USER, json!({ "input": bad_email })).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(refused.body["errors"][0]["extensions"]["field"], "email");
    let weak = json!({ "email": "b@politie-drenthe.example", "displayName": "B", "roles": ["POLICE_OFFICER"], "initialPassword": "kort" });
    assert_eq!(app.graphql(Some(&admin), CREATE_USER, json!({ "input": weak })).await.code(), "BAD_USER_INPUT");

    let officer = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let by_officer = json!({ "email": "c@politie-drenthe.example", "displayName": "C", "roles": ["POLICE_OFFICER"] });
    assert_eq!(app.graphql(Some(&officer), CREATE_USER, json!({ "input": by_officer })).await.code(), "FORBIDDEN");
}

async fn user_lists_page_through_every_user_once(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let count = "{ users(first: 100) { edges { cursor } } }";
    let before = app.query(&admin, count).await.data()["users"]["edges"].as_array().unwrap().len();
    for n in 0..4 {
        let input = json!({ "email": format!("medewerker{n}@mdd.example"), "displayName": format!("Medewerker {n}"), "roles": ["CASEWORKER"] });
        app.graphql(Some(&admin), CREATE_USER, json!({ "input": input })).await.data();
    }
    let page = "query($after: String) { users(first: 2, after: $after) { edges { cursor node { email } } pageInfo { hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let answer = app.graphql(Some(&admin), page, json!({ "after": after })).await;
        let users = &answer.data()["users"];
        for edge in users["edges"].as_array().unwrap() {
            seen.push(edge["node"]["email"].as_str().unwrap().to_string());
            assert!(!edge["cursor"].as_str().unwrap().contains('@'), "cursors carry no e-mail address");
        }
        if users["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = users["pageInfo"]["endCursor"].clone();
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "in order, no duplicates");
    assert_eq!(seen.len(), before + 4);
    for n in 0..4 {
        assert!(seen.contains(&format!("medewerker{n}@mdd.example")), "{seen:?}");
    }
    assert_eq!(app.query(&admin, "{ users(first: 0) { edges { cursor } } }").await.code(), "BAD_USER_INPUT");
    assert_eq!(app.query(&admin, "{ users(after: \"nonsense\") { edges { cursor } } }").await.code(), "BAD_USER_INPUT");
}

async fn chains_show_only_the_callers_memberships(engine: Engine) {
    let app = spawn(engine).await;
    let names = |answer: crate::helpers::Answer| -> Vec<String> {
        answer.data()["chains"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    // Two chains of the test's own: COC in the one, the police in both.
    let operator = Operator::command_line();
    let org = |name: &'static str| {
        let services = app.services.clone();
        async move { services.find_organisation(&Operator::command_line(), name).await.unwrap().id }
    };
    let (coc_org, police_org) = (org(COC).await, org(POLICE).await);
    for (chain, members) in [("Keten A", vec![coc_org, police_org]), ("Keten B", vec![police_org])] {
        app.services.create_chain(&operator, chain, ChainScopeKind::Theme, "Proef").await.unwrap();
        for member in members {
            app.services.add_chain_member(&operator, chain, member).await.unwrap();
        }
    }
    let query = "{ chains { edges { node { name members { name } } } } }";
    let listed =
        |names: Vec<String>| -> Vec<String> { names.into_iter().filter(|n| n.starts_with("Keten ")).collect() };
    let coc = app.login_demo(COC, Role::Intake).await;
    assert_eq!(listed(names(app.query(&coc, query).await)), vec!["Keten A"]);
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    assert_eq!(listed(names(app.query(&police, query).await)), vec!["Keten A", "Keten B"]);
    let assen = app.login_demo(ASSEN, Role::PolicyViewer).await;
    assert!(names(app.query(&assen, query).await).is_empty(), "a municipality is in no chain");
    let seen = app.query(&coc, query).await;
    let chain_a = seen.data()["chains"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["name"] == "Keten A");
    let members: Vec<&str> =
        chain_a.unwrap()["node"]["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(members.len(), 2, "{members:?}");
    assert!(members.contains(&COC) && members.contains(&POLICE), "{members:?}");
}

async fn what_does_not_exist_or_is_not_visible_is_not_found(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let find = "query($id: ID!) { organisation(id: $id) { name kind municipalityCodes } }";
    let random = uuid::Uuid::new_v4().to_string();
    assert_eq!(app.graphql(Some(&token), find, json!({ "id": random })).await.code(), "NOT_FOUND");
    assert_eq!(app.graphql(Some(&token), find, json!({ "id": "1" })).await.code(), "NOT_FOUND");
    let operator = Operator::command_line();
    let codes = ["GM0080".to_string()];
    let made = app.services.create_organisation(
        &operator,
        OrganisationKind::ReportingCentre,
        "Meldpunt Proef",
        "Friesland",
        &codes,
    );
    let made = made.await.unwrap();
    let found = app.graphql(Some(&token), find, json!({ "id": made.id.to_string() })).await;
    assert_eq!(found.data()["organisation"]["municipalityCodes"], json!(["GM0080"]));
}

async fn nothing_is_served_without_signing_in(engine: Engine) {
    let app = spawn(engine).await;
    for query in [
        "{ me { id } }",
        "{ organisations { edges { cursor } } }",
        "{ chains { edges { cursor } } }",
        "mutation { logout }",
    ] {
        assert_eq!(app.graphql(None, query, json!({})).await.code(), "UNAUTHENTICATED", "{query}");
        assert_eq!(app.graphql(Some("kts_forged"), query, json!({})).await.code(), "UNAUTHENTICATED", "{query}");
    }
}

const SET_ROLES: &str = "mutation($id: ID!, $roles: [Role!]!) { setUserRoles(id: $id, roles: $roles) { id roles } }";

/// An admin changes another user's roles (a new work role mailed to the privacy officers,
/// effective at the next request), never their own; tokens and other roles change none.
async fn nobody_changes_their_own_roles_and_work_roles_are_told(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let me = app.query(&admin, "{ me { id roles } }").await;
    let own_id = me.data()["me"]["id"].as_str().unwrap().to_string();
    let own = app.graphql(Some(&admin), SET_ROLES, json!({ "id": own_id, "roles": ["ORG_ADMIN", "CASEWORKER"] })).await;
    assert_eq!(own.code(), "BAD_USER_INPUT");
    assert_eq!(own.body["errors"][0]["extensions"]["field"], "roles");
    assert_eq!(app.query(&admin, "{ me { roles } }").await.data()["me"]["roles"], json!(["ORG_ADMIN"]));
    assert_eq!(app.query(&admin, "{ cases { edges { node { id } } } }").await.code(), "FORBIDDEN");

    let input = json!({ "email": "nieuw@mdd.example", "displayName": "Nieuw", "roles": ["PRIVACY_OFFICER"], "initialPassword": "een heel lang wachtwoord" });
    let created = app.graphql(Some(&admin), CREATE_USER, json!({ "input": input })).await;
    let id = created.data()["createUser"]["user"]["id"].as_str().unwrap().to_string();
    let colleague = app.login("nieuw@mdd.example", "een heel lang wachtwoord").await;
    assert_eq!(app.query(&colleague, "{ cases { edges { node { id } } } }").await.code(), "FORBIDDEN");
    assert!(app.outbox("work_role_granted").await.is_empty(), "no work role yet");

    let given =
        app.graphql(Some(&admin), SET_ROLES, json!({ "id": id, "roles": ["PRIVACY_OFFICER", "CASEWORKER"] })).await;
    assert_eq!(given.data()["setUserRoles"]["roles"], json!(["CASEWORKER", "PRIVACY_OFFICER"]));
    assert!(
        app.query(&colleague, "{ cases { edges { node { id } } } }").await.body.get("errors").is_none(),
        "at the next request"
    );
    let told = app.outbox("work_role_granted").await;
    assert!(told.contains(&"privacy_officer@mdd.example".to_string()), "{told:?}");
    let taken = app.graphql(Some(&admin), SET_ROLES, json!({ "id": id, "roles": ["PRIVACY_OFFICER"] })).await;
    assert!(taken.body.get("errors").is_none(), "{}", taken.body);
    assert_eq!(app.query(&colleague, "{ cases { edges { node { id } } } }").await.code(), "FORBIDDEN");
    assert_eq!(app.outbox("work_role_granted").await.len(), told.len(), "taking a role away is no grant");
    let events = app.query(&colleague, "{ auditEvents(first: 200) { events { action objectId } } }").await;
    let changes = events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "roles_changed" && e["objectId"] == id.as_str())
        .count();
    assert_eq!(changes, 2);

    // The organisation keeps a privacy officer, who is told of every work role granted: all
    // but one may go (the new colleague among them), the last one not.
    let users = app.query(&admin, "{ users(first: 100) { edges { node { id email roles disabled } } } }").await;
    let officers: Vec<(String, String)> = users.data()["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|u| u["disabled"] == false && u["roles"].as_array().unwrap().contains(&json!("PRIVACY_OFFICER")))
        .map(|u| (u["id"].as_str().unwrap().to_string(), u["email"].as_str().unwrap().to_string()))
        .collect();
    assert!(officers.iter().any(|(other, _)| *other == id) && officers.len() >= 2, "{officers:?}");
    let officer = officers.iter().find(|(other, _)| *other != id).unwrap().0.clone();
    let disable = "mutation($id: ID!) { disableUser(id: $id) { id } }";
    for (other, email) in officers.iter().filter(|(other, _)| *other != officer) {
        let gone = app.graphql(Some(&admin), disable, json!({ "id": other })).await;
        assert!(gone.body.get("errors").is_none(), "{email} may go while another stays: {}", gone.body);
    }
    let last = app.graphql(Some(&admin), SET_ROLES, json!({ "id": officer, "roles": ["CASEWORKER"] })).await;
    assert_eq!(last.code(), "BAD_USER_INPUT", "{}", last.body);
    assert!(last.message().contains("laatste functionaris"), "{}", last.message());
    assert_eq!(app.graphql(Some(&admin), disable, json!({ "id": officer })).await.code(), "BAD_USER_INPUT");

    let wrong_kind = app.graphql(Some(&admin), SET_ROLES, json!({ "id": id, "roles": ["POLICE_OFFICER"] })).await;
    assert_eq!(wrong_kind.code(), "BAD_USER_INPUT");
    assert_eq!(app.graphql(Some(&admin), SET_ROLES, json!({ "id": id, "roles": [] })).await.code(), "BAD_USER_INPUT");
    let token = app
        .graphql(
            Some(&admin),
            "mutation { createApiToken(input: { name: \"beheer\", roles: [ORG_ADMIN] }) { token } }",
            json!({}),
        )
        .await;
    let token = token.data()["createApiToken"]["token"].as_str().unwrap().to_string();
    assert_eq!(
        app.graphql(Some(&token), SET_ROLES, json!({ "id": id, "roles": ["CASEWORKER"] })).await.code(),
        "FORBIDDEN"
    );
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(
        app.graphql(Some(&caseworker), SET_ROLES, json!({ "id": id, "roles": ["CASEWORKER"] })).await.code(),
        "FORBIDDEN"
    );
    let other_admin = app.login_demo(POLICE, Role::OrgAdmin).await;
    assert_eq!(
        app.graphql(Some(&other_admin), SET_ROLES, json!({ "id": id, "roles": ["POLICE_OFFICER"] })).await.code(),
        "NOT_FOUND"
    );
}

/// An Argon2id hash of `password` as another system made it (the crate's defaults, not ours).
fn hash_from_elsewhere(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    argon2::Argon2::default().hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng)).unwrap().to_string()
}

/// The operator carries people over with their old password hashes: they sign in with the
/// password they had; a hash in another form refuses the whole import; the privacy officers
/// the organisation had are told once, and the trail holds every user created.
async fn users_carried_over_keep_their_passwords_all_or_none(engine: Engine) {
    use ketenaanpak::domain::user::Language;
    use ketenaanpak::service::accounts::user_import::ImportedUser;
    use ketenaanpak::service::ServiceError;
    let app = spawn(engine).await;
    let operator = Operator::command_line();
    let mdd = app.services.find_organisation(&operator, MDD).await.unwrap();
    let person = |email: &str, hash: String| ImportedUser {
        email: email.into(),
        display_name: "Overgekomen".into(),
        roles: vec![Role::Caseworker],
        language: Language::Nl,
        password_hash: hash,
    };
    let officers = app.people_with_roles(MDD, &["PRIVACY_OFFICER"]).await;
    let told_before = app.outbox("work_role_granted").await.len();

    let bcrypt = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".to_string();
    let mixed =
        vec![person("eerst@mdd.example", hash_from_elsewhere("oud wachtwoord 1")), person("dan@mdd.example", bcrypt)];
    match app.services.import_users(&operator, mdd.id, mixed).await {
        Err(ServiceError::BadInput { field, .. }) => assert_eq!(field, "passwordHash"),
        other => panic!("a bcrypt hash is refused: {:?}", other.map(|u| u.len())),
    }
    assert_eq!(app.try_login("eerst@mdd.example", "oud wachtwoord 1").await.code(), "UNAUTHENTICATED", "none of it");

    let both = vec![
        person("een@mdd.example", hash_from_elsewhere("oud wachtwoord 1")),
        person("twee@mdd.example", hash_from_elsewhere("oud wachtwoord 2")),
    ];
    let imported = app.services.import_users(&operator, mdd.id, both).await.unwrap();
    assert_eq!(imported.len(), 2);
    app.login("een@mdd.example", "oud wachtwoord 1").await;
    app.login("twee@mdd.example", "oud wachtwoord 2").await;
    let told = app.outbox("work_role_granted").await;
    assert_eq!(told.len() - told_before, officers.len(), "each privacy officer once: {told:?}");
    let again =
        app.services.import_users(&operator, mdd.id, vec![person("een@mdd.example", hash_from_elsewhere("x"))]).await;
    assert!(matches!(again, Err(ServiceError::Conflict(_))), "an address is taken once");

    // A new organisation's people come with a privacy officer, or not at all.
    let kind = OrganisationKind::ReportingCentre;
    let new = app.services.create_organisation(&operator, kind, "Meldpunt Nieuw", "Drenthe", &[]).await.unwrap();
    let alone = vec![person("alleen@nieuw.example", hash_from_elsewhere("oud wachtwoord 3"))];
    match app.services.import_users(&operator, new.id, alone).await {
        Err(ServiceError::BadInput { field, .. }) => assert_eq!(field, "roles"),
        other => panic!("no privacy officer, no import: {:?}", other.map(|u| u.len())),
    }
    let officer =
        ImportedUser { roles: vec![Role::PrivacyOfficer], ..person("fg@nieuw.example", hash_from_elsewhere("oud 4")) };
    let with_officer = vec![person("alleen@nieuw.example", hash_from_elsewhere("oud wachtwoord 3")), officer];
    assert_eq!(app.services.import_users(&operator, new.id, with_officer).await.unwrap().len(), 2);

    let officer = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&officer, "{ auditEvents(first: 200) { events { action objectId } } }").await;
    let events = events.data()["auditEvents"]["events"].as_array().unwrap().clone();
    for user in &imported {
        let about: Vec<_> =
            events.iter().filter(|e| e["objectId"] == user.id.to_string()).map(|e| e["action"].clone()).collect();
        assert!(about.contains(&json!("user_created")) && about.contains(&json!("work_role_granted")), "{about:?}");
    }
}
