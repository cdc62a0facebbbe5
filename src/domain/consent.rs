//! What the reporter allowed. Nothing happens to a case without a consent for it, and a
//! withdrawal takes effect everywhere at the next request.

use async_graphql::Enum;
use chrono::{DateTime, NaiveDate, Utc};

use super::ids::{ChainId, ConsentId, OrganisationId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// Register the report at all.
    Register,
    /// Share pseudonymised with one named chain.
    SharePseudonymised,
    /// Contact the counterparty.
    ContactCounterparty,
    /// Refer to one named organisation.
    Refer,
    /// Pass to the police.
    Police,
}

impl ConsentScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentScope::Register => "register",
            ConsentScope::SharePseudonymised => "share_pseudonymised",
            ConsentScope::ContactCounterparty => "contact_counterparty",
            ConsentScope::Refer => "refer",
            ConsentScope::Police => "police",
        }
    }

    pub fn parse(value: &str) -> Option<ConsentScope> {
        use ConsentScope::*;
        [Register, SharePseudonymised, ContactCounterparty, Refer, Police].into_iter().find(|s| s.as_str() == value)
    }
}

/// How the reporter gave consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    Verbal,
    Written,
    WebForm,
    Email,
}

impl ConsentMethod {
    pub const ALL: [ConsentMethod; 4] =
        [ConsentMethod::Verbal, ConsentMethod::Written, ConsentMethod::WebForm, ConsentMethod::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentMethod::Verbal => "verbal",
            ConsentMethod::Written => "written",
            ConsentMethod::WebForm => "web_form",
            ConsentMethod::Email => "email",
        }
    }

    pub fn parse(value: &str) -> Option<ConsentMethod> {
        ConsentMethod::ALL.into_iter().find(|m| m.as_str() == value)
    }
}

/// The one thing a scope is about, where it needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentTarget {
    None,
    Chain(ChainId),
    Organisation(OrganisationId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: ConsentId,
    pub scope: ConsentScope,
    pub target: ConsentTarget,
    pub method: ConsentMethod,
    pub given_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    #[error("consent to share names one chain")]
    ShareNeedsChain,
    #[error("consent to refer names one organisation")]
    ReferNeedsOrganisation,
    #[error("this consent names no chain or organisation")]
    NoTargetForScope,
}

/// Checks that a scope has exactly the target it needs.
pub fn check_target(scope: ConsentScope, target: ConsentTarget) -> Result<(), ConsentError> {
    match (scope, target) {
        (ConsentScope::SharePseudonymised, ConsentTarget::Chain(_)) => Ok(()),
        (ConsentScope::SharePseudonymised, _) => Err(ConsentError::ShareNeedsChain),
        (ConsentScope::Refer, ConsentTarget::Organisation(_)) => Ok(()),
        (ConsentScope::Refer, _) => Err(ConsentError::ReferNeedsOrganisation),
        (_, ConsentTarget::None) => Ok(()),
        _ => Err(ConsentError::NoTargetForScope),
    }
}

impl Consent {
    pub fn is_active(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}

impl From<ConsentError> for crate::domain::reason::Reason {
    fn from(error: ConsentError) -> Self {
        use crate::domain::reason::Reason;
        Reason::new(match error {
            ConsentError::ShareNeedsChain => "consent-share-needs-chain",
            ConsentError::ReferNeedsOrganisation => "consent-refer-needs-organisation",
            ConsentError::NoTargetForScope => "consent-no-target-for-scope",
        })
    }
}
