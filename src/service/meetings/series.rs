//! Meeting series: set up by a member of the chain, changed by the chair's organisation.
//! A change reaches every planned meeting still to come and everybody's calendar: new times
//! and places as updates, dates the cadence no longer has as cancellations, removed invitees
//! a cancellation, new invitees an invitation.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::domain::actor::Actor;
use crate::domain::calendar::local_date;
use crate::domain::ids::{ChainId, MeetingSeriesId, OrganisationId, UserId};
use crate::domain::meeting::{local_instant, Cadence, Meeting, MeetingSeries, MeetingStatus};
use crate::domain::reason::Reason;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::text;
use crate::service::meetings::schedule::{check_cadence, plan_dates};
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::meetings::schedule::Invitee;
use crate::store::{accounts::chains, accounts::users, meetings::schedule as meetings};

pub struct NewSeries {
    pub chain: ChainId,
    pub title: String,
    pub cadence: Cadence,
    pub start_time: NaiveTime,
    pub duration_minutes: i64,
    pub location: String,
    pub chair: OrganisationId,
    pub horizon_days: i64,
    /// A person of the chair's organisation whom replies reach; `None` is the caller, when
    /// they are of the chair's organisation.
    pub organizer: Option<UserId>,
    /// Users of member organisations: a core representative (`false`) or a deputy (`true`).
    pub invitees: Vec<(UserId, bool)>,
}

/// What the chair changes; `None` leaves it as it is. `invitees` replaces the whole list.
#[derive(Default)]
pub struct SeriesChanges {
    pub title: Option<String>,
    pub cadence: Option<Cadence>,
    pub start_time: Option<NaiveTime>,
    pub duration_minutes: Option<i64>,
    pub location: Option<String>,
    pub horizon_days: Option<i64>,
    /// Hands the chair to another member organisation (with an organizer of theirs).
    pub chair: Option<OrganisationId>,
    pub organizer: Option<UserId>,
    pub invitees: Option<Vec<(UserId, bool)>>,
}

impl Services {
    pub async fn create_meeting_series(&self, actor: &Actor, new: NewSeries) -> ServiceResult<MeetingSeries> {
        if !actor.does_chain_work() {
            return Err(ServiceError::Forbidden);
        }
        if !chains::is_member(&mut *self.store.read().await?, new.chain, actor.organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        let series = MeetingSeries {
            id: MeetingSeriesId::random(),
            chain_id: new.chain,
            title: new.title,
            cadence: new.cadence,
            start_time: new.start_time,
            duration_minutes: new.duration_minutes,
            location: new.location,
            chair_organisation_id: new.chair,
            horizon_days: new.horizon_days,
            organizer_id: new
                .organizer
                .or_else(|| (actor.organisation_id == new.chair).then(|| actor.user_id()).flatten()),
        };
        let series = self.checked_series(series, &new.invitees, &[]).await?;
        let mut work = self.begin_work().await?;
        meetings::insert_series(&mut work, &series, self.clock.now()).await?;
        for (user, deputy) in &new.invitees {
            meetings::add_invitee(&mut work, series.id, *user, *deputy).await?;
        }
        work.commit().await?;
        // Its meetings are planned and invited now, not at the next night's run (which
        // plans whatever a failure here leaves: the series itself is saved).
        if let Err(error) = self.plan_series(&series).await {
            tracing::error!(series = %series.id, error = %error, "planning a new series' meetings failed");
        }
        Ok(series)
    }

    /// The chair's organisation changes a series; planned meetings to come follow, and every
    /// calendar concerned gets an update, a cancellation or an invitation.
    pub async fn update_meeting_series(
        &self,
        actor: &Actor,
        id: MeetingSeriesId,
        changes: SeriesChanges,
    ) -> ServiceResult<MeetingSeries> {
        let old = self.chaired_series(actor, id).await?;
        let scope = Scope::Member(actor.organisation_id);
        let before = meetings::invitees(&mut *self.store.read().await?, scope, id).await?;
        let invitees = match &changes.invitees {
            Some(list) => list.clone(),
            None => invitee_pairs(&before),
        };
        let mut new = changed_series(&old, &changes);
        // A series from before organizers had one gets the chair who changes it.
        new.organizer_id = new.organizer_id.or(actor.user_id());
        let already: Vec<UserId> = before.iter().map(|i| i.user_id).collect();
        let new = self.checked_series(new, &invitees, &already).await?;
        let now = self.clock.now();
        let today = local_date(now);
        let until = today + Duration::days(new.horizon_days.max(old.horizon_days));
        let dates: HashSet<_> = plan_dates(&new.cadence, today, until).await?.into_iter().collect();

        let mut work = self.begin_work().await?;
        // What was checked above is read again in the write's transaction: a series or an
        // invitee list changed meanwhile is a conflict, never a change made on stale data.
        let stored = meetings::find_series(&mut work, Scope::Member(actor.organisation_id), id).await?;
        let listed = meetings::invitees(&mut work, scope, id).await?;
        if stored.as_ref() != Some(&old) || invitee_pairs(&listed) != invitee_pairs(&before) {
            return Err(ServiceError::conflict("series-changed-meanwhile"));
        }
        meetings::update_series(&mut work, &new).await?;
        if changes.invitees.is_some() {
            meetings::replace_invitees(&mut work, id, &invitees).await?;
        }
        let change = SeriesChange { old: &old, new: &new, dates: &dates, before: &listed, invitees: &invitees };
        self.reschedule_series(&mut work, change, now).await?;
        work.commit().await?;
        // Dates the new cadence adds are planned and invited now, not at the next night's run.
        if let Err(error) = self.plan_series(&new).await {
            tracing::error!(series = %new.id, error = %error, "planning a changed series' meetings failed");
        }
        Ok(new)
    }

    /// Brings the series' planned meetings in line with a change: dates the cadence no longer
    /// has are cancelled, the others take the new time, length and place (unless moved by
    /// hand), and invitations, cancellations and withdrawals go out to whom they concern.
    async fn reschedule_series(
        &self,
        work: &mut Work<'_>,
        change: SeriesChange<'_>,
        now: DateTime<Utc>,
    ) -> ServiceResult<()> {
        let SeriesChange { old, new, dates, before, invitees } = change;
        let kept: HashSet<UserId> = invitees.iter().map(|(u, _)| *u).collect();
        let removed: Vec<_> = before.iter().filter(|i| !kept.contains(&i.user_id)).cloned().collect();
        // The series was found in the caller's scope in this same transaction.
        for mut meeting in meetings::planned_of_series_after(work, Scope::Service, new.id, now).await? {
            let previous = meeting.sequence;
            if !dates.contains(&meeting.slot_date) {
                meeting.status = MeetingStatus::Cancelled;
            } else {
                follow_series(&mut meeting, old, new);
            }
            // Taking someone off the list changes the event too: their cancellation must
            // carry a higher SEQUENCE than the invitation they have. (The meeting is one of
            // the series the caller chairs, read back as the service.)
            let changed = meeting.status == MeetingStatus::Cancelled
                || !removed.is_empty()
                || new.title != old.title
                || new.organizer_id != old.organizer_id
                || meetings::find(work, Scope::Service, meeting.id).await?.is_some_and(|stored| stored != meeting);
            if changed {
                meeting.sequence += 1;
                if !meetings::update(work, &meeting, previous, now).await? {
                    return Err(ServiceError::conflict("a-meeting-changed-meanwhile"));
                }
            }
            if meeting.status == MeetingStatus::Cancelled {
                // A cancellation goes to those who had the meeting in their calendar.
                self.send_cancellations(work, new, &meeting, before).await?;
                continue;
            }
            // Everyone on the list gets the meeting as it now stands (once per sequence, so
            // those who already have it get nothing new); whoever left the list, a cancellation.
            self.send_invitations(work, new, &meeting).await?;
            for invitee in &removed {
                self.withdraw_invitation(work, new, &meeting, invitee).await?;
            }
        }
        Ok(())
    }

    /// The people of the chain's member organisations who take part in meetings: whom a chair
    /// invites and to whom an action is given. Members of the chain only.
    pub async fn meeting_participants(
        &self,
        actor: &Actor,
        chain: ChainId,
    ) -> ServiceResult<Vec<(UserId, String, OrganisationId)>> {
        let mut conn = self.store.read().await?;
        let takes_part = actor.does_chain_work();
        if !takes_part || !chains::is_member(&mut conn, chain, actor.organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        Ok(meetings::participants(&mut conn, chain, &Role::CHAIN_WORK).await?)
    }

    /// Who is invited to a series, for the chain-work roles of its members.
    pub async fn series_invitees(&self, actor: &Actor, id: MeetingSeriesId) -> ServiceResult<Vec<meetings::Invitee>> {
        let series = meetings::find_series(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.chain_worker_in(actor, series.chain_id).await?;
        Ok(meetings::invitees(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), id).await?)
    }

    /// The organizer's name and organisation, for the chain-work roles of its members.
    pub async fn series_organizer(
        &self,
        actor: &Actor,
        series: &MeetingSeries,
    ) -> ServiceResult<Option<(String, OrganisationId)>> {
        self.chain_worker_in(actor, series.chain_id).await?;
        let Some(id) = series.organizer_id else { return Ok(None) };
        let mut conn = self.store.read().await?;
        let user = users::find_in_organisation(&mut conn, series.chair_organisation_id, id).await?;
        // A disabled organizer no longer answers invitations: shown as none, so the chair sets one.
        Ok(user.filter(|user| user.disabled_at.is_none()).map(|user| (user.display_name, user.organisation_id)))
    }

    /// The dates a cadence would plan from today over `horizon_days`, before a series is
    /// saved with it: what the series page shows. Checked as a series' cadence is.
    pub async fn preview_series_dates(&self, cadence: &Cadence, horizon_days: i64) -> ServiceResult<Vec<NaiveDate>> {
        if !(1..=730).contains(&horizon_days) {
            return Err(ServiceError::bad_input("horizonDays", Reason::new("series-horizon-out-of-range")));
        }
        let today = local_date(self.clock.now());
        check_cadence(cadence, today).await?;
        plan_dates(cadence, today, today + Duration::days(horizon_days)).await
    }

    /// A series the caller's organisation chairs (as `chaired_meeting` for one meeting).
    pub(crate) async fn chaired_series(&self, actor: &Actor, id: MeetingSeriesId) -> ServiceResult<MeetingSeries> {
        let mut conn = self.store.read().await?;
        let series = meetings::find_series(&mut conn, Scope::Member(actor.organisation_id), id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let takes_part = actor.does_chain_work();
        if !takes_part || !chains::is_member(&mut conn, series.chain_id, actor.organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        if series.chair_organisation_id != actor.organisation_id {
            return Err(ServiceError::Forbidden);
        }
        Ok(series)
    }

    /// Checks a series as it will be stored: a member of the chain chairs, its organizer and
    /// every newly invited person take part in the chain's meetings, a valid cadence, sensible
    /// bounds; returns it with its texts trimmed. Those `already` invited may stay on the list
    /// after losing their role, so that a chair can still change the series and take them off.
    async fn checked_series(
        &self,
        mut series: MeetingSeries,
        invitees: &[(UserId, bool)],
        already: &[UserId],
    ) -> ServiceResult<MeetingSeries> {
        let mut conn = self.store.read().await?;
        if !chains::is_member(&mut conn, series.chain_id, series.chair_organisation_id).await? {
            return Err(ServiceError::bad_input("chairOrganisationId", Reason::new("chair-not-a-member")));
        }
        check_cadence(&series.cadence, local_date(self.clock.now())).await?;
        // Organizer and invitees are the chain's meeting participants: active people of its
        // members with a chain-work role (whom the meeting pages let in).
        let participants = meetings::participants(&mut conn, series.chain_id, &Role::CHAIN_WORK).await?;
        let takes_part = |user: UserId| participants.iter().find(|(id, _, _)| *id == user).map(|(_, _, org)| *org);
        if series.organizer_id.and_then(takes_part) != Some(series.chair_organisation_id) {
            return Err(ServiceError::bad_input("organizerId", Reason::new("organizer-not-of-chair")));
        }
        if !(15..=600).contains(&series.duration_minutes) {
            return Err(ServiceError::bad_input("durationMinutes", Reason::new("series-duration-out-of-range")));
        }
        if !(1..=730).contains(&series.horizon_days) {
            return Err(ServiceError::bad_input("horizonDays", Reason::new("series-horizon-out-of-range")));
        }
        if invitees.iter().any(|(user, _)| takes_part(*user).is_none() && !already.contains(user)) {
            return Err(ServiceError::bad_input("invitees", Reason::new("invitee-not-of-a-member")));
        }
        series.title = text::single_line(&series.title, 120).map_err(|e| ServiceError::bad_input("title", e))?;
        series.location =
            text::single_line(&series.location, 300).map_err(|e| ServiceError::bad_input("location", e))?;
        Ok(series)
    }
}

/// A series before and after a change, with what the change rests on.
struct SeriesChange<'a> {
    old: &'a MeetingSeries,
    new: &'a MeetingSeries,
    dates: &'a HashSet<NaiveDate>,
    before: &'a [Invitee],
    invitees: &'a [(UserId, bool)],
}

/// The series with the fields the change sets.
fn changed_series(old: &MeetingSeries, changes: &SeriesChanges) -> MeetingSeries {
    MeetingSeries {
        title: changes.title.clone().unwrap_or_else(|| old.title.clone()),
        cadence: changes.cadence.clone().unwrap_or_else(|| old.cadence.clone()),
        start_time: changes.start_time.unwrap_or(old.start_time),
        duration_minutes: changes.duration_minutes.unwrap_or(old.duration_minutes),
        location: changes.location.clone().unwrap_or_else(|| old.location.clone()),
        horizon_days: changes.horizon_days.unwrap_or(old.horizon_days),
        chair_organisation_id: changes.chair.unwrap_or(old.chair_organisation_id),
        organizer_id: changes.organizer.or(old.organizer_id),
        ..old.clone()
    }
}

/// A planned meeting takes the series' new time, length and place, except where the chair
/// moved it by hand.
fn follow_series(meeting: &mut Meeting, old: &MeetingSeries, new: &MeetingSeries) {
    if meeting.starts_at == local_instant(meeting.slot_date, old.start_time) {
        meeting.starts_at = local_instant(meeting.slot_date, new.start_time);
    }
    meeting.ends_at = meeting.starts_at + Duration::minutes(new.duration_minutes);
    if meeting.location == old.location {
        meeting.location = new.location.clone();
    }
}

fn invitee_pairs(invitees: &[Invitee]) -> Vec<(UserId, bool)> {
    invitees.iter().map(|i| (i.user_id, i.deputy)).collect()
}
