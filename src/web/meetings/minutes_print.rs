//! The printable minutes of a meeting, once approved, as every invited organisation may read
//! them: attendance, the notes and decisions per agenda item, the actions agreed, and what
//! was changed after approval with its reason. Before approval the page says so and shows
//! nothing of the draft (which is the chair's organisation's alone).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use serde::Serialize;

use crate::domain::action::{Action, Progress};
use crate::domain::actor::Actor;
use crate::domain::ids::{AgendaItemId, MeetingId, OrganisationId};
use crate::domain::reason::Arg;
use crate::request_context::REQUEST_ID;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::web::labels;
use crate::web::meetings::agenda::{printed, AgendaView};
use crate::web::page::PageActor;
use crate::web::{AppState, RequestId};

#[derive(Serialize)]
struct MinutesPrintView {
    #[serde(flatten)]
    agenda: AgendaView,
    actions: Vec<AgreedAction>,
    amendments: Vec<AmendmentView>,
}

#[derive(Serialize)]
struct AgreedAction {
    item: Option<usize>,
    description: String,
    owner: String,
    due: String,
    status: &'static str,
}

#[derive(Serialize)]
struct AmendmentView {
    item: usize,
    at: String,
    reason: String,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(id): Path<String>,
    page: PageActor,
) -> Response {
    let work = async {
        let id: MeetingId = id.parse().map_err(|_| ServiceError::NotFound)?;
        minutes_view(&state.services, &page.actor, id).await
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        Ok(view) => page.render("minutes_print", &view),
        Err(error) => page.error(&error),
    }
}

async fn minutes_view(services: &Services, actor: &Actor, id: MeetingId) -> ServiceResult<MinutesPrintView> {
    let printed = printed(services, actor, id).await?;
    let mut agenda = printed.view;
    agenda.title = crate::messages::say_code(
        actor.language,
        "minutes-print-title",
        &[("series", Arg::Text(agenda.series.clone()))],
    );
    let Some(minutes) = printed.minutes else {
        return Ok(MinutesPrintView { agenda, actions: Vec::new(), amendments: Vec::new() });
    };
    let position: HashMap<AgendaItemId, usize> =
        printed.agenda.iter().enumerate().map(|(n, e)| (e.item.id, n + 1)).collect();
    let agreed = services.printable_meeting_actions(actor, id).await?;
    let owners: Vec<OrganisationId> = agreed.iter().map(|(a, _)| a.owner_organisation_id).collect();
    let names: HashMap<OrganisationId, String> =
        services.organisations_by_ids(&owners).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let language = actor.language;
    let action = |(action, _): &(Action, Vec<Progress>)| AgreedAction {
        item: action.agenda_item_id.and_then(|item| position.get(&item).copied()),
        description: action.description.clone(),
        owner: names.get(&action.owner_organisation_id).cloned().unwrap_or_default(),
        due: labels::date(action.due_on, language),
        status: labels::action_status(action.status),
    };
    let amendments = minutes
        .amendments
        .iter()
        // (The service already left out the changes of items withheld from every reader.)
        .map(|a| AmendmentView {
            item: position.get(&a.agenda_item_id).copied().unwrap_or_default(),
            at: labels::moment(a.amended_at, language),
            reason: a.reason.clone(),
        })
        .collect();
    Ok(MinutesPrintView { agenda, actions: agreed.iter().map(action).collect(), amendments })
}
