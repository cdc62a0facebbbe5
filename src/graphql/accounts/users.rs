use async_graphql::connection::Connection;
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::domain::role::Role;
use crate::domain::user::{Language, User};
use crate::graphql::accounts::organisations::{self, parse_id, OrganisationNode};
use crate::graphql::context::{actor, services};
use crate::graphql::error::GqlResult;
use crate::graphql::paging;
use crate::service::accounts::access::{AdminScope, UserDirectoryScope};
use crate::service::accounts::users::{InitialPassword, NewUser};

pub struct UserNode(pub User);

/// A person who signs in, in one organisation.
#[Object(name = "User")]
impl UserNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn email(&self) -> &str {
        self.0.email.as_str()
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn language(&self) -> Language {
        self.0.language
    }
    async fn roles(&self) -> Vec<Role> {
        self.0.roles.to_vec()
    }
    async fn disabled(&self) -> bool {
        self.0.disabled_at.is_some()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<OrganisationNode> {
        organisations::load(ctx, self.0.organisation_id).await
    }
}

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The users of the caller's own organisation; for its admins and privacy officers.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, UserNode>> {
        let page = paging::request(first, after)?;
        let scope = UserDirectoryScope::of(actor(ctx)?).gql()?;
        let users = services(ctx).list_users(&scope, &page).await.gql()?;
        Ok(paging::connection(users, |u| u.id.uuid(), UserNode))
    }
}

#[derive(InputObject)]
pub struct CreateUserInput {
    email: String,
    display_name: String,
    roles: Vec<Role>,
    #[graphql(default_with = "Language::Nl")]
    language: Language,
    /// Leave out to have a random initial password made and returned once.
    initial_password: Option<String>,
}

#[derive(SimpleObject)]
pub struct CreateUserPayload {
    user: UserNode,
    /// Only when the service made the initial password; shown this once.
    generated_password: Option<String>,
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Adds a user to the caller's organisation (org admins).
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> async_graphql::Result<CreateUserPayload> {
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        let new = NewUser {
            email: input.email,
            display_name: input.display_name,
            roles: input.roles,
            language: input.language,
            password: match input.initial_password {
                Some(password) => InitialPassword::Given(password),
                None => InitialPassword::Generated,
            },
        };
        let created = services(ctx).create_user(&scope, new).await.gql()?;
        Ok(CreateUserPayload { user: UserNode(created.user), generated_password: created.generated_password })
    }

    /// Gives another user of the caller's organisation a new set of roles (org admins; never
    /// one's own). A new work role is mailed to the privacy officers.
    async fn set_user_roles(&self, ctx: &Context<'_>, id: ID, roles: Vec<Role>) -> async_graphql::Result<UserNode> {
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        services(ctx).set_user_roles(&scope, parse_id(&id)?, roles).await.gql().map(UserNode)
    }

    /// The caller's own language for pages, errors and mail, from the next request on.
    async fn set_language(&self, ctx: &Context<'_>, language: Language) -> async_graphql::Result<UserNode> {
        services(ctx).set_language(actor(ctx)?, language).await.gql().map(UserNode)
    }

    /// Disables a user of the caller's organisation and ends their sessions at once.
    async fn disable_user(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<UserNode> {
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        services(ctx).disable_user(&scope, parse_id(&id)?).await.gql().map(UserNode)
    }

    /// Mails a user of the caller's organisation a link to choose a new password (org admins;
    /// not API tokens). The link works once, for `auth.password_reset_hours`.
    async fn send_password_reset(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let scope = AdminScope::of(actor(ctx)?).gql()?;
        services(ctx).send_password_reset(&scope, parse_id(&id)?).await.gql().map(|_| true)
    }
}
