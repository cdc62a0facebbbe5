//! One action: what was agreed, by whom, when it is due, and its progress; the owner
//! organisation records a new status with a progress note (or the reason it is not
//! possible). Both texts are read by the chain, so the service checks them like every shared
//! text; a refused one comes back in its field, as typed.

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::action::{Action, ActionStatus, Progress};
use crate::domain::calendar::local_date;
use crate::domain::ids::ActionId;
use crate::domain::reason::Reason;
use crate::messages;
use crate::service::ServiceError;
use crate::web::actions::rows::{is_overdue, Names};
use crate::web::casework::form::{choice, Choice};
use crate::web::casework::register::FieldError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

/// What the owner may set; lapsing is the service's alone.
const SETTABLE: [ActionStatus; 4] =
    [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done, ActionStatus::NotPossible];

#[derive(Deserialize, Default)]
pub struct UpdateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
}

#[derive(Serialize)]
struct ActionView {
    title: String,
    id: String,
    description: String,
    chain: String,
    owner: String,
    yours: bool,
    due: String,
    overdue: bool,
    status: &'static str,
    lapsed: bool,
    not_possible_reason: Option<String>,
    case_link: Option<String>,
    agenda_link: Option<String>,
    history: Vec<HistoryRow>,
    can_update: bool,
    statuses: Vec<Choice>,
    note: String,
    reason: String,
    errors: Vec<FieldError>,
    note_error: Option<String>,
    reason_error: Option<String>,
    status_error: Option<String>,
}

#[derive(Serialize)]
struct HistoryRow {
    at: String,
    status: &'static str,
    note: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    render(&state, &page, &id, None).await
}

/// The page, with a refused update as it was typed.
async fn render(state: &AppState, page: &PageActor, id: &str, refused: Option<(UpdateForm, FieldError)>) -> Response {
    let Ok(id) = id.parse::<ActionId>() else { return page.error(&ServiceError::NotFound) };
    let view = async {
        let (action, progress) = state.services.action(&page.actor, id).await?;
        let names = Names::load(state, page, &[&action]).await?;
        Ok::<_, ServiceError>(ActionView::new(state, page, &action, &progress, &names, refused))
    };
    match view.await {
        Ok(view) if view.errors.is_empty() => page.render("action", &view),
        Ok(view) => page.render_status(StatusCode::BAD_REQUEST, "action", &view),
        Err(error) => page.error(&error),
    }
}

impl ActionView {
    fn new(
        state: &AppState,
        page: &PageActor,
        action: &Action,
        progress: &[Progress],
        names: &Names,
        refused: Option<(UpdateForm, FieldError)>,
    ) -> ActionView {
        let language = page.actor.language;
        let today = local_date(state.services.clock().now());
        let own = action.owner_organisation_id == page.actor.organisation_id;
        let lapsed = action.status == ActionStatus::Lapsed;
        let (typed, error) = refused.map_or((None, None), |(typed, error)| (Some(typed), Some(error)));
        let chosen = typed.as_ref().map_or(action.status.as_str(), |t| t.status.as_str()).to_owned();
        let error_of = |field: &str| error.as_ref().and_then(|e| e.message_for(field));
        let mut history: Vec<HistoryRow> = progress
            .iter()
            .map(|p| HistoryRow {
                at: labels::moment(p.recorded_at, language),
                status: labels::action_status(p.status),
                note: p.note.clone(),
            })
            .collect();
        history.reverse();
        ActionView {
            title: page_title(language, &action.description),
            id: action.id.to_string(),
            description: action.description.clone(),
            chain: names.chain(action.chain_id),
            owner: names.organisation(action.owner_organisation_id),
            yours: action.owner_user_id.is_some() && action.owner_user_id == page.actor.user_id(),
            due: labels::date(action.due_on, language),
            overdue: is_overdue(action, today),
            status: labels::action_status(action.status),
            lapsed,
            not_possible_reason: action.not_possible_reason.clone(),
            case_link: action.case_id.map(|case| format!("/cases/{case}")),
            agenda_link: action.meeting_id.map(|meeting| format!("/meetings/{meeting}/agenda")),
            history,
            can_update: own && !lapsed && page.actor.does_chain_work(),
            statuses: SETTABLE
                .into_iter()
                .map(|s| choice(s.as_str(), messages::text(language, labels::action_status(s)), s.as_str() == chosen))
                .collect(),
            note: typed.as_ref().map(|t| t.note.clone()).unwrap_or_default(),
            reason: typed
                .as_ref()
                .map_or_else(|| action.not_possible_reason.clone().unwrap_or_default(), |t| t.reason.clone()),
            note_error: error_of("note"),
            reason_error: error_of("reason"),
            status_error: error_of("status"),
            errors: error.into_iter().collect(),
        }
    }
}

/// "Actie: Wijkagent laten langsgaan…", so each action's page has its own title.
fn page_title(language: crate::domain::user::Language, description: &str) -> String {
    let short: String = description.chars().take(60).collect();
    let short = if short.len() < description.len() { format!("{short}…") } else { short };
    format!("{}: {short}", messages::text(language, "action-title"))
}

/// The owner's update: a new status and a progress note, or the reason it is not possible.
pub async fn update(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<UpdateForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(action) = id.parse::<ActionId>() else { return page.error(&ServiceError::NotFound) };
    let updated = async {
        let status = ActionStatus::parse(&form.status)
            .filter(|s| SETTABLE.contains(s))
            .ok_or_else(|| ServiceError::bad_input("status", Reason::new("action-status-missing")))?;
        let text = |value: &str| Some(value.to_owned()).filter(|v| !v.trim().is_empty());
        let (note, reason) = (text(&form.note), text(&form.reason));
        state.services.update_action(&page.actor, action, status, note, reason).await
    };
    match updated.await {
        Ok(_) => Redirect::to(&format!("/actions/{action}")).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let error = FieldError::new(page.actor.language, field, &reason, state.services.taxonomy());
            render(&state, &page, &id, Some((form, error))).await
        }
        Err(error) => page.error(&error),
    }
}
