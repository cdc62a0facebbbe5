//! What pages call things, in the page's language: taxonomy codes by their labels, and dates
//! and months written out ("maandag 2 november 2026", "november 2026"). One place, so no two
//! pages label one code two ways.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::domain::action::ActionStatus;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::DUTCH_MONTHS;
use crate::domain::case::CaseStatus;
use crate::domain::consent::{ConsentMethod, ConsentScope};
use crate::domain::minutes::Presence;
use crate::domain::overview::Month;
use crate::domain::referral::ReferralStatus;
use crate::domain::taxonomy::{Taxonomy, Term};
use crate::domain::user::Language;
use crate::messages;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A taxonomy term's label in `language`.
pub fn term(term: &Term, language: Language) -> String {
    match language {
        Language::Nl => term.nl.clone(),
        Language::En => term.en.clone(),
    }
}

/// A ground by its label; an unknown code as itself (a taxonomy version the page predates).
pub fn ground(taxonomy: &Taxonomy, code: &str, language: Language) -> String {
    taxonomy.ground(code).map(|g| term(&g.term, language)).unwrap_or_else(|| code.to_owned())
}

/// A code among `terms` by its label; an unknown code as itself.
pub fn term_of(terms: &[Term], code: &str, language: Language) -> String {
    terms.iter().find(|t| t.code == code).map(|t| term(t, language)).unwrap_or_else(|| code.to_owned())
}

pub fn domain(taxonomy: &Taxonomy, code: &str, language: Language) -> String {
    taxonomy.domains.iter().find(|d| d.code == code).map(|d| term(d, language)).unwrap_or_else(|| code.to_owned())
}

/// A municipality by its name, the same in both languages.
pub fn municipality(taxonomy: &Taxonomy, code: &str) -> String {
    taxonomy.municipality(code).map(|m| m.name.clone()).unwrap_or_else(|| code.to_owned())
}

/// What a page shows where a value is not known.
pub fn unknown(language: Language) -> String {
    messages::text(language, "label-unknown")
}

/// "november 2026" / "November 2026".
pub fn month(month: Month, language: Language) -> String {
    let first = month.first_day();
    let names = if language == Language::Nl { &DUTCH_MONTHS } else { &MONTHS_EN };
    format!("{} {}", names[first.month0() as usize], first.year())
}

/// "maandag 2 november 2026" / "Monday 2 November 2026".
pub fn date(date: NaiveDate, language: Language) -> String {
    match language {
        Language::Nl => crate::domain::calendar::dutch_date(date),
        Language::En => date.format("%A %-d %B %Y").to_string(),
    }
}

/// "donderdag 12 november 2026 14:00", the moment in Amsterdam.
pub fn moment(at: DateTime<Utc>, language: Language) -> String {
    let local = at.with_timezone(&Amsterdam);
    format!("{} {}", date(local.date_naive(), language), local.format("%H:%M"))
}

/// "14:00–16:00" in Amsterdam.
pub fn time_span(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    format!("{}–{}", from.with_timezone(&Amsterdam).format("%H:%M"), to.with_timezone(&Amsterdam).format("%H:%M"))
}

/// How long something has waited: "3 uur", "2 dagen" / "3 hours", "2 days".
pub fn age(since: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let waited = now - since;
    let (id, count) = match waited.num_hours() {
        hours if hours < 48 => ("label-age-hours", hours.max(0)),
        _ => ("label-age-days", waited.num_days()),
    };
    messages::say_code(language, id, &[("count", crate::domain::reason::Arg::Number(count))])
}

// The catalogue ids of the states a page shows; the template says them with `{{t …}}`.

pub fn case_status(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Open => "case-status-open",
        CaseStatus::InProgress => "case-status-in-progress",
        CaseStatus::Closed => "case-status-closed",
    }
}

pub fn action_status(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "action-status-open",
        ActionStatus::InProgress => "action-status-in-progress",
        ActionStatus::Done => "action-status-done",
        ActionStatus::NotPossible => "action-status-not-possible",
        ActionStatus::Lapsed => "action-status-lapsed",
    }
}

pub fn presence(presence: Presence) -> &'static str {
    match presence {
        Presence::Present => "presence-present",
        Presence::Apologies => "presence-apologies",
        Presence::Absent => "presence-absent",
    }
}

pub fn consent_method(method: ConsentMethod) -> &'static str {
    match method {
        ConsentMethod::Verbal => "consent-method-verbal",
        ConsentMethod::Written => "consent-method-written",
        ConsentMethod::WebForm => "consent-method-web-form",
        ConsentMethod::Email => "consent-method-email",
    }
}

pub fn agenda_item_kind(kind: AgendaItemKind) -> &'static str {
    match kind {
        AgendaItemKind::Action => "agenda-kind-action",
        AgendaItemKind::SharedCase => "agenda-kind-shared-case",
        AgendaItemKind::FlaggedCase => "agenda-kind-flagged-case",
        AgendaItemKind::Pattern => "agenda-kind-pattern",
        AgendaItemKind::Topic => "agenda-kind-topic",
    }
}

pub fn referral_state(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Draft => "referral-state-draft",
        ReferralStatus::Sent => "referral-state-sent",
        ReferralStatus::Opened => "referral-state-opened",
        ReferralStatus::Accepted => "referral-state-accepted",
        ReferralStatus::Declined => "referral-state-declined",
        ReferralStatus::Withdrawn => "referral-state-withdrawn",
    }
}

pub fn consent_scope(scope: ConsentScope) -> &'static str {
    match scope {
        ConsentScope::Register => "consent-scope-register",
        ConsentScope::SharePseudonymised => "consent-scope-share",
        ConsentScope::ContactCounterparty => "consent-scope-contact",
        ConsentScope::Refer => "consent-scope-refer",
        ConsentScope::Police => "consent-scope-police",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_dates_are_written_out_in_the_pages_language() {
        let month = Month::parse("2026-11").unwrap();
        assert_eq!(self::month(month, Language::Nl), "november 2026");
        assert_eq!(self::month(month, Language::En), "November 2026");
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(date(day, Language::Nl), "maandag 2 november 2026");
        assert_eq!(date(day, Language::En), "Monday 2 November 2026");
        let winter = "2026-11-12T13:00:00Z".parse().unwrap();
        assert_eq!(moment(winter, Language::Nl), "donderdag 12 november 2026 14:00");
        let summer = "2026-06-11T13:00:00Z".parse().unwrap();
        assert_eq!(moment(summer, Language::En), "Thursday 11 June 2026 15:00");
    }

    #[test]
    fn codes_are_labelled_from_the_taxonomy() {
        let taxonomy = Taxonomy::embedded().unwrap();
        assert_eq!(ground(&taxonomy, "antisemitism", Language::Nl), "Antisemitisme");
        assert_ne!(ground(&taxonomy, "antisemitism", Language::En), "Antisemitisme");
        assert_eq!(ground(&taxonomy, "no_such_ground", Language::Nl), "no_such_ground");
        assert_eq!(municipality(&taxonomy, "GM0106"), "Assen");
        assert_eq!(unknown(Language::En), "unknown");
    }
}
