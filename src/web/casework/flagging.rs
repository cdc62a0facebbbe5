//! "Bespreken in een overleg": a member asks for a case shared in the chain to be discussed at
//! one of the chain's coming meetings whose agenda is still open, with a reason every member
//! reads (checked like every shared text). The service decides who may; this form only posts.

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::local_date;
use crate::domain::ids::{CaseId, MeetingId};
use crate::domain::meeting::MeetingStatus;
use crate::messages;
use crate::service::ServiceError;
use crate::web::casework::case_page::{render, Typed};
use crate::web::casework::form::{choice, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize, Default)]
pub struct FlagView {
    /// The coming meetings with an open agenda in the chains the case is shared in.
    meetings: Vec<Choice>,
    reason: String,
    error: Option<String>,
}

/// A refused flag as it was typed.
pub struct FlagTyped {
    meeting: String,
    reason: String,
    error: String,
}

pub async fn section(
    state: &AppState,
    page: &PageActor,
    case: CaseId,
    own: bool,
    typed: Option<FlagTyped>,
) -> Result<FlagView, ServiceError> {
    let services = &state.services;
    if !page.actor.does_chain_work() {
        return Ok(FlagView::default());
    }
    let shares = services.shares_of(&page.actor, &[case], own).await?.remove(&case).unwrap_or_default();
    let series = services.meeting_series(&page.actor).await?;
    let today = local_date(services.clock().now());
    let chosen = typed.as_ref().map(|t| t.meeting.clone()).unwrap_or_default();
    let mut meetings = Vec::new();
    for share in shares.iter().filter(|s| s.unshared_at.is_none()) {
        let coming = services.meetings(&page.actor, share.chain_id, today, today + Duration::days(180)).await?;
        for meeting in coming.iter().filter(|m| m.status == MeetingStatus::Planned && m.agenda_frozen_at.is_none()) {
            let title = series.iter().find(|s| s.id == meeting.series_id).map(|s| s.title.clone()).unwrap_or_default();
            let label = format!("{title} — {}", labels::moment(meeting.starts_at, page.actor.language));
            meetings
                .push((meeting.starts_at, choice(&meeting.id.to_string(), label, meeting.id.to_string() == chosen)));
        }
    }
    meetings.sort_by_key(|(at, _)| *at);
    Ok(FlagView {
        meetings: meetings.into_iter().map(|(_, c)| c).collect(),
        reason: typed.as_ref().map(|t| t.reason.clone()).unwrap_or_default(),
        error: typed.map(|t| t.error),
    })
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    meeting: String,
    #[serde(default)]
    reason: String,
}

/// On to the meeting's agenda, where the case now stands; a refused reason comes back in its
/// field with what was typed.
pub async fn flag(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<FlagForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let flagged = async {
        let case: CaseId = id.parse().map_err(|_| ServiceError::NotFound)?;
        let meeting: MeetingId = form.meeting.parse().map_err(|_| ServiceError::NotFound)?;
        state.services.flag_case_for_discussion(&page.actor, meeting, case, &form.reason).await?;
        Ok::<_, ServiceError>(meeting)
    };
    match flagged.await {
        Ok(meeting) => Redirect::to(&format!("/meetings/{meeting}/agenda")).into_response(),
        Err(ServiceError::BadInput { reason, .. }) => {
            let error = messages::say(page.actor.language, &reason);
            let typed = FlagTyped { meeting: form.meeting, reason: form.reason, error };
            let mut response = render(&state, &page, &id, Typed { flag: Some(typed), ..Typed::default() }).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(error) => page.error(&error),
    }
}
