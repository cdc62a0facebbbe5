//! "Doorverwijzen" from an own case: the receivers are the organisations the reporter
//! consented to refer to, the one the routing rules suggest for the reporter's municipality
//! first; the summary is checked like every text a partner reads. The draft then gets its
//! attachments on its own page and is sent from there.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::domain::consent::{ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, OrganisationId};
use crate::domain::referral::Urgency;
use crate::messages;
use crate::service::casework::cases::CaseView;
use crate::service::referrals::send::{NewReferral, ReferralSource};
use crate::service::ServiceError;
use crate::web::casework::form::{choice, Choice, Posted};
use crate::web::page::PageActor;
use crate::web::AppState;

/// What the user typed, shown back as it was after a refusal.
#[derive(Default)]
struct Entered {
    receiver: String,
    urgent: bool,
    summary: String,
}

pub async fn form(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    compose_page(&state, &page, &id, &Entered::default(), None).await
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
    let entered = Entered {
        receiver: posted.one("receiver"),
        urgent: posted.one("urgency") == "urgent",
        summary: posted.one("summary"),
    };
    let created = match entered.receiver.parse::<OrganisationId>() {
        Ok(receiver) => {
            let new = NewReferral {
                receiver,
                urgency: if entered.urgent { Urgency::Urgent } else { Urgency::Normal },
                summary: Some(entered.summary.clone()).filter(|s| !s.is_empty()),
                source: ReferralSource::Case(case),
                client_encrypted: false,
            };
            state.services.create_referral(&page.actor, new).await
        }
        Err(_) => Err(ServiceError::bad_input("receiverId", crate::domain::reason::Reason::new("receiver-missing"))),
    };
    match created {
        Ok(referral) => Redirect::to(&format!("/referrals/{}", referral.id)).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let error = FieldError { field: field_of(field), message: messages::say(page.actor.language, &reason) };
            let mut response = compose_page(&state, &page, &id, &entered, Some(error)).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(other) => page.error(&other),
    }
}

/// The form's own field for a field the service names.
fn field_of(service_field: &str) -> &'static str {
    match service_field {
        "summary" => "summary",
        _ => "receiver",
    }
}

#[derive(Serialize)]
struct FieldError {
    field: &'static str,
    message: String,
}

#[derive(Serialize)]
struct ComposeView {
    title: String,
    case: String,
    case_number: String,
    receivers: Vec<Choice>,
    urgent: bool,
    summary: String,
    errors: Vec<FieldError>,
    receiver_error: Option<String>,
    summary_error: Option<String>,
}

async fn compose_page(
    state: &AppState,
    page: &PageActor,
    id: &str,
    entered: &Entered,
    error: Option<FieldError>,
) -> Response {
    let Ok(case_id) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    let case = match state.services.case(&page.actor, case_id).await {
        Ok(CaseView::Own(case)) => case,
        Ok(CaseView::Shared(_)) => return page.error(&ServiceError::Forbidden),
        Err(error) => return page.error(&error),
    };
    let receivers = match consented_receivers(state, page, &case, &entered.receiver).await {
        Ok(receivers) => receivers,
        Err(error) => return page.error(&error),
    };
    let error_of = |field: &str| error.as_ref().filter(|e| e.field == field).map(|e| e.message.clone());
    let view = ComposeView {
        title: messages::text(page.actor.language, "refer-title"),
        case: case.id.to_string(),
        case_number: case.case_number.clone(),
        receivers,
        urgent: entered.urgent,
        summary: entered.summary.clone(),
        receiver_error: error_of("receiver"),
        summary_error: error_of("summary"),
        errors: error.into_iter().collect(),
    };
    page.render("referral_compose", &view)
}

/// The organisations the reporter consented to refer this case to, the suggested one first
/// (and chosen when nothing else was).
async fn consented_receivers(
    state: &AppState,
    page: &PageActor,
    case: &crate::domain::case::Case,
    chosen: &str,
) -> Result<Vec<Choice>, ServiceError> {
    let services = &state.services;
    let consents = services.consents_of(&page.actor, &[case.id]).await?.remove(&case.id).unwrap_or_default();
    let ids: Vec<OrganisationId> = consents
        .iter()
        .filter(|c| c.is_active() && c.scope == ConsentScope::Refer)
        .filter_map(|c| match c.target {
            ConsentTarget::Organisation(org) => Some(org),
            _ => None,
        })
        .collect();
    let mut organisations = services.organisations_by_ids(&ids).await?;
    let suggested = match &case.registration.residence_municipality {
        Some(municipality) => services.suggested_receiver(&page.actor, municipality).await?.map(|o| o.id),
        None => None,
    };
    organisations.sort_by_key(|o| (Some(o.id) != suggested, o.name.clone()));
    let chosen =
        if chosen.is_empty() { suggested.map(|s| s.to_string()).unwrap_or_default() } else { chosen.to_owned() };
    Ok(organisations.iter().map(|o| choice(&o.id.to_string(), o.name.clone(), o.id.to_string() == chosen)).collect())
}
