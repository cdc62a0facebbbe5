//! A referral rests on the reporter's consent to refer: withdrawn, the referrals not yet
//! accepted end (files deleted, the receiver told) and opening, downloading and accepting ask
//! again; an accepted one stays the receiver's, which is told. Fetching the sealed dossier
//! opens the referral; a file cannot land on a referral that was sent while it uploaded.

use ketenaanpak::domain::role::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn, Engine, TestApp, COC, MDD, MDE};
use crate::on_both_engines;
use crate::referrals::{create, intake, org_id, step};

on_both_engines!(
    withdrawing_the_consent_to_refer_ends_the_referral,
    fetching_the_sealed_dossier_opens_the_referral,
    a_file_cannot_land_after_the_referral_was_sent
);

const REFER: &str = "mutation($case: ID!, $org: ID!) { recordConsent(caseId: $case, input: { scope: REFER, organisationId: $org, method: VERBAL, givenOn: \"2026-11-01\" }) { id } }";
const WITHDRAW: &str =
    "mutation($case: ID!, $id: ID!) { withdrawConsent(caseId: $case, consentId: $id) { withdrawnAt } }";
const STATUS: &str = "query($id: ID!) { referral(id: $id) { status summary } }";

/// The ids of a referral's stored files, of one kind.
async fn file_ids(app: &TestApp, referral: &str, kind: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
    sqlx::query_scalar("SELECT id FROM referral_files WHERE referral_id = $1 AND kind = $2")
        .bind(referral)
        .bind(kind)
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

/// Two referrals of one MDD case to Meldpunt Discriminatie Emmen under one consent: one sent
/// and opened, one accepted. Returns (case, consent, opened referral, accepted referral).
async fn referred_twice(app: &TestApp, mdd: &str, mde: &str) -> (Value, String, String, String) {
    let emmen = org_id(app, mdd, MDE).await;
    let case = crate::cases::create(
        app,
        mdd,
        crate::cases::case_input(crate::cases::identity("Sanne de Vries", "Noorderzon"), None),
    )
    .await["id"]
        .clone();
    let consent = app.graphql(Some(mdd), REFER, json!({ "case": case, "org": emmen })).await;
    let consent = consent.data()["recordConsent"]["id"].as_str().unwrap().to_string();
    let input = json!({ "receiverId": emmen, "caseId": case, "summary": "Inwoner van Emmen." });
    let (opened, accepted) = (create(app, mdd, input.clone()).await, create(app, mdd, input).await);
    for id in [&opened, &accepted] {
        step(app, mdd, "submitReferral", id).await.data();
        step(app, mde, "openReferral", id).await.data();
    }
    step(app, mde, "acceptReferral", &accepted).await.data();
    (case, consent, opened, accepted)
}

async fn withdrawing_the_consent_to_refer_ends_the_referral(engine: Engine) {
    let app = spawn(engine).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let mde = app.login_demo(MDE, Role::Caseworker).await;
    let (case, consent, opened, accepted) = referred_twice(&app, &mdd, &mde).await;
    let files_before = std::fs::read_dir(app.data_dir.join("referrals").join(&opened)).map(|d| d.count()).unwrap_or(0);
    assert!(files_before > 0, "the opened referral has its dossier on disk");

    app.graphql(Some(&mdd), WITHDRAW, json!({ "case": case, "id": consent })).await.data();
    for mutation in ["openReferral", "acceptReferral", "declineReferral"] {
        let answer = match mutation {
            "declineReferral" => {
                app.graphql(
                    Some(&mde),
                    "mutation($id: ID!) { declineReferral(id: $id, reason: \"x\") { status } }",
                    json!({ "id": opened }),
                )
                .await
            }
            _ => step(&app, &mde, mutation, &opened).await,
        };
        assert_eq!(answer.code(), "NOT_FOUND", "{mutation} after the withdrawal: {}", answer.body);
    }
    for token in [&mde, &mdd] {
        let seen = app.graphql(Some(token), STATUS, json!({ "id": opened })).await;
        assert_eq!(
            seen.data()["referral"],
            json!({ "status": "WITHDRAWN", "summary": null }),
            "the summary is forgotten"
        );
    }
    assert!(!app.data_dir.join("referrals").join(&opened).exists(), "the files are deleted");
    // The accepted referral is the receiver's: it stays, and the receiver is told of both.
    let kept = app.graphql(Some(&mdd), STATUS, json!({ "id": accepted })).await;
    assert_eq!(kept.data()["referral"]["status"], "ACCEPTED");
    assert!(kept.data()["referral"]["summary"].is_string());
    let workers = app.people_with_roles(MDE, &crate::helpers::TestApp::CASE_WORK).await;
    let twice: Vec<String> = workers.iter().flat_map(|w| [w.clone(), w.clone()]).collect();
    assert!(workers.contains("caseworker@mde.example"), "{workers:?}");
    assert_eq!(app.outbox("referral_consent_withdrawn").await, twice);
}

async fn fetching_the_sealed_dossier_opens_the_referral(engine: Engine) {
    let app = spawn(engine).await;
    let coc = app.login_demo(COC, Role::Intake).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let receiver = org_id(&app, &coc, MDD).await;
    let id = create(&app, &coc, intake(&receiver)).await;
    step(&app, &coc, "submitReferral", &id).await.data();
    assert_eq!(app.graphql(Some(&mdd), STATUS, json!({ "id": id })).await.data()["referral"]["status"], "SENT");
    let dossier = file_ids(&app, &id, "dossier").await.remove(0);
    let url = format!("/referrals/{id}/files/{dossier}/sealed");
    let sealed = app.client.get(app.url(&url)).bearer_auth(&mdd).send().await.unwrap();
    assert_eq!(sealed.status(), StatusCode::OK);
    assert!(sealed.bytes().await.unwrap().starts_with(b"age-encryption.org/v1"));
    let after = app.graphql(Some(&mdd), STATUS, json!({ "id": id })).await;
    assert_eq!(after.data()["referral"]["status"], "OPENED", "holding the dossier is opening it");
    assert_eq!(
        step(&app, &coc, "withdrawReferral", &id).await.code(),
        "CONFLICT",
        "the sender can no longer take it back"
    );
}

/// The attachment's body is still streaming when the referral is sent: the file is refused.
async fn a_file_cannot_land_after_the_referral_was_sent(engine: Engine) {
    let app = spawn(engine).await;
    let coc = app.login_demo(COC, Role::Intake).await;
    let receiver = org_id(&app, &coc, MDD).await;
    let id = create(&app, &coc, intake(&receiver)).await;
    let (chunks, received) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let body = futures_util::stream::unfold(received, |mut rx| async move { rx.recv().await.map(|chunk| (chunk, rx)) });
    let upload = app
        .client
        .post(app.url(&format!("/referrals/{id}/attachments")))
        .bearer_auth(&coc)
        .header("content-type", "image/png")
        .header("x-file-name", "foto.png")
        .body(reqwest::Body::wrap_stream(body))
        .send();
    let upload = tokio::spawn(upload);
    chunks.send(Ok(vec![1u8; 64 * 1024])).await.unwrap();
    // The service is sealing the upload once its pending file exists.
    let pending = app.data_dir.join("referrals").join(&id);
    for _ in 0..500 {
        if std::fs::read_dir(&pending).is_ok_and(|mut d| d.next().is_some()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(std::fs::read_dir(&pending).is_ok_and(|mut d| d.next().is_some()), "the upload started");
    assert_eq!(step(&app, &coc, "submitReferral", &id).await.data()["submitReferral"]["status"], "SENT");
    let _ = chunks.send(Ok(vec![2u8; 64 * 1024])).await;
    drop(chunks);
    let answer = upload.await.unwrap().unwrap();
    assert_eq!(answer.status(), StatusCode::CONFLICT, "{}", answer.text().await.unwrap());
    assert!(file_ids(&app, &id, "attachment").await.is_empty(), "no attachment was recorded");
}
