//! Pseudonyms: a keyed hash of a normalised identifier, so partners can see "three reports
//! about the same landlord" without seeing who it is. The normalisation lives here; the keyed
//! hash is `crypto::keyring::Keyring::pseudonym`.

use super::case::CounterpartyKind;
use super::shareable_text::fold;

/// Each kind of identifier is hashed in its own domain, so a person's pseudonym never equals
/// an organisation's for the same letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PseudonymDomain {
    CounterpartyOrganisation,
    CounterpartyPerson,
    Reporter,
}

impl PseudonymDomain {
    pub fn as_str(self) -> &'static str {
        match self {
            PseudonymDomain::CounterpartyOrganisation => "counterparty-organisation",
            PseudonymDomain::CounterpartyPerson => "counterparty-person",
            PseudonymDomain::Reporter => "reporter",
        }
    }

    pub fn for_counterparty(kind: CounterpartyKind) -> PseudonymDomain {
        match kind {
            CounterpartyKind::Person => PseudonymDomain::CounterpartyPerson,
            CounterpartyKind::Organisation => PseudonymDomain::CounterpartyOrganisation,
        }
    }
}

/// Legal forms that do not tell two organisations apart: "Woonstede B.V." and "woonstede" are
/// the same counterparty.
const LEGAL_FORMS: [&str; 12] =
    ["bv", "nv", "vof", "cv", "ua", "stichting", "vereniging", "cooperatie", "ltd", "gmbh", "inc", "bvba"];

/// The one form of an identifier that is hashed: folded to lower case without accents, with
/// punctuation dropped, spacing collapsed and, for organisations, legal forms left out.
/// `None` when nothing identifying is left.
pub fn normalise(domain: PseudonymDomain, value: &str) -> Option<String> {
    let folded = fold(value);
    let cleaned: String = folded
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c
            } else if c == '.' {
                '\0'
            } else {
                ' '
            }
        })
        .collect();
    // Dots join letters ("b.v." is "bv"); other punctuation separates words.
    let cleaned = cleaned.replace('\0', "");
    let words = cleaned.split_whitespace().filter(|word| match domain {
        PseudonymDomain::CounterpartyOrganisation => !LEGAL_FORMS.contains(word),
        _ => true,
    });
    let normalised = words.collect::<Vec<_>>().join(" ");
    (!normalised.is_empty()).then_some(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_counterparty_normalise_alike() {
        let org = PseudonymDomain::CounterpartyOrganisation;
        let same = ["Woonstede B.V.", "woonstede bv", "  WOONSTEDE  ", "Stichting Woonstede", "Woonstéde, B.V."];
        for spelling in same {
            assert_eq!(normalise(org, spelling).as_deref(), Some("woonstede"), "{spelling}");
        }
        assert_eq!(normalise(org, "Café De Gouden Leeuw V.O.F.").as_deref(), Some("cafe de gouden leeuw"));
        assert_eq!(
            normalise(PseudonymDomain::CounterpartyPerson, "  Jan  de   Vries ").as_deref(),
            Some("jan de vries")
        );
        // A person named like a legal form keeps the word.
        assert_eq!(normalise(PseudonymDomain::CounterpartyPerson, "Stichting").as_deref(), Some("stichting"));
        assert_eq!(normalise(org, "B.V."), None);
    }
}
