//! The privacy officer's pages: the organisation's audit trail, narrowed and paged, its export,
//! and checking the hash chain.

pub mod trail_page;
