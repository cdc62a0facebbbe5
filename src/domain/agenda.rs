//! A meeting's agenda: compiled by the product from what the chain shared since the previous
//! meeting, what members flagged, counterparty patterns and open actions; edited by the chair;
//! frozen a configured time before the meeting.

use async_graphql::Enum;
use chrono::{DateTime, Utc};

use super::ids::{AgendaItemId, MeetingId, OrganisationId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Enum)]
pub enum AgendaItemKind {
    /// An open action, carried over until it is done or not possible.
    Action,
    /// A case shared in the chain since the previous meeting's agenda was frozen.
    SharedCase,
    /// A case a member asked to discuss.
    FlaggedCase,
    /// A counterparty reported at least the configured number of times in the chain, new or
    /// with a new report since the previous agenda.
    Pattern,
    /// A free topic the chair added.
    Topic,
}

impl AgendaItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaItemKind::Action => "action",
            AgendaItemKind::SharedCase => "shared_case",
            AgendaItemKind::FlaggedCase => "flagged_case",
            AgendaItemKind::Pattern => "pattern",
            AgendaItemKind::Topic => "topic",
        }
    }

    pub fn parse(value: &str) -> Option<AgendaItemKind> {
        use AgendaItemKind::*;
        [Action, SharedCase, FlaggedCase, Pattern, Topic].into_iter().find(|k| k.as_str() == value)
    }

    /// Compiled from the chain's data, so compiling may add it and drop it again.
    pub fn is_compiled(self) -> bool {
        matches!(self, AgendaItemKind::Action | AgendaItemKind::SharedCase | AgendaItemKind::Pattern)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub meeting_id: MeetingId,
    pub kind: AgendaItemKind,
    /// The case id, action id or counterparty pseudonym; `None` for a topic.
    pub subject: Option<String>,
    /// A topic's title, or why a case was flagged.
    pub title: Option<String>,
    pub position: i64,
    pub added_by_organisation_id: Option<OrganisationId>,
    pub removed_at: Option<DateTime<Utc>>,
}

/// Something compiling found that belongs on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub kind: AgendaItemKind,
    pub subject: String,
}

/// What compiling changes: candidates to add (in agenda order) and compiled items that no
/// longer qualify (an action done since, a case no longer shared) to drop.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Compilation {
    pub add: Vec<Candidate>,
    pub drop: Vec<AgendaItemId>,
}

/// Decides what compiling changes. Nothing the chair removed comes back, nothing is added
/// twice, and a flagged case is listed once, as flagged (with the member's reason).
pub fn compile(existing: &[AgendaItem], mut candidates: Vec<Candidate>) -> Compilation {
    candidates.sort();
    candidates.dedup();
    let present = |kind: AgendaItemKind, subject: &str| {
        existing.iter().any(|i| i.kind == kind && i.subject.as_deref() == Some(subject))
    };
    let add = candidates
        .iter()
        .filter(|c| !present(c.kind, &c.subject))
        .filter(|c| !(c.kind == AgendaItemKind::SharedCase && present(AgendaItemKind::FlaggedCase, &c.subject)))
        .cloned()
        .collect();
    let qualifies = |i: &AgendaItem| {
        let subject = i.subject.as_deref().unwrap_or_default();
        let flagged = i.kind == AgendaItemKind::SharedCase && present(AgendaItemKind::FlaggedCase, subject);
        !flagged && candidates.iter().any(|c| c.kind == i.kind && c.subject == subject)
    };
    let drop = existing
        .iter()
        .filter(|i| i.kind.is_compiled() && i.removed_at.is_none())
        .filter(|i| !qualifies(i))
        .map(|i| i.id)
        .collect();
    Compilation { add, drop }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: AgendaItemKind, subject: &str, removed: bool) -> AgendaItem {
        AgendaItem {
            id: AgendaItemId::random(),
            meeting_id: MeetingId::random(),
            kind,
            subject: Some(subject.to_string()),
            title: None,
            position: 1,
            added_by_organisation_id: None,
            removed_at: removed.then(Utc::now),
        }
    }

    fn candidate(kind: AgendaItemKind, subject: &str) -> Candidate {
        Candidate { kind, subject: subject.to_string() }
    }

    #[test]
    fn adds_what_is_new_in_agenda_order_and_never_twice() {
        let existing = [item(AgendaItemKind::SharedCase, "a", false)];
        let found = compile(
            &existing,
            vec![
                candidate(AgendaItemKind::Pattern, "p"),
                candidate(AgendaItemKind::SharedCase, "a"),
                candidate(AgendaItemKind::SharedCase, "b"),
                candidate(AgendaItemKind::Action, "x"),
                candidate(AgendaItemKind::Action, "x"),
            ],
        );
        let added: Vec<_> = found.add.iter().map(|c| (c.kind, c.subject.as_str())).collect();
        assert_eq!(
            added,
            [(AgendaItemKind::Action, "x"), (AgendaItemKind::SharedCase, "b"), (AgendaItemKind::Pattern, "p")]
        );
        assert!(found.drop.is_empty());
    }

    #[test]
    fn keeps_removed_items_out_and_drops_what_no_longer_qualifies() {
        let removed = item(AgendaItemKind::SharedCase, "gone-by-chair", true);
        let done = item(AgendaItemKind::Action, "done-since", false);
        let flagged = item(AgendaItemKind::FlaggedCase, "f", false);
        let shared_then_flagged = item(AgendaItemKind::SharedCase, "f", false);
        let found = compile(
            &[removed, done.clone(), flagged, shared_then_flagged.clone()],
            vec![candidate(AgendaItemKind::SharedCase, "gone-by-chair"), candidate(AgendaItemKind::SharedCase, "f")],
        );
        assert!(found.add.is_empty(), "{found:?}");
        assert_eq!(found.drop, [done.id, shared_then_flagged.id], "the flagged case stays, once, as flagged");
    }
}
