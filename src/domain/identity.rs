//! The identity block of a case: who reported, about whom, and their own account. It is
//! serialised and sealed to the owner organisation before it is stored, and never leaves the
//! owner unencrypted.

use super::text::{self, TextError};
use serde::{Deserialize, Serialize};

use super::case::CounterpartyKind;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityBlock {
    pub reporter: Option<Reporter>,
    pub counterparty: Option<Counterparty>,
    /// The reporter's own account, in their words.
    pub account: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// ISO date, as given.
    pub date_of_birth: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterparty {
    pub kind: CounterpartyKind,
    pub name: String,
    pub address: Option<String>,
    /// Chamber of Commerce (KvK) numbers, licence plates, and the like.
    pub registration_numbers: Vec<String>,
}

/// Particles that are part of many Dutch names and so say nothing on their own.
const NAME_PARTICLES: [&str; 14] =
    ["de", "den", "der", "van", "het", "ten", "ter", "te", "la", "le", "du", "in", "op", "'t"];

impl IdentityBlock {
    pub fn is_empty(&self) -> bool {
        let no_reporter = self.reporter.as_ref().is_none_or(|r| {
            [&r.name, &r.email, &r.phone, &r.address, &r.date_of_birth]
                .iter()
                .all(|field| field.as_deref().is_none_or(|v| v.trim().is_empty()))
        });
        no_reporter && self.counterparty.is_none() && self.account.as_deref().is_none_or(|a| a.trim().is_empty())
    }

    /// Every string in the block that shareable text must not contain: each field whole, and
    /// each word of a name that is not a common particle. Short fragments are left out; they
    /// would refuse ordinary words.
    pub fn sensitive_strings(&self) -> Vec<String> {
        let mut strings = Vec::new();
        let mut add = |value: &Option<String>, split_words: bool| {
            let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { return };
            strings.push(value.to_string());
            if split_words {
                for word in value.split_whitespace() {
                    let lower = word.to_lowercase();
                    if word.chars().count() >= 3 && !NAME_PARTICLES.contains(&lower.as_str()) {
                        strings.push(word.to_string());
                    }
                }
            }
        };
        if let Some(reporter) = &self.reporter {
            add(&reporter.name, true);
            add(&reporter.email, false);
            add(&reporter.phone, false);
            add(&reporter.address, false);
        }
        if let Some(counterparty) = &self.counterparty {
            add(&Some(counterparty.name.clone()), counterparty.kind == CounterpartyKind::Person);
            add(&counterparty.address, false);
            for number in &counterparty.registration_numbers {
                add(&Some(number.clone()), false);
            }
        }
        strings.retain(|s| s.chars().count() >= 3);
        strings
    }
}

/// The longest account the service keeps; the other fields are single lines of at most 200.
pub const ACCOUNT_MAX_CHARS: usize = 20_000;
const FIELD_MAX_CHARS: usize = 200;

impl IdentityBlock {
    /// The block as it is sealed: every field normalised like any typed text (no control or
    /// invisible format characters), single lines but for the account, within their limits.
    /// An error names the field.
    pub fn normalised(self) -> Result<IdentityBlock, (&'static str, TextError)> {
        let line = |field: &'static str, value: Option<String>| -> Result<Option<String>, (&'static str, TextError)> {
            match value.map(|v| text::normalise(&v, false)).transpose().map_err(|e| (field, e))? {
                Some(v) if v.chars().count() > FIELD_MAX_CHARS => Err((field, TextError::TooLong(FIELD_MAX_CHARS))),
                other => Ok(other.filter(|v| !v.is_empty())),
            }
        };
        let reporter = match self.reporter {
            Some(r) => Some(Reporter {
                name: line("identity.reporter.name", r.name)?,
                email: line("identity.reporter.email", r.email)?,
                phone: line("identity.reporter.phone", r.phone)?,
                address: line("identity.reporter.address", r.address)?,
                date_of_birth: line("identity.reporter.dateOfBirth", r.date_of_birth)?,
            }),
            None => None,
        };
        let counterparty = match self.counterparty {
            Some(c) => Some(Counterparty {
                kind: c.kind,
                name: line("identity.counterparty.name", Some(c.name))?.unwrap_or_default(),
                address: line("identity.counterparty.address", c.address)?,
                registration_numbers: c
                    .registration_numbers
                    .into_iter()
                    .map(|n| line("identity.counterparty.registrationNumbers", Some(n)))
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .flatten()
                    .collect(),
            }),
            None => None,
        };
        let account = match self.account.map(|a| text::normalise(&a, true)).transpose() {
            Ok(Some(a)) if a.chars().count() > ACCOUNT_MAX_CHARS => {
                return Err(("identity.account", TextError::TooLong(ACCOUNT_MAX_CHARS)))
            }
            Ok(account) => account.filter(|a| !a.is_empty()),
            Err(e) => return Err(("identity.account", e)),
        };
        Ok(IdentityBlock { reporter, counterparty, account })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_of_blank_fields_is_no_identity() {
        let blank = Reporter { name: Some("  ".into()), ..Reporter::default() };
        assert!(IdentityBlock { reporter: Some(blank), counterparty: None, account: None }.is_empty());
        let named = Reporter { phone: Some("06-12345678".into()), ..Reporter::default() };
        assert!(!IdentityBlock { reporter: Some(named), counterparty: None, account: None }.is_empty());
        assert!(!IdentityBlock { reporter: None, counterparty: None, account: Some("Verhaal".into()) }.is_empty());
    }
}
