//! Setting up and changing a meeting series: title, cadence (five a year, every N weeks,
//! explicit dates or an own rule), time, length, place, the chairing organisation and its
//! organizer, and the invitees picked from the chain's participants as core or deputy. The
//! "Data bekijken" button shows the dates the cadence plans before anything is saved.
//! Every rule (who may, what is valid) is the service's.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::local_date;
use crate::domain::ids::{ChainId, MeetingSeriesId, OrganisationId, UserId};
use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::store::sql::PageRequest;
use crate::web::casework::form::{choice, Choice, Posted};
use crate::web::casework::register::FieldError;
use crate::web::labels;
use crate::web::meetings::series_fields::{control_of, TypedSeries, INVITED_AS, WEEKDAYS};
use crate::web::meetings::series_list::weekday_term;
use crate::web::page::PageActor;
use crate::web::AppState;

/// The chain a series is for, with who can chair, organise and be invited.
struct ChainPeople {
    chain: ChainId,
    chain_name: String,
    members: Vec<(OrganisationId, String)>,
    participants: Vec<(UserId, String, OrganisationId)>,
    /// Invited to the stored series but no longer a participant (their chain-work role taken):
    /// shown so that the chair sees them and can take them off.
    lapsed: Vec<(UserId, String, OrganisationId)>,
}

/// Which form: a new series of a chain, or a stored one.
#[derive(Clone, Copy)]
enum Target {
    New(ChainId),
    Stored(MeetingSeriesId),
}

#[derive(Serialize)]
struct SeriesFormView {
    title: String,
    action: String,
    editing: bool,
    chain: String,
    chain_name: String,
    errors: Vec<FieldError>,
    fields: FieldsView,
    chairs: Vec<Choice>,
    organizers: Vec<Group>,
    participants: Vec<Participant>,
    previewed: bool,
    preview: Vec<String>,
}

#[derive(Serialize, Default)]
struct FieldsView {
    title: String,
    cadence: String,
    dates: String,
    weeks: String,
    weekdays: Vec<Choice>,
    from: String,
    cron: String,
    start_time: String,
    duration: String,
    location: String,
    horizon: String,
    /// A refused field's message by its control's id.
    error: HashMap<String, String>,
}

#[derive(Serialize)]
struct Group {
    name: String,
    people: Vec<Choice>,
}

#[derive(Serialize)]
struct Participant {
    id: String,
    name: String,
    organisation: String,
    lapsed: bool,
    options: Vec<Choice>,
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    chain: String,
}

#[derive(Serialize)]
struct ChooseChainView {
    title: String,
    chains: Vec<Choice>,
}

/// A new series: for the one chain the caller is in, or after choosing among several.
pub async fn new_form(State(state): State<AppState>, page: PageActor, Query(query): Query<NewQuery>) -> Response {
    if !page.actor.does_chain_work() {
        return page.error(&ServiceError::Forbidden);
    }
    let chains = match state.services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await {
        Ok(found) => found.items,
        Err(error) => return page.error(&error),
    };
    let chosen = match (query.chain.parse::<ChainId>(), chains.as_slice()) {
        (Ok(chain), _) => chain,
        (Err(_), [only]) => only.id,
        // In no chain: there is nothing a series could be for.
        (Err(_), []) => return page.error(&ServiceError::NotFound),
        (Err(_), _) => {
            let view = ChooseChainView {
                title: messages::text(page.actor.language, "series-new-title"),
                chains: chains.iter().map(|c| choice(&c.id.to_string(), c.name.clone(), false)).collect(),
            };
            return page.render("series_chain", &view);
        }
    };
    let today = local_date(state.services.clock().now());
    let typed = TypedSeries::blank(page.actor.organisation_id, page.actor.user_id(), today);
    render(&state, &page, Target::New(chosen), &typed, Vec::new(), None).await
}

pub async fn create(State(state): State<AppState>, page: PageActor, headers: HeaderMap, body: Bytes) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(chain) = posted.one("chain").parse::<ChainId>() else { return page.error(&ServiceError::NotFound) };
    submit(&state, &page, Target::New(chain), &posted).await
}

pub async fn edit_form(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<MeetingSeriesId>() else { return page.error(&ServiceError::NotFound) };
    let stored = async {
        let series = state.services.chaired_series(&page.actor, id).await?;
        let invitees = state.services.series_invitees(&page.actor, id).await?;
        Ok::<_, ServiceError>(TypedSeries::stored(&series, &invitees))
    };
    match stored.await {
        Ok(typed) => render(&state, &page, Target::Stored(id), &typed, Vec::new(), None).await,
        Err(error) => page.error(&error),
    }
}

pub async fn update(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let posted = Posted::parse(&body);
    if let Some(refused) = page.form_refusal(&headers, &posted.one("csrf")) {
        return refused;
    }
    let Ok(id) = id.parse::<MeetingSeriesId>() else { return page.error(&ServiceError::NotFound) };
    submit(&state, &page, Target::Stored(id), &posted).await
}

/// Shows the planned dates (`intent=preview`) or saves; a refusal comes back on the form
/// with everything as it was typed.
async fn submit(state: &AppState, page: &PageActor, target: Target, posted: &Posted) -> Response {
    let people = match chain_people(state, page, target).await {
        Ok(people) => people,
        Err(error) => return page.error(&error),
    };
    let ids: Vec<UserId> = people.participants.iter().chain(&people.lapsed).map(|(id, _, _)| *id).collect();
    let typed = TypedSeries::posted(posted, &ids);
    let services = &state.services;
    if posted.one("intent") == "preview" {
        let dates = async { services.preview_series_dates(&typed.read_cadence()?, typed.horizon_days()?).await };
        return match dates.await {
            Ok(dates) => {
                let shown = dates.iter().map(|d| labels::date(*d, page.actor.language)).collect();
                render_with(page, target, &people, &typed, Vec::new(), Some(shown))
            }
            Err(error) => refused(page, target, &people, &typed, error),
        };
    }
    let saved = async {
        let read = typed.read()?;
        match target {
            Target::New(chain) => services.create_meeting_series(&page.actor, read.into_new(chain)).await,
            Target::Stored(id) => services.update_meeting_series(&page.actor, id, read.into_changes()).await,
        }
    };
    match saved.await {
        Ok(_) => Redirect::to("/meetings/series?done=saved").into_response(),
        Err(error) => refused(page, target, &people, &typed, error),
    }
}

fn refused(
    page: &PageActor,
    target: Target,
    people: &ChainPeople,
    typed: &TypedSeries,
    error: ServiceError,
) -> Response {
    let (field, reason) = match &error {
        ServiceError::BadInput { field, reason } => (*field, reason.clone()),
        ServiceError::Conflict(reason) => ("title", reason.clone()),
        _ => return page.error(&error),
    };
    let message = messages::say(page.actor.language, &reason);
    let errors = vec![FieldError::at(control_of(field, &typed.cadence), message)];
    render_with(page, target, people, typed, errors, None)
}

async fn render(
    state: &AppState,
    page: &PageActor,
    target: Target,
    typed: &TypedSeries,
    errors: Vec<FieldError>,
    preview: Option<Vec<String>>,
) -> Response {
    match chain_people(state, page, target).await {
        Ok(people) => render_with(page, target, &people, typed, errors, preview),
        Err(error) => page.error(&error),
    }
}

/// Who may chair and be invited: the chain's members and their meeting participants, read
/// through the service (which answers "not found" outside the chain).
async fn chain_people(state: &AppState, page: &PageActor, target: Target) -> Result<ChainPeople, ServiceError> {
    let services = &state.services;
    let (chain, invited) = match target {
        Target::New(chain) => (chain, Vec::new()),
        Target::Stored(id) => {
            let chain = services.chaired_series(&page.actor, id).await?.chain_id;
            (chain, services.series_invitees(&page.actor, id).await?)
        }
    };
    let participants = services.meeting_participants(&page.actor, chain).await?;
    let lapsed = invited
        .into_iter()
        .filter(|i| !participants.iter().any(|(id, _, _)| *id == i.user_id))
        .map(|i| (i.user_id, i.display_name, i.organisation_id))
        .collect();
    let chains = services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await?;
    let chain_name = chains.items.into_iter().find(|c| c.id == chain).map(|c| c.name).unwrap_or_default();
    let member_ids = services.chain_members(&page.actor, &[chain]).await?.remove(&chain).unwrap_or_default();
    let mut members: Vec<_> =
        services.organisations_by_ids(&member_ids).await?.into_iter().map(|o| (o.id, o.name)).collect();
    members.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(ChainPeople { chain, chain_name, members, participants, lapsed })
}

fn render_with(
    page: &PageActor,
    target: Target,
    people: &ChainPeople,
    typed: &TypedSeries,
    errors: Vec<FieldError>,
    preview: Option<Vec<String>>,
) -> Response {
    let language = page.actor.language;
    let (title, action, editing) = match target {
        Target::New(_) => ("series-new-title", "/meetings/series/new".to_string(), false),
        Target::Stored(id) => ("series-edit-title", format!("/meetings/series/{id}"), true),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let view = SeriesFormView {
        title: messages::text(language, title),
        action,
        editing,
        chain: people.chain.to_string(),
        chain_name: people.chain_name.clone(),
        fields: fields_view(typed, &errors, page.actor.language),
        errors,
        chairs: people
            .members
            .iter()
            .map(|(id, name)| choice(&id.to_string(), name.clone(), id.to_string() == typed.chair))
            .collect(),
        organizers: organizer_groups(people, &typed.organizer),
        participants: participant_rows(people, typed, language),
        previewed: preview.is_some(),
        preview: preview.unwrap_or_default(),
    };
    page.render_status(status, "series_form", &view)
}

/// The series' own fields as typed, each refused one with its message.
fn fields_view(typed: &TypedSeries, errors: &[FieldError], language: Language) -> FieldsView {
    FieldsView {
        title: typed.title.clone(),
        cadence: typed.cadence.clone(),
        dates: typed.dates.clone(),
        weeks: typed.weeks.clone(),
        weekdays: WEEKDAYS
            .iter()
            .map(|(code, day)| choice(code, messages::text(language, weekday_term(*day)), *code == typed.weekday))
            .collect(),
        from: typed.from.clone(),
        cron: typed.cron.clone(),
        start_time: typed.start_time.clone(),
        duration: typed.duration.clone(),
        location: typed.location.clone(),
        horizon: typed.horizon.clone(),
        error: errors.iter().map(|e| (e.target().to_owned(), e.message().to_owned())).collect(),
    }
}

/// The participants by organisation, for the organizer's select.
fn organizer_groups(people: &ChainPeople, chosen: &str) -> Vec<Group> {
    people
        .members
        .iter()
        .map(|(org, name)| Group {
            name: name.clone(),
            people: people
                .participants
                .iter()
                .filter(|(_, _, of)| of == org)
                .map(|(id, person, _)| choice(&id.to_string(), person.clone(), id.to_string() == chosen))
                .collect(),
        })
        .filter(|group| !group.people.is_empty())
        .collect()
}

/// A row per participant (and per lapsed invitee) with the choice not invited, core member
/// or deputy.
fn participant_rows(people: &ChainPeople, typed: &TypedSeries, language: Language) -> Vec<Participant> {
    let org_name = |id: &OrganisationId| people.members.iter().find(|(o, _)| o == id).map(|(_, n)| n.clone());
    let rows = people.participants.iter().map(|p| (p, false)).chain(people.lapsed.iter().map(|p| (p, true)));
    rows.map(|((id, name, org), lapsed)| {
        let chosen = typed.invited.get(&id.to_string()).map_or("", String::as_str);
        Participant {
            id: id.to_string(),
            name: name.clone(),
            organisation: org_name(org).unwrap_or_default(),
            lapsed,
            options: INVITED_AS
                .iter()
                .map(|code| {
                    let label = format!("series-invited-{}", if code.is_empty() { "not" } else { code });
                    choice(code, messages::text(language, &label), *code == chosen)
                })
                .collect(),
        }
    })
    .collect()
}
