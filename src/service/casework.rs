//! Casework: registering cases, consent, sharing with chains, notes, the counterparty and its pseudonyms, and what a withdrawal ends.

pub mod access;
pub mod cases;
pub mod counterparty;
pub mod shared_text;
pub mod sharing;
pub mod withdrawal;
