//! The monthly casework overview of a region: what its chains shared in a month, counted by
//! ground, domain and municipality, and the counterparties that crossed the pattern threshold
//! that month.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

use super::case::Case;
use super::ids::OrganisationId;
use super::meeting::local_instant;

/// A calendar month in Europe/Amsterdam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month { first: date.with_day(1).expect("every month has a first day") }
    }

    /// "2026-10".
    pub fn parse(text: &str) -> Option<Month> {
        NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok().filter(|_| text.len() == 7).map(Month::of)
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn previous(self) -> Month {
        Month::of(self.first.pred_opt().expect("a date before"))
    }

    pub fn next(self) -> Month {
        Month::of(self.first + chrono::Duration::days(32))
    }

    /// Its first instant and the first instant of the next month, in Amsterdam.
    pub fn bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        (local_instant(self.first, NaiveTime::MIN), local_instant(self.next().first, NaiveTime::MIN))
    }

    pub fn year(self) -> i32 {
        self.first.year()
    }

    pub fn month(self) -> u32 {
        self.first.month()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

/// How many cases had a code (a ground, a domain, a municipality; "" when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub code: String,
    pub cases: usize,
}

/// A counterparty whose cases shared in one of the region's chains reached the threshold
/// this month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPattern {
    /// The chain's pseudonym; `None` when the reader's organisation owns one of the cases, as
    /// an owner never reads the pseudonym of its own case.
    pub pseudonym: Option<String>,
    pub reports: usize,
    pub organisations: usize,
}

/// One share of a case: when it began, and the counterparty's pseudonym in its chain.
pub type ChainShare = (DateTime<Utc>, Option<String>);

/// A case shared in the region: when it was first shared there, and its shares.
#[derive(Debug, Clone)]
pub struct RegionCase {
    pub case: Case,
    pub first_shared: DateTime<Utc>,
    pub shares: Vec<ChainShare>,
}

impl RegionCase {
    /// From a case and its shares (at least one).
    pub fn new((case, shares): (Case, Vec<ChainShare>)) -> RegionCase {
        let first_shared = shares.iter().map(|(at, _)| *at).min().unwrap_or(case.created_at);
        RegionCase { case, first_shared, shares }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub shared: usize,
    pub by_ground: Vec<Count>,
    pub by_domain: Vec<Count>,
    pub by_municipality: Vec<Count>,
    pub new_patterns: Vec<NewPattern>,
}

/// Summarises the region's `cases` for `month`, as `reader`'s organisation may read it.
/// `cases` holds at least the cases with a share in the month and the others that share a
/// pseudonym with one of them, each with all its shares that began before the month's end.
pub fn summarise(cases: &[RegionCase], month: Month, threshold: usize, reader: OrganisationId) -> Summary {
    let (start, end) = month.bounds();
    let in_month: Vec<&Case> =
        cases.iter().filter(|c| c.first_shared >= start && c.first_shared < end).map(|c| &c.case).collect();
    let mut grounds = BTreeMap::new();
    let mut domains = BTreeMap::new();
    let mut municipalities = BTreeMap::new();
    for case in &in_month {
        for ground in &case.registration.grounds {
            *grounds.entry(ground.clone()).or_insert(0) += 1;
        }
        *domains.entry(case.registration.domain.clone()).or_insert(0) += 1;
        let place = case.registration.incident_municipality.clone().unwrap_or_default();
        *municipalities.entry(place).or_insert(0) += 1;
    }
    Summary {
        shared: in_month.len(),
        by_ground: counts(grounds),
        by_domain: counts(domains),
        by_municipality: counts(municipalities),
        new_patterns: new_patterns(cases, month, threshold, reader),
    }
}

/// Per chain pseudonym: the cases shared before the month and by its end, and their
/// organisations; those that crossed the threshold in the month.
fn new_patterns(cases: &[RegionCase], month: Month, threshold: usize, reader: OrganisationId) -> Vec<NewPattern> {
    let (start, end) = month.bounds();
    let mut per: HashMap<&str, (usize, usize, HashSet<OrganisationId>)> = HashMap::new();
    for region_case in cases {
        for (at, pseudonym) in &region_case.shares {
            let Some(pseudonym) = pseudonym.as_deref().filter(|_| *at < end) else { continue };
            let entry = per.entry(pseudonym).or_default();
            if *at < start {
                entry.0 += 1;
            }
            entry.1 += 1;
            entry.2.insert(region_case.case.organisation_id);
        }
    }
    let mut found: Vec<NewPattern> = per
        .into_iter()
        .filter(|(_, (before, by_end, _))| *before < threshold && *by_end >= threshold)
        .map(|(p, (_, reports, orgs))| NewPattern {
            pseudonym: Some(p.to_string()).filter(|_| !orgs.contains(&reader)),
            reports,
            organisations: orgs.len(),
        })
        .collect();
    found.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.pseudonym.cmp(&b.pseudonym)));
    found
}

/// Most cases first, then by code.
fn counts(map: BTreeMap<String, usize>) -> Vec<Count> {
    let mut out: Vec<Count> = map.into_iter().map(|(code, cases)| Count { code, cases }).collect();
    out.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.code.cmp(&b.code)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseStatus, Registration};
    use crate::domain::ids::{CaseId, OrganisationId};

    fn case(ground: &str, place: Option<&str>, org: OrganisationId) -> Case {
        let today = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        Case {
            id: CaseId::random(),
            public_id: "K-1".into(),
            organisation_id: org,
            case_number: "X-1".into(),
            registration: Registration {
                grounds: vec![ground.to_string()],
                domain: "housing".into(),
                manifestations: vec![],
                channel: "phone".into(),
                handling: "advice".into(),
                status: CaseStatus::Open,
                residence_municipality: None,
                incident_municipality: place.map(str::to_string),
                incident_date: None,
                incident_until: None,
                reported_on: today,
                police_registration_number: None,
            },
            shared_summary: None,
            counterparty_kind: None,
            counterparty_link: None,
            has_identity: false,
            taxonomy_version: "t".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn shared(case: Case, pseudonym: Option<&str>, at: DateTime<Utc>) -> RegionCase {
        RegionCase::new((case, vec![(at, pseudonym.map(str::to_string))]))
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        local_instant(NaiveDate::from_ymd_opt(y, m, d).unwrap(), NaiveTime::from_hms_opt(h, 0, 0).unwrap())
    }

    #[test]
    fn months_parse_and_bound_in_amsterdam() {
        let october = Month::parse("2026-10").unwrap();
        assert_eq!(october.previous().to_string(), "2026-09");
        assert_eq!(october.next().to_string(), "2026-11");
        assert_eq!(Month::parse("2026-1"), None);
        assert_eq!(Month::parse("2026-13"), None);
        // 1 October 00:00 in Amsterdam is 30 September 22:00 UTC (summer time).
        assert_eq!(october.bounds().0.to_rfc3339(), "2026-09-30T22:00:00+00:00");
        assert_eq!(october.bounds().1.to_rfc3339(), "2026-10-31T23:00:00+00:00", "winter time by November");
    }

    #[test]
    fn counts_the_month_only_and_finds_patterns_that_crossed_the_threshold_in_it() {
        let (a, b, reader) = (OrganisationId::random(), OrganisationId::random(), OrganisationId::random());
        let october = Month::parse("2026-10").unwrap();
        let cases = vec![
            shared(case("origin", Some("GM0106"), a), Some("p1"), at(2026, 9, 20, 12)),
            shared(case("origin", Some("GM0106"), b), Some("p1"), at(2026, 10, 1, 0)),
            shared(case("religion", None, b), Some("p1"), at(2026, 10, 31, 23)),
            shared(case("religion", Some("GM0114"), a), Some("p2"), at(2026, 11, 1, 0)),
        ];
        let summary = summarise(&cases, october, 3, reader);
        assert_eq!(summary.shared, 2, "the first of the month at midnight counts, the first of the next does not");
        assert_eq!(
            summary.by_ground,
            [Count { code: "origin".into(), cases: 1 }, Count { code: "religion".into(), cases: 1 }]
        );
        assert_eq!(summary.by_municipality[0].code, "");
        assert_eq!(summary.new_patterns, [NewPattern { pseudonym: Some("p1".into()), reports: 3, organisations: 2 }]);
        assert!(
            summarise(&cases, october.next(), 3, reader).new_patterns.is_empty(),
            "crossed in October, not new after"
        );
        let owners_view = summarise(&cases, october, 3, a);
        assert_eq!(owners_view.new_patterns[0].pseudonym, None, "an owner of one of the cases reads counts only");
    }

    #[test]
    fn a_case_shared_in_two_chains_counts_once_and_joins_each_chains_pattern_apart() {
        let (a, b, reader) = (OrganisationId::random(), OrganisationId::random(), OrganisationId::random());
        let october = Month::parse("2026-10").unwrap();
        let day = at(2026, 10, 5, 12);
        let in_both =
            RegionCase::new((case("origin", None, a), vec![(day, Some("x1".into())), (day, Some("y1".into()))]));
        let cases = vec![
            in_both,
            shared(case("origin", None, b), Some("x1"), day),
            shared(case("origin", None, b), Some("y1"), day),
        ];
        let summary = summarise(&cases, october, 2, reader);
        assert_eq!(summary.shared, 3);
        let pseudonyms: Vec<_> = summary.new_patterns.iter().map(|p| p.pseudonym.clone().unwrap()).collect();
        assert_eq!(pseudonyms, ["x1", "y1"], "one pattern per chain, never merged across chains");
    }
}
