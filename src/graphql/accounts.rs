//! GraphQL for accounts: sign-in, the caller, users, API tokens, organisations and chains.

pub mod api_tokens;
pub mod chains;
pub mod organisations;
pub mod sign_in;
pub mod users;
