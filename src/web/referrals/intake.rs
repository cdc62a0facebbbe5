//! COC's new intake, referred at once: the registration form with the identity block and
//! the reporter's consent to refer, and the receiver (the one the routing rules suggest for
//! the reporter's municipality first). The sender keeps no case; the draft goes to its page
//! for attachments and sending.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::calendar::local_date;
use crate::domain::ids::OrganisationId;
use crate::domain::reason::Reason;
use crate::domain::referral::Urgency;
use crate::service::referrals::send::{NewReferral, ReferralSource};
use crate::service::ServiceError;
use crate::web::casework::form::{choice, Choice, Posted};
use crate::web::casework::register::{Entered, FieldError, Intake, RegisterView};
use crate::web::page::PageActor;
use crate::web::AppState;

pub async fn form(State(state): State<AppState>, page: PageActor) -> Response {
    if !page.actor.does_case_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let today = local_date(state.services.clock().now());
    intake_page(&state, &page, &Entered::blank(today), ("", false), None).await
}

pub async fn submit(State(state): State<AppState>, page: PageActor, headers: HeaderMap, body: Bytes) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    if !page.actor.does_case_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let entered = Entered::from(&posted);
    let (receiver, urgent) = (posted.one("receiver"), posted.one("urgency") == "urgent");
    let created = async {
        let new_case = entered.new_case()?;
        let receiver = receiver
            .parse::<OrganisationId>()
            .map_err(|_| ServiceError::bad_input("receiverId", Reason::new("receiver-missing")))?;
        let new = NewReferral {
            receiver,
            urgency: if urgent { Urgency::Urgent } else { Urgency::Normal },
            summary: None,
            source: ReferralSource::Intake(Box::new(new_case)),
            client_encrypted: false,
        };
        state.services.create_referral(&page.actor, new).await
    };
    match created.await {
        Ok(referral) => Redirect::to(&format!("/referrals/{}", referral.id)).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let error = FieldError::new(page.actor.language, field, &reason, state.services.taxonomy());
            let mut response = intake_page(&state, &page, &entered, (&receiver, urgent), Some(error)).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(other) => page.error(&other),
    }
}

async fn intake_page(
    state: &AppState,
    page: &PageActor,
    entered: &Entered,
    (receiver, urgent): (&str, bool),
    error: Option<FieldError>,
) -> Response {
    let receivers = match receivers(state, page, entered, receiver).await {
        Ok(receivers) => receivers,
        Err(error) => return page.error(&error),
    };
    let view = RegisterView::new(page, state.services.taxonomy(), entered, error);
    let intake = Intake { receivers, urgent, receiver_error: view.error_for("receiverId") };
    page.render("case_new", &view.for_intake(page.actor.language, intake))
}

/// Every organisation a case may go to, the one suggested for the reporter's municipality first.
async fn receivers(
    state: &AppState,
    page: &PageActor,
    entered: &Entered,
    chosen: &str,
) -> Result<Vec<Choice>, ServiceError> {
    let services = &state.services;
    let all = services.referral_receivers(&page.actor).await?;
    let suggested = match Some(entered.residence()).filter(|m| !m.is_empty()) {
        Some(municipality) => services.suggested_receiver(&page.actor, municipality).await?.map(|o| o.id),
        None => None,
    };
    let mut others = all;
    others.sort_by_key(|o| (Some(o.id) != suggested, o.name.clone()));
    let chosen =
        if chosen.is_empty() { suggested.map(|s| s.to_string()).unwrap_or_default() } else { chosen.to_owned() };
    Ok(others.iter().map(|o| choice(&o.id.to_string(), o.name.clone(), o.id.to_string() == chosen)).collect())
}
