use crate::graphql::date::Date;
use async_graphql::{Context, InputObject, MaybeUndefined, Object, ID};

use crate::domain::case::{CaseStatus, Registration};
use crate::domain::consent::{ConsentMethod, ConsentScope, ConsentTarget};
use crate::graphql::accounts::organisations::parse_id;
use crate::graphql::casework::cases::{ConsentNode, NoteNode, OwnCase, ShareNode};
use crate::graphql::casework::identity::IdentityFields;
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::service::casework::cases::{CaseChanges, NewCase};

#[derive(InputObject)]
pub struct CreateCaseInput {
    /// Ground codes from the taxonomy; at least one.
    grounds: Vec<String>,
    domain: String,
    manifestations: Vec<String>,
    channel: String,
    handling: String,
    #[graphql(default_with = "CaseStatus::Open")]
    status: CaseStatus,
    /// CBS code; leave out when unknown.
    residence_municipality: Option<String>,
    incident_municipality: Option<String>,
    /// The first day of the incident, or its only day.
    incident_date: Option<Date>,
    /// The last day, when the incident spanned a period.
    incident_until: Option<Date>,
    reported_on: Date,
    police_registration_number: Option<String>,
    /// Written for sharing; checked for identifying data.
    shared_summary: Option<String>,
    /// Leave out for an anonymous report.
    identity: Option<IdentityFields>,
    /// How the reporter consented to registration, and when.
    consent_method: ConsentMethod,
    consent_given_on: Date,
}

#[derive(InputObject)]
pub struct UpdateCaseInput {
    grounds: Option<Vec<String>>,
    domain: Option<String>,
    manifestations: Option<Vec<String>>,
    channel: Option<String>,
    handling: Option<String>,
    status: Option<CaseStatus>,
    residence_municipality: MaybeUndefined<String>,
    incident_municipality: MaybeUndefined<String>,
    incident_date: MaybeUndefined<Date>,
    incident_until: MaybeUndefined<Date>,
    reported_on: Option<Date>,
    police_registration_number: MaybeUndefined<String>,
    shared_summary: MaybeUndefined<String>,
    /// Replaces the identity block; `null` erases it.
    identity: MaybeUndefined<IdentityFields>,
}

#[derive(InputObject)]
pub struct ConsentInput {
    scope: ConsentScope,
    /// For SHARE_PSEUDONYMISED: the chain.
    chain_id: Option<ID>,
    /// For REFER: the organisation.
    organisation_id: Option<ID>,
    method: ConsentMethod,
    given_on: Date,
}

impl CreateCaseInput {
    pub(crate) fn into_new_case(self) -> NewCase {
        NewCase {
            registration: Registration {
                grounds: self.grounds,
                domain: self.domain,
                manifestations: self.manifestations,
                channel: self.channel,
                handling: self.handling,
                status: self.status,
                residence_municipality: self.residence_municipality,
                incident_municipality: self.incident_municipality,
                incident_date: self.incident_date.map(|d| d.0),
                incident_until: self.incident_until.map(|d| d.0),
                reported_on: self.reported_on.0,
                police_registration_number: self.police_registration_number,
            },
            shared_summary: self.shared_summary,
            identity: self.identity.map(Into::into),
            consent_method: self.consent_method,
            consent_given_on: self.consent_given_on.0,
        }
    }
}

/// `Undefined` leaves a field alone, `null` clears it, a value sets it.
fn change<T, U>(value: MaybeUndefined<T>, map: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(map(v))),
    }
}

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// Registers a report of the caller's organisation, with the reporter's consent to register.
    async fn create_case(&self, ctx: &Context<'_>, input: CreateCaseInput) -> async_graphql::Result<OwnCase> {
        let new = input.into_new_case();
        services(ctx).create_case(actor(ctx)?, new).await.gql().map(OwnCase)
    }

    async fn update_case(&self, ctx: &Context<'_>, id: ID, input: UpdateCaseInput) -> async_graphql::Result<OwnCase> {
        let changes = CaseChanges {
            grounds: input.grounds,
            domain: input.domain,
            manifestations: input.manifestations,
            channel: input.channel,
            handling: input.handling,
            status: input.status,
            residence_municipality: change(input.residence_municipality, |v| v),
            incident_municipality: change(input.incident_municipality, |v| v),
            incident_date: change(input.incident_date, |v| v.0),
            incident_until: change(input.incident_until, |v| v.0),
            reported_on: input.reported_on.map(|d| d.0),
            police_registration_number: change(input.police_registration_number, |v| v),
            shared_summary: change(input.shared_summary, |v| v),
            identity: change(input.identity, Into::into),
        };
        services(ctx).update_case(actor(ctx)?, parse_id(&id)?, changes).await.gql().map(OwnCase)
    }

    async fn record_consent(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        input: ConsentInput,
    ) -> async_graphql::Result<ConsentNode> {
        let target = match (&input.chain_id, &input.organisation_id) {
            (Some(chain), None) => ConsentTarget::Chain(parse_id(chain)?),
            (None, Some(org)) => ConsentTarget::Organisation(parse_id(org)?),
            (None, None) => ConsentTarget::None,
            (Some(_), Some(_)) => {
                return Err(crate::graphql::error::code_error(
                    "BAD_USER_INPUT",
                    "chainId of organisationId, niet beide / chainId or organisationId, not both",
                ))
            }
        };
        let consent = services(ctx)
            .record_consent(actor(ctx)?, parse_id(&case_id)?, input.scope, target, input.method, input.given_on.0)
            .await
            .gql()?;
        Ok(ConsentNode(consent))
    }

    /// Withdraws a consent; takes effect at once everywhere.
    async fn withdraw_consent(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        consent_id: ID,
    ) -> async_graphql::Result<ConsentNode> {
        let consent =
            services(ctx).withdraw_consent(actor(ctx)?, parse_id(&case_id)?, parse_id(&consent_id)?).await.gql()?;
        Ok(ConsentNode(consent))
    }

    /// Shares the pseudonymised view with a chain, under the reporter's consent for it.
    async fn share_case(&self, ctx: &Context<'_>, case_id: ID, chain_id: ID) -> async_graphql::Result<ShareNode> {
        let share = services(ctx).share_case(actor(ctx)?, parse_id(&case_id)?, parse_id(&chain_id)?).await.gql()?;
        Ok(ShareNode(share))
    }

    async fn unshare_case(&self, ctx: &Context<'_>, case_id: ID, chain_id: ID) -> async_graphql::Result<bool> {
        services(ctx).unshare_case(actor(ctx)?, parse_id(&case_id)?, parse_id(&chain_id)?).await.gql().map(|_| true)
    }

    /// A note: `shared` notes are checked and visible to partners; others are sealed and internal.
    async fn add_case_note(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        text: String,
        shared: bool,
    ) -> async_graphql::Result<NoteNode> {
        let note = services(ctx).add_case_note(actor(ctx)?, parse_id(&case_id)?, &text, shared).await.gql()?;
        Ok(NoteNode(note))
    }
}
