//! `referralReceived` over WebSocket (graphql-transport-ws): on SQLite within one instance;
//! on PostgreSQL across two instances of the service on one database (LISTEN/NOTIFY).

use futures_util::{SinkExt, StreamExt};
use ketenaanpak::domain::role::Role;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{spawn, spawn_beside, spawn_with, Engine, TestApp, COC, MDD};
use crate::on_both_engines;

on_both_engines!(
    a_sent_referral_reaches_subscribers_of_the_receiver_only,
    a_subscription_ends_with_its_session,
    a_refused_subscription_is_said_in_the_readers_language
);

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn subscribe(app: &TestApp, token: &str) -> Socket {
    let url = app.url("/graphql/ws").replace("http://", "ws://");
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket connects");
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } });
    socket.send(Message::text(init.to_string())).await.unwrap();
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { referralReceived { id status sender { name } } }" } });
    socket.send(Message::text(subscribe.to_string())).await.unwrap();
    socket
}

async fn next(socket: &mut Socket) -> Value {
    loop {
        let message =
            tokio::time::timeout(std::time::Duration::from_secs(20), socket.next()).await.expect("a message in time");
        if let Some(Ok(Message::Text(text))) = message {
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["type"] != "ping" && value["type"] != "ka" {
                return value;
            }
        }
    }
}

/// COC Noord refers a new intake to Meldpunt Discriminatie Drenthe; the referral's id.
async fn send_referral_to_mdd(sending: &TestApp, coc: &str) -> String {
    let orgs = sending.query(coc, "{ organisations { edges { node { id name } } } }").await;
    let mdd_id =
        orgs.data()["organisations"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["name"] == MDD).unwrap()
            ["node"]["id"]
            .clone();
    let input = json!({ "receiverId": mdd_id, "intake": {
        "grounds": ["age"], "domain": "sport", "manifestations": ["remarks"], "channel": "walk_in", "handling": "referral",
        "reportedOn": "2026-11-02", "consentMethod": "VERBAL", "consentGivenOn": "2026-11-02" } });
    let created = sending
        .graphql(
            Some(coc),
            "mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let id = created.data()["createReferral"]["id"].as_str().unwrap().to_string();
    sending
        .graphql(Some(coc), "mutation($id: ID!) { submitReferral(id: $id) { status } }", json!({ "id": id }))
        .await
        .data();
    id
}

/// After logout nothing more reaches the subscriber, and the server closes the connection.
async fn a_subscription_ends_with_its_session(engine: Engine) {
    let app = spawn_with(engine, |c| c.graphql.subscription_check_seconds = 1).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let coc = app.login_demo(COC, Role::Intake).await;
    let mut socket = subscribe(&app, &mdd).await;
    assert!(app.query(&mdd, "mutation { logout }").await.data()["logout"].as_bool().unwrap());
    let id = send_referral_to_mdd(&app, &coc).await;
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(20), socket.next()).await;
        match message.expect("the server closes the connection in time") {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
            Some(Ok(Message::Text(text))) => assert!(!text.contains(&id), "heard after logout: {text}"),
            Some(Ok(_)) => {}
        }
    }
}

async fn a_sent_referral_reaches_subscribers_of_the_receiver_only(engine: Engine) {
    let sending = spawn(engine).await;
    // On PostgreSQL the subscriber is on another instance; SQLite runs one instance.
    let other = match engine {
        Engine::Postgres => Some(spawn_beside(&sending, |_| {}, false).await),
        Engine::Sqlite => None,
    };
    let receiving = other.as_ref().unwrap_or(&sending);
    let mdd = receiving.login_demo(MDD, Role::Caseworker).await;
    let coc = sending.login_demo(COC, Role::Intake).await;
    let mut receiver_socket = subscribe(receiving, &mdd).await;
    let mut sender_socket = subscribe(receiving, &coc).await;

    let id = send_referral_to_mdd(&sending, &coc).await;

    let event = next(&mut receiver_socket).await;
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(event["payload"]["data"]["referralReceived"]["id"], id.as_str());
    assert_eq!(event["payload"]["data"]["referralReceived"]["sender"]["name"], COC);
    // The sender's organisation subscribed too, but the referral is not for it.
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(500), sender_socket.next()).await;
    assert!(quiet.is_err() || !matches!(quiet, Ok(Some(Ok(Message::Text(ref t)))) if t.contains(&id)));

    // Without a valid token the connection is refused.
    let url = receiving.url("/graphql/ws").replace("http://", "ws://");
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    socket.send(Message::text(json!({ "type": "connection_init", "payload": {} }).to_string())).await.unwrap();
    let refused = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next()).await.expect("an answer");
    assert!(!matches!(refused, Some(Ok(Message::Text(ref t))) if t.contains("connection_ack")), "{refused:?}");
}

/// An administrator may not hear of referrals; the refusal comes in the reader's language.
async fn a_refused_subscription_is_said_in_the_readers_language(engine: Engine) {
    let app = spawn(engine).await;
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let input =
        json!({ "email": "beheer.en@mdd.example", "displayName": "Admin", "roles": ["ORG_ADMIN"], "language": "EN" });
    let created = app
        .graphql(
            Some(&admin),
            "mutation($input: CreateUserInput!) { createUser(input: $input) { generatedPassword } }",
            json!({ "input": input }),
        )
        .await;
    let password = created.data()["createUser"]["generatedPassword"].as_str().unwrap().to_string();
    for (token, expected) in [
        (app.login("beheer.en@mdd.example", &password).await, "Your role does not allow this"),
        (admin.clone(), "Je rol staat dit niet toe"),
    ] {
        let mut socket = subscribe(&app, &token).await;
        let refused = next(&mut socket).await;
        let error = &refused["payload"]["errors"][0];
        assert_eq!((refused["type"].as_str(), error["extensions"]["code"].as_str()), (Some("next"), Some("FORBIDDEN")));
        assert_eq!(error["message"], expected, "{refused}");
        assert_eq!(error["extensions"]["reason"], "forbidden", "{refused}");
    }
}
