//! Referral files over HTTP: uploads streamed into age, downloads opened or sealed.

pub mod files;
