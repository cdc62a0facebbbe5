//! Actions (afspraken): agreed in a case meeting or on a case, owned by one organisation (and
//! optionally one person there), carried on every next agenda until done or not possible.

use async_graphql::Enum;
use chrono::{DateTime, NaiveDate, Utc};

use super::ids::{ActionId, AgendaItemId, CaseId, ChainId, MeetingId, OrganisationId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    /// Closed without being done; needs a reason.
    NotPossible,
    /// Ended by the service: the consent it rested on was withdrawn. Set only by the service.
    Lapsed,
}

/// Why an action lapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum LapseReason {
    /// The reporter withdrew the consent to share the case with the chain (or to register it).
    ConsentWithdrawn,
}

impl LapseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LapseReason::ConsentWithdrawn => "consent_withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<LapseReason> {
        (value == "consent_withdrawn").then_some(LapseReason::ConsentWithdrawn)
    }
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::NotPossible => "not_possible",
            ActionStatus::Lapsed => "lapsed",
        }
    }

    pub fn parse(value: &str) -> Option<ActionStatus> {
        use ActionStatus::*;
        [Open, InProgress, Done, NotPossible, Lapsed].into_iter().find(|s| s.as_str() == value)
    }

    /// Still to be done: it stays on the agenda and in reminders.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: ActionId,
    pub chain_id: ChainId,
    pub meeting_id: Option<MeetingId>,
    /// The agenda item it was agreed on, when agreed in a meeting.
    pub agenda_item_id: Option<AgendaItemId>,
    pub case_id: Option<CaseId>,
    pub owner_organisation_id: OrganisationId,
    pub owner_user_id: Option<UserId>,
    /// Written for sharing in the chain, and checked like a shared summary.
    pub description: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub not_possible_reason: Option<String>,
    pub lapse_reason: Option<LapseReason>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub note: String,
    pub status: ActionStatus,
    pub recorded_at: DateTime<Utc>,
}

/// How an action stands against a day: overdue, due within `days`, or later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    DueSoon,
    Later,
}

pub fn urgency(due_on: NaiveDate, today: NaiveDate, days: i64) -> Urgency {
    if due_on < today {
        Urgency::Overdue
    } else if (due_on - today).num_days() <= days {
        Urgency::DueSoon
    } else {
        Urgency::Later
    }
}
