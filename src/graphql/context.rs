//! What a resolver can know about its request.

use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::Context;

use crate::domain::actor::Actor;
use crate::service::Services;

/// The caller, when the request carried a valid bearer token.
pub struct RequestAuth(pub Option<Actor>);

/// The address the request came from, for login throttling.
pub struct ClientAddress(pub IpAddr);

pub fn services<'a>(ctx: &Context<'a>) -> &'a Arc<Services> {
    ctx.data_unchecked::<Arc<Services>>()
}

pub fn actor<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Actor> {
    match ctx.data_opt::<RequestAuth>() {
        Some(RequestAuth(Some(actor))) => Ok(actor),
        _ => Err(crate::graphql::error::to_graphql(&crate::service::ServiceError::Unauthenticated)),
    }
}

/// Attaches what the resolvers of one request need: the caller, the client's address and
/// the request's data loaders.
pub fn prepare_request(
    request: async_graphql::Request,
    services: &Arc<Services>,
    actor: Option<Actor>,
    client: IpAddr,
) -> async_graphql::Request {
    let mut request = request.data(ClientAddress(client)).data(crate::graphql::loaders::organisations(services));
    if let Some(actor) = &actor {
        request = request
            .data(crate::graphql::loaders::chain_members(services, actor))
            .data(crate::graphql::loaders::cases(services, actor))
            .data(crate::graphql::loaders::minutes(services, actor))
            .data(crate::graphql::loaders::series(services, actor));
    }
    request.data(RequestAuth(actor))
}
