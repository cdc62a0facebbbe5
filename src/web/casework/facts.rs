//! A case's registration and identity block as label and value pairs, in the reader's
//! language: the whole for the owner (and the receiver of a referral), the pseudonymised
//! part for partners.

use serde::Serialize;

use crate::domain::case::{Case, PseudonymisedCase, Registration};
use crate::domain::identity::IdentityBlock;
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::web::labels;

#[derive(Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

#[derive(Serialize)]
pub struct IdentityView {
    empty: bool,
    lines: Vec<Fact>,
}

/// What a partner may read of a shared case: what the pseudonymised case holds, the
/// incident by its month.
pub fn shared_facts(case: &PseudonymisedCase, taxonomy: &Taxonomy, language: Language) -> Vec<Fact> {
    let month = case.incident_month.as_deref().and_then(crate::domain::overview::Month::parse);
    let mut facts = common_facts(
        Common {
            grounds: &case.grounds,
            domain: &case.domain,
            manifestations: &case.manifestations,
            handling: &case.handling,
            residence: &case.residence_municipality,
            incident: &case.incident_municipality,
            status: case.status,
        },
        taxonomy,
        language,
    );
    facts.push(Fact {
        label: "field-month",
        value: month.map_or_else(|| labels::unknown(language), |m| labels::month(m, language)),
    });
    facts
}

/// The whole registration, for the owner.
pub fn own_facts(case: &Case, taxonomy: &Taxonomy, language: Language) -> Vec<Fact> {
    registration_facts(&case.registration, taxonomy, language)
}

/// The whole of a registration, for the owner or the receiver of a referral.
pub fn registration_facts(r: &Registration, taxonomy: &Taxonomy, language: Language) -> Vec<Fact> {
    let common = Common {
        grounds: &r.grounds,
        domain: &r.domain,
        manifestations: &r.manifestations,
        handling: &r.handling,
        residence: &r.residence_municipality,
        incident: &r.incident_municipality,
        status: r.status,
    };
    let mut facts = common_facts(common, taxonomy, language);
    facts.push(Fact { label: "field-channel", value: labels::term_of(&taxonomy.channels, &r.channel, language) });
    facts.push(Fact { label: "fact-incident-when", value: incident_when(r, language) });
    facts.push(Fact { label: "field-reported-on", value: labels::date(r.reported_on, language) });
    facts
}

/// "zaterdag 14 maart 2026", or "van … tot en met …" for a period.
fn incident_when(r: &Registration, language: Language) -> String {
    use crate::domain::reason::Arg;
    use crate::messages::say_code;
    match (r.incident_date, r.incident_until) {
        (None, _) => labels::unknown(language),
        (Some(day), None) => labels::date(day, language),
        (Some(first), Some(last)) => say_code(
            language,
            "fact-incident-period",
            &[("first", Arg::Text(labels::date(first, language))), ("last", Arg::Text(labels::date(last, language)))],
        ),
    }
}

/// What the owner's and the partners' views have in common.
struct Common<'a> {
    grounds: &'a [String],
    domain: &'a str,
    manifestations: &'a [String],
    handling: &'a str,
    residence: &'a Option<String>,
    incident: &'a Option<String>,
    status: crate::domain::case::CaseStatus,
}

fn common_facts(r: Common<'_>, taxonomy: &Taxonomy, language: Language) -> Vec<Fact> {
    let all = |codes: &[String], label: &dyn Fn(&str) -> String| {
        codes.iter().map(|c| label(c)).collect::<Vec<_>>().join(", ")
    };
    let place = |code: &Option<String>| {
        code.as_deref().map_or_else(|| labels::unknown(language), |c| labels::municipality(taxonomy, c))
    };
    let term = |codes: &[crate::domain::taxonomy::Term], code: &str| labels::term_of(codes, code, language);
    vec![
        Fact { label: "field-ground", value: all(r.grounds, &|c| labels::ground(taxonomy, c, language)) },
        Fact { label: "field-domain", value: labels::domain(taxonomy, r.domain, language) },
        Fact { label: "field-manifestations", value: all(r.manifestations, &|c| term(&taxonomy.manifestations, c)) },
        Fact { label: "field-handling", value: term(&taxonomy.handling, r.handling) },
        Fact { label: "field-residence-municipality", value: place(r.residence) },
        Fact { label: "field-incident-municipality", value: place(r.incident) },
        Fact { label: "field-status", value: crate::messages::text(language, labels::case_status(r.status)) },
    ]
}

pub fn identity_view(block: &IdentityBlock) -> IdentityView {
    let mut lines = Vec::new();
    let mut add = |label: &'static str, value: &Option<String>| {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            lines.push(Fact { label, value: value.clone() });
        }
    };
    if let Some(reporter) = &block.reporter {
        add("field-reporter-name", &reporter.name);
        add("field-reporter-email", &reporter.email);
        add("field-reporter-phone", &reporter.phone);
        add("field-reporter-address", &reporter.address);
    }
    if let Some(counterparty) = &block.counterparty {
        add("field-counterparty-name", &Some(counterparty.name.clone()));
        add("field-counterparty-address", &counterparty.address);
        add("field-counterparty-numbers", &Some(counterparty.registration_numbers.join(", ")));
    }
    add("field-account", &block.account);
    IdentityView { empty: lines.is_empty(), lines }
}
