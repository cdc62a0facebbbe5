//! The printable agenda of a meeting. It shows only what every invited organisation may see:
//! the items come from the chain's shared data, and minutes only once the chair approved them.
//! While the agenda is open, a member may ask here for a shared case to be discussed.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::action::{Action, Progress, Urgency};
use crate::domain::actor::Actor;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::local_date;
use crate::domain::case::PseudonymisedCase;
use crate::domain::ids::{MeetingId, OrganisationId};
use crate::domain::meeting::MeetingStatus;
use crate::domain::minutes::Minutes;
use crate::domain::reason::Arg;
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::request_context::REQUEST_ID;
use crate::service::meetings::agendas::AgendaEntry;
use crate::service::meetings::agendas::AgendaSubject;
use crate::service::meetings::schedule::MeetingAccess;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::web::casework::register::FieldError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::{AppState, RequestId};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: String,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    page: PageActor,
) -> Response {
    let work = async {
        let id: MeetingId = id.parse().map_err(|_| ServiceError::NotFound)?;
        printed(&state.services, &page.actor, id).await
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        Ok(mut printed) => {
            printed.view.flag.flagged = done.done == "flagged";
            page.render("agenda", &printed.view)
        }
        Err(error) => page.error(&error),
    }
}

/// A printed page of a meeting, with the agenda and minutes it was made from.
pub(super) struct Printed {
    pub view: AgendaView,
    pub agenda: Vec<AgendaEntry>,
    pub minutes: Option<Minutes>,
}

#[derive(Serialize)]
pub(super) struct AgendaView {
    pub title: String,
    id: String,
    pub series: String,
    date: String,
    time: String,
    location: String,
    cancelled: bool,
    frozen: Option<String>,
    freeze_at: String,
    confidentiality: String,
    chair: String,
    items: Vec<ItemView>,
    approved: Option<String>,
    attendance: Vec<AttendanceView>,
    printed: String,
    pub flag: FlagForm,
    pub errors: Vec<FieldError>,
}

/// Asking for a shared case to be discussed, by its public code: offered to members while
/// the agenda is open.
#[derive(Serialize, Default)]
pub(super) struct FlagForm {
    pub open: bool,
    pub flagged: bool,
    pub code: String,
    pub reason: String,
    pub code_error: Option<String>,
    pub reason_error: Option<String>,
}

#[derive(Serialize)]
struct ItemView {
    kind: &'static str,
    kind_label: &'static str,
    title: Option<String>,
    added_by: Option<String>,
    case: Option<CaseView>,
    gone: bool,
    pattern: Option<PatternView>,
    action: Option<ActionView>,
    minutes: Option<ItemMinutesView>,
}

#[derive(Serialize)]
struct CaseView {
    public_id: String,
    organisation: String,
    grounds: String,
    domain: String,
    municipality: String,
    month: String,
    status: &'static str,
    summary: Option<String>,
}

#[derive(Serialize)]
struct PatternView {
    reports: usize,
    organisations: usize,
    public_ids: String,
}

#[derive(Serialize)]
struct ActionView {
    description: String,
    owner: String,
    due: String,
    overdue: bool,
    status: &'static str,
    history: Vec<ProgressView>,
}

#[derive(Serialize)]
struct ProgressView {
    date: String,
    status: &'static str,
    note: String,
}

#[derive(Serialize)]
struct ItemMinutesView {
    notes: String,
    decisions: String,
}

#[derive(Serialize)]
struct AttendanceView {
    organisation: String,
    presence: &'static str,
}

/// The agenda as every invited organisation may read it, with the minutes once approved.
pub(super) async fn printed(services: &Services, actor: &Actor, id: MeetingId) -> ServiceResult<Printed> {
    let access = services.meeting(actor, id).await?;
    let agenda = services.printable_agenda(actor, id).await?;
    // Draft minutes are the chair's; the printed agenda shows approved minutes only.
    let minutes = services.printable_minutes(actor, id).await?;
    let names = organisation_names(services, &access, &agenda, minutes.as_ref()).await?;
    let language = actor.language;
    let labels = Labeller { taxonomy: services.taxonomy(), names: &names, language };
    let today = local_date(services.clock().now());
    let items = agenda.iter().map(|entry| labels.item(entry, minutes.as_ref(), today)).collect();
    let meeting = &access.meeting;
    let freeze_at = meeting.starts_at - Duration::hours(services.meetings_config().agenda_freeze_hours);
    let confidentiality = minutes.as_ref().map(|m| m.confidentiality.clone());
    let view = AgendaView {
        id: id.to_string(),
        title: crate::messages::say_code(
            language,
            "agenda-title",
            &[("series", Arg::Text(access.series.title.clone()))],
        ),
        series: access.series.title.clone(),
        date: labels::date(local_date(meeting.starts_at), language),
        time: labels::time_span(meeting.starts_at, meeting.ends_at),
        location: meeting.location.clone(),
        cancelled: meeting.status == MeetingStatus::Cancelled,
        frozen: meeting.agenda_frozen_at.map(|at| labels::moment(at, language)),
        freeze_at: labels::moment(freeze_at, language),
        confidentiality: confidentiality.unwrap_or_else(|| services.confidentiality_statement(language)),
        chair: labels.name(access.series.chair_organisation_id),
        items,
        approved: minutes.as_ref().and_then(|m| m.approved_at).map(|at| labels::moment(at, language)),
        attendance: minutes.as_ref().map(|m| labels.attendance(m)).unwrap_or_default(),
        printed: labels::moment(services.clock().now(), language),
        flag: FlagForm {
            open: actor.does_chain_work()
                && meeting.status == MeetingStatus::Planned
                && meeting.agenda_frozen_at.is_none()
                && meeting.starts_at > services.clock().now(),
            ..FlagForm::default()
        },
        errors: Vec::new(),
    };
    Ok(Printed { view, agenda, minutes })
}

/// The names of the organisations the page mentions, in one read.
async fn organisation_names(
    services: &Services,
    access: &MeetingAccess,
    agenda: &[AgendaEntry],
    minutes: Option<&Minutes>,
) -> ServiceResult<HashMap<OrganisationId, String>> {
    let mut organisations: Vec<OrganisationId> = vec![access.series.chair_organisation_id];
    for entry in agenda {
        organisations.extend(entry.item.added_by_organisation_id);
        match &entry.subject {
            AgendaSubject::Case(Some(case)) => organisations.push(case.organisation_id),
            AgendaSubject::Action(Some((action, _))) => organisations.push(action.owner_organisation_id),
            _ => {}
        }
    }
    if let Some(m) = minutes {
        organisations.extend(m.attendance.iter().map(|a| a.organisation_id));
    }
    Ok(services.organisations_by_ids(&organisations).await?.into_iter().map(|o| (o.id, o.name)).collect())
}

/// Turns what the service gave into what the page shows, in the reader's language.
struct Labeller<'a> {
    taxonomy: &'a Taxonomy,
    names: &'a HashMap<OrganisationId, String>,
    language: Language,
}

impl Labeller<'_> {
    fn name(&self, id: OrganisationId) -> String {
        self.names.get(&id).cloned().unwrap_or_default()
    }

    fn item(&self, entry: &AgendaEntry, minutes: Option<&Minutes>, today: NaiveDate) -> ItemView {
        let notes = minutes.and_then(|m| m.items.iter().find(|i| i.agenda_item_id == entry.item.id));
        let flagged_by = entry.item.added_by_organisation_id.filter(|_| entry.item.kind == AgendaItemKind::FlaggedCase);
        let mut item = ItemView {
            kind: entry.item.kind.as_str(),
            kind_label: labels::agenda_item_kind(entry.item.kind),
            title: entry.item.title.clone(),
            added_by: flagged_by.map(|id| self.name(id)),
            case: None,
            gone: false,
            pattern: None,
            action: None,
            minutes: notes.map(|n| ItemMinutesView { notes: n.notes.clone(), decisions: n.decisions.clone() }),
        };
        match &entry.subject {
            AgendaSubject::Case(Some(case)) => item.case = Some(self.case(case)),
            AgendaSubject::Case(None) | AgendaSubject::Action(None) => item.gone = true,
            AgendaSubject::Pattern(p) => {
                let public_ids = p.public_ids.join(", ");
                item.pattern = Some(PatternView { reports: p.reports, organisations: p.organisations, public_ids })
            }
            AgendaSubject::Action(Some((action, history))) => item.action = Some(self.action(action, history, today)),
            AgendaSubject::Topic => {}
        }
        item
    }

    fn case(&self, case: &PseudonymisedCase) -> CaseView {
        let (taxonomy, language) = (self.taxonomy, self.language);
        let grounds: Vec<String> = case.grounds.iter().map(|g| labels::ground(taxonomy, g, language)).collect();
        let place = case.incident_municipality.as_deref().or(case.residence_municipality.as_deref());
        CaseView {
            public_id: case.public_id.clone(),
            organisation: self.name(case.organisation_id),
            grounds: grounds.join(", "),
            domain: labels::domain(taxonomy, &case.domain, language),
            municipality: place.map_or_else(|| labels::unknown(language), |code| labels::municipality(taxonomy, code)),
            month: case.incident_month.clone().unwrap_or_else(|| labels::unknown(language)),
            status: labels::case_status(case.status),
            summary: case.shared_summary.clone(),
        }
    }

    fn action(&self, action: &Action, history: &[Progress], today: NaiveDate) -> ActionView {
        let overdue = crate::domain::action::urgency(action.due_on, today, 0) == Urgency::Overdue;
        let progress = |p: &Progress| ProgressView {
            date: labels::date(local_date(p.recorded_at), self.language),
            status: labels::action_status(p.status),
            note: p.note.clone(),
        };
        ActionView {
            description: action.description.clone(),
            owner: self.name(action.owner_organisation_id),
            due: labels::date(action.due_on, self.language),
            overdue: overdue && action.status.is_open(),
            status: labels::action_status(action.status),
            history: history.iter().map(progress).collect(),
        }
    }

    fn attendance(&self, minutes: &Minutes) -> Vec<AttendanceView> {
        let row = |a: &crate::domain::minutes::Attendance| AttendanceView {
            organisation: self.name(a.organisation_id),
            presence: labels::presence(a.presence),
        };
        minutes.attendance.iter().map(row).collect()
    }
}
