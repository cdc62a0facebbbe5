//! "Meldingen": the organisation's own cases, newest first, with filters (status, ground,
//! municipality of residence, the period reported in, shared or not), a search by case number
//! or public code, and pages of a fixed size. The filters are codes, dates and the case's own
//! number, never a person's data, so they may sit in the address and be bookmarked.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::case::{Case, CaseStatus};
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::messages;
use crate::store::casework::cases::CaseFilter;
use crate::store::sql::PageRequest;
use crate::web::casework::form::{choice, municipalities, next_page, Choice};
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
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    shared: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    after: String,
}

impl ListQuery {
    /// The filter asked for; a date that cannot be read is left out and said so.
    fn filter(&self) -> (CaseFilter, bool) {
        let date = |text: &str| (!text.trim().is_empty()).then(|| super::register::date("from", text).ok());
        let (from, to) = (date(&self.from), date(&self.to));
        let unreadable = matches!(from, Some(None)) || matches!(to, Some(None));
        let filter = CaseFilter {
            status: CaseStatus::parse(&self.status),
            ground: Some(self.ground.clone()).filter(|g| !g.is_empty()),
            residence_municipality: Some(self.municipality.clone()).filter(|m| !m.is_empty()),
            reported_from: from.flatten(),
            reported_to: to.flatten(),
            shared: match self.shared.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            code: Some(self.code.trim().to_owned()).filter(|c| !c.is_empty()),
        };
        (filter, unreadable)
    }
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<ListQuery>) -> Response {
    let (filter, unreadable_date) = query.filter();
    let request = PageRequest { first: PAGE_SIZE, after: query.after.parse().ok() };
    match state.services.own_cases(&page.actor, &filter, &request).await {
        Ok(found) => {
            let taxonomy = state.services.taxonomy();
            let mut view =
                ListView::new(taxonomy, page.actor.language, (&query, &filter), &found.items, found.has_next_page);
            view.date_error = unreadable_date.then(|| messages::text(page.actor.language, "cases-date-unreadable"));
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
    from: String,
    to: String,
    shared: String,
    code: String,
    date_error: Option<String>,
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
            from: query.from.clone(),
            to: query.to.clone(),
            shared: query.shared.clone(),
            code: query.code.clone(),
            date_error: None,
            filtered: filter.status.is_some()
                || filter.ground.is_some()
                || filter.residence_municipality.is_some()
                || filter.reported_from.is_some()
                || filter.reported_to.is_some()
                || filter.shared.is_some()
                || filter.code.is_some(),
            next,
        }
    }
}

/// The next page's address: after the last case shown, with the same filters.
fn next_link(last: &Case, query: &ListQuery) -> String {
    let filters = [
        ("status", &query.status),
        ("ground", &query.ground),
        ("municipality", &query.municipality),
        ("from", &query.from),
        ("to", &query.to),
        ("shared", &query.shared),
        ("code", &query.code),
    ];
    next_page("/cases", &last.id.to_string(), &filters)
}
