//! Case meetings in storage: series and meetings, agendas, minutes and actions.

pub mod actions;
pub mod agendas;
pub mod minutes;
pub mod schedule;
