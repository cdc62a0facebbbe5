//! Cases in GraphQL. The owner's view (`OwnCase`) and the partners' pseudonymised view
//! (`SharedCase`) are different types, so a partner cannot even ask for identity fields.

use crate::graphql::date::Date;
use async_graphql::connection::Connection;
use async_graphql::{Context, Object, SimpleObject, Union, ID};
use chrono::{DateTime, Utc};

use crate::domain::case::{Case, CaseStatus, CounterpartyKind, PseudonymisedCase};
use crate::domain::consent::{Consent, ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, OrganisationId};
use crate::domain::sharing::Share;
use crate::graphql::accounts::organisations::{self, parse_id, OrganisationNode};
use crate::graphql::casework::identity::IdentityFields;
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::graphql::loaders::{Cached, CaseLoaders, OrganisationLoader};
use crate::graphql::paging;
use crate::service::casework::cases::CaseView as ServiceCaseView;
use crate::service::casework::sharing::NoteView;
use crate::store::casework::cases::CaseFilter;

pub struct OwnCase(pub Case);
pub struct SharedCase(pub PseudonymisedCase);

/// A case of the caller's own organisation, whole.
#[Object]
impl OwnCase {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The code partners quote; says nothing about the owner.
    async fn public_id(&self) -> &str {
        &self.0.public_id
    }
    /// The organisation's own number, e.g. MDD-2026-0042.
    async fn case_number(&self) -> &str {
        &self.0.case_number
    }
    async fn police_registration_number(&self) -> Option<&str> {
        self.0.registration.police_registration_number.as_deref()
    }
    async fn grounds(&self) -> &[String] {
        &self.0.registration.grounds
    }
    async fn domain(&self) -> &str {
        &self.0.registration.domain
    }
    async fn manifestations(&self) -> &[String] {
        &self.0.registration.manifestations
    }
    async fn channel(&self) -> &str {
        &self.0.registration.channel
    }
    async fn handling(&self) -> &str {
        &self.0.registration.handling
    }
    async fn status(&self) -> CaseStatus {
        self.0.registration.status
    }
    async fn residence_municipality(&self) -> Option<&str> {
        self.0.registration.residence_municipality.as_deref()
    }
    async fn incident_municipality(&self) -> Option<&str> {
        self.0.registration.incident_municipality.as_deref()
    }
    async fn incident_date(&self) -> Option<Date> {
        self.0.registration.incident_date.map(Date)
    }
    /// The last day, when the incident spanned a period.
    async fn incident_until(&self) -> Option<Date> {
        self.0.registration.incident_until.map(Date)
    }
    async fn incident_month(&self) -> Option<String> {
        self.0.registration.incident_month()
    }
    async fn reported_on(&self) -> Date {
        Date(self.0.registration.reported_on)
    }
    async fn shared_summary(&self) -> Option<&str> {
        self.0.shared_summary.as_deref()
    }
    async fn counterparty_kind(&self) -> Option<CounterpartyKind> {
        self.0.counterparty_kind
    }
    /// Whether the case belongs to a pattern in the chains it is shared with: per chain, how
    /// many cases there are about the same counterparty. Counts only: an organisation never
    /// reads its own case's pseudonym, which would tell it the pseudonym of any name it typed.
    #[graphql(complexity = 10)]
    async fn patterns(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CasePatternNode>> {
        let found = services(ctx).case_patterns(actor(ctx)?, self.0.id).await.gql()?;
        Ok(found.into_iter().map(CasePatternNode).collect())
    }
    /// No identity block: an anonymous report, or erased.
    async fn anonymous(&self) -> bool {
        !self.0.has_identity
    }
    async fn taxonomy_version(&self) -> &str {
        &self.0.taxonomy_version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.organisation_id).await
    }
    /// The identity block, opened for the caller. Every read is an audit event.
    async fn identity(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<IdentityFields>> {
        let identity = services(ctx).read_identity(actor(ctx)?, self.0.id).await.gql()?;
        Ok(identity.map(IdentityFields::from))
    }
    async fn consents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ConsentNode>> {
        let loaded = ctx.data::<CaseLoaders>()?.consents.load_one(self.0.id).await.gql()?;
        Ok(loaded.unwrap_or_default().into_iter().map(ConsentNode).collect())
    }
    /// The chains it is shared with now.
    async fn shares(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ShareNode>> {
        let loaded = ctx.data::<CaseLoaders>()?.own_shares.load_one(self.0.id).await.gql()?;
        Ok(loaded.unwrap_or_default().into_iter().map(ShareNode).collect())
    }
    /// All notes, internal ones opened.
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<NoteNode>> {
        let loaded = ctx.data::<CaseLoaders>()?.own_notes.load_one(self.0.id).await.gql()?;
        Ok(loaded.unwrap_or_default().into_iter().map(NoteNode).collect())
    }
}

/// The pseudonymised view of a case shared with a chain: never names, contact data, dates
/// or text that was not written for sharing.
#[Object]
impl SharedCase {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn public_id(&self) -> &str {
        &self.0.public_id
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.organisation_id).await
    }
    async fn grounds(&self) -> &[String] {
        &self.0.grounds
    }
    async fn domain(&self) -> &str {
        &self.0.domain
    }
    async fn manifestations(&self) -> &[String] {
        &self.0.manifestations
    }
    async fn residence_municipality(&self) -> Option<&str> {
        self.0.residence_municipality.as_deref()
    }
    async fn incident_municipality(&self) -> Option<&str> {
        self.0.incident_municipality.as_deref()
    }
    /// The month only, never the date.
    async fn incident_month(&self) -> Option<String> {
        self.0.incident_month.clone()
    }
    async fn status(&self) -> CaseStatus {
        self.0.status
    }
    async fn handling(&self) -> &str {
        &self.0.handling
    }
    async fn shared_summary(&self) -> Option<&str> {
        self.0.shared_summary.as_deref()
    }
    /// Shares with chains the caller sees, each with the counterparty's pseudonym in that chain.
    async fn shares(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ShareNode>> {
        let loaded = ctx.data::<CaseLoaders>()?.shared_shares.load_one(self.0.id).await.gql()?;
        Ok(loaded.unwrap_or_default().into_iter().map(ShareNode).collect())
    }
    /// Notes written for sharing.
    async fn shared_notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<NoteNode>> {
        let loaded = ctx.data::<CaseLoaders>()?.shared_notes.load_one(self.0.id).await.gql()?;
        Ok(loaded.unwrap_or_default().into_iter().map(NoteNode).collect())
    }
}

/// A case as the caller may see it.
#[derive(Union)]
pub enum CaseView {
    OwnCase(OwnCase),
    SharedCase(SharedCase),
}

pub struct ConsentNode(pub Consent);

/// What the reporter allowed, how and when; withdrawn consents stay on record.
#[Object(name = "Consent")]
impl ConsentNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn scope(&self) -> ConsentScope {
        self.0.scope
    }
    async fn chain_id(&self) -> Option<ID> {
        match self.0.target {
            ConsentTarget::Chain(id) => Some(ID(id.to_string())),
            _ => None,
        }
    }
    async fn organisation_id(&self) -> Option<ID> {
        match self.0.target {
            ConsentTarget::Organisation(id) => Some(ID(id.to_string())),
            _ => None,
        }
    }
    async fn method(&self) -> ConsentMethod {
        self.0.method
    }
    async fn given_on(&self) -> Date {
        Date(self.0.given_on)
    }
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.withdrawn_at
    }
}

pub struct ShareNode(pub Share);

#[Object(name = "Share")]
impl ShareNode {
    async fn chain_id(&self) -> ID {
        ID(self.0.chain_id.to_string())
    }
    async fn shared_at(&self) -> DateTime<Utc> {
        self.0.shared_at
    }
    /// The counterparty's pseudonym in this chain: the same counterparty has the same
    /// pseudonym within a chain and another in every other chain. Null when the case names no
    /// counterparty, and on the caller's own cases.
    async fn counterparty_pseudonym(&self) -> Option<&str> {
        self.0.counterparty_pseudonym.as_deref()
    }
}

pub struct CasePatternNode(pub crate::service::casework::counterparty::CasePattern);

/// How many cases shared in one chain are about the same counterparty as an own case.
#[Object(name = "CasePattern")]
impl CasePatternNode {
    async fn chain_id(&self) -> ID {
        ID(self.0.chain_id.to_string())
    }
    /// Cases shared in the chain about it, this one included.
    async fn reports(&self) -> i64 {
        self.0.reports
    }
    async fn organisations(&self) -> i64 {
        self.0.organisations
    }
}

pub struct NoteNode(pub NoteView);

#[Object(name = "Note")]
impl NoteNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn shared(&self) -> bool {
        self.0.shared
    }
    async fn text(&self) -> &str {
        &self.0.text
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// How many of the partners' reports shared in the caller's chains name one counterparty, by
/// a chain's pseudonym of it; the caller's own cases are neither counted nor listed.
#[derive(SimpleObject)]
pub struct CounterpartyPattern {
    pseudonym: String,
    reports: i32,
    organisations: i32,
    /// The partners' cases about it, pseudonymised.
    shared_cases: Vec<SharedCase>,
}

/// Loads each relationship that the query selects on the nodes of a page, for the whole page
/// in one batch; the nodes then find their part in the request's loader cache. This keeps
/// the statements per page fixed, however many cases it holds.
fn keys(cases: impl Iterator<Item = (CaseId, OrganisationId)>) -> Vec<(CaseId, OrganisationId)> {
    cases.collect()
}

/// Loads in one query each what the selection asks of the cases listed (by id and owner).
async fn prefetch(
    ctx: &Context<'_>,
    cases: &[(CaseId, OrganisationId)],
    own: bool,
    node: async_graphql::Lookahead<'_>,
) -> async_graphql::Result<()> {
    let ids: Vec<_> = cases.iter().map(|(id, _)| *id).collect();
    let loaders = ctx.data::<CaseLoaders>()?;
    let (shares, notes, notes_field) = if own {
        (&loaders.own_shares, &loaders.own_notes, "notes")
    } else {
        (&loaders.shared_shares, &loaders.shared_notes, "sharedNotes")
    };
    if own && node.field("consents").exists() {
        loaders.consents.load_many(ids.iter().copied()).await.gql()?;
    }
    if node.field("shares").exists() {
        shares.load_many(ids.iter().copied()).await.gql()?;
    }
    if node.field(notes_field).exists() {
        notes.load_many(ids.iter().copied()).await.gql()?;
    }
    if node.field("organisation").exists() {
        let organisations = ctx.data::<Cached<OrganisationLoader>>()?;
        organisations.load_many(cases.iter().map(|(_, organisation)| *organisation)).await.gql()?;
    }
    Ok(())
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    /// The cases of the caller's organisation, newest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        status: Option<CaseStatus>,
        ground: Option<String>,
        residence_municipality: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, OwnCase>> {
        let page = paging::request(first, after)?;
        let filter = CaseFilter { status, ground, residence_municipality, ..CaseFilter::default() };
        let cases = services(ctx).own_cases(actor(ctx)?, &filter, &page).await.gql()?;
        prefetch(
            ctx,
            &keys(cases.items.iter().map(|c| (c.id, c.organisation_id))),
            true,
            ctx.look_ahead().field("edges").field("node"),
        )
        .await?;
        Ok(paging::connection(cases, |c| c.id.uuid(), OwnCase))
    }

    /// Cases shared with the chains the caller's organisation sees, or with one of them.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn shared_cases(
        &self,
        ctx: &Context<'_>,
        chain_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, SharedCase>> {
        let page = paging::request(first, after)?;
        let chain = chain_id.as_ref().map(parse_id).transpose()?;
        let cases = services(ctx).shared_cases(actor(ctx)?, chain, &Default::default(), &page).await.gql()?;
        prefetch(
            ctx,
            &keys(cases.items.iter().map(|c| (c.id, c.organisation_id))),
            false,
            ctx.look_ahead().field("edges").field("node"),
        )
        .await?;
        Ok(paging::connection(cases, |c| c.id.uuid(), SharedCase))
    }

    /// One case: whole when the caller's organisation owns it, pseudonymised when it is shared
    /// with the caller, not found otherwise.
    async fn case(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<CaseView> {
        match services(ctx).case(actor(ctx)?, parse_id(&id)?).await.gql()? {
            ServiceCaseView::Own(case) => Ok(CaseView::OwnCase(OwnCase(case))),
            ServiceCaseView::Shared(case) => Ok(CaseView::SharedCase(SharedCase(case))),
        }
    }

    async fn counterparty_pattern(
        &self,
        ctx: &Context<'_>,
        pseudonym: String,
    ) -> async_graphql::Result<CounterpartyPattern> {
        let pattern = services(ctx).counterparty_pattern(actor(ctx)?, &pseudonym).await.gql()?;
        prefetch(
            ctx,
            &keys(pattern.partner_cases.iter().map(|c| (c.id, c.organisation_id))),
            false,
            ctx.look_ahead().field("sharedCases"),
        )
        .await?;
        let shared_cases = pattern.partner_cases.into_iter().map(SharedCase).collect();
        Ok(CounterpartyPattern {
            pseudonym: pattern.pseudonym,
            reports: pattern.reports as i32,
            organisations: pattern.organisations as i32,
            shared_cases,
        })
    }
}
