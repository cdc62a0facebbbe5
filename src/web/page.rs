//! What every web page shares: the templates (compiled into the binary, HTML-escaped), the
//! session cookie, safe response headers, and error pages that say no more than GraphQL does.

use std::sync::OnceLock;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use handlebars::Handlebars;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::json;

use crate::domain::actor::Actor;
use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::web::AppState;

/// The session cookie: HttpOnly, SameSite=Strict, Secure behind https. It is accepted by the
/// pages only, never by /graphql, so no other site can make a browser call the API.
pub const SESSION_COOKIE: &str = "ketenaanpak_session";

const PAGES: [(&str, &str); 41] = [
    ("admin_tokens", include_str!("../../templates/web/admin_tokens.html")),
    ("admin_keys", include_str!("../../templates/web/admin_keys.html")),
    ("admin_nav", include_str!("../../templates/web/_admin_nav.html")),
    ("series", include_str!("../../templates/web/series.html")),
    ("series_chain", include_str!("../../templates/web/series_chain.html")),
    ("minutes_print", include_str!("../../templates/web/minutes_print.html")),
    ("series_form", include_str!("../../templates/web/series_form.html")),
    ("reschedule", include_str!("../../templates/web/reschedule.html")),
    ("audit", include_str!("../../templates/web/audit.html")),
    ("admin_users", include_str!("../../templates/web/admin_users.html")),
    ("admin_user", include_str!("../../templates/web/admin_user.html")),
    ("role_boxes", include_str!("../../templates/web/_role_boxes.html")),
    ("password_reset", include_str!("../../templates/web/password_reset.html")),
    ("error_summary", include_str!("../../templates/web/_error_summary.html")),
    ("account", include_str!("../../templates/web/account.html")),
    ("account_totp", include_str!("../../templates/web/account_totp.html")),
    ("enrolment", include_str!("../../templates/web/_enrolment.html")),
    ("login_code", include_str!("../../templates/web/login_code.html")),
    ("login_enrol", include_str!("../../templates/web/login_enrol.html")),
    ("recovery_codes", include_str!("../../templates/web/recovery_codes.html")),
    ("minutes", include_str!("../../templates/web/minutes.html")),
    ("prepare_remove", include_str!("../../templates/web/prepare_remove.html")),
    ("prepare", include_str!("../../templates/web/prepare.html")),
    ("meetings", include_str!("../../templates/web/meetings.html")),
    ("actions", include_str!("../../templates/web/actions.html")),
    ("action", include_str!("../../templates/web/action.html")),
    ("graphql_help", include_str!("../../templates/web/graphql_help.html")),
    ("chain_cases", include_str!("../../templates/web/chain_cases.html")),
    ("pattern", include_str!("../../templates/web/pattern.html")),
    ("referrals", include_str!("../../templates/web/referrals.html")),
    ("referral", include_str!("../../templates/web/referral.html")),
    ("referral_compose", include_str!("../../templates/web/referral_compose.html")),
    ("consent_withdraw", include_str!("../../templates/web/consent_withdraw.html")),
    ("cases", include_str!("../../templates/web/cases.html")),
    ("case_new", include_str!("../../templates/web/case_new.html")),
    ("case", include_str!("../../templates/web/case.html")),
    ("layout", include_str!("../../templates/web/_layout.html")),
    ("home", include_str!("../../templates/web/home.html")),
    ("login", include_str!("../../templates/web/login.html")),
    ("agenda", include_str!("../../templates/web/agenda.html")),
    ("overview", include_str!("../../templates/web/overview.html")),
];
const MESSAGE: &str = "{{#> layout}}<h1>{{title}}</h1><p>{{message}}</p>{{/layout}}";

fn templates() -> &'static Handlebars<'static> {
    static TEMPLATES: OnceLock<Handlebars<'static>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        for (name, text) in PAGES {
            registry.register_template_string(name, text).expect("the page templates compile");
        }
        registry.register_template_string("message", MESSAGE).expect("the message template compiles");
        registry.register_helper("t", Box::new(messages::template_helper));
        registry
    })
}

/// Renders a page's view in `language` with the headers every page carries: no scripts, no
/// framing, no caching (agendas hold casework), no referrer to other sites (same-origin keeps
/// the Origin header that the forms are checked by).
pub fn render(language: Language, status: StatusCode, name: &str, view: &impl Serialize) -> Response {
    let mut data = match serde_json::to_value(view) {
        Ok(data) => data,
        Err(_) => return internal_page(language, name),
    };
    if let Some(object) = data.as_object_mut() {
        object.insert("lang".into(), json!(language.as_str()));
        // The layout's own fields; a page of a signed-in caller sets them (PageActor::render).
        object.entry("signed_in").or_insert(json!(false));
        object.entry("csrf").or_insert(json!(""));
        object.entry("here").or_insert(json!("/"));
        object.entry("registers").or_insert(json!(false));
        object.entry("chain_work").or_insert(json!(false));
        object.entry("admin").or_insert(json!(false));
        object.entry("privacy").or_insert(json!(false));
    }
    match templates().render(name, &data) {
        Ok(html) => (status, secure_headers(), html).into_response(),
        Err(error) => {
            // The template and line only: a render error's text can quote the data.
            tracing::error!(template = name, line = ?error.line_no, "a page did not render");
            internal_page(language, name)
        }
    }
}

/// The styled 500 page, for a page that could not be made; it carries nothing of the data.
fn internal_page(language: Language, failed: &str) -> Response {
    let view = MessageView::new(language, "page-internal", "page-internal-explained");
    let data = json!({ "lang": language.as_str(), "title": view.title, "message": view.message, "signed_in": false, "csrf": "", "here": "/", "registers": false, "chain_work": false, "admin": false, "privacy": false });
    match templates().render("message", &data) {
        Ok(html) => (StatusCode::INTERNAL_SERVER_ERROR, secure_headers(), html).into_response(),
        Err(_) => {
            tracing::error!(template = failed, "the error page did not render either");
            (StatusCode::INTERNAL_SERVER_ERROR, secure_headers(), view.message).into_response()
        }
    }
}

/// A page that says one thing: a title and a sentence.
#[derive(Serialize)]
pub struct MessageView {
    title: String,
    message: String,
}

impl MessageView {
    pub fn new(language: Language, title: &str, message: &str) -> Self {
        Self { title: messages::text(language, title), message: messages::text(language, message) }
    }
}

/// A message page with its status, such as the refusal of a form posted from another site.
pub fn message_page(language: Language, status: StatusCode, title: &str, message: &str) -> Response {
    render(language, status, "message", &MessageView::new(language, title, message))
}

/// A panic in a page handler: the styled 500 page, in Dutch (the panic took the caller's
/// language with it); the panic and the request id are in the log.
pub fn panic_page(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    internal_page(Language::Nl, "panic")
}

fn secure_headers() -> [(header::HeaderName, HeaderValue); 6] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

/// A service error as a page in the reader's language: the same words and status as the
/// other doors.
pub fn error_page(language: Language, error: &ServiceError) -> Response {
    let status = crate::web::status_of(error);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        // Logged with its cause where it arose; the page only says sorry.
        return internal_page(language, "error");
    }
    let message =
        crate::request_context::LANGUAGE.sync_scope(language, || crate::graphql::error::to_graphql(error).message);
    render(language, status, "message", &MessageView { title: messages::text(language, error_title(status)), message })
}

/// Any address the service does not know (a mistyped link, a page still to come): the
/// styled "not found" page, in the signed-in reader's language or the one the browser asks.
pub async fn unknown_address(
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: HeaderMap,
) -> Response {
    let actor = match session_cookie(&headers) {
        Some(token) => state.services.authenticate(token).await.ok(),
        None => None,
    };
    let language = actor.as_ref().map_or_else(|| crate::web::graphql::asked_language(&headers), |a| a.language);
    let view = MessageView::new(language, "page-not-found", "page-not-found-explained");
    render(language, StatusCode::NOT_FOUND, "message", &view)
}

/// A page's signed-in caller, as an extractor: without a session the page answers with a
/// redirect to the login page that comes back to it. It renders the caller's pages with the
/// layout's navigation and the session's form token, and checks the token of a form posted.
pub struct PageActor {
    pub actor: Actor,
    form_token: String,
    here: String,
}

impl axum::extract::FromRequestParts<AppState> for PageActor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self, Response> {
        // A form's address answers posts only; its page is the address above it (the case page
        // for its identity form), so signing in again or switching language lands there.
        let here = match parts.method {
            axum::http::Method::GET => parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned(),
            _ => parent_page(parts.uri.path()),
        };
        let actor = page_actor(state, &parts.headers, &here).await?;
        let session = session_cookie(&parts.headers).unwrap_or_default();
        Ok(PageActor { actor, form_token: crate::crypto::token::form_token(session), here })
    }
}

impl PageActor {
    /// The caller's page `name` with `view`, status 200.
    pub fn render(&self, name: &str, view: &impl Serialize) -> Response {
        self.render_status(StatusCode::OK, name, view)
    }

    pub fn render_status(&self, status: StatusCode, name: &str, view: &impl Serialize) -> Response {
        let mut data = serde_json::to_value(view).unwrap_or_else(|_| json!({}));
        if let Some(object) = data.as_object_mut() {
            object.insert("signed_in".into(), json!(true));
            object.insert("csrf".into(), json!(self.form_token));
            object.insert("here".into(), json!(local_path(&self.here)));
            object.insert("other_language".into(), json!(other_language(self.actor.language)));
            object.insert("registers".into(), json!(self.actor.does_case_work()));
            object.insert("chain_work".into(), json!(self.actor.does_chain_work()));
            object.insert("admin".into(), json!(self.actor.has_role(crate::domain::role::Role::OrgAdmin)));
            object.insert("privacy".into(), json!(self.actor.has_role(crate::domain::role::Role::PrivacyOfficer)));
        }
        render(self.actor.language, status, name, &data)
    }

    /// A service error as the caller's page, with the layout of a signed-in page.
    pub fn error(&self, error: &ServiceError) -> Response {
        let status = crate::web::status_of(error);
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            return internal_page(self.actor.language, "error");
        }
        let language = self.actor.language;
        let message =
            crate::request_context::LANGUAGE.sync_scope(language, || crate::graphql::error::to_graphql(error).message);
        let view = MessageView { title: messages::text(language, error_title(status)), message };
        self.render_status(status, "message", &view)
    }

    /// The styled refusal of a form posted by this caller, unless it came from this site with
    /// the session's form token. Nothing is changed before this says `None`.
    pub fn form_refusal(&self, headers: &HeaderMap, token: &str) -> Option<Response> {
        let from_here = same_origin(headers);
        if from_here && crate::crypto::token::form_token_matches(self.session_of(headers), token) {
            return None;
        }
        let message = if from_here { "page-form-stale" } else { "page-cross-site" };
        Some(message_page(self.actor.language, StatusCode::FORBIDDEN, "page-forbidden", message))
    }

    fn session_of<'a>(&self, headers: &'a HeaderMap) -> &'a str {
        session_cookie(headers).unwrap_or_default()
    }
}

fn parent_page(path: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    // Every form on a case's or a referral's page posts below it: back to that page.
    if let [kind @ ("cases" | "referrals"), id, _, ..] = segments.as_slice() {
        return format!("/{kind}/{id}");
    }
    // An action's update posts to the action's own page; a meeting's forms to the chair's page.
    match segments.as_slice() {
        ["actions", id] => return format!("/actions/{id}"),
        ["admin", "users", id, ..] if !id.is_empty() => return format!("/admin/users/{id}"),
        ["admin", "users"] => return "/admin/users".to_owned(),
        ["admin", page @ ("tokens" | "keys"), ..] => return format!("/admin/{page}"),
        ["meetings", id, page @ ("prepare" | "minutes"), ..] => return format!("/meetings/{id}/{page}"),
        _ => {}
    }
    match path.trim_end_matches('/').rsplit_once('/') {
        Some((parent, _)) if !parent.is_empty() => parent.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The switch to the other language, in that language (`lang` on the control).
#[derive(Serialize)]
struct OtherLanguage {
    code: &'static str,
    name: &'static str,
}

fn other_language(language: Language) -> OtherLanguage {
    match language {
        Language::Nl => OtherLanguage { code: "en", name: "English" },
        Language::En => OtherLanguage { code: "nl", name: "Nederlands" },
    }
}

fn error_title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "page-not-found",
        StatusCode::FORBIDDEN => "page-forbidden",
        _ => "page-refused",
    }
}

/// A form posted from another site carries its own Origin; browsers send one with every POST.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    origin.split_once("://").is_some_and(|(_, rest)| rest == host)
}

/// The signed-in caller of a page, or a redirect to the login page that comes back here.
pub async fn page_actor(state: &AppState, headers: &HeaderMap, here: &str) -> Result<Actor, Response> {
    let to_login =
        || Redirect::to(&format!("/login?next={}", utf8_percent_encode(here, NON_ALPHANUMERIC))).into_response();
    let Some(token) = session_cookie(headers) else { return Err(to_login()) };
    // Pages are for people: an API token put in the cookie is no session.
    if !matches!(crate::crypto::token::TokenKind::of(token), Some(crate::crypto::token::TokenKind::Session)) {
        return Err(to_login());
    }
    match state.services.authenticate(token).await {
        Ok(actor) => Ok(actor),
        Err(ServiceError::Unauthenticated) => Err(to_login()),
        Err(error) => Err(error_page(crate::web::graphql::asked_language(headers), &error)),
    }
}

pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, SESSION_COOKIE)
}

/// The value of the cookie `name`, when it has one.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, value)| *found == name && !value.is_empty())
        .map(|(_, value)| value)
}

/// A path on this site to return to after login; anything else (another host, `//x`, a
/// scheme) goes to the start. Only printable ASCII: browsers drop tabs and newlines from a
/// `Location`, so `/<tab>/evil.example` would become `//evil.example`; a backslash counts as
/// a slash to them.
pub fn local_path(next: &str) -> &str {
    let printable = next.bytes().all(|b| b.is_ascii_graphic());
    let local = printable && next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_come_back_after_login() {
        assert_eq!(local_path("/meetings/1/agenda"), "/meetings/1/agenda");
        assert_eq!(local_path("/overviews/2026-10?x=%09"), "/overviews/2026-10?x=%09");
        let outside = [
            "//evil.example/x",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n//evil.example",
            "/ /evil.example",
            "/\u{7f}/evil.example",
            "/\u{3000}/evil.example",
            "evil",
            "",
        ];
        for outside in outside {
            assert_eq!(local_path(outside), "/", "{outside}");
        }
    }

    #[test]
    fn a_forms_page_is_the_address_above_it() {
        assert_eq!(parent_page("/cases/0b6f/identity"), "/cases/0b6f");
        assert_eq!(parent_page("/logout"), "/");
        assert_eq!(parent_page("/account/language"), "/account");
        assert_eq!(parent_page("/cases/0b6f/consents/refer"), "/cases/0b6f");
        assert_eq!(parent_page("/cases/0b6f/consents/9a1c/withdraw"), "/cases/0b6f");
        assert_eq!(parent_page("/referrals/77de/decline"), "/referrals/77de");
        assert_eq!(parent_page("/actions/3c2a"), "/actions/3c2a");
        assert_eq!(parent_page("/meetings/5e1f/prepare/move"), "/meetings/5e1f/prepare");
        assert_eq!(parent_page("/cases/new"), "/cases");
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; ketenaanpak_session=kts_x; b=2"));
        assert_eq!(session_cookie(&headers), Some("kts_x"));
    }

    #[tokio::test]
    async fn a_panic_in_a_page_is_the_styled_page_in_dutch() {
        let response = panic_page(Box::new("boom"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("<html lang=\"nl\">") && html.contains("<h1>Er ging iets mis</h1>"), "{html}");
        assert!(!html.contains("boom") && !html.contains("Something"), "{html}");
    }

    #[test]
    fn pages_escape_what_they_show() {
        let html = templates()
            .render(
                "message",
                &json!({ "lang": "nl", "title": "<b>", "message": "<script>", "signed_in": false, "csrf": "", "here": "/", "registers": false, "chain_work": false, "admin": false, "privacy": false }),
            )
            .unwrap();
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    }
}
