//! The identity block of a case: who reported, about whom, and their own account. It is
//! serialised and sealed to the owner organisation before it is stored, and never leaves the
//! owner unencrypted.

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
        self.reporter.is_none() && self.counterparty.is_none() && self.account.as_deref().is_none_or(str::is_empty)
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
