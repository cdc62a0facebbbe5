//! The organisation's key pair: its public recipient (what partners seal referrals and
//! identities to), rotating it (a new pair; what the organisation holds is re-sealed), and
//! keeping the identity offline (the organisation gives a recipient of its own; the service
//! then holds no identity and cannot open what is sealed to it). The identity itself is
//! never shown on a page. Every rule is the service's.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::messages;
use crate::service::accounts::access::AdminScope;
use crate::service::ServiceError;
use crate::web::casework::form::Posted;
use crate::web::casework::register::FieldError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
struct KeysView {
    title: String,
    recipient: String,
    offline: bool,
    since: String,
    done: Option<String>,
    errors: Vec<FieldError>,
    offline_recipient: String,
    recipient_error: Option<String>,
    rotate_error: Option<String>,
    offline_confirm_error: Option<String>,
    admin_section: &'static str,
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(done): Query<Done>) -> Response {
    let done = match done.done.as_str() {
        "rotated" => Some("admin-keys-rotated"),
        "offline" => Some("admin-keys-offline-done"),
        _ => None,
    };
    render(&state, &page, done, String::new(), Vec::new()).await
}

pub async fn rotate(State(state): State<AppState>, page: PageActor, headers: HeaderMap, body: Bytes) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(scope) = AdminScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    if posted.one("confirmed") != "yes" {
        let message = messages::text(page.actor.language, "admin-keys-rotate-confirm-missing");
        return render(&state, &page, None, String::new(), vec![FieldError::at("rotate-confirmed", message)]).await;
    }
    match state.services.rotate_own_key(&scope).await {
        Ok(_) => Redirect::to("/admin/keys?done=rotated").into_response(),
        // Kept offline meanwhile: the page then has no rotate form, so the error is at its heading.
        Err(error @ ServiceError::KeyOffline) => {
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            render(&state, &page, None, String::new(), vec![FieldError::at("rotate", message)]).await
        }
        Err(error) => page.error(&error),
    }
}

pub async fn keep_offline(State(state): State<AppState>, page: PageActor, headers: HeaderMap, body: Bytes) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(scope) = AdminScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let recipient = posted.one("recipient");
    // A secret key pasted by mistake is refused and never shown back.
    let shown = if crate::crypto::envelope::is_secret_key(&recipient) { String::new() } else { recipient.clone() };
    if posted.one("confirmed") != "yes" {
        let message = messages::text(page.actor.language, "admin-keys-offline-confirm-missing");
        return render(&state, &page, None, shown, vec![FieldError::at("offline-confirmed", message)]).await;
    }
    match state.services.keep_own_key_offline(&scope, &recipient).await {
        Ok(()) => Redirect::to("/admin/keys?done=offline").into_response(),
        Err(error @ ServiceError::BadInput { .. }) => {
            let message = error.reason().map(|r| messages::say(page.actor.language, &r)).unwrap_or_default();
            render(&state, &page, None, shown, vec![FieldError::at("recipient", message)]).await
        }
        Err(error) => page.error(&error),
    }
}

async fn render(
    state: &AppState,
    page: &PageActor,
    done: Option<&str>,
    offline_recipient: String,
    errors: Vec<FieldError>,
) -> Response {
    let Ok(scope) = AdminScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let key = match state.services.own_key(&scope).await {
        Ok(key) => key,
        Err(error) => return page.error(&error),
    };
    let language = page.actor.language;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let view = KeysView {
        title: messages::text(language, "admin-keys-title"),
        recipient: key.recipient,
        offline: key.offline,
        since: labels::moment(key.since, language),
        done: done.map(|code| messages::text(language, code)),
        recipient_error: errors.iter().find_map(|e| e.message_for("recipient")),
        rotate_error: errors.iter().find_map(|e| e.message_for("rotate-confirmed").or_else(|| e.message_for("rotate"))),
        offline_confirm_error: errors.iter().find_map(|e| e.message_for("offline-confirmed")),
        admin_section: "keys",
        errors,
        offline_recipient,
    };
    page.render_status(status, "admin_keys", &view)
}
