//! Accounts: sign-in and its second factor, the user's own sessions, users, API tokens, organisations, chains and their keys, and the scopes that prove who may administer what.

pub mod access;
pub mod api_tokens;
pub mod chains;
pub mod keys;
pub mod organisations;
pub mod own_sessions;
pub mod password_reset;
pub mod second_factor;
pub mod second_factor_reset;
pub mod sign_in;
pub mod two_step;
pub mod user_import;
pub mod users;
