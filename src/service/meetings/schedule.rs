//! Case meetings: series per chain, planning by a job, and invitations that keep everybody's
//! calendar right when a meeting moves or is cancelled.

use chrono::{Duration, NaiveDate, NaiveTime};
use serde_json::json;

use crate::domain::actor::Actor;
use crate::domain::calendar::{dutch_date, local_date};
use crate::domain::ids::{ChainId, MeetingId};
use crate::domain::meeting::{local_instant, Cadence, Meeting, MeetingSeries, MeetingStatus};
use crate::domain::reason::Reason;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::text;
use crate::mail::calendar::{self, Invitation, Method, Organizer};
use crate::service::accounts::access::Operator;
use crate::service::mail::MailRecipient;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::outbox::MailAttachment;
use crate::store::{accounts::chains, accounts::users, meetings::schedule as meetings};

/// A meeting the caller may see, and whether the caller's organisation chairs it.
pub struct MeetingAccess {
    pub series: MeetingSeries,
    pub meeting: Meeting,
    pub chairs: bool,
}

/// The dates a cadence plans, worked out on a blocking thread: bounded (see
/// `Cadence::dates_between`), but a rule may take tens of thousands of steps, and no async
/// worker is held for that.
pub(crate) async fn plan_dates(cadence: &Cadence, from: NaiveDate, to: NaiveDate) -> ServiceResult<Vec<NaiveDate>> {
    let cadence = cadence.clone();
    tokio::task::spawn_blocking(move || cadence.dates_between(from, to))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|e| ServiceError::bad_input("cadence", e))
}

/// `Cadence::check`, likewise off the async workers.
pub(crate) async fn check_cadence(cadence: &Cadence, today: NaiveDate) -> ServiceResult<()> {
    let cadence = cadence.clone();
    tokio::task::spawn_blocking(move || cadence.check(today))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|e| ServiceError::bad_input("cadence", e))
}

impl Services {
    /// Plans every series' meetings up to its horizon and invites for each new one. Running it
    /// again plans nothing twice. Returns how many meetings were planned now.
    pub async fn plan_meetings(&self, _operator: &Operator) -> ServiceResult<usize> {
        let all = meetings::series_of(&mut *self.store.read().await?, None).await?;
        let mut planned = 0;
        for series in all {
            match self.plan_series(&series).await {
                Ok(count) => planned += count,
                // A series stored before the cadence rules tightened is skipped, not fatal to the rest.
                Err(ServiceError::BadInput { .. }) => {
                    tracing::warn!(series = %series.id, "a series' cadence is refused; nothing planned for it");
                }
                Err(other) => return Err(other),
            }
        }
        Ok(planned)
    }

    /// Plans one series' meetings up to its horizon, each in its own transaction with its
    /// invitations; a date already planned is left as it is. Returns how many were new.
    pub(crate) async fn plan_series(&self, series: &MeetingSeries) -> ServiceResult<usize> {
        let today = local_date(self.clock.now());
        let mut planned = 0;
        for date in plan_dates(&series.cadence, today, today + Duration::days(series.horizon_days)).await? {
            let meeting = Meeting::planned(series, date);
            let mut work = self.begin_work().await?;
            if meetings::plan(&mut work, &meeting, self.clock.now()).await? {
                self.send_invitations(&mut work, series, &meeting).await?;
                planned += 1;
            }
            work.commit().await?;
        }
        Ok(planned)
    }

    /// Daily: reminds the invitees of meetings `reminder_days_before` days ahead (on the Dutch
    /// calendar), once per meeting and invitee. Returns the mails queued.
    pub async fn remind_meeting_invitees(&self, _operator: &Operator) -> ServiceResult<usize> {
        let days = self.meetings.reminder_days_before;
        let day = local_date(self.clock.now()) + Duration::days(days);
        let (from, to) = (local_instant(day, NaiveTime::MIN), local_instant(day + Duration::days(1), NaiveTime::MIN));
        let due = meetings::planned_between(&mut *self.store.read().await?, from, to).await?;
        let mut queued = 0;
        for meeting in due {
            let mut work = self.begin_work().await?;
            let series = meetings::find_series(&mut work, Scope::Service, meeting.series_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let mut params = meeting_params(&series, &meeting, self.link(&format!("/meetings/{}/agenda", meeting.id)));
            params["days"] = json!(days);
            for invitee in mailed_invitees(&mut work, &series).await? {
                let to = MailRecipient { email: invitee.email.clone(), language: invitee.language };
                let dedupe = format!("meeting-reminder:{}:{}", meeting.id, invitee.user_id);
                if work.mail_with(&to, "meeting_reminder", &params, Some(dedupe), None).await? {
                    queued += 1;
                }
            }
            work.commit().await?;
        }
        Ok(queued)
    }

    /// Moves a meeting (the chair's organisation): everybody gets an update with a higher SEQUENCE.
    pub async fn move_meeting(
        &self,
        actor: &Actor,
        id: MeetingId,
        date: NaiveDate,
        start_time: Option<NaiveTime>,
        location: Option<String>,
    ) -> ServiceResult<Meeting> {
        let (series, mut meeting) = self.chaired_meeting(actor, id).await?;
        if meeting.status == MeetingStatus::Cancelled {
            return Err(ServiceError::conflict("meeting-cancelled"));
        }
        let time = start_time.unwrap_or_else(|| meeting.starts_at.with_timezone(&chrono_tz::Europe::Amsterdam).time());
        if local_instant(date, time) < self.clock.now() {
            return Err(ServiceError::bad_input("date", Reason::new("meeting-move-in-past")));
        }
        let previous = meeting.sequence;
        meeting.starts_at = local_instant(date, time);
        meeting.ends_at = meeting.starts_at + Duration::minutes(series.duration_minutes);
        if let Some(location) = location {
            meeting.location = text::single_line(&location, 300).map_err(|e| ServiceError::bad_input("location", e))?;
        }
        meeting.sequence += 1;
        self.save_and_tell(&series, &meeting, previous).await?;
        Ok(meeting)
    }

    /// Cancels a meeting (the chair's organisation): everybody gets METHOD:CANCEL.
    pub async fn cancel_meeting(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Meeting> {
        let (series, mut meeting) = self.chaired_meeting(actor, id).await?;
        if meeting.status == MeetingStatus::Cancelled {
            return Err(ServiceError::conflict("meeting-already-cancelled"));
        }
        let previous = meeting.sequence;
        meeting.status = MeetingStatus::Cancelled;
        meeting.sequence += 1;
        self.save_and_tell(&series, &meeting, previous).await?;
        Ok(meeting)
    }

    /// The series of the chains the caller's organisation is a member of (chain-work roles).
    pub async fn meeting_series(&self, actor: &Actor) -> ServiceResult<Vec<MeetingSeries>> {
        if !actor.does_chain_work() {
            return Ok(Vec::new());
        }
        let mut conn = self.store.read().await?;
        let chains = chains::visible_ids(&mut conn, actor.organisation_id, &[]).await?;
        Ok(meetings::series_of(&mut conn, Some(&chains)).await?)
    }

    /// Meetings of a chain the caller's organisation is a member of, between two dates.
    pub async fn meetings(
        &self,
        actor: &Actor,
        chain: ChainId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ServiceResult<Vec<Meeting>> {
        self.chain_worker_in(actor, chain).await?;
        let mut conn = self.store.read().await?;
        let (from, to) = (local_instant(from, NaiveTime::MIN), local_instant(to + Duration::days(1), NaiveTime::MIN));
        Ok(meetings::in_chain(&mut conn, chain, from, to).await?)
    }

    /// One meeting, for the meeting roles of the chain's member organisations.
    pub async fn meeting(&self, actor: &Actor, id: MeetingId) -> ServiceResult<MeetingAccess> {
        let mut conn = self.store.read().await?;
        let meeting =
            meetings::find(&mut conn, Scope::Member(actor.organisation_id), id).await?.ok_or(ServiceError::NotFound)?;
        let series = meetings::find_series(&mut conn, Scope::Member(actor.organisation_id), meeting.series_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        drop(conn);
        self.chain_worker_in(actor, series.chain_id).await?;
        let chairs = series.chair_organisation_id == actor.organisation_id;
        Ok(MeetingAccess { series, meeting, chairs })
    }

    /// A meeting and its series, for the chair organisation's meeting roles; members of the
    /// chain who are not the chair may not change it, everyone else does not see it.
    pub(crate) async fn chaired_meeting(
        &self,
        actor: &Actor,
        id: MeetingId,
    ) -> ServiceResult<(MeetingSeries, Meeting)> {
        let access = self.meeting(actor, id).await?;
        if !access.chairs {
            return Err(ServiceError::Forbidden);
        }
        Ok((access.series, access.meeting))
    }

    async fn save_and_tell(&self, series: &MeetingSeries, meeting: &Meeting, previous: i64) -> ServiceResult<()> {
        let mut work = self.begin_work().await?;
        if !meetings::update(&mut work, meeting, previous, self.clock.now()).await? {
            return Err(ServiceError::conflict("meeting-changed-meanwhile"));
        }
        self.send_invitations(&mut work, series, meeting).await?;
        work.commit().await?;
        Ok(())
    }

    /// Mails every invitee the meeting as it now stands, with a calendar file: REQUEST for a
    /// planned meeting, CANCEL for a cancelled one; once per invitee and sequence.
    pub(crate) async fn send_invitations(
        &self,
        work: &mut Work<'_>,
        series: &MeetingSeries,
        meeting: &Meeting,
    ) -> ServiceResult<()> {
        // Invitations are the service's to send, for a series already found for its caller.
        for invitee in mailed_invitees(work, series).await? {
            let dedupe = format!("meeting:{}:{}:{}", meeting.id, meeting.sequence, invitee.user_id);
            self.send_invitation(work, series, meeting, &invitee, meeting.status, dedupe).await?;
        }
        Ok(())
    }

    /// Cancels a meeting in the calendars of `invitees` (those who had it), once per sequence.
    pub(crate) async fn send_cancellations(
        &self,
        work: &mut Work<'_>,
        series: &MeetingSeries,
        meeting: &Meeting,
        invitees: &[meetings::Invitee],
    ) -> ServiceResult<()> {
        for invitee in invitees {
            let dedupe = format!("meeting:{}:{}:{}", meeting.id, meeting.sequence, invitee.user_id);
            self.send_invitation(work, series, meeting, invitee, MeetingStatus::Cancelled, dedupe).await?;
        }
        Ok(())
    }

    /// Tells someone taken off the series' list that a meeting no longer concerns them.
    pub(crate) async fn withdraw_invitation(
        &self,
        work: &mut Work<'_>,
        series: &MeetingSeries,
        meeting: &Meeting,
        invitee: &meetings::Invitee,
    ) -> ServiceResult<()> {
        let dedupe = format!("meeting-withdrawn:{}:{}", meeting.id, invitee.user_id);
        self.send_invitation(work, series, meeting, invitee, MeetingStatus::Cancelled, dedupe).await
    }

    async fn send_invitation(
        &self,
        work: &mut Work<'_>,
        series: &MeetingSeries,
        meeting: &Meeting,
        invitee: &meetings::Invitee,
        status: MeetingStatus,
        dedupe: String,
    ) -> ServiceResult<()> {
        let (template, method, method_name) = match status {
            MeetingStatus::Planned => ("meeting_invitation", Method::Request, "REQUEST"),
            MeetingStatus::Cancelled => ("meeting_cancelled", Method::Cancel, "CANCEL"),
        };
        let link = self.link(&format!("/meetings/{}/agenda", meeting.id));
        let mut params = meeting_params(series, meeting, link.clone());
        params["change"] = json!(if meeting.sequence == 0 { "invitation-new" } else { "invitation-changed" });
        let uid = format!("{}@ketenaanpak", meeting.id);
        let organizer = match series.organizer_id {
            Some(id) => users::find_in_organisation(work, series.chair_organisation_id, id).await?,
            None => None,
        }
        .filter(|user| user.disabled_at.is_none());
        let organizer = match &organizer {
            Some(user) => Organizer::Person { name: &user.display_name, email: user.email.as_str() },
            None => Organizer::Service { email: &self.mail.from_address },
        };
        params["organizer"] = json!(match organizer {
            Organizer::Person { name, email } => format!("{name} <{email}>"),
            Organizer::Service { .. } => String::new(),
        });
        let ics = calendar::render(&Invitation {
            method,
            uid: &uid,
            sequence: meeting.sequence,
            title: &series.title,
            location: &meeting.location,
            description: &link,
            starts_at: meeting.starts_at,
            ends_at: meeting.ends_at,
            organizer,
            attendee: &invitee.email,
            stamp: self.clock.now(),
        });
        let attachment = MailAttachment {
            name: "overleg.ics".into(),
            content_type: format!("text/calendar; method={method_name}; charset=UTF-8"),
            body: ics,
        };
        let to = MailRecipient { email: invitee.email.clone(), language: invitee.language };
        work.mail_with(&to, template, &params, Some(dedupe), Some(attachment)).await?;
        Ok(())
    }
}

/// What every meeting mail says: title, date in Dutch and English, times, place and link.
/// The invitees meeting mail goes to: those who still take part in the chain's meetings. One
/// who lost the role stays listed for the chair to take off, but is sent nothing more.
pub(crate) async fn mailed_invitees(
    conn: &mut sqlx::AnyConnection,
    series: &MeetingSeries,
) -> ServiceResult<Vec<meetings::Invitee>> {
    let taking_part = meetings::participants(conn, series.chain_id, &Role::CHAIN_WORK).await?;
    let invitees = meetings::invitees(conn, Scope::Service, series.id).await?;
    Ok(invitees.into_iter().filter(|i| taking_part.iter().any(|(id, _, _)| *id == i.user_id)).collect())
}

pub(crate) fn meeting_params(series: &MeetingSeries, meeting: &Meeting, link: String) -> serde_json::Value {
    let local = meeting.starts_at.with_timezone(&chrono_tz::Europe::Amsterdam);
    let end = meeting.ends_at.with_timezone(&chrono_tz::Europe::Amsterdam);
    json!({
        "title": series.title,
        "date_nl": dutch_date(local.date_naive()),
        "date_en": local.format("%A %-d %B %Y").to_string(),
        "time": format!("{}–{}", local.format("%H:%M"), end.format("%H:%M")),
        "location": meeting.location,
        "link": link,
    })
}
