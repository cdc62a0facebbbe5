//! Casework in storage: cases, consents, shares, notes, and the daily counterparty counts.

pub mod cases;
pub mod consents;
pub mod counterparty_changes;
pub mod notes;
pub mod shares;
