//! Referrals in storage: the referral records, their files on disk, and the notices between instances.

pub mod blobs;
pub mod notify;
pub mod records;
