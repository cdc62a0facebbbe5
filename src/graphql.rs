//! The GraphQL door: objects per resource, merged; every resolver is a thin call into
//! `service`. Limits and the schema's printed form (SDL) are set here.

mod accounts;
mod audit;
mod casework;
pub mod context;
mod date;
pub mod error;
mod extent;
mod figures;
pub mod guard;
pub mod limits;
pub mod loaders;
mod meetings;
pub mod nesting;
mod paging;
mod referrals;
mod subscriptions;

use std::sync::Arc;

use async_graphql::{MergedObject, Schema, SchemaBuilder};

use crate::config::GraphqlConfig;
use crate::service::Services;

#[derive(MergedObject, Default)]
pub struct Query(
    accounts::sign_in::MeQuery,
    accounts::organisations::OrganisationQuery,
    accounts::chains::ChainQuery,
    accounts::users::UserQuery,
    accounts::api_tokens::ApiTokenQuery,
    casework::cases::CaseQuery,
    casework::taxonomy::TaxonomyQuery,
    audit::events::AuditQuery,
    referrals::resolvers::ReferralQuery,
    meetings::schedule::MeetingQuery,
    meetings::actions::ActionQuery,
    figures::overview::OverviewQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::sign_in::AuthMutation,
    accounts::users::UserMutation,
    accounts::api_tokens::ApiTokenMutation,
    casework::changes::CaseMutation,
    referrals::resolvers::ReferralMutation,
    meetings::schedule::MeetingMutation,
    meetings::agendas::AgendaMutation,
    meetings::actions::ActionMutation,
);

pub type AppSchema = Schema<Query, Mutation, subscriptions::SubscriptionRoot>;

fn builder() -> SchemaBuilder<Query, Mutation, subscriptions::SubscriptionRoot> {
    Schema::build(Query::default(), Mutation::default(), subscriptions::SubscriptionRoot)
}

pub fn build_schema(services: Arc<Services>, config: &GraphqlConfig) -> guard::GuardedSchema {
    // Depth is the guard's (it leaves introspection out); async-graphql's own recursion check
    // runs on the document the guard has already bounded.
    let mut builder =
        builder().data(services).limit_complexity(config.max_complexity).limit_recursive_depth(config.max_nesting);
    if !config.introspection {
        builder = builder.disable_introspection();
    }
    guard::GuardedSchema::new(builder.finish(), Arc::new(config.clone()))
}

/// The schema in SDL, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
