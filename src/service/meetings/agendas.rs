//! Agendas: compiled from what the chain shared, flagged and agreed; edited by the chair;
//! frozen a configured time before the meeting. Everything on an agenda comes from the
//! chain's shared data, so every invited organisation may see all of it.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use crate::domain::action::{Action, Progress};
use crate::domain::actor::Actor;
use crate::domain::agenda::{self, AgendaItem, AgendaItemKind, Candidate};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::case::PseudonymisedCase;
use crate::domain::ids::{AgendaItemId, CaseId, ChainId, MeetingId};
use crate::domain::meeting::{Meeting, MeetingSeries, MeetingStatus};
use crate::domain::reason::Reason;
use crate::domain::scope::Scope;
use crate::domain::shareable_text::Shape;
use crate::service::accounts::access::Operator;
use crate::service::audit::trail::AuditObject;
use crate::service::casework::shared_text;
use crate::service::meetings::agenda_subjects::AgendaSubjects;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::meetings::actions::Reader;
use crate::store::{casework::cases, meetings::agendas, meetings::schedule as meetings};

/// An agenda item with what it is about, as every invited organisation may see it.
pub struct AgendaEntry {
    pub item: AgendaItem,
    pub subject: AgendaSubject,
}

pub enum AgendaSubject {
    /// The pseudonymised case; `None` once it is no longer shared in the chain.
    Case(Option<PseudonymisedCase>),
    Pattern(PatternSummary),
    /// The action with its history; `None` if it is gone.
    Action(Option<(Action, Vec<Progress>)>),
    Topic,
}

/// A counterparty reported several times in the chain, by the cases shared there only.
pub struct PatternSummary {
    /// The chain's pseudonym; `None` for a reader whose organisation owns one of the cases
    /// (an owner never reads its own case's pseudonym) and on the printable agenda.
    pub pseudonym: Option<String>,
    pub reports: usize,
    pub organisations: usize,
    pub public_ids: Vec<String>,
}

fn frozen() -> ServiceError {
    ServiceError::conflict("agenda-frozen")
}

impl Services {
    /// The meeting's agenda in order, without the items the chair removed, as the caller's
    /// organisation may read it.
    pub async fn agenda(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Vec<AgendaEntry>> {
        let access = self.meeting(actor, id).await?;
        self.agenda_of(actor, &access.series, &access.meeting, Some(actor.organisation_id)).await
    }

    /// The agenda as every invited organisation may read it: for printing and handing round.
    pub async fn printable_agenda(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Vec<AgendaEntry>> {
        let access = self.meeting(actor, id).await?;
        self.agenda_of(actor, &access.series, &access.meeting, None).await
    }

    /// The agenda with what each item is about, in a fixed number of statements however long
    /// it is: the cases, patterns, actions and progress are each read in one go.
    /// A case item whose case is no longer shared in the chain keeps its place, but only the
    /// case's owner still reads why it was flagged and by whom; an action that lapsed or rests
    /// on such a case reads as gone to everyone else.
    pub(crate) async fn agenda_of(
        &self,
        actor: &Actor,
        series: &MeetingSeries,
        meeting: &Meeting,
        reader: Reader,
    ) -> ServiceResult<Vec<AgendaEntry>> {
        let mut conn = self.store.read().await?;
        let scope = Scope::Member(actor.organisation_id);
        let items: Vec<AgendaItem> = agendas::items(&mut conn, scope, meeting.id)
            .await?
            .into_iter()
            .filter(|i| i.removed_at.is_none())
            .collect();
        let mut subjects = AgendaSubjects::read(&mut conn, series.chain_id, &items, reader).await?;
        Ok(items
            .into_iter()
            .map(|mut item| {
                let subject = subjects.take(&mut item, reader);
                AgendaEntry { item, subject }
            })
            .collect())
    }

    /// The chair brings the agenda up to date now (it also happens every hour).
    pub async fn compile_agenda(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Vec<AgendaEntry>> {
        let (series, meeting) = self.open_agenda(actor, id).await?;
        let mut work = self.agenda_tx(id).await?;
        self.compile_in(&mut work, &series, &meeting).await?;
        work.commit().await?;
        self.agenda_of(actor, &series, &meeting, Some(actor.organisation_id)).await
    }

    pub async fn add_agenda_topic(&self, actor: &Actor, id: MeetingId, title: &str) -> ServiceResult<AgendaItem> {
        let (_, meeting) = self.open_agenda(actor, id).await?;
        let title = topic_title(title)?;
        let item = new_item(meeting.id, AgendaItemKind::Topic, None, Some(title), actor);
        let mut work = self.agenda_tx(id).await?;
        agendas::insert(&mut work, &item, actor.user_id(), self.clock.now()).await?;
        work.commit().await?;
        agendas::find(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), item.id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Takes an item off the agenda; compiling will not bring it back.
    pub async fn remove_agenda_item(&self, actor: &Actor, item: AgendaItemId) -> ServiceResult<MeetingId> {
        let found = agendas::find(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), item)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.open_agenda(actor, found.meeting_id).await?;
        let mut work = self.agenda_tx(found.meeting_id).await?;
        if !agendas::remove(&mut work, item, self.clock.now()).await? {
            return Err(ServiceError::NotFound);
        }
        work.commit().await?;
        Ok(found.meeting_id)
    }

    /// Puts the agenda in the given order; every item on it must be named once.
    pub async fn order_agenda(&self, actor: &Actor, id: MeetingId, order: &[AgendaItemId]) -> ServiceResult<()> {
        self.open_agenda(actor, id).await?;
        let mut work = self.agenda_tx(id).await?;
        let scope = Scope::Member(actor.organisation_id);
        let current: HashSet<AgendaItemId> = agendas::items(&mut work, scope, id)
            .await?
            .into_iter()
            .filter(|i| i.removed_at.is_none())
            .map(|i| i.id)
            .collect();
        let given: HashSet<AgendaItemId> = order.iter().copied().collect();
        if given.len() != order.len() || given != current {
            return Err(ServiceError::bad_input("itemIds", Reason::new("agenda-order-incomplete")));
        }
        for (position, item) in order.iter().enumerate() {
            agendas::set_position(&mut work, *item, position as i64 + 1).await?;
        }
        work.commit().await?;
        Ok(())
    }

    /// Moves one item a place up (or down), in one transaction with reading the order, so an
    /// hourly compile in between cannot make the order incomplete. At either end it stays.
    pub async fn move_agenda_item(
        &self,
        actor: &Actor,
        id: MeetingId,
        item: AgendaItemId,
        up: bool,
    ) -> ServiceResult<()> {
        self.open_agenda(actor, id).await?;
        let mut work = self.agenda_tx(id).await?;
        let scope = Scope::Member(actor.organisation_id);
        let mut order: Vec<AgendaItem> =
            agendas::items(&mut work, scope, id).await?.into_iter().filter(|i| i.removed_at.is_none()).collect();
        let at = order.iter().position(|i| i.id == item).ok_or(ServiceError::NotFound)?;
        let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|o| *o < order.len()) };
        if let Some(other) = other {
            order.swap(at, other);
            for (position, item) in order.iter().enumerate() {
                agendas::set_position(&mut work, item.id, position as i64 + 1).await?;
            }
        }
        work.commit().await?;
        Ok(())
    }

    /// A member asks to discuss a case shared in the chain at this meeting.
    pub async fn flag_case_for_discussion(
        &self,
        actor: &Actor,
        id: MeetingId,
        case: CaseId,
        reason: &str,
    ) -> ServiceResult<AgendaItem> {
        let access = self.meeting(actor, id).await?;
        writable(&access.meeting)?;
        let reason = self.flag_reason(actor, access.series.chain_id, case, reason).await?;
        let item = new_item(id, AgendaItemKind::FlaggedCase, Some(case.to_string()), Some(reason), actor);
        let mut work = self.agenda_tx(id).await?;
        if !agendas::insert(&mut work, &item, actor.user_id(), self.clock.now()).await? {
            return Err(ServiceError::conflict("case-already-on-agenda"));
        }
        let object = AuditObject { kind: "case", id: &case.to_string() };
        work.audit(Some(actor), None, AuditAction::CaseFlagged, Some(object), AuditResult::Ok).await?;
        work.commit().await?;
        agendas::find(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), item.id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// As `flag_case_for_discussion`, for a case named by its public code (from the agenda
    /// page). A code that names no case shared in the meeting's chain is refused the same way
    /// whether the case exists or not, so the answer tells nothing about other cases.
    pub async fn flag_case_by_code(
        &self,
        actor: &Actor,
        id: MeetingId,
        code: &str,
        reason: &str,
    ) -> ServiceResult<AgendaItem> {
        let access = self.meeting(actor, id).await?;
        writable(&access.meeting)?;
        let code = code.trim().to_uppercase();
        let case = cases::shared_id_by_code(&mut *self.store.read().await?, access.series.chain_id, &code).await?;
        let case = case.ok_or_else(|| ServiceError::bad_input("publicId", Reason::new("flag-code-not-shared")))?;
        self.flag_case_for_discussion(actor, id, case, reason).await
    }

    /// The reason a member gives for discussing a case: the case must be shared in the chain
    /// (else "not found", audited), the reason fit for every member to read.
    pub(super) async fn flag_reason(
        &self,
        actor: &Actor,
        chain: ChainId,
        case: CaseId,
        reason: &str,
    ) -> ServiceResult<String> {
        let shared = cases::find_shared(&mut *self.store.read().await?, &[chain], case).await?;
        if shared.is_none() {
            return self.refuse(Refusal::CaseNotFound(actor, case)).await;
        }
        self.shareable(&mut *self.store.read().await?, actor, Some(case), "reason", reason, Shape::line(300)).await
    }

    /// Hourly: keeps the next meeting's agenda of every chain up to date and freezes those
    /// within `agenda_freeze_hours` of their start. Returns how many were frozen now.
    pub async fn prepare_agendas(&self, _operator: &Operator) -> ServiceResult<usize> {
        let now = self.clock.now();
        let freeze_before = now + Duration::hours(self.meetings.agenda_freeze_hours);
        let open = meetings::unfrozen_before(&mut *self.store.read().await?, now + Duration::days(366)).await?;
        let mut frozen = 0;
        for meeting in open {
            let mut conn = self.store.read().await?;
            let series = meetings::find_series(&mut conn, Scope::Service, meeting.series_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let previous = agendas::previous_meeting_start(&mut conn, series.chain_id, meeting.starts_at).await?;
            drop(conn);
            let is_next = previous.is_none_or(|at| at <= now);
            let freezes = meeting.starts_at <= freeze_before;
            if !is_next && !freezes {
                continue;
            }
            let mut work = self.begin_work().await?;
            self.compile_in(&mut work, &series, &meeting).await?;
            if freezes && agendas::freeze(&mut work, meeting.id, now).await? {
                frozen += 1;
            }
            work.commit().await?;
        }
        Ok(frozen)
    }

    /// Freezes a meeting's agenda now if the job has not yet (minutes need a fixed agenda).
    pub(crate) async fn freeze_now(
        &self,
        work: &mut Work<'_>,
        series: &MeetingSeries,
        meeting: &Meeting,
    ) -> ServiceResult<()> {
        if agendas::hold_open(work, meeting.id).await? {
            self.compile_in(work, series, meeting).await?;
            agendas::freeze(work, meeting.id, self.clock.now()).await?;
        }
        Ok(())
    }

    /// Adds what newly qualifies and drops compiled items that no longer do.
    async fn compile_in(&self, work: &mut Work<'_>, series: &MeetingSeries, meeting: &Meeting) -> ServiceResult<()> {
        let chain = series.chain_id;
        // The service's own compiling, for a meeting its caller (the chair or a job) may change.
        let existing = agendas::items(work, Scope::Service, meeting.id).await?;
        let since = agendas::previous_cutoff(work, chain, meeting.starts_at).await?;
        let until: DateTime<Utc> = self.clock.now().min(meeting.starts_at);
        let mut candidates = Vec::new();
        for case in agendas::cases_shared_between(work, chain, since, until).await? {
            candidates.push(Candidate { kind: AgendaItemKind::SharedCase, subject: case.to_string() });
        }
        for pseudonym in agendas::patterns(work, chain, self.meetings.pattern_threshold, since, until).await? {
            candidates.push(Candidate { kind: AgendaItemKind::Pattern, subject: pseudonym });
        }
        for action in agendas::open_actions(work, chain).await? {
            candidates.push(Candidate { kind: AgendaItemKind::Action, subject: action.to_string() });
        }
        let change = agenda::compile(&existing, candidates);
        agendas::delete(work, &change.drop).await?;
        for candidate in change.add {
            let item = AgendaItem {
                id: AgendaItemId::random(),
                meeting_id: meeting.id,
                kind: candidate.kind,
                subject: Some(candidate.subject),
                title: None,
                position: 0,
                added_by_organisation_id: None,
                removed_at: None,
            };
            agendas::insert(work, &item, None, self.clock.now()).await?;
        }
        Ok(())
    }

    /// A write transaction that holds the meeting's agenda open, or CONFLICT when it was
    /// frozen (or the meeting cancelled) since the caller looked.
    async fn agenda_tx(&self, meeting: MeetingId) -> ServiceResult<Work<'_>> {
        let mut work = self.begin_work().await?;
        if !agendas::hold_open(&mut work, meeting).await? {
            return Err(frozen());
        }
        Ok(work)
    }

    /// A meeting whose agenda the caller's organisation chairs and may still change.
    async fn open_agenda(&self, actor: &Actor, id: MeetingId) -> ServiceResult<(MeetingSeries, Meeting)> {
        let (series, meeting) = self.chaired_meeting(actor, id).await?;
        writable(&meeting)?;
        Ok((series, meeting))
    }
}

/// A topic's title, fit for every invited organisation to read.
pub(super) fn topic_title(title: &str) -> ServiceResult<String> {
    shared_text::shareable("title", title, Shape::line(200), &Default::default())
}

fn writable(meeting: &Meeting) -> ServiceResult<()> {
    if meeting.status == MeetingStatus::Cancelled {
        return Err(ServiceError::conflict("meeting-cancelled"));
    }
    if meeting.agenda_frozen_at.is_some() {
        return Err(frozen());
    }
    Ok(())
}

fn new_item(
    meeting: MeetingId,
    kind: AgendaItemKind,
    subject: Option<String>,
    title: Option<String>,
    actor: &Actor,
) -> AgendaItem {
    AgendaItem {
        id: AgendaItemId::random(),
        meeting_id: meeting,
        kind,
        subject,
        title,
        position: 0,
        added_by_organisation_id: Some(actor.organisation_id),
        removed_at: None,
    }
}
