//! Working days in the Netherlands: Monday to Friday, counted on the calendar of
//! Europe/Amsterdam, so that a referral sent late on a Friday evening is not a day older on
//! Saturday morning in UTC. (Public holidays are not counted out yet.)

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;

/// The date in Amsterdam at an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Amsterdam).date_naive()
}

pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Working days that have fully passed since `from`, up to `to`: the days after `from`'s
/// date, up to and including the day before `to`'s date.
pub fn working_days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    let (start, end) = (local_date(from), local_date(to));
    let mut day = start.succ_opt().unwrap_or(start);
    let mut count = 0;
    while day < end {
        if is_working_day(day) {
            count += 1;
        }
        day = day.succ_opt().unwrap_or(end);
    }
    count
}

/// The months' names in Dutch, January first.
pub const DUTCH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "dinsdag 9 februari 2027".
pub fn dutch_date(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
    let day = DAYS[date.weekday().num_days_from_monday() as usize];
    format!("{day} {} {} {}", date.day(), DUTCH_MONTHS[date.month0() as usize], date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Amsterdam.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap().with_timezone(&Utc)
    }

    #[test]
    fn weekends_do_not_count() {
        // Sent on Thursday 19 November 2026; Friday and Monday have passed by Tuesday morning.
        assert_eq!(working_days_between(at(2026, 11, 19, 16, 0), at(2026, 11, 24, 9, 0)), 2);
        assert_eq!(working_days_between(at(2026, 11, 19, 16, 0), at(2026, 11, 20, 23, 0)), 0);
        assert_eq!(working_days_between(at(2026, 11, 19, 16, 0), at(2026, 11, 25, 0, 30)), 3);
    }

    #[test]
    fn late_evening_counts_by_the_dutch_calendar_across_daylight_saving() {
        // 23:30 on Friday 27 March 2026 in Amsterdam is already Friday in UTC too (22:30), but
        // 00:30 on Saturday is Friday 23:30 in UTC: the Dutch date decides.
        let saturday_night = at(2026, 3, 28, 0, 30);
        assert_eq!(local_date(saturday_night), NaiveDate::from_ymd_opt(2026, 3, 28).unwrap());
        // Over the switch to summer time (29 March 2026) the count is unchanged.
        assert_eq!(working_days_between(at(2026, 3, 27, 10, 0), at(2026, 4, 1, 10, 0)), 2);
        // And over the switch back (25 October 2026).
        assert_eq!(working_days_between(at(2026, 10, 23, 10, 0), at(2026, 10, 28, 10, 0)), 2);
    }
}
