//! The second factor of sign-in: when it is asked, and what a half-finished sign-in allows.

use super::role::{Role, RoleSet};

/// What a good password leads to when the account needs a second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengePurpose {
    /// The user has a second factor: the code is asked.
    Code,
    /// The user must have one and has none yet: enrolling is all this allows.
    Enrol,
}

impl ChallengePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengePurpose::Code => "code",
            ChallengePurpose::Enrol => "enrol",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "code" => Some(ChallengePurpose::Code),
            "enrol" => Some(ChallengePurpose::Enrol),
            _ => None,
        }
    }
}

/// Whether a user holding `roles` must sign in with a second factor under the deployment's
/// `auth.require_totp_for_roles`.
pub fn required_for(roles: &RoleSet, required_roles: &[Role]) -> bool {
    roles.contains_any(required_roles)
}

/// What sign-in asks after a good password.
pub fn after_password(has_totp: bool, required: bool) -> Option<ChallengePurpose> {
    match (has_totp, required) {
        (true, _) => Some(ChallengePurpose::Code),
        (false, true) => Some(ChallengePurpose::Enrol),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_factor_is_asked_of_whoever_has_one_and_enrolment_of_whoever_must() {
        let roles = RoleSet::from_stored([Role::Caseworker]);
        assert!(required_for(&roles, &[Role::Caseworker, Role::OrgAdmin]));
        assert!(!required_for(&roles, &[Role::OrgAdmin]));
        assert_eq!(after_password(true, false), Some(ChallengePurpose::Code));
        assert_eq!(after_password(true, true), Some(ChallengePurpose::Code));
        assert_eq!(after_password(false, true), Some(ChallengePurpose::Enrol));
        assert_eq!(after_password(false, false), None);
    }
}
