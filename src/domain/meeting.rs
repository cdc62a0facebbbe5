//! Case meetings (casuïstiekoverleg): a series per chain with a cadence, and the meetings it
//! plans. Times are wall-clock times in Europe/Amsterdam, so a 14:00 meeting is at 14:00 in
//! winter and in summer.

use std::str::FromStr;

use async_graphql::Enum;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};

use super::ids::{ChainId, MeetingId, MeetingSeriesId, OrganisationId, UserId};

/// Five a year, on the second Tuesday of February, April, June, September and November.
pub const FIVE_A_YEAR: &str = "0 14 * 2,4,6,9,11 TUE#2";

/// When a series meets. Only the dates come from the cadence; the time of day is the
/// series' own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cadence {
    /// A cron rule (minute hour day-of-month month day-of-week), read in Europe/Amsterdam.
    Rule { cron: String },
    /// Explicit dates.
    Dates { dates: Vec<NaiveDate> },
    /// Every `weeks` weeks on `weekday`, from the first such day on or after `from`.
    EveryWeeks { weeks: u32, weekday: Weekday, from: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CadenceError {
    #[error("not a valid cron rule")]
    Rule,
    #[error("no dates")]
    NoDates,
    #[error("weeks out of 1 to 52")]
    Weeks,
    #[error("more than one meeting a week")]
    TooOften,
    #[error("a cron rule has five fields")]
    RuleFields,
    #[error("more than {MAX_DATES} dates")]
    TooManyDates,
}

/// At most one meeting a week: closer dates are refused, so no cadence plans and mails
/// hundreds of meetings.
const MIN_DAYS_BETWEEN: i64 = 7;
/// Explicit dates in one series.
pub const MAX_DATES: usize = 120;
/// Steps through a cron rule's instants in one call; a rule firing every minute of a
/// meeting day takes 1,440 of them, so a real cadence stays far below.
const MAX_RULE_STEPS: usize = 50_000;
/// How far ahead `check` tries a rule.
const RULE_CHECK_DAYS: i64 = 731;

impl Default for Cadence {
    fn default() -> Self {
        Cadence::Rule { cron: FIVE_A_YEAR.to_string() }
    }
}

impl Cadence {
    /// Whether the cadence is one the service plans: a five-field rule, explicit dates or
    /// every 1 to 52 weeks, never more than one meeting a week. `today` anchors the trial of
    /// a rule.
    pub fn check(&self, today: NaiveDate) -> Result<(), CadenceError> {
        match self {
            Cadence::Rule { cron } => {
                croner::Cron::from_str(cron).map_err(|_| CadenceError::Rule)?;
                let fields = cron.split_whitespace().count();
                if fields != 5 && !cron.trim_start().starts_with('@') {
                    return Err(CadenceError::RuleFields);
                }
                let end = today.checked_add_signed(Duration::days(RULE_CHECK_DAYS)).ok_or(CadenceError::Rule)?;
                self.dates_between(today, end).map(|_| ())
            }
            Cadence::Dates { dates } if dates.is_empty() => Err(CadenceError::NoDates),
            Cadence::Dates { dates } if dates.len() > MAX_DATES => Err(CadenceError::TooManyDates),
            Cadence::Dates { dates } => at_most_weekly(&sorted(dates.clone())),
            Cadence::EveryWeeks { weeks, .. } if !(1..=52).contains(weeks) => Err(CadenceError::Weeks),
            Cadence::EveryWeeks { .. } => Ok(()),
        }
    }

    /// The meeting dates from `from` up to and including `to`. Bounded work whatever the
    /// cadence: a rule firing more than weekly is refused at its second date, every step is
    /// counted, and date arithmetic that would leave the calendar ends the list.
    pub fn dates_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>, CadenceError> {
        let dates = match self {
            Cadence::Rule { cron } => rule_dates(cron, from, to)?,
            Cadence::Dates { dates } => sorted(dates.iter().copied().filter(|d| (from..=to).contains(d)).collect()),
            Cadence::EveryWeeks { weeks, weekday, from: anchor } => every_weeks(*weeks, *weekday, *anchor, from, to),
        };
        at_most_weekly(&dates)?;
        Ok(dates)
    }
}

fn sorted(mut dates: Vec<NaiveDate>) -> Vec<NaiveDate> {
    dates.sort();
    dates.dedup();
    dates
}

fn at_most_weekly(dates: &[NaiveDate]) -> Result<(), CadenceError> {
    match dates.windows(2).any(|pair| (pair[1] - pair[0]).num_days() < MIN_DAYS_BETWEEN) {
        true => Err(CadenceError::TooOften),
        false => Ok(()),
    }
}

fn rule_dates(cron: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>, CadenceError> {
    let cron = croner::Cron::from_str(cron).map_err(|_| CadenceError::Rule)?;
    let start = local_instant(from, NaiveTime::MIN);
    let mut dates: Vec<NaiveDate> = Vec::new();
    let instants = cron.iter_from(start.with_timezone(&Amsterdam), croner::Direction::Forward);
    for (step, at) in instants.enumerate() {
        let date = at.date_naive();
        if date > to {
            return Ok(dates);
        }
        if step >= MAX_RULE_STEPS {
            return Err(CadenceError::TooOften);
        }
        match dates.last() {
            Some(last) if *last == date => {}
            Some(last) if (date - *last).num_days() < MIN_DAYS_BETWEEN => return Err(CadenceError::TooOften),
            _ => dates.push(date),
        }
    }
    Ok(dates)
}

/// Every `weeks` weeks on `weekday` from the first such day on or after `anchor`, skipping
/// straight to `from` (an anchor centuries back costs nothing).
fn every_weeks(weeks: u32, weekday: Weekday, anchor: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let period = 7 * i64::from(weeks.max(1));
    let offset = (7 + weekday.num_days_from_monday() as i64 - anchor.weekday().num_days_from_monday() as i64) % 7;
    let Some(first) = anchor.checked_add_signed(Duration::days(offset)) else { return Vec::new() };
    let behind = (from - first).num_days().max(0);
    let periods = (behind + period - 1) / period;
    let mut next = first.checked_add_signed(Duration::days(periods.saturating_mul(period)));
    let mut dates = Vec::new();
    while let Some(date) = next.filter(|d| *d <= to) {
        dates.push(date);
        next = date.checked_add_signed(Duration::days(period));
    }
    dates
}

/// The instant of a wall-clock time in Amsterdam. In the autumn hour that happens twice the
/// first is meant; a time in the spring hour that does not exist moves an hour later.
pub fn local_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match Amsterdam.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => local_instant_later(local + Duration::hours(1)),
    }
}

fn local_instant_later(local: chrono::NaiveDateTime) -> DateTime<Utc> {
    Amsterdam
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum MeetingStatus {
    Planned,
    Cancelled,
}

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<MeetingStatus> {
        match value {
            "planned" => Some(MeetingStatus::Planned),
            "cancelled" => Some(MeetingStatus::Cancelled),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSeries {
    pub id: MeetingSeriesId,
    pub chain_id: ChainId,
    pub title: String,
    pub cadence: Cadence,
    pub start_time: NaiveTime,
    pub duration_minutes: i64,
    /// An address or an online link.
    pub location: String,
    pub chair_organisation_id: OrganisationId,
    /// How far ahead meetings are planned.
    pub horizon_days: i64,
    /// A person of the chair's organisation whom invitations name as organizer (replies reach
    /// them); `None` for a series set up before there was one.
    pub organizer_id: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: MeetingId,
    pub series_id: MeetingSeriesId,
    /// The date the cadence gave it; kept when the meeting moves.
    pub slot_date: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub status: MeetingStatus,
    /// Raised on every change; calendars take the highest.
    pub sequence: i64,
    /// When the agenda was frozen; it no longer changes after.
    pub agenda_frozen_at: Option<DateTime<Utc>>,
}

impl Meeting {
    /// A meeting of `series` on a date of its cadence, at the series' time and place.
    pub fn planned(series: &MeetingSeries, date: NaiveDate) -> Meeting {
        let starts_at = local_instant(date, series.start_time);
        Meeting {
            id: MeetingId::random(),
            series_id: series.id,
            slot_date: date,
            starts_at,
            ends_at: starts_at + Duration::minutes(series.duration_minutes),
            location: series.location.clone(),
            status: MeetingStatus::Planned,
            sequence: 0,
            agenda_frozen_at: None,
        }
    }

    /// Whether it was moved away from what its series plans: another day, time or place.
    pub fn moved_from(&self, series: &MeetingSeries) -> bool {
        self.starts_at != local_instant(self.slot_date, series.start_time) || self.location != series.location
    }
}

impl From<CadenceError> for crate::domain::reason::Reason {
    fn from(error: CadenceError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            CadenceError::Rule => Reason::new("cadence-rule-invalid"),
            CadenceError::NoDates => Reason::new("cadence-no-dates"),
            CadenceError::Weeks => Reason::new("cadence-weeks").number("min", 1).number("max", 52),
            CadenceError::TooOften => Reason::new("cadence-too-often"),
            CadenceError::RuleFields => Reason::new("cadence-rule-fields"),
            CadenceError::TooManyDates => Reason::new("cadence-too-many-dates").number("max", MAX_DATES),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn five_a_year_gives_ten_meetings_in_two_years_at_the_same_wall_clock_time() {
        let dates = Cadence::default().dates_between(date(2027, 1, 1), date(2028, 12, 31)).unwrap();
        assert_eq!(dates.len(), 10);
        assert_eq!(dates[0], date(2027, 2, 9), "second Tuesday of February 2027");
        assert!(dates.iter().all(|d| d.weekday() == Weekday::Tue && (8..=14).contains(&d.day())));
        let two = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        // 14:00 in Amsterdam is 13:00 UTC in winter and 12:00 UTC in summer.
        assert_eq!(local_instant(dates[0], two).format("%H:%M").to_string(), "13:00");
        assert_eq!(local_instant(dates[2], two).format("%H:%M").to_string(), "12:00", "June, summer time");
        assert_eq!(local_instant(dates[4], two).format("%H:%M").to_string(), "13:00", "November, winter time");
    }

    #[test]
    fn other_cadences_and_the_daylight_saving_edges() {
        let every = Cadence::EveryWeeks { weeks: 10, weekday: Weekday::Thu, from: date(2027, 1, 1) };
        let dates = every.dates_between(date(2027, 1, 1), date(2027, 12, 31)).unwrap();
        assert_eq!(dates[0], date(2027, 1, 7));
        assert_eq!(dates[1], date(2027, 3, 18));
        let explicit = Cadence::Dates { dates: vec![date(2027, 3, 1), date(2026, 1, 1)] };
        assert_eq!(explicit.dates_between(date(2027, 1, 1), date(2027, 12, 31)).unwrap(), vec![date(2027, 3, 1)]);
        assert_eq!(Cadence::Rule { cron: "not a rule".into() }.check(date(2027, 1, 1)), Err(CadenceError::Rule));
        // 02:30 on 28 March 2027 does not exist in Amsterdam: 03:30 summer time.
        let gap = local_instant(date(2027, 3, 28), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(gap.format("%H:%M").to_string(), "01:30");
        // 02:30 on 31 October 2027 happens twice: the first, summer time.
        let twice = local_instant(date(2027, 10, 31), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(twice.format("%H:%M").to_string(), "00:30");
    }

    #[test]
    fn a_meeting_moved_to_another_day_time_or_place_is_moved() {
        let series = MeetingSeries {
            id: MeetingSeriesId::random(),
            chain_id: ChainId::random(),
            title: "Casuïstiekoverleg".into(),
            cadence: Cadence::default(),
            start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            duration_minutes: 90,
            location: "Politiebureau Assen".into(),
            chair_organisation_id: OrganisationId::random(),
            horizon_days: 365,
            organizer_id: None,
        };
        let planned = Meeting::planned(&series, date(2027, 2, 9));
        assert!(!planned.moved_from(&series));
        let later = Meeting { starts_at: planned.starts_at + Duration::hours(1), ..planned.clone() };
        assert!(later.moved_from(&series), "another time");
        let elsewhere = Meeting { location: "Gemeentehuis Emmen".into(), ..planned.clone() };
        assert!(elsewhere.moved_from(&series), "another place");
        let next_day = Meeting { starts_at: planned.starts_at + Duration::days(1), ..planned };
        assert!(next_day.moved_from(&series), "another day");
    }
}

#[cfg(test)]
mod hostile_cadences {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn cadences_that_would_flood_calendars_are_refused() {
        let today = date(2027, 1, 1);
        let rule = |cron: &str| Cadence::Rule { cron: cron.into() }.check(today);
        assert_eq!(rule("* * * * * *"), Err(CadenceError::RuleFields));
        assert_eq!(rule("0 14 * * *"), Err(CadenceError::TooOften));
        assert_eq!(rule("* * * * *"), Err(CadenceError::TooOften));
        assert_eq!(rule("0 14 * * 2"), Ok(()));
        assert_eq!(rule(FIVE_A_YEAR), Ok(()));
        let close = Cadence::Dates { dates: vec![date(2027, 3, 1), date(2027, 3, 4)] };
        assert_eq!(close.check(today), Err(CadenceError::TooOften));
        let many = Cadence::Dates { dates: (0..200).map(|w| today + Duration::weeks(w)).collect() };
        assert_eq!(many.check(today), Err(CadenceError::TooManyDates));
    }

    #[test]
    fn the_ends_of_the_calendar_are_no_panic() {
        let every = |from: NaiveDate| Cadence::EveryWeeks { weeks: 1, weekday: Weekday::Tue, from };
        assert_eq!(
            every(NaiveDate::MAX).dates_between(NaiveDate::MAX - Duration::days(30), NaiveDate::MAX),
            Ok(vec![])
        );
        let near_end = NaiveDate::MAX - Duration::days(20);
        assert!(every(near_end).dates_between(near_end, NaiveDate::MAX).unwrap().len() <= 3);
        // An anchor far in the past is skipped over, not walked through.
        let dates = every(NaiveDate::MIN).dates_between(date(2027, 1, 1), date(2027, 1, 31)).unwrap();
        assert_eq!(dates.len(), 4);
        assert!(dates.iter().all(|d| d.weekday() == Weekday::Tue));
        let rule = Cadence::Rule { cron: "0 14 * * 2".into() };
        assert!(rule.dates_between(NaiveDate::MAX - Duration::days(30), NaiveDate::MAX).is_ok());
    }
}
