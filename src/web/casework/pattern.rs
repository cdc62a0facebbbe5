//! The counterparty's pattern: on an own case counts only (how many reports in each chain,
//! from how many organisations); from a shared case, in one chain, the partners' page of it:
//! the chain's pseudonym, the counts and the partners' cases the caller may open.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;

use crate::domain::ids::{CaseId, ChainId};
use crate::messages;
use crate::service::ServiceError;
use crate::store::sql::PageRequest;
use crate::web::page::PageActor;
use crate::web::AppState;

/// One chain's counts for an own case.
#[derive(Serialize)]
pub struct OwnPattern {
    chain: String,
    reports: i64,
    organisations: i64,
}

/// A chain in which a shared case names a counterparty: where its pattern page is.
#[derive(Serialize)]
pub struct PatternLink {
    chain: String,
    link: String,
}

async fn chain_names(state: &AppState, page: &PageActor) -> Result<Vec<(ChainId, String)>, ServiceError> {
    let chains = state.services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await?.items;
    Ok(chains.into_iter().map(|c| (c.id, c.name)).collect())
}

fn name_of(names: &[(ChainId, String)], chain: ChainId) -> String {
    names.iter().find(|(id, _)| *id == chain).map(|(_, n)| n.clone()).unwrap_or_default()
}

pub async fn own(state: &AppState, page: &PageActor, case: CaseId) -> Result<Vec<OwnPattern>, ServiceError> {
    let names = chain_names(state, page).await?;
    let patterns = state.services.case_patterns(&page.actor, case).await?;
    Ok(patterns
        .iter()
        .map(|p| OwnPattern { chain: name_of(&names, p.chain_id), reports: p.reports, organisations: p.organisations })
        .collect())
}

pub async fn links(state: &AppState, page: &PageActor, case: CaseId) -> Result<Vec<PatternLink>, ServiceError> {
    let names = chain_names(state, page).await?;
    let shares = state.services.shares_of(&page.actor, &[case], false).await?.remove(&case).unwrap_or_default();
    Ok(shares
        .iter()
        .filter(|s| s.counterparty_pseudonym.is_some())
        .map(|s| PatternLink {
            chain: name_of(&names, s.chain_id),
            link: format!("/cases/{case}/pattern/{}", s.chain_id),
        })
        .collect())
}

#[derive(Serialize)]
struct PatternView {
    title: String,
    chain: String,
    pseudonym: String,
    reports: usize,
    organisations: usize,
    cases: Vec<PatternCase>,
    back: String,
}

#[derive(Serialize)]
struct PatternCase {
    link: String,
    public_id: String,
}

/// `GET /cases/{id}/pattern/{chain}`: the pattern behind a shared case in one chain. The
/// pseudonym never enters an address; the case and chain ids do.
pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path((id, chain)): Path<(String, String)>,
) -> Response {
    let (Ok(case), Ok(chain)) = (id.parse::<CaseId>(), chain.parse::<ChainId>()) else {
        return page.error(&ServiceError::NotFound);
    };
    let work = async {
        let shares = state.services.shares_of(&page.actor, &[case], false).await?.remove(&case).unwrap_or_default();
        let share = shares.into_iter().find(|s| s.chain_id == chain).ok_or(ServiceError::NotFound)?;
        let pseudonym = share.counterparty_pseudonym.ok_or(ServiceError::NotFound)?;
        let pattern = state.services.counterparty_pattern(&page.actor, &pseudonym).await?;
        let names = chain_names(&state, &page).await?;
        Ok::<_, ServiceError>(PatternView {
            title: messages::text(page.actor.language, "pattern-title"),
            chain: name_of(&names, chain),
            pseudonym: pattern.pseudonym,
            reports: pattern.reports,
            organisations: pattern.organisations,
            cases: pattern
                .partner_cases
                .iter()
                .map(|c| PatternCase { link: format!("/cases/{}", c.id), public_id: c.public_id.clone() })
                .collect(),
            back: format!("/cases/{case}"),
        })
    };
    match work.await {
        Ok(view) => page.render("pattern", &view),
        Err(error) => page.error(&error),
    }
}
