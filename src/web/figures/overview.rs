//! The monthly casework overview as a page, for the expertise centre's analysts.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use serde::Serialize;

use crate::domain::actor::Actor;
use crate::domain::overview::{Count, Month, NewPattern};
use crate::messages;
use crate::request_context::REQUEST_ID;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::{AppState, RequestId};

#[derive(Serialize)]
struct OverviewView {
    title: String,
    organisation: String,
    month: String,
    confidentiality: String,
    shared: usize,
    chains: usize,
    by_ground: Vec<CountView>,
    by_domain: Vec<CountView>,
    by_municipality: Vec<CountView>,
    new_patterns: Vec<PatternView>,
    waiting: Vec<WaitingView>,
}

#[derive(Serialize)]
struct CountView {
    label: String,
    cases: usize,
}

#[derive(Serialize)]
struct PatternView {
    /// The start of the chain's pseudonym; none for a pattern the reader has a report in.
    short: Option<String>,
    reports: usize,
    organisations: usize,
}

#[derive(Serialize)]
struct WaitingView {
    organisation: String,
    count: usize,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(month): Path<String>,
    page: PageActor,
) -> Response {
    let work = async {
        let month = Month::parse(&month).ok_or(ServiceError::NotFound)?;
        overview_view(&state.services, &page.actor, month).await
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        Ok(view) => page.render("overview", &view),
        Err(error) => page.error(&error),
    }
}

async fn overview_view(services: &Services, actor: &Actor, month: Month) -> ServiceResult<OverviewView> {
    let overview = services.casework_overview(actor, month).await?;
    let ids: Vec<_> = overview.referrals_waiting.iter().map(|(id, _)| *id).collect();
    let names: HashMap<_, _> = services.organisations_by_ids(&ids).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let (taxonomy, language) = (services.taxonomy(), actor.language);
    let labelled = |counts: &[Count], label: &dyn Fn(&str) -> String| -> Vec<CountView> {
        let label = |code: &str| if code.is_empty() { labels::unknown(language) } else { label(code) };
        counts.iter().map(|c| CountView { label: label(&c.code), cases: c.cases }).collect()
    };
    let pattern = |p: &NewPattern| PatternView {
        short: p.pseudonym.as_deref().map(|p| p.chars().take(12).collect()),
        reports: p.reports,
        organisations: p.organisations,
    };
    let waiting = |(id, count): &(_, usize)| WaitingView {
        organisation: names.get(id).cloned().unwrap_or_default(),
        count: *count,
    };
    let summary = &overview.summary;
    Ok(OverviewView {
        title: format!("{} {}", messages::text(language, "overview-title"), labels::month(month, language)),
        organisation: overview.organisation.name.clone(),
        month: labels::month(month, language),
        confidentiality: services.confidentiality_statement(language),
        shared: summary.shared,
        chains: overview.chains.len(),
        by_ground: labelled(&summary.by_ground, &|code| labels::ground(taxonomy, code, language)),
        by_domain: labelled(&summary.by_domain, &|code| labels::domain(taxonomy, code, language)),
        by_municipality: labelled(&summary.by_municipality, &|code| labels::municipality(taxonomy, code)),
        new_patterns: summary.new_patterns.iter().map(pattern).collect(),
        waiting: overview.referrals_waiting.iter().map(waiting).collect(),
    })
}
