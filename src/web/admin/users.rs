//! The organisation's people, and adding one: the new user chooses their first password from
//! a link mailed to them, so the admin never knows it. A work role is told to the privacy
//! officers; the form says so before it is sent.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::domain::role::Role;
use crate::domain::user::{Language, User};
use crate::messages;
use crate::service::accounts::access::{AdminScope, UserDirectoryScope};
use crate::service::accounts::users::{InitialPassword, NewUser};
use crate::service::ServiceError;
use crate::store::sql::PageRequest;
use crate::web::casework::form::{choice, Choice, Posted};
use crate::web::casework::register::FieldError;
use crate::web::page::PageActor;
use crate::web::AppState;

/// The roles checked in a posted form (one `roles` field per box).
pub(super) fn posted_roles(posted: &Posted) -> Vec<Role> {
    posted.all("roles").iter().filter_map(|code| Role::parse(code)).collect()
}

#[derive(Serialize)]
struct UsersView {
    title: String,
    users: Vec<UserRow>,
    more: bool,
    name_error: Option<String>,
    roles_error: Option<String>,
    admin_section: &'static str,
    email_error: Option<String>,
    errors: Vec<FieldError>,
    email: String,
    display_name: String,
    roles: Vec<Choice>,
    languages: Vec<Choice>,
}

#[derive(Serialize)]
struct UserRow {
    link: String,
    name: String,
    email: String,
    roles: String,
    disabled: bool,
}

/// What was typed in the form to add someone, kept when it is refused.
#[derive(Default)]
struct Typed {
    email: String,
    display_name: String,
    roles: Vec<Role>,
    language: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor) -> Response {
    render(&state, &page, Typed::default(), Vec::new()).await
}

pub async fn add(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let scope = match AdminScope::of(&page.actor) {
        Ok(scope) => scope,
        Err(_) => return page.error(&ServiceError::NotFound),
    };
    let typed = Typed {
        email: posted.one("email"),
        display_name: posted.one("display_name"),
        roles: posted_roles(&posted),
        language: posted.one("language"),
    };
    let new = NewUser {
        email: typed.email.clone(),
        display_name: typed.display_name.clone(),
        roles: typed.roles.clone(),
        language: Language::parse(&typed.language).unwrap_or(Language::Nl),
        password: InitialPassword::ByMail,
    };
    match state.services.create_user(&scope, new).await {
        Ok(created) => Redirect::to(&format!("/admin/users/{}?done=added", created.user.id)).into_response(),
        Err(error @ ServiceError::BadInput { .. }) | Err(error @ ServiceError::Conflict(_)) => {
            let field = match &error {
                ServiceError::BadInput { field, .. } => field_target(field),
                _ => "email",
            };
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            render(&state, &page, typed, vec![FieldError::at(field, message)]).await
        }
        Err(error) => page.error(&error),
    }
}

/// The control on the page for a field the service names.
fn field_target(field: &str) -> &'static str {
    match field {
        "displayName" => "display-name",
        "roles" => "role-0",
        _ => "email",
    }
}

async fn render(state: &AppState, page: &PageActor, typed: Typed, errors: Vec<FieldError>) -> Response {
    let language = page.actor.language;
    // Admins only: a privacy officer reads the user list in the audit view.
    let Ok(scope) = AdminScope::of(&page.actor).and_then(|_| UserDirectoryScope::of(&page.actor)) else {
        return page.error(&ServiceError::NotFound);
    };
    let listed = match state.services.list_users(&scope, &PageRequest { first: 200, after: None }).await {
        Ok(listed) => listed,
        Err(error) => return page.error(&error),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let chosen_language = Language::parse(&typed.language).unwrap_or(Language::Nl);
    let view = UsersView {
        title: messages::text(language, "admin-users-title"),
        users: listed.items.iter().map(|u| row(u, language)).collect(),
        more: listed.has_next_page,
        name_error: errors.iter().find_map(|e| e.message_for("display-name")),
        roles_error: errors.iter().find_map(|e| e.message_for("role-0")),
        admin_section: "users",
        email_error: errors.iter().find_map(|e| e.message_for("email")),
        errors,
        email: typed.email,
        display_name: typed.display_name,
        roles: role_choices(page, &typed.roles),
        languages: [Language::Nl, Language::En]
            .map(|l| {
                choice(l.as_str(), messages::text(language, &format!("language-{}", l.as_str())), l == chosen_language)
            })
            .into(),
    };
    page.render_status(status, "admin_users", &view)
}

fn row(user: &User, language: Language) -> UserRow {
    UserRow {
        link: format!("/admin/users/{}", user.id),
        name: user.display_name.clone(),
        email: user.email.as_str().to_owned(),
        roles: user.roles.iter().map(|r| role_label(r, language)).collect::<Vec<_>>().join(", "),
        disabled: user.disabled_at.is_some(),
    }
}

pub(super) fn role_label(role: Role, language: Language) -> String {
    messages::text(language, &format!("role-{}", role.as_str().replace('_', "-")))
}

/// A check box per role the organisation's kind can hand out, work roles marked.
pub(super) fn role_choices(page: &PageActor, chosen: &[Role]) -> Vec<Choice> {
    Role::for_kind(page.actor.organisation_kind)
        .into_iter()
        .map(|role| choice(role.as_str(), role_label(role, page.actor.language), chosen.contains(&role)))
        .collect()
}
