//! Casework in storage: cases, consents, shares, notes, and the daily counterparty counts.

pub mod case_rows;
pub mod cases;
pub mod consents;
pub mod counterparty_changes;
pub mod month_figures;
pub mod notes;
pub mod patterns;
pub mod sealed;
pub mod shares;
