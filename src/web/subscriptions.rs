//! `GET /graphql/ws`: GraphQL subscriptions over WebSocket (graphql-transport-ws). The client
//! authenticates in `connection_init` with `{"authorization": "Bearer <token>"}`; the token is
//! never in the URL.

use std::net::SocketAddr;

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::response::Response;

use super::AppState;
use crate::graphql::context::{ClientAddress, RequestAuth};
use crate::graphql::error::code_error;

pub async fn websocket(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade.protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| {
        let services = state.services.clone();
        GraphQLWebSocket::new(socket, state.schema.clone(), protocol)
            .on_connection_init(move |payload| async move {
                let token = payload
                    .get("authorization")
                    .and_then(|v| v.as_str())
                    .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
                    .ok_or_else(|| code_error("UNAUTHENTICATED", "Niet ingelogd / Not signed in"))?;
                let actor = services.authenticate(token).await.map_err(|_| {
                    code_error(
                        "UNAUTHENTICATED",
                        "Niet ingelogd of sessie verlopen / Not signed in, or the session has expired",
                    )
                })?;
                let mut data = Data::default();
                data.insert(crate::graphql::loaders::organisations(&services));
                data.insert(ClientAddress(client.ip()));
                data.insert(RequestAuth(Some(actor)));
                Ok(data)
            })
            .serve()
    })
}
