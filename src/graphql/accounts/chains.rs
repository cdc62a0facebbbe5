use async_graphql::connection::Connection;
use async_graphql::{Context, Object, ID};

use crate::domain::chain::{Chain, ChainScopeKind};
use crate::graphql::accounts::organisations::OrganisationNode;
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::graphql::loaders::{Cached, ChainMembersLoader, OrganisationLoader};
use crate::graphql::paging;

pub struct ChainNode(pub Chain);

/// A circle of partners for a region or a theme (keten).
#[Object(name = "Chain")]
impl ChainNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn scope_kind(&self) -> ChainScopeKind {
        self.0.scope_kind
    }
    /// The region's or the theme's name.
    async fn scope(&self) -> &str {
        &self.0.scope
    }
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganisationNode>> {
        let ids = ctx.data::<Cached<ChainMembersLoader>>()?.load_one(self.0.id).await.gql()?.unwrap_or_default();
        let mut orgs: Vec<_> =
            ctx.data::<Cached<OrganisationLoader>>()?.load_many(ids).await.gql()?.into_values().collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(orgs.into_iter().map(OrganisationNode).collect())
    }
}

#[derive(Default)]
pub struct ChainQuery;

#[Object]
impl ChainQuery {
    /// The chains the caller's organisation is a member of.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn chains(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ChainNode>> {
        let page = paging::request(first, after)?;
        let chains = services(ctx).list_chains(actor(ctx)?, &page).await.gql()?;
        Ok(paging::connection(chains, |c| c.id.uuid(), ChainNode))
    }
}
