//! The language switch in every signed-in page's header: sets the caller's language and goes
//! back to the page it was pressed on.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::user::Language;
use crate::web::page::{local_path, message_page, PageActor};
use crate::web::AppState;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    back: String,
}

pub async fn switch(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Some(language) = Language::parse(&form.language) else {
        let language = page.actor.language;
        return message_page(language, StatusCode::BAD_REQUEST, "page-refused", "page-language-unknown");
    };
    match state.services.set_language(&page.actor, language).await {
        Ok(_) => Redirect::to(local_path(&form.back)).into_response(),
        Err(error) => page.error(&error),
    }
}
