//! Actions: agreed in a meeting or on a case, updated by their owner organisation, and
//! remembered by a daily reminder.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde_json::json;

use crate::domain::action::{urgency, Action, ActionStatus, Progress, Urgency};
use crate::domain::actor::Actor;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::local_date;
use crate::domain::ids::{ActionId, AgendaItemId, CaseId, ChainId, MeetingId, OrganisationId, UserId};
use crate::domain::reason::Reason;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::shareable_text::Shape;
use crate::service::accounts::access::Operator;
use crate::service::casework::shared_text;
use crate::service::mail::MailRecipient;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::meetings::actions::{self, ActionFilter};
use crate::store::{
    accounts::chains, accounts::users, casework::cases, meetings::agendas, meetings::schedule as meetings,
};

pub struct NewAction {
    pub chain: ChainId,
    pub meeting: Option<MeetingId>,
    /// The agenda item it was agreed on; its meeting is then the action's meeting.
    pub agenda_item: Option<AgendaItemId>,
    pub case: Option<CaseId>,
    pub owner: OrganisationId,
    pub owner_user: Option<UserId>,
    pub description: String,
    pub due_on: NaiveDate,
}

impl Services {
    pub async fn create_action(&self, actor: &Actor, mut new: NewAction) -> ServiceResult<Action> {
        self.action_member(actor, new.chain).await?;
        let mut conn = self.store.read().await?;
        owner_in_chain(&mut conn, &new).await?;
        let (meeting, item_case) = action_meeting(&mut conn, Scope::Member(actor.organisation_id), &new).await?;
        // Agreed on a case's item, the action rests on that case: it goes wherever the case's
        // share goes (a withdrawn consent ends it), whether or not the caller named the case.
        match (new.case, item_case) {
            (Some(named), Some(of_item)) if named != of_item => {
                return Err(ServiceError::bad_input("caseId", Reason::new("action-case-not-of-item")));
            }
            (None, Some(of_item)) => new.case = Some(of_item),
            _ => {}
        }
        // Only a case shared in the chain: an action publishes its id and text to the chain,
        // so not even the owner may hang one on a case the reporter did not let it see.
        if let Some(case) = new.case {
            if cases::find_shared(&mut conn, &[new.chain], case).await?.is_none() {
                drop(conn);
                return self.refuse(Refusal::CaseNotFound(actor, case)).await;
            }
        }
        let description = self
            .shareable(&mut conn, actor, new.case, "description", &new.description, Shape::paragraphs(1000))
            .await?;
        drop(conn);
        let now = self.clock.now();
        let action = Action {
            id: ActionId::random(),
            chain_id: new.chain,
            meeting_id: meeting,
            agenda_item_id: new.agenda_item,
            case_id: new.case,
            owner_organisation_id: new.owner,
            owner_user_id: new.owner_user,
            description,
            due_on: new.due_on,
            status: ActionStatus::Open,
            not_possible_reason: None,
            lapse_reason: None,
            created_at: now,
            updated_at: now,
        };
        let mut work = self.begin_work().await?;
        actions::insert(&mut work, &action, actor.user_id()).await?;
        work.commit().await?;
        Ok(action)
    }

    /// The owner organisation records progress, a new status, or why it is not possible.
    pub async fn update_action(
        &self,
        actor: &Actor,
        id: ActionId,
        status: ActionStatus,
        note: Option<String>,
        reason: Option<String>,
    ) -> ServiceResult<Action> {
        let reader = Some(actor.organisation_id);
        let mut action =
            actions::find(&mut *self.store.read().await?, reader, id).await?.ok_or(ServiceError::NotFound)?;
        self.action_member(actor, action.chain_id).await?;
        if action.owner_organisation_id != actor.organisation_id {
            return Err(ServiceError::Forbidden);
        }
        if status == ActionStatus::Lapsed {
            return Err(ServiceError::bad_input("status", Reason::new("action-lapse-by-service")));
        }
        if action.status == ActionStatus::Lapsed {
            return Err(ServiceError::conflict("action-lapsed"));
        }
        let secrets = self.case_secrets(&mut *self.store.read().await?, actor, action.case_id).await?;
        action.not_possible_reason = match (status, reason) {
            (ActionStatus::NotPossible, Some(reason)) => {
                Some(shared_text::shareable("reason", &reason, Shape::paragraphs(1000), &secrets)?)
            }
            (ActionStatus::NotPossible, None) => {
                return Err(ServiceError::bad_input("reason", Reason::new("action-reason-missing")))
            }
            _ => None,
        };
        let note = match note {
            Some(note) => shared_text::shareable("note", &note, Shape::paragraphs(2000).optional(), &secrets)?,
            None => String::new(),
        };
        action.status = status;
        action.updated_at = self.clock.now();
        let mut work = self.begin_work().await?;
        actions::set_status(&mut work, &action).await?;
        let progress = Progress { note, status, recorded_at: action.updated_at };
        actions::add_progress(&mut work, id, &progress, actor.user_id()).await?;
        work.commit().await?;
        Ok(action)
    }

    /// A chain's actions, with their progress (two queries for any number of actions).
    pub async fn actions(
        &self,
        actor: &Actor,
        chain: ChainId,
        filter: &ActionFilter,
    ) -> ServiceResult<Vec<(Action, Vec<Progress>)>> {
        self.chain_worker_in(actor, chain).await?;
        let mut conn = self.store.read().await?;
        let found = actions::in_chains(&mut conn, Some(actor.organisation_id), &[chain], filter).await?;
        with_progress(&mut conn, found).await
    }

    /// The actions agreed in a meeting as every invited organisation may read them: for the
    /// printed minutes. (An action about a case whose share ended is left out, for everyone.)
    pub async fn printable_meeting_actions(
        &self,
        actor: &Actor,
        meeting: MeetingId,
    ) -> ServiceResult<Vec<(Action, Vec<Progress>)>> {
        let access = self.meeting(actor, meeting).await?;
        let chain = access.series.chain_id;
        let mut conn = self.store.read().await?;
        let filter = ActionFilter { meeting: Some(meeting), ..ActionFilter::default() };
        let found = actions::in_chains(&mut conn, None, &[chain], &filter).await?;
        // An action agreed on an item whose case is no longer shared goes with that item.
        let items = agendas::items(&mut conn, Scope::Member(actor.organisation_id), meeting).await?;
        let gone = self.gone_items(&mut conn, chain, None, &items).await?;
        let found = found.into_iter().filter(|a| a.agenda_item_id.is_none_or(|item| !gone.contains(&item))).collect();
        with_progress(&mut conn, found).await
    }

    /// One action of a chain the caller works in, with its progress; an action about a case
    /// the caller may no longer see (its share ended) is not found, like any other.
    /// A refused read is in the caller's trail.
    pub async fn action(&self, actor: &Actor, id: ActionId) -> ServiceResult<(Action, Vec<Progress>)> {
        let mut conn = self.store.read().await?;
        let found = actions::find(&mut conn, Some(actor.organisation_id), id).await?;
        drop(conn);
        let member = match &found {
            Some(action) => self.action_member(actor, action.chain_id).await.is_ok(),
            None => false,
        };
        let Some(found) = found.filter(|_| member) else {
            let object = crate::service::audit::trail::AuditObject { kind: "action", id: &id.to_string() };
            return self.refuse(Refusal::Denied(actor, object)).await;
        };
        let mut conn = self.store.read().await?;
        Ok(with_progress(&mut conn, vec![found]).await?.remove(0))
    }

    /// The actions agreed in the chains about one of the caller's own cases, lapsed ones too;
    /// another's case is not found.
    pub async fn case_actions(&self, actor: &Actor, case: CaseId) -> ServiceResult<Vec<(Action, Vec<Progress>)>> {
        self.case_worker(actor)?;
        let mut conn = self.store.read().await?;
        if cases::find_owned(&mut conn, actor.organisation_id, case).await?.is_none() {
            drop(conn);
            return self.refuse(Refusal::CaseNotFound(actor, case)).await;
        }
        let found = actions::of_case(&mut conn, case).await?;
        with_progress(&mut conn, found).await
    }

    /// The caller's open actions: their own and their organisation's unassigned ones.
    pub async fn my_actions(&self, actor: &Actor) -> ServiceResult<Vec<(Action, Vec<Progress>)>> {
        let user = actor.user_id().ok_or(ServiceError::NotFound)?;
        if !actor.does_chain_work() {
            return Ok(Vec::new());
        }
        let mut conn = self.store.read().await?;
        let found = actions::open_for(&mut conn, actor.organisation_id, user).await?;
        with_progress(&mut conn, found).await
    }

    /// Daily: one mail per person about their actions overdue or due within `days` days.
    /// Queued once per person and day, however often it runs. Returns the mails queued.
    pub async fn remind_action_owners(&self, _operator: &Operator) -> ServiceResult<usize> {
        let days = self.meetings.action_reminder_days;
        let today = local_date(self.clock.now());
        let due = actions::open_due_by(&mut *self.store.read().await?, today + Duration::days(days)).await?;
        let mut per_person: BTreeMap<String, (MailRecipient, usize, usize)> = BTreeMap::new();
        let mut work = self.begin_work().await?;
        for action in &due {
            for person in self.action_owners(&mut work, action).await? {
                let entry = per_person.entry(person.email.clone()).or_insert((person, 0, 0));
                match urgency(action.due_on, today, days) {
                    Urgency::Overdue => entry.1 += 1,
                    _ => entry.2 += 1,
                }
            }
        }
        let mut queued = 0;
        for (email, (person, overdue, soon)) in &per_person {
            let params = json!({ "total": overdue + soon, "overdue": overdue, "soon": soon, "days": days, "link": self.link("/actions/mine") });
            let dedupe = format!("action-reminder:{today}:{email}");
            if work.mail_with(person, "action_reminder", &params, Some(dedupe), None).await? {
                queued += 1;
            }
        }
        work.commit().await?;
        Ok(queued)
    }

    /// Who is told about an action: its owner person while active, else the chain-work roles
    /// of its owner organisation.
    pub(crate) async fn action_owners(
        &self,
        work: &mut Work<'_>,
        action: &Action,
    ) -> ServiceResult<Vec<MailRecipient>> {
        if let Some(user) = action.owner_user_id {
            if let Some(found) = users::find_in_organisation(work, action.owner_organisation_id, user).await? {
                if found.disabled_at.is_none() {
                    return Ok(vec![MailRecipient {
                        email: found.email.as_str().to_string(),
                        language: found.language,
                    }]);
                }
            }
        }
        work.recipients(action.owner_organisation_id, &Role::CHAIN_WORK).await
    }

    /// The chain-work roles of the chain's members act on its actions; to everyone else the
    /// chain has none.
    async fn action_member(&self, actor: &Actor, chain: ChainId) -> ServiceResult<()> {
        self.chain_worker_in(actor, chain).await
    }
}

async fn with_progress(
    conn: &mut sqlx::AnyConnection,
    found: Vec<Action>,
) -> ServiceResult<Vec<(Action, Vec<Progress>)>> {
    let ids: Vec<ActionId> = found.iter().map(|a| a.id).collect();
    let mut progress = actions::progress_of(conn, &ids).await?;
    Ok(found
        .into_iter()
        .map(|a| {
            let notes = progress.remove(&a.id).unwrap_or_default();
            (a, notes)
        })
        .collect())
}

/// The owner is a member of the chain, and the person named (if any) one of the owner's.
async fn owner_in_chain(conn: &mut sqlx::AnyConnection, new: &NewAction) -> ServiceResult<()> {
    if !chains::is_member(conn, new.chain, new.owner).await? {
        return Err(ServiceError::bad_input("ownerOrganisationId", Reason::new("owner-not-a-member")));
    }
    if let Some(user) = new.owner_user {
        if users::organisation_of(conn, user).await? != Some(new.owner) {
            return Err(ServiceError::bad_input("ownerUserId", Reason::new("owner-user-elsewhere")));
        }
    }
    Ok(())
}

/// The meeting the action was agreed in (the one named, or the agenda item's, which must be
/// a meeting of the action's chain in the caller's scope), and the case the item is about.
async fn action_meeting(
    conn: &mut sqlx::AnyConnection,
    scope: Scope,
    new: &NewAction,
) -> ServiceResult<(Option<MeetingId>, Option<CaseId>)> {
    let mut meeting = new.meeting;
    let mut case = None;
    if let Some(item) = new.agenda_item {
        let found = agendas::find(conn, scope, item).await?.filter(|i| i.removed_at.is_none());
        match found {
            Some(found) if meeting.is_none_or(|m| m == found.meeting_id) => {
                meeting = Some(found.meeting_id);
                let about_case = matches!(found.kind, AgendaItemKind::SharedCase | AgendaItemKind::FlaggedCase);
                case = found.subject.filter(|_| about_case).and_then(|id| id.parse().ok());
            }
            _ => return Err(ServiceError::NotFound),
        }
    }
    if let Some(meeting) = meeting {
        let series = match meetings::find(conn, scope, meeting).await? {
            Some(found) => meetings::find_series(conn, scope, found.series_id).await?,
            None => None,
        };
        if series.is_none_or(|s| s.chain_id != new.chain) {
            return Err(ServiceError::NotFound);
        }
    }
    Ok((meeting, case))
}
