//! HTTP: the router, the GraphQL endpoint and operational endpoints. The web pages of later
//! issues join here, as thin as the GraphQL resolvers.

mod graphql;
mod health;
mod referral_files;
mod request_log;
mod subscriptions;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

use crate::config::GraphqlConfig;
use crate::graphql::AppSchema;
use crate::service::Services;

pub use request_log::RequestId;

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
    Router::new()
        .merge(graphql)
        .route("/referrals/{id}/attachments", post(referral_files::upload_attachment))
        .route("/referrals/{id}/dossier", put(referral_files::upload_dossier))
        .route("/referrals/{id}/files/{file}", get(referral_files::download))
        .route("/referrals/{id}/files/{file}/sealed", get(referral_files::download_sealed))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .layer(CatchPanicLayer::custom(request_log::panic_response))
        .layer(axum::middleware::from_fn(request_log::assign_request_id))
        .with_state(state)
}
