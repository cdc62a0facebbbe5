//! The audit trail: appending events, reading and verifying them.

pub mod search;
pub mod trail;
