//! Hostile documents sent, without signing in, to the real binary: each is refused with a
//! clear `BAD_USER_INPUT` (no crash: a stack overflow aborts the whole process; no stall: a
//! fragment bomb used to hold a worker for 20 s), and the service goes on serving. The client
//! gives up after ten seconds, so a stall fails the test rather than hanging it.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{fresh_database, Engine};
use crate::on_both_engines;
use crate::process::{args, Server};

on_both_engines!(hostile_documents_are_refused_and_the_service_keeps_serving);

const DEEP: usize = 2000;

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap()
}

async fn post(address: &str, body: Value) -> (u16, Value) {
    let response = client().post(format!("{address}/graphql")).json(&body).send().await.expect("an answer in time");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn assert_refused(answer: &(u16, Value), what: &str) {
    let (status, body) = answer;
    assert_eq!(*status, 200, "{what}: {body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{what}: {body}");
    assert!(body.get("data").is_none(), "{what}: a request error carries no data: {body}");
}

async fn still_serves(server: &Server) {
    let health = client().get(format!("{}/healthz", server.address)).send().await.expect("healthz answers");
    assert!(health.status().is_success());
}

fn nested(open: &str, inner: &str, close: &str, levels: usize) -> String {
    format!("{}{inner}{}", open.repeat(levels), close.repeat(levels))
}

/// `{ ...F<levels> }` where each fragment spreads the one below it twice.
fn fragment_bomb(levels: usize) -> String {
    let mut document = format!("{{ ...F{levels} }} fragment F0 on Query {{ __typename }}");
    for level in 1..=levels {
        document.push_str(&format!(" fragment F{level} on Query {{ ...F{0} ...F{0} }}", level - 1));
    }
    document
}

async fn hostile_documents_are_refused_and_the_service_keeps_serving(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    let server = Server::start(args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]));
    let address = server.address.clone();

    let deep_list = format!("{{ __typename @skip(if: {}) }}", nested("[", "true", "]", DEEP));
    let deep_object =
        format!("mutation {{ login(email: {}, password: \"x\") {{ token }} }}", nested("{a: ", "1", "}", DEEP));
    let deep_default = format!("query($v: Boolean = {}) {{ __typename }}", nested("[", "true", "]", DEEP));
    for (what, document) in [("list", &deep_list), ("object", &deep_object), ("default", &deep_default)] {
        assert_refused(&post(&address, json!({ "query": document })).await, what);
        still_serves(&server).await;
    }
    let over_get = client().get(format!("{address}/graphql")).query(&[("query", &deep_list)]).send().await.unwrap();
    assert_refused(&(over_get.status().as_u16(), over_get.json().await.unwrap()), "over GET");

    // Variables: JSON deeper than serde's limit is not JSON we read; shallower, still too deep.
    let mut value = json!(true);
    for _ in 0..100 {
        value = json!([value]);
    }
    let variables = json!({ "query": "query($v: [Boolean]) { __typename }", "variables": { "v": value } });
    assert_refused(&post(&address, variables).await, "deep variables");

    for levels in [24, 80] {
        let answer = post(&address, json!({ "query": fragment_bomb(levels) })).await;
        assert_refused(&answer, "fragment bomb");
        assert!(answer.1["errors"][0]["message"].as_str().unwrap().contains("2500"), "{}", answer.1);
    }
    let cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    assert_refused(&post(&address, json!({ "query": cycle })).await, "fragment cycle");

    over_websocket(&address, &deep_list).await;
    still_serves(&server).await;
    server.terminate();
    assert!(server.wait().success(), "the process was still running and stopped cleanly");
}

/// The same limits hold for a subscription's document over WebSocket.
async fn over_websocket(address: &str, document: &str) {
    let ws_url = format!("{}/graphql/ws", address.replacen("http", "ws", 1));
    let mut request = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(ws_url).unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let login = json!({ "query": "mutation { login(email: \"intake@coc-noord.example\", password: \"demo-ketenaanpak\") { token } }" });
    let token = post(address, login).await.1["data"]["login"]["token"].as_str().unwrap().to_string();
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } });
    socket.send(Message::text(init.to_string())).await.unwrap();
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": document } });
    socket.send(Message::text(subscribe.to_string())).await.unwrap();
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next()).await.unwrap().unwrap().unwrap();
        let Ok(text) = message.to_text() else { continue };
        let frame: Value = serde_json::from_str(text).unwrap();
        // graphql-transport-ws sends a request error as `next` with errors, then `complete`.
        if frame["type"] == "next" {
            assert_eq!(frame["payload"]["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{frame}");
            return;
        }
        assert_eq!(frame["type"], "connection_ack", "{frame}");
    }
}
