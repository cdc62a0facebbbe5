//! Accounts in storage: users, their roles, sessions and second factors, API tokens, organisations, their keys, chains, and the login throttle.

pub mod api_tokens;
pub mod chains;
pub mod login_throttle;
pub mod organisation_keys;
pub mod organisations;
pub mod password_resets;
pub mod roles;
pub mod second_factor;
pub mod sessions;
pub mod users;
