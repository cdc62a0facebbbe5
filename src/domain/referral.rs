//! Referrals (doorverwijzingen): an encrypted handover of a dossier from one organisation to
//! another, and the order in which it may move.

use async_graphql::Enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::case::Registration;
use super::consent::{ConsentMethod, ConsentScope};
use super::identity::IdentityBlock;
use super::ids::{CaseId, OrganisationId, ReferralId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ReferralStatus {
    /// Being put together by the sender; the receiver does not see it yet.
    Draft,
    Sent,
    Opened,
    Accepted,
    Declined,
    Withdrawn,
}

impl ReferralStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "draft",
            ReferralStatus::Sent => "sent",
            ReferralStatus::Opened => "opened",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Withdrawn => "withdrawn",
        }
    }

    /// The catalogue term that names the status to a reader.
    pub fn term(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "referral-status-draft",
            ReferralStatus::Sent => "referral-status-sent",
            ReferralStatus::Opened => "referral-status-opened",
            ReferralStatus::Accepted => "referral-status-accepted",
            ReferralStatus::Declined => "referral-status-declined",
            ReferralStatus::Withdrawn => "referral-status-withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<ReferralStatus> {
        use ReferralStatus::*;
        [Draft, Sent, Opened, Accepted, Declined, Withdrawn].into_iter().find(|s| s.as_str() == value)
    }
}

/// A step in a referral's life, with the states it may be taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Open,
    Accept,
    Decline,
    Withdraw,
    AddAttachment,
    /// The reporter withdrew the consent to refer: ended unless already accepted.
    EndWithConsent,
}

impl Transition {
    pub fn allowed_from(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Transition::Submit | Transition::AddAttachment => &[Draft],
            // Opening again after accepting lets the receiver look back at what was handed over.
            Transition::Open => &[Sent, Opened, Accepted],
            Transition::Accept => &[Opened],
            Transition::Decline => &[Sent, Opened],
            // Until the receiver has opened it.
            Transition::Withdraw => &[Draft, Sent],
            Transition::EndWithConsent => &[Draft, Sent, Opened],
        }
    }

    pub fn allowed(self, from: ReferralStatus) -> bool {
        self.allowed_from().contains(&from)
    }

    /// Why the step cannot be taken now, for the person who tried.
    pub fn refusal(self, from: ReferralStatus) -> crate::domain::reason::Reason {
        crate::domain::reason::Reason::new("referral-step-not-possible").term("status", from.term())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Urgency {
    Normal,
    Urgent,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(value: &str) -> Option<Urgency> {
        match value {
            "normal" => Some(Urgency::Normal),
            "urgent" => Some(Urgency::Urgent),
            _ => None,
        }
    }
}

/// What the inbox and outbox show; the dossier itself is sealed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: ReferralId,
    pub sender_organisation_id: OrganisationId,
    pub sender_user_id: Option<UserId>,
    pub receiver_organisation_id: OrganisationId,
    pub source_case_id: Option<CaseId>,
    /// A keyed hash linking the sender's case and the case the receiver makes of it.
    pub case_link: Option<String>,
    pub urgency: Urgency,
    /// Written for sharing and checked like a shared case summary.
    pub summary: Option<String>,
    pub status: ReferralStatus,
    pub decline_reason: Option<String>,
    /// The receiver's case; never shown to the sender.
    pub accepted_case_id: Option<CaseId>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// The dossier as sealed to the receiver: a JSON document in a standard age file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// `ketenaanpak-dossier/1`.
    pub format: String,
    pub registration: Registration,
    pub shared_summary: Option<String>,
    pub identity: Option<IdentityBlock>,
    /// The reporter's consents as recorded by the sender, in order.
    pub consents: Vec<DossierConsent>,
}

pub const DOSSIER_FORMAT: &str = "ketenaanpak-dossier/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierConsent {
    pub scope: ConsentScope,
    pub method: ConsentMethod,
    pub given_on: NaiveDate,
    pub withdrawn: bool,
}

/// An attachment's name and type, sealed with it so that the database shows neither.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub name: String,
    pub content_type: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_flow() {
        use ReferralStatus::*;
        assert!(Transition::Submit.allowed(Draft) && !Transition::Submit.allowed(Sent));
        assert!(
            Transition::Accept.allowed(Opened)
                && !Transition::Accept.allowed(Sent)
                && !Transition::Accept.allowed(Accepted)
        );
        assert!(Transition::Withdraw.allowed(Sent) && !Transition::Withdraw.allowed(Opened));
        assert!(
            !Transition::Open.allowed(Withdrawn)
                && !Transition::Open.allowed(Declined)
                && !Transition::Open.allowed(Draft)
        );
        assert!(Transition::Decline.allowed(Opened) && !Transition::Decline.allowed(Accepted));
    }
}

/// That a referral was sent to an organisation: ids only, passed between instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralNotice {
    pub receiver: crate::domain::ids::OrganisationId,
    pub referral: crate::domain::ids::ReferralId,
}
