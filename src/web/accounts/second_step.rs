//! The second step of signing in, in a browser: the code of the authenticator app (or a
//! recovery code), or enrolling an app when the account's roles require one. Between the
//! password and the code the browser holds only the challenge, in a cookie for `/login`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use crate::crypto::token::{form_token, form_token_matches};
use crate::domain::second_factor::ChallengePurpose;
use crate::domain::user::Language;
use crate::messages;
use crate::request_context::REQUEST_ID;
use crate::service::accounts::second_factor::Enrolling;
use crate::service::accounts::two_step::LoginChallenge;
use crate::service::ServiceError;
use crate::web::accounts::qr;
use crate::web::accounts::sign_in::{
    add_cookie, cross_site_refused, login_status, refusal_message, secure_flag, signed_in,
};
use crate::web::casework::register::FieldError;
use crate::web::graphql::asked_language;
use crate::web::page::{local_path, message_page, render};
use crate::web::{AppState, RequestId};

const CHALLENGE_COOKIE: &str = "ketenaanpak_challenge";

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

/// The code form, or the enrolment page with its QR code and secret.
#[derive(Serialize)]
struct StepView<'a> {
    title: String,
    next: &'a str,
    /// `next` for the address of the link back to the password.
    next_encoded: String,
    csrf: String,
    errors: Vec<FieldError>,
    enrolment: Option<EnrolmentView>,
}

#[derive(Serialize)]
pub(super) struct EnrolmentView {
    pub(super) qr_svg: Option<String>,
    /// The secret in groups of four, as apps show it.
    pub(super) secret_groups: String,
}

impl EnrolmentView {
    pub(super) fn new(secret: &str, otpauth_uri: &str) -> Self {
        let groups: Vec<String> =
            secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        Self { qr_svg: qr::svg(otpauth_uri), secret_groups: groups.join(" ") }
    }
}

/// After a good password: the challenge in its cookie, and on to the step it asks for.
pub fn ask(state: &AppState, challenge: &LoginChallenge, next: &str) -> Response {
    let path = match challenge.purpose {
        ChallengePurpose::Code => "/login/code",
        ChallengePurpose::Enrol => "/login/enrol",
    };
    let mut response =
        Redirect::to(&format!("{path}?next={}", utf8_percent_encode(next, NON_ALPHANUMERIC))).into_response();
    let max_age = (challenge.expires_at - state.services.clock().now()).num_seconds().max(0);
    let cookie = format!(
        "{CHALLENGE_COOKIE}={}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        challenge.token,
        secure_flag(state)
    );
    add_cookie(&mut response, &cookie);
    response
}

pub(super) fn expired_challenge_cookie(secure: &str) -> String {
    format!("{CHALLENGE_COOKIE}=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

pub async fn code_form(headers: HeaderMap, Query(query): Query<NextQuery>) -> Response {
    let next = local_path(&query.next);
    let Some(challenge) = challenge_cookie(&headers) else { return back_to_login(next) };
    let language = asked_language(&headers);
    step_page(language, StatusCode::OK, "login_code", next, challenge, None, None)
}

pub async fn code_submit(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let next = local_path(&form.next).to_owned();
    let challenge = match checked_challenge(&headers, &form.csrf, &next) {
        Ok(challenge) => challenge,
        Err(refused) => return *refused,
    };
    let completed = state.services.complete_login(challenge, &form.code, client.ip());
    match REQUEST_ID.scope(request_id.0.clone(), completed).await {
        Ok(session) => signed_in(&state, &session, Redirect::to(&next).into_response()),
        Err(error) => refused_step(&headers, &request_id, &error, "login_code", &next, challenge, None),
    }
}

pub async fn enrol_form(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Response {
    let next = local_path(&query.next);
    let Some(challenge) = challenge_cookie(&headers) else { return back_to_login(next) };
    let language = asked_language(&headers);
    let enrolling = Enrolling::DuringSignIn { challenge, client: client.ip() };
    match state.services.begin_totp_enrolment(enrolling).await {
        Ok(enrolment) => {
            let view = EnrolmentView::new(&enrolment.secret, &enrolment.otpauth_uri);
            step_page(language, StatusCode::OK, "login_enrol", next, challenge, None, Some(view))
        }
        Err(error) => sign_in_again(language, next, &error),
    }
}

pub async fn enrol_submit(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let next = local_path(&form.next).to_owned();
    let challenge = match checked_challenge(&headers, &form.csrf, &next) {
        Ok(challenge) => challenge,
        Err(refused) => return *refused,
    };
    let language = asked_language(&headers);
    let enrolling = || Enrolling::DuringSignIn { challenge, client: client.ip() };
    let confirmed = state.services.confirm_totp_enrolment(enrolling(), &form.code, None);
    match REQUEST_ID.scope(request_id.0.clone(), confirmed).await {
        Ok(confirmed) => {
            let Some(session) = confirmed.session else { return back_to_login(&next) };
            let view = recovery_codes_view(language, &confirmed.recovery_codes, &next);
            signed_in(&state, &session, render(language, StatusCode::OK, "recovery_codes", &view))
        }
        Err(error) => {
            let enrolment = match state.services.begin_totp_enrolment(enrolling()).await {
                Ok(e) => EnrolmentView::new(&e.secret, &e.otpauth_uri),
                Err(error) => return sign_in_again(language, &next, &error),
            };
            refused_step(&headers, &request_id, &error, "login_enrol", &next, challenge, Some(enrolment))
        }
    }
}

/// The recovery codes, shown once: after enrolling at sign-in, or from the account page.
#[derive(Serialize)]
struct RecoveryCodesView<'a> {
    title: String,
    codes: &'a [String],
    next: &'a str,
}

pub(super) fn recovery_codes_view<'a>(language: Language, codes: &'a [String], next: &'a str) -> impl Serialize + 'a {
    RecoveryCodesView { title: messages::text(language, "totp-codes-title"), codes, next }
}

fn step_page(
    language: Language,
    status: StatusCode,
    template: &str,
    next: &str,
    challenge: &str,
    error: Option<String>,
    enrolment: Option<EnrolmentView>,
) -> Response {
    let title = messages::text(language, if enrolment.is_some() { "totp-enrol-title" } else { "totp-code-title" });
    let errors = error.map(|message| vec![FieldError::at("code", message)]).unwrap_or_default();
    let next_encoded = utf8_percent_encode(next, NON_ALPHANUMERIC).to_string();
    let view = StepView { title, next, next_encoded, csrf: form_token(challenge), errors, enrolment };
    render(language, status, template, &view)
}

/// A refused code comes back on its form with the reason; a challenge that has ended goes
/// back to the password.
fn refused_step(
    headers: &HeaderMap,
    request_id: &RequestId,
    error: &ServiceError,
    template: &str,
    next: &str,
    challenge: &str,
    enrolment: Option<EnrolmentView>,
) -> Response {
    let language = asked_language(headers);
    if matches!(error, ServiceError::BadInput { field: "challenge", .. }) {
        return sign_in_again(language, next, error);
    }
    let message = refusal_message(error, language, request_id);
    step_page(language, login_status(error), template, next, challenge, Some(message), enrolment)
}

/// The login page again, saying why.
fn sign_in_again(language: Language, next: &str, error: &ServiceError) -> Response {
    let message =
        crate::request_context::LANGUAGE.sync_scope(language, || crate::graphql::error::to_graphql(error).message);
    let view = serde_json::json!({
        "title": messages::text(language, "page-sign-in"), "next": next, "email": "", "error": message,
    });
    render(language, login_status(error), "login", &view)
}

/// The challenge of a form posted from this site with the challenge's form token.
fn checked_challenge<'h>(headers: &'h HeaderMap, csrf: &str, next: &str) -> Result<&'h str, Box<Response>> {
    let Some(challenge) = challenge_cookie(headers) else { return Err(Box::new(back_to_login(next))) };
    if !crate::web::page::same_origin(headers) {
        return Err(Box::new(cross_site_refused(headers)));
    }
    if !form_token_matches(challenge, csrf) {
        let language = asked_language(headers);
        return Err(Box::new(message_page(language, StatusCode::FORBIDDEN, "page-forbidden", "page-form-stale")));
    }
    Ok(challenge)
}

fn back_to_login(next: &str) -> Response {
    Redirect::to(&format!("/login?next={}", utf8_percent_encode(next, NON_ALPHANUMERIC))).into_response()
}

fn challenge_cookie(headers: &HeaderMap) -> Option<&str> {
    crate::web::page::cookie(headers, CHALLENGE_COOKIE)
}
