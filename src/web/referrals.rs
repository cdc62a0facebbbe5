//! Referrals in the browser (the inbox and outbox, one referral's page, composing one from a
//! case or a new intake, attachments) and referral files over HTTP for API clients.

pub mod compose;
pub mod files;
pub mod intake;
pub mod list;
pub mod referral_page;
pub mod upload;
