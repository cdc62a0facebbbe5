//! What a withdrawn consent ends beyond the case's own shares: in the transaction of the
//! withdrawal, open actions on the case lapse (their owners are told, without content) and
//! the case and those actions leave agendas not yet frozen; at every later read, agenda
//! items and minutes about a case no longer shared keep their place but not their content,
//! except for the case's owner (and, for minutes, the chair's organisation that wrote them).

use std::collections::HashSet;

use serde_json::json;
use sqlx::AnyConnection;

use crate::domain::action::LapseReason;
use crate::domain::agenda::{AgendaItem, AgendaItemKind};
use crate::domain::ids::{ActionId, AgendaItemId, CaseId, ChainId, OrganisationId, ReferralId};
use crate::domain::referral::{ReferralStatus, Transition};
use crate::domain::role::Role;
use crate::service::work::Work;
use crate::service::{ServiceResult, Services};
use crate::store::meetings::actions::Reader;
use crate::store::referrals::records::{self as referrals, StatusChange};
use crate::store::{casework::cases, meetings::actions, meetings::agendas};

impl Services {
    /// Ends the chain work resting on a consent to share `case` with `chains` (every chain
    /// when `None`, for the consent to register).
    pub(crate) async fn end_chain_work_on(
        &self,
        work: &mut Work<'_>,
        case: CaseId,
        chains: Option<&[ChainId]>,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let lapsed = actions::lapse_on_case(work, case, chains, LapseReason::ConsentWithdrawn, now).await?;
        let mut subjects = vec![case.to_string()];
        subjects.extend(lapsed.iter().map(|action| action.id.to_string()));
        agendas::drop_from_open_agendas(work, chains, &subjects, now).await?;
        let link = self.link("/actions/mine");
        for action in &lapsed {
            for owner in self.action_owners(work, action).await? {
                work.mail(&owner, "action_lapsed", &json!({ "link": link }), None).await?;
            }
        }
        if !lapsed.is_empty() {
            tracing::info!(case = %case, lapsed = lapsed.len(), "actions lapsed with a withdrawn consent");
        }
        Ok(())
    }

    /// Ends the referrals of `case` that rest on a withdrawn consent to refer to `receiver`
    /// (to anyone when `None`, for the consent to register): those not yet accepted are
    /// withdrawn, their summaries forgotten, and the receiver is told; one already accepted belongs to the receiver, which
    /// is told the consent was withdrawn. Returns the referrals whose files the caller deletes
    /// once the transaction has committed.
    pub(crate) async fn end_referrals_on(
        &self,
        work: &mut Work<'_>,
        case: CaseId,
        receiver: Option<OrganisationId>,
    ) -> ServiceResult<Vec<ReferralId>> {
        let mut ended = Vec::new();
        for referral in referrals::of_source_case(work, case).await? {
            if receiver.is_some_and(|r| r != referral.receiver_organisation_id) {
                continue;
            }
            let accepted = referral.status == ReferralStatus::Accepted;
            if Transition::EndWithConsent.allowed(referral.status) {
                let change = StatusChange { withdrawn_at: Some(self.clock.now()), ..Default::default() };
                self.transition(work, &referral, Transition::EndWithConsent, ReferralStatus::Withdrawn, change).await?;
                referrals::clear_summary(work, referral.id).await?;
                ended.push(referral.id);
            } else if !accepted {
                continue;
            }
            // A draft never reached the receiver.
            if referral.status == ReferralStatus::Draft {
                continue;
            }
            let params = json!({ "accepted": accepted, "link": self.link("/referrals") });
            for person in work.recipients(referral.receiver_organisation_id, &Role::CASE_WORK).await? {
                work.mail(&person, "referral_consent_withdrawn", &params, None).await?;
            }
        }
        Ok(ended)
    }

    /// The items of a chain's agenda whose subject `reader` may no longer read: a case no
    /// longer shared in the chain that the reader does not own, an action the reader may not
    /// read (lapsed, or on such a case).
    pub(crate) async fn gone_items(
        &self,
        conn: &mut AnyConnection,
        chain: ChainId,
        reader: Reader,
        items: &[AgendaItem],
    ) -> ServiceResult<HashSet<AgendaItemId>> {
        let subject_of = |item: &AgendaItem| item.subject.clone().unwrap_or_default();
        let is_case =
            |item: &&AgendaItem| matches!(item.kind, AgendaItemKind::SharedCase | AgendaItemKind::FlaggedCase);
        let case_ids: Vec<CaseId> = items.iter().filter(is_case).filter_map(|i| subject_of(i).parse().ok()).collect();
        let action_ids: Vec<ActionId> = items
            .iter()
            .filter(|i| i.kind == AgendaItemKind::Action)
            .filter_map(|i| subject_of(i).parse().ok())
            .collect();
        let shared: HashSet<CaseId> =
            cases::shared_by_ids(conn, &[chain], &case_ids).await?.into_iter().map(|c| c.id).collect();
        let owners = cases::owners(conn, &case_ids).await?;
        let readable: HashSet<ActionId> =
            actions::by_ids(conn, reader, &action_ids).await?.into_iter().map(|a| a.id).collect();
        let gone = |item: &AgendaItem| match item.kind {
            AgendaItemKind::SharedCase | AgendaItemKind::FlaggedCase => match subject_of(item).parse::<CaseId>() {
                Ok(id) => case_gone_for(id, shared.contains(&id), &owners, reader),
                Err(_) => true,
            },
            AgendaItemKind::Action => subject_of(item).parse::<ActionId>().map_or(true, |id| !readable.contains(&id)),
            AgendaItemKind::Pattern | AgendaItemKind::Topic => false,
        };
        Ok(items.iter().filter(|item| gone(item)).map(|item| item.id).collect())
    }
}

/// Whether a case item's subject is gone for `reader`: the case is no longer shared in the
/// chain and the reader is not its owner.
pub(crate) fn case_gone_for(
    case: CaseId,
    still_shared: bool,
    owners: &std::collections::HashMap<CaseId, crate::domain::ids::OrganisationId>,
    reader: Reader,
) -> bool {
    !still_shared && owners.get(&case).is_none_or(|owner| Some(*owner) != reader)
}
