//! Service errors as GraphQL errors: `extensions.code` for the kind, `extensions.reason` for
//! the catalogue's reason code and `extensions.field` for the input it concerns; the message
//! is the reason said in the reader's language. An internal error is logged with its cause
//! and reaches the client only as a request id.

use std::sync::Arc;

use async_graphql::{Error, ErrorExtensions};

use crate::domain::reason::Reason;
use crate::messages;
use crate::request_context::language;
use crate::service::ServiceError;

pub use crate::request_context::REQUEST_ID;

pub fn code_error(code: &'static str, message: impl Into<String>) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code))
}

/// An error of kind `code` for `reason`, said in the reader's language.
pub fn reason_error(code: &'static str, reason: &Reason) -> Error {
    code_error(code, messages::say(language(), reason)).extend_with(|_, e| e.set("reason", reason.code))
}

pub fn to_graphql(error: &ServiceError) -> Error {
    let code = match error {
        ServiceError::Unauthenticated | ServiceError::LoginFailed => "UNAUTHENTICATED",
        ServiceError::Throttled | ServiceError::CounterpartyLimit => "RATE_LIMITED",
        ServiceError::Forbidden => "FORBIDDEN",
        ServiceError::NotFound => "NOT_FOUND",
        ServiceError::BadInput { .. } => "BAD_USER_INPUT",
        ServiceError::Conflict(_) => "CONFLICT",
        ServiceError::Damaged => "DATA_DAMAGED",
        ServiceError::KeyOffline => "KEY_OFFLINE",
        ServiceError::TooLarge(_) => "TOO_LARGE",
        ServiceError::Internal(cause) => return internal(cause),
    };
    let Some(reason) = error.reason() else { return internal(&anyhow::anyhow!("an error without a reason")) };
    let mut gql = reason_error(code, &reason);
    if let ServiceError::BadInput { field, .. } = error {
        gql = gql.extend_with(|_, e| e.set("field", *field));
    }
    gql
}

/// Logs the cause (inside the request's span, which carries the request id) and returns an
/// error that names only that id.
pub fn internal(cause: &anyhow::Error) -> Error {
    let request_id = REQUEST_ID.try_with(Clone::clone).unwrap_or_else(|_| "-".into());
    // `{:#}` puts the whole chain of causes on the one log line.
    tracing::error!(request_id = %request_id, error = %format!("{cause:#}"), "internal error");
    reason_error("INTERNAL", &Reason::new("internal").text("request", request_id.clone()))
        .extend_with(|_, e| e.set("requestId", request_id.clone()))
}

/// `service_call().await.gql()?` in resolvers.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, ServiceError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| to_graphql(&e))
    }
}

impl<T> GqlResult<T> for Result<T, Arc<ServiceError>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| to_graphql(&e))
    }
}

/// The GraphQL type named by async-graphql's message for an argument it could not coerce
/// at execution (such as an `Int` beyond 32 bits): the client's input, not our fault.
fn coercion_failure(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Failed to parse \"").or_else(|| message.strip_prefix("Expected input type \""))?;
    rest.split_once('"').map(|(type_name, _)| type_name.to_owned())
}

/// Says which field and type were refused, without echoing the value that was given.
fn refuse_coercion(error: &mut async_graphql::ServerError, type_name: &str) {
    let field = error.path.last().map(|segment| match segment {
        async_graphql::PathSegment::Field(name) => name.clone(),
        async_graphql::PathSegment::Index(index) => index.to_string(),
    });
    let reason = Reason::new("invalid-value").text("type", type_name);
    error.message = messages::say(language(), &reason);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "BAD_USER_INPUT");
    extensions.set("reason", reason.code);
    if let Some(field) = field {
        extensions.set("field", field);
    }
}

/// A safety net over a finished response: an error without a code that arose in a resolver
/// (it has a path) is treated as internal, so that no unvetted message reaches a client;
/// errors from parsing and validation (no path) are the client's and get `BAD_USER_INPUT`.
pub fn ensure_codes(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let has_code = error.extensions.as_ref().is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        if error.path.is_empty() {
            let argument = error.message.strip_prefix("Invalid value for argument \"").and_then(|r| r.split_once('"'));
            let extensions = error.extensions.get_or_insert_with(Default::default);
            extensions.set("code", "BAD_USER_INPUT");
            if let Some((argument, _)) = argument {
                extensions.set("field", argument);
            }
        } else if let Some(type_name) = coercion_failure(&error.message) {
            refuse_coercion(error, &type_name);
        } else {
            let replacement = internal(&anyhow::anyhow!("resolver error without a code at {:?}", error.path))
                .into_server_error(error.locations.first().copied().unwrap_or_default());
            error.message = replacement.message;
            error.extensions = replacement.extensions;
        }
    }
}
