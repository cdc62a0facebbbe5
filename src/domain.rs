//! Types and rules of the domain. No I/O: nothing here touches the database, the network or
//! the clock, so every rule can be tested on its own.

pub mod actor;
pub mod api_token;
pub mod chain;
pub mod ids;
pub mod organisation;
pub mod role;
pub mod text;
pub mod user;
