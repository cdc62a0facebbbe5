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
use crate::service::accounts::sign_in::{LoginOutcome, LoginSession};
use crate::service::ServiceError;
use crate::web::accounts::second_step;
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
        Ok(LoginOutcome::SignedIn(session)) => signed_in(&state, &session, Redirect::to(&next).into_response()),
        Ok(LoginOutcome::SecondFactor(challenge)) => second_step::ask(&state, &challenge, &next),
        Err(error) => {
            let language = asked_language(&headers);
            let message = refusal_message(&error, language, &request_id);
            let status = login_status(&error);
            render(language, status, "login", &LoginView::new(language, &next, &form.email, Some(message)))
        }
    }
}

/// The status of a refused sign-in step.
pub(super) fn login_status(error: &ServiceError) -> StatusCode {
    match error {
        ServiceError::Throttled => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::LoginFailed => StatusCode::UNAUTHORIZED,
        _ => crate::web::status_of(error),
    }
}

/// What a refused sign-in step says; an internal error is logged with its cause and shown as
/// its request id alone.
pub(super) fn refusal_message(error: &ServiceError, language: Language, request_id: &RequestId) -> String {
    let say = || crate::graphql::error::to_graphql(error).message;
    crate::request_context::LANGUAGE.sync_scope(language, || REQUEST_ID.sync_scope(request_id.0.clone(), say))
}

/// `response` with the new session's cookie, and the challenge cookie of a second step gone.
pub(super) fn signed_in(state: &AppState, session: &LoginSession, mut response: Response) -> Response {
    let secure = secure_flag(state);
    let max_age = (session.expires_at - state.services.clock().now()).num_seconds().max(0);
    let cookie =
        format!("{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}", session.token);
    add_cookie(&mut response, &cookie);
    add_cookie(&mut response, &second_step::expired_challenge_cookie(secure));
    response
}

pub(super) fn secure_flag(state: &AppState) -> &'static str {
    if state.services.public_url().starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

pub(super) fn add_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
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
    add_cookie(&mut response, &format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"));
    response
}

pub(super) fn cross_site_refused(headers: &HeaderMap) -> Response {
    message_page(asked_language(headers), StatusCode::FORBIDDEN, "page-forbidden", "page-cross-site")
}
