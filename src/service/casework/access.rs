//! Who sees which case, decided once. The owner's case workers see everything; partners with a
//! work role see the pseudonymised view of cases shared to the chains their organisation sees;
//! admins, privacy officers and policy viewers see no case content. Everything else is
//! "not found", the same answer as for an id that does not exist.

use crate::domain::actor::Actor;
use crate::domain::ids::{CaseId, ChainId};
use crate::domain::organisation::OrganisationKind;
use crate::service::work::Refusal;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::{accounts::chains, accounts::organisations};

/// Proof that the holder works the cases of one organisation.
pub struct CaseWorker<'a> {
    pub actor: &'a Actor,
}

impl Services {
    /// For the caller's own case list and new cases: a role check on own data, so `FORBIDDEN`.
    pub(crate) fn case_worker<'a>(&self, actor: &'a Actor) -> ServiceResult<CaseWorker<'a>> {
        if actor.does_case_work() {
            Ok(CaseWorker { actor })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// For a case by id: without the role it is simply not found (and the attempt audited).
    pub(crate) async fn case_worker_for(&self, actor: &'_ Actor, case: CaseId) -> ServiceResult<()> {
        if actor.does_case_work() {
            Ok(())
        } else {
            self.refuse(Refusal::CaseNotFound(actor, case)).await
        }
    }

    pub(crate) fn reads_shared(&self, actor: &Actor) -> bool {
        actor.does_chain_work()
    }

    /// The chains whose shared casework the caller sees: none without a reading role.
    pub(crate) async fn visible_chains(&self, actor: &Actor) -> ServiceResult<Vec<ChainId>> {
        if !self.reads_shared(actor) {
            return Ok(Vec::new());
        }
        let mut conn = self.store.read().await?;
        // Only an expertise centre sees more than its own chains: its region's. The actor
        // already names the kind, so no one else pays for reading the organisation.
        let provinces = if actor.organisation_kind == OrganisationKind::ExpertiseCentre {
            let organisation =
                organisations::find(&mut conn, actor.organisation_id).await?.ok_or(ServiceError::NotFound)?;
            self.taxonomy.provinces_of(&organisation.region)
        } else {
            Vec::new()
        };
        Ok(chains::visible_ids(&mut conn, actor.organisation_id, &provinces).await?)
    }
}

impl Services {
    /// The chain's meetings, series, invitees and actions are for the chain-work roles of its
    /// member organisations; to everyone else the chain has none (`NOT_FOUND`).
    pub(crate) async fn chain_worker_in(&self, actor: &Actor, chain: ChainId) -> ServiceResult<()> {
        if actor.does_chain_work()
            && chains::is_member(&mut *self.store.read().await?, chain, actor.organisation_id).await?
        {
            Ok(())
        } else {
            Err(ServiceError::NotFound)
        }
    }
}
