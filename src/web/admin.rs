//! Pages for an organisation's admin: its people (add, roles, disable, a link to set a new
//! password). Every rule is the service's; a page of another organisation's user is "not found".

pub mod user_page;
pub mod users;
