//! "Mijn werk", the start page after signing in: referrals waiting in the inbox (urgent
//! first, with how long they have waited), the caller's open actions by due date, the coming
//! meetings of the caller's chains, casework newly shared in them, the referrals the caller's
//! organisation sent with their outcome, and for analysts the latest monthly overview. Each
//! part is there only for those whose work it is, with links they can open.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use chrono::Duration;
use serde::Serialize;

use crate::domain::calendar::local_date;
use crate::domain::meeting::Meeting;
use crate::domain::meeting::MeetingStatus;
use crate::domain::overview::Month;
use crate::messages;
use crate::request_context::REQUEST_ID;
use crate::service::ServiceError;
use crate::web::home_work::{my_work, WorkView};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::{AppState, RequestId};

#[derive(Serialize)]
struct HomeView {
    title: String,
    organisation: String,
    work: Option<WorkView>,
    meetings: Vec<MeetingView>,
    overview: Option<String>,
    overview_month: String,
}

#[derive(Serialize)]
struct MeetingView {
    title: String,
    date: String,
    agenda: String,
    cancelled: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    page: PageActor,
) -> Response {
    let services = &state.services;
    let actor = &page.actor;
    let work = async {
        let organisation = services.organisation(actor, actor.organisation_id).await?;
        let today = local_date(services.clock().now());
        let series = services.meeting_series(actor).await.or_else(|e| match e {
            ServiceError::NotFound | ServiceError::Forbidden => Ok(Vec::new()),
            other => Err(other),
        })?;
        let titles: HashMap<_, _> = series.iter().map(|s| (s.id, s.title.clone())).collect();
        let mut chains: Vec<_> = series.iter().map(|s| s.chain_id).collect();
        chains.sort();
        chains.dedup();
        let mut coming = Vec::new();
        for chain in chains {
            coming.extend(services.meetings(actor, chain, today, today + Duration::days(180)).await?);
        }
        coming.sort_by_key(|m| m.starts_at);
        let meeting = |m: &Meeting| MeetingView {
            title: titles.get(&m.series_id).cloned().unwrap_or_default(),
            date: labels::moment(m.starts_at, actor.language),
            agenda: format!("/meetings/{}/agenda", m.id),
            cancelled: m.status == MeetingStatus::Cancelled,
        };
        let last_month = Month::of(today).previous();
        Ok::<_, ServiceError>(HomeView {
            title: messages::text(actor.language, "page-start"),
            organisation: organisation.name,
            work: my_work(&state, &page).await?,
            meetings: coming.iter().map(meeting).collect(),
            overview: services.reads_overview(actor).then(|| format!("/overviews/{last_month}")),
            overview_month: labels::month(last_month, actor.language),
        })
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        Ok(view) => page.render("home", &view),
        Err(error) => page.error(&error),
    }
}
