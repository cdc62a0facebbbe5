//! Types and rules of the domain. No I/O: nothing here touches the database, the network or
//! the clock, so every rule can be tested on its own.

pub mod action;
pub mod actor;
pub mod agenda;
pub mod api_token;
pub mod audit;
pub mod calendar;
pub mod case;
pub mod chain;
pub mod consent;
pub mod identity;
pub mod ids;
pub mod meeting;
pub mod minutes;
pub mod organisation;
pub mod overview;
pub mod pseudonym;
pub mod reason;
pub mod referral;
pub mod role;
pub mod scope;
pub mod second_factor;
pub mod shareable_text;
pub mod sharing;
pub mod taxonomy;
pub mod text;
pub mod user;
