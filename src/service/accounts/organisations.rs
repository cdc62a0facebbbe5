//! The directory of chain partners.

use crate::domain::actor::Actor;
use crate::domain::ids::OrganisationId;
use crate::domain::organisation::{Organisation, OrganisationKind};
use crate::domain::reason::Reason;
use crate::service::accounts::access::Operator;
use crate::service::error::conflict_on_duplicate;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::organisations;
use crate::store::sql::{Page, PageRequest};

impl Services {
    /// Any signed-in partner may see who the other partners are.
    pub async fn list_organisations(&self, _actor: &Actor, page: &PageRequest) -> ServiceResult<Page<Organisation>> {
        Ok(organisations::list(&mut *self.store.read().await?, page).await?)
    }

    pub async fn directory(&self, _operator: &Operator, page: &PageRequest) -> ServiceResult<Page<Organisation>> {
        Ok(organisations::list(&mut *self.store.read().await?, page).await?)
    }

    pub async fn organisation(&self, _actor: &Actor, id: OrganisationId) -> ServiceResult<Organisation> {
        organisations::find(&mut *self.store.read().await?, id).await?.ok_or(ServiceError::NotFound)
    }

    /// Batch lookup for the GraphQL data loader; unknown ids are left out. The directory is
    /// open to every signed-in party; the loader is reached only through their objects.
    pub async fn organisations_by_ids(&self, ids: &[OrganisationId]) -> ServiceResult<Vec<Organisation>> {
        Ok(organisations::by_ids(&mut *self.store.read().await?, ids).await?)
    }

    pub async fn create_organisation(
        &self,
        _operator: &Operator,
        kind: OrganisationKind,
        name: &str,
        region: &str,
        municipality_codes: &[String],
    ) -> ServiceResult<Organisation> {
        let org = Organisation::new(kind, name, region, municipality_codes)?;
        let mut work = self.begin_work().await?;
        conflict_on_duplicate(organisations::insert(&mut work, &org, self.clock.now()).await, || {
            Reason::new("organisation-name-taken").text("name", org.name.clone())
        })?;
        self.create_organisation_key(&mut work, org.id).await?;
        work.commit().await?;
        Ok(org)
    }

    /// Finds an organisation by id or exact name, for the command line.
    pub async fn find_organisation(&self, _operator: &Operator, id_or_name: &str) -> ServiceResult<Organisation> {
        let mut conn = self.store.read().await?;
        let found = match id_or_name.parse::<OrganisationId>() {
            Ok(id) => organisations::find(&mut conn, id).await?,
            Err(_) => organisations::find_by_name(&mut conn, id_or_name).await?,
        };
        found.ok_or(ServiceError::NotFound)
    }
}
