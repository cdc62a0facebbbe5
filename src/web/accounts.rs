//! Pages for accounts: signing in and out, and the language switch.

pub mod language;
pub mod sign_in;
