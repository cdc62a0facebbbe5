//! Pages for casework: registering a report, the list of own cases, a case's page.

pub mod case_page;
pub mod chain_list;
pub mod consents;
pub mod edit;
pub mod facts;
pub mod flagging;
pub mod form;
pub mod list;
pub mod notes;
pub mod pattern;
pub mod referring;
pub mod register;
pub mod sharing;
