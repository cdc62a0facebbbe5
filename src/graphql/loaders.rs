//! One DataLoader per relationship, so a list of N items costs one query per relationship
//! instead of N. Loaders call the service layer like any resolver.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};

use crate::domain::actor::Actor;
use crate::domain::ids::{ChainId, OrganisationId};
use crate::domain::organisation::Organisation;
use crate::service::{ServiceError, Services};

/// Organisations are the chain's directory, visible to every signed-in party, and this
/// loader is reached only from objects that a signed-in caller already got (a user, a chain,
/// the payload of a login), so it needs no actor of its own.
pub struct OrganisationLoader {
    services: Arc<Services>,
}

impl Loader<OrganisationId> for OrganisationLoader {
    type Value = Organisation;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[OrganisationId]) -> Result<HashMap<OrganisationId, Organisation>, Self::Error> {
        let orgs = self.services.organisations_by_ids(ids).await.map_err(Arc::new)?;
        Ok(orgs.into_iter().map(|org| (org.id, org)).collect())
    }
}

pub struct ChainMembersLoader {
    services: Arc<Services>,
    actor: Actor,
}

impl Loader<ChainId> for ChainMembersLoader {
    type Value = Vec<OrganisationId>;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[ChainId]) -> Result<HashMap<ChainId, Vec<OrganisationId>>, Self::Error> {
        self.services.chain_members(&self.actor, ids).await.map_err(Arc::new)
    }
}

pub fn organisations(services: &Arc<Services>) -> DataLoader<OrganisationLoader> {
    DataLoader::new(OrganisationLoader { services: services.clone() }, tokio::spawn)
}

pub fn chain_members(services: &Arc<Services>, actor: &Actor) -> DataLoader<ChainMembersLoader> {
    DataLoader::new(ChainMembersLoader { services: services.clone(), actor: actor.clone() }, tokio::spawn)
}
