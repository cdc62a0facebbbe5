//! Gives every request a fresh id (never the client's), logs one line per request with
//! method, path, status and duration, and returns the id in `x-request-id`. The query string
//! is not logged: it can carry GraphQL variables.

use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub async fn assign_request_id(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(RequestId(id.clone()));
    let span =
        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path());
    let started = Instant::now();
    span.in_scope(|| tracing::debug!("request started"));
    let mut response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(status = response.status().as_u16(), millis = started.elapsed().as_millis() as u64, "request")
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// A panic in a handler becomes a 500 whose body points at the request id (set on the
/// response by `assign_request_id`, which wraps this layer); the panic is in the log.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let reason = crate::domain::reason::Reason::new("internal-see-header");
    let message = crate::messages::say(crate::request_context::language(), &reason);
    let body = serde_json::json!({ "errors": [{
        "message": message,
        "extensions": { "code": "INTERNAL", "reason": reason.code }
    }] });
    let mut response = Response::new(axum::body::Body::from(body.to_string()));
    *response.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
