//! HTTP: the router, the GraphQL endpoint and operational endpoints. The web pages of later
//! issues join here, as thin as the GraphQL resolvers.

mod accounts;
mod casework;
mod figures;
mod graphql;
mod health;
mod home;
mod labels;
mod meetings;
mod page;
mod referrals;
mod request_log;
mod subscriptions;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

use crate::config::GraphqlConfig;
use crate::graphql::AppSchema;
use crate::service::{ServiceError, Services};

pub use request_log::RequestId;

/// The HTTP status that answers a service error, for every door but GraphQL.
fn status_of(error: &ServiceError) -> StatusCode {
    match error {
        ServiceError::Unauthenticated | ServiceError::LoginFailed => StatusCode::UNAUTHORIZED,
        ServiceError::Forbidden => StatusCode::FORBIDDEN,
        ServiceError::NotFound => StatusCode::NOT_FOUND,
        ServiceError::BadInput { .. } => StatusCode::BAD_REQUEST,
        ServiceError::Conflict(_) | ServiceError::KeyOffline => StatusCode::CONFLICT,
        ServiceError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        ServiceError::Damaged => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Throttled | ServiceError::CounterpartyLimit => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    pub schema: AppSchema,
    pub graphql: Arc<GraphqlConfig>,
}

pub fn router(state: AppState) -> Router {
    let body_limit = state.graphql.max_body_bytes;
    // The body limit guards GraphQL; file uploads stream and are limited as they arrive.
    let graphql = Router::new()
        .route("/graphql", get(graphql::get_request).post(graphql::post_request))
        .route("/graphql/ws", get(subscriptions::websocket))
        .layer(DefaultBodyLimit::max(body_limit));
    // A panic in the API answers JSON like every other API error; one in a page, a page.
    let api = Router::new()
        .merge(graphql)
        .route("/referrals/{id}/attachments", post(referrals::files::upload_attachment))
        .route("/referrals/{id}/dossier", put(referrals::files::upload_dossier))
        .route("/referrals/{id}/files/{file}", get(referrals::files::download))
        .route("/referrals/{id}/files/{file}/sealed", get(referrals::files::download_sealed))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .layer(CatchPanicLayer::custom(request_log::panic_response));
    let pages = Router::new()
        .route("/", get(home::show))
        .route("/login", get(accounts::sign_in::form).post(accounts::sign_in::submit))
        .route("/logout", post(accounts::sign_in::logout))
        .route("/account/language", post(accounts::language::switch))
        .route("/cases", get(casework::list::show))
        .route("/cases/new", get(casework::register::form).post(casework::register::submit))
        .route("/cases/{id}", get(casework::case_page::show))
        .route("/cases/{id}/identity", post(casework::case_page::reveal_identity))
        .route("/cases/{id}/consents", post(casework::sharing::record_share_consent))
        .route("/cases/{id}/consents/{consent}/withdraw", post(casework::sharing::withdraw_consent))
        .route("/cases/{id}/shares", post(casework::sharing::share))
        .route("/cases/{id}/shares/end", post(casework::sharing::unshare))
        .route("/meetings/{id}/agenda", get(meetings::agenda::show))
        .route("/overviews/{month}", get(figures::overview::show))
        .fallback(page::unknown_address)
        .layer(CatchPanicLayer::custom(page::panic_page));
    Router::new()
        .merge(api)
        .merge(pages)
        .layer(axum::middleware::from_fn(request_log::assign_request_id))
        .with_state(state)
}
