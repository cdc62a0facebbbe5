//! The chair's minutes of a meeting that took place: attendance and apologies per member
//! organisation, notes and decisions per agenda item (checked like every shared text, each
//! finding shown by its field), actions agreed on an item created on the spot, and approval.
//! After approval a change needs a reason and the earlier texts are listed. Until approved,
//! only the chair's organisation sees them (the service's rule; members get 403 here).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::domain::ids::{AgendaItemId, MeetingId, OrganisationId};
use crate::domain::meeting::MeetingStatus;
use crate::domain::minutes::{Minutes, Presence};
use crate::domain::reason::{Arg, Reason};
use crate::domain::user::Language;
use crate::messages;
use crate::service::meetings::actions::NewAction;
use crate::service::meetings::agendas::{AgendaEntry, AgendaSubject};
use crate::service::meetings::minutes::MinutesEntry;
use crate::service::ServiceError;
use crate::web::casework::form::{choice, Choice, Posted};
use crate::web::labels;
use crate::web::meetings::prepare::item_row;
use crate::web::page::PageActor;
use crate::web::AppState;

const PRESENCES: [Presence; 3] = [Presence::Present, Presence::Apologies, Presence::Absent];

/// A refused form as it was posted, with the field (and item) the service named.
struct Refused {
    posted: Posted,
    target: String,
    message: String,
}

#[derive(Serialize)]
struct ErrorLink {
    target: String,
    message: String,
}

#[derive(Serialize)]
struct MinutesView {
    title: String,
    id: String,
    series: String,
    when: String,
    taken_place: bool,
    approved: Option<String>,
    attendance: Vec<AttendanceRow>,
    items: Vec<ItemRow>,
    reason: String,
    reason_error: Option<String>,
    amendments: Vec<AmendmentRow>,
    agreed_on: Vec<Choice>,
    owners: Vec<Choice>,
    action_description: String,
    action_due: String,
    action_errors: ActionErrors,
    errors: Vec<ErrorLink>,
}

/// The refusal of the action form, by its field.
#[derive(Serialize)]
struct ActionErrors {
    item: Option<String>,
    description: Option<String>,
    owner: Option<String>,
    due: Option<String>,
}

#[derive(Serialize)]
struct AttendanceRow {
    organisation: String,
    id: String,
    choices: Vec<Choice>,
}

#[derive(Serialize)]
struct ItemRow {
    id: String,
    position: usize,
    kind: &'static str,
    summary: String,
    notes: String,
    decisions: String,
    notes_error: Option<String>,
    decisions_error: Option<String>,
}

#[derive(Serialize)]
struct AmendmentRow {
    item: usize,
    at: String,
    reason: String,
    previous_notes: String,
    previous_decisions: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    render(&state, &page, &id, None).await
}

async fn render(state: &AppState, page: &PageActor, id: &str, refused: Option<Refused>) -> Response {
    let Ok(id) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    let status = if refused.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    match view(state, page, id, refused).await {
        Ok(view) => page.render_status(status, "minutes", &view),
        Err(error) => page.error(&error),
    }
}

async fn view(
    state: &AppState,
    page: &PageActor,
    id: MeetingId,
    refused: Option<Refused>,
) -> Result<MinutesView, ServiceError> {
    let services = &state.services;
    let access = services.meeting(&page.actor, id).await?;
    if !access.chairs {
        return Err(ServiceError::Forbidden);
    }
    let agenda = services.agenda(&page.actor, id).await?;
    let minutes = services.minutes(&page.actor, id).await?;
    let organisations = members_by_name(state, page, access.series.chain_id).await?;
    let language = page.actor.language;
    let meeting = &access.meeting;
    // Only the refused form's own fields come back as typed; the others show what is stored.
    let typed = |name: &str| refused.as_ref().and_then(|r| r.posted.get(name));
    let error_at = |target: &str| refused.as_ref().filter(|r| r.target == target).map(|r| r.message.clone());
    let stored = minutes.as_ref();
    Ok(MinutesView {
        title: messages::text(language, "minutes-title"),
        id: id.to_string(),
        series: access.series.title.clone(),
        when: labels::moment(meeting.starts_at, language),
        taken_place: meeting.starts_at <= services.clock().now() && meeting.status != MeetingStatus::Cancelled,
        approved: stored.and_then(|m| m.approved_at).map(|at| labels::moment(at, language)),
        attendance: organisations
            .iter()
            .map(|o| attendance_row(o.id, &o.name, stored, refused.as_ref(), language))
            .collect(),
        items: agenda
            .iter()
            .enumerate()
            .map(|(n, e)| minutes_row(e, n, agenda.len(), stored, &typed, &error_at))
            .collect(),
        reason: typed("amendmentReason").unwrap_or_default(),
        reason_error: error_at("amendment-reason"),
        amendments: stored.map(|m| amendment_rows(m, &agenda, language)).unwrap_or_default(),
        agreed_on: agenda
            .iter()
            .enumerate()
            .map(|(n, e)| {
                let row = item_row(e, n, agenda.len());
                let label = format!("{}. {}", n + 1, messages::text(language, row.kind));
                choice(&e.item.id.to_string(), label, typed("agendaItem").as_deref() == Some(&e.item.id.to_string()))
            })
            .collect(),
        owners: organisations
            .iter()
            .map(|o| choice(&o.id.to_string(), o.name.clone(), typed("owner").as_deref() == Some(&o.id.to_string())))
            .collect(),
        action_description: typed("description").unwrap_or_default(),
        action_due: typed("dueOn").unwrap_or_default(),
        action_errors: ActionErrors {
            item: error_at("action-item"),
            description: error_at("action-description"),
            owner: error_at("action-owner"),
            due: error_at("action-due"),
        },
        errors: refused.iter().map(|r| ErrorLink { target: r.target.clone(), message: r.message.clone() }).collect(),
    })
}

/// The chain's member organisations, by name.
async fn members_by_name(
    state: &AppState,
    page: &PageActor,
    chain: crate::domain::ids::ChainId,
) -> Result<Vec<crate::domain::organisation::Organisation>, ServiceError> {
    let services = &state.services;
    let members = services.chain_members(&page.actor, &[chain]).await?.remove(&chain).unwrap_or_default();
    let mut organisations = services.organisations_by_ids(&members).await?;
    organisations.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(organisations)
}

/// The earlier texts of approved minutes, each by its item's place on the agenda.
fn amendment_rows(minutes: &Minutes, agenda: &[AgendaEntry], language: Language) -> Vec<AmendmentRow> {
    let positions: HashMap<AgendaItemId, usize> = agenda.iter().enumerate().map(|(n, e)| (e.item.id, n + 1)).collect();
    minutes
        .amendments
        .iter()
        .map(|a| AmendmentRow {
            item: positions.get(&a.agenda_item_id).copied().unwrap_or_default(),
            at: labels::moment(a.amended_at, language),
            reason: a.reason.clone(),
            previous_notes: a.previous_notes.clone(),
            previous_decisions: a.previous_decisions.clone(),
        })
        .collect()
}

fn attendance_row(
    organisation: OrganisationId,
    name: &str,
    stored: Option<&Minutes>,
    refused: Option<&Refused>,
    language: Language,
) -> AttendanceRow {
    let field = format!("presence.{organisation}");
    let recorded = stored
        .and_then(|m| m.attendance.iter().find(|a| a.organisation_id == organisation))
        .map(|a| a.presence.as_str().to_owned());
    let chosen = refused.and_then(|r| r.posted.get(&field)).or(recorded).unwrap_or_default();
    AttendanceRow {
        organisation: name.to_owned(),
        id: organisation.to_string(),
        choices: PRESENCES
            .into_iter()
            .map(|p| choice(p.as_str(), messages::text(language, labels::presence(p)), chosen == p.as_str()))
            .collect(),
    }
}

fn minutes_row(
    entry: &AgendaEntry,
    n: usize,
    count: usize,
    stored: Option<&Minutes>,
    typed: &dyn Fn(&str) -> Option<String>,
    error_at: &dyn Fn(&str) -> Option<String>,
) -> ItemRow {
    let row = item_row(entry, n, count);
    let id = entry.item.id;
    let recorded = stored.and_then(|m| m.items.iter().find(|i| i.agenda_item_id == id));
    let text = |kind: &str, stored: Option<&String>| {
        typed(&format!("{kind}.{id}")).unwrap_or_else(|| stored.cloned().unwrap_or_default())
    };
    ItemRow {
        id: id.to_string(),
        position: n + 1,
        kind: row.kind,
        summary: row.summary,
        notes: text("notes", recorded.map(|r| &r.notes)),
        decisions: text("decisions", recorded.map(|r| &r.decisions)),
        notes_error: error_at(&format!("notes-{id}")),
        decisions_error: error_at(&format!("decisions-{id}")),
    }
}

/// Where on the page the service's refusal belongs: the item's field for a text, the
/// action form's field, the attendance, or the amendment reason.
fn target_of(field: &str, reason: &Reason) -> String {
    let item = reason.args.iter().find_map(|(name, value)| match (name, value) {
        (&"agendaItemId", Arg::Text(id)) => Some(id.clone()),
        _ => None,
    });
    match (field, item) {
        ("notes" | "decisions", Some(item)) => format!("{field}-{item}"),
        ("amendmentReason", _) => "amendment-reason".to_owned(),
        ("description", _) => "action-description".to_owned(),
        ("ownerOrganisationId" | "ownerUserId", _) => "action-owner".to_owned(),
        ("dueOn", _) => "action-due".to_owned(),
        ("agendaItemId", _) => "action-item".to_owned(),
        _ => "attendance".to_owned(),
    }
}

/// The answer to a chair's form: back to the page, or the page again with the refusal.
async fn answer(
    state: &AppState,
    page: &PageActor,
    id: &str,
    posted: Posted,
    done: Result<(), ServiceError>,
) -> Response {
    match done {
        Ok(()) => Redirect::to(&format!("/meetings/{id}/minutes")).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let refused = Refused {
                target: target_of(field, &reason),
                message: messages::say(page.actor.language, &reason),
                posted,
            };
            render(state, page, id, Some(refused)).await
        }
        Err(error) => page.error(&error),
    }
}

/// The posted form, once its token and origin are checked.
fn checked_form(page: &PageActor, headers: &HeaderMap, body: &[u8]) -> Result<Posted, Box<Response>> {
    let posted = Posted::parse(body);
    match page.form_refusal(headers, &posted.one("csrf")) {
        Some(refused) => Err(Box::new(refused)),
        None => Ok(posted),
    }
}

fn meeting_id(id: &str) -> Result<MeetingId, ServiceError> {
    id.parse().map_err(|_| ServiceError::NotFound)
}

pub async fn save_attendance(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let posted = match checked_form(&page, &headers, &body) {
        Ok(posted) => posted,
        Err(refused) => return *refused,
    };
    let done = async {
        let meeting = meeting_id(&id)?;
        let mut attendance = Vec::new();
        for organisation in posted.all("organisation") {
            let organisation: OrganisationId = organisation.parse().map_err(|_| ServiceError::NotFound)?;
            if let Some(presence) = Presence::parse(&posted.one(&format!("presence.{organisation}"))) {
                attendance.push((organisation, presence));
            }
        }
        state.services.record_attendance(&page.actor, meeting, &attendance).await.map(drop)
    };
    let done = done.await;
    answer(&state, &page, &id, posted, done).await
}

pub async fn save_minutes(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let posted = match checked_form(&page, &headers, &body) {
        Ok(posted) => posted,
        Err(refused) => return *refused,
    };
    let done = async {
        let meeting = meeting_id(&id)?;
        let mut entries = Vec::new();
        for item in posted.all("item") {
            let agenda_item: AgendaItemId = item.parse().map_err(|_| ServiceError::NotFound)?;
            let (notes, decisions) = (posted.one(&format!("notes.{item}")), posted.one(&format!("decisions.{item}")));
            entries.push(MinutesEntry { agenda_item, notes, decisions });
        }
        let reason = Some(posted.one("amendmentReason")).filter(|r| !r.is_empty());
        state.services.record_minutes(&page.actor, meeting, None, entries, reason).await.map(drop)
    };
    let done = done.await;
    answer(&state, &page, &id, posted, done).await
}

/// An action agreed on an agenda item, for a member organisation; on a case's item it is
/// about that case.
pub async fn add_action(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let posted = match checked_form(&page, &headers, &body) {
        Ok(posted) => posted,
        Err(refused) => return *refused,
    };
    let done = async {
        let meeting = meeting_id(&id)?;
        let access = state.services.meeting(&page.actor, meeting).await?;
        if !access.chairs {
            return Err(ServiceError::Forbidden);
        }
        let agenda = state.services.agenda(&page.actor, meeting).await?;
        let item = agenda
            .iter()
            .find(|e| e.item.id.to_string() == posted.one("agendaItem"))
            .ok_or_else(|| ServiceError::bad_input("agendaItemId", Reason::new("not-an-agenda-item")))?;
        // A case's item whose case is no longer shared takes no action.
        let case = match &item.subject {
            AgendaSubject::Case(Some(case)) => Some(case.id),
            AgendaSubject::Case(None) => {
                return Err(ServiceError::bad_input("agendaItemId", Reason::new("agenda-case-gone")));
            }
            _ => None,
        };
        let owner = posted
            .one("owner")
            .parse()
            .map_err(|_| ServiceError::bad_input("ownerOrganisationId", Reason::new("owner-not-a-member")))?;
        let due_on = crate::web::casework::register::date("dueOn", &posted.one("dueOn"))?;
        let new = NewAction {
            chain: access.series.chain_id,
            meeting: Some(meeting),
            agenda_item: Some(item.item.id),
            case,
            owner,
            owner_user: None,
            description: posted.one("description"),
            due_on,
        };
        state.services.create_action(&page.actor, new).await.map(drop)
    };
    let done = done.await;
    answer(&state, &page, &id, posted, done).await
}

pub async fn approve(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let posted = match checked_form(&page, &headers, &body) {
        Ok(posted) => posted,
        Err(refused) => return *refused,
    };
    let done = async { state.services.approve_minutes(&page.actor, meeting_id(&id)?).await.map(drop) };
    let done = done.await;
    answer(&state, &page, &id, posted, done).await
}
