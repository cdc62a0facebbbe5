//! End-to-end tests: the real service on port 0, spoken to over HTTP, on SQLite and on
//! PostgreSQL. `scripts/test` provides the PostgreSQL server.

mod helpers;

mod action_pages;
mod actions;
mod admin_keys_tokens;
mod admin_pages;
mod agendas;
mod auth;
mod authenticator;
mod bad_input;
mod binary;
mod browser;
mod browser_account;
mod cases;
mod chain_roles;
mod commands;
mod graphql_http;
mod hostile;
mod http;
mod jobs;
mod languages;
mod limits;
mod meeting_pages;
mod meetings;
mod minutes;
mod overview;
mod pages;
mod process;
mod pseudonyms;
mod referral_consent;
mod referral_pages;
mod referrals;
mod schema;
mod second_factor;
mod series_pages;
mod shared_text;
mod storage;
mod subscriptions;
mod tokens;
mod users;
mod webdriver;
mod withdrawal;
