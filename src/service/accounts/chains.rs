//! Chains: who works together in a region or on a theme.

use std::collections::HashMap;

use crate::domain::actor::Actor;
use crate::domain::chain::{Chain, ChainScopeKind};
use crate::domain::ids::{ChainId, OrganisationId};
use crate::domain::reason::Reason;
use crate::service::accounts::access::Operator;
use crate::service::error::conflict_on_duplicate;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::chains;
use crate::store::sql::{Page, PageRequest};

impl Services {
    /// The chains the caller's organisation is a member of.
    pub async fn list_chains(&self, actor: &Actor, page: &PageRequest) -> ServiceResult<Page<Chain>> {
        Ok(chains::list_for_member(&mut *self.store.read().await?, actor.organisation_id, page).await?)
    }

    /// Member ids per chain, for chains the caller can already see (the loader is only
    /// reached through `list_chains`).
    pub async fn chain_members(
        &self,
        _actor: &Actor,
        ids: &[ChainId],
    ) -> ServiceResult<HashMap<ChainId, Vec<OrganisationId>>> {
        let pairs = chains::members_of(&mut *self.store.read().await?, ids).await?;
        let mut members: HashMap<ChainId, Vec<OrganisationId>> = HashMap::new();
        for (chain, org) in pairs {
            members.entry(chain).or_default().push(org);
        }
        Ok(members)
    }

    pub async fn create_chain(
        &self,
        _operator: &Operator,
        name: &str,
        scope_kind: ChainScopeKind,
        scope: &str,
    ) -> ServiceResult<Chain> {
        let chain = Chain::new(name, scope_kind, scope)?;
        let mut work = self.begin_work().await?;
        conflict_on_duplicate(chains::insert(&mut work, &chain, self.clock.now()).await, || {
            Reason::new("chain-name-taken")
        })?;
        work.commit().await?;
        Ok(chain)
    }

    pub async fn add_chain_member(
        &self,
        _operator: &Operator,
        chain_name: &str,
        member: OrganisationId,
    ) -> ServiceResult<Chain> {
        let mut work = self.begin_work().await?;
        let chain = chains::find_by_name(&mut work, chain_name).await?.ok_or(ServiceError::NotFound)?;
        chains::add_member(&mut work, chain.id, member, self.clock.now()).await?;
        work.commit().await?;
        Ok(chain)
    }
}
