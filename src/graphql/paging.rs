//! Relay-style connections over the service's keyset pages. A cursor is the opaque,
//! base64-encoded id of the last row seen: no names or e-mail addresses end up in cursors.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{ErrorExtensions, OutputType};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use uuid::Uuid;

use crate::graphql::error::code_error;
use crate::store::sql::{Page, PageRequest};

pub const DEFAULT_PAGE: i32 = 50;
pub const MAX_PAGE: i32 = 100;

/// What a page of `first` items costs in complexity. Out-of-range values cost as much as the
/// largest page; the resolver refuses them with a clear error.
pub fn cost(first: Option<i32>, child_complexity: usize) -> usize {
    let items = first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
    items.saturating_mul(child_complexity)
}

pub fn request(first: Option<i32>, after: Option<String>) -> async_graphql::Result<PageRequest> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&first) {
        let message = format!("first: tussen 1 en {MAX_PAGE} / between 1 and {MAX_PAGE}");
        return Err(code_error("BAD_USER_INPUT", message).extend_with(|_, e| e.set("field", "first")));
    }
    let after = after.map(|cursor| decode(&cursor)).transpose()?;
    Ok(PageRequest { first: first as usize, after })
}

pub fn connection<T, N: OutputType>(
    page: Page<T>,
    id_of: impl Fn(&T) -> Uuid,
    node: impl Fn(T) -> N,
) -> Connection<String, N> {
    let mut connection = Connection::new(false, page.has_next_page);
    for item in page.items {
        let cursor = URL_SAFE_NO_PAD.encode(id_of(&item).as_bytes());
        connection.edges.push(Edge::new(cursor, node(item)));
    }
    connection
}

fn decode(cursor: &str) -> async_graphql::Result<Uuid> {
    URL_SAFE_NO_PAD.decode(cursor).ok().and_then(|bytes| Uuid::from_slice(&bytes).ok()).ok_or_else(|| {
        code_error("BAD_USER_INPUT", "after: ongeldige cursor / invalid cursor")
            .extend_with(|_, e| e.set("field", "after"))
    })
}
