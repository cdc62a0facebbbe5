//! "Meldingen": the organisation's own cases, newest first, with filters (status, ground,
//! municipality of residence) and pages of a fixed size. The filters are codes from the
//! taxonomy, never a person's data, so they may sit in the address and be bookmarked.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::case::{Case, CaseStatus};
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::messages;
use crate::store::casework::cases::CaseFilter;
use crate::store::sql::PageRequest;
use crate::web::casework::form::{choice, municipalities, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

/// Cases on one page of the list.
const PAGE_SIZE: usize = 25;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    after: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<ListQuery>) -> Response {
    let filter = CaseFilter {
        status: CaseStatus::parse(&query.status),
        ground: Some(query.ground.clone()).filter(|g| !g.is_empty()),
        residence_municipality: Some(query.municipality.clone()).filter(|m| !m.is_empty()),
    };
    let request = PageRequest { first: PAGE_SIZE, after: query.after.parse().ok() };
    match state.services.own_cases(&page.actor, &filter, &request).await {
        Ok(found) => {
            let taxonomy = state.services.taxonomy();
            let view =
                ListView::new(taxonomy, page.actor.language, (&query, &filter), &found.items, found.has_next_page);
            page.render("cases", &view)
        }
        Err(error) => page.error(&error),
    }
}

#[derive(Serialize)]
struct ListView {
    title: String,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    grounds: Vec<Choice>,
    municipalities: Vec<Choice>,
    filtered: bool,
    next: Option<String>,
}

#[derive(Serialize)]
struct Row {
    link: String,
    number: String,
    public_id: String,
    reported_on: String,
    grounds: String,
    status: &'static str,
}

impl ListView {
    fn new(
        taxonomy: &Taxonomy,
        language: Language,
        (query, filter): (&ListQuery, &CaseFilter),
        cases: &[Case],
        more: bool,
    ) -> ListView {
        let row = |case: &Case| Row {
            link: format!("/cases/{}", case.id),
            number: case.case_number.clone(),
            public_id: case.public_id.clone(),
            reported_on: labels::date(case.registration.reported_on, language),
            grounds: case
                .registration
                .grounds
                .iter()
                .map(|g| labels::ground(taxonomy, g, language))
                .collect::<Vec<_>>()
                .join(", "),
            status: labels::case_status(case.registration.status),
        };
        let next = cases.last().filter(|_| more).map(|last| next_link(last, query));
        let option = |code: &str, label: String, chosen: &str| choice(code, label, code == chosen);
        let statuses = [CaseStatus::Open, CaseStatus::InProgress, CaseStatus::Closed]
            .into_iter()
            .map(|s| option(s.as_str(), messages::text(language, labels::case_status(s)), &query.status))
            .collect();
        let grounds = taxonomy
            .grounds
            .iter()
            .map(|g| option(&g.term.code, labels::ground(taxonomy, &g.term.code, language), &query.ground))
            .collect();
        ListView {
            title: messages::text(language, "cases-title"),
            rows: cases.iter().map(row).collect(),
            statuses,
            grounds,
            municipalities: municipalities(taxonomy, &query.municipality),
            filtered: filter.status.is_some() || filter.ground.is_some() || filter.residence_municipality.is_some(),
            next,
        }
    }
}

/// The next page's address: after the last case shown, with the same filters.
fn next_link(last: &Case, query: &ListQuery) -> String {
    let mut link = form_urlencoded::Serializer::new(String::new());
    link.append_pair("after", &last.id.to_string());
    for (name, value) in [("status", &query.status), ("ground", &query.ground), ("municipality", &query.municipality)] {
        if !value.is_empty() {
            link.append_pair(name, value);
        }
    }
    format!("/cases?{}", link.finish())
}
