//! "Casus aanmelden" on the agenda page: a member names a case shared in the chain by its
//! public code and says why it should be discussed (checked like every shared text). A
//! refusal comes back on the agenda with what was typed; the service decides who may.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

use crate::domain::ids::MeetingId;
use crate::messages;
use crate::request_context::REQUEST_ID;
use crate::service::ServiceError;
use crate::web::casework::form::Posted;
use crate::web::casework::register::FieldError;
use crate::web::meetings::agenda::printed;
use crate::web::page::PageActor;
use crate::web::{AppState, RequestId};

pub async fn flag(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(id): Path<String>,
    page: PageActor,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(meeting) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    let (code, reason) = (posted.one("publicId"), posted.one("reason"));
    let services = &state.services;
    let flagged =
        REQUEST_ID.scope(request_id.0.clone(), services.flag_case_by_code(&page.actor, meeting, &code, &reason));
    let (field, why) = match flagged.await {
        Ok(_) => return Redirect::to(&format!("/meetings/{meeting}/agenda?done=flagged#flag")).into_response(),
        Err(ServiceError::BadInput { field, reason }) => (field, reason),
        Err(ServiceError::Conflict(reason)) => ("publicId", reason),
        Err(error) => return page.error(&error),
    };
    let target = if field == "reason" { "flag-reason" } else { "flag-code" };
    let message = messages::say(page.actor.language, &why);
    let again = REQUEST_ID.scope(request_id.0, printed(services, &page.actor, meeting));
    match again.await {
        // Frozen or cancelled meanwhile: no form to show the refusal at, so its own page.
        Ok(printed) if !printed.view.flag.open => page.error(&ServiceError::Conflict(why)),
        Ok(mut printed) => {
            let form = &mut printed.view.flag;
            (form.code, form.reason) = (code, reason);
            if target == "flag-reason" {
                form.reason_error = Some(message.clone());
            } else {
                form.code_error = Some(message.clone());
            }
            printed.view.errors = vec![FieldError::at(target, message)];
            page.render_status(StatusCode::BAD_REQUEST, "agenda", &printed.view)
        }
        Err(error) => page.error(&error),
    }
}
