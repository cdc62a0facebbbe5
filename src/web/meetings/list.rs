//! "Overleggen": the meetings of the caller's chains, coming and past (a year either way),
//! with date, time, place, whether they moved or were cancelled, and links to the agenda,
//! and to the minutes once the chair approved them.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use chrono::Duration;
use serde::Serialize;

use crate::domain::calendar::local_date;
use crate::domain::ids::{ChainId, MeetingId};
use crate::domain::meeting::{Meeting, MeetingSeries, MeetingStatus};
use crate::messages;
use crate::service::ServiceError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
struct MeetingsView {
    title: String,
    coming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
}

#[derive(Serialize)]
struct MeetingRow {
    series: String,
    when: String,
    location: String,
    moved: bool,
    cancelled: bool,
    chairs: bool,
    agenda: String,
    /// The chair's agenda page.
    prepare: String,
    /// Moving or cancelling it, for the chair.
    schedule: String,
    /// The chair's minutes page.
    minutes_edit: String,
    minutes: Option<String>,
}

pub async fn show(State(state): State<AppState>, page: PageActor) -> Response {
    if !page.actor.does_chain_work() {
        return page.error(&ServiceError::Forbidden);
    }
    match view(&state, &page).await {
        Ok(view) => page.render("meetings", &view),
        Err(error) => page.error(&error),
    }
}

async fn view(state: &AppState, page: &PageActor) -> Result<MeetingsView, ServiceError> {
    let services = &state.services;
    let now = services.clock().now();
    let today = local_date(now);
    let series = services.meeting_series(&page.actor).await?;
    let mut chains: Vec<ChainId> = series.iter().map(|s| s.chain_id).collect();
    chains.sort();
    chains.dedup();
    let mut found = Vec::new();
    for chain in chains {
        found.extend(
            services.meetings(&page.actor, chain, today - Duration::days(366), today + Duration::days(366)).await?,
        );
    }
    let ids: Vec<MeetingId> = found.iter().map(|m| m.id).collect();
    let minutes = services.minutes_of(&page.actor, &ids).await?;
    let by_id: HashMap<_, &MeetingSeries> = series.iter().map(|s| (s.id, s)).collect();
    let row = |m: &Meeting| {
        let series = by_id.get(&m.series_id);
        MeetingRow {
            series: series.map(|s| s.title.clone()).unwrap_or_default(),
            when: labels::moment(m.starts_at, page.actor.language),
            location: m.location.clone(),
            moved: series.is_some_and(|s| m.moved_from(s)),
            cancelled: m.status == MeetingStatus::Cancelled,
            chairs: series.is_some_and(|s| s.chair_organisation_id == page.actor.organisation_id),
            agenda: format!("/meetings/{}/agenda", m.id),
            prepare: format!("/meetings/{}/prepare", m.id),
            schedule: format!("/meetings/{}/schedule", m.id),
            minutes_edit: format!("/meetings/{}/minutes", m.id),
            // Approved minutes have their printable page (draft minutes are the chair's).
            minutes: minutes
                .get(&m.id)
                .filter(|found| found.is_approved())
                .map(|_| format!("/meetings/{}/minutes/print", m.id)),
        }
    };
    let (mut coming, mut past): (Vec<&Meeting>, Vec<&Meeting>) = found.iter().partition(|m| m.ends_at >= now);
    coming.sort_by_key(|m| m.starts_at);
    past.sort_by_key(|m| std::cmp::Reverse(m.starts_at));
    Ok(MeetingsView {
        title: messages::text(page.actor.language, "meetings-title"),
        coming: coming.into_iter().map(row).collect(),
        past: past.into_iter().map(row).collect(),
    })
}
