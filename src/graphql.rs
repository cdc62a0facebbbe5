//! The GraphQL door: objects per resource, merged; every resolver is a thin call into
//! `service`. Limits and the schema's printed form (SDL) are set here.

mod actions;
mod agendas;
mod api_tokens;
mod audit;
mod auth;
mod case_mutations;
mod cases;
mod chains;
pub mod context;
mod date;
pub mod error;
mod extent;
mod guard;
mod identity;
pub mod limits;
pub mod loaders;
mod meetings;
pub mod nesting;
mod organisations;
mod overview;
mod paging;
mod referrals;
mod subscriptions;
mod taxonomy;
mod users;

use std::sync::Arc;

use async_graphql::{MergedObject, Schema, SchemaBuilder};

use crate::config::GraphqlConfig;
use crate::service::Services;

#[derive(MergedObject, Default)]
pub struct Query(
    auth::MeQuery,
    organisations::OrganisationQuery,
    chains::ChainQuery,
    users::UserQuery,
    api_tokens::ApiTokenQuery,
    cases::CaseQuery,
    taxonomy::TaxonomyQuery,
    audit::AuditQuery,
    referrals::ReferralQuery,
    meetings::MeetingQuery,
    actions::ActionQuery,
    overview::OverviewQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    users::UserMutation,
    api_tokens::ApiTokenMutation,
    case_mutations::CaseMutation,
    referrals::ReferralMutation,
    meetings::MeetingMutation,
    agendas::AgendaMutation,
    actions::ActionMutation,
);

pub type AppSchema = Schema<Query, Mutation, subscriptions::SubscriptionRoot>;

fn builder() -> SchemaBuilder<Query, Mutation, subscriptions::SubscriptionRoot> {
    Schema::build(Query::default(), Mutation::default(), subscriptions::SubscriptionRoot)
}

pub fn build_schema(services: Arc<Services>, config: &GraphqlConfig) -> AppSchema {
    // Depth is the guard's (it leaves introspection out); async-graphql's own recursion check
    // runs on the document the guard has already bounded.
    let mut builder = builder()
        .data(services)
        .extension(guard::DocumentGuard::new(Arc::new(config.clone())))
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(config.max_nesting);
    if !config.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The schema in SDL, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
