//! The account page: the user's language, password, second factor and open sessions. Every
//! change here is the user's own; the service audits it and ends other sessions where a
//! password or second factor changes.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::web::accounts::sign_in::signed_in;
use crate::web::casework::form::{choice, Choice};
use crate::web::casework::register::FieldError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Deserialize)]
pub struct TokenOnly {
    #[serde(default)]
    csrf: String,
}

#[derive(Serialize, Default)]
pub(super) struct AccountView {
    title: String,
    email: String,
    display_name: String,
    notice: Option<String>,
    languages: Vec<Choice>,
    pub(super) errors: Vec<FieldError>,
    current_password_error: Option<String>,
    new_password_error: Option<String>,
    renew_code_error: Option<String>,
    off_password_error: Option<String>,
    off_code_error: Option<String>,
    totp_enabled: bool,
    totp_required: bool,
    recovery_codes_left: i64,
    sessions: Vec<SessionRow>,
    others: usize,
}

#[derive(Serialize)]
struct SessionRow {
    started: String,
    last_used: String,
    until: String,
    current: bool,
}

/// The notices a finished change comes back with, by the `done` of the address.
const DONE: [(&str, &str); 5] = [
    ("password", "account-done-password"),
    ("sessions", "account-done-sessions"),
    ("totp-on", "account-done-totp-on"),
    ("totp-off", "account-done-totp-off"),
    ("language", "account-done-language"),
];

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<DoneQuery>) -> Response {
    match view(&state, &page, &query.done, Vec::new()).await {
        Ok(view) => page.render("account", &view),
        Err(error) => page.error(&error),
    }
}

pub(super) async fn view(
    state: &AppState,
    page: &PageActor,
    done: &str,
    errors: Vec<FieldError>,
) -> Result<AccountView, ServiceError> {
    let language = page.actor.language;
    let services = &state.services;
    let user = services.me(&page.actor).await?;
    let status = services.second_factor_status(&page.actor).await?;
    let sessions = services.own_sessions(&page.actor).await?;
    let notice = DONE.iter().find(|(code, _)| *code == done).map(|(_, id)| messages::text(language, id));
    let languages = [Language::Nl, Language::En]
        .map(|l| choice(l.as_str(), messages::text(language, &format!("language-{}", l.as_str())), l == language))
        .into();
    let rows: Vec<SessionRow> = sessions
        .iter()
        .map(|s| SessionRow {
            started: labels::moment(s.session.created_at, language),
            last_used: labels::moment(s.session.last_seen_at, language),
            until: labels::moment(s.session.expires_at, language),
            current: s.current,
        })
        .collect();
    let error_at = |target: &str| errors.iter().find_map(|e| e.message_for(target));
    Ok(AccountView {
        title: messages::text(language, "account-title"),
        current_password_error: error_at("current-password"),
        new_password_error: error_at("new-password"),
        renew_code_error: error_at("renew-code"),
        off_password_error: error_at("off-password"),
        off_code_error: error_at("off-code"),
        email: user.email.as_str().to_owned(),
        display_name: user.display_name,
        notice,
        languages,
        errors,
        totp_enabled: status.enabled,
        totp_required: status.required,
        recovery_codes_left: status.recovery_codes_left,
        others: rows.iter().filter(|r| !r.current).count(),
        sessions: rows,
    })
}

/// The account page again with the refused field marked; nothing typed in a password field
/// comes back.
pub(super) async fn refused(state: &AppState, page: &PageActor, error: &ServiceError, target: &str) -> Response {
    let Some(reason) = error.reason().filter(|_| matches!(error, ServiceError::BadInput { .. })) else {
        return page.error(error);
    };
    let message = messages::say(page.actor.language, &reason);
    match view(state, page, "", vec![FieldError::at(target, message)]).await {
        Ok(view) => page.render_status(StatusCode::BAD_REQUEST, "account", &view),
        Err(error) => page.error(&error),
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    page: PageActor,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let changed =
        state.services.change_password(&page.actor, &form.current_password, &form.new_password, client.ip()).await;
    match changed {
        // Every session ended with the change, this one too: the new one takes its place.
        Ok(session) => signed_in(&state, &session, Redirect::to("/account?done=password").into_response()),
        Err(error @ ServiceError::BadInput { field: "currentPassword", .. }) => {
            refused(&state, &page, &error, "current-password").await
        }
        Err(error) => refused(&state, &page, &error, "new-password").await,
    }
}

pub async fn end_other_sessions(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Form(form): Form<TokenOnly>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    match state.services.end_other_sessions(&page.actor).await {
        Ok(_) => Redirect::to("/account?done=sessions").into_response(),
        Err(error) => page.error(&error),
    }
}
