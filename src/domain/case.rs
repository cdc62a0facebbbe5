//! A case (melding): the registration fields every partner may learn from, and the rules
//! they follow. The identity block is in `identity`; it never leaves the owner in the clear.

use async_graphql::Enum;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::ids::{CaseId, OrganisationId};
use super::taxonomy::Taxonomy;
use super::text::{self, TextError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    InProgress,
    Closed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::InProgress => "in_progress",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<CaseStatus> {
        [CaseStatus::Open, CaseStatus::InProgress, CaseStatus::Closed].into_iter().find(|s| s.as_str() == value)
    }
}

/// The registration fields, as a caseworker enters them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    pub grounds: Vec<String>,
    pub domain: String,
    pub manifestations: Vec<String>,
    pub channel: String,
    pub handling: String,
    pub status: CaseStatus,
    /// CBS code; `None` when unknown.
    pub residence_municipality: Option<String>,
    pub incident_municipality: Option<String>,
    /// `None` when unknown; the first day when the incident spanned a period.
    pub incident_date: Option<NaiveDate>,
    /// The last day of an incident that spanned a period (repeated harassment by a
    /// neighbour, say); `None` for a single day. Dossiers sealed before it existed lack it.
    #[serde(default)]
    pub incident_until: Option<NaiveDate>,
    pub reported_on: NaiveDate,
    /// The police's own registration number; police cases only.
    pub police_registration_number: Option<String>,
}

/// A stored case, without its identity block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    /// A short code partners can quote to each other; it says nothing about the owner.
    pub public_id: String,
    pub organisation_id: OrganisationId,
    /// The owner's own number, `MDD-2026-0042`; never shown to partners.
    pub case_number: String,
    pub registration: Registration,
    /// Written for sharing and checked by `shareable_text`.
    pub shared_summary: Option<String>,
    pub counterparty_kind: Option<CounterpartyKind>,
    /// The keyed hash that links cases about the same counterparty. Never shown to anyone,
    /// the owner included (a pseudonym read back is an oracle for a dictionary of names):
    /// each chain sees its own pseudonym of it, kept on the share.
    pub counterparty_link: Option<String>,
    /// Whether an identity block is stored (false for anonymous reports and after erasure).
    pub has_identity: bool,
    pub taxonomy_version: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A case as partners in a chain read it. Only what may be shared exists on it: no
/// identity, no owner's number, no dates (the incident's month only), no channel, no police
/// number, nothing written but for sharing. Every door that shows a partner a case shows this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudonymisedCase {
    pub id: CaseId,
    pub public_id: String,
    pub organisation_id: OrganisationId,
    pub grounds: Vec<String>,
    pub domain: String,
    pub manifestations: Vec<String>,
    pub handling: String,
    pub status: CaseStatus,
    pub residence_municipality: Option<String>,
    pub incident_municipality: Option<String>,
    /// `2026-11`.
    pub incident_month: Option<String>,
    pub shared_summary: Option<String>,
}

impl Case {
    pub fn pseudonymised(self) -> PseudonymisedCase {
        let incident_month = self.registration.incident_month();
        let r = self.registration;
        PseudonymisedCase {
            id: self.id,
            public_id: self.public_id,
            organisation_id: self.organisation_id,
            grounds: r.grounds,
            domain: r.domain,
            manifestations: r.manifestations,
            handling: r.handling,
            status: r.status,
            residence_municipality: r.residence_municipality,
            incident_municipality: r.incident_municipality,
            incident_month,
            shared_summary: self.shared_summary,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CounterpartyKind {
    Person,
    Organisation,
}

impl CounterpartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CounterpartyKind::Person => "person",
            CounterpartyKind::Organisation => "organisation",
        }
    }

    pub fn parse(value: &str) -> Option<CounterpartyKind> {
        match value {
            "person" => Some(CounterpartyKind::Person),
            "organisation" => Some(CounterpartyKind::Organisation),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationError {
    #[error("{field}: unknown code")]
    UnknownCode { field: &'static str, code: String },
    #[error("{0}: none given")]
    Empty(&'static str),
    #[error("{0}: a code twice")]
    Duplicate(&'static str),
    #[error("grounds: unknown with others")]
    UnknownWithOthers,
    #[error("incidentDate: after reportedOn")]
    IncidentAfterReport,
    #[error("incidentUntil: after reportedOn")]
    PeriodEndsAfterReport,
    #[error("incidentUntil: before incidentDate")]
    PeriodEndsBeforeStart,
    #[error("incidentDate: missing before incidentUntil")]
    PeriodWithoutStart,
    #[error("reportedOn: in the future")]
    ReportedInFuture,
    #[error("policeRegistrationNumber: not a police case")]
    PoliceNumberNotPolice,
    #[error("policeRegistrationNumber: {0}")]
    PoliceNumber(TextError),
}

impl RegistrationError {
    pub fn field(&self) -> &'static str {
        match self {
            RegistrationError::UnknownCode { field, .. } => field,
            RegistrationError::Empty(field) | RegistrationError::Duplicate(field) => field,
            RegistrationError::UnknownWithOthers => "grounds",
            RegistrationError::IncidentAfterReport => "incidentDate",
            RegistrationError::PeriodEndsAfterReport | RegistrationError::PeriodEndsBeforeStart => "incidentUntil",
            // The day to fill in is the first.
            RegistrationError::PeriodWithoutStart => "incidentDate",
            RegistrationError::ReportedInFuture => "reportedOn",
            RegistrationError::PoliceNumberNotPolice | RegistrationError::PoliceNumber(_) => "policeRegistrationNumber",
        }
    }
}

impl Registration {
    /// Checks every code against the taxonomy and the dates against each other and `today`.
    pub fn check(
        &mut self,
        taxonomy: &Taxonomy,
        today: NaiveDate,
        owner_is_police: bool,
    ) -> Result<(), RegistrationError> {
        codes("grounds", &self.grounds, |c| taxonomy.ground(c).is_some())?;
        if self.grounds.len() > 1 && self.grounds.iter().any(|g| g == "unknown") {
            return Err(RegistrationError::UnknownWithOthers);
        }
        codes("manifestations", &self.manifestations, |c| taxonomy.manifestations.iter().any(|t| t.code == c))?;
        code("domain", &self.domain, |c| taxonomy.domains.iter().any(|t| t.code == c))?;
        code("channel", &self.channel, |c| taxonomy.channels.iter().any(|t| t.code == c))?;
        code("handling", &self.handling, |c| taxonomy.handling.iter().any(|t| t.code == c))?;
        for (field, municipality) in [
            ("residenceMunicipality", &self.residence_municipality),
            ("incidentMunicipality", &self.incident_municipality),
        ] {
            if let Some(value) = municipality {
                code(field, value, |c| taxonomy.municipality(c).is_some())?;
            }
        }
        if self.reported_on > today {
            return Err(RegistrationError::ReportedInFuture);
        }
        if self.incident_date.is_some_and(|date| date > self.reported_on) {
            return Err(RegistrationError::IncidentAfterReport);
        }
        self.check_period()?;
        if let Some(number) = &self.police_registration_number {
            if !owner_is_police {
                return Err(RegistrationError::PoliceNumberNotPolice);
            }
            self.police_registration_number =
                Some(text::single_line(number, 40).map_err(RegistrationError::PoliceNumber)?);
        }
        Ok(())
    }

    fn check_period(&mut self) -> Result<(), RegistrationError> {
        let Some(until) = self.incident_until else { return Ok(()) };
        match self.incident_date {
            None => Err(RegistrationError::PeriodWithoutStart),
            Some(start) if until < start => Err(RegistrationError::PeriodEndsBeforeStart),
            _ if until > self.reported_on => Err(RegistrationError::PeriodEndsAfterReport),
            // A period of one day is a date: stored once, shown once.
            Some(start) if until == start => {
                self.incident_until = None;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The month of the incident, `2026-03`: what partners see instead of the date.
    pub fn incident_month(&self) -> Option<String> {
        self.incident_date.map(|d| format!("{:04}-{:02}", d.year(), d.month()))
    }
}

fn code(field: &'static str, value: &str, known: impl Fn(&str) -> bool) -> Result<(), RegistrationError> {
    if known(value) {
        Ok(())
    } else {
        Err(RegistrationError::UnknownCode { field, code: value.to_string() })
    }
}

fn codes(field: &'static str, values: &[String], known: impl Fn(&str) -> bool) -> Result<(), RegistrationError> {
    if values.is_empty() {
        return Err(RegistrationError::Empty(field));
    }
    let mut seen = std::collections::HashSet::new();
    for value in values {
        code(field, value, &known)?;
        if !seen.insert(value) {
            return Err(RegistrationError::Duplicate(field));
        }
    }
    Ok(())
}

/// The owner's case number: prefix, year, and a number counted per organisation and year.
pub fn case_number(prefix: &str, year: i32, number: i64) -> String {
    format!("{prefix}-{year}-{number:04}")
}

/// A prefix from the capitals of an organisation's name: Meldpunt Discriminatie Drenthe → MDD.
pub fn default_case_prefix(organisation_name: &str) -> String {
    let initials: String = organisation_name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_uppercase)
        .filter(char::is_ascii_alphabetic)
        .take(5)
        .collect();
    if initials.len() >= 2 {
        initials
    } else {
        "ZAAK".to_string()
    }
}

impl From<RegistrationError> for crate::domain::reason::Reason {
    fn from(error: RegistrationError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            // Not the value itself: a code field can hold anything typed, a name included.
            RegistrationError::UnknownCode { .. } => Reason::new("code-unknown"),
            RegistrationError::Empty(_) => Reason::new("codes-empty"),
            RegistrationError::Duplicate(_) => Reason::new("code-twice"),
            RegistrationError::UnknownWithOthers => Reason::new("ground-unknown-with-others"),
            RegistrationError::IncidentAfterReport => Reason::new("incident-after-report"),
            RegistrationError::PeriodEndsAfterReport => Reason::new("incident-after-report"),
            RegistrationError::PeriodEndsBeforeStart => Reason::new("period-ends-before-start"),
            RegistrationError::PeriodWithoutStart => Reason::new("period-without-start"),
            RegistrationError::ReportedInFuture => Reason::new("date-in-future"),
            RegistrationError::PoliceNumberNotPolice => Reason::new("police-number-not-police"),
            RegistrationError::PoliceNumber(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration() -> Registration {
        Registration {
            grounds: vec!["antisemitism".into()],
            domain: "housing".into(),
            manifestations: vec!["remarks".into(), "threat".into()],
            channel: "phone".into(),
            handling: "advice".into(),
            status: CaseStatus::Open,
            residence_municipality: Some("GM0114".into()),
            incident_municipality: None,
            incident_date: NaiveDate::from_ymd_opt(2026, 3, 14),
            incident_until: None,
            reported_on: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            police_registration_number: None,
        }
    }

    #[test]
    fn registrations_are_checked_against_the_taxonomy_and_the_calendar() {
        let taxonomy = Taxonomy::embedded().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let mut ok = registration();
        ok.check(&taxonomy, today, false).unwrap();
        assert_eq!(ok.incident_month().as_deref(), Some("2026-03"));

        let mut bad = registration();
        bad.grounds = vec!["astrology".into()];
        assert_eq!(bad.check(&taxonomy, today, false).unwrap_err().field(), "grounds");
        let mut bad = registration();
        bad.grounds = vec!["unknown".into(), "age".into()];
        assert_eq!(bad.check(&taxonomy, today, false), Err(RegistrationError::UnknownWithOthers));
        let mut bad = registration();
        bad.incident_date = NaiveDate::from_ymd_opt(2026, 4, 1);
        assert_eq!(bad.check(&taxonomy, today, false), Err(RegistrationError::IncidentAfterReport));
        let mut bad = registration();
        bad.incident_until = NaiveDate::from_ymd_opt(2026, 3, 21);
        assert_eq!(bad.check(&taxonomy, today, false), Err(RegistrationError::PeriodEndsAfterReport));
        bad.incident_until = NaiveDate::from_ymd_opt(2026, 3, 13);
        assert_eq!(bad.check(&taxonomy, today, false), Err(RegistrationError::PeriodEndsBeforeStart));
        bad.incident_date = None;
        assert_eq!(bad.check(&taxonomy, today, false), Err(RegistrationError::PeriodWithoutStart));
        let mut period = registration();
        period.incident_until = NaiveDate::from_ymd_opt(2026, 3, 18);
        period.check(&taxonomy, today, false).unwrap();
        assert_eq!(period.incident_until, NaiveDate::from_ymd_opt(2026, 3, 18));
        period.incident_until = period.incident_date;
        period.check(&taxonomy, today, false).unwrap();
        assert_eq!(period.incident_until, None, "a period of one day is a date");
        let mut bad = registration();
        bad.residence_municipality = Some("GM9999".into());
        assert_eq!(bad.check(&taxonomy, today, false).unwrap_err().field(), "residenceMunicipality");
        let mut bad = registration();
        bad.police_registration_number = Some("PL0100-2026012345".into());
        assert_eq!(bad.check(&taxonomy, today, false), Err(RegistrationError::PoliceNumberNotPolice));
        assert!(bad.check(&taxonomy, today, true).is_ok());
    }

    #[test]
    fn case_numbers_and_prefixes() {
        assert_eq!(case_number("MDD", 2026, 42), "MDD-2026-0042");
        assert_eq!(default_case_prefix("Meldpunt Discriminatie Drenthe"), "MDD");
        assert_eq!(default_case_prefix("OM Noord-Nederland"), "ONN");
        assert_eq!(default_case_prefix("tûmba"), "ZAAK");
    }
}
