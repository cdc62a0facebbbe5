//! The series form's fields as typed, read from a posted form or a stored series, and read
//! into the values the service takes. What cannot be read (a time, a number, a date) is
//! refused here, by the field, in the reader's language; every rule is the service's.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::domain::ids::{OrganisationId, UserId};
use crate::domain::meeting::{Cadence, MeetingSeries, FIVE_A_YEAR};
use crate::domain::reason::Reason;
use crate::service::meetings::series::{NewSeries, SeriesChanges};
use crate::service::ServiceError;
use crate::store::meetings::schedule::Invitee;
use crate::web::casework::form::Posted;
use crate::web::casework::register::date;

/// The weekdays a series may meet on, as the form names them.
pub(super) const WEEKDAYS: [(&str, Weekday); 5] =
    [("mon", Weekday::Mon), ("tue", Weekday::Tue), ("wed", Weekday::Wed), ("thu", Weekday::Thu), ("fri", Weekday::Fri)];

/// An invitee's place on the list: left off, a core representative, or a deputy.
pub(super) const INVITED_AS: [&str; 3] = ["", "core", "deputy"];

#[derive(Default, Clone)]
pub(super) struct TypedSeries {
    pub title: String,
    /// `five`, `weeks`, `dates` or `rule`.
    pub cadence: String,
    pub dates: String,
    pub weeks: String,
    pub weekday: String,
    pub from: String,
    pub cron: String,
    pub start_time: String,
    pub duration: String,
    pub location: String,
    pub horizon: String,
    pub chair: String,
    pub organizer: String,
    /// Per participant, one of `INVITED_AS`.
    pub invited: HashMap<String, String>,
}

/// What the series' values read into, before the service checks them.
pub(super) struct ReadSeries {
    pub title: String,
    pub cadence: Cadence,
    pub start_time: NaiveTime,
    pub duration_minutes: i64,
    pub location: String,
    pub horizon_days: i64,
    pub chair: OrganisationId,
    pub organizer: Option<UserId>,
    pub invitees: Vec<(UserId, bool)>,
}

impl TypedSeries {
    /// A new series: five a year at 14:00 for two hours, planned 400 days ahead, chaired by
    /// the caller's organisation and organised by the caller.
    pub fn blank(chair: OrganisationId, organizer: Option<UserId>, today: NaiveDate) -> TypedSeries {
        TypedSeries {
            cadence: "five".into(),
            weeks: "8".into(),
            weekday: "tue".into(),
            from: today.to_string(),
            start_time: "14:00".into(),
            duration: "120".into(),
            horizon: "400".into(),
            chair: chair.to_string(),
            organizer: organizer.map(|id| id.to_string()).unwrap_or_default(),
            ..TypedSeries::default()
        }
    }

    pub fn stored(series: &MeetingSeries, invitees: &[Invitee]) -> TypedSeries {
        let mut typed = TypedSeries {
            title: series.title.clone(),
            start_time: series.start_time.format("%H:%M").to_string(),
            duration: series.duration_minutes.to_string(),
            location: series.location.clone(),
            horizon: series.horizon_days.to_string(),
            chair: series.chair_organisation_id.to_string(),
            organizer: series.organizer_id.map(|id| id.to_string()).unwrap_or_default(),
            weeks: "8".into(),
            weekday: "tue".into(),
            invited: invitees
                .iter()
                .map(|i| (i.user_id.to_string(), if i.deputy { "deputy" } else { "core" }.to_string()))
                .collect(),
            ..TypedSeries::default()
        };
        match &series.cadence {
            Cadence::Rule { cron } if cron == FIVE_A_YEAR => typed.cadence = "five".into(),
            Cadence::Rule { cron } => (typed.cadence, typed.cron) = ("rule".into(), cron.clone()),
            Cadence::Dates { dates } => {
                typed.cadence = "dates".into();
                typed.dates = dates.iter().map(|d| d.format("%d-%m-%Y").to_string()).collect::<Vec<_>>().join("\n");
            }
            Cadence::EveryWeeks { weeks, weekday, from } => {
                typed.cadence = "weeks".into();
                typed.weeks = weeks.to_string();
                typed.weekday = WEEKDAYS.iter().find(|(_, d)| d == weekday).map_or("tue", |(code, _)| code).into();
                typed.from = from.to_string();
            }
        }
        typed
    }

    /// The form as posted; each participant's choice comes as `invitee-<user id>`.
    pub fn posted(posted: &Posted, participants: &[UserId]) -> TypedSeries {
        TypedSeries {
            title: posted.one("title"),
            cadence: posted.one("cadence"),
            dates: posted.one("dates"),
            weeks: posted.one("weeks"),
            weekday: posted.one("weekday"),
            from: posted.one("from"),
            cron: posted.one("cron"),
            start_time: posted.one("start_time"),
            duration: posted.one("duration"),
            location: posted.one("location"),
            horizon: posted.one("horizon"),
            chair: posted.one("chair"),
            organizer: posted.one("organizer"),
            invited: participants
                .iter()
                .map(|id| (id.to_string(), posted.one(&format!("invitee-{id}"))))
                .filter(|(_, choice)| !choice.is_empty())
                .collect(),
        }
    }

    /// The cadence as typed, for the preview and for saving.
    pub fn read_cadence(&self) -> Result<Cadence, ServiceError> {
        match self.cadence.as_str() {
            "five" => Ok(Cadence::Rule { cron: FIVE_A_YEAR.to_string() }),
            "rule" => Ok(Cadence::Rule { cron: self.cron.clone() }),
            "dates" => {
                let lines = self.dates.split(['\n', ',', ';']).map(str::trim).filter(|line| !line.is_empty());
                let dates = lines.map(|line| date("dates", line)).collect::<Result<Vec<_>, _>>()?;
                Ok(Cadence::Dates { dates })
            }
            "weeks" => {
                let weekday = WEEKDAYS.iter().find(|(code, _)| *code == self.weekday).map(|(_, day)| *day);
                let weekday = weekday.ok_or_else(|| unreadable("weekday", "series-weekday-unknown"))?;
                let weeks = self.weeks.parse().map_err(|_| unreadable("weeks", "series-number-unreadable"))?;
                Ok(Cadence::EveryWeeks { weeks, weekday, from: date("from", &self.from)? })
            }
            _ => Err(unreadable("cadence", "series-cadence-unknown")),
        }
    }

    pub fn horizon_days(&self) -> Result<i64, ServiceError> {
        self.horizon.parse().map_err(|_| unreadable("horizon", "series-number-unreadable"))
    }

    /// Every field read; the first that cannot be read is the error.
    pub fn read(&self) -> Result<ReadSeries, ServiceError> {
        let start_time = NaiveTime::parse_from_str(&self.start_time, "%H:%M")
            .map_err(|_| unreadable("start_time", "series-time-unreadable"))?;
        let chair = self.chair.parse().map_err(|_| unreadable("chair", "series-chair-missing"))?;
        let organizer = match self.organizer.as_str() {
            "" => None,
            id => Some(id.parse().map_err(|_| unreadable("organizer", "organizer-not-of-chair"))?),
        };
        let mut invitees = Vec::new();
        for (id, choice) in &self.invited {
            let user = id.parse().map_err(|_| unreadable("invitees", "invitee-not-of-a-member"))?;
            match choice.as_str() {
                "core" => invitees.push((user, false)),
                "deputy" => invitees.push((user, true)),
                _ => return Err(unreadable("invitees", "invitee-not-of-a-member")),
            }
        }
        invitees.sort();
        Ok(ReadSeries {
            title: self.title.clone(),
            cadence: self.read_cadence()?,
            start_time,
            duration_minutes: self.duration.parse().map_err(|_| unreadable("duration", "series-number-unreadable"))?,
            location: self.location.clone(),
            horizon_days: self.horizon_days()?,
            chair,
            organizer,
            invitees,
        })
    }
}

impl ReadSeries {
    pub fn into_new(self, chain: crate::domain::ids::ChainId) -> NewSeries {
        NewSeries {
            chain,
            title: self.title,
            cadence: self.cadence,
            start_time: self.start_time,
            duration_minutes: self.duration_minutes,
            location: self.location,
            chair: self.chair,
            horizon_days: self.horizon_days,
            organizer: self.organizer,
            invitees: self.invitees,
        }
    }

    /// Every field as a change: the form shows the whole series.
    pub fn into_changes(self) -> SeriesChanges {
        SeriesChanges {
            title: Some(self.title),
            cadence: Some(self.cadence),
            start_time: Some(self.start_time),
            duration_minutes: Some(self.duration_minutes),
            location: Some(self.location),
            horizon_days: Some(self.horizon_days),
            chair: Some(self.chair),
            organizer: self.organizer,
            invitees: Some(self.invitees),
        }
    }
}

fn unreadable(field: &'static str, code: &'static str) -> ServiceError {
    ServiceError::bad_input(field, Reason::new(code))
}

/// The control on the page for a field the service or the reading above names.
/// The control a refused field is shown at. The service refuses a cadence as a whole; its
/// message belongs at the field of the kind the user chose.
pub(super) fn control_of(field: &str, chosen_cadence: &str) -> &'static str {
    match field {
        "title" => "title",
        "cadence" => match chosen_cadence {
            "rule" => "cron",
            "dates" => "dates",
            "weeks" => "weeks",
            _ => "cadence-five",
        },
        "dates" => "dates",
        "weeks" => "weeks",
        "weekday" => "weekday",
        "from" => "from",
        "start_time" | "startTime" => "start-time",
        "duration" | "durationMinutes" => "duration",
        "location" => "location",
        "horizon" | "horizonDays" => "horizon",
        "chair" | "chairOrganisationId" => "chair",
        "organizer" | "organizerId" => "organizer",
        "invitees" => "invitees",
        _ => "title",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(cadence: &str) -> TypedSeries {
        let mut typed =
            TypedSeries::blank(OrganisationId::random(), None, NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
        typed.cadence = cadence.into();
        typed
    }

    #[test]
    fn dates_are_read_one_per_line_in_either_order_of_writing() {
        let mut dates = typed("dates");
        dates.dates = "9-3-2027\n2027-05-11\n\n".into();
        let expected = [NaiveDate::from_ymd_opt(2027, 3, 9).unwrap(), NaiveDate::from_ymd_opt(2027, 5, 11).unwrap()];
        assert_eq!(dates.read_cadence().unwrap(), Cadence::Dates { dates: expected.to_vec() });
        dates.dates = "de negende maart".into();
        assert!(matches!(dates.read_cadence(), Err(ServiceError::BadInput { field: "dates", .. })));
    }

    #[test]
    fn a_stored_series_reads_back_as_the_form_shows_it() {
        let mut weeks = typed("weeks");
        weeks.weeks = "6".into();
        weeks.weekday = "thu".into();
        let cadence = weeks.read_cadence().unwrap();
        let series = MeetingSeries {
            id: crate::domain::ids::MeetingSeriesId::random(),
            chain_id: crate::domain::ids::ChainId::random(),
            title: "Overleg".into(),
            cadence: cadence.clone(),
            start_time: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            duration_minutes: 90,
            location: "Assen".into(),
            chair_organisation_id: OrganisationId::random(),
            horizon_days: 200,
            organizer_id: None,
        };
        let back = TypedSeries::stored(&series, &[]);
        assert_eq!((back.cadence.as_str(), back.weekday.as_str(), back.start_time.as_str()), ("weeks", "thu", "09:30"));
        assert_eq!(back.read_cadence().unwrap(), cadence);
        assert!(matches!(typed("monthly").read_cadence(), Err(ServiceError::BadInput { field: "cadence", .. })));
    }
}
