//! Case meetings in GraphQL: series, planned meetings, moving and cancelling.

use crate::graphql::date::Date;
use async_graphql::{Context, Enum, InputObject, Object, ID};
use chrono::{DateTime, NaiveTime, Utc, Weekday};

use crate::domain::meeting::{Cadence, Meeting, MeetingSeries, MeetingStatus, FIVE_A_YEAR};
use crate::graphql::accounts::organisations::{self, parse_id, OrganisationNode};
use crate::graphql::context::{actor, services};
use crate::graphql::error::{code_error, GqlResult};
use crate::graphql::meetings::agendas::{AgendaItemNode, MinutesNode};
use crate::service::meetings::series::{NewSeries, SeriesChanges};

pub struct SeriesNode(pub MeetingSeries);

/// A chain's recurring case meeting (casuïstiekoverleg).
#[Object(name = "MeetingSeries")]
impl SeriesNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn chain_id(&self) -> ID {
        ID(self.0.chain_id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The cadence, as stored (JSON).
    async fn cadence(&self) -> String {
        serde_json::to_string(&self.0.cadence).unwrap_or_default()
    }
    /// Wall-clock time in Europe/Amsterdam, HH:MM.
    async fn start_time(&self) -> String {
        self.0.start_time.format("%H:%M").to_string()
    }
    async fn duration_minutes(&self) -> i64 {
        self.0.duration_minutes
    }
    async fn location(&self) -> &str {
        &self.0.location
    }
    async fn chair(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.chair_organisation_id).await
    }
    async fn horizon_days(&self) -> i64 {
        self.0.horizon_days
    }
    /// The person of the chair's organisation whom replies to invitations reach.
    async fn organizer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ParticipantNode>> {
        let Some(id) = self.0.organizer_id else { return Ok(None) };
        let found = services(ctx).series_organizer(actor(ctx)?, &self.0).await.gql()?;
        Ok(found.map(|(name, organisation_id)| ParticipantNode { id, name, organisation_id, deputy: false }))
    }
    /// Who is invited: a core representative or a deputy per member organisation.
    async fn invitees(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ParticipantNode>> {
        let found = services(ctx).series_invitees(actor(ctx)?, self.0.id).await.gql()?;
        Ok(found
            .into_iter()
            .map(|i| ParticipantNode {
                id: i.user_id,
                name: i.display_name,
                organisation_id: i.organisation_id,
                deputy: i.deputy,
            })
            .collect())
    }
}

pub struct ParticipantNode {
    id: crate::domain::ids::UserId,
    name: String,
    organisation_id: crate::domain::ids::OrganisationId,
    deputy: bool,
}

/// A person who takes part in a chain's meetings (name and organisation; no contact data).
#[Object(name = "MeetingParticipant")]
impl ParticipantNode {
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.organisation_id).await
    }
    /// On a series' list: a deputy rather than the core representative.
    async fn deputy(&self) -> bool {
        self.deputy
    }
}

pub struct MeetingNode(pub Meeting);

#[Object(name = "Meeting")]
impl MeetingNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn series_id(&self) -> ID {
        ID(self.0.series_id.to_string())
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    async fn location(&self) -> &str {
        &self.0.location
    }
    async fn status(&self) -> MeetingStatus {
        self.0.status
    }
    /// Raised on every change, as in the calendar invitations.
    async fn sequence(&self) -> i64 {
        self.0.sequence
    }
    /// The series it belongs to: title, chair, invitees.
    async fn series(&self, ctx: &Context<'_>) -> async_graphql::Result<SeriesNode> {
        let loader = ctx.data::<crate::graphql::loaders::Cached<crate::graphql::loaders::SeriesLoader>>()?;
        let found = loader.load_one(self.0.series_id).await.gql()?;
        found.map(SeriesNode).ok_or_else(|| crate::graphql::error::to_graphql(&crate::service::ServiceError::NotFound))
    }
    /// When the agenda was frozen; until then the chair edits it.
    async fn agenda_frozen_at(&self) -> Option<DateTime<Utc>> {
        self.0.agenda_frozen_at
    }
    /// The agenda, in order.
    async fn agenda(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AgendaItemNode>> {
        let entries = services(ctx).agenda(actor(ctx)?, self.0.id).await.gql()?;
        Ok(entries.into_iter().map(AgendaItemNode).collect())
    }
    /// The minutes with attendance; draft minutes only for the chair's organisation. (Loaded
    /// for a whole list of meetings at once.)
    async fn minutes(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<MinutesNode>> {
        let loader = ctx.data::<crate::graphql::loaders::Cached<crate::graphql::loaders::MinutesLoader>>()?;
        Ok(loader.load_one(self.0.id).await.gql()?.map(MinutesNode))
    }
    /// The printable agenda page.
    async fn agenda_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(services(ctx).link(&format!("/meetings/{}/agenda", self.0.id)))
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Weekday")]
pub enum WeekdayInput {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
}

impl From<WeekdayInput> for Weekday {
    fn from(day: WeekdayInput) -> Self {
        match day {
            WeekdayInput::Monday => Weekday::Mon,
            WeekdayInput::Tuesday => Weekday::Tue,
            WeekdayInput::Wednesday => Weekday::Wed,
            WeekdayInput::Thursday => Weekday::Thu,
            WeekdayInput::Friday => Weekday::Fri,
        }
    }
}

#[derive(InputObject)]
pub struct EveryWeeksInput {
    weeks: u32,
    weekday: WeekdayInput,
    from: Date,
}

/// One of: a cron rule, explicit dates, or every N weeks on a weekday. Leave all out for five
/// a year (second Tuesday of February, April, June, September and November).
#[derive(InputObject, Default)]
pub struct CadenceInput {
    cron: Option<String>,
    dates: Option<Vec<Date>>,
    every_weeks: Option<EveryWeeksInput>,
}

#[derive(InputObject)]
pub struct InviteeInput {
    user_id: ID,
    #[graphql(default)]
    deputy: bool,
}

#[derive(InputObject)]
pub struct CreateMeetingSeriesInput {
    chain_id: ID,
    title: String,
    #[graphql(default)]
    cadence: CadenceInput,
    /// HH:MM in Europe/Amsterdam.
    start_time: String,
    #[graphql(default = 120)]
    duration_minutes: i64,
    location: String,
    chair_organisation_id: ID,
    /// A person of the chairing organisation whom replies to invitations reach; left out, the
    /// caller (who must then be of the chairing organisation).
    organizer_id: Option<ID>,
    /// How far ahead meetings are planned, in days.
    #[graphql(default = 400)]
    horizon_days: i64,
    #[graphql(default)]
    invitees: Vec<InviteeInput>,
}

/// What to change; leave out what stays. `invitees` replaces the whole list.
#[derive(InputObject)]
pub struct UpdateMeetingSeriesInput {
    title: Option<String>,
    cadence: Option<CadenceInput>,
    /// HH:MM in Europe/Amsterdam.
    start_time: Option<String>,
    duration_minutes: Option<i64>,
    location: Option<String>,
    horizon_days: Option<i64>,
    chair_organisation_id: Option<ID>,
    /// Needed when the chair goes to another organisation: a person there.
    organizer_id: Option<ID>,
    invitees: Option<Vec<InviteeInput>>,
}

fn invitee_ids(invitees: Vec<InviteeInput>) -> async_graphql::Result<Vec<(crate::domain::ids::UserId, bool)>> {
    let mut out = Vec::new();
    for invitee in invitees {
        out.push((
            parse_id(&invitee.user_id).map_err(|_| code_error("BAD_USER_INPUT", "invitees: unknown user"))?,
            invitee.deputy,
        ));
    }
    Ok(out)
}

fn organizer_id(id: Option<&ID>) -> async_graphql::Result<Option<crate::domain::ids::UserId>> {
    id.map(|id| parse_id(id).map_err(|_| code_error("BAD_USER_INPUT", "organizerId: unknown"))).transpose()
}

fn time(value: &str) -> async_graphql::Result<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M").map_err(|_| code_error("BAD_USER_INPUT", "startTime: HH:MM"))
}

fn cadence(input: CadenceInput) -> async_graphql::Result<Cadence> {
    match (input.cron, input.dates, input.every_weeks) {
        (None, None, None) => Ok(Cadence::Rule { cron: FIVE_A_YEAR.to_string() }),
        (Some(cron), None, None) => Ok(Cadence::Rule { cron }),
        (None, Some(dates), None) => Ok(Cadence::Dates { dates: dates.into_iter().map(|d| d.0).collect() }),
        (None, None, Some(every)) => {
            Ok(Cadence::EveryWeeks { weeks: every.weeks, weekday: every.weekday.into(), from: every.from.0 })
        }
        _ => Err(code_error(
            "BAD_USER_INPUT",
            "cadence: één van cron, dates of everyWeeks / one of cron, dates or everyWeeks",
        )),
    }
}

#[derive(Default)]
pub struct MeetingQuery;

#[Object]
impl MeetingQuery {
    /// The meeting series of the chains the caller's organisation is a member of.
    async fn meeting_series(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SeriesNode>> {
        let found = services(ctx).meeting_series(actor(ctx)?).await.gql()?;
        Ok(found.into_iter().map(SeriesNode).collect())
    }

    /// The people of the chain's member organisations who take part in meetings: whom to
    /// invite and to whom an action can be given.
    async fn meeting_participants(
        &self,
        ctx: &Context<'_>,
        chain_id: ID,
    ) -> async_graphql::Result<Vec<ParticipantNode>> {
        let found = services(ctx).meeting_participants(actor(ctx)?, parse_id(&chain_id)?).await.gql()?;
        Ok(found
            .into_iter()
            .map(|(id, name, organisation_id)| ParticipantNode { id, name, organisation_id, deputy: false })
            .collect())
    }

    /// One meeting of a chain the caller's organisation is a member of.
    async fn meeting(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<MeetingNode> {
        let access = services(ctx).meeting(actor(ctx)?, parse_id(&id)?).await.gql()?;
        Ok(MeetingNode(access.meeting))
    }

    async fn meetings(
        &self,
        ctx: &Context<'_>,
        chain_id: ID,
        from: Date,
        to: Date,
    ) -> async_graphql::Result<Vec<MeetingNode>> {
        let found = services(ctx).meetings(actor(ctx)?, parse_id(&chain_id)?, from.0, to.0).await.gql()?;
        Ok(found.into_iter().map(MeetingNode).collect())
    }
}

#[derive(Default)]
pub struct MeetingMutation;

#[Object]
impl MeetingMutation {
    async fn create_meeting_series(
        &self,
        ctx: &Context<'_>,
        input: CreateMeetingSeriesInput,
    ) -> async_graphql::Result<SeriesNode> {
        let invitees = invitee_ids(input.invitees)?;
        let new = NewSeries {
            chain: parse_id(&input.chain_id)?,
            title: input.title,
            cadence: cadence(input.cadence)?,
            start_time: time(&input.start_time)?,
            duration_minutes: input.duration_minutes,
            location: input.location,
            chair: parse_id(&input.chair_organisation_id)
                .map_err(|_| code_error("BAD_USER_INPUT", "chairOrganisationId: unknown"))?,
            horizon_days: input.horizon_days,
            organizer: organizer_id(input.organizer_id.as_ref())?,
            invitees,
        };
        services(ctx).create_meeting_series(actor(ctx)?, new).await.gql().map(SeriesNode)
    }

    /// Changes a series (the chair's organisation). Planned meetings to come follow: new times
    /// and places go out as updates, dates the cadence no longer has as cancellations;
    /// people taken off the list get a cancellation, people added an invitation.
    async fn update_meeting_series(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateMeetingSeriesInput,
    ) -> async_graphql::Result<SeriesNode> {
        let changes = SeriesChanges {
            title: input.title,
            cadence: input.cadence.map(cadence).transpose()?,
            start_time: input.start_time.as_deref().map(time).transpose()?,
            duration_minutes: input.duration_minutes,
            location: input.location,
            horizon_days: input.horizon_days,
            chair: input
                .chair_organisation_id
                .as_ref()
                .map(|c| parse_id(c).map_err(|_| code_error("BAD_USER_INPUT", "chairOrganisationId: unknown")))
                .transpose()?,
            organizer: organizer_id(input.organizer_id.as_ref())?,
            invitees: input.invitees.map(invitee_ids).transpose()?,
        };
        services(ctx).update_meeting_series(actor(ctx)?, parse_id(&id)?, changes).await.gql().map(SeriesNode)
    }

    /// Moves a meeting (the chair's organisation); every invitee gets an updated invitation.
    async fn move_meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
        date: Date,
        start_time: Option<String>,
        location: Option<String>,
    ) -> async_graphql::Result<MeetingNode> {
        let start = start_time.as_deref().map(time).transpose()?;
        services(ctx).move_meeting(actor(ctx)?, parse_id(&id)?, date.0, start, location).await.gql().map(MeetingNode)
    }

    /// Cancels a meeting (the chair's organisation); every invitee gets a cancellation.
    async fn cancel_meeting(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<MeetingNode> {
        services(ctx).cancel_meeting(actor(ctx)?, parse_id(&id)?).await.gql().map(MeetingNode)
    }
}
