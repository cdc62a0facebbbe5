//! One DataLoader per relationship, so a list of N items costs one query per relationship
//! instead of N. Loaders call the service layer like any resolver.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};

use crate::domain::actor::Actor;
use crate::domain::consent::Consent;
use crate::domain::ids::{CaseId, ChainId, MeetingId, MeetingSeriesId, OrganisationId};
use crate::domain::meeting::MeetingSeries;
use crate::domain::minutes::Minutes;
use crate::domain::organisation::Organisation;
use crate::domain::sharing::Share;
use crate::service::casework::sharing::NoteView;
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
        let found = self.services.chain_members(&self.actor, ids).await.map_err(Arc::new)?;
        Ok(every_key(ids, found))
    }
}

/// A loader that lives for one request and remembers what it loaded in it, so that a list
/// resolver can load a relationship for a whole page at once and the items find it there.
pub type Cached<T> = DataLoader<T, HashMapCache>;

fn cached<T>(loader: T) -> Cached<T> {
    DataLoader::with_cache(loader, tokio::spawn, HashMapCache::default())
}

pub fn organisations(services: &Arc<Services>) -> Cached<OrganisationLoader> {
    cached(OrganisationLoader { services: services.clone() })
}

pub fn chain_members(services: &Arc<Services>, actor: &Actor) -> Cached<ChainMembersLoader> {
    cached(ChainMembersLoader { services: services.clone(), actor: actor.clone() })
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
        let found = self.services.consents_of(&self.actor, ids).await.map_err(Arc::new)?;
        Ok(every_key(ids, found))
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
        let found = self.services.shares_of(&self.actor, ids, self.own).await.map_err(Arc::new)?;
        Ok(every_key(ids, found))
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
        let found = self.services.notes_of(&self.actor, ids, self.own).await.map_err(Arc::new)?;
        Ok(every_key(ids, found))
    }
}

/// An answer for every key asked, empty where nothing was found, so that the request's cache
/// remembers "none" instead of asking again.
fn every_key<K: Copy + Eq + std::hash::Hash, V>(ids: &[K], mut found: HashMap<K, Vec<V>>) -> HashMap<K, Vec<V>> {
    for id in ids {
        found.entry(*id).or_default();
    }
    found
}

/// The minutes of a list of meetings, as the caller may see them.
pub struct MinutesLoader {
    services: Arc<Services>,
    actor: Actor,
}

impl Loader<MeetingId> for MinutesLoader {
    type Value = Minutes;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[MeetingId]) -> Result<HashMap<MeetingId, Minutes>, Self::Error> {
        self.services.minutes_of(&self.actor, ids).await.map_err(Arc::new)
    }
}

pub fn minutes(services: &Arc<Services>, actor: &Actor) -> Cached<MinutesLoader> {
    cached(MinutesLoader { services: services.clone(), actor: actor.clone() })
}

/// The series of a list of meetings: those of the caller's chains, read once.
pub struct SeriesLoader {
    services: Arc<Services>,
    actor: Actor,
}

impl Loader<MeetingSeriesId> for SeriesLoader {
    type Value = MeetingSeries;
    type Error = Arc<ServiceError>;

    async fn load(&self, ids: &[MeetingSeriesId]) -> Result<HashMap<MeetingSeriesId, MeetingSeries>, Self::Error> {
        let all = self.services.meeting_series(&self.actor).await.map_err(Arc::new)?;
        Ok(all.into_iter().filter(|s| ids.contains(&s.id)).map(|s| (s.id, s)).collect())
    }
}

pub fn series(services: &Arc<Services>, actor: &Actor) -> Cached<SeriesLoader> {
    cached(SeriesLoader { services: services.clone(), actor: actor.clone() })
}

/// The loaders of the own and the shared view of cases.
pub struct CaseLoaders {
    pub consents: Cached<CaseConsentsLoader>,
    pub own_shares: Cached<CaseSharesLoader>,
    pub shared_shares: Cached<CaseSharesLoader>,
    pub own_notes: Cached<CaseNotesLoader>,
    pub shared_notes: Cached<CaseNotesLoader>,
}

pub fn cases(services: &Arc<Services>, actor: &Actor) -> CaseLoaders {
    let s = || services.clone();
    let a = || actor.clone();
    CaseLoaders {
        consents: cached(CaseConsentsLoader { services: s(), actor: a() }),
        own_shares: cached(CaseSharesLoader { services: s(), actor: a(), own: true }),
        shared_shares: cached(CaseSharesLoader { services: s(), actor: a(), own: false }),
        own_notes: cached(CaseNotesLoader { services: s(), actor: a(), own: true }),
        shared_notes: cached(CaseNotesLoader { services: s(), actor: a(), own: false }),
    }
}
