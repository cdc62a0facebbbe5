//! The chair moves one meeting (another day, time or place) or cancels it; every invitee's
//! calendar follows (an update with a higher SEQUENCE, or METHOD:CANCEL). Cancelling asks
//! for a tick first, since it cannot be undone.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::domain::ids::MeetingId;
use crate::domain::meeting::MeetingStatus;
use crate::domain::reason::Reason;
use crate::messages;
use crate::service::ServiceError;
use crate::web::casework::form::Posted;
use crate::web::casework::register::{date, FieldError};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
struct RescheduleView {
    title: String,
    id: String,
    series: String,
    when: String,
    cancelled: bool,
    moved: bool,
    date: String,
    time: String,
    location: String,
    errors: Vec<FieldError>,
    date_error: Option<String>,
    time_error: Option<String>,
    location_error: Option<String>,
    confirm_error: Option<String>,
}

/// What was typed, kept when refused.
#[derive(Default)]
struct Typed {
    date: String,
    time: String,
    location: String,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Response {
    render(&state, &page, &id, None, Vec::new(), query.done == "moved").await
}

pub async fn move_meeting(
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
    let Ok(meeting) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    let typed = Typed { date: posted.one("date"), time: posted.one("time"), location: posted.one("location") };
    let moved = async {
        let day = date("date", &typed.date)?;
        let time = NaiveTime::parse_from_str(&typed.time, "%H:%M")
            .map_err(|_| ServiceError::bad_input("time", Reason::new("series-time-unreadable")))?;
        let location = Some(typed.location.clone());
        state.services.move_meeting(&page.actor, meeting, day, Some(time), location).await
    };
    match moved.await {
        Ok(_) => Redirect::to(&format!("/meetings/{meeting}/schedule?done=moved")).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let message = messages::say(page.actor.language, &reason);
            let target = if ["date", "time", "location"].contains(&field) { field } else { "date" };
            render(&state, &page, &id, Some(typed), vec![FieldError::at(target, message)], false).await
        }
        Err(error) => page.error(&error),
    }
}

pub async fn cancel(
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
    let Ok(meeting) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    if posted.one("confirmed") != "yes" {
        let message = messages::text(page.actor.language, "reschedule-cancel-confirm-missing");
        return render(&state, &page, &id, None, vec![FieldError::at("confirmed", message)], false).await;
    }
    match state.services.cancel_meeting(&page.actor, meeting).await {
        Ok(_) => Redirect::to("/meetings").into_response(),
        Err(error) => page.error(&error),
    }
}

async fn render(
    state: &AppState,
    page: &PageActor,
    id: &str,
    typed: Option<Typed>,
    errors: Vec<FieldError>,
    moved: bool,
) -> Response {
    let Ok(id) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    let access = match state.services.meeting(&page.actor, id).await {
        Ok(access) if access.chairs => access,
        Ok(_) => return page.error(&ServiceError::Forbidden),
        Err(error) => return page.error(&error),
    };
    let language = page.actor.language;
    let local = access.meeting.starts_at.with_timezone(&chrono_tz::Europe::Amsterdam);
    let typed = typed.unwrap_or_else(|| Typed {
        date: local.date_naive().to_string(),
        time: local.format("%H:%M").to_string(),
        location: access.meeting.location.clone(),
    });
    let cancelled = access.meeting.status == MeetingStatus::Cancelled;
    // A cancelled meeting shows no form, so no error can point into one: the page says
    // it is cancelled, which is the answer to a late tick as well.
    let errors = if cancelled { Vec::new() } else { errors };
    let error_for = |field: &str| errors.iter().find_map(|e| e.message_for(field));
    let view = RescheduleView {
        title: messages::text(language, "reschedule-title"),
        id: id.to_string(),
        series: access.series.title.clone(),
        when: labels::moment(access.meeting.starts_at, language),
        cancelled,
        moved,
        date_error: error_for("date"),
        time_error: error_for("time"),
        location_error: error_for("location"),
        confirm_error: error_for("confirmed"),
        date: typed.date,
        time: typed.time,
        location: typed.location,
        errors,
    };
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    page.render_status(status, "reschedule", &view)
}
