//! Generated case meetings: a series per chain, chaired by the expertise centre, every ten
//! weeks (about five a year) over the generated years; each held meeting with its agenda of
//! cases shared since the one before, approved minutes, attendance and the actions agreed.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use rand::rngs::StdRng;
use rand::Rng;

use super::casework::{event, SharedCase};
use super::draw::{chance, uuid};
use super::texts;
use super::world::Chain;
use crate::domain::audit::AuditAction;
use crate::domain::ids::MeetingSeriesId;
use crate::domain::meeting::{Cadence, Meeting, MeetingSeries};
use crate::store::audit::events::NewEvent;
use crate::store::bulk::{self, Rows, Value};

/// At most this many cases on one agenda.
const AGENDA_CASES: usize = 12;

pub struct MeetingRows {
    pub tables: Vec<Rows>,
    pub audit: Vec<NewEvent>,
}

impl MeetingRows {
    pub fn new() -> MeetingRows {
        let tables = [
            &bulk::MEETINGS,
            &bulk::AGENDA_ITEMS,
            &bulk::MINUTES,
            &bulk::MINUTE_ITEMS,
            &bulk::ATTENDANCE,
            &bulk::ACTIONS,
            &bulk::ACTION_PROGRESS,
        ]
        .map(Rows::new)
        .into();
        MeetingRows { tables, audit: Vec::new() }
    }
}

const MEETINGS: usize = 0;
const AGENDA: usize = 1;
const MINUTES: usize = 2;
const MINUTE_ITEMS: usize = 3;
const ATTENDANCE: usize = 4;
const ACTIONS: usize = 5;
const PROGRESS: usize = 6;

/// The chain's series, meeting every ten weeks on a Tuesday from `first_day`.
pub fn series(chain: &Chain, first_day: NaiveDate) -> MeetingSeries {
    MeetingSeries {
        id: MeetingSeriesId::random(),
        chain_id: chain.id.parse().expect("a chain id"),
        title: format!("Casusoverleg {}", chain.name),
        cadence: Cadence::EveryWeeks { weeks: 10, weekday: Weekday::Tue, from: first_day },
        start_time: NaiveTime::from_hms_opt(10, 0, 0).expect("a time"),
        duration_minutes: 120,
        location: "Provinciehuis Assen, Westerbrink 1".to_owned(),
        chair_organisation_id: chain.chair.0.parse().expect("an organisation id"),
        horizon_days: 180,
        organizer_id: Some(chain.chair.1.parse().expect("a user id")),
    }
}

pub struct HeldMeetings<'a> {
    pub rng: &'a mut StdRng,
    pub chain: &'a Chain,
    pub series: &'a MeetingSeries,
    /// The chain's shared cases, in the order they were shared.
    pub shared: &'a [SharedCase],
    pub confidentiality: String,
    pub today: NaiveDate,
}

impl HeldMeetings<'_> {
    /// Every meeting of the series before today, held, with its agenda, minutes and actions.
    pub fn write(mut self, rows: &mut MeetingRows, dates: &[NaiveDate]) {
        let mut since = DateTime::<Utc>::MIN_UTC;
        for &date in dates {
            let meeting = Meeting::planned(self.series, date);
            let cases = self.agenda_cases(since, meeting.starts_at);
            self.meeting(rows, &meeting, &cases);
            since = meeting.starts_at;
        }
    }

    fn agenda_cases(&mut self, since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<SharedCase> {
        let from = self.shared.partition_point(|c| c.shared_at < since);
        let to = self.shared.partition_point(|c| c.shared_at < until - Duration::days(3));
        let window = &self.shared[from..to.max(from)];
        let step = (window.len() / AGENDA_CASES).max(1);
        window.iter().step_by(step).take(AGENDA_CASES).cloned().collect()
    }

    fn meeting(&mut self, rows: &mut MeetingRows, meeting: &Meeting, cases: &[SharedCase]) {
        let id = meeting.id.to_string();
        let start = meeting.starts_at.timestamp_micros();
        let approved = meeting.starts_at + Duration::days(7);
        let (chair_org, chair) = &self.chain.chair;
        rows.tables[MEETINGS].push([
            id.clone().into(),
            self.series.id.to_string().into(),
            meeting.slot_date.to_string().into(),
            start.into(),
            meeting.ends_at.timestamp_micros().into(),
            meeting.location.clone().into(),
            "planned".into(),
            0i64.into(),
            (meeting.starts_at - Duration::days(30)).timestamp_micros().into(),
            approved.timestamp_micros().into(),
            (meeting.starts_at - Duration::days(2)).timestamp_micros().into(),
            1i64.into(),
        ]);
        rows.tables[MINUTES].push([
            id.clone().into(),
            self.confidentiality.clone().into(),
            approved.timestamp_micros().into(),
            chair.clone().into(),
            approved.timestamp_micros().into(),
        ]);
        for member in &self.chain.members {
            let presence = if chance(self.rng, 0.85) { "present" } else { "apologies" };
            rows.tables[ATTENDANCE].push([id.clone().into(), member.clone().into(), presence.into(), start.into()]);
        }
        for (position, case) in cases.iter().enumerate() {
            self.item(rows, meeting, case, position as i64);
        }
        rows.audit.push(event(self.rng, chair_org, chair, approved, AuditAction::MinutesApproved, "meeting", &id));
    }

    fn item(&mut self, rows: &mut MeetingRows, meeting: &Meeting, case: &SharedCase, position: i64) {
        let item = uuid(self.rng);
        let meeting_id = meeting.id.to_string();
        let compiled = (meeting.starts_at - Duration::days(3)).timestamp_micros();
        rows.tables[AGENDA].push([
            item.clone().into(),
            meeting_id.clone().into(),
            "shared_case".into(),
            case.case_id.clone().into(),
            Value::Null,
            position.into(),
            case.owner.clone().into(),
            Value::Null,
            Value::Null,
            compiled.into(),
        ]);
        let pick = |rng: &mut StdRng, list: &[&'static str]| list[rng.gen_range(0..list.len())];
        let updated = (meeting.starts_at + Duration::days(1)).timestamp_micros();
        rows.tables[MINUTE_ITEMS].push([
            item.clone().into(),
            meeting_id.clone().into(),
            pick(self.rng, &texts::MINUTE_NOTES).into(),
            pick(self.rng, &texts::MINUTE_DECISIONS).into(),
            self.chain.chair.1.clone().into(),
            updated.into(),
        ]);
        if chance(self.rng, 0.3) {
            self.action(rows, meeting, case, &item);
        }
    }

    fn action(&mut self, rows: &mut MeetingRows, meeting: &Meeting, case: &SharedCase, item: &str) {
        let id = uuid(self.rng);
        let due = meeting.slot_date + Duration::days(28);
        let done = due < self.today && chance(self.rng, 0.8);
        let status = if done { "done" } else { "open" };
        let created = (meeting.starts_at + Duration::hours(2)).timestamp_micros();
        let description = texts::ACTIONS[self.rng.gen_range(0..texts::ACTIONS.len())];
        rows.tables[ACTIONS].push([
            id.clone().into(),
            self.chain.id.clone().into(),
            meeting.id.to_string().into(),
            case.case_id.clone().into(),
            case.owner.clone().into(),
            case.worker.clone().into(),
            description.into(),
            due.to_string().into(),
            status.into(),
            Value::Null,
            self.chain.chair.1.clone().into(),
            created.into(),
            created.into(),
            item.into(),
        ]);
        if done {
            rows.tables[PROGRESS].push([
                uuid(self.rng).into(),
                id.into(),
                texts::PROGRESS_DONE.into(),
                "done".into(),
                case.worker.clone().into(),
                (meeting.starts_at + Duration::days(20)).timestamp_micros().into(),
            ]);
        }
    }
}
