//! Accounts: sign-in, users, API tokens, organisations, chains and their keys, and the scopes that prove who may administer what.

pub mod access;
pub mod api_tokens;
pub mod chains;
pub mod keys;
pub mod organisations;
pub mod sign_in;
pub mod user_import;
pub mod users;
