//! Roles of users and API tokens, and which organisation kinds each role belongs to.

use std::collections::BTreeSet;

use async_graphql::Enum;

use super::organisation::OrganisationKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
pub enum Role {
    Caseworker,
    PoliceOfficer,
    Prosecutor,
    Intake,
    Analyst,
    PolicyViewer,
    OrgAdmin,
    PrivacyOfficer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Caseworker,
        Role::PoliceOfficer,
        Role::Prosecutor,
        Role::Intake,
        Role::Analyst,
        Role::PolicyViewer,
        Role::OrgAdmin,
        Role::PrivacyOfficer,
    ];

    /// The roles that work on their own organisation's cases.
    pub const CASE_WORK: [Role; 4] = [Role::Caseworker, Role::PoliceOfficer, Role::Intake, Role::Prosecutor];

    /// The roles that work in the chain for their organisation: they read its shared
    /// casework, take part in its meetings and own its actions. Admins, privacy officers and
    /// policy viewers have none of that by role.
    pub const CHAIN_WORK: [Role; 5] =
        [Role::Caseworker, Role::PoliceOfficer, Role::Prosecutor, Role::Intake, Role::Analyst];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::PoliceOfficer => "police_officer",
            Role::Prosecutor => "prosecutor",
            Role::Intake => "intake",
            Role::Analyst => "analyst",
            Role::PolicyViewer => "policy_viewer",
            Role::OrgAdmin => "org_admin",
            Role::PrivacyOfficer => "privacy_officer",
        }
    }

    /// The catalogue term that names the role to a reader.
    pub fn term(self) -> &'static str {
        match self {
            Role::Caseworker => "role-caseworker",
            Role::PoliceOfficer => "role-police-officer",
            Role::Prosecutor => "role-prosecutor",
            Role::Intake => "role-intake",
            Role::Analyst => "role-analyst",
            Role::PolicyViewer => "role-policy-viewer",
            Role::OrgAdmin => "role-org-admin",
            Role::PrivacyOfficer => "role-privacy-officer",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// The work roles belong to one kind of organisation; administration and privacy roles
    /// exist in every organisation.
    pub fn allowed_for(self, kind: OrganisationKind) -> bool {
        use OrganisationKind as K;
        match self {
            Role::Caseworker => kind == K::ReportingCentre,
            Role::PoliceOfficer => kind == K::Police,
            Role::Prosecutor => kind == K::Prosecution,
            Role::Intake => kind == K::InterestGroup,
            Role::Analyst => kind == K::ExpertiseCentre,
            Role::PolicyViewer => kind == K::Municipality,
            Role::OrgAdmin | Role::PrivacyOfficer => true,
        }
    }

    /// The roles an organisation of this kind can hand out, work role first.
    pub fn for_kind(kind: OrganisationKind) -> Vec<Role> {
        Role::ALL.into_iter().filter(|role| role.allowed_for(kind)).collect()
    }
}

/// A non-empty set of roles that all fit one organisation kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSet(BTreeSet<Role>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleSetError {
    #[error("no role")]
    Empty,
    #[error("role {} not in this kind of organisation", .0.as_str())]
    NotForKind(Role),
}

impl RoleSet {
    pub fn for_organisation(
        roles: impl IntoIterator<Item = Role>,
        kind: OrganisationKind,
    ) -> Result<Self, RoleSetError> {
        let roles: BTreeSet<Role> = roles.into_iter().collect();
        if roles.is_empty() {
            return Err(RoleSetError::Empty);
        }
        if let Some(role) = roles.iter().find(|role| !role.allowed_for(kind)) {
            return Err(RoleSetError::NotForKind(*role));
        }
        Ok(Self(roles))
    }

    /// Roles read back from storage, which were checked when they were written.
    pub fn from_stored(roles: impl IntoIterator<Item = Role>) -> Self {
        Self(roles.into_iter().collect())
    }

    pub fn contains_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.0.contains(role))
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn to_vec(&self) -> Vec<Role> {
        self.iter().collect()
    }
}

impl From<RoleSetError> for crate::domain::reason::Reason {
    fn from(error: RoleSetError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            RoleSetError::Empty => Reason::new("roles-empty"),
            RoleSetError::NotForKind(role) => Reason::new("role-not-for-kind").term("role", role.term()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_roles_fit_only_their_kind() {
        assert!(Role::Caseworker.allowed_for(OrganisationKind::ReportingCentre));
        assert!(!Role::Caseworker.allowed_for(OrganisationKind::Police));
        assert!(Role::OrgAdmin.allowed_for(OrganisationKind::Municipality));
        assert_eq!(
            RoleSet::for_organisation([Role::Prosecutor], OrganisationKind::Police),
            Err(RoleSetError::NotForKind(Role::Prosecutor))
        );
        assert_eq!(RoleSet::for_organisation([], OrganisationKind::Police), Err(RoleSetError::Empty));
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
