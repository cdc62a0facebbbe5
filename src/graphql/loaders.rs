//! One DataLoader per relationship, so a list of N items costs one query per relationship
//! instead of N. Loaders call the service layer like any resolver.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};

use crate::domain::actor::Actor;
use crate::domain::consent::Consent;
use crate::domain::ids::{CaseId, ChainId, OrganisationId};
use crate::domain::organisation::Organisation;
use crate::domain::sharing::Share;
use crate::service::sharing::NoteView;
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

/// Consents, shares and notes of a page of cases: one loader per relationship and per view,
/// so a page of cases costs a fixed number of queries whatever its size.
pub struct CaseConsentsLoader {
    services: Arc<Services>,
    actor: Actor,
}

impl Loader<CaseId> for CaseConsentsLoader {
    type Value = Vec<Consent>;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[CaseId]) -> Result<HashMap<CaseId, Vec<Consent>>, Self::Error> {
        self.services.consents_of(&self.actor, ids).await.map_err(Arc::new)
    }
}

pub struct CaseSharesLoader {
    services: Arc<Services>,
    actor: Actor,
    own: bool,
}

impl Loader<CaseId> for CaseSharesLoader {
    type Value = Vec<Share>;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[CaseId]) -> Result<HashMap<CaseId, Vec<Share>>, Self::Error> {
        self.services.shares_of(&self.actor, ids, self.own).await.map_err(Arc::new)
    }
}

pub struct CaseNotesLoader {
    services: Arc<Services>,
    actor: Actor,
    own: bool,
}

impl Loader<CaseId> for CaseNotesLoader {
    type Value = Vec<NoteView>;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[CaseId]) -> Result<HashMap<CaseId, Vec<NoteView>>, Self::Error> {
        self.services.notes_of(&self.actor, ids, self.own).await.map_err(Arc::new)
    }
}

/// The loaders of the own and the shared view of cases.
pub struct CaseLoaders {
    pub consents: DataLoader<CaseConsentsLoader>,
    pub own_shares: DataLoader<CaseSharesLoader>,
    pub shared_shares: DataLoader<CaseSharesLoader>,
    pub own_notes: DataLoader<CaseNotesLoader>,
    pub shared_notes: DataLoader<CaseNotesLoader>,
}

pub fn cases(services: &Arc<Services>, actor: &Actor) -> CaseLoaders {
    let s = || services.clone();
    let a = || actor.clone();
    CaseLoaders {
        consents: DataLoader::new(CaseConsentsLoader { services: s(), actor: a() }, tokio::spawn),
        own_shares: DataLoader::new(CaseSharesLoader { services: s(), actor: a(), own: true }, tokio::spawn),
        shared_shares: DataLoader::new(CaseSharesLoader { services: s(), actor: a(), own: false }, tokio::spawn),
        own_notes: DataLoader::new(CaseNotesLoader { services: s(), actor: a(), own: true }, tokio::spawn),
        shared_notes: DataLoader::new(CaseNotesLoader { services: s(), actor: a(), own: false }, tokio::spawn),
    }
}
