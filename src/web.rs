//! HTTP: the router, the GraphQL endpoint and operational endpoints. The web pages of later
//! issues join here, as thin as the GraphQL resolvers.

mod accounts;
mod actions;
mod admin;
mod audit;
mod casework;
mod figures;
mod graphql;
mod health;
mod home;
mod home_work;
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
use crate::graphql::guard::GuardedSchema;
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
    pub schema: GuardedSchema,
    pub graphql: Arc<GraphqlConfig>,
}

pub fn router(state: AppState) -> Router {
    let body_limit = state.graphql.max_body_bytes;
    let attachment_form_limit =
        usize::try_from(referrals::upload::form_limit(state.services.max_attachment_bytes())).unwrap_or(usize::MAX);
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
        .route("/login/code", get(accounts::second_step::code_form).post(accounts::second_step::code_submit))
        .route("/login/enrol", get(accounts::second_step::enrol_form).post(accounts::second_step::enrol_submit))
        .route("/password-reset", get(accounts::password_reset::form).post(accounts::password_reset::submit))
        .route("/account", get(accounts::account::show))
        .route("/account/language", post(accounts::language::switch))
        .route("/account/password", post(accounts::account::change_password))
        .route("/account/sessions/end", post(accounts::account::end_other_sessions))
        .route("/account/totp", get(accounts::account_totp::enrol_form).post(accounts::account_totp::confirm))
        .route("/account/totp/off", post(accounts::account_totp::turn_off))
        .route("/account/totp/recovery-codes", post(accounts::account_totp::renew_codes))
        .route("/admin/users", get(admin::users::show).post(admin::users::add))
        .route("/admin/users/{id}", get(admin::user_page::show))
        .route("/admin/users/{id}/roles", post(admin::user_page::set_roles))
        .route("/admin/users/{id}/password-reset", post(admin::user_page::send_reset))
        .route("/admin/users/{id}/disable", post(admin::user_page::disable))
        .route("/admin/users/{id}/second-factor", post(admin::user_page::remove_second_factor))
        .route("/admin/tokens", get(admin::tokens::show).post(admin::tokens::create))
        .route("/admin/tokens/{id}/revoke", post(admin::tokens::revoke))
        .route("/admin/keys", get(admin::keys::show))
        .route("/admin/keys/rotate", post(admin::keys::rotate))
        .route("/admin/keys/offline", post(admin::keys::keep_offline))
        .route("/audit", get(audit::trail_page::show))
        .route("/audit/export", post(audit::trail_page::export))
        .route("/audit/verify", post(audit::trail_page::verify))
        .route("/cases", get(casework::list::show))
        .route("/cases/new", get(casework::register::form).post(casework::register::submit))
        .route("/cases/{id}", get(casework::case_page::show))
        .route("/cases/{id}/identity", post(casework::case_page::reveal_identity))
        .route("/cases/{id}/consents", post(casework::sharing::record_share_consent))
        .route("/cases/{id}/consents/other", post(casework::consents::record_other))
        .route("/cases/{id}/consents/{consent}/withdraw", post(casework::sharing::withdraw_consent))
        .route("/cases/{id}/shares", post(casework::sharing::share))
        .route("/cases/{id}/shares/end", post(casework::sharing::unshare))
        .route("/cases/{id}/edit", get(casework::edit::form).post(casework::edit::submit))
        .route("/cases/{id}/notes", post(casework::notes::add))
        .route("/cases/{id}/flag", post(casework::flagging::flag))
        .route("/cases/{id}/pattern/{chain}", get(casework::pattern::show))
        .route("/casework", get(casework::chain_list::show))
        .route("/cases/{id}/refer", get(referrals::compose::form).post(referrals::compose::submit))
        .route("/cases/{id}/consents/refer", post(casework::sharing::record_refer_consent))
        .route("/referrals", get(referrals::list::show))
        .route("/referrals/new", get(referrals::intake::form).post(referrals::intake::submit))
        .route("/referrals/{id}", get(referrals::referral_page::show))
        .route("/referrals/{id}/open", post(referrals::referral_page::open))
        .route("/referrals/{id}/accept", post(referrals::referral_page::accept))
        .route("/referrals/{id}/decline", post(referrals::referral_page::decline))
        .route("/referrals/{id}/withdraw", post(referrals::referral_page::withdraw))
        .route("/referrals/{id}/submit", post(referrals::referral_page::submit))
        .route("/referrals/{id}/attachments/{file}", get(referrals::upload::download))
        .route(
            "/referrals/{id}/files",
            // The service limits the file as it streams; this bounds the form around it.
            post(referrals::upload::attach).layer(DefaultBodyLimit::max(attachment_form_limit)),
        )
        .route("/actions", get(actions::list::show))
        .route("/actions/mine", get(actions::list::mine))
        .route("/actions/{id}", get(actions::action_page::show).post(actions::action_page::update))
        .route("/meetings", get(meetings::list::show))
        .route("/meetings/series", get(meetings::series_list::show))
        .route("/meetings/series/new", get(meetings::series_form::new_form).post(meetings::series_form::create))
        .route("/meetings/series/{id}", get(meetings::series_form::edit_form).post(meetings::series_form::update))
        .route("/meetings/{id}/schedule", get(meetings::reschedule::show).post(meetings::reschedule::move_meeting))
        .route("/meetings/{id}/cancel", post(meetings::reschedule::cancel))
        .route("/meetings/{id}/prepare", get(meetings::prepare::show))
        .route("/meetings/{id}/prepare/compile", post(meetings::prepare::compile))
        .route("/meetings/{id}/prepare/topics", post(meetings::prepare::add_topic))
        .route("/meetings/{id}/prepare/move", post(meetings::prepare::move_item))
        .route("/meetings/{id}/prepare/remove", post(meetings::prepare::remove_item))
        .route("/meetings/{id}/minutes", get(meetings::minutes::show))
        .route("/meetings/{id}/minutes/attendance", post(meetings::minutes::save_attendance))
        .route("/meetings/{id}/minutes/items", post(meetings::minutes::save_minutes))
        .route("/meetings/{id}/minutes/actions", post(meetings::minutes::add_action))
        .route("/meetings/{id}/minutes/approve", post(meetings::minutes::approve))
        .route("/meetings/{id}/minutes/print", get(meetings::minutes_print::show))
        .route("/meetings/{id}/agenda", get(meetings::agenda::show))
        .route("/meetings/{id}/agenda/flag", post(meetings::agenda_flag::flag))
        .route("/overviews/{month}", get(figures::overview::show))
        .fallback(page::unknown_address)
        .layer(CatchPanicLayer::custom(page::panic_page));
    Router::new()
        .merge(api)
        .merge(pages)
        .layer(axum::middleware::from_fn(request_log::assign_request_id))
        .with_state(state)
}
