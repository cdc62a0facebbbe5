//! "Reeksen": the meeting series of the caller's chains, with when and where they meet, who
//! chairs and organises them, a link to change the ones the caller's organisation chairs,
//! and one to set up a new series.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::meeting::{Cadence, MeetingSeries, FIVE_A_YEAR};
use crate::domain::reason::Reason;
use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
struct SeriesListView {
    title: String,
    saved: bool,
    series: Vec<SeriesRow>,
}

#[derive(Serialize)]
struct SeriesRow {
    title: String,
    chain: String,
    cadence: String,
    time: String,
    location: String,
    chair: String,
    organizer: String,
    /// The form to change it, for the chair's organisation.
    edit: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    done: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<ListQuery>) -> Response {
    if !page.actor.does_chain_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let view = async {
        let services = &state.services;
        let series = services.meeting_series(&page.actor).await?;
        let chains =
            services.list_chains(&page.actor, &crate::store::sql::PageRequest { first: 100, after: None }).await?;
        let chain_names: HashMap<_, _> = chains.items.into_iter().map(|c| (c.id, c.name)).collect();
        let chair_ids: Vec<_> = series.iter().map(|s| s.chair_organisation_id).collect();
        let chairs: HashMap<_, _> =
            services.organisations_by_ids(&chair_ids).await?.into_iter().map(|o| (o.id, o.name)).collect();
        let mut rows = Vec::new();
        for one in &series {
            let organizer = services.series_organizer(&page.actor, one).await?.map(|(name, _)| name);
            rows.push(SeriesRow {
                title: one.title.clone(),
                chain: chain_names.get(&one.chain_id).cloned().unwrap_or_default(),
                cadence: cadence_label(&one.cadence, page.actor.language),
                time: format!("{} ({} min)", one.start_time.format("%H:%M"), one.duration_minutes),
                location: one.location.clone(),
                chair: chairs.get(&one.chair_organisation_id).cloned().unwrap_or_default(),
                organizer: organizer.unwrap_or_default(),
                edit: chairs_it(&page, one).then(|| format!("/meetings/series/{}", one.id)),
            });
        }
        Ok::<_, ServiceError>(SeriesListView {
            title: messages::text(page.actor.language, "series-title"),
            saved: query.done == "saved",
            series: rows,
        })
    };
    match view.await {
        Ok(view) => page.render("series", &view),
        Err(error) => page.error(&error),
    }
}

fn chairs_it(page: &PageActor, series: &MeetingSeries) -> bool {
    series.chair_organisation_id == page.actor.organisation_id
}

/// The cadence in words: "vijf keer per jaar", "elke 6 weken op donderdag", "3 vaste data".
pub(super) fn cadence_label(cadence: &Cadence, language: Language) -> String {
    match cadence {
        Cadence::Rule { cron } if cron == FIVE_A_YEAR => messages::text(language, "series-cadence-five"),
        Cadence::Rule { cron } => format!("{}: {cron}", messages::text(language, "series-cadence-rule")),
        Cadence::Dates { dates } => {
            let listed: Vec<_> = dates.iter().map(|d| labels::date(*d, language)).collect();
            format!("{}: {}", messages::text(language, "series-cadence-dates"), listed.join(", "))
        }
        Cadence::EveryWeeks { weeks, weekday, .. } => {
            let reason = Reason::new("series-cadence-weeks-label")
                .number("weeks", *weeks)
                .term("weekday", weekday_term(*weekday));
            messages::say(language, &reason)
        }
    }
}

/// The catalogue's name of a weekday.
pub(super) fn weekday_term(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "weekday-mon",
        chrono::Weekday::Tue => "weekday-tue",
        chrono::Weekday::Wed => "weekday-wed",
        chrono::Weekday::Thu => "weekday-thu",
        chrono::Weekday::Fri => "weekday-fri",
        chrono::Weekday::Sat => "weekday-sat",
        chrono::Weekday::Sun => "weekday-sun",
    }
}
