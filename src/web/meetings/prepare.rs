//! The chair's agenda: bring it up to date now, add a topic, put the items in order with
//! "up" and "down" buttons (no script), take an item off (compiling does not bring it back).
//! Until the freeze moment, which the page shows; after it, or for a cancelled meeting, the
//! page only reads. Every rule is the service's: only the chair organisation gets here.

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::domain::ids::{AgendaItemId, MeetingId};
use crate::domain::meeting::MeetingStatus;
use crate::domain::reason::Reason;
use crate::messages;
use crate::service::meetings::agendas::{AgendaEntry, AgendaSubject};
use crate::service::ServiceError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
struct PrepareView {
    title: String,
    id: String,
    series: String,
    when: String,
    freeze_at: String,
    editable: bool,
    frozen: bool,
    cancelled: bool,
    items: Vec<ItemRow>,
    topic: String,
    topic_error: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ItemRow {
    id: String,
    position: usize,
    pub(super) kind: &'static str,
    pub(super) summary: String,
    first: bool,
    last: bool,
}

#[derive(Deserialize, Default)]
pub struct TopicForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
}

#[derive(Deserialize, Default)]
pub struct ItemForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    confirmed: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    render(&state, &page, &id, None).await
}

async fn render(state: &AppState, page: &PageActor, id: &str, topic: Option<(String, String)>) -> Response {
    let Ok(id) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    let services = &state.services;
    let view = async {
        let access = services.meeting(&page.actor, id).await?;
        if !access.chairs {
            return Err(ServiceError::Forbidden);
        }
        let agenda = services.agenda(&page.actor, id).await?;
        let language = page.actor.language;
        let meeting = &access.meeting;
        let freeze_at = meeting.starts_at - Duration::hours(services.meetings_config().agenda_freeze_hours);
        let (frozen, cancelled) = (meeting.agenda_frozen_at.is_some(), meeting.status == MeetingStatus::Cancelled);
        let count = agenda.len();
        let (topic, topic_error) = topic.map_or((String::new(), None), |(typed, error)| (typed, Some(error)));
        Ok::<_, ServiceError>(PrepareView {
            title: messages::text(language, "prepare-title"),
            id: id.to_string(),
            series: access.series.title.clone(),
            when: labels::moment(meeting.starts_at, language),
            freeze_at: labels::moment(freeze_at, language),
            editable: !frozen && !cancelled,
            frozen,
            cancelled,
            items: agenda.iter().enumerate().map(|(n, entry)| item_row(entry, n, count)).collect(),
            topic,
            topic_error,
        })
    };
    match view.await {
        Ok(view) if view.topic_error.is_some() => page.render_status(StatusCode::BAD_REQUEST, "prepare", &view),
        Ok(view) => page.render("prepare", &view),
        Err(error) => page.error(&error),
    }
}

/// One line of the agenda: its kind and what it is about, in the words every member reads.
pub(super) fn item_row(entry: &AgendaEntry, n: usize, count: usize) -> ItemRow {
    let summary = match &entry.subject {
        AgendaSubject::Case(Some(case)) => case.public_id.clone(),
        AgendaSubject::Case(None) => String::new(),
        AgendaSubject::Pattern(pattern) => pattern.public_ids.join(", "),
        AgendaSubject::Action(Some((action, _))) => action.description.clone(),
        AgendaSubject::Action(None) => String::new(),
        AgendaSubject::Topic => String::new(),
    };
    let summary = match (&entry.item.title, summary.is_empty()) {
        (Some(title), true) => title.clone(),
        (Some(title), false) => format!("{summary}: {title}"),
        (None, _) => summary,
    };
    ItemRow {
        id: entry.item.id.to_string(),
        position: n + 1,
        kind: labels::agenda_item_kind(entry.item.kind),
        summary,
        first: n == 0,
        last: n + 1 == count,
    }
}

/// The chair's forms all come back to the agenda, or to the error page.
fn back(meeting: MeetingId) -> Response {
    Redirect::to(&format!("/meetings/{meeting}/prepare")).into_response()
}

pub async fn compile(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ItemForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(meeting) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.compile_agenda(&page.actor, meeting).await {
        Ok(_) => back(meeting),
        Err(error) => page.error(&error),
    }
}

pub async fn add_topic(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TopicForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(meeting) = id.parse::<MeetingId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.add_agenda_topic(&page.actor, meeting, &form.title).await {
        Ok(_) => back(meeting),
        Err(ServiceError::BadInput { reason, .. }) => {
            let error = messages::say(page.actor.language, &reason);
            render(&state, &page, &id, Some((form.title, error))).await
        }
        Err(error) => page.error(&error),
    }
}

/// Moves an item one place up or down.
pub async fn move_item(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ItemForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let moved = async {
        let meeting: MeetingId = id.parse().map_err(|_| ServiceError::NotFound)?;
        let item: AgendaItemId = form.item.parse().map_err(|_| ServiceError::NotFound)?;
        let up = match form.direction.as_str() {
            "up" => true,
            "down" => false,
            _ => return Err(ServiceError::bad_input("direction", Reason::new("agenda-direction-unknown"))),
        };
        state.services.move_agenda_item(&page.actor, meeting, item, up).await?;
        Ok::<_, ServiceError>(meeting)
    };
    match moved.await {
        Ok(meeting) => back(meeting),
        Err(error) => page.error(&error),
    }
}

#[derive(Serialize)]
struct RemoveView {
    title: String,
    id: String,
    item: String,
    kind: &'static str,
    summary: String,
}

/// Takes an item off after asking, since compiling does not bring it back; the service
/// finds the item's meeting and checks the caller chairs it.
pub async fn remove_item(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ItemForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(item) = form.item.parse::<AgendaItemId>() else { return page.error(&ServiceError::NotFound) };
    if form.confirmed != "yes" {
        return confirm_removal(&state, &page, &id, item).await;
    }
    match state.services.remove_agenda_item(&page.actor, item).await {
        Ok(meeting) => back(meeting),
        Err(error) => page.error(&error),
    }
}

/// "Are you sure?", naming the item; only the chair gets it, like the removal itself.
async fn confirm_removal(state: &AppState, page: &PageActor, id: &str, item: AgendaItemId) -> Response {
    let asked = async {
        let meeting: MeetingId = id.parse().map_err(|_| ServiceError::NotFound)?;
        if !state.services.meeting(&page.actor, meeting).await?.chairs {
            return Err(ServiceError::Forbidden);
        }
        let agenda = state.services.agenda(&page.actor, meeting).await?;
        let at = agenda.iter().position(|e| e.item.id == item).ok_or(ServiceError::NotFound)?;
        let row = item_row(&agenda[at], at, agenda.len());
        Ok::<_, ServiceError>(RemoveView {
            title: messages::text(page.actor.language, "prepare-remove-title"),
            id: meeting.to_string(),
            item: item.to_string(),
            kind: row.kind,
            summary: row.summary,
        })
    };
    match asked.await {
        Ok(view) => page.render("prepare_remove", &view),
        Err(error) => page.error(&error),
    }
}
