//! Two-factor sign-in on the account page: enrolling an authenticator app, new recovery
//! codes, and taking it off with the password and a code.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::messages;
use crate::service::accounts::second_factor::Enrolling;
use crate::service::ServiceError;
use crate::web::accounts::account::refused;
use crate::web::accounts::second_step::{recovery_codes_view, EnrolmentView};
use crate::web::casework::register::FieldError;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
pub struct TurnOffForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

#[derive(Serialize)]
struct EnrolView {
    title: String,
    enrolment: EnrolmentView,
    code_error: Option<String>,
    password_error: Option<String>,
    errors: Vec<FieldError>,
}

pub async fn enrol_form(State(state): State<AppState>, page: PageActor) -> Response {
    enrol_page(&state, &page, StatusCode::OK, Vec::new()).await
}

async fn enrol_page(state: &AppState, page: &PageActor, status: StatusCode, errors: Vec<FieldError>) -> Response {
    match state.services.begin_totp_enrolment(Enrolling::SignedIn(&page.actor)).await {
        Ok(enrolment) => {
            let view = EnrolView {
                title: messages::text(page.actor.language, "totp-enrol-title"),
                enrolment: EnrolmentView::new(&enrolment.secret, &enrolment.otpauth_uri),
                code_error: errors.iter().find_map(|e| e.message_for("code")),
                password_error: errors.iter().find_map(|e| e.message_for("password")),
                errors,
            };
            page.render_status(status, "account_totp", &view)
        }
        Err(ServiceError::Conflict(_)) => Redirect::to("/account").into_response(),
        Err(error) => page.error(&error),
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    page: PageActor,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let password = Some((form.password.as_str(), client.ip()));
    match state.services.confirm_totp_enrolment(Enrolling::SignedIn(&page.actor), &form.code, password).await {
        Ok(confirmed) => codes_page(&page, &confirmed.recovery_codes, "/account?done=totp-on"),
        Err(error @ ServiceError::BadInput { .. }) => {
            let target = match &error {
                ServiceError::BadInput { field: "currentPassword", .. } => "password",
                _ => "code",
            };
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            enrol_page(&state, &page, StatusCode::BAD_REQUEST, vec![FieldError::at(target, message)]).await
        }
        Err(error) => page.error(&error),
    }
}

pub async fn renew_codes(
    State(state): State<AppState>,
    page: PageActor,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    match state.services.renew_recovery_codes(&page.actor, &form.code, client.ip()).await {
        Ok(codes) => codes_page(&page, &codes, "/account"),
        Err(error) => refused(&state, &page, &error, "renew-code").await,
    }
}

pub async fn turn_off(
    State(state): State<AppState>,
    page: PageActor,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<TurnOffForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    match state.services.disable_totp(&page.actor, &form.password, &form.code, client.ip()).await {
        Ok(()) => Redirect::to("/account?done=totp-off").into_response(),
        Err(error @ ServiceError::BadInput { field: "currentPassword", .. }) => {
            refused(&state, &page, &error, "off-password").await
        }
        Err(error) => refused(&state, &page, &error, "off-code").await,
    }
}

fn codes_page(page: &PageActor, codes: &[String], next: &str) -> Response {
    page.render("recovery_codes", &recovery_codes_view(page.actor.language, codes, next))
}
