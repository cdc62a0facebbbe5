//! `POST /graphql` and `GET /graphql`. Everything a request is refused for at the HTTP level
//! (content type, size, batching, a mutation over GET, too many aliases) is refused here,
//! before the schema executes anything.

use std::net::{IpAddr, SocketAddr};

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::OperationType;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

use super::{AppState, RequestId};
use crate::graphql::context::prepare_request;
use crate::graphql::error::{ensure_codes, REQUEST_ID};
use crate::graphql::limits;
use crate::service::ServiceError;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub async fn post_request(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !is_json_body(&headers) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Alleen application/json wordt aanvaard / Only application/json is accepted",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "Verzoek te groot / Request body too large")
        }
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "Verzoek onleesbaar / Request body unreadable"),
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "Geen geldige JSON / Not valid JSON"),
    };
    if value.is_array() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "Gebundelde verzoeken worden niet aanvaard / Batched requests are not accepted",
        );
    }
    match serde_json::from_value::<async_graphql::Request>(value) {
        Ok(request) => execute(state, request_id, client.ip(), &headers, request).await,
        Err(_) => refuse(StatusCode::BAD_REQUEST, "Geen GraphQL-verzoek / Not a GraphQL request"),
    }
}

#[derive(Deserialize)]
pub struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// Queries only. Without a query, GraphiQL when introspection is on.
pub async fn get_request(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<GetParams>,
) -> Response {
    let Some(query) = params.query else {
        if state.graphql.introspection {
            return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
        }
        return refuse(StatusCode::BAD_REQUEST, "Parameter query ontbreekt / Parameter query is missing");
    };
    if let Ok(document) = async_graphql::parser::parse_query(&query) {
        let ty = limits::operation_type(&document, params.operation_name.as_deref());
        if matches!(ty, Some(OperationType::Mutation | OperationType::Subscription)) {
            let mut response =
                refuse(StatusCode::METHOD_NOT_ALLOWED, "Mutaties alleen via POST / Mutations only over POST");
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let variables = match params.variables.as_deref().map(serde_json::from_str::<serde_json::Value>) {
        None => async_graphql::Variables::default(),
        Some(Ok(value)) => async_graphql::Variables::from_json(value),
        Some(Err(_)) => return refuse(StatusCode::BAD_REQUEST, "variables: geen geldige JSON / not valid JSON"),
    };
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    execute(state, request_id, client.ip(), &headers, request).await
}

async fn execute(
    state: AppState,
    request_id: RequestId,
    client: IpAddr,
    headers: &HeaderMap,
    request: async_graphql::Request,
) -> Response {
    if let Ok(document) = async_graphql::parser::parse_query(&request.query) {
        if limits::alias_count(&document) > state.graphql.max_aliases {
            let message =
                format!("Te veel aliassen (hoogstens {0}) / Too many aliases (at most {0})", state.graphql.max_aliases);
            return graphql_error(headers, "BAD_USER_INPUT", &message);
        }
        if !state.graphql.introspection && limits::uses_introspection(&document) {
            let message = "Introspectie staat uit / Introspection is turned off";
            return graphql_error(headers, "BAD_USER_INPUT", message);
        }
    }
    let actor = match bearer(headers) {
        None => None,
        Some(token) => match REQUEST_ID.scope(request_id.0.clone(), state.services.authenticate(token)).await {
            Ok(actor) => Some(actor),
            Err(ServiceError::Unauthenticated) => None,
            Err(error) => {
                let error = REQUEST_ID.sync_scope(request_id.0.clone(), || crate::graphql::error::to_graphql(&error));
                return graphql_error(headers, "INTERNAL", &error.message);
            }
        },
    };
    let request = prepare_request(request, &state.services, actor, client);
    let mut response = REQUEST_ID.scope(request_id.0.clone(), state.schema.execute(request)).await;
    REQUEST_ID.sync_scope(request_id.0, || ensure_codes(&mut response));
    json(headers, StatusCode::OK, serde_json::to_value(&response).unwrap_or_default())
}

pub(super) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// `application/json` or `application/graphql-response+json`, any parameters. A browser
/// form can send neither without a CORS preflight, so a form on another site cannot post here.
fn is_json_body(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media_type = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    media_type == "application/json" || media_type == GRAPHQL_RESPONSE_JSON
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": "BAD_REQUEST" } }] });
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn graphql_error(headers: &HeaderMap, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    json(headers, StatusCode::OK, body)
}

fn json(headers: &HeaderMap, status: StatusCode, body: serde_json::Value) -> Response {
    let accepts_graphql_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(GRAPHQL_RESPONSE_JSON));
    let content_type = if accepts_graphql_json { GRAPHQL_RESPONSE_JSON } else { "application/json" };
    (status, [(header::CONTENT_TYPE, content_type)], body.to_string()).into_response()
}
