//! "Acties": the actions of one of the caller's chains, narrowed by owner, status, a due date
//! and the meeting they were agreed in; and "Mijn acties", the caller's open actions in every
//! chain. The filters are ids and codes, so they may sit in the address.

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::action::{Action, ActionStatus};
use crate::domain::calendar::local_date;
use crate::domain::chain::Chain;
use crate::domain::ids::{ChainId, MeetingId, OrganisationId};
use crate::domain::meeting::Meeting;
use crate::messages;
use crate::service::ServiceError;
use crate::store::meetings::actions::ActionFilter;
use crate::store::sql::PageRequest;
use crate::web::actions::rows::{rows, ActionRow};
use crate::web::casework::form::{choice, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

/// The statuses a list can be narrowed to, lapsed ones included.
const STATUSES: [ActionStatus; 5] =
    [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done, ActionStatus::NotPossible, ActionStatus::Lapsed];

#[derive(Deserialize, Default)]
pub struct ActionQuery {
    #[serde(default)]
    chain: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    due_before: String,
    #[serde(default)]
    meeting: String,
}

#[derive(Serialize, Default)]
struct ActionsView {
    title: String,
    mine: bool,
    rows: Vec<ActionRow>,
    chains: Vec<Choice>,
    owners: Vec<Choice>,
    statuses: Vec<Choice>,
    meetings: Vec<Choice>,
    due_before: String,
    due_error: Option<String>,
    filtered: bool,
    /// The same list narrowed to the caller's organisation, from "Mijn acties".
    organisation_link: Option<String>,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<ActionQuery>) -> Response {
    if !page.actor.does_chain_work() {
        return page.error(&ServiceError::Forbidden);
    }
    match chain_list(&state, &page, &query).await {
        Ok(view) => page.render("actions", &view),
        Err(error) => page.error(&error),
    }
}

async fn chain_list(state: &AppState, page: &PageActor, query: &ActionQuery) -> Result<ActionsView, ServiceError> {
    let services = &state.services;
    let language = page.actor.language;
    let chains = services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await?.items;
    let title = messages::text(language, "actions-title");
    let Some(chain) = chosen_chain(&chains, &query.chain) else {
        return Ok(ActionsView { title, ..ActionsView::default() });
    };
    let due_before = (!query.due_before.is_empty())
        .then(|| crate::web::casework::register::date("dueBefore", &query.due_before).ok());
    let filter = ActionFilter {
        owner: query.owner.parse().ok(),
        status: ActionStatus::parse(&query.status),
        due_before: due_before.flatten(),
        meeting: query.meeting.parse().ok(),
    };
    let found = services.actions(&page.actor, chain, &filter).await?;
    let found: Vec<&Action> = found.iter().map(|(action, _)| action).collect();
    Ok(ActionsView {
        title,
        rows: rows(state, page, &found).await?,
        chains: chains.iter().map(|c| choice(&c.id.to_string(), c.name.clone(), c.id == chain)).collect(),
        owners: owners(state, page, chain, filter.owner).await?,
        statuses: STATUSES
            .into_iter()
            .map(|s| choice(s.as_str(), messages::text(language, labels::action_status(s)), filter.status == Some(s)))
            .collect(),
        meetings: meetings(state, page, chain, filter.meeting).await?,
        due_before: query.due_before.clone(),
        due_error: matches!(due_before, Some(None)).then(|| messages::text(language, "date-unreadable")),
        filtered: filter.owner.is_some()
            || filter.status.is_some()
            || filter.due_before.is_some()
            || filter.meeting.is_some(),
        ..ActionsView::default()
    })
}

/// The chain asked for if it is one of the caller's, else the first of them.
fn chosen_chain(chains: &[Chain], asked: &str) -> Option<ChainId> {
    let asked = asked.parse::<ChainId>().ok();
    chains.iter().find(|c| Some(c.id) == asked).or(chains.first()).map(|c| c.id)
}

/// The chain's member organisations, by name.
async fn owners(
    state: &AppState,
    page: &PageActor,
    chain: ChainId,
    chosen: Option<OrganisationId>,
) -> Result<Vec<Choice>, ServiceError> {
    let services = &state.services;
    let members = services.chain_members(&page.actor, &[chain]).await?.remove(&chain).unwrap_or_default();
    let mut organisations = services.organisations_by_ids(&members).await?;
    organisations.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(organisations.into_iter().map(|o| choice(&o.id.to_string(), o.name, Some(o.id) == chosen)).collect())
}

/// The chain's meetings of the past year and the coming one, by date.
async fn meetings(
    state: &AppState,
    page: &PageActor,
    chain: ChainId,
    chosen: Option<MeetingId>,
) -> Result<Vec<Choice>, ServiceError> {
    let today = local_date(state.services.clock().now());
    let (from, to): (NaiveDate, NaiveDate) = (today - Duration::days(366), today + Duration::days(366));
    let found: Vec<Meeting> = state.services.meetings(&page.actor, chain, from, to).await?;
    let language = page.actor.language;
    Ok(found
        .iter()
        .map(|m| choice(&m.id.to_string(), labels::moment(m.starts_at, language), Some(m.id) == chosen))
        .collect())
}

/// "Mijn acties": the caller's open actions and their organisation's unassigned ones, in
/// every chain, the earliest due first.
pub async fn mine(State(state): State<AppState>, page: PageActor) -> Response {
    if !page.actor.does_chain_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let work = async {
        let found = state.services.my_actions(&page.actor).await?;
        let found: Vec<&Action> = found.iter().map(|(action, _)| action).collect();
        rows(&state, &page, &found).await
    };
    match work.await {
        Ok(rows) => {
            let view = ActionsView {
                title: messages::text(page.actor.language, "actions-mine-title"),
                mine: true,
                rows,
                organisation_link: Some(format!("/actions?owner={}", page.actor.organisation_id)),
                ..ActionsView::default()
            };
            page.render("actions", &view)
        }
        Err(error) => page.error(&error),
    }
}
