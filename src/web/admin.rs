//! Pages for an organisation's admin: its people (add, roles, disable, a link to set a new
//! password), its API tokens and its key pair. Every rule is the service's; a page of another
//! organisation's user or token is "not found".

pub mod keys;
pub mod tokens;
pub mod user_page;
pub mod users;
