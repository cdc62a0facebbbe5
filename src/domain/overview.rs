//! The monthly casework overview of a region: what its chains shared in a month, counted by
//! ground, domain and municipality, and the counterparties that crossed the pattern threshold
//! that month.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

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

/// One counted row of the month's first shares, as the store aggregates them: `dimension`
/// is "total", "ground", "domain" or "municipality".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    pub dimension: String,
    pub code: String,
    pub cases: usize,
}

/// A chain pseudonym with a share in the month: its shares before the month and by its
/// end, of how many organisations, and whether the reader's organisation owns one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudonymTally {
    pub pseudonym: String,
    pub before_month: usize,
    pub by_end: usize,
    pub organisations: usize,
    pub reader_owns_one: bool,
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub shared: usize,
    pub by_ground: Vec<Count>,
    pub by_domain: Vec<Count>,
    pub by_municipality: Vec<Count>,
    pub new_patterns: Vec<NewPattern>,
}

/// The month's summary from its counted first shares and its pseudonyms' tallies: the
/// counts most first, and the pseudonyms that crossed `threshold` in the month (fewer
/// shares before it, at least `threshold` by its end).
pub fn summarise(counts: &[MonthCount], tallies: &[PseudonymTally], threshold: usize) -> Summary {
    let of = |dimension: &str| {
        let found = counts.iter().filter(|c| c.dimension == dimension);
        sorted(found.map(|c| Count { code: c.code.clone(), cases: c.cases }).collect())
    };
    Summary {
        shared: counts.iter().filter(|c| c.dimension == "total").map(|c| c.cases).sum(),
        by_ground: of("ground"),
        by_domain: of("domain"),
        by_municipality: of("municipality"),
        new_patterns: new_patterns(tallies, threshold),
    }
}

fn new_patterns(tallies: &[PseudonymTally], threshold: usize) -> Vec<NewPattern> {
    let mut found: Vec<NewPattern> = tallies
        .iter()
        .filter(|t| t.before_month < threshold && t.by_end >= threshold)
        .map(|t| NewPattern {
            pseudonym: Some(t.pseudonym.clone()).filter(|_| !t.reader_owns_one),
            reports: t.by_end,
            organisations: t.organisations,
        })
        .collect();
    found.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.pseudonym.cmp(&b.pseudonym)));
    found
}

/// Most cases first, then by code.
fn sorted(mut counts: Vec<Count>) -> Vec<Count> {
    counts.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.code.cmp(&b.code)));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        local_instant(NaiveDate::from_ymd_opt(y, m, d).unwrap(), NaiveTime::from_hms_opt(h, 0, 0).unwrap())
    }

    fn tally(pseudonym: &str, before_month: usize, by_end: usize, reader_owns_one: bool) -> PseudonymTally {
        PseudonymTally { pseudonym: pseudonym.into(), before_month, by_end, organisations: 2, reader_owns_one }
    }

    fn count(dimension: &str, code: &str, cases: usize) -> MonthCount {
        MonthCount { dimension: dimension.into(), code: code.into(), cases }
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
        assert_eq!(october.bounds().0, at(2026, 10, 1, 0));
    }

    #[test]
    fn counts_sort_most_first_and_keep_each_dimension_apart() {
        let counts = [
            count("total", "", 3),
            count("ground", "religion", 1),
            count("ground", "origin", 2),
            count("domain", "housing", 3),
            count("municipality", "", 1),
            count("municipality", "GM0106", 2),
        ];
        let summary = summarise(&counts, &[], 3);
        assert_eq!(summary.shared, 3);
        let codes = |list: &[Count]| list.iter().map(|c| (c.code.clone(), c.cases)).collect::<Vec<_>>();
        assert_eq!(codes(&summary.by_ground), [("origin".into(), 2), ("religion".into(), 1)]);
        assert_eq!(codes(&summary.by_domain), [("housing".into(), 3)]);
        assert_eq!(codes(&summary.by_municipality), [("GM0106".into(), 2), ("".into(), 1)]);
        assert_eq!(summarise(&[], &[], 3), Summary::default(), "a month without shares counts nothing");
    }

    #[test]
    fn a_pattern_is_new_in_the_month_it_crosses_the_threshold_and_hides_its_pseudonym_from_an_owner() {
        let tallies = [
            tally("crossed", 2, 4, false),
            tally("already", 3, 5, false),
            tally("below", 0, 2, false),
            tally("owned", 1, 3, true),
        ];
        let patterns = summarise(&[], &tallies, 3).new_patterns;
        assert_eq!(
            patterns,
            [
                NewPattern { pseudonym: Some("crossed".into()), reports: 4, organisations: 2 },
                NewPattern { pseudonym: None, reports: 3, organisations: 2 },
            ]
        );
    }
}
