//! People who sign in, and the rules for their e-mail addresses and passwords.

use async_graphql::Enum;
use chrono::{DateTime, Utc};

use super::ids::{OrganisationId, UserId};
use super::role::RoleSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Language {
    Nl,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Language> {
        match value {
            "nl" => Some(Language::Nl),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub organisation_id: OrganisationId,
    pub email: EmailAddress,
    pub display_name: String,
    pub language: Language,
    pub roles: RoleSet,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// An e-mail address in the one form it is stored and compared in: trimmed and lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid e-mail address")]
pub struct InvalidEmail;

impl EmailAddress {
    pub fn parse(value: &str) -> Result<Self, InvalidEmail> {
        let value = value.trim().to_lowercase();
        let Some((local, domain)) = value.split_once('@') else {
            return Err(InvalidEmail);
        };
        let valid = !local.is_empty()
            && value.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c));
        if valid {
            Ok(Self(value))
        } else {
            Err(InvalidEmail)
        }
    }

    /// For values read back from storage, which were checked when they were written.
    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("shorter than {0} characters")]
    TooShort(usize),
    #[error("longer than 256 characters")]
    TooLong,
    #[error("the e-mail address itself")]
    IsEmail,
}

/// Length is what makes a password strong (NIST SP 800-63B); composition rules are not
/// imposed. The upper bound keeps hashing cost predictable.
pub fn check_password(password: &str, email: &EmailAddress, min_chars: usize) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < min_chars {
        return Err(PasswordError::TooShort(min_chars));
    }
    if chars > 256 {
        return Err(PasswordError::TooLong);
    }
    if password.trim().to_lowercase() == email.as_str() {
        return Err(PasswordError::IsEmail);
    }
    Ok(())
}

impl From<InvalidEmail> for crate::domain::reason::Reason {
    fn from(_: InvalidEmail) -> Self {
        crate::domain::reason::Reason::new("email-invalid")
    }
}

impl From<PasswordError> for crate::domain::reason::Reason {
    fn from(error: PasswordError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            PasswordError::TooShort(min) => Reason::new("password-too-short").number("min", min),
            PasswordError::TooLong => Reason::new("password-too-long").number("max", 256),
            PasswordError::IsEmail => Reason::new("password-is-email"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_normalised() {
        assert_eq!(EmailAddress::parse(" Anna@Meldpunt.NL ").unwrap().as_str(), "anna@meldpunt.nl");
        for bad in ["anna", "@x.nl", "a@nl", "a@x.nl.", "a b@x.nl", "a@b@x.nl", "a<b>@x.nl"] {
            assert_eq!(EmailAddress::parse(bad), Err(InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn passwords_need_length_not_tricks() {
        let email = EmailAddress::parse("anna.devries@mdd.example").unwrap();
        assert_eq!(check_password("kort", &email, 12), Err(PasswordError::TooShort(12)));
        assert_eq!(check_password("anna.devries@mdd.example", &email, 12), Err(PasswordError::IsEmail));
        assert!(check_password("paardenbloem in de wind", &email, 12).is_ok());
        assert_eq!(check_password(&"x".repeat(257), &email, 12), Err(PasswordError::TooLong));
    }
}
