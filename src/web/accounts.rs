//! Pages for accounts: signing in and out.

pub mod sign_in;
