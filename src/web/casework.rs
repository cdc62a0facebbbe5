//! Pages for casework: registering a report, the list of own cases, a case's page.

pub mod case_page;
mod form;
pub mod list;
pub mod register;
pub mod sharing;
