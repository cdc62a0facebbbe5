//! The counterparty of a case and what may be learnt from it. Its link key (a keyed hash of
//! the name) is never shown; each chain sees its own pseudonym of it on the share, and the
//! owner asks for counts. Setting a counterparty is audited and limited per person per day.

use crate::domain::actor::{Actor, Principal};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::calendar::local_date;
use crate::domain::case::CounterpartyKind;
use crate::domain::identity::IdentityBlock;
use crate::domain::ids::{CaseId, ChainId};
use crate::domain::pseudonym::PseudonymDomain;
use crate::domain::role::Role;
use crate::service::audit::trail::AuditObject;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceResult, Services};
use crate::store::casework::counterparty_changes::Tally;
use crate::store::casework::patterns;
use crate::store::{casework::cases, casework::counterparty_changes, casework::shares};

/// Whether one of the owner's cases belongs to a pattern in a chain it is shared with.
pub struct CasePattern {
    pub chain_id: ChainId,
    /// Cases shared in the chain about the same counterparty, this one included.
    pub reports: i64,
    pub organisations: i64,
}

impl Services {
    /// The counterparty's kind and link key, when the identity block names one.
    pub(crate) fn counterparty_link(
        &self,
        identity: Option<&IdentityBlock>,
    ) -> (Option<CounterpartyKind>, Option<String>) {
        let Some(counterparty) = identity.and_then(|i| i.counterparty.as_ref()) else { return (None, None) };
        let domain = PseudonymDomain::for_counterparty(counterparty.kind);
        match self.keyring.pseudonym(domain, &counterparty.name) {
            Some(link) => (Some(counterparty.kind), Some(link)),
            None => (None, None),
        }
    }

    pub(crate) fn chain_pseudonym(&self, chain: ChainId, link: Option<&str>) -> Option<String> {
        link.map(|link| self.keyring.chain_pseudonym(chain, link))
    }

    /// Gives every active share of a case the pseudonym of its (new) counterparty.
    pub(crate) async fn relink_shares(
        &self,
        work: &mut Work<'_>,
        case: CaseId,
        link: Option<&str>,
    ) -> ServiceResult<()> {
        for share in shares::active_of_case(work, case).await? {
            let pseudonym = self.chain_pseudonym(share.chain_id, link);
            shares::set_pseudonym(work, share.id, pseudonym.as_deref()).await?;
        }
        Ok(())
    }

    /// Counts a counterparty set by the caller in the caller's transaction and audits it;
    /// false when that goes over the day's limit (the caller then rolls back and refuses).
    pub(crate) async fn count_counterparty(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        case: CaseId,
    ) -> ServiceResult<bool> {
        let principal = principal_key(work, actor).await?;
        let count = counterparty_changes::count(work, &principal, &self.today(), Tally::Change).await?;
        if count > self.casework.counterparty_changes_per_day {
            return Ok(false);
        }
        let object = AuditObject { kind: "case", id: &case.to_string() };
        work.audit(Some(actor), None, AuditAction::CounterpartySet, Some(object), AuditResult::Ok).await?;
        Ok(true)
    }

    /// Records a refused counterparty in the refusal's own work (the change itself was rolled
    /// back) and tells the privacy officers at the day's first refusal.
    pub(crate) async fn record_counterparty_refusal(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        case: Option<CaseId>,
    ) -> ServiceResult<()> {
        let principal = principal_key(work, actor).await?;
        let refusals = counterparty_changes::count(work, &principal, &self.today(), Tally::Refusal).await?;
        let id = case.map(|c| c.to_string()).unwrap_or_default();
        let object = case.map(|_| AuditObject { kind: "case", id: &id });
        work.audit(Some(actor), None, AuditAction::CounterpartyLimitReached, object, AuditResult::Denied).await?;
        if refusals == 1 {
            let link = self.link("/audit");
            for officer in work.recipients(actor.organisation_id, &[Role::PrivacyOfficer]).await? {
                let params = serde_json::json!({ "link": link });
                work.mail(&officer, "counterparty_limit_reached", &params, None).await?;
            }
        }
        Ok(())
    }

    /// Per chain an own case is shared with under a counterparty: how many cases there are
    /// about it. Counts only, never the pseudonym.
    pub async fn case_patterns(&self, actor: &Actor, case: CaseId) -> ServiceResult<Vec<CasePattern>> {
        self.case_worker_for(actor, case).await?;
        let mut conn = self.store.read().await?;
        if cases::find_owned(&mut conn, actor.organisation_id, case).await?.is_none() {
            drop(conn);
            return self.refuse(Refusal::CaseNotFound(actor, case)).await;
        }
        let mut found = Vec::new();
        for share in shares::active_for_cases(&mut conn, &[case], None).await?.remove(&case).unwrap_or_default() {
            let Some(pseudonym) = share.counterparty_pseudonym else { continue };
            let (reports, organisations) = patterns::pattern_counts(&mut conn, share.chain_id, &pseudonym).await?;
            found.push(CasePattern { chain_id: share.chain_id, reports, organisations });
        }
        Ok(found)
    }

    /// Gives shares made before pseudonyms were kept per chain their chain's pseudonym, and
    /// agenda pattern items their chain's subject; run at start, a no-op once done.
    pub async fn derive_chain_pseudonyms(&self) -> anyhow::Result<()> {
        let mut work = self.begin_work().await?;
        for (share, chain, link) in shares::without_pseudonym(&mut work).await? {
            shares::set_pseudonym(&mut work, share, Some(&self.keyring.chain_pseudonym(chain, &link))).await?;
        }
        for (item, chain, link) in crate::store::meetings::agendas::patterns_by_link(&mut work).await? {
            crate::store::meetings::agendas::set_subject(&mut work, item, &self.keyring.chain_pseudonym(chain, &link))
                .await?;
        }
        work.commit().await?;
        Ok(())
    }

    fn today(&self) -> String {
        local_date(self.clock.now()).to_string()
    }
}

/// Whom a daily limit counts: the person, also when acting through a token of theirs (so more
/// tokens give no more tries); a token made on the command line counts for itself.
async fn principal_key(conn: &mut sqlx::AnyConnection, actor: &Actor) -> ServiceResult<String> {
    Ok(match actor.principal {
        Principal::User { user_id, .. } => format!("user:{user_id}"),
        Principal::ApiToken { token_id } => match crate::store::accounts::api_tokens::created_by(conn, token_id).await?
        {
            Some(maker) => format!("user:{maker}"),
            None => format!("token:{token_id}"),
        },
    })
}
