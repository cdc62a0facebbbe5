//! `GET /graphql/ws`: GraphQL subscriptions over WebSocket (graphql-transport-ws). The client
//! authenticates in `connection_init` with `{"authorization": "Bearer <token>"}`; the token is
//! never in the URL. The document limits are the schema's own (see `graphql::guard`), so they
//! hold here as over POST; a message is no larger than a POST body; and the connection closes
//! once the session or token behind it ends (logout, expiry, disabling, revocation).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::WebSocket;
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::response::Response;
use std::cell::Cell;

use tokio::sync::oneshot;

use crate::domain::actor::Actor;
use crate::graphql::context::{ClientAddress, RequestAuth};
use crate::graphql::error::to_graphql;
use crate::request_context::CONNECTION_LANGUAGE;
use crate::service::{ServiceError, Services};
use crate::web::AppState;

pub async fn websocket(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    protocol: GraphQLProtocol,
    headers: axum::http::HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let asked = crate::web::graphql::asked_language(&headers);
    let max_message = state.graphql.max_body_bytes;
    upgrade
        .max_message_size(max_message)
        .max_frame_size(max_message)
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| CONNECTION_LANGUAGE.scope(Cell::new(asked), serve(state, client, protocol, socket)))
}

async fn serve(state: AppState, client: SocketAddr, protocol: GraphQLProtocol, socket: WebSocket) {
    let (signed_in, actor_known) = oneshot::channel::<Actor>();
    let services = state.services.clone();
    let connection = GraphQLWebSocket::new(socket, state.schema.clone(), protocol)
        .on_connection_init(move |payload| async move {
            let (data, actor) = connection_data(&services, client, &payload).await?;
            // From here on the connection's errors are said in the signed-in reader's language.
            let _ = CONNECTION_LANGUAGE.try_with(|language| language.set(actor.language));
            let _ = signed_in.send(actor);
            Ok(data)
        })
        .serve();
    let every = Duration::from_secs(state.graphql.subscription_check_seconds.max(1));
    // Whichever ends first ends the connection: dropping it closes the socket.
    tokio::select! {
        () = connection => {}
        () = until_signed_out(state.services.clone(), actor_known, every) => {}
    }
}

async fn connection_data(
    services: &Arc<Services>,
    client: SocketAddr,
    payload: &serde_json::Value,
) -> async_graphql::Result<(Data, Actor)> {
    let token = payload
        .get("authorization")
        .and_then(|v| v.as_str())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .ok_or_else(|| to_graphql(&ServiceError::Unauthenticated))?;
    let actor = services.authenticate(token).await.map_err(|_| to_graphql(&ServiceError::Unauthenticated))?;
    let mut data = Data::default();
    data.insert(crate::graphql::loaders::organisations(services));
    data.insert(ClientAddress(client.ip()));
    data.insert(RequestAuth(Some(actor.clone())));
    Ok((data, actor))
}

/// Returns once the connection's sign-in has ended; pending for ever before it has one.
async fn until_signed_out(services: Arc<Services>, actor: oneshot::Receiver<Actor>, every: Duration) {
    let Ok(actor) = actor.await else { return std::future::pending().await };
    let mut ticks = tokio::time::interval(every);
    loop {
        ticks.tick().await;
        if !services.still_signed_in(&actor).await.unwrap_or(false) {
            return;
        }
    }
}
