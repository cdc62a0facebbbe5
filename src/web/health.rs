//! Liveness and readiness for orchestrators and load balancers.

use axum::extract::State;
use axum::http::StatusCode;

use crate::web::AppState;

/// The process is up.
pub async fn live() -> &'static str {
    "ok"
}

/// The process can reach its database.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.services.store().ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(error = %error, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
