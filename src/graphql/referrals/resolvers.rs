//! Referrals in GraphQL. Files go up and down through plain streaming HTTP beside /graphql
//! (see `web/referral_files.rs`): GraphQL multipart uploads spool to temporary files, which
//! plaintext must never reach.

use crate::graphql::date::Date;
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::domain::case::CaseStatus;
use crate::domain::consent::{ConsentMethod, ConsentScope};
use crate::domain::referral::{Dossier, Referral, ReferralStatus, Urgency};
use crate::graphql::accounts::organisations::{self, parse_id, OrganisationNode};
use crate::graphql::casework::cases::OwnCase;
use crate::graphql::casework::changes::CreateCaseInput;
use crate::graphql::casework::identity::IdentityFields;
use crate::graphql::context::{actor, services};
use crate::graphql::error::{code_error, GqlResult};
use crate::graphql::paging;
use crate::service::referrals::receive::OpenedReferral;
use crate::service::referrals::send::{NewReferral, ReferralSource};
use crate::store::referrals::records::Folder;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ReferralBox {
    Inbox,
    Outbox,
}

pub struct ReferralNode(pub Referral);

/// A handover between two organisations. The receiver never sees it as a draft; the sender
/// never sees the case it became.
#[Object(name = "Referral")]
impl ReferralNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn status(&self) -> ReferralStatus {
        self.0.status
    }
    async fn urgency(&self) -> Urgency {
        self.0.urgency
    }
    /// Pseudonymised, written for sharing.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    async fn sender(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.sender_organisation_id).await
    }
    async fn receiver(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.receiver_organisation_id).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    async fn opened_at(&self) -> Option<DateTime<Utc>> {
        self.0.opened_at
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// Why the receiver declined, for the sender.
    async fn decline_reason(&self) -> Option<&str> {
        self.0.decline_reason.as_deref()
    }
}

#[derive(SimpleObject)]
#[graphql(name = "DossierConsent")]
pub struct DossierConsentNode {
    scope: ConsentScope,
    method: ConsentMethod,
    given_on: Date,
    withdrawn: bool,
}

/// What the sender handed over, opened for the receiver.
#[derive(SimpleObject)]
#[graphql(name = "Dossier")]
pub struct DossierNode {
    grounds: Vec<String>,
    domain: String,
    manifestations: Vec<String>,
    channel: String,
    handling: String,
    status: CaseStatus,
    residence_municipality: Option<String>,
    incident_municipality: Option<String>,
    incident_date: Option<Date>,
    incident_until: Option<Date>,
    reported_on: Date,
    shared_summary: Option<String>,
    identity: Option<IdentityFields>,
    consents: Vec<DossierConsentNode>,
}

impl From<Dossier> for DossierNode {
    fn from(d: Dossier) -> Self {
        let r = d.registration;
        DossierNode {
            grounds: r.grounds,
            domain: r.domain,
            manifestations: r.manifestations,
            channel: r.channel,
            handling: r.handling,
            status: r.status,
            residence_municipality: r.residence_municipality,
            incident_municipality: r.incident_municipality,
            incident_date: r.incident_date.map(Date),
            incident_until: r.incident_until.map(Date),
            reported_on: Date(r.reported_on),
            shared_summary: d.shared_summary,
            identity: d.identity.map(Into::into),
            consents: d
                .consents
                .into_iter()
                .map(|c| DossierConsentNode {
                    scope: c.scope,
                    method: c.method,
                    given_on: Date(c.given_on),
                    withdrawn: c.withdrawn,
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Attachment")]
pub struct AttachmentNode {
    id: ID,
    name: String,
    content_type: String,
    size_bytes: i64,
    /// GET with the same bearer token: the attachment decrypted.
    url: String,
    /// GET with the same bearer token: the age file as stored.
    sealed_url: String,
}

#[derive(SimpleObject)]
#[graphql(name = "OpenedReferral")]
pub struct OpenedReferralNode {
    referral: ReferralNode,
    /// `null` when the sender sealed a dossier of its own making: download `dossierSealedUrl`.
    dossier: Option<DossierNode>,
    dossier_sealed_url: Option<String>,
    attachments: Vec<AttachmentNode>,
}

impl From<OpenedReferral> for OpenedReferralNode {
    fn from(opened: OpenedReferral) -> Self {
        let id = opened.referral.id;
        OpenedReferralNode {
            dossier: opened.dossier.map(Into::into),
            dossier_sealed_url: opened.dossier_file.map(|f| format!("/referrals/{id}/files/{f}/sealed")),
            attachments: opened
                .attachments
                .into_iter()
                .map(|a| AttachmentNode {
                    id: ID(a.id.to_string()),
                    name: a.meta.name,
                    content_type: a.meta.content_type,
                    size_bytes: a.size_bytes,
                    url: format!("/referrals/{id}/files/{}", a.id),
                    sealed_url: format!("/referrals/{id}/files/{}/sealed", a.id),
                })
                .collect(),
            referral: ReferralNode(opened.referral),
        }
    }
}

#[derive(SimpleObject)]
pub struct AcceptedReferral {
    referral: ReferralNode,
    /// The receiver's new case.
    case: OwnCase,
}

#[derive(InputObject)]
pub struct CreateReferralInput {
    receiver_id: ID,
    #[graphql(default_with = "Urgency::Normal")]
    urgency: Urgency,
    /// Pseudonymised, for the receiver's inbox; checked like a shared summary.
    summary: Option<String>,
    /// Refer an own case; it needs a REFER consent naming the receiver.
    case_id: Option<ID>,
    /// Or a new intake, when the sender keeps no case (the consent fields record the
    /// reporter's consent to this referral).
    intake: Option<CreateCaseInput>,
    /// The sender seals the dossier itself (`age -r <receiver's recipient>`) and uploads it
    /// to `PUT /referrals/{id}/dossier`; the service never sees it.
    #[graphql(default)]
    client_encrypted: bool,
}

#[derive(Default)]
pub struct ReferralQuery;

#[Object]
impl ReferralQuery {
    /// The caller's organisation's inbox (received, never drafts) or outbox, newest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn referrals(
        &self,
        ctx: &Context<'_>,
        r#box: ReferralBox,
        status: Option<ReferralStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ReferralNode>> {
        let page = paging::request(first, after)?;
        let which = match r#box {
            ReferralBox::Inbox => Folder::Inbox,
            ReferralBox::Outbox => Folder::Outbox,
        };
        let found = services(ctx).referrals(actor(ctx)?, which, status, &page).await.gql()?;
        Ok(paging::connection(found, |r| r.id.uuid(), ReferralNode))
    }

    async fn referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ReferralNode> {
        services(ctx).referral(actor(ctx)?, parse_id(&id)?).await.gql().map(ReferralNode)
    }

    /// Which reporting centre handles residents of a municipality, and its id if registered.
    async fn suggested_receiver(
        &self,
        ctx: &Context<'_>,
        municipality: String,
    ) -> async_graphql::Result<Option<OrganisationNode>> {
        services(ctx).suggested_receiver(actor(ctx)?, &municipality).await.gql().map(|o| o.map(OrganisationNode))
    }
}

#[derive(Default)]
pub struct ReferralMutation;

#[Object]
impl ReferralMutation {
    /// Makes a draft: the dossier is sealed to the receiver at once. Add attachments with
    /// `POST /referrals/{id}/attachments`, then `submitReferral`.
    async fn create_referral(
        &self,
        ctx: &Context<'_>,
        input: CreateReferralInput,
    ) -> async_graphql::Result<ReferralNode> {
        let source = match (input.case_id, input.intake) {
            (Some(case), None) => ReferralSource::Case(parse_id(&case)?),
            (None, Some(intake)) => ReferralSource::Intake(Box::new(intake.into_new_case())),
            _ => return Err(code_error("BAD_USER_INPUT", "geef caseId of intake / give caseId or intake")),
        };
        let new = NewReferral {
            receiver: parse_id(&input.receiver_id).map_err(|_| {
                code_error("BAD_USER_INPUT", "receiverId: onbekende organisatie / unknown organisation")
            })?,
            urgency: input.urgency,
            summary: input.summary,
            source,
            client_encrypted: input.client_encrypted,
        };
        services(ctx).create_referral(actor(ctx)?, new).await.gql().map(ReferralNode)
    }

    /// Sends a draft; the receiver's case workers are told by mail.
    async fn submit_referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ReferralNode> {
        services(ctx).submit_referral(actor(ctx)?, parse_id(&id)?).await.gql().map(ReferralNode)
    }

    /// Decrypts a received referral. Every opening is recorded.
    async fn open_referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<OpenedReferralNode> {
        services(ctx).open_referral(actor(ctx)?, parse_id(&id)?).await.gql().map(Into::into)
    }

    async fn accept_referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<AcceptedReferral> {
        let (referral, case) = services(ctx).accept_referral(actor(ctx)?, parse_id(&id)?).await.gql()?;
        Ok(AcceptedReferral { referral: ReferralNode(referral), case: OwnCase(case) })
    }

    async fn decline_referral(&self, ctx: &Context<'_>, id: ID, reason: String) -> async_graphql::Result<ReferralNode> {
        services(ctx).decline_referral(actor(ctx)?, parse_id(&id)?, &reason).await.gql().map(ReferralNode)
    }

    /// The sender takes a referral back, until the receiver has opened it.
    async fn withdraw_referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ReferralNode> {
        services(ctx).withdraw_referral(actor(ctx)?, parse_id(&id)?).await.gql().map(ReferralNode)
    }
}
