//! The one error type of the service layer. Each variant is a decision a client can act on;
//! everything unexpected is `Internal` and is shown to the client only as a request id.

use crate::domain::chain::ChainError;
use crate::domain::organisation::OrganisationError;
use crate::domain::reason::Reason;
use crate::domain::role::RoleSetError;
use crate::domain::user::{InvalidEmail, PasswordError};

#[derive(Debug)]
pub enum ServiceError {
    Unauthenticated,
    /// The same answer for an unknown e-mail address, a wrong password and a disabled account.
    LoginFailed,
    Throttled,
    /// A daily limit of the caller's was reached; the organisation's privacy officers know.
    CounterpartyLimit,
    /// A role check on the caller's own organisation's data. Anything the caller may not see
    /// at all is `NotFound`.
    Forbidden,
    NotFound,
    BadInput {
        field: &'static str,
        reason: Reason,
    },
    Conflict(Reason),
    /// Encrypted data that does not open whole: changed or cut short. Nothing of it is shown.
    Damaged,
    KeyOffline,
    TooLarge(u64),
    Internal(anyhow::Error),
}

/// In Dutch, the default language: what the command line prints. Doors that know their
/// reader say `reason()` in the reader's language instead.
impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.reason(), self) {
            (Some(reason), ServiceError::BadInput { field, .. }) => {
                write!(f, "{field}: {}", crate::messages::say(crate::domain::user::Language::Nl, &reason))
            }
            (Some(reason), _) => f.write_str(&crate::messages::say(crate::domain::user::Language::Nl, &reason)),
            (None, _) => f.write_str("internal error"),
        }
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServiceError::Internal(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}

impl From<anyhow::Error> for ServiceError {
    fn from(error: anyhow::Error) -> Self {
        ServiceError::Internal(error)
    }
}

impl ServiceError {
    pub fn bad_input(field: &'static str, reason: impl Into<Reason>) -> Self {
        ServiceError::BadInput { field, reason: reason.into() }
    }

    pub fn conflict(code: &'static str) -> Self {
        ServiceError::Conflict(Reason::new(code))
    }

    /// Why, for the reader: a code of the message catalogue with its values. An internal
    /// error has none; the doors answer it with the request id alone.
    pub fn reason(&self) -> Option<Reason> {
        let fixed = |code| Some(Reason::new(code));
        match self {
            ServiceError::Unauthenticated => fixed("unauthenticated"),
            ServiceError::LoginFailed => fixed("login-failed"),
            ServiceError::Throttled => fixed("throttled"),
            ServiceError::CounterpartyLimit => fixed("counterparty-limit"),
            ServiceError::Forbidden => fixed("forbidden"),
            ServiceError::NotFound => fixed("not-found"),
            ServiceError::BadInput { reason, .. } | ServiceError::Conflict(reason) => Some(reason.clone()),
            ServiceError::Damaged => fixed("damaged"),
            ServiceError::KeyOffline => fixed("key-offline"),
            ServiceError::TooLarge(max) => Some(Reason::new("too-large").number("max", *max)),
            ServiceError::Internal(_) => None,
        }
    }
}

/// A write that breaks a uniqueness rule is the client's conflict, said by `reason`; any
/// other failure passes on as internal.
pub fn conflict_on_duplicate<T>(result: sqlx::Result<T>, reason: impl FnOnce() -> Reason) -> Result<T, ServiceError> {
    match result {
        Err(e) if crate::store::sql::is_unique_violation(&e) => Err(ServiceError::Conflict(reason())),
        result => Ok(result?),
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(error: sqlx::Error) -> Self {
        ServiceError::Internal(anyhow::Error::new(error).context("database"))
    }
}

impl From<InvalidEmail> for ServiceError {
    fn from(error: InvalidEmail) -> Self {
        ServiceError::bad_input("email", error)
    }
}

impl From<PasswordError> for ServiceError {
    fn from(error: PasswordError) -> Self {
        ServiceError::bad_input("password", error)
    }
}

impl From<RoleSetError> for ServiceError {
    fn from(error: RoleSetError) -> Self {
        ServiceError::bad_input("roles", error)
    }
}

impl From<OrganisationError> for ServiceError {
    fn from(error: OrganisationError) -> Self {
        ServiceError::bad_input("organisation", error)
    }
}

impl From<ChainError> for ServiceError {
    fn from(error: ChainError) -> Self {
        ServiceError::bad_input("chain", error)
    }
}
