//! Signing in and out in a browser. The session is the same as the API's; the token travels
//! in a cookie that scripts cannot read and other sites cannot send.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::{Deserialize, Serialize};

use crate::domain::user::Language;
use crate::messages;
use crate::request_context::REQUEST_ID;
use crate::service::ServiceError;
use crate::web::graphql::asked_language;
use crate::web::page::{local_path, message_page, render, same_origin, PageActor, SESSION_COOKIE};
use crate::web::{AppState, RequestId};

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The login form; what was typed in the address comes back after a refusal, never the password.
#[derive(Serialize)]
struct LoginView<'a> {
    title: String,
    next: &'a str,
    email: &'a str,
    error: Option<String>,
    signed_in: bool,
}

impl<'a> LoginView<'a> {
    fn new(language: Language, next: &'a str, email: &'a str, error: Option<String>) -> Self {
        Self { title: messages::text(language, "page-sign-in"), next, email, error, signed_in: false }
    }
}

pub async fn form(headers: HeaderMap, Query(query): Query<NextQuery>) -> Response {
    let next = local_path(&query.next);
    let language = asked_language(&headers);
    render(language, StatusCode::OK, "login", &LoginView::new(language, next, "", None))
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !same_origin(&headers) {
        return cross_site_refused(&headers);
    }
    let next = local_path(&form.next).to_string();
    let login = state.services.login(&form.email, &form.password, client.ip());
    match REQUEST_ID.scope(request_id.0.clone(), login).await {
        Ok(session) => {
            let secure = if state.services.public_url().starts_with("https://") { "; Secure" } else { "" };
            let max_age = (session.expires_at - state.services.clock().now()).num_seconds().max(0);
            let cookie = format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
                session.token
            );
            let mut response = Redirect::to(&next).into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(error) => {
            let status = match error {
                ServiceError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                ServiceError::LoginFailed => StatusCode::UNAUTHORIZED,
                _ => crate::web::status_of(&error),
            };
            let language = asked_language(&headers);
            // An internal error is logged with its cause and shown as its request id alone.
            let say = || crate::graphql::error::to_graphql(&error).message;
            let message =
                crate::request_context::LANGUAGE.sync_scope(language, || REQUEST_ID.sync_scope(request_id.0, say));
            render(language, status, "login", &LoginView::new(language, &next, &form.email, Some(message)))
        }
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

/// Signs out the page's session: a form of this site with its token, so no other site can.
pub async fn logout(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let _ = state.services.logout(&page.actor).await;
    let mut response = Redirect::to("/login").into_response();
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

fn cross_site_refused(headers: &HeaderMap) -> Response {
    message_page(asked_language(headers), StatusCode::FORBIDDEN, "page-forbidden", "page-cross-site")
}
