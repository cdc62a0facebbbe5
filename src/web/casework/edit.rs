//! "Registratie wijzigen": the registration form filled with an own case's registration and
//! status (the identity block and consents stay as they are, on the case page). A refusal
//! comes back with what was typed; a change goes back to the case page.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::ids::CaseId;
use crate::service::casework::cases::CaseView;
use crate::service::ServiceError;
use crate::web::casework::form::Posted;
use crate::web::casework::register::{Entered, FieldError, RegisterView};
use crate::web::page::PageActor;
use crate::web::AppState;

pub async fn form(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    let Ok(case) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.case(&page.actor, case).await {
        Ok(CaseView::Own(found)) => edit_page(&state, &page, case, &Entered::of_case(&found), None),
        // A partner reads the case but never changes it.
        Ok(CaseView::Shared(_)) => page.error(&ServiceError::Forbidden),
        Err(error) => page.error(&error),
    }
}

pub async fn submit(
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
    let Ok(case) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    // Only the owner's case has this form: anything else is refused before the form is read.
    match state.services.case(&page.actor, case).await {
        Ok(CaseView::Own(_)) => {}
        Ok(CaseView::Shared(_)) => return page.error(&ServiceError::Forbidden),
        Err(error) => return page.error(&error),
    }
    let entered = Entered::from(&posted);
    let police = page.actor.organisation_kind == crate::domain::organisation::OrganisationKind::Police;
    let changed = match entered.changes(police) {
        Ok(changes) => state.services.update_case(&page.actor, case, changes).await,
        Err(error) => Err(error),
    };
    match changed {
        Ok(_) => Redirect::to(&format!("/cases/{case}")).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let error = FieldError::new(page.actor.language, field, &reason, state.services.taxonomy());
            let mut response = edit_page(&state, &page, case, &entered, Some(error));
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(other) => page.error(&other),
    }
}

fn edit_page(
    state: &AppState,
    page: &PageActor,
    case: CaseId,
    entered: &Entered,
    error: Option<FieldError>,
) -> Response {
    let view = RegisterView::new(page, state.services.taxonomy(), entered, error);
    page.render("case_new", &view.for_edit(page.actor.language, case, entered.status()))
}
