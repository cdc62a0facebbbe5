//! Random, typed identifiers. Ids in the API are UUIDs (v4), never sequential numbers, and the
//! type parameter keeps an organisation id from being passed where a user id belongs.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use uuid::Uuid;

pub struct Id<T> {
    uuid: Uuid,
    kind: PhantomData<fn() -> T>,
}

pub enum OrganisationKey {}
pub enum UserKey {}
pub enum ChainKey {}
pub enum SessionKey {}
pub enum ApiTokenKey {}
pub enum OrganisationKeyKey {}
pub enum CaseKey {}
pub enum ConsentKey {}
pub enum ShareKey {}
pub enum NoteKey {}
pub enum AuditEventKey {}
pub enum ReferralKey {}
pub enum ReferralFileKey {}
pub enum MeetingSeriesKey {}
pub enum MeetingKey {}
pub enum ActionKey {}
pub enum AgendaItemKey {}

pub type OrganisationId = Id<OrganisationKey>;
pub type UserId = Id<UserKey>;
pub type ChainId = Id<ChainKey>;
pub type SessionId = Id<SessionKey>;
pub type ApiTokenId = Id<ApiTokenKey>;
pub type OrganisationKeyId = Id<OrganisationKeyKey>;
pub type CaseId = Id<CaseKey>;
pub type ConsentId = Id<ConsentKey>;
pub type ShareId = Id<ShareKey>;
pub type NoteId = Id<NoteKey>;
pub type AuditEventId = Id<AuditEventKey>;
pub type ReferralId = Id<ReferralKey>;
pub type ReferralFileId = Id<ReferralFileKey>;
pub type MeetingSeriesId = Id<MeetingSeriesKey>;
pub type MeetingId = Id<MeetingKey>;
pub type ActionId = Id<ActionKey>;
pub type AgendaItemId = Id<AgendaItemKey>;

impl<T> Id<T> {
    pub fn random() -> Self {
        Self::from_uuid(Uuid::new_v4())
    }

    pub fn from_uuid(uuid: Uuid) -> Self {
        Self { uuid, kind: PhantomData }
    }

    pub fn uuid(&self) -> Uuid {
        self.uuid
    }
}

// Written out rather than derived: a derive would demand the same traits of the marker type.
impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.uuid == other.uuid
    }
}
impl<T> Eq for Id<T> {}
impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.uuid.hash(state)
    }
}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.uuid.cmp(&other.uuid)
    }
}
impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.uuid.hyphenated().fmt(f)
    }
}
impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.uuid.hyphenated())
    }
}
/// Not an id in its one spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an id: a UUID in lower case with hyphens")]
pub struct InvalidId;

/// Only the canonical spelling (lower case, hyphenated, as the service writes ids): an id in
/// upper case, in braces or as a URN is another string, and names nothing.
impl<T> FromStr for Id<T> {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uuid = Uuid::try_parse(s).map_err(|_| InvalidId)?;
        let mut canonical = [0u8; uuid::fmt::Hyphenated::LENGTH];
        if uuid.hyphenated().encode_lower(&mut canonical) != s {
            return Err(InvalidId);
        }
        Ok(Self::from_uuid(uuid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_one_spelling() {
        let id = CaseId::random();
        let canonical = id.to_string();
        assert_eq!(canonical.parse::<CaseId>(), Ok(id));
        for other in [
            canonical.to_uppercase(),
            format!("{{{canonical}}}"),
            format!("urn:uuid:{canonical}"),
            canonical.replace('-', ""),
            format!(" {canonical}"),
        ] {
            assert_eq!(other.parse::<CaseId>(), Err(InvalidId), "{other}");
        }
    }
}
