//! Who is making a request: a signed-in user or an API token, always on behalf of exactly
//! one organisation and with a set of roles. Every decision about access starts here.

use super::ids::{ApiTokenId, OrganisationId, SessionId, UserId};
use super::organisation::OrganisationKind;
use super::role::{Role, RoleSet};
use super::user::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User { user_id: UserId, session_id: SessionId },
    ApiToken { token_id: ApiTokenId },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub principal: Principal,
    pub organisation_id: OrganisationId,
    pub organisation_kind: OrganisationKind,
    pub roles: RoleSet,
    /// The language the caller reads: the user's setting, or for a token its maker's.
    pub language: Language,
}

impl Actor {
    /// The session behind a person's request; `None` for an API token.
    pub fn session_id(&self) -> Option<crate::domain::ids::SessionId> {
        match self.principal {
            Principal::User { session_id, .. } => Some(session_id),
            Principal::ApiToken { .. } => None,
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(role)
    }

    /// Works on the organisation's own cases (`Role::CASE_WORK`).
    pub fn does_case_work(&self) -> bool {
        self.roles.contains_any(&Role::CASE_WORK)
    }

    /// Works in the chain: shared casework, meetings, actions (`Role::CHAIN_WORK`).
    pub fn does_chain_work(&self) -> bool {
        self.roles.contains_any(&Role::CHAIN_WORK)
    }

    pub fn user_id(&self) -> Option<UserId> {
        match self.principal {
            Principal::User { user_id, .. } => Some(user_id),
            Principal::ApiToken { .. } => None,
        }
    }
}
