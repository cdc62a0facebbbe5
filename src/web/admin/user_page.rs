//! One person of the organisation, for its admin: their roles (a work role granted is told to
//! the privacy officers), a link to set a new password by mail, taking off a lost second
//! factor, and disabling the account.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::ids::UserId;
use crate::domain::role::Role;
use crate::messages;
use crate::service::accounts::access::{AdminScope, UserDirectoryScope};
use crate::service::ServiceError;
use crate::web::admin::users::{posted_roles, role_choices, role_label};
use crate::web::casework::form::{Choice, Posted};
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
pub struct TokenOnly {
    #[serde(default)]
    csrf: String,
}

#[derive(Deserialize)]
pub struct ConfirmedForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

#[derive(Serialize)]
struct UserView {
    title: String,
    id: String,
    email: String,
    roles_now: String,
    created: String,
    disabled: Option<String>,
    is_self: bool,
    notice: Option<String>,
    roles: Vec<Choice>,
    errors: Vec<FieldError>,
    disable_error: Option<String>,
    totp: bool,
    totp_error: Option<String>,
    roles_error: Option<String>,
    admin_section: &'static str,
}

/// The notices a finished change comes back with.
const DONE: [(&str, &str); 5] = [
    ("added", "admin-user-done-added"),
    ("roles", "admin-user-done-roles"),
    ("reset", "admin-user-done-reset"),
    ("disabled", "admin-user-done-disabled"),
    ("totp", "admin-user-done-totp"),
];

pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Response {
    render(&state, &page, &id, &query.done, None, Vec::new()).await
}

async fn render(
    state: &AppState,
    page: &PageActor,
    id: &str,
    done: &str,
    typed_roles: Option<Vec<Role>>,
    errors: Vec<FieldError>,
) -> Response {
    let language = page.actor.language;
    let (Ok(id), Ok(scope_of_admin), Ok(scope)) =
        (id.parse::<UserId>(), AdminScope::of(&page.actor), UserDirectoryScope::of(&page.actor))
    else {
        return page.error(&ServiceError::NotFound);
    };
    let user = match state.services.find_user(&scope, id).await {
        Ok(user) => user,
        Err(error) => return page.error(&error),
    };
    let totp = match state.services.user_has_second_factor(&scope_of_admin, id).await {
        Ok(totp) => totp,
        Err(error) => return page.error(&error),
    };
    let held: Vec<Role> = user.roles.iter().collect();
    let view = UserView {
        title: user.display_name.clone(),
        id: user.id.to_string(),
        email: user.email.as_str().to_owned(),
        roles_now: held.iter().map(|r| role_label(*r, language)).collect::<Vec<_>>().join(", "),
        created: labels::moment(user.created_at, language),
        disabled: user.disabled_at.map(|at| labels::moment(at, language)),
        is_self: page.actor.user_id() == Some(user.id),
        notice: DONE.iter().find(|(code, _)| *code == done).map(|(_, m)| messages::text(language, m)),
        roles: role_choices(page, typed_roles.as_deref().unwrap_or(&held)),
        disable_error: errors.iter().find_map(|e| e.message_for("disable-confirm")),
        totp,
        totp_error: errors.iter().find_map(|e| e.message_for("totp-confirm").or_else(|| e.message_for("totp-title"))),
        roles_error: errors.iter().find_map(|e| e.message_for("role-0")),
        admin_section: "users",
        errors,
    };
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    page.render_status(status, "admin_user", &view)
}

pub async fn set_roles(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let (Ok(user), Ok(scope)) = (id.parse::<UserId>(), AdminScope::of(&page.actor)) else {
        return page.error(&ServiceError::NotFound);
    };
    let roles = posted_roles(&posted);
    match state.services.set_user_roles(&scope, user, roles.clone()).await {
        Ok(_) => Redirect::to(&format!("/admin/users/{user}?done=roles")).into_response(),
        Err(error @ ServiceError::BadInput { .. }) => {
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            render(&state, &page, &id, "", Some(roles), vec![FieldError::at("role-0", message)]).await
        }
        Err(error) => page.error(&error),
    }
}

pub async fn send_reset(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TokenOnly>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let (Ok(user), Ok(scope)) = (id.parse::<UserId>(), AdminScope::of(&page.actor)) else {
        return page.error(&ServiceError::NotFound);
    };
    match state.services.send_password_reset(&scope, user).await {
        Ok(()) => Redirect::to(&format!("/admin/users/{user}?done=reset")).into_response(),
        Err(error) => page.error(&error),
    }
}

pub async fn disable(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ConfirmedForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let (Ok(user), Ok(scope)) = (id.parse::<UserId>(), AdminScope::of(&page.actor)) else {
        return page.error(&ServiceError::NotFound);
    };
    if form.confirm != "yes" {
        let message = messages::text(page.actor.language, "admin-user-disable-unconfirmed");
        return render(&state, &page, &id, "", None, vec![FieldError::at("disable-confirm", message)]).await;
    }
    match state.services.disable_user(&scope, user).await {
        Ok(_) => Redirect::to(&format!("/admin/users/{user}?done=disabled")).into_response(),
        Err(error @ ServiceError::BadInput { .. }) => {
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            render(&state, &page, &id, "", None, vec![FieldError::at("disable-confirm", message)]).await
        }
        Err(error) => page.error(&error),
    }
}

/// Takes a lost second factor off, after the admin ticked that the person asked for it.
pub async fn remove_second_factor(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ConfirmedForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let (Ok(user), Ok(scope)) = (id.parse::<UserId>(), AdminScope::of(&page.actor)) else {
        return page.error(&ServiceError::NotFound);
    };
    if form.confirm != "yes" {
        let message = messages::text(page.actor.language, "admin-user-totp-unconfirmed");
        return render(&state, &page, &id, "", None, vec![FieldError::at("totp-confirm", message)]).await;
    }
    match state.services.remove_second_factor(&scope, user).await {
        Ok(()) => Redirect::to(&format!("/admin/users/{user}?done=totp")).into_response(),
        // Off already (another admin, a second click): said at the section, which has no form now.
        Err(ServiceError::BadInput { reason, .. }) if reason.code == "no-second-factor" => {
            let message = messages::say(page.actor.language, &reason);
            render(&state, &page, &id, "", None, vec![FieldError::at("totp-title", message)]).await
        }
        Err(error) => page.error(&error),
    }
}
