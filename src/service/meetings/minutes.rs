//! Minutes: recorded by the chair per agenda item, with attendance per organisation and the
//! confidentiality statement; visible to the chair's organisation until approved, then to
//! every member; after approval changed only by an amendment that keeps the earlier text.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::domain::actor::Actor;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::{AgendaItemId, CaseId, ChainId, MeetingId, MeetingSeriesId, OrganisationId};
use crate::domain::meeting::{Meeting, MeetingSeries, MeetingStatus};
use crate::domain::minutes::{Amendment, MinuteItem, Minutes, Presence};
use crate::domain::reason::Reason;
use crate::domain::scope::Scope;
use crate::domain::shareable_text::{CaseSecrets, Shape};
use crate::service::audit::trail::AuditObject;
use crate::service::casework::shared_text;
use crate::service::mail::MailRecipient;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::meetings::actions::Reader;
use crate::store::{accounts::chains, meetings::agendas, meetings::minutes, meetings::schedule as meetings};

/// What the chair records: notes and decisions per agenda item.
pub struct MinutesEntry {
    pub agenda_item: AgendaItemId,
    pub notes: String,
    pub decisions: String,
}

impl Services {
    /// The minutes, if recorded and visible: approved ones to every member, draft ones to the
    /// chair's organisation only.
    /// Items about a case no longer shared are blank but to the case's owner and the chair.
    pub async fn minutes(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Option<Minutes>> {
        let access = self.meeting(actor, id).await?;
        let found = minutes::find(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), id).await?;
        let Some(mut found) = found.filter(|m| m.is_approved() || access.chairs) else { return Ok(None) };
        if !access.chairs {
            let chain_of = HashMap::from([(id, access.series.chain_id)]);
            self.withhold_gone(actor, Some(actor.organisation_id), &chain_of, std::slice::from_mut(&mut found)).await?;
        }
        Ok(Some(found))
    }

    /// Approved minutes as every invited organisation may read them: for printing.
    pub async fn printable_minutes(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Option<Minutes>> {
        let access = self.meeting(actor, id).await?;
        let found = minutes::find(&mut *self.store.read().await?, Scope::Member(actor.organisation_id), id).await?;
        let Some(mut found) = found.filter(Minutes::is_approved) else { return Ok(None) };
        let chain_of = HashMap::from([(id, access.series.chain_id)]);
        self.withhold_gone(actor, None, &chain_of, std::slice::from_mut(&mut found)).await?;
        Ok(Some(found))
    }

    /// Blanks the notes, decisions and amendments of items whose subject the reader may no
    /// longer read (see `gone_items`); each chain's items are judged in one go.
    async fn withhold_gone(
        &self,
        actor: &Actor,
        reader: Reader,
        chain_of: &HashMap<MeetingId, ChainId>,
        found: &mut [Minutes],
    ) -> ServiceResult<()> {
        let mut conn = self.store.read().await?;
        let meetings: Vec<MeetingId> = found.iter().map(|m| m.meeting_id).collect();
        let scope = Scope::Member(actor.organisation_id);
        let items = agendas::items_of_meetings(&mut conn, scope, &meetings).await?;
        let mut gone = HashSet::new();
        let chains: HashSet<ChainId> = chain_of.values().copied().collect();
        for chain in chains {
            let in_chain: Vec<_> =
                items.iter().filter(|i| chain_of.get(&i.meeting_id) == Some(&chain)).cloned().collect();
            gone.extend(self.gone_items(&mut conn, chain, reader, &in_chain).await?);
        }
        for minutes in found {
            for item in minutes.items.iter_mut().filter(|i| gone.contains(&i.agenda_item_id)) {
                item.notes.clear();
                item.decisions.clear();
            }
            minutes.amendments.retain(|a| !gone.contains(&a.agenda_item_id));
        }
        Ok(())
    }

    /// The visible minutes of several meetings at once (for a list of meetings): those of
    /// meetings in the caller's chains, approved or chaired by the caller's organisation.
    pub async fn minutes_of(&self, actor: &Actor, ids: &[MeetingId]) -> ServiceResult<HashMap<MeetingId, Minutes>> {
        if !actor.does_chain_work() {
            return Ok(HashMap::new());
        }
        let mut conn = self.store.read().await?;
        let member_of: HashSet<ChainId> =
            chains::visible_ids(&mut conn, actor.organisation_id, &[]).await?.into_iter().collect();
        let series: HashMap<MeetingSeriesId, MeetingSeries> =
            meetings::series_of(&mut conn, Some(&member_of.iter().copied().collect::<Vec<_>>()))
                .await?
                .into_iter()
                .map(|s| (s.id, s))
                .collect();
        let listed = meetings::by_ids(&mut conn, Scope::Member(actor.organisation_id), ids).await?;
        let visible: HashMap<MeetingId, &MeetingSeries> =
            listed.iter().filter_map(|m| series.get(&m.series_id).map(|s| (m.id, s))).collect();
        let chairs = |id: &MeetingId| visible.get(id).is_some_and(|s| s.chair_organisation_id == actor.organisation_id);
        let ids: Vec<MeetingId> = visible.keys().copied().collect();
        let mut found = minutes::find_many(&mut conn, Scope::Member(actor.organisation_id), &ids).await?;
        drop(conn);
        found.retain(|id, m| m.is_approved() || chairs(id));
        let (chaired, mut others): (Vec<Minutes>, Vec<Minutes>) =
            found.into_values().partition(|m| chairs(&m.meeting_id));
        let chain_of = visible.iter().map(|(id, s)| (*id, s.chain_id)).collect();
        self.withhold_gone(actor, Some(actor.organisation_id), &chain_of, &mut others).await?;
        Ok(chaired.into_iter().chain(others).map(|m| (m.meeting_id, m)).collect())
    }

    /// Records notes and decisions (the chair). After approval every change needs a reason
    /// and is kept as an amendment beside the earlier text.
    pub async fn record_minutes(
        &self,
        actor: &Actor,
        id: MeetingId,
        confidentiality: Option<String>,
        entries: Vec<MinutesEntry>,
        amendment_reason: Option<String>,
    ) -> ServiceResult<Minutes> {
        let (series, meeting) = self.chaired_meeting(actor, id).await?;
        has_taken_place(&meeting, self.clock.now())?;
        let checked = self.checked_minute_items(actor, id, entries).await?;
        let confidentiality = confidentiality.map(|c| checked_text("confidentiality", &c)).transpose()?;
        let mut work = self.begin_work().await?;
        self.freeze_now(&mut work, &series, &meeting).await?;
        minutes::hold(&mut work, id).await?;
        let items = agendas::items(&mut work, Scope::Member(actor.organisation_id), id).await?;
        let on_agenda = |e: &MinuteItem| items.iter().any(|i| i.id == e.agenda_item_id && i.removed_at.is_none());
        if !checked.iter().all(on_agenda) {
            return Err(ServiceError::bad_input("agendaItemId", Reason::new("not-an-agenda-item")));
        }
        let scope = Scope::Member(actor.organisation_id);
        let current = minutes::find(&mut work, scope, id).await?;
        let reason = amendment_reason_for(current.as_ref(), amendment_reason, confidentiality.is_some())?;
        if current.is_none() || confidentiality.is_some() {
            let statement = confidentiality
                .or(current.as_ref().map(|m| m.confidentiality.clone()))
                .unwrap_or_else(|| self.confidentiality_statement(actor.language));
            minutes::upsert(&mut work, id, &statement, self.clock.now()).await?;
        }
        let change = MinutesChange { actor, meeting: id, current: current.as_ref(), reason: reason.as_deref() };
        if self.write_minute_items(&mut work, change, &checked).await? {
            let object = AuditObject { kind: "meeting", id: &id.to_string() };
            work.audit(Some(actor), None, AuditAction::MinutesAmended, Some(object), AuditResult::Ok).await?;
        }
        let saved = minutes::find(&mut work, scope, id).await?.ok_or(ServiceError::NotFound)?;
        work.commit().await?;
        Ok(saved)
    }

    /// The entries with their texts checked like any shared text; a case's item is also held
    /// against that case's identity when the chair's organisation owns it.
    async fn checked_minute_items(
        &self,
        actor: &Actor,
        id: MeetingId,
        entries: Vec<MinutesEntry>,
    ) -> ServiceResult<Vec<MinuteItem>> {
        let mut conn = self.store.read().await?;
        let case_of: HashMap<AgendaItemId, CaseId> =
            agendas::items(&mut conn, Scope::Member(actor.organisation_id), id)
                .await?
                .into_iter()
                .filter(|i| matches!(i.kind, AgendaItemKind::SharedCase | AgendaItemKind::FlaggedCase))
                .filter_map(|i| Some((i.id, i.subject.as_deref()?.parse().ok()?)))
                .collect();
        let mut secrets: HashMap<Option<CaseId>, CaseSecrets> = HashMap::new();
        let mut checked = Vec::new();
        for entry in entries {
            let case = case_of.get(&entry.agenda_item).copied();
            if let std::collections::hash_map::Entry::Vacant(slot) = secrets.entry(case) {
                slot.insert(self.case_secrets(&mut conn, actor, case).await?);
            }
            let about = &secrets[&case];
            // A refusal names the item too, so a form of many items can mark the right one.
            let of_item = |error: ServiceError| match error {
                ServiceError::BadInput { field, reason } => {
                    ServiceError::BadInput { field, reason: reason.text("agendaItemId", entry.agenda_item.to_string()) }
                }
                other => other,
            };
            checked.push(MinuteItem {
                agenda_item_id: entry.agenda_item,
                notes: shared_text::shareable("notes", &entry.notes, MINUTES_TEXT, about).map_err(of_item)?,
                decisions: shared_text::shareable("decisions", &entry.decisions, MINUTES_TEXT, about)
                    .map_err(of_item)?,
            });
        }
        Ok(checked)
    }

    /// Writes the items that changed; after approval each change is kept as an amendment
    /// with its reason. True when something approved was amended.
    async fn write_minute_items(
        &self,
        work: &mut Work<'_>,
        change: MinutesChange<'_>,
        checked: &[MinuteItem],
    ) -> ServiceResult<bool> {
        let (now, by) = (self.clock.now(), change.actor.user_id());
        let mut amended = false;
        for entry in checked {
            let before = change.current.and_then(|m| m.items.iter().find(|i| i.agenda_item_id == entry.agenda_item_id));
            if before.is_some_and(|b| b.notes == entry.notes && b.decisions == entry.decisions) {
                continue;
            }
            if let Some(reason) = change.reason {
                amended = true;
                let amendment = Amendment {
                    agenda_item_id: entry.agenda_item_id,
                    previous_notes: before.map(|b| b.notes.clone()).unwrap_or_default(),
                    previous_decisions: before.map(|b| b.decisions.clone()).unwrap_or_default(),
                    notes: entry.notes.clone(),
                    decisions: entry.decisions.clone(),
                    reason: reason.to_owned(),
                    amended_by: by,
                    amended_at: now,
                };
                minutes::add_amendment(work, change.meeting, &amendment).await?;
            }
            minutes::set_item(work, change.meeting, entry, by, now).await?;
        }
        Ok(amended)
    }

    /// Who came, who sent apologies, per member organisation (the chair, before approval).
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        id: MeetingId,
        attendance: &[(OrganisationId, Presence)],
    ) -> ServiceResult<Minutes> {
        let (series, meeting) = self.chaired_meeting(actor, id).await?;
        has_taken_place(&meeting, self.clock.now())?;
        let mut work = self.begin_work().await?;
        for (organisation, _) in attendance {
            if !chains::is_member(&mut work, series.chain_id, *organisation).await? {
                return Err(ServiceError::bad_input("organisationId", Reason::new("attendee-not-a-member")));
            }
        }
        minutes::hold(&mut work, id).await?;
        let current = minutes::find(&mut work, Scope::Member(actor.organisation_id), id).await?;
        if current.as_ref().is_some_and(Minutes::is_approved) {
            return Err(ServiceError::conflict("minutes-approved"));
        }
        self.freeze_now(&mut work, &series, &meeting).await?;
        let now = self.clock.now();
        if current.is_none() {
            minutes::upsert(&mut work, id, &self.confidentiality_statement(actor.language), now).await?;
        }
        for (organisation, presence) in attendance {
            minutes::set_attendance(&mut work, id, *organisation, *presence, now).await?;
        }
        let saved =
            minutes::find(&mut work, Scope::Member(actor.organisation_id), id).await?.ok_or(ServiceError::NotFound)?;
        work.commit().await?;
        Ok(saved)
    }

    /// The chair approves the minutes; from then on every member reads them.
    pub async fn approve_minutes(&self, actor: &Actor, id: MeetingId) -> ServiceResult<Minutes> {
        let (series, meeting) = self.chaired_meeting(actor, id).await?;
        let mut work = self.begin_work().await?;
        if minutes::find(&mut work, Scope::Member(actor.organisation_id), id).await?.is_none() {
            return Err(ServiceError::conflict("minutes-missing"));
        }
        if !minutes::approve(&mut work, id, actor.user_id(), self.clock.now()).await? {
            return Err(ServiceError::conflict("minutes-already-approved"));
        }
        let object = AuditObject { kind: "meeting", id: &id.to_string() };
        work.audit(Some(actor), None, AuditAction::MinutesApproved, Some(object), AuditResult::Ok).await?;
        self.announce_minutes(&mut work, &series, &meeting).await?;
        let saved =
            minutes::find(&mut work, Scope::Member(actor.organisation_id), id).await?.ok_or(ServiceError::NotFound)?;
        work.commit().await?;
        Ok(saved)
    }

    /// Tells the series' invitees that the minutes are approved, with a link to the printable
    /// minutes (which show each reader only what every invited organisation may see). Once
    /// per meeting and invitee; the mail names the meeting, never what the minutes say.
    async fn announce_minutes(
        &self,
        work: &mut Work<'_>,
        series: &MeetingSeries,
        meeting: &Meeting,
    ) -> ServiceResult<()> {
        let link = self.link(&format!("/meetings/{}/minutes/print", meeting.id));
        let params = super::schedule::meeting_params(series, meeting, link);
        for invitee in super::schedule::mailed_invitees(work, series).await? {
            let to = MailRecipient { email: invitee.email.clone(), language: invitee.language };
            let dedupe = format!("minutes-approved:{}:{}", meeting.id, invitee.user_id);
            work.mail_with(&to, "minutes_approved", &params, Some(dedupe), None).await?;
        }
        Ok(())
    }
}

/// Minutes are of a meeting that took place: not of a cancelled one, nor before it began.
/// Who changes which minutes, what they held before, and the reason when they are approved.
struct MinutesChange<'a> {
    actor: &'a Actor,
    meeting: MeetingId,
    current: Option<&'a Minutes>,
    reason: Option<&'a str>,
}

/// Approved minutes change only with a reason, and never their confidentiality statement;
/// before approval no reason is kept.
fn amendment_reason_for(
    current: Option<&Minutes>,
    reason: Option<String>,
    changes_confidentiality: bool,
) -> ServiceResult<Option<String>> {
    if !current.is_some_and(Minutes::is_approved) {
        return Ok(None);
    }
    let reason = reason.map(|r| checked_text("amendmentReason", &r)).transpose()?.filter(|r| !r.is_empty());
    if reason.is_none() {
        return Err(ServiceError::bad_input("amendmentReason", Reason::new("amendment-reason-missing")));
    }
    if changes_confidentiality {
        return Err(ServiceError::conflict("confidentiality-fixed"));
    }
    Ok(reason)
}

fn has_taken_place(meeting: &Meeting, now: DateTime<Utc>) -> ServiceResult<()> {
    if meeting.status == MeetingStatus::Cancelled {
        return Err(ServiceError::conflict("meeting-cancelled"));
    }
    if now < meeting.starts_at {
        return Err(ServiceError::conflict("meeting-not-begun"));
    }
    Ok(())
}

/// Minutes are read by the whole chain: checked like shared case notes, and against the
/// case's own identity when the chair's organisation owns the item's case. May be empty (an
/// item without decisions).
const MINUTES_TEXT: Shape = Shape::paragraphs(8000).optional();

fn checked_text(field: &'static str, text: &str) -> ServiceResult<String> {
    shared_text::shareable(field, text, MINUTES_TEXT, &Default::default())
}
