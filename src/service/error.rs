//! The one error type of the service layer. Each variant is a decision a client can act on;
//! everything unexpected is `Internal` and is shown to the client only as a request id.

use crate::domain::chain::ChainError;
use crate::domain::organisation::OrganisationError;
use crate::domain::role::RoleSetError;
use crate::domain::user::{InvalidEmail, PasswordError};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Niet ingelogd of sessie verlopen / Not signed in, or the session has expired")]
    Unauthenticated,
    /// The same answer for an unknown e-mail address, a wrong password and a disabled account.
    #[error("E-mailadres of wachtwoord onjuist / Wrong e-mail address or password")]
    LoginFailed,
    #[error("Te veel mislukte pogingen; probeer het later opnieuw / Too many failed attempts; try again later")]
    Throttled,
    /// A daily limit of the caller's was reached; the organisation's privacy officers know.
    #[error("Je hebt vandaag vaak een wederpartij ingevuld; probeer het morgen opnieuw. Je functionaris gegevensbescherming is ingelicht / You set a counterparty many times today; try again tomorrow. Your privacy officer has been told")]
    CounterpartyLimit,
    /// A role check on the caller's own organisation's data. Anything the caller may not see
    /// at all is `NotFound`.
    #[error("Je rol staat dit niet toe / Your role does not allow this")]
    Forbidden,
    #[error("Niet gevonden / Not found")]
    NotFound,
    #[error("{field}: {message}")]
    BadInput { field: &'static str, message: String },
    #[error("{0}")]
    Conflict(String),
    /// Encrypted data that does not open whole: changed or cut short. Nothing of it is shown.
    #[error("Het versleutelde bestand is beschadigd of onvolledig / The encrypted file is damaged or incomplete")]
    Damaged,
    #[error("Deze organisatie bewaart haar sleutel zelf; download de age-bestanden / This organisation keeps its key offline; download the age files")]
    KeyOffline,
    #[error("Te groot: hoogstens {0} bytes / Too large: at most {0} bytes")]
    TooLarge(u64),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ServiceError {
    pub fn bad_input(field: &'static str, error: impl std::fmt::Display) -> Self {
        ServiceError::BadInput { field, message: error.to_string() }
    }
}

/// A write that breaks a uniqueness rule is the client's conflict, said in `message`; any other
/// failure passes on as internal.
pub fn conflict_on_duplicate<T>(result: sqlx::Result<T>, message: impl FnOnce() -> String) -> Result<T, ServiceError> {
    match result {
        Err(e) if crate::store::sql::is_unique_violation(&e) => Err(ServiceError::Conflict(message())),
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
