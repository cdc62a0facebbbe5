//! Choosing a password from the link in a mail: the link's token is the proof (it travels in
//! the query, which the request log leaves out, and in the form), and it works once.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::web::accounts::sign_in::cross_site_refused;
use crate::web::casework::register::FieldError;
use crate::web::graphql::asked_language;
use crate::web::page::{message_page, render, same_origin};
use crate::web::AppState;

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Serialize)]
struct ResetView<'a> {
    title: String,
    token: &'a str,
    errors: Vec<FieldError>,
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<LinkQuery>) -> Response {
    let language = asked_language(&headers);
    match state.services.check_password_reset(&query.token).await {
        Ok(()) => page(language, StatusCode::OK, &query.token, Vec::new()),
        Err(error) => refused(language, &error),
    }
}

pub async fn submit(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<ResetForm>) -> Response {
    if !same_origin(&headers) {
        return cross_site_refused(&headers);
    }
    let language = asked_language(&headers);
    match state.services.reset_password(&form.token, &form.new_password).await {
        Ok(()) => message_page(language, StatusCode::OK, "reset-done-title", "reset-done"),
        Err(error @ ServiceError::BadInput { field: "password", .. }) => {
            let message = error.reason().map(|r| messages::say(language, &r)).unwrap_or_default();
            page(language, StatusCode::BAD_REQUEST, &form.token, vec![FieldError::at("new-password", message)])
        }
        Err(error) => refused(language, &error),
    }
}

fn page(language: Language, status: StatusCode, token: &str, errors: Vec<FieldError>) -> Response {
    let view = ResetView { title: messages::text(language, "reset-title"), token, errors };
    render(language, status, "password_reset", &view)
}

fn refused(language: Language, error: &ServiceError) -> Response {
    match error {
        ServiceError::BadInput { field: "token", .. } => {
            message_page(language, StatusCode::BAD_REQUEST, "reset-title", "reset-link-invalid")
        }
        error => crate::web::page::error_page(language, error),
    }
}
