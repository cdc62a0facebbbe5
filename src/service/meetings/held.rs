//! A meeting held before the chain used this service, or off its calendar: the chair records
//! it afterwards, with the agenda as it was, so that its minutes and the actions agreed there
//! are kept here like those of any other meeting. Its agenda is frozen as it stood before the
//! meeting, so the next agenda lists what was shared after it.

use chrono::{Duration, NaiveDate};

use crate::domain::actor::Actor;
use crate::domain::agenda::{AgendaItem, AgendaItemKind};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::calendar::local_date;
use crate::domain::ids::{AgendaItemId, CaseId, MeetingSeriesId, OrganisationId};
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::reason::Reason;
use crate::service::audit::trail::AuditObject;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::chains;
use crate::store::meetings::{agendas, schedule as meetings};

/// One item of a held meeting's agenda, in the order given.
pub enum HeldItem {
    Topic(String),
    /// A case shared in the chain that a member organisation raised, with its reason.
    FlaggedCase {
        case: CaseId,
        reason: String,
        raised_by: OrganisationId,
    },
    /// Every counterparty pattern of the chain as it stands now.
    Patterns,
}

impl Services {
    /// Records a meeting of `series` held on `date` (before today) with its agenda. Only the
    /// chair's organisation does this; texts and cases are checked as on any agenda.
    pub async fn record_held_meeting(
        &self,
        actor: &Actor,
        series: MeetingSeriesId,
        date: NaiveDate,
        agenda: Vec<HeldItem>,
    ) -> ServiceResult<Meeting> {
        let series = self.chaired_series(actor, series).await?;
        if date >= local_date(self.clock.now()) {
            return Err(ServiceError::bad_input("date", Reason::new("held-meeting-not-past")));
        }
        let items = self.checked_held_items(actor, &series, agenda).await?;
        let mut meeting = Meeting::planned(&series, date);
        let frozen_at = meeting.starts_at - Duration::hours(self.meetings.agenda_freeze_hours);
        let mut work = self.begin_work().await?;
        if !meetings::record_held(&mut work, &meeting, self.clock.now()).await? {
            return Err(ServiceError::conflict("held-meeting-exists"));
        }
        self.write_held_agenda(&mut work, actor, &meeting, items).await?;
        // Frozen as it stood, so that the minutes do not compile it again.
        agendas::freeze(&mut work, meeting.id, frozen_at).await?;
        work.commit().await?;
        meeting.agenda_frozen_at = Some(frozen_at);
        Ok(meeting)
    }

    /// The items as they will be stored: each text checked, each case shared in the chain,
    /// the patterns read.
    async fn checked_held_items(
        &self,
        actor: &Actor,
        series: &MeetingSeries,
        agenda: Vec<HeldItem>,
    ) -> ServiceResult<Vec<Checked>> {
        let mut items = Vec::new();
        for item in agenda {
            match item {
                HeldItem::Topic(title) => {
                    let title = Some(super::agendas::topic_title(&title)?);
                    let raised_by = Some(actor.organisation_id);
                    items.push(Checked { kind: AgendaItemKind::Topic, subject: None, title, raised_by });
                }
                HeldItem::FlaggedCase { case, reason, raised_by } => {
                    let member = chains::is_member(&mut *self.store.read().await?, series.chain_id, raised_by).await?;
                    if !member {
                        return Err(ServiceError::bad_input("raisedBy", Reason::new("organisation-not-in-chain")));
                    }
                    let reason = self.flag_reason(actor, series.chain_id, case, &reason).await?;
                    let (subject, title) = (Some(case.to_string()), Some(reason));
                    let raised_by = Some(raised_by);
                    items.push(Checked { kind: AgendaItemKind::FlaggedCase, subject, title, raised_by });
                }
                HeldItem::Patterns => {
                    let (threshold, now) = (self.meetings.pattern_threshold, self.clock.now());
                    let mut conn = self.store.read().await?;
                    for pseudonym in agendas::patterns(&mut conn, series.chain_id, threshold, None, now).await? {
                        let subject = Some(pseudonym);
                        items.push(Checked { kind: AgendaItemKind::Pattern, subject, title: None, raised_by: None });
                    }
                }
            }
        }
        Ok(items)
    }

    async fn write_held_agenda(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        meeting: &Meeting,
        items: Vec<Checked>,
    ) -> ServiceResult<()> {
        for Checked { kind, subject, title, raised_by } in items {
            let item = AgendaItem {
                id: AgendaItemId::random(),
                meeting_id: meeting.id,
                kind,
                subject: subject.clone(),
                title,
                position: 0,
                added_by_organisation_id: raised_by,
                removed_at: None,
            };
            // Recorded by the chair's person, whoever raised it then.
            if !agendas::insert(work, &item, actor.user_id(), self.clock.now()).await? {
                return Err(ServiceError::conflict("case-already-on-agenda"));
            }
            if kind == AgendaItemKind::FlaggedCase {
                let case = subject.unwrap_or_default();
                let object = AuditObject { kind: "case", id: &case };
                work.audit(Some(actor), None, AuditAction::CaseFlagged, Some(object), AuditResult::Ok).await?;
            }
        }
        Ok(())
    }
}

/// An item checked and ready to store; the store gives it the next position.
struct Checked {
    kind: AgendaItemKind,
    subject: Option<String>,
    title: Option<String>,
    raised_by: Option<OrganisationId>,
}
