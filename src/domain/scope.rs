//! On whose behalf a record of a chain is looked up. Every store lookup by id of a meeting,
//! series, agenda item or minutes takes one, as cases take their owner or chains, so that a
//! check forgotten in a use case cannot widen what is found.

use super::ids::OrganisationId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// An organisation finds what belongs to the chains it is a member of.
    Member(OrganisationId),
    /// The service itself (scheduled jobs, start-up) finds every record.
    Service,
}

impl Scope {
    /// The organisation, bound as the scope's one parameter; none for the service.
    pub fn organisation(self) -> Option<OrganisationId> {
        match self {
            Scope::Member(organisation) => Some(organisation),
            Scope::Service => None,
        }
    }
}
