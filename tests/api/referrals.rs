//! Referrals: the flow from COC to a reporting centre, every illegal step, the files as
//! standard age files both ways, damaged files, key rotation, and mail through a real SMTP
//! server.

use std::collections::BTreeSet;

use ketenaanpak::clock::Clock;
use ketenaanpak::domain::role::Role;
use ketenaanpak::service::accounts::access::Operator;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    mail_to, spawn, spawn_beside, spawn_with, spawn_without_mail_worker, tool, Engine, SmtpServer, TestApp, COC, MDD,
    MDE, POLICE,
};
use crate::on_both_engines;

on_both_engines!(
    a_referral_goes_from_coc_to_a_reporting_centre_and_back,
    illegal_steps_are_refused,
    a_case_is_referred_only_under_consent_to_refer_to_that_receiver,
    referral_files_are_standard_age_files_both_ways,
    damaged_files_are_refused_whole_and_audited,
    key_rotation_keeps_unopened_referrals_openable,
    mail_reaches_a_real_smtp_server_without_dossier_text,
    mail_queued_before_a_crash_is_delivered_once_after_restart,
    unopened_referrals_are_escalated_once_after_three_working_days,
    an_organisation_with_an_offline_key_gets_the_age_files,
);

const REPORTER: &str = "Sanne Bakker";
const SUMMARY: &str = "Jonge vrouw werd na een zoen uitgescholden in een café; wil een melding doen.";

pub fn intake(receiver: &str) -> Value {
    json!({
        "receiverId": receiver,
        "urgency": "URGENT",
        "summary": SUMMARY,
        "intake": {
            "grounds": ["sexual_orientation"], "domain": "nightlife", "manifestations": ["remarks"],
            "channel": "walk_in", "handling": "referral", "residenceMunicipality": "GM0106",
            "incidentDate": "2026-11-01", "reportedOn": "2026-11-02",
            "identity": { "reporter": { "name": REPORTER, "phone": "06-24681357" }, "account": "Het verhaal van de melder." },
            "consentMethod": "WRITTEN", "consentGivenOn": "2026-11-02",
        },
    })
}

pub async fn org_id(app: &TestApp, token: &str, name: &str) -> String {
    let orgs = app.query(token, "{ organisations { edges { node { id name } } } }").await;
    let edges = orgs.data()["organisations"]["edges"].as_array().unwrap().clone();
    edges.iter().find(|e| e["node"]["name"] == name).unwrap()["node"]["id"].as_str().unwrap().to_string()
}

pub async fn create(app: &TestApp, token: &str, input: Value) -> String {
    let create = "mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status } }";
    let answer = app.graphql(Some(token), create, json!({ "input": input })).await;
    assert_eq!(answer.data()["createReferral"]["status"], "DRAFT");
    answer.data()["createReferral"]["id"].as_str().unwrap().to_string()
}

pub async fn step(app: &TestApp, token: &str, mutation: &str, id: &str) -> crate::helpers::Answer {
    let selection = match mutation {
        "openReferral" | "acceptReferral" => "referral { status }",
        _ => "status",
    };
    let document = format!("mutation($id: ID!) {{ {mutation}(id: $id) {{ {selection} }} }}");
    app.graphql(Some(token), &document, json!({ "id": id })).await
}

async fn upload(app: &TestApp, token: &str, id: &str, name: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/referrals/{id}/attachments")))
        .bearer_auth(token)
        .header("content-type", "image/png")
        .header("x-file-name", name)
        .body(body)
        .send()
        .await
        .unwrap()
}

const OPEN: &str = "mutation($id: ID!) { openReferral(id: $id) { referral { status sender { name } } dossier { grounds reportedOn sharedSummary identity { reporter { name } } consents { scope } } dossierSealedUrl attachments { id name contentType sizeBytes url sealedUrl } } }";

/// A sent referral from COC Noord to Meldpunt Discriminatie Drenthe with one attachment:
/// (referral id, COC token, MDD token, attachment bytes).
async fn sent_referral(app: &TestApp) -> (String, String, String, Vec<u8>) {
    let coc = app.login_demo(COC, Role::Intake).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let receiver = org_id(app, &coc, MDD).await;
    let id = create(app, &coc, intake(&receiver)).await;
    let screenshot: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let uploaded = upload(app, &coc, &id, "schermafbeelding%20chat.png", screenshot.clone()).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    assert_eq!(step(app, &coc, "submitReferral", &id).await.data()["submitReferral"]["status"], "SENT");
    (id, coc, mdd, screenshot)
}

async fn a_referral_goes_from_coc_to_a_reporting_centre_and_back(engine: Engine) {
    let app = spawn(engine).await;
    let (id, coc, mdd, screenshot) = sent_referral(&app).await;

    let inbox = app
        .query(&mdd, "{ referrals(box: INBOX) { edges { node { id status urgency summary sender { name } } } } }")
        .await;
    let listed = inbox.data()["referrals"]["edges"][0]["node"].clone();
    assert_eq!(
        (listed["id"].as_str(), listed["status"].as_str(), listed["urgency"].as_str()),
        (Some(id.as_str()), Some("SENT"), Some("URGENT"))
    );
    assert_eq!(listed["sender"]["name"], COC);
    assert!(!inbox.body.to_string().contains(REPORTER), "the inbox shows no dossier");

    let opened = app.graphql(Some(&mdd), OPEN, json!({ "id": id })).await;
    let opened = &opened.data()["openReferral"];
    assert_eq!(opened["referral"]["status"], "OPENED");
    assert_eq!(opened["dossier"]["identity"]["reporter"]["name"], REPORTER);
    assert_eq!(opened["dossier"]["grounds"], json!(["sexual_orientation"]));
    let attachment = &opened["attachments"][0];
    assert_eq!(
        (attachment["name"].as_str(), attachment["contentType"].as_str()),
        (Some("schermafbeelding chat.png"), Some("image/png"))
    );
    let downloaded =
        app.client.get(app.url(attachment["url"].as_str().unwrap())).bearer_auth(&mdd).send().await.unwrap();
    assert_eq!(downloaded.status(), StatusCode::OK);
    assert_eq!(downloaded.bytes().await.unwrap().to_vec(), screenshot);
    // The sender cannot read what it handed over through the receiver's door.
    let as_sender =
        app.client.get(app.url(attachment["url"].as_str().unwrap())).bearer_auth(&coc).send().await.unwrap();
    assert_eq!(as_sender.status(), StatusCode::FORBIDDEN);

    let accepted = app.graphql(Some(&mdd), "mutation($id: ID!) { acceptReferral(id: $id) { referral { status } case { caseNumber grounds identity { reporter { name } } consents { scope } } } }", json!({ "id": id })).await;
    let case = &accepted.data()["acceptReferral"]["case"];
    assert!(case["caseNumber"].as_str().unwrap().starts_with("MDD-2026-"));
    assert_eq!(case["identity"]["reporter"]["name"], REPORTER);
    assert_eq!(accepted.data()["acceptReferral"]["referral"]["status"], "ACCEPTED");

    let outbox = app.query(&coc, "{ referrals(box: OUTBOX) { edges { node { id status decidedAt } } } }").await;
    assert_eq!(outbox.data()["referrals"]["edges"][0]["node"]["status"], "ACCEPTED");
    assert!(!outbox.body.to_string().contains("MDD-2026"), "the sender never sees the receiver's case");

    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&privacy, "{ auditEvents(first: 200) { events { action objectId } } }").await;
    let actions: Vec<_> = events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["objectId"] == id.as_str())
        .map(|e| e["action"].clone())
        .collect();
    for expected in ["referral_opened", "referral_file_read", "referral_accepted"] {
        assert!(actions.contains(&json!(expected)), "{expected} in {actions:?}");
    }
}

async fn illegal_steps_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let coc = app.login_demo(COC, Role::Intake).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let receiver = org_id(&app, &coc, MDD).await;

    // A draft is the sender's alone.
    let draft = create(&app, &coc, intake(&receiver)).await;
    assert_eq!(step(&app, &mdd, "openReferral", &draft).await.code(), "NOT_FOUND");
    assert_eq!(step(&app, &coc, "submitReferral", &draft).await.data()["submitReferral"]["status"], "SENT");
    assert_eq!(step(&app, &coc, "submitReferral", &draft).await.code(), "CONFLICT", "submit twice");
    assert_eq!(upload(&app, &coc, &draft, "late.png", vec![1, 2, 3]).await.status(), StatusCode::CONFLICT);

    assert_eq!(step(&app, &mdd, "acceptReferral", &draft).await.code(), "CONFLICT", "accept before opening");
    assert_eq!(step(&app, &coc, "declineReferral", &draft).await.code(), "BAD_USER_INPUT", "decline needs a reason");
    let decline =
        "mutation($id: ID!, $reason: String!) { declineReferral(id: $id, reason: $reason) { status declineReason } }";
    let by_sender = app.graphql(Some(&coc), decline, json!({ "id": draft, "reason": "x" })).await;
    assert_eq!(by_sender.code(), "FORBIDDEN", "decline by the sender");
    assert_eq!(step(&app, &police, "openReferral", &draft).await.code(), "NOT_FOUND", "a third organisation");
    assert_eq!(step(&app, &coc, "openReferral", &draft).await.code(), "FORBIDDEN", "open by the sender");

    step(&app, &mdd, "openReferral", &draft).await.data();
    assert_eq!(step(&app, &coc, "withdrawReferral", &draft).await.code(), "CONFLICT", "withdraw after opening");
    step(&app, &mdd, "acceptReferral", &draft).await.data();
    assert_eq!(step(&app, &mdd, "acceptReferral", &draft).await.code(), "CONFLICT", "accept twice");
    let late = app.graphql(Some(&mdd), decline, json!({ "id": draft, "reason": "te laat" })).await;
    assert_eq!(late.code(), "CONFLICT", "decline after accepting");

    // Withdrawn before opening: the receiver cannot open it any more, and its files are gone.
    let second = create(&app, &coc, intake(&receiver)).await;
    step(&app, &coc, "submitReferral", &second).await.data();
    assert_eq!(step(&app, &coc, "withdrawReferral", &second).await.data()["withdrawReferral"]["status"], "WITHDRAWN");
    assert_eq!(step(&app, &mdd, "openReferral", &second).await.code(), "CONFLICT", "open after withdraw");
    assert!(!app.data_dir.join("referrals").join(&second).exists());

    // Declined with a reason the sender sees; the reason is checked like shared text.
    let third = create(&app, &coc, intake(&receiver)).await;
    step(&app, &coc, "submitReferral", &third).await.data();
    let leaky = app.graphql(Some(&mdd), decline, json!({ "id": third, "reason": "Bel 06-12345678" })).await;
    assert_eq!(leaky.code(), "BAD_USER_INPUT");
    let reason = "Inwoner van Emmen: Meldpunt Discriminatie Emmen is verantwoordelijk.";
    app.graphql(Some(&mdd), decline, json!({ "id": third, "reason": reason })).await.data();
    let seen = app
        .graphql(Some(&coc), "query($id: ID!) { referral(id: $id) { status declineReason } }", json!({ "id": third }))
        .await;
    assert_eq!(seen.data()["referral"]["declineReason"], reason);
}

async fn a_case_is_referred_only_under_consent_to_refer_to_that_receiver(engine: Engine) {
    let app = spawn(engine).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let emmen = org_id(&app, &mdd, MDE).await;
    let police = org_id(&app, &mdd, POLICE).await;
    let case = crate::cases::create(
        &app,
        &mdd,
        crate::cases::case_input(crate::cases::identity("Sanne de Vries", "Noorderzon"), None),
    )
    .await["id"]
        .clone();
    let from_case = |receiver: &str| json!({ "receiverId": receiver, "caseId": case, "summary": "Inwoner van Emmen." });
    let create_mutation = "mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }";
    let refused = app.graphql(Some(&mdd), create_mutation, json!({ "input": from_case(&emmen) })).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    // Another organisation's case cannot be referred: not found (and audited, without a hang).
    let police_token = app.login_demo(POLICE, Role::PoliceOfficer).await;
    let theirs = app.graphql(Some(&police_token), create_mutation, json!({ "input": from_case(&emmen) })).await;
    assert_eq!(theirs.code(), "NOT_FOUND");
    let consent = "mutation($case: ID!, $org: ID!) { recordConsent(caseId: $case, input: { scope: REFER, organisationId: $org, method: VERBAL, givenOn: \"2026-11-01\" }) { id } }";
    app.graphql(Some(&mdd), consent, json!({ "case": case, "org": emmen })).await.data();
    let to_police = app.graphql(Some(&mdd), create_mutation, json!({ "input": from_case(&police) })).await;
    assert_eq!(to_police.code(), "BAD_USER_INPUT", "the consent names another organisation");
    let id = create(&app, &mdd, from_case(&emmen)).await;
    step(&app, &mdd, "submitReferral", &id).await.data();
    let mde = app.login_demo(MDE, Role::Caseworker).await;
    let opened = app.graphql(Some(&mde), OPEN, json!({ "id": id })).await;
    let consents = opened.data()["openReferral"]["dossier"]["consents"].as_array().unwrap().clone();
    assert!(consents.iter().any(|c| c["scope"] == "REFER") && consents.iter().any(|c| c["scope"] == "REGISTER"));
    let suggested = app.query(&mdd, "{ suggestedReceiver(municipality: \"GM0114\") { name } }").await;
    assert_eq!(suggested.data()["suggestedReceiver"]["name"], MDE);
}

async fn referral_files_are_standard_age_files_both_ways(engine: Engine) {
    let Some(age) = tool("age") else { return };
    let app = spawn(engine).await;
    let operator = Operator::command_line();
    let mdd_org = app.services.find_organisation(&operator, MDD).await.unwrap();
    let (id, coc, mdd, screenshot) = sent_referral(&app).await;
    let opened = app.graphql(Some(&mdd), OPEN, json!({ "id": id })).await;
    let opened = opened.data()["openReferral"].clone();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("mdd.key");
    std::fs::write(&key, app.services.export_organisation_identity(&operator, mdd_org.id).await.unwrap()).unwrap();

    // What the service wrote opens with the reference tool and with `ketenaanpak referral open`.
    let sealed = |url: &str| {
        let (app, mdd) = (&app, mdd.clone());
        let url = url.to_string();
        async move { app.client.get(app.url(&url)).bearer_auth(&mdd).send().await.unwrap().bytes().await.unwrap().to_vec() }
    };
    let dossier_file = dir.path().join("dossier.age");
    std::fs::write(&dossier_file, sealed(opened["dossierSealedUrl"].as_str().unwrap()).await).unwrap();
    let by_age = std::process::Command::new(&age).arg("-d").arg("-i").arg(&key).arg(&dossier_file).output().unwrap();
    assert!(by_age.status.success());
    let dossier: Value = serde_json::from_slice(&by_age.stdout).unwrap();
    assert_eq!(dossier["identity"]["reporter"]["name"], REPORTER);
    let by_cli = std::process::Command::new(env!("CARGO_BIN_EXE_ketenaanpak"))
        .args(["referral", "open"])
        .arg(&dossier_file)
        .arg("--identity")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(by_cli.stdout, by_age.stdout);
    let attachment_file = dir.path().join("attachment.age");
    std::fs::write(&attachment_file, sealed(opened["attachments"][0]["sealedUrl"].as_str().unwrap()).await).unwrap();
    let attachment =
        std::process::Command::new(&age).arg("-d").arg("-i").arg(&key).arg(&attachment_file).output().unwrap();
    assert_eq!(attachment.stdout, screenshot);

    // A dossier the sender sealed itself with `age -r` arrives intact; the service never saw it.
    let recipient = app.services.organisation_recipient(&operator, mdd_org.id).await.unwrap();
    let own = dir.path().join("own.json");
    std::fs::write(&own, b"{\"eigen\": \"dossier van COC, buiten Ketenaanpak versleuteld\"}").unwrap();
    let encrypted = std::process::Command::new(&age).arg("-r").arg(&recipient).arg(&own).output().unwrap();
    assert!(encrypted.status.success());
    let mut input = intake(&org_id(&app, &coc, MDD).await);
    input["clientEncrypted"] = json!(true);
    let second = create(&app, &coc, input).await;
    assert_eq!(step(&app, &coc, "submitReferral", &second).await.code(), "BAD_USER_INPUT", "no dossier yet");
    let not_age = app
        .client
        .put(app.url(&format!("/referrals/{second}/dossier")))
        .bearer_auth(&coc)
        .body("plain text")
        .send()
        .await
        .unwrap();
    assert_eq!(not_age.status(), StatusCode::BAD_REQUEST);
    let put = app
        .client
        .put(app.url(&format!("/referrals/{second}/dossier")))
        .bearer_auth(&coc)
        .body(encrypted.stdout.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    step(&app, &coc, "submitReferral", &second).await.data();
    let opened = app.graphql(Some(&mdd), OPEN, json!({ "id": second })).await;
    assert!(opened.data()["openReferral"]["dossier"].is_null(), "not in the service's format");
    let arrived = sealed(opened.data()["openReferral"]["dossierSealedUrl"].as_str().unwrap()).await;
    assert_eq!(arrived, encrypted.stdout, "byte for byte");
    let decrypted = std::process::Command::new(&age).arg("-d").arg("-i").arg(&key).output_with(&arrived);
    assert_eq!(decrypted, std::fs::read(&own).unwrap());
}

async fn damaged_files_are_refused_whole_and_audited(engine: Engine) {
    let app = spawn(engine).await;
    let (id, _coc, mdd, _) = sent_referral(&app).await;
    let opened = app.graphql(Some(&mdd), OPEN, json!({ "id": id })).await;
    let attachment_id = opened.data()["openReferral"]["attachments"][0]["id"].as_str().unwrap().to_string();
    let path = app.data_dir.join("referrals").join(&id).join(format!("{attachment_id}.age"));

    // One flipped byte in the middle of the attachment: nothing of it is sent.
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    let url = format!("/referrals/{id}/files/{attachment_id}");
    let refused = app.client.get(app.url(&url)).bearer_auth(&mdd).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "DATA_DAMAGED");

    // A truncated dossier: opening is refused, and the attempt is in the audit trail.
    let dossier = std::fs::read_dir(app.data_dir.join("referrals").join(&id))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p != &path)
        .unwrap();
    let whole = std::fs::read(&dossier).unwrap();
    std::fs::write(&dossier, &whole[..whole.len() - 20]).unwrap();
    let answer = app.graphql(Some(&mdd), OPEN, json!({ "id": id })).await;
    assert_eq!(answer.code(), "DATA_DAMAGED");
    assert!(answer.body["data"].is_null());
    let privacy = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&privacy, "{ auditEvents(first: 100) { events { action result objectId } } }").await;
    let failed = events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "referral_opened" && e["result"] == "failed" && e["objectId"] == id.as_str());
    assert!(failed);
}

async fn key_rotation_keeps_unopened_referrals_openable(engine: Engine) {
    let app = spawn(engine).await;
    let (id, _coc, mdd, screenshot) = sent_referral(&app).await;
    let operator = Operator::command_line();
    let org = app.services.find_organisation(&operator, MDD).await.unwrap();
    app.services.rotate_organisation_key(&operator, org.id).await.unwrap();
    let opened = app.graphql(Some(&mdd), OPEN, json!({ "id": id })).await;
    assert_eq!(opened.data()["openReferral"]["dossier"]["identity"]["reporter"]["name"], REPORTER);
    let url = opened.data()["openReferral"]["attachments"][0]["url"].as_str().unwrap().to_string();
    let downloaded = app.client.get(app.url(&url)).bearer_auth(&mdd).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(downloaded.to_vec(), screenshot);
}

async fn mail_reaches_a_real_smtp_server_without_dossier_text(engine: Engine) {
    let Some(smtp) = SmtpServer::start().await else { return };
    let app = spawn_with(engine, |c| smtp.configure(c)).await;
    // A second case worker at the receiver, who reads English.
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let english = json!({ "email": "caseworker.en@mdd.example", "displayName": "Case worker", "roles": ["CASEWORKER"], "language": "EN" });
    app.graphql(
        Some(&admin),
        "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }",
        json!({ "input": english }),
    )
    .await
    .data();
    let (id, _coc, mdd, _) = sent_referral(&app).await;
    // Every case worker there hears of it (the demo's referrals have mail of their own).
    let workers = app.people_with_roles(MDD, &TestApp::CASE_WORK).await;
    assert!(workers.len() >= 2 && workers.contains("caseworker.en@mdd.example"), "{workers:?}");
    let link = format!("/referrals/{id}");
    let about_it = |m: &str| m.contains(&link);
    let received = smtp.wait_for_matching(about_it, workers.len()).await;
    assert_eq!(received.iter().map(|m| mail_to(m)).collect::<BTreeSet<_>>(), workers);
    let in_english =
        received.iter().find(|m| mail_to(m) == "caseworker.en@mdd.example").expect("mail to the English reader");
    assert!(in_english.contains("Subject: A referral is waiting for you (urgent)"), "{in_english}");
    let message = received.iter().find(|m| mail_to(m) == "caseworker@mdd.example").expect("mail to the Dutch reader");
    assert!(message.contains("Subject: Er wacht een doorverwijzing op u (spoed)"), "Dutch for a Dutch user: {message}");
    for secret in [REPORTER, "Sanne", "06-24681357", "zoen", "uitgescholden", "sexual_orientation", "seksuele"] {
        assert!(!message.contains(secret), "the mail holds {secret}");
    }
    // The outcome goes back to the sender, in the sender's language.
    let accept = step(&app, &mdd, "openReferral", &id).await;
    accept.data();
    step(&app, &mdd, "acceptReferral", &id).await.data();
    let received = smtp.wait_for_matching(about_it, workers.len() + 1).await;
    let outcome = received.iter().find(|m| m.contains("To: intake@coc-noord.example")).expect("mail to the sender");
    assert!(outcome.contains("geaccepteerd") && !outcome.contains("MDD-2026"));
}

async fn mail_queued_before_a_crash_is_delivered_once_after_restart(engine: Engine) {
    let Some(smtp) = SmtpServer::start().await else { return };
    // The first instance commits the referral and its mail, and dies before delivering.
    let first = spawn_without_mail_worker(engine, |c| smtp.configure(c)).await;
    let pending = |app: &TestApp| {
        let store = app.services.store().clone();
        async move { ketenaanpak::store::outbox::pending(&mut store.read().await.unwrap()).await.unwrap() }
    };
    let before = pending(&first).await;
    let (id, ..) = sent_referral(&first).await;
    let workers = first.people_with_roles(MDD, &TestApp::CASE_WORK).await;
    assert_eq!(pending(&first).await, before + workers.len() as i64);
    assert!(smtp.messages().is_empty());
    // A new instance on the same database delivers it (and the demo's mail before it), once.
    let second = spawn_beside(&first, |c| smtp.configure(c), true).await;
    let link = format!("/referrals/{id}");
    assert_eq!(smtp.wait_for_matching(|m| m.contains(&link), workers.len()).await.len(), workers.len());
    let all = smtp.wait_for(before as usize + workers.len()).await.len();
    let worker =
        ketenaanpak::server::mail_worker(&smtp_config(&smtp, &second), &second.services, second.clock.clone()).unwrap();
    assert_eq!(worker.deliver_due().await.unwrap().sent, 0, "nothing left to send");
    assert_eq!(smtp.messages().len(), all);
    assert_eq!(all, before as usize + workers.len(), "each mail once");
}

fn smtp_config(smtp: &SmtpServer, app: &TestApp) -> ketenaanpak::config::Config {
    let mut config = ketenaanpak::config::Config::defaults();
    config.data.dir = app.data_dir.clone();
    smtp.configure(&mut config);
    config
}

trait OutputWith {
    fn output_with(&mut self, input: &[u8]) -> Vec<u8>;
}

impl OutputWith for std::process::Command {
    /// Runs with `input` on standard input; standard output.
    fn output_with(&mut self, input: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut child = self.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        output.stdout
    }
}

/// The receiver takes on what already waits in its inbox (the demo's referral), so only the
/// test's own referral waits.
pub async fn take_on_waiting(app: &TestApp) {
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let inbox = "{ referrals(box: INBOX, status: SENT, first: 50) { edges { node { id } } } }";
    let waiting = app.query(&mdd, inbox).await;
    for edge in waiting.data()["referrals"]["edges"].as_array().unwrap() {
        let id = edge["node"]["id"].as_str().unwrap();
        step(app, &mdd, "openReferral", id).await.data();
        step(app, &mdd, "acceptReferral", id).await.data();
    }
}

async fn escalation_mails(app: &TestApp) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
    sqlx::query_scalar("SELECT recipient FROM mail_outbox WHERE template = 'referral_escalated' ORDER BY recipient")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

async fn unopened_referrals_are_escalated_once_after_three_working_days(engine: Engine) {
    use ketenaanpak::domain::calendar::working_days_between;
    use ketenaanpak::jobs::{run, Job, RunOutcome};
    let app = spawn(engine).await;
    take_on_waiting(&app).await;
    let sent_at = app.clock.now();
    sent_referral(&app).await;
    assert_eq!(
        run(&app.services, Job::EscalateReferrals).await.unwrap(),
        RunOutcome::Ran("0 referrals escalated".into())
    );
    assert_eq!(run(&app.services, Job::EscalateReferrals).await.unwrap(), RunOutcome::AlreadyRan, "the same slot");
    let mut escalated_on = None;
    for day in 1..=8 {
        app.clock.advance(chrono::Duration::days(1));
        let outcome = run(&app.services, Job::EscalateReferrals).await.unwrap();
        let due = working_days_between(sent_at, app.clock.now()) >= 3;
        match (due, escalated_on) {
            (true, None) => {
                assert_eq!(outcome, RunOutcome::Ran("1 referrals escalated".into()), "day {day}");
                escalated_on = Some(day);
            }
            _ => assert_eq!(outcome, RunOutcome::Ran("0 referrals escalated".into()), "day {day}"),
        }
    }
    // Three working days in Amsterdam: three to six calendar days, by the weekday (and, near
    // midnight, the hour) the test starts on.
    assert!(escalated_on.is_some_and(|day| (3..=6).contains(&day)), "{escalated_on:?}");
    // The receiver's admin and the sender, once each.
    assert_eq!(escalation_mails(&app).await, ["intake@coc-noord.example", "org_admin@mdd.example"]);
}

/// An organisation that keeps its identity offline receives the age files and opens them with
/// `ketenaanpak referral open`; the service never holds what opens them.
async fn an_organisation_with_an_offline_key_gets_the_age_files(engine: Engine) {
    let app = spawn(engine).await;
    let operator = Operator::command_line();
    let emmen = app.services.find_organisation(&operator, MDE).await.unwrap();
    let identity = age::x25519::Identity::generate();
    app.services.set_offline_recipient(&operator, emmen.id, &identity.to_public().to_string()).await.unwrap();
    assert!(app.services.export_organisation_identity(&operator, emmen.id).await.is_err(), "nothing to export");

    let coc = app.login_demo(COC, Role::Intake).await;
    let receiver = org_id(&app, &coc, MDE).await;
    let id = create(&app, &coc, intake(&receiver)).await;
    upload(&app, &coc, &id, "foto.png", vec![7u8; 1000]).await;
    step(&app, &coc, "submitReferral", &id).await.data();
    let mde = app.login_demo(MDE, Role::Caseworker).await;
    let opened = app.graphql(Some(&mde), OPEN, json!({ "id": id })).await;
    let opened = opened.data()["openReferral"].clone();
    assert!(opened["dossier"].is_null());
    assert_eq!(opened["referral"]["status"], "OPENED");
    assert_eq!(opened["attachments"][0]["name"], "versleuteld / encrypted");

    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("mde.key");
    std::fs::write(&key, age::secrecy::ExposeSecret::expose_secret(&identity.to_string())).unwrap();
    let sealed =
        app.client.get(app.url(opened["dossierSealedUrl"].as_str().unwrap())).bearer_auth(&mde).send().await.unwrap();
    let file = dir.path().join("dossier.age");
    std::fs::write(&file, sealed.bytes().await.unwrap()).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ketenaanpak"))
        .args(["referral", "open"])
        .arg(&file)
        .arg("--identity")
        .arg(&key)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let dossier: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(dossier["identity"]["reporter"]["name"], REPORTER);
    // The service cannot make a case of what it cannot read.
    assert_eq!(step(&app, &mde, "acceptReferral", &id).await.code(), "BAD_USER_INPUT");
}
