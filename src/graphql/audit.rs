//! GraphQL for the audit trail.

pub mod events;
