//! The organisation's audit trail for its privacy officers: who did what to which record
//! when, filtered by person, action, record (a case's number works) and period; 50 a page,
//! newest first; an export of all that matches as CSV (itself in the trail); and the result
//! of checking the hash chain.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::audit::{AuditAction, AuditRecord};
use crate::domain::user::Language;
use crate::messages;
use crate::service::accounts::access::{PrivacyScope, UserDirectoryScope};
use crate::service::audit::search::AuditQuery;
use crate::service::ServiceError;
use crate::store::sql::{self, PageRequest};
use crate::web::casework::form::{choice, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

const PAGE_SIZE: usize = 50;

/// The filters as they are in the address (a GET form), and typed back into the form.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct Filters {
    #[serde(default)]
    person: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    before: String,
    #[serde(default)]
    csrf: String,
}

#[derive(Serialize)]
struct TrailView {
    title: String,
    filters: Filters,
    people: Vec<Choice>,
    actions: Vec<Choice>,
    events: Vec<EventRow>,
    next_page: Option<String>,
    errors: Vec<crate::web::casework::register::FieldError>,
    verified: Option<String>,
    broken: Option<String>,
}

#[derive(Serialize)]
struct EventRow {
    at: String,
    who: String,
    action: String,
    record: String,
    refused: bool,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(filters): Query<Filters>) -> Response {
    render(&state, &page, filters, None).await
}

/// Checks the hash chain and shows the result above the trail.
pub async fn verify(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    axum::extract::Form(filters): axum::extract::Form<Filters>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &filters.csrf) {
        return refused;
    }
    let Ok(scope) = PrivacyScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    match state.services.verify_trail_for(&scope).await {
        Ok(report) => render(&state, &page, filters, Some(report)).await,
        Err(error) => page.error(&error),
    }
}

/// All that matches the filters as CSV for a Dutch spreadsheet: UTF-8 with a byte-order
/// mark, semicolons, and no cell that a spreadsheet would read as a formula.
pub async fn export(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    axum::extract::Form(filters): axum::extract::Form<Filters>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &filters.csrf) {
        return refused;
    }
    let Ok(scope) = PrivacyScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let language = page.actor.language;
    let Ok(query) = audit_query(&filters) else { return render(&state, &page, filters, None).await };
    let events = match state.services.export_audit(&page.actor, &scope, &query).await {
        Ok(events) => events,
        Err(error) => return page.error(&error),
    };
    let names = match people(&state, &page).await {
        Ok(names) => names,
        Err(error) => return page.error(&error),
    };
    let header_row = ["audit-csv-at", "audit-csv-who", "audit-csv-action", "audit-csv-record", "audit-csv-result"]
        .map(|id| messages::text(language, id));
    let mut csv = String::from("\u{feff}");
    csv.push_str(&header_row.map(|c| csv_cell(&c)).join(";"));
    csv.push_str("\r\n");
    for event in &events {
        let row = row(event, &names, language);
        let result = messages::text(language, &format!("audit-result-{}", event.result));
        let cells = [row.at, row.who, row.action, row.record, result];
        csv.push_str(&cells.map(|c| csv_cell(&c)).join(";"));
        csv.push_str("\r\n");
    }
    let mut response = (StatusCode::OK, csv).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audittrail.csv\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn csv_cell(text: &str) -> String {
    // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

async fn render(
    state: &AppState,
    page: &PageActor,
    filters: Filters,
    report: Option<crate::service::audit::trail::AuditReport>,
) -> Response {
    let language = page.actor.language;
    let Ok(scope) = PrivacyScope::of(&page.actor) else { return page.error(&ServiceError::NotFound) };
    let names = match people(state, page).await {
        Ok(names) => names,
        Err(error) => return page.error(&error),
    };
    let (query, errors) = match audit_query(&filters) {
        Ok(query) => (Some(query), Vec::new()),
        Err(field) => {
            let message = messages::text(language, "audit-filter-date");
            (None, vec![crate::web::casework::register::FieldError::at(field, message)])
        }
    };
    let before = filters.before.parse::<i64>().ok();
    let found = match &query {
        Some(query) => match state.services.search_audit(&scope, query, before, PAGE_SIZE).await {
            Ok(found) => found,
            Err(error) => return page.error(&error),
        },
        None => sql::Page { items: Vec::new(), has_next_page: false },
    };
    let next_page = found.items.last().filter(|_| found.has_next_page).map(|last| next_link(&filters, last.seq));
    let mut people: Vec<Choice> =
        names.iter().map(|(id, name)| choice(id, name.clone(), *id == filters.person)).collect();
    people.sort_by(|a, b| a.label.cmp(&b.label));
    let actions = AuditAction::ALL
        .iter()
        .map(|a| choice(a.as_str(), action_label(a.as_str(), language), a.as_str() == filters.action))
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let view = TrailView {
        title: messages::text(language, "audit-title"),
        events: found.items.iter().map(|e| row(e, &names, language)).collect(),
        filters,
        people,
        actions,
        next_page,
        errors,
        verified: report
            .as_ref()
            .filter(|r| r.first_break.is_none())
            .map(|_| messages::text(language, "audit-verified")),
        // Whether it holds, not where: the chain is the installation's, across organisations.
        broken: report.and_then(|r| r.first_break).map(|_| messages::text(language, "audit-broken")),
    };
    page.render_status(status, "audit", &view)
}

/// The organisation's people by id, for the filter and the "who" column.
async fn people(state: &AppState, page: &PageActor) -> Result<HashMap<String, String>, ServiceError> {
    let scope = UserDirectoryScope::of(&page.actor)?;
    let listed = state.services.list_users(&scope, &PageRequest { first: 1000, after: None }).await?;
    Ok(listed
        .items
        .into_iter()
        .map(|u| (u.id.to_string(), format!("{} ({})", u.display_name, u.email.as_str())))
        .collect())
}

fn audit_query(filters: &Filters) -> Result<AuditQuery, &'static str> {
    let date = |text: &str, field: &'static str| match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| field),
    };
    Ok(AuditQuery {
        person: filters.person.parse().ok(),
        action: AuditAction::parse(&filters.action),
        record: Some(filters.record.clone()).filter(|r| !r.trim().is_empty()),
        from: date(&filters.from, "from")?,
        until: date(&filters.until, "until")?,
    })
}

fn next_link(filters: &Filters, last_seq: i64) -> String {
    let encoded: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("person", &filters.person)
        .append_pair("action", &filters.action)
        .append_pair("record", &filters.record)
        .append_pair("from", &filters.from)
        .append_pair("until", &filters.until)
        .append_pair("before", &last_seq.to_string())
        .finish();
    format!("/audit?{encoded}")
}

fn row(event: &AuditRecord, names: &HashMap<String, String>, language: Language) -> EventRow {
    let who = match (&event.actor_user_id, &event.actor_token_id) {
        (Some(user), _) => names.get(user).cloned().unwrap_or_else(|| messages::text(language, "audit-who-elsewhere")),
        (None, Some(_)) => messages::text(language, "audit-who-token"),
        (None, None) => messages::text(language, "audit-who-system"),
    };
    let record = match (&event.object_type, &event.object_id) {
        (Some(kind), Some(id)) => format!("{} {id}", messages::text(language, &format!("audit-object-{kind}"))),
        _ => String::new(),
    };
    EventRow {
        at: labels::moment(sql::from_micros(event.occurred_at), language),
        who,
        action: action_label(&event.action, language),
        record,
        refused: event.result != "ok",
    }
}

fn action_label(code: &str, language: Language) -> String {
    messages::text(language, &format!("audit-action-{}", code.replace('_', "-")))
}
