use async_graphql::connection::Connection;
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::domain::api_token::ApiToken;
use crate::domain::role::Role;
use crate::graphql::accounts::organisations::parse_id;
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::graphql::paging;
use crate::service::accounts::access::AdminScope;

pub struct ApiTokenNode(pub ApiToken);

/// A token for a machine client of one organisation, with a set of roles.
#[Object(name = "ApiToken")]
impl ApiTokenNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn roles(&self) -> Vec<Role> {
        self.0.roles.to_vec()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

#[derive(Default)]
pub struct ApiTokenQuery;

#[Object]
impl ApiTokenQuery {
    /// The API tokens of the caller's organisation (org admins).
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn api_tokens(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ApiTokenNode>> {
        let page = paging::request(first, after)?;
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        let tokens = services(ctx).list_api_tokens(&scope, &page).await.gql()?;
        Ok(paging::connection(tokens, |t| t.id.uuid(), ApiTokenNode))
    }
}

#[derive(InputObject)]
pub struct CreateApiTokenInput {
    name: String,
    roles: Vec<Role>,
    /// Lifetime in days; the configured default when left out.
    valid_days: Option<i64>,
}

#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    api_token: ApiTokenNode,
    /// Send as `Authorization: Bearer <token>`. Shown once; only its hash is kept.
    token: String,
}

#[derive(Default)]
pub struct ApiTokenMutation;

#[Object]
impl ApiTokenMutation {
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        input: CreateApiTokenInput,
    ) -> async_graphql::Result<CreateApiTokenPayload> {
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        let created = services(ctx).create_api_token(&scope, &input.name, input.roles, input.valid_days).await.gql()?;
        Ok(CreateApiTokenPayload { api_token: ApiTokenNode(created.token), token: created.plaintext })
    }

    /// Revokes a token of the caller's organisation; it stops working at once.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        services(ctx).revoke_api_token(&scope, parse_id(&id)?).await.gql().map(|_| true)
    }
}
