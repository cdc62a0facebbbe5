//! Agendas and minutes in GraphQL: the items of a meeting's agenda, the chair's edits,
//! flagging a case, and minutes with attendance and amendments.

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::domain::agenda::AgendaItemKind;
use crate::domain::minutes::{Minutes, Presence};
use crate::graphql::accounts::organisations::{self, parse_id, OrganisationNode};
use crate::graphql::casework::cases::SharedCase;
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::graphql::meetings::actions::ActionNode;
use crate::service::meetings::agendas::{AgendaEntry, AgendaSubject};
use crate::service::meetings::minutes::MinutesEntry;

pub struct AgendaItemNode(pub AgendaEntry);

/// One item of a meeting's agenda. Everything on it comes from what is shared in the chain,
/// so every invited organisation may see it.
#[Object(name = "AgendaItem")]
impl AgendaItemNode {
    async fn id(&self) -> ID {
        ID(self.0.item.id.to_string())
    }
    async fn kind(&self) -> AgendaItemKind {
        self.0.item.kind
    }
    async fn position(&self) -> i64 {
        self.0.item.position
    }
    /// A topic's title, or why a member flagged the case.
    async fn title(&self) -> Option<&str> {
        self.0.item.title.as_deref()
    }
    /// The organisation that flagged the case or added the topic.
    async fn added_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrganisationNode>> {
        match self.0.item.added_by_organisation_id {
            Some(id) => organisations::load(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
    /// The case (shared or flagged items); null once it is no longer shared in the chain.
    async fn case(&self) -> Option<SharedCase> {
        match &self.0.subject {
            AgendaSubject::Case(case) => case.clone().map(SharedCase),
            _ => None,
        }
    }
    async fn pattern(&self) -> Option<PatternNode> {
        match &self.0.subject {
            AgendaSubject::Pattern(p) => Some(PatternNode {
                pseudonym: p.pseudonym.clone(),
                reports: p.reports as i64,
                organisations: p.organisations as i64,
                public_ids: p.public_ids.clone(),
            }),
            _ => None,
        }
    }
    /// The open action carried over, with its progress history.
    async fn action(&self) -> Option<ActionNode> {
        match &self.0.subject {
            AgendaSubject::Action(Some((action, progress))) => Some(ActionNode(action.clone(), progress.clone())),
            _ => None,
        }
    }
}

/// A counterparty reported in several cases shared in the chain.
#[derive(SimpleObject)]
#[graphql(name = "AgendaPattern")]
pub struct PatternNode {
    /// The chain's pseudonym of the counterparty; null when one of the cases is the caller's
    /// organisation's own.
    pseudonym: Option<String>,
    reports: i64,
    organisations: i64,
    /// The cases' public ids.
    public_ids: Vec<String>,
}

pub struct MinutesNode(pub Minutes);

#[Object(name = "Minutes")]
impl MinutesNode {
    async fn confidentiality(&self) -> &str {
        &self.0.confidentiality
    }
    async fn approved(&self) -> bool {
        self.0.is_approved()
    }
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    async fn items(&self) -> Vec<MinuteItemNode> {
        self.0
            .items
            .iter()
            .map(|i| MinuteItemNode {
                agenda_item_id: ID(i.agenda_item_id.to_string()),
                notes: i.notes.clone(),
                decisions: i.decisions.clone(),
            })
            .collect()
    }
    async fn attendance(&self) -> Vec<AttendanceNode> {
        self.0
            .attendance
            .iter()
            .map(|a| AttendanceNode { organisation_id: a.organisation_id, presence: a.presence })
            .collect()
    }
    /// Changes after approval, oldest first, with the text as it was.
    async fn amendments(&self) -> Vec<AmendmentNode> {
        self.0
            .amendments
            .iter()
            .map(|a| AmendmentNode {
                agenda_item_id: ID(a.agenda_item_id.to_string()),
                previous_notes: a.previous_notes.clone(),
                previous_decisions: a.previous_decisions.clone(),
                notes: a.notes.clone(),
                decisions: a.decisions.clone(),
                reason: a.reason.clone(),
                amended_at: a.amended_at,
            })
            .collect()
    }
}

#[derive(SimpleObject)]
#[graphql(name = "MinuteItem")]
pub struct MinuteItemNode {
    agenda_item_id: ID,
    notes: String,
    decisions: String,
}

#[derive(SimpleObject)]
#[graphql(name = "MinutesAmendment")]
pub struct AmendmentNode {
    agenda_item_id: ID,
    previous_notes: String,
    previous_decisions: String,
    notes: String,
    decisions: String,
    reason: String,
    amended_at: DateTime<Utc>,
}

pub struct AttendanceNode {
    organisation_id: crate::domain::ids::OrganisationId,
    presence: Presence,
}

#[Object(name = "Attendance")]
impl AttendanceNode {
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.organisation_id).await
    }
    async fn presence(&self) -> Presence {
        self.presence
    }
}

#[derive(InputObject)]
pub struct MinutesItemInput {
    agenda_item_id: ID,
    #[graphql(default)]
    notes: String,
    #[graphql(default)]
    decisions: String,
}

#[derive(InputObject)]
pub struct AttendanceInput {
    organisation_id: ID,
    presence: Presence,
}

#[derive(Default)]
pub struct AgendaMutation;

#[Object]
impl AgendaMutation {
    /// The chair brings the agenda up to date now (the product also does so every hour).
    async fn compile_agenda(&self, ctx: &Context<'_>, meeting_id: ID) -> async_graphql::Result<Vec<AgendaItemNode>> {
        let entries = services(ctx).compile_agenda(actor(ctx)?, parse_id(&meeting_id)?).await.gql()?;
        Ok(entries.into_iter().map(AgendaItemNode).collect())
    }

    /// The chair adds a free topic at the end of the agenda; returns its id.
    async fn add_agenda_topic(&self, ctx: &Context<'_>, meeting_id: ID, title: String) -> async_graphql::Result<ID> {
        let item = services(ctx).add_agenda_topic(actor(ctx)?, parse_id(&meeting_id)?, &title).await.gql()?;
        Ok(ID(item.id.to_string()))
    }

    /// The chair takes an item off the agenda; compiling will not bring it back.
    async fn remove_agenda_item(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        services(ctx).remove_agenda_item(actor(ctx)?, parse_id(&id)?).await.gql()?;
        Ok(true)
    }

    /// The chair puts the agenda in order: every item's id, once, in the new order.
    async fn order_agenda(&self, ctx: &Context<'_>, meeting_id: ID, item_ids: Vec<ID>) -> async_graphql::Result<bool> {
        let order = item_ids.iter().map(parse_id).collect::<async_graphql::Result<Vec<_>>>()?;
        services(ctx).order_agenda(actor(ctx)?, parse_id(&meeting_id)?, &order).await.gql()?;
        Ok(true)
    }

    /// A member asks to discuss a case shared in the chain; returns the agenda item's id.
    async fn flag_case_for_discussion(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        case_id: ID,
        reason: String,
    ) -> async_graphql::Result<ID> {
        let item = services(ctx)
            .flag_case_for_discussion(actor(ctx)?, parse_id(&meeting_id)?, parse_id(&case_id)?, &reason)
            .await
            .gql()?;
        Ok(ID(item.id.to_string()))
    }

    /// The chair records notes and decisions per agenda item. After approval, give
    /// `amendmentReason`: the earlier text is kept as an amendment.
    async fn record_minutes(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        items: Vec<MinutesItemInput>,
        confidentiality: Option<String>,
        amendment_reason: Option<String>,
    ) -> async_graphql::Result<MinutesNode> {
        let mut entries = Vec::new();
        for item in items {
            entries.push(MinutesEntry {
                agenda_item: parse_id(&item.agenda_item_id)?,
                notes: item.notes,
                decisions: item.decisions,
            });
        }
        services(ctx)
            .record_minutes(actor(ctx)?, parse_id(&meeting_id)?, confidentiality, entries, amendment_reason)
            .await
            .gql()
            .map(MinutesNode)
    }

    /// The chair records attendance and apologies per member organisation.
    async fn record_attendance(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        attendance: Vec<AttendanceInput>,
    ) -> async_graphql::Result<MinutesNode> {
        let mut list = Vec::new();
        for entry in attendance {
            list.push((parse_id(&entry.organisation_id)?, entry.presence));
        }
        services(ctx).record_attendance(actor(ctx)?, parse_id(&meeting_id)?, &list).await.gql().map(MinutesNode)
    }

    /// The chair approves the minutes; from then on every member reads them.
    async fn approve_minutes(&self, ctx: &Context<'_>, meeting_id: ID) -> async_graphql::Result<MinutesNode> {
        services(ctx).approve_minutes(actor(ctx)?, parse_id(&meeting_id)?).await.gql().map(MinutesNode)
    }
}
