//! Actions in GraphQL: the chain's action list, "my actions", creating and updating.

use crate::graphql::date::Date;
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::domain::action::{Action, ActionStatus, Progress};
use crate::graphql::accounts::organisations::{self, parse_id, OrganisationNode};
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::service::meetings::actions::NewAction;
use crate::store::meetings::actions::ActionFilter;

pub struct ActionNode(pub Action, pub Vec<Progress>);

/// An action (afspraak) agreed in a meeting or on a case.
#[Object(name = "Action")]
impl ActionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn chain_id(&self) -> ID {
        ID(self.0.chain_id.to_string())
    }
    async fn meeting_id(&self) -> Option<ID> {
        self.0.meeting_id.map(|m| ID(m.to_string()))
    }
    async fn agenda_item_id(&self) -> Option<ID> {
        self.0.agenda_item_id.map(|i| ID(i.to_string()))
    }
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(|c| ID(c.to_string()))
    }
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.owner_organisation_id).await
    }
    async fn owner_user_id(&self) -> Option<ID> {
        self.0.owner_user_id.map(|u| ID(u.to_string()))
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }
    async fn status(&self) -> ActionStatus {
        self.0.status
    }
    async fn not_possible_reason(&self) -> Option<&str> {
        self.0.not_possible_reason.as_deref()
    }
    /// Why the service let the action lapse (status `LAPSED`); only the case's owner still
    /// reads a lapsed action.
    async fn lapse_reason(&self) -> Option<crate::domain::action::LapseReason> {
        self.0.lapse_reason
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Progress notes, oldest first.
    async fn progress(&self) -> Vec<ProgressNode> {
        self.1
            .iter()
            .map(|p| ProgressNode { note: p.note.clone(), status: p.status, recorded_at: p.recorded_at })
            .collect()
    }
}

#[derive(SimpleObject)]
#[graphql(name = "ActionProgress")]
pub struct ProgressNode {
    note: String,
    status: ActionStatus,
    recorded_at: DateTime<Utc>,
}

#[derive(InputObject)]
pub struct CreateActionInput {
    chain_id: ID,
    meeting_id: Option<ID>,
    /// The agenda item it was agreed on (its meeting then need not be given).
    agenda_item_id: Option<ID>,
    case_id: Option<ID>,
    owner_organisation_id: ID,
    owner_user_id: Option<ID>,
    /// Read by the whole chain; checked for identifying data.
    description: String,
    due_on: Date,
}

#[derive(Default)]
pub struct ActionQuery;

#[Object]
impl ActionQuery {
    /// A chain's actions, by due date, with filters.
    async fn actions(
        &self,
        ctx: &Context<'_>,
        chain_id: ID,
        owner_organisation_id: Option<ID>,
        status: Option<ActionStatus>,
        due_before: Option<Date>,
        meeting_id: Option<ID>,
    ) -> async_graphql::Result<Vec<ActionNode>> {
        let filter = ActionFilter {
            owner: owner_organisation_id.as_ref().map(parse_id).transpose()?,
            status,
            due_before: due_before.map(|d| d.0),
            meeting: meeting_id.as_ref().map(parse_id).transpose()?,
        };
        let found = services(ctx).actions(actor(ctx)?, parse_id(&chain_id)?, &filter).await.gql()?;
        Ok(found.into_iter().map(|(a, p)| ActionNode(a, p)).collect())
    }

    /// The caller's open actions.
    async fn my_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ActionNode>> {
        let found = services(ctx).my_actions(actor(ctx)?).await.gql()?;
        Ok(found.into_iter().map(|(a, p)| ActionNode(a, p)).collect())
    }
}

#[derive(Default)]
pub struct ActionMutation;

#[Object]
impl ActionMutation {
    async fn create_action(&self, ctx: &Context<'_>, input: CreateActionInput) -> async_graphql::Result<ActionNode> {
        let new = NewAction {
            chain: parse_id(&input.chain_id)?,
            meeting: input.meeting_id.as_ref().map(parse_id).transpose()?,
            agenda_item: input.agenda_item_id.as_ref().map(parse_id).transpose()?,
            case: input.case_id.as_ref().map(parse_id).transpose()?,
            owner: parse_id(&input.owner_organisation_id)?,
            owner_user: input.owner_user_id.as_ref().map(parse_id).transpose()?,
            description: input.description,
            due_on: input.due_on.0,
        };
        services(ctx).create_action(actor(ctx)?, new).await.gql().map(|a| ActionNode(a, Vec::new()))
    }

    /// The owner organisation records progress or a new status (NOT_POSSIBLE needs a reason).
    async fn update_action(
        &self,
        ctx: &Context<'_>,
        id: ID,
        status: ActionStatus,
        note: Option<String>,
        reason: Option<String>,
    ) -> async_graphql::Result<ActionNode> {
        services(ctx)
            .update_action(actor(ctx)?, parse_id(&id)?, status, note, reason)
            .await
            .gql()
            .map(|a| ActionNode(a, Vec::new()))
    }
}
