//! Minutes of a case meeting: notes and decisions per agenda item, attendance per
//! organisation and the confidentiality statement. The chair approves them; after that they
//! change only by a recorded amendment.

use async_graphql::Enum;
use chrono::{DateTime, Utc};

use super::ids::{AgendaItemId, MeetingId, OrganisationId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Presence {
    Present,
    /// Sent apologies (afgemeld).
    Apologies,
    Absent,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Apologies => "apologies",
            Presence::Absent => "absent",
        }
    }

    pub fn parse(value: &str) -> Option<Presence> {
        [Presence::Present, Presence::Apologies, Presence::Absent].into_iter().find(|p| p.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minutes {
    pub meeting_id: MeetingId,
    pub confidentiality: String,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<UserId>,
    pub items: Vec<MinuteItem>,
    pub attendance: Vec<Attendance>,
    pub amendments: Vec<Amendment>,
}

impl Minutes {
    pub fn is_approved(&self) -> bool {
        self.approved_at.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinuteItem {
    pub agenda_item_id: AgendaItemId,
    pub notes: String,
    pub decisions: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub organisation_id: OrganisationId,
    pub presence: Presence,
}

/// A change to approved minutes, kept for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub agenda_item_id: AgendaItemId,
    pub previous_notes: String,
    pub previous_decisions: String,
    pub notes: String,
    pub decisions: String,
    pub reason: String,
    pub amended_by: Option<UserId>,
    pub amended_at: DateTime<Utc>,
}
