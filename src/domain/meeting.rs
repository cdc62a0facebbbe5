//! Case meetings (casuïstiekoverleg): a series per chain with a cadence, and the meetings it
//! plans. Times are wall-clock times in Europe/Amsterdam, so a 14:00 meeting is at 14:00 in
//! winter and in summer.

use std::str::FromStr;

use async_graphql::Enum;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};

use super::ids::{ChainId, MeetingId, MeetingSeriesId, OrganisationId};

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
    #[error("cadence: geen geldige cron-regel / not a valid cron rule")]
    Rule,
    #[error("cadence: geef minstens één datum / give at least one date")]
    NoDates,
    #[error("cadence: 1 tot 52 weken / 1 to 52 weeks")]
    Weeks,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence::Rule { cron: FIVE_A_YEAR.to_string() }
    }
}

impl Cadence {
    pub fn check(&self) -> Result<(), CadenceError> {
        match self {
            Cadence::Rule { cron } => croner::Cron::from_str(cron).map(|_| ()).map_err(|_| CadenceError::Rule),
            Cadence::Dates { dates } if dates.is_empty() => Err(CadenceError::NoDates),
            Cadence::Dates { .. } => Ok(()),
            Cadence::EveryWeeks { weeks, .. } if !(1..=52).contains(weeks) => Err(CadenceError::Weeks),
            Cadence::EveryWeeks { .. } => Ok(()),
        }
    }

    /// The meeting dates from `from` up to and including `to`.
    pub fn dates_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>, CadenceError> {
        let mut dates = match self {
            Cadence::Rule { cron } => {
                let cron = croner::Cron::from_str(cron).map_err(|_| CadenceError::Rule)?;
                let start = local_instant(from, NaiveTime::MIN);
                let mut dates: Vec<NaiveDate> = Vec::new();
                for at in cron.iter_from(start.with_timezone(&Amsterdam), croner::Direction::Forward) {
                    let date = at.date_naive();
                    if date > to {
                        break;
                    }
                    if dates.last() != Some(&date) {
                        dates.push(date);
                    }
                }
                dates
            }
            Cadence::Dates { dates } => dates.iter().copied().filter(|d| (from..=to).contains(d)).collect(),
            Cadence::EveryWeeks { weeks, weekday, from: anchor } => {
                let offset =
                    (7 + weekday.num_days_from_monday() as i64 - anchor.weekday().num_days_from_monday() as i64) % 7;
                let mut date = *anchor + Duration::days(offset);
                let mut dates = Vec::new();
                while date <= to {
                    if date >= from {
                        dates.push(date);
                    }
                    date += Duration::weeks(*weeks as i64);
                }
                dates
            }
        };
        dates.sort();
        dates.dedup();
        Ok(dates)
    }
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
        assert_eq!(Cadence::Rule { cron: "not a rule".into() }.check(), Err(CadenceError::Rule));
        // 02:30 on 28 March 2027 does not exist in Amsterdam: 03:30 summer time.
        let gap = local_instant(date(2027, 3, 28), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(gap.format("%H:%M").to_string(), "01:30");
        // 02:30 on 31 October 2027 happens twice: the first, summer time.
        let twice = local_instant(date(2027, 10, 31), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(twice.format("%H:%M").to_string(), "00:30");
    }
}
