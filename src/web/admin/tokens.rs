//! The organisation's API tokens, for its machine clients: the list (name, roles, made,
//! expires, state), making one (its secret shown on that one answer and never again: only
//! its hash is stored) and revoking one. A work role on a token is told to the privacy
//! officers, as for a person. Every rule is the service's.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::api_token::ApiToken;
use crate::domain::ids::ApiTokenId;
use crate::domain::role::Role;
use crate::domain::user::Language;
use crate::messages;
use crate::service::accounts::access::AdminScope;
use crate::service::ServiceError;
use crate::store::sql::PageRequest;
use crate::web::admin::users::{posted_roles, role_choices, role_label};
use crate::web::casework::form::{Choice, Posted};
use crate::web::casework::register::FieldError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
struct TokensView {
    title: String,
    tokens: Vec<TokenRow>,
    more: bool,
    /// The secret of the token just made: on this answer only.
    created: Option<Created>,
    revoked: bool,
    errors: Vec<FieldError>,
    name: String,
    name_error: Option<String>,
    days: String,
    days_error: Option<String>,
    roles_error: Option<String>,
    roles: Vec<Choice>,
    admin_section: &'static str,
}

#[derive(Serialize)]
struct Created {
    name: String,
    secret: String,
}

#[derive(Serialize)]
struct TokenRow {
    id: String,
    name: String,
    roles: String,
    created: String,
    expires: String,
    state: &'static str,
    active: bool,
}

/// What was typed to make a token, kept when it is refused.
#[derive(Default)]
struct Typed {
    name: String,
    days: String,
    roles: Vec<Role>,
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Response {
    let outcome = Outcome { revoked: done.done == "revoked", ..Outcome::default() };
    render(&state, &page, Typed::default(), outcome).await
}

pub async fn create(State(state): State<AppState>, page: PageActor, headers: HeaderMap, body: Bytes) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(scope) = AdminScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let typed = Typed { name: posted.one("name"), days: posted.one("days"), roles: posted_roles(&posted) };
    let days = match typed.days.trim() {
        "" => Ok(None),
        days => days.parse::<i64>().map(Some),
    };
    let Ok(days) = days else {
        let message = messages::text(page.actor.language, "token-valid-days");
        return render(&state, &page, typed, Outcome::refused("days", message)).await;
    };
    match state.services.create_api_token(&scope, &typed.name, typed.roles.clone(), days).await {
        // Shown on this answer, never in a URL: a redirect would have to carry it.
        Ok(made) => {
            let created = Created { name: made.token.name, secret: made.plaintext };
            render(&state, &page, Typed::default(), Outcome { created: Some(created), ..Outcome::default() }).await
        }
        Err(error @ (ServiceError::BadInput { .. } | ServiceError::Conflict(_))) => {
            let target = match &error {
                ServiceError::BadInput { field: "validDays", .. } => "days",
                ServiceError::BadInput { field: "roles", .. } => "role-0",
                _ => "name",
            };
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            render(&state, &page, typed, Outcome::refused(target, message)).await
        }
        Err(error) => page.error(&error),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(scope) = AdminScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let Ok(id) = id.parse::<ApiTokenId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.revoke_api_token(&scope, id).await {
        Ok(()) => Redirect::to("/admin/tokens?done=revoked").into_response(),
        Err(error) => page.error(&error),
    }
}

/// How the last request ended: a token made, one revoked, or a refusal.
#[derive(Default)]
struct Outcome {
    created: Option<Created>,
    revoked: bool,
    errors: Vec<FieldError>,
}

impl Outcome {
    fn refused(target: &str, message: String) -> Outcome {
        Outcome { errors: vec![FieldError::at(target, message)], ..Outcome::default() }
    }
}

async fn render(state: &AppState, page: &PageActor, typed: Typed, outcome: Outcome) -> Response {
    let Ok(scope) = AdminScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let listed = match state.services.list_api_tokens(&scope, &PageRequest { first: 200, after: None }).await {
        Ok(listed) => listed,
        Err(error) => return page.error(&error),
    };
    let language = page.actor.language;
    let now = state.services.clock().now();
    let status = if outcome.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let error_at = |target: &str| outcome.errors.iter().find_map(|e| e.message_for(target));
    let view = TokensView {
        title: messages::text(language, "admin-tokens-title"),
        tokens: listed.items.iter().map(|t| row(t, now, language)).collect(),
        more: listed.has_next_page,
        name_error: error_at("name"),
        days_error: error_at("days"),
        roles_error: error_at("role-0"),
        admin_section: "tokens",
        created: outcome.created,
        revoked: outcome.revoked,
        errors: outcome.errors,
        name: typed.name,
        days: typed.days,
        roles: role_choices(page, &typed.roles),
    };
    page.render_status(status, "admin_tokens", &view)
}

fn row(token: &ApiToken, now: chrono::DateTime<chrono::Utc>, language: Language) -> TokenRow {
    let state = match (token.revoked_at, token.expires_at <= now) {
        (Some(_), _) => "admin-token-revoked",
        (None, true) => "admin-token-expired",
        (None, false) => "admin-token-active",
    };
    TokenRow {
        id: token.id.to_string(),
        name: token.name.clone(),
        roles: token.roles.iter().map(|r| role_label(r, language)).collect::<Vec<_>>().join(", "),
        created: labels::moment(token.created_at, language),
        expires: labels::date(crate::domain::calendar::local_date(token.expires_at), language),
        state,
        active: state == "admin-token-active",
    }
}
