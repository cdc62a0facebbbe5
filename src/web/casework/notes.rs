//! Notes on the case page: the owner reads every note (internal ones decrypted for it) and
//! writes either kind; a shared note is checked like every text partners read, and a refused
//! one comes back in its field with what the check found. Partners read the shared notes.

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::ids::CaseId;
use crate::messages;
use crate::service::ServiceError;
use crate::web::casework::case_page::{render, Typed};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
pub struct NoteRow {
    shared: bool,
    text: String,
    at: String,
}

/// The case's notes as the caller may read them, newest first.
pub async fn rows(state: &AppState, page: &PageActor, case: CaseId, own: bool) -> Result<Vec<NoteRow>, ServiceError> {
    let mut notes = state.services.notes_of(&page.actor, &[case], own).await?.remove(&case).unwrap_or_default();
    notes.sort_by_key(|n| std::cmp::Reverse(n.created_at));
    let language = page.actor.language;
    Ok(notes
        .into_iter()
        .map(|n| NoteRow { shared: n.shared, text: n.text, at: labels::moment(n.created_at, language) })
        .collect())
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    shared: String,
}

pub async fn add(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(case) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    let shared = form.shared == "yes";
    match state.services.add_case_note(&page.actor, case, &form.text, shared).await {
        Ok(_) => Redirect::to(&format!("/cases/{case}#notes")).into_response(),
        Err(ServiceError::BadInput { reason, .. }) => {
            let error = messages::say(page.actor.language, &reason);
            let typed = Typed { note: Some((form.text, shared, error)), ..Typed::default() };
            let mut response = render(&state, &page, &id, typed).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(error) => page.error(&error),
    }
}
