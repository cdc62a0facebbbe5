//! The monthly casework overview in GraphQL, for expertise centres' analysts.

use async_graphql::{Context, Object, SimpleObject};

use crate::domain::overview::{Count, Month};
use crate::graphql::accounts::organisations::{self, OrganisationNode};
use crate::graphql::context::{actor, services};
use crate::graphql::error::{code_error, GqlResult};
use crate::service::figures::overview::CaseworkOverview;

pub struct OverviewNode(pub CaseworkOverview);

/// What a region's chains shared in one month.
#[Object(name = "CaseworkOverview")]
impl OverviewNode {
    /// YYYY-MM.
    async fn month(&self) -> String {
        self.0.month.to_string()
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.organisation.id).await
    }
    /// Cases first shared in the region's chains that month.
    async fn shared(&self) -> i64 {
        self.0.summary.shared as i64
    }
    async fn by_ground(&self) -> Vec<CountNode> {
        nodes(&self.0.summary.by_ground)
    }
    async fn by_domain(&self) -> Vec<CountNode> {
        nodes(&self.0.summary.by_domain)
    }
    /// By incident municipality (CBS code; empty when unknown).
    async fn by_municipality(&self) -> Vec<CountNode> {
        nodes(&self.0.summary.by_municipality)
    }
    /// Counterparties that reached the pattern threshold that month.
    async fn new_patterns(&self) -> Vec<NewPatternNode> {
        self.0
            .summary
            .new_patterns
            .iter()
            .map(|p| NewPatternNode {
                pseudonym: p.pseudonym.clone(),
                reports: p.reports as i64,
                organisations: p.organisations as i64,
            })
            .collect()
    }
    /// Referrals to members of the region's chains waiting longer than the escalation limit.
    async fn referrals_waiting(&self) -> Vec<WaitingNode> {
        self.0.referrals_waiting.iter().map(|(id, count)| WaitingNode { organisation_id: *id, count: *count }).collect()
    }
    /// The overview as a page.
    async fn url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(services(ctx).link(&format!("/overviews/{}", self.0.month)))
    }
}

#[derive(SimpleObject)]
#[graphql(name = "OverviewCount")]
pub struct CountNode {
    code: String,
    cases: i64,
}

fn nodes(counts: &[Count]) -> Vec<CountNode> {
    counts.iter().map(|c| CountNode { code: c.code.clone(), cases: c.cases as i64 }).collect()
}

#[derive(SimpleObject)]
#[graphql(name = "OverviewPattern")]
pub struct NewPatternNode {
    /// The chain's pseudonym; null when one of its cases is the caller's organisation's own.
    pseudonym: Option<String>,
    reports: i64,
    organisations: i64,
}

pub struct WaitingNode {
    organisation_id: crate::domain::ids::OrganisationId,
    count: usize,
}

#[Object(name = "WaitingReferrals")]
impl WaitingNode {
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.organisation_id).await
    }
    async fn count(&self) -> i64 {
        self.count as i64
    }
}

#[derive(Default)]
pub struct OverviewQuery;

#[Object]
impl OverviewQuery {
    /// The caller's expertise centre's casework overview of a month (YYYY-MM).
    async fn casework_overview(&self, ctx: &Context<'_>, month: String) -> async_graphql::Result<OverviewNode> {
        let month = Month::parse(&month).ok_or_else(|| code_error("BAD_USER_INPUT", "month: YYYY-MM"))?;
        services(ctx).casework_overview(actor(ctx)?, month).await.gql().map(OverviewNode)
    }
}
