//! `POST /graphql` and `GET /graphql`. Everything a request is refused for at the HTTP level
//! (content type, size, batching, a mutation over GET, too many aliases) is refused here,
//! before the schema executes anything.

use std::net::{IpAddr, SocketAddr};

use async_graphql::parser::types::OperationType;
use async_graphql::Executor;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

use crate::domain::reason::Reason;
use crate::domain::user::Language;
use crate::graphql::context::prepare_request;
use crate::graphql::error::{ensure_codes, REQUEST_ID};
use crate::graphql::limits;
use crate::graphql::nesting::text_nesting;
use crate::messages;
use crate::request_context::{language_asked, LANGUAGE};
use crate::service::ServiceError;
use crate::web::{AppState, RequestId};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub async fn post_request(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let refuse = |status, code| refuse(&headers, status, code);
    if !is_json_body(&headers) {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "request-not-json");
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request-too-large")
        }
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "request-unreadable"),
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "request-invalid-json"),
    };
    if value.is_array() {
        return refuse(StatusCode::BAD_REQUEST, "request-batched");
    }
    match graphql_request(value) {
        Ok(request) => execute(state, request_id, client.ip(), &headers, request).await,
        Err(code) => refuse(StatusCode::BAD_REQUEST, code),
    }
}

/// A request body as GraphQL over HTTP defines it: `query` a string, `variables` and
/// `extensions` objects, `operationName` a string, the last three optional (or null).
fn graphql_request(value: serde_json::Value) -> Result<async_graphql::Request, &'static str> {
    let Some(fields) = value.as_object() else {
        return Err("request-not-graphql");
    };
    if !fields.get("query").is_some_and(|q| q.is_string()) {
        return Err("request-query-missing");
    }
    let optional =
        |name: &str, ok: fn(&serde_json::Value) -> bool| fields.get(name).is_none_or(|v| v.is_null() || ok(v));
    if !optional("variables", serde_json::Value::is_object) || !optional("extensions", serde_json::Value::is_object) {
        return Err("request-variables-not-objects");
    }
    if !optional("operationName", serde_json::Value::is_string) {
        return Err("request-operation-name-not-text");
    }
    serde_json::from_value(value).map_err(|_| "request-not-graphql")
}

#[derive(Deserialize)]
pub struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// How to use the API, in place of GraphiQL (which loads its code from a CDN, and nothing
/// here may): sign in, ask, and the clients that read the schema themselves.
fn help_page(state: &AppState, headers: &HeaderMap) -> Response {
    #[derive(serde::Serialize)]
    struct HelpView {
        title: String,
        endpoint: String,
    }
    let language = asked_language(headers);
    let endpoint = format!("{}/graphql", state.services.public_url().trim_end_matches('/'));
    let view = HelpView { title: crate::messages::text(language, "graphql-help-title"), endpoint };
    crate::web::page::render(language, StatusCode::OK, "graphql_help", &view)
}

/// Queries only. Without a query, a page on how to use the API when introspection is on.
pub async fn get_request(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<GetParams>,
) -> Response {
    let Some(query) = params.query else {
        if state.graphql.introspection {
            return help_page(&state, &headers);
        }
        return refuse(&headers, StatusCode::BAD_REQUEST, "request-query-parameter-missing");
    };
    // Parsed here only when the guard would let it through; otherwise the guard refuses it.
    let parseable = query.len() <= state.graphql.max_body_bytes && text_nesting(&query) <= state.graphql.max_nesting;
    if let Some(document) = parseable.then(|| async_graphql::parser::parse_query(&query).ok()).flatten() {
        let ty = limits::operation_type(&document, params.operation_name.as_deref());
        if matches!(ty, Some(OperationType::Mutation | OperationType::Subscription)) {
            let mut response = refuse(&headers, StatusCode::METHOD_NOT_ALLOWED, "mutation-over-get");
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let variables = match params.variables.as_deref().map(serde_json::from_str::<serde_json::Value>) {
        None => async_graphql::Variables::default(),
        Some(Ok(value)) if value.is_object() => async_graphql::Variables::from_json(value),
        Some(_) => return refuse(&headers, StatusCode::BAD_REQUEST, "request-variables-invalid-json"),
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
    let actor = match bearer(headers) {
        None => None,
        Some(token) => match REQUEST_ID.scope(request_id.0.clone(), state.services.authenticate(token)).await {
            Ok(actor) => Some(actor),
            Err(ServiceError::Unauthenticated) => None,
            Err(error) => {
                let to_graphql = || crate::graphql::error::to_graphql(&error);
                let error = LANGUAGE
                    .sync_scope(asked_language(headers), || REQUEST_ID.sync_scope(request_id.0.clone(), to_graphql));
                return graphql_error(headers, "INTERNAL", &error.message);
            }
        },
    };
    let language = actor.as_ref().map_or_else(|| asked_language(headers), |actor| actor.language);
    let request = prepare_request(request, &state.services, actor, client);
    let execution = LANGUAGE.scope(language, state.schema.execute(request));
    let mut response = REQUEST_ID.scope(request_id.0.clone(), execution).await;
    LANGUAGE.sync_scope(language, || REQUEST_ID.sync_scope(request_id.0, || ensure_codes(&mut response)));
    respond(headers, &response)
}

/// A request error (refused before execution: no field ran, so no error has a path) carries
/// no `data`; under `application/graphql-response+json` it is a 400, as GraphQL over HTTP asks.
fn respond(headers: &HeaderMap, response: &async_graphql::Response) -> Response {
    let request_error =
        response.data == async_graphql::Value::Null && response.errors.iter().all(|e| e.path.is_empty());
    if !request_error || response.errors.is_empty() {
        // Written straight to text: the answer of a page is large, and a detour through a
        // JSON value tree costs as much again.
        return json(headers, StatusCode::OK, serde_json::to_string(response).unwrap_or_default());
    }
    let mut body = serde_json::to_value(response).unwrap_or_default();
    if let Some(object) = body.as_object_mut() {
        object.remove("data");
    }
    let status = if accepts_graphql_json(headers) { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    json(headers, status, body.to_string())
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
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

/// Refused before anyone is signed in: said in the language the request asks for.
fn refuse(headers: &HeaderMap, status: StatusCode, code: &'static str) -> Response {
    let message = messages::say(asked_language(headers), &Reason::new(code));
    let body = serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": "BAD_REQUEST", "reason": code } }] });
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

pub(crate) fn asked_language(headers: &HeaderMap) -> Language {
    language_asked(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

fn graphql_error(headers: &HeaderMap, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    json(headers, StatusCode::OK, body.to_string())
}

fn accepts_graphql_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(GRAPHQL_RESPONSE_JSON))
}

fn json(headers: &HeaderMap, status: StatusCode, body: String) -> Response {
    let content_type = if accepts_graphql_json(headers) { GRAPHQL_RESPONSE_JSON } else { "application/json" };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}
