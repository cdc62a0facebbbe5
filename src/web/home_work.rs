//! The parts of "Mijn werk" that are the caller's own work: the inbox, actions, newly shared
//! casework and the outbox. Each comes from the same use case as its own page.

use serde::Serialize;

use crate::domain::action::Action;
use crate::domain::referral::Referral;
use crate::service::ServiceError;
use crate::store::casework::cases::SharedFilter;
use crate::store::referrals::records::Folder;
use crate::store::sql::PageRequest;
use crate::web::actions::rows::{self, ActionRow};
use crate::web::casework::chain_list;
use crate::web::page::PageActor;
use crate::web::referrals::list::{organisation_names, Row};
use crate::web::AppState;

/// How many of each a start page lists before "all of them".
const SHOWN: usize = 10;

#[derive(Serialize)]
pub struct WorkView {
    case_work: bool,
    chain_work: bool,
    inbox: Vec<Row>,
    outbox: Vec<Row>,
    actions: Vec<ActionRow>,
    shared: Vec<chain_list::Row>,
}

/// The caller's own work, or nothing for someone without case or chain work (a viewer).
pub async fn my_work(state: &AppState, page: &PageActor) -> Result<Option<WorkView>, ServiceError> {
    let actor = &page.actor;
    let (case_work, chain_work) = (actor.does_case_work(), actor.does_chain_work());
    if !case_work && !chain_work {
        return Ok(None);
    }
    let (inbox, outbox) =
        if case_work { (waiting(state, page).await?, sent(state, page).await?) } else { Default::default() };
    let (actions, shared) =
        if chain_work { (actions(state, page).await?, shared(state, page).await?) } else { Default::default() };
    Ok(Some(WorkView { case_work, chain_work, inbox, outbox, actions, shared }))
}

/// Referrals still to be decided: urgent first, then the longest waiting.
async fn waiting(state: &AppState, page: &PageActor) -> Result<Vec<Row>, ServiceError> {
    let found = state.services.waiting_referrals(&page.actor, SHOWN).await?;
    rows(state, page, &found, false).await
}

/// What the organisation referred lately, with the outcome.
async fn sent(state: &AppState, page: &PageActor) -> Result<Vec<Row>, ServiceError> {
    let request = PageRequest { first: SHOWN, after: None };
    let found = state.services.referrals(&page.actor, Folder::Outbox, None, &request).await?.items;
    rows(state, page, &found, true).await
}

async fn rows(
    state: &AppState,
    page: &PageActor,
    referrals: &[Referral],
    outbox: bool,
) -> Result<Vec<Row>, ServiceError> {
    let names = organisation_names(state, referrals).await?;
    let now = state.services.clock().now();
    Ok(referrals.iter().map(|r| Row::new(r, &names, outbox, now, page.actor.language)).collect())
}

/// The caller's open actions, the earliest due first.
async fn actions(state: &AppState, page: &PageActor) -> Result<Vec<ActionRow>, ServiceError> {
    let found = state.services.my_actions(&page.actor).await?;
    let found: Vec<&Action> = found.iter().map(|(action, _)| action).collect();
    let mut shown = rows::rows(state, page, &found).await?;
    shown.truncate(SHOWN);
    Ok(shown)
}

/// The casework shared most recently in the caller's chains.
async fn shared(state: &AppState, page: &PageActor) -> Result<Vec<chain_list::Row>, ServiceError> {
    let request = PageRequest { first: 5, after: None };
    let found = state.services.shared_cases(&page.actor, None, &SharedFilter::default(), &request).await?.items;
    let taxonomy = state.services.taxonomy();
    Ok(found.iter().map(|case| chain_list::Row::new(case, taxonomy, page.actor.language)).collect())
}
