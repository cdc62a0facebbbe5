//! Pages for accounts: signing in (with its second step) and out, the account page with the
//! second factor, and the language switch.

pub mod account;
pub mod account_totp;
pub mod language;
pub mod password_reset;
mod qr;
pub mod second_step;
pub mod sign_in;
