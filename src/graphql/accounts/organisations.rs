use async_graphql::connection::Connection;
use async_graphql::{Context, Object, ID};

use crate::domain::ids::OrganisationId;
use crate::domain::organisation::{Organisation, OrganisationKind};
use crate::graphql::context::{actor, services};
use crate::graphql::error::{to_graphql, GqlResult};
use crate::graphql::loaders::{Cached, OrganisationLoader};
use crate::graphql::paging;
use crate::service::ServiceError;

pub struct OrganisationNode(pub Organisation);

/// A chain partner.
#[Object(name = "Organisation")]
impl OrganisationNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> OrganisationKind {
        self.0.kind
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn region(&self) -> &str {
        &self.0.region
    }
    /// CBS codes of the municipalities whose residents it serves.
    async fn municipality_codes(&self) -> &[String] {
        &self.0.municipality_codes
    }
}

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// All chain partners, by name.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, OrganisationNode>> {
        let page = paging::request(first, after)?;
        let orgs = services(ctx).list_organisations(actor(ctx)?, &page).await.gql()?;
        Ok(paging::connection(orgs, |o| o.id.uuid(), OrganisationNode))
    }

    async fn organisation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<OrganisationNode> {
        let actor = actor(ctx)?;
        let id: OrganisationId = parse_id(&id)?;
        services(ctx).organisation(actor, id).await.gql().map(OrganisationNode)
    }
}

/// Loads one organisation through the request's loader.
pub async fn load(ctx: &Context<'_>, id: OrganisationId) -> async_graphql::Result<OrganisationNode> {
    let loader = ctx.data::<Cached<OrganisationLoader>>()?;
    match loader.load_one(id).await.gql()? {
        Some(org) => Ok(OrganisationNode(org)),
        None => Err(to_graphql(&ServiceError::NotFound)),
    }
}

/// An id that is not a UUID cannot name anything: not found.
pub fn parse_id<T: std::str::FromStr>(id: &ID) -> async_graphql::Result<T> {
    id.parse::<T>().map_err(|_| to_graphql(&ServiceError::NotFound))
}
