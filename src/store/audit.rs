//! The audit trail in storage: the hash-chained events.

pub mod events;
