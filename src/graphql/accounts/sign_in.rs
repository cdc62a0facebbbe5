use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::accounts::users::UserNode;
use crate::graphql::context::{actor, services, ClientAddress};
use crate::graphql::error::GqlResult;
use crate::service::accounts::sign_in::LoginSession;

#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// The signed-in user. Not found for an API token, which is no person.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<UserNode> {
        services(ctx).me(actor(ctx)?).await.gql().map(UserNode)
    }
}

#[derive(SimpleObject)]
pub struct LoginPayload {
    /// Send as `Authorization: Bearer <token>`. Shown once.
    token: String,
    expires_at: DateTime<Utc>,
    user: UserNode,
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> async_graphql::Result<LoginPayload> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        let session = services(ctx).login(&email, &password, client).await.gql()?;
        payload(ctx, session).await
    }

    /// Ends the caller's session.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        services(ctx).logout(actor(ctx)?).await.gql().map(|_| true)
    }

    /// Changes the caller's password and ends all their sessions; returns a new session.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<LoginPayload> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        let session =
            services(ctx).change_password(actor(ctx)?, &current_password, &new_password, client).await.gql()?;
        payload(ctx, session).await
    }
}

async fn payload(ctx: &Context<'_>, session: LoginSession) -> async_graphql::Result<LoginPayload> {
    // The request carried no actor for the new session yet: read the user as that session.
    let services = services(ctx);
    let actor = services.authenticate(&session.token).await.gql()?;
    let user = services.me(&actor).await.gql()?;
    Ok(LoginPayload { token: session.token, expires_at: session.expires_at, user: UserNode(user) })
}
