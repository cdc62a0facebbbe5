//! The printable agenda of a meeting. It shows only what every invited organisation may see:
//! the items come from the chain's shared data, and minutes only once the chair approved them.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use serde_json::{json, Value};

use crate::domain::action::{Action, Progress};
use crate::domain::action::{ActionStatus, Urgency};
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::local_date;
use crate::domain::case::{Case, CaseStatus};
use crate::domain::ids::{MeetingId, OrganisationId};
use crate::domain::meeting::MeetingStatus;
use crate::domain::minutes::Minutes;
use crate::domain::minutes::Presence;
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::request_context::REQUEST_ID;
use crate::service::meetings::agendas::AgendaEntry;
use crate::service::meetings::agendas::AgendaSubject;
use crate::service::meetings::schedule::MeetingAccess;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::web::labels;
use crate::web::page::{error_page, render, PageActor};
use crate::web::{AppState, RequestId};

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(id): Path<String>,
    PageActor(actor): PageActor,
) -> Response {
    let work = async {
        let id: MeetingId = id.parse().map_err(|_| ServiceError::NotFound)?;
        page_data(&state.services, &actor, id).await
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        // Still Dutch with English beside it, until the page moves to the catalogue.
        Ok(data) => render(Language::Nl, StatusCode::OK, "agenda", &data),
        Err(error) => error_page(actor.language, &error),
    }
}

async fn page_data(services: &Services, actor: &crate::domain::actor::Actor, id: MeetingId) -> ServiceResult<Value> {
    let access = services.meeting(actor, id).await?;
    let agenda = services.printable_agenda(actor, id).await?;
    // Draft minutes are the chair's; the printed agenda shows approved minutes only.
    let minutes = services.printable_minutes(actor, id).await?;
    let names = organisation_names(services, &access, &agenda, minutes.as_ref()).await?;
    let name = |id: OrganisationId| names.get(&id).cloned().unwrap_or_default();
    let today = local_date(services.clock().now());
    let meeting = &access.meeting;
    let view = ItemView { taxonomy: services.taxonomy(), minutes: minutes.as_ref(), names: &names, today };
    let items: Vec<Value> = agenda.iter().map(|entry| view.of(entry)).collect();
    let local = meeting.starts_at.with_timezone(&Amsterdam);
    let freeze_at = meeting.starts_at - Duration::hours(services.meetings_config().agenda_freeze_hours);
    Ok(json!({
        "title": format!("Agenda {}", access.series.title),
        "signed_in": true,
        "series": access.series.title,
        "date_nl": labels::date(local.date_naive(), Language::Nl),
        "date_en": local.format("%A %-d %B %Y").to_string(),
        "time": format!("{}–{}", local.format("%H:%M"), meeting.ends_at.with_timezone(&Amsterdam).format("%H:%M")),
        "location": meeting.location,
        "cancelled": meeting.status == MeetingStatus::Cancelled,
        "frozen": meeting.agenda_frozen_at.map(when),
        "freeze_at": when(freeze_at),
        "confidentiality": minutes.as_ref().map(|m| m.confidentiality.clone())
            .unwrap_or_else(|| services.meetings_config().confidentiality_statement.clone()),
        "chair": name(access.series.chair_organisation_id),
        "items": items,
        "approved": minutes.as_ref().and_then(|m| m.approved_at).map(when),
        "attendance": minutes.as_ref().map(|m| m.attendance.iter().map(|a| json!({
            "organisation": name(a.organisation_id),
            "presence": presence(a.presence),
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "printed": when(services.clock().now()),
    }))
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

/// What an agenda item shows.
struct ItemView<'a> {
    taxonomy: &'a Taxonomy,
    minutes: Option<&'a Minutes>,
    names: &'a HashMap<OrganisationId, String>,
    today: chrono::NaiveDate,
}

impl ItemView<'_> {
    fn name(&self, id: OrganisationId) -> String {
        self.names.get(&id).cloned().unwrap_or_default()
    }

    fn of(&self, entry: &AgendaEntry) -> Value {
        let notes = self.minutes.and_then(|m| m.items.iter().find(|i| i.agenda_item_id == entry.item.id));
        let flagged_by = entry.item.added_by_organisation_id.filter(|_| entry.item.kind == AgendaItemKind::FlaggedCase);
        let mut item = json!({
            "kind": entry.item.kind.as_str(),
            "kind_label": kind_label(entry.item.kind),
            "title": entry.item.title,
            "added_by": flagged_by.map(|id| self.name(id)),
            "case": null, "gone": false, "pattern": null, "action": null,
            "minutes": notes.map(|n| json!({ "notes": n.notes, "decisions": n.decisions })),
        });
        match &entry.subject {
            AgendaSubject::Case(Some(case)) => {
                item["case"] = case_view(case, self.taxonomy, self.name(case.organisation_id))
            }
            AgendaSubject::Case(None) | AgendaSubject::Action(None) => item["gone"] = json!(true),
            AgendaSubject::Pattern(p) => {
                item["pattern"] = json!({ "reports": p.reports, "organisations": p.organisations, "public_ids": p.public_ids.join(", ") })
            }
            AgendaSubject::Action(Some((action, history))) => item["action"] = self.action(action, history),
            AgendaSubject::Topic => {}
        }
        item
    }

    fn action(&self, action: &Action, history: &[Progress]) -> Value {
        let overdue = crate::domain::action::urgency(action.due_on, self.today, 0) == Urgency::Overdue;
        json!({
            "description": action.description,
            "owner": self.name(action.owner_organisation_id),
            "due": labels::date(action.due_on, Language::Nl),
            "overdue": overdue && action.status.is_open(),
            "status": action_status(action.status),
            "history": history.iter().map(|p| json!({
                "date": labels::date(local_date(p.recorded_at), Language::Nl),
                "status": action_status(p.status),
                "note": p.note,
            })).collect::<Vec<_>>(),
        })
    }
}

fn case_view(case: &Case, taxonomy: &Taxonomy, organisation: String) -> Value {
    let language = Language::Nl;
    let grounds: Vec<String> =
        case.registration.grounds.iter().map(|g| labels::ground(taxonomy, g, language)).collect();
    let place =
        case.registration.incident_municipality.as_deref().or(case.registration.residence_municipality.as_deref());
    json!({
        "public_id": case.public_id,
        "organisation": organisation,
        "grounds": grounds.join(", "),
        "domain": labels::domain(taxonomy, &case.registration.domain, language),
        "municipality": place.map_or_else(|| labels::unknown(language), |code| labels::municipality(taxonomy, code)),
        "month": case.registration.incident_month().unwrap_or_else(|| labels::unknown(language)),
        "status": match case.registration.status {
            CaseStatus::Open => "open",
            CaseStatus::InProgress => "in behandeling / in progress",
            CaseStatus::Closed => "afgesloten / closed",
        },
        "summary": case.shared_summary,
    })
}

fn kind_label(kind: AgendaItemKind) -> &'static str {
    match kind {
        AgendaItemKind::Action => "Afspraak, doorlopend / Action carried over",
        AgendaItemKind::SharedCase => "Nieuw gedeelde melding / Newly shared case",
        AgendaItemKind::FlaggedCase => "Ter bespreking ingebracht / Flagged for discussion",
        AgendaItemKind::Pattern => "Patroon / Pattern",
        AgendaItemKind::Topic => "Onderwerp / Topic",
    }
}

fn action_status(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "open",
        ActionStatus::InProgress => "bezig / in progress",
        ActionStatus::Done => "gedaan / done",
        ActionStatus::NotPossible => "niet mogelijk / not possible",
        ActionStatus::Lapsed => "vervallen / lapsed",
    }
}

fn presence(presence: Presence) -> &'static str {
    match presence {
        Presence::Present => "aanwezig / present",
        Presence::Apologies => "afgemeld / apologies",
        Presence::Absent => "afwezig / absent",
    }
}

/// "12 november 2026 14:00" in Amsterdam.
fn when(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Amsterdam);
    format!("{} {}", labels::date(local.date_naive(), Language::Nl), local.format("%H:%M"))
}
