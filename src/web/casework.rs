//! Pages for casework: registering a report and the own case page.

pub mod case_page;
mod form;
pub mod register;
