use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt};

use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::graphql::referrals::resolvers::ReferralNode;

#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Referrals sent to the caller's organisation, as they arrive (case workers). Works
    /// across several instances on one PostgreSQL.
    async fn referral_received(&self, ctx: &Context<'_>) -> async_graphql::Result<impl Stream<Item = ReferralNode>> {
        let stream = services(ctx).referrals_received(actor(ctx)?).gql()?;
        Ok(stream.map(ReferralNode))
    }
}
