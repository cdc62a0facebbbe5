//! Casework: registration, consent, pseudonymised sharing, who sees what, the text checker,
//! the audit trail, and interoperability of the sealed identity blocks with the `age` tool.

use ketenaanpak::demo::{demo_email, DEMO_ORGANISATIONS, DEMO_PASSWORD};
use ketenaanpak::domain::role::Role;
use ketenaanpak::service::accounts::access::Operator;
use serde_json::{json, Value};
use sqlx::Connection;

use crate::helpers::{spawn, Engine, TestApp, ASSEN, COC, MDD, MDE, POLICE};
use crate::on_both_engines;

on_both_engines!(
    a_report_reaches_partners_only_pseudonymised,
    withdrawing_consent_hides_the_case_in_the_next_request,
    sharing_needs_consent_for_that_chain,
    identifying_text_is_refused_with_its_kind_and_place,
    registrations_are_checked_against_the_taxonomy,
    access_follows_the_visibility_table,
    the_audit_trail_records_reads_and_names_tampering,
    an_expertise_centre_sees_the_regional_chains_of_its_region,
    one_counterparty_reported_by_three_organisations_is_one_pattern,
    updating_a_case_rechecks_and_reseals,
    identity_blocks_open_with_the_reference_age_tool,
    a_refused_probe_is_in_the_owners_trail_too
);

pub(crate) const DRENTHE_CHAIN: &str = "Casuïstiekoverleg Drenthe";

pub(crate) const CREATE: &str =
    "mutation($input: CreateCaseInput!) { createCase(input: $input) { id publicId caseNumber } }";

pub(crate) fn case_input(identity: Value, summary: Option<&str>) -> Value {
    json!({
        "grounds": ["anti_muslim"],
        "domain": "labour_market",
        "manifestations": ["unequal_treatment", "remarks"],
        "channel": "phone",
        "handling": "mediation",
        "residenceMunicipality": "GM0106",
        "incidentMunicipality": "GM0118",
        "incidentDate": "2026-03-14",
        "reportedOn": "2026-03-20",
        "sharedSummary": summary,
        "identity": identity,
        "consentMethod": "VERBAL",
        "consentGivenOn": "2026-03-20",
    })
}

pub(crate) fn identity(reporter: &str, counterparty: &str) -> Value {
    json!({
        "reporter": { "name": reporter, "email": "melder.canary@voorbeeld.nl", "phone": "06-11223344" },
        "counterparty": { "kind": "ORGANISATION", "name": counterparty, "registrationNumbers": ["KvK 01234567"] },
        "account": "Het eigen verhaal van de melder.",
    })
}

pub(crate) async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    let answer = app.graphql(Some(token), CREATE, json!({ "input": input })).await;
    answer.data()["createCase"].clone()
}

pub(crate) async fn chain_id(app: &TestApp, token: &str, name: &str) -> String {
    let chains = app.query(token, "{ chains { edges { node { id name } } } }").await;
    let edges = chains.data()["chains"]["edges"].as_array().unwrap().clone();
    edges.iter().find(|e| e["node"]["name"] == name).unwrap()["node"]["id"].as_str().unwrap().to_string()
}

pub(crate) async fn consent_to_share(app: &TestApp, token: &str, case: &str, chain: &str) -> String {
    let record = "mutation($case: ID!, $chain: ID!) { recordConsent(caseId: $case, input: { scope: SHARE_PSEUDONYMISED, chainId: $chain, method: WRITTEN, givenOn: \"2026-03-20\" }) { id } }";
    let answer = app.graphql(Some(token), record, json!({ "case": case, "chain": chain })).await;
    answer.data()["recordConsent"]["id"].as_str().unwrap().to_string()
}

pub(crate) async fn share(app: &TestApp, token: &str, case: &str, chain: &str) -> crate::helpers::Answer {
    let share = "mutation($case: ID!, $chain: ID!) { shareCase(caseId: $case, chainId: $chain) { chainId } }";
    app.graphql(Some(token), share, json!({ "case": case, "chain": chain })).await
}

/// A case of Meldpunt Discriminatie Drenthe shared with the Drenthe chain: (case id, chain id).
pub(crate) async fn shared_case(app: &TestApp, caseworker: &str) -> (String, String) {
    let input = case_input(
        identity("Aylin Kaya", "Uitzendbureau Noorderzon B.V."),
        Some("Sollicitante werd afgewezen na een opmerking over haar hoofddoek."),
    );
    let case = create(app, caseworker, input).await["id"].as_str().unwrap().to_string();
    let chain = chain_id(app, caseworker, DRENTHE_CHAIN).await;
    consent_to_share(app, caseworker, &case, &chain).await;
    share(app, caseworker, &case, &chain).await.data();
    (case, chain)
}

const VIEW: &str = "query($id: ID!) { case(id: $id) { __typename ... on SharedCase { publicId grounds incidentMonth sharedSummary shares { counterpartyPseudonym } organisation { name } } ... on OwnCase { caseNumber incidentDate identity { reporter { name } } } } }";

async fn a_report_reaches_partners_only_pseudonymised(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let (case, _) = shared_case(&app, &caseworker).await;

    let own = app.graphql(Some(&caseworker), VIEW, json!({ "id": case })).await;
    assert_eq!(own.data()["case"]["__typename"], "OwnCase");
    assert!(own.data()["case"]["caseNumber"].as_str().unwrap().starts_with("MDD-2026-"));
    assert_eq!(own.data()["case"]["identity"]["reporter"]["name"], "Aylin Kaya");

    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let seen = app.graphql(Some(&police), VIEW, json!({ "id": case })).await;
    let view = &seen.data()["case"];
    assert_eq!(view["__typename"], "SharedCase");
    assert_eq!(view["incidentMonth"], "2026-03");
    assert_eq!(view["organisation"]["name"], MDD);
    assert!(view["shares"][0]["counterpartyPseudonym"].as_str().unwrap().starts_with("pc_"));
    let text = seen.body.to_string();
    for secret in ["Aylin", "Kaya", "Noorderzon", "canary", "06-11223344", "2026-03-14", "MDD-2026"] {
        assert!(!text.contains(secret), "the shared view shows {secret}: {text}");
    }
    // The shared view has no identity field at all.
    let ask = app
        .graphql(
            Some(&police),
            "query($id: ID!) { case(id: $id) { ... on SharedCase { identity { account } } } }",
            json!({ "id": case }),
        )
        .await;
    assert_eq!(ask.code(), "BAD_USER_INPUT");
    let listed = app.query(&police, "{ sharedCases(first: 100) { edges { node { id } } } }").await;
    assert!(listed.data()["sharedCases"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == case.as_str()));
}

async fn withdrawing_consent_hides_the_case_in_the_next_request(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let input = case_input(identity("Aylin Kaya", "Noorderzon"), None);
    let case = create(&app, &caseworker, input).await["id"].as_str().unwrap().to_string();
    let chain = chain_id(&app, &caseworker, DRENTHE_CHAIN).await;
    let consent = consent_to_share(&app, &caseworker, &case, &chain).await;
    share(&app, &caseworker, &case, &chain).await.data();
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    assert_eq!(
        app.graphql(Some(&police), VIEW, json!({ "id": case })).await.data()["case"]["__typename"],
        "SharedCase"
    );

    let withdraw =
        "mutation($case: ID!, $consent: ID!) { withdrawConsent(caseId: $case, consentId: $consent) { withdrawnAt } }";
    let answer = app.graphql(Some(&caseworker), withdraw, json!({ "case": case, "consent": consent })).await;
    assert!(answer.data()["withdrawConsent"]["withdrawnAt"].is_string());
    assert_eq!(app.graphql(Some(&police), VIEW, json!({ "id": case })).await.code(), "NOT_FOUND");
    let again = app.graphql(Some(&caseworker), withdraw, json!({ "case": case, "consent": consent })).await;
    assert_eq!(again.code(), "CONFLICT");

    // Withdrawing the consent to register erases the identity block.
    let consents = app
        .graphql(
            Some(&caseworker),
            "query($id: ID!) { case(id: $id) { ... on OwnCase { consents { id scope } } } }",
            json!({ "id": case }),
        )
        .await;
    let register =
        consents.data()["case"]["consents"].as_array().unwrap().iter().find(|c| c["scope"] == "REGISTER").unwrap()
            ["id"]
            .clone();
    app.graphql(Some(&caseworker), withdraw, json!({ "case": case, "consent": register })).await.data();
    let own = app
        .graphql(
            Some(&caseworker),
            "query($id: ID!) { case(id: $id) { ... on OwnCase { anonymous identity { account } } } }",
            json!({ "id": case }),
        )
        .await;
    assert_eq!(own.data()["case"]["anonymous"], true);
    assert!(own.data()["case"]["identity"].is_null());
}

async fn sharing_needs_consent_for_that_chain(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let case = create(&app, &caseworker, case_input(Value::Null, None)).await["id"].as_str().unwrap().to_string();
    let drenthe = chain_id(&app, &caseworker, DRENTHE_CHAIN).await;
    let theme = chain_id(&app, &caseworker, "Noordelijk overleg homofoob geweld").await;
    assert_eq!(share(&app, &caseworker, &case, &drenthe).await.code(), "BAD_USER_INPUT");
    consent_to_share(&app, &caseworker, &case, &theme).await;
    assert_eq!(share(&app, &caseworker, &case, &drenthe).await.code(), "BAD_USER_INPUT", "consent for another chain");
    share(&app, &caseworker, &case, &theme).await.data();
    assert_eq!(share(&app, &caseworker, &case, &theme).await.code(), "CONFLICT");

    let coc = app.login_demo(COC, Role::Intake).await;
    assert_eq!(app.graphql(Some(&coc), VIEW, json!({ "id": case })).await.data()["case"]["__typename"], "SharedCase");
    let unshare = "mutation($case: ID!, $chain: ID!) { unshareCase(caseId: $case, chainId: $chain) }";
    app.graphql(Some(&caseworker), unshare, json!({ "case": case, "chain": theme })).await.data();
    assert_eq!(app.graphql(Some(&coc), VIEW, json!({ "id": case })).await.code(), "NOT_FOUND");
    assert_eq!(
        app.graphql(Some(&caseworker), unshare, json!({ "case": case, "chain": theme })).await.code(),
        "NOT_FOUND"
    );
}

async fn identifying_text_is_refused_with_its_kind_and_place(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let refused = [
        ("Bel haar op 06-98765432 voor details.", "telefoonnummer"),
        ("Mevrouw Kaya werd afgewezen.", "identiteitsgegevens"),
        ("Contact via iemand@voorbeeld.nl.", "e-mailadres"),
        ("BSN 111222333 stond op het formulier.", "BSN"),
        ("Betaald van NL91ABNA0417164300.", "IBAN"),
        ("Woont op 9401 AB 12 in Assen.", "postcode"),
        ("De auto met kenteken 12-ABC-3 reed weg.", "kenteken"),
    ];
    for (summary, kind) in refused {
        let input = case_input(identity("Aylin Kaya", "Noorderzon"), Some(summary));
        let answer = app.graphql(Some(&caseworker), CREATE, json!({ "input": input })).await;
        assert_eq!(answer.code(), "BAD_USER_INPUT", "{summary}");
        assert_eq!(answer.body["errors"][0]["extensions"]["field"], "sharedSummary");
        assert!(answer.message().contains(kind) && answer.message().contains("positie"), "{}", answer.message());
        for word in summary.split_whitespace().filter(|w| w.chars().any(|c| c.is_ascii_digit() || c == '@')) {
            assert!(!answer.message().contains(word.trim_end_matches('.')), "the error repeats {word}");
        }
    }
    let prose = "Sollicitante werd in maart 2026 na een opmerking over haar hoofddoek afgewezen; 2 eerdere meldingen.";
    let case = create(&app, &caseworker, case_input(identity("Aylin Kaya", "Noorderzon"), Some(prose))).await["id"]
        .as_str()
        .unwrap()
        .to_string();

    let note = "mutation($case: ID!, $text: String!, $shared: Boolean!) { addCaseNote(caseId: $case, text: $text, shared: $shared) { shared text } }";
    let shared = app
        .graphql(Some(&caseworker), note, json!({ "case": case, "text": "Gesprek met Aylin gepland.", "shared": true }))
        .await;
    assert_eq!(shared.code(), "BAD_USER_INPUT");
    let internal = app
        .graphql(
            Some(&caseworker),
            note,
            json!({ "case": case, "text": "Gesprek met Aylin gepland.", "shared": false }),
        )
        .await;
    assert_eq!(internal.data()["addCaseNote"]["shared"], false);
    app.graphql(
        Some(&caseworker),
        note,
        json!({ "case": case, "text": "Werkgever reageert niet op brieven.", "shared": true }),
    )
    .await
    .data();
    let notes = app
        .graphql(
            Some(&caseworker),
            "query($id: ID!) { case(id: $id) { ... on OwnCase { notes { shared text } } } }",
            json!({ "id": case }),
        )
        .await;
    assert_eq!(notes.data()["case"]["notes"].as_array().unwrap().len(), 2);
    // Reading the internal note is recorded like reading the identity block.
    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&privacy, "{ auditEvents(first: 200) { events { action objectId } } }").await;
    let read = events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "notes_read" && e["objectId"] == case)
        .count();
    assert_eq!(read, 1, "{}", events.body);
}

async fn registrations_are_checked_against_the_taxonomy(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let cases = [
        ("grounds", json!(["astrologie"])),
        ("grounds", json!([])),
        ("residenceMunicipality", json!("GM9999")),
        ("incidentDate", json!("2026-04-01")),
    ];
    for (field, value) in cases {
        let mut input = case_input(Value::Null, None);
        let key = if field == "grounds" { "grounds" } else { field };
        input[key] = value;
        let answer = app.graphql(Some(&caseworker), CREATE, json!({ "input": input })).await;
        assert_eq!(answer.code(), "BAD_USER_INPUT", "{field}");
        assert_eq!(answer.body["errors"][0]["extensions"]["field"], field);
    }
    let mut numbered = case_input(Value::Null, None);
    numbered["policeRegistrationNumber"] = json!("PL0300-2026000001");
    let answer = app.graphql(Some(&caseworker), CREATE, json!({ "input": numbered.clone() })).await;
    assert_eq!(answer.body["errors"][0]["extensions"]["field"], "policeRegistrationNumber");
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    // Numbers follow each other within the organisation and the year of reporting.
    let first = create(&app, &police, case_input(Value::Null, None)).await;
    let sequence =
        |case: &Value| -> u32 { case["caseNumber"].as_str().unwrap().rsplit('-').next().unwrap().parse().unwrap() };
    let police_case = create(&app, &police, numbered).await;
    assert!(police_case["caseNumber"].as_str().unwrap().contains("-2026-"), "{police_case}");
    assert_eq!(sequence(&police_case), sequence(&first) + 1, "{first} then {police_case}");
    let taxonomy = app
        .query(&caseworker, "{ taxonomy { version grounds { code legal parent } municipalities { code routedTo } } }")
        .await;
    let emmen = taxonomy.data()["taxonomy"]["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "GM0114")
        .unwrap()
        .clone();
    assert_eq!(emmen["routedTo"], MDE);
}

/// Every role of every demo organisation against an own shared case, an unshared case, and
/// every query and mutation on them.
async fn access_follows_the_visibility_table(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.login_demo(MDD, Role::Caseworker).await;
    let (shared, _) = shared_case(&app, &owner).await;
    let unshared = create(&app, &owner, case_input(identity("Aylin Kaya", "Noorderzon"), None)).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let drenthe_members = [MDD, MDE, POLICE, "OM Noord-Nederland", "Expertisecentrum Diversiteit Noord"];

    for org in &DEMO_ORGANISATIONS {
        for role in Role::for_kind(org.kind) {
            let token = app.login(&demo_email(org, role), DEMO_PASSWORD).await;
            let who = format!("{} {}", org.name, role.as_str());
            let is_owner = org.name == MDD && role == Role::Caseworker;
            let work_role = !matches!(role, Role::OrgAdmin | Role::PrivacyOfficer | Role::PolicyViewer);
            let partner = work_role && drenthe_members.contains(&org.name) && !is_owner;

            let view = |id: &str| app.graphql(Some(&token), VIEW, json!({ "id": id }));
            let shared_view = view(&shared).await;
            let unshared_view = view(&unshared).await;
            if is_owner {
                assert_eq!(shared_view.data()["case"]["__typename"], "OwnCase", "{who}");
                assert_eq!(unshared_view.data()["case"]["__typename"], "OwnCase", "{who}");
            } else if partner {
                assert_eq!(shared_view.data()["case"]["__typename"], "SharedCase", "{who}");
                assert_eq!(unshared_view.code(), "NOT_FOUND", "{who}");
            } else {
                assert_eq!(shared_view.code(), "NOT_FOUND", "{who}");
                assert_eq!(unshared_view.code(), "NOT_FOUND", "{who}");
            }

            let own_list = app.query(&token, "{ cases(first: 100) { edges { node { id } } } }").await;
            let case_worker = matches!(role, Role::Caseworker | Role::PoliceOfficer | Role::Intake | Role::Prosecutor);
            if case_worker {
                let ids: Vec<_> = own_list.data()["cases"]["edges"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["id"].clone())
                    .collect();
                assert_eq!(ids.contains(&json!(shared)), is_owner, "{who}");
            } else {
                assert_eq!(own_list.code(), "FORBIDDEN", "{who}");
            }
            let shared_list = app.query(&token, "{ sharedCases(first: 100) { edges { node { id } } } }").await;
            let listed = shared_list.data()["sharedCases"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["node"]["id"] == shared.as_str());
            assert_eq!(listed, work_role && drenthe_members.contains(&org.name), "{who}");

            for (mutation, variables) in [
                ("mutation($id: ID!) { updateCase(id: $id, input: { status: CLOSED }) { id } }", json!({ "id": shared })),
                ("mutation($id: ID!) { addCaseNote(caseId: $id, text: \"x\", shared: false) { id } }", json!({ "id": shared })),
                ("mutation($id: ID!) { recordConsent(caseId: $id, input: { scope: POLICE, method: VERBAL, givenOn: \"2026-03-20\" }) { id } }", json!({ "id": shared })),
            ] {
                let answer = app.graphql(Some(&token), mutation, variables).await;
                if is_owner {
                    assert!(answer.body.get("errors").is_none(), "{who}: {}", answer.body);
                } else {
                    assert_eq!(answer.code(), "NOT_FOUND", "{who}: {mutation}");
                }
            }
        }
    }
    // The municipality's policy viewer sees no case at all.
    let viewer = app.login_demo(ASSEN, Role::PolicyViewer).await;
    assert_eq!(app.graphql(Some(&viewer), VIEW, json!({ "id": shared })).await.code(), "NOT_FOUND");
}

async fn the_audit_trail_records_reads_and_names_tampering(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let (case, _) = shared_case(&app, &caseworker).await;
    let read = "query($id: ID!) { case(id: $id) { ... on OwnCase { identity { account } } } }";
    app.graphql(Some(&caseworker), read, json!({ "id": case })).await.data();
    let outsider = app.login_demo(COC, Role::Intake).await;
    assert_eq!(app.graphql(Some(&outsider), VIEW, json!({ "id": case })).await.code(), "NOT_FOUND");

    assert_eq!(app.try_login("caseworker@mdd.example", "wrong").await.code(), "UNAUTHENTICATED");
    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events =
        app.query(&privacy, "{ auditEvents(first: 200) { events { action objectId result requestId } } }").await;
    let events = events.data()["auditEvents"]["events"].as_array().unwrap().clone();
    let all: Vec<_> = events.iter().map(|e| (e["action"].as_str().unwrap(), e["result"].as_str().unwrap())).collect();
    assert!(all.contains(&("login", "ok")) && all.contains(&("login_failed", "denied")), "{all:?}");
    let actions: Vec<_> = events
        .iter()
        .filter(|e| e["objectId"] == case.as_str())
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for expected in ["case_created", "consent_given", "case_shared", "identity_read"] {
        assert!(actions.contains(&expected.to_string()), "{expected} in {actions:?}");
    }
    assert!(events.iter().all(|e| e["requestId"].is_string() || e["action"] != "identity_read"));
    // The refused attempt is in the owner's trail as well as the outsider's.
    assert!(events.iter().any(|e| e["action"] == "access_denied" && e["objectId"] == case.as_str()));
    assert_eq!(app.query(&caseworker, "{ auditEvents { events { seq } } }").await.code(), "FORBIDDEN");

    let operator = Operator::command_line();
    let report = app.services.verify_audit_trail(&operator).await.unwrap();
    assert!(report.first_break.is_none() && report.checked > 10, "{:?}", report.first_break);

    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
    let refused = sqlx::query("UPDATE audit_events SET action = 'login' WHERE seq = 5").execute(&mut conn).await;
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    assert!(sqlx::query("DELETE FROM audit_events WHERE seq = 5").execute(&mut conn).await.is_err());
    // Someone with the database owner's rights can drop the triggers; the chain still tells.
    match engine {
        Engine::Sqlite => {
            sqlx::query("DROP TRIGGER audit_events_no_update").execute(&mut conn).await.unwrap();
            sqlx::query("DROP TRIGGER audit_events_no_delete").execute(&mut conn).await.unwrap();
        }
        Engine::Postgres => {
            sqlx::query("ALTER TABLE audit_events DISABLE TRIGGER USER").execute(&mut conn).await.unwrap();
        }
    }
    sqlx::query("UPDATE audit_events SET result = 'denied' WHERE seq = 7").execute(&mut conn).await.unwrap();
    assert_eq!(app.services.verify_audit_trail(&operator).await.unwrap().first_break.unwrap().seq, 7);
    sqlx::query("UPDATE audit_events SET result = 'ok' WHERE seq = 7").execute(&mut conn).await.unwrap();
    assert!(app.services.verify_audit_trail(&operator).await.unwrap().first_break.is_none(), "restored");
    // Two events swapped in place: the first moved one is named.
    for step in [
        "UPDATE audit_events SET seq = -1 WHERE seq = 10",
        "UPDATE audit_events SET seq = 10 WHERE seq = 11",
        "UPDATE audit_events SET seq = 11 WHERE seq = -1",
    ] {
        sqlx::query(step).execute(&mut conn).await.unwrap();
    }
    assert_eq!(app.services.verify_audit_trail(&operator).await.unwrap().first_break.unwrap().seq, 10);
    sqlx::query("DELETE FROM audit_events WHERE seq = 9").execute(&mut conn).await.unwrap();
    assert_eq!(app.services.verify_audit_trail(&operator).await.unwrap().first_break.unwrap().seq, 9);
}

async fn identity_blocks_open_with_the_reference_age_tool(engine: Engine) {
    let Some(age) = crate::helpers::tool("age") else { return };
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let case = create(&app, &caseworker, case_input(identity("Aylin Kaya", "Noorderzon"), None)).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let operator = Operator::command_line();
    let org = app.services.find_organisation(&operator, MDD).await.unwrap();

    let decrypt = |identity: String| {
        let app = &app;
        let case = case.clone();
        let age = age.clone();
        async move {
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
            let sealed: Vec<u8> = sqlx::query_scalar("SELECT identity_ciphertext FROM cases WHERE id = $1")
                .bind(&case)
                .fetch_one(&mut conn)
                .await
                .unwrap();
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("key.txt"), identity).unwrap();
            std::fs::write(dir.path().join("identity.age"), &sealed).unwrap();
            let output = std::process::Command::new(age)
                .arg("-d")
                .arg("-i")
                .arg(dir.path().join("key.txt"))
                .arg(dir.path().join("identity.age"))
                .output()
                .unwrap();
            (output.status.success(), String::from_utf8_lossy(&output.stdout).to_string())
        }
    };
    let first_identity = app.services.export_organisation_identity(&operator, org.id).await.unwrap();
    let (ok, plaintext) = decrypt(first_identity.clone()).await;
    assert!(ok, "age -d failed");
    let block: Value = serde_json::from_str(&plaintext).unwrap();
    assert_eq!(block["reporter"]["name"], "Aylin Kaya");

    // After rotation the block opens with the new identity only, and the service still reads it.
    app.services.rotate_organisation_key(&operator, org.id).await.unwrap();
    let second_identity = app.services.export_organisation_identity(&operator, org.id).await.unwrap();
    assert_ne!(first_identity, second_identity);
    assert!(decrypt(second_identity).await.0);
    assert!(!decrypt(first_identity).await.0);
    let read = app
        .graphql(
            Some(&caseworker),
            "query($id: ID!) { case(id: $id) { ... on OwnCase { identity { reporter { name } } } } }",
            json!({ "id": case }),
        )
        .await;
    assert_eq!(read.data()["case"]["identity"]["reporter"]["name"], "Aylin Kaya");
}

/// Expertisecentrum Diversiteit Noord works for the police region Noord-Nederland: it sees
/// casework shared in a regional chain of Friesland without being a member; the police of
/// Drenthe do not.
async fn an_expertise_centre_sees_the_regional_chains_of_its_region(engine: Engine) {
    use ketenaanpak::domain::chain::ChainScopeKind;
    use ketenaanpak::domain::organisation::OrganisationKind;
    use ketenaanpak::domain::user::Language;
    use ketenaanpak::service::accounts::access::AdminScope;
    use ketenaanpak::service::accounts::users::{InitialPassword, NewUser};

    let app = spawn(engine).await;
    let operator = Operator::command_line();
    let services = &app.services;
    let kind = OrganisationKind::ReportingCentre;
    let tumba = services.create_organisation(&operator, kind, "Tûmba", "Friesland", &["GM0080".into()]).await.unwrap();
    services.create_chain(&operator, "Casuïstiekoverleg Friesland", ChainScopeKind::Region, "Friesland").await.unwrap();
    services.add_chain_member(&operator, "Casuïstiekoverleg Friesland", tumba.id).await.unwrap();
    let new = NewUser {
        email: "melding@tumba.example".into(),
        display_name: "Melding".into(),
        roles: vec![Role::Caseworker],
        language: Language::Nl,
        password: InitialPassword::Given("een heel lang wachtwoord".into()),
    };
    services.create_user(&AdminScope::by_operator(&operator, tumba.id), new).await.unwrap();
    let caseworker = app.login("melding@tumba.example", "een heel lang wachtwoord").await;
    let mut input = case_input(Value::Null, None);
    input["residenceMunicipality"] = json!("GM0080");
    let case = create(&app, &caseworker, input).await["id"].as_str().unwrap().to_string();
    let chain = chain_id(&app, &caseworker, "Casuïstiekoverleg Friesland").await;
    consent_to_share(&app, &caseworker, &case, &chain).await;
    share(&app, &caseworker, &case, &chain).await.data();

    let analyst = app.login_demo("Expertisecentrum Diversiteit Noord", Role::Analyst).await;
    let seen = app.graphql(Some(&analyst), VIEW, json!({ "id": case })).await;
    assert_eq!(seen.data()["case"]["__typename"], "SharedCase");
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    assert_eq!(app.graphql(Some(&police), VIEW, json!({ "id": case })).await.code(), "NOT_FOUND");
    let admin = app.login_demo("Expertisecentrum Diversiteit Noord", Role::OrgAdmin).await;
    assert_eq!(app.graphql(Some(&admin), VIEW, json!({ "id": case })).await.code(), "NOT_FOUND");
}

/// A landlord registered by three organisations under three spellings is one pseudonym;
/// partners in the chain see the pattern, an organisation outside it does not.
async fn one_counterparty_reported_by_three_organisations_is_one_pattern(engine: Engine) {
    let app = spawn(engine).await;
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let (drenthe, _) = app.chain(&police, crate::agendas::DRENTHE).await;
    let landlord = crate::agendas::own_pattern(&app, &drenthe).await;
    let shared = app
        .query(
            &police,
            "{ sharedCases(first: 100) { edges { node { publicId shares { counterpartyPseudonym } organisation { name } } } } }",
        )
        .await;
    let edges: Vec<Value> = shared.data()["sharedCases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| landlord.contains(e["node"]["publicId"].as_str().unwrap()))
        .cloned()
        .collect();
    assert_eq!(edges.len(), 3, "the test's three cases are shared in the chain");
    let mut pseudonyms: Vec<String> = edges
        .iter()
        .filter_map(|e| e["node"]["shares"][0]["counterpartyPseudonym"].as_str().map(str::to_string))
        .collect();
    pseudonyms.sort();
    pseudonyms.dedup();
    assert_eq!(pseudonyms.len(), 1, "three spellings of one landlord are one counterparty");
    let own_shown = edges.iter().any(|e| {
        e["node"]["organisation"]["name"] == POLICE && !e["node"]["shares"][0]["counterpartyPseudonym"].is_null()
    });
    assert!(!own_shown, "the police's own case is listed without its pseudonym");
    let pattern = "query($p: String!) { counterpartyPattern(pseudonym: $p) { reports organisations sharedCases { publicId organisation { name } } } }";
    let seen = app.graphql(Some(&police), pattern, json!({ "p": pseudonyms[0] })).await;
    let seen = &seen.data()["counterpartyPattern"];
    assert_eq!((seen["reports"].as_i64(), seen["organisations"].as_i64()), (Some(2), Some(2)));
    let listed: Vec<&str> =
        seen["sharedCases"].as_array().unwrap().iter().map(|c| c["publicId"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 2, "the partners' cases; the police's own is not counted");
    assert!(listed.iter().all(|id| landlord.contains(*id)), "{listed:?}");
    let coc = app.login_demo(COC, Role::Intake).await;
    let outside = app.graphql(Some(&coc), pattern, json!({ "p": pseudonyms[0] })).await;
    assert_eq!(outside.data()["counterpartyPattern"]["reports"], 0);
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    assert_eq!(app.graphql(Some(&admin), pattern, json!({ "p": pseudonyms[0] })).await.code(), "FORBIDDEN");
}

async fn updating_a_case_rechecks_and_reseals(engine: Engine) {
    let app = spawn(engine).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let created = create(&app, &caseworker, case_input(identity("Aylin Kaya", "Noorderzon"), None)).await;
    let case = created["id"].as_str().unwrap().to_string();
    let update = "mutation($id: ID!, $input: UpdateCaseInput!) { updateCase(id: $id, input: $input) { status sharedSummary counterpartyKind anonymous residenceMunicipality } }";
    let leak = app
        .graphql(Some(&caseworker), update, json!({ "id": case, "input": { "sharedSummary": "Aylin belde terug." } }))
        .await;
    assert_eq!(leak.code(), "BAD_USER_INPUT", "the summary is checked against the stored identity block");
    let changed = app
        .graphql(Some(&caseworker), update, json!({ "id": case, "input": { "status": "CLOSED", "residenceMunicipality": null, "identity": identity("Aylin Kaya", "Zuiderzon") } }))
        .await;
    let changed = &changed.data()["updateCase"];
    assert_eq!(changed["status"], "CLOSED");
    assert!(changed["residenceMunicipality"].is_null());
    let erased = app.graphql(Some(&caseworker), update, json!({ "id": case, "input": { "identity": null } })).await;
    assert_eq!(erased.data()["updateCase"]["anonymous"], true);
    assert!(erased.data()["updateCase"]["counterpartyKind"].is_null());
}

/// The police try an unshared case of the reporting centre: not found for them, and the
/// attempt stands in the centre's audit trail as well as in their own.
async fn a_refused_probe_is_in_the_owners_trail_too(engine: Engine) {
    let app = spawn(engine).await;
    let owner = app.login_demo(MDD, Role::Caseworker).await;
    let unshared = create(&app, &owner, case_input(Value::Null, None)).await["id"].clone();
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let probe =
        app.graphql(Some(&police), "query($id: ID!) { case(id: $id) { __typename } }", json!({ "id": unshared })).await;
    assert_eq!(probe.code(), "NOT_FOUND");
    let denied_in = |organisation: &'static str| {
        let app = &app;
        let unshared = unshared.clone();
        async move {
            let officer = app.login_demo(organisation, Role::PrivacyOfficer).await;
            let events = app.query(&officer, "{ auditEvents(first: 200) { events { action objectId result } } }").await;
            events.data()["auditEvents"]["events"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["action"] == "access_denied" && e["objectId"] == unshared)
                .count()
        }
    };
    assert_eq!((denied_in(MDD).await, denied_in(POLICE).await), (1, 1));
}
