//! Referrals: sending a dossier to another organisation, receiving and deciding it, its files, escalation and notices.

pub mod escalation;
pub mod files;
pub mod notices;
pub mod receive;
pub mod send;
pub mod views;
