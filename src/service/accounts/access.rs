//! Access control by type: a function that administers an organisation takes an
//! `AdminScope`, and the only ways to get one are an actor with the `org_admin` role (for its
//! own organisation) or the operator at the command line. A forgotten check does not compile.

use crate::domain::actor::{Actor, Principal};
use crate::domain::ids::{ApiTokenId, OrganisationId, UserId};
use crate::domain::role::Role;

use crate::service::ServiceError;

/// Someone with shell access to the deployment, running `ketenaanpak` commands (or a test
/// that stands in for them). The GraphQL and web doors never make one.
pub struct Operator {
    _private: (),
}

impl Operator {
    pub fn command_line() -> Operator {
        Operator { _private: () }
    }
}

/// Proof that the holder may manage one organisation's users and tokens.
#[derive(Debug, Clone)]
pub struct AdminScope {
    organisation_id: OrganisationId,
    /// The user acting, when a person (not the operator or a token) acts.
    acting_user: Option<UserId>,
    /// The API token acting, when a machine client acts.
    acting_token: Option<ApiTokenId>,
}

impl AdminScope {
    pub fn of(actor: &Actor) -> Result<AdminScope, ServiceError> {
        if actor.has_role(Role::OrgAdmin) {
            let acting_token = match actor.principal {
                Principal::ApiToken { token_id } => Some(token_id),
                Principal::User { .. } => None,
            };
            Ok(AdminScope { organisation_id: actor.organisation_id, acting_user: actor.user_id(), acting_token })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    pub fn by_operator(_operator: &Operator, organisation_id: OrganisationId) -> AdminScope {
        AdminScope { organisation_id, acting_user: None, acting_token: None }
    }

    pub fn organisation_id(&self) -> OrganisationId {
        self.organisation_id
    }

    pub fn acting_user(&self) -> Option<UserId> {
        self.acting_user
    }

    pub fn acting_token(&self) -> Option<ApiTokenId> {
        self.acting_token
    }
}

/// Proof that the holder may read one organisation's audit trail: its privacy officers.
pub struct PrivacyScope {
    organisation_id: OrganisationId,
}

impl PrivacyScope {
    pub fn of(actor: &Actor) -> Result<PrivacyScope, ServiceError> {
        if actor.has_role(Role::PrivacyOfficer) {
            Ok(PrivacyScope { organisation_id: actor.organisation_id })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    pub fn organisation_id(&self) -> OrganisationId {
        self.organisation_id
    }
}

/// Proof that the holder may read one organisation's user list: its admins and privacy
/// officers (design §3).
pub struct UserDirectoryScope {
    organisation_id: OrganisationId,
}

impl UserDirectoryScope {
    pub fn of(actor: &Actor) -> Result<UserDirectoryScope, ServiceError> {
        if actor.has_role(Role::OrgAdmin) || actor.has_role(Role::PrivacyOfficer) {
            Ok(UserDirectoryScope { organisation_id: actor.organisation_id })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    pub fn by_operator(_operator: &Operator, organisation_id: OrganisationId) -> UserDirectoryScope {
        UserDirectoryScope { organisation_id }
    }

    pub fn organisation_id(&self) -> OrganisationId {
        self.organisation_id
    }
}
