//! Shares of a case with a chain, and notes on a case.

use chrono::{DateTime, Utc};

use super::ids::{CaseId, ChainId, NoteId, OrganisationKeyId, ShareId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub id: ShareId,
    pub case_id: CaseId,
    pub chain_id: ChainId,
    pub shared_at: DateTime<Utc>,
    pub unshared_at: Option<DateTime<Utc>>,
    /// The counterparty's pseudonym in this chain; `None` when the case names none, and
    /// always `None` when shown to the case's owner.
    pub counterparty_pseudonym: Option<String>,
}

/// A note: written for sharing (checked, stored as text) or internal (sealed to the owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteBody {
    Shared(String),
    Sealed { ciphertext: Vec<u8>, key_id: OrganisationKeyId },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub case_id: CaseId,
    pub body: NoteBody,
    pub created_at: DateTime<Utc>,
}
