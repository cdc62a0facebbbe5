//! "Ketencasuïstiek": the cases shared in the caller's chains, pseudonymised, newest first,
//! narrowed by chain, ground, domain, municipality and the incident's month. The filters are
//! codes, so they may sit in the address.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::case::PseudonymisedCase;
use crate::domain::chain::Chain;
use crate::domain::ids::ChainId;
use crate::domain::overview::Month;
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::store::casework::cases::SharedFilter;
use crate::store::sql::{Page, PageRequest};
use crate::web::casework::form::{choice, municipalities, next_page, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

const PAGE_SIZE: usize = 25;

#[derive(Deserialize, Default)]
pub struct ChainQuery {
    #[serde(default)]
    chain: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    after: String,
}

fn given(value: &str) -> Option<String> {
    Some(value.to_owned()).filter(|v| !v.is_empty())
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<ChainQuery>) -> Response {
    if !page.actor.does_chain_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let filter = SharedFilter {
        ground: given(&query.ground),
        domain: given(&query.domain),
        municipality: given(&query.municipality),
        month: Month::parse(&query.month),
    };
    let chain = query.chain.parse::<ChainId>().ok();
    let request = PageRequest { first: PAGE_SIZE, after: query.after.parse().ok() };
    let services = &state.services;
    let work = async {
        let chains = services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await?.items;
        let found = services.shared_cases(&page.actor, chain, &filter, &request).await?;
        Ok::<_, ServiceError>((chains, found))
    };
    match work.await {
        Ok((chains, found)) => {
            let view =
                ChainListView::new(services.taxonomy(), page.actor.language, &query, (&filter, chain), &chains, &found);
            page.render("chain_cases", &view)
        }
        Err(error) => page.error(&error),
    }
}

impl ChainListView {
    fn new(
        taxonomy: &Taxonomy,
        language: Language,
        query: &ChainQuery,
        (filter, chain): (&SharedFilter, Option<ChainId>),
        chains: &[Chain],
        found: &Page<PseudonymisedCase>,
    ) -> ChainListView {
        let next = found.items.last().filter(|_| found.has_next_page).map(|last| next_link(last, query));
        ChainListView {
            title: messages::text(language, "chain-cases-title"),
            rows: found.items.iter().map(|c| Row::new(c, taxonomy, language)).collect(),
            chains: chains
                .iter()
                .map(|c: &Chain| choice(&c.id.to_string(), c.name.clone(), c.id.to_string() == query.chain))
                .collect(),
            grounds: taxonomy
                .grounds
                .iter()
                .map(|g| {
                    choice(&g.term.code, labels::ground(taxonomy, &g.term.code, language), g.term.code == query.ground)
                })
                .collect(),
            domains: taxonomy
                .domains
                .iter()
                .map(|d| choice(&d.code, labels::term(d, language), d.code == query.domain))
                .collect(),
            municipalities: municipalities(taxonomy, &query.municipality),
            month: query.month.clone(),
            month_error: (!query.month.is_empty() && filter.month.is_none())
                .then(|| messages::text(language, "chain-cases-month-unreadable")),
            filtered: filter.ground.is_some()
                || filter.domain.is_some()
                || filter.municipality.is_some()
                || filter.month.is_some()
                || chain.is_some(),
            next,
        }
    }
}

#[derive(Serialize)]
struct ChainListView {
    title: String,
    rows: Vec<Row>,
    chains: Vec<Choice>,
    grounds: Vec<Choice>,
    domains: Vec<Choice>,
    municipalities: Vec<Choice>,
    month: String,
    month_error: Option<String>,
    filtered: bool,
    next: Option<String>,
}

#[derive(Serialize)]
pub struct Row {
    link: String,
    public_id: String,
    month: String,
    grounds: String,
    domain: String,
    municipality: String,
}

impl Row {
    pub fn new(case: &PseudonymisedCase, taxonomy: &Taxonomy, language: Language) -> Row {
        let r = case;
        let month = r.incident_month.as_deref().and_then(Month::parse);
        let place = r.incident_municipality.as_deref().or(r.residence_municipality.as_deref());
        Row {
            link: format!("/cases/{}", case.id),
            public_id: case.public_id.clone(),
            month: month.map_or_else(|| labels::unknown(language), |m| labels::month(m, language)),
            grounds: r.grounds.iter().map(|g| labels::ground(taxonomy, g, language)).collect::<Vec<_>>().join(", "),
            domain: labels::domain(taxonomy, &r.domain, language),
            municipality: place.map_or_else(|| labels::unknown(language), |m| labels::municipality(taxonomy, m)),
        }
    }
}

fn next_link(last: &PseudonymisedCase, query: &ChainQuery) -> String {
    let filters = [
        ("chain", &query.chain),
        ("ground", &query.ground),
        ("domain", &query.domain),
        ("municipality", &query.municipality),
        ("month", &query.month),
    ];
    next_page("/casework", &last.id.to_string(), &filters)
}
