//! Case meetings: series and their dates, meetings, agendas, minutes and the actions agreed.

pub mod actions;
mod agenda_subjects;
pub mod agendas;
pub mod held;
pub mod minutes;
pub mod schedule;
pub mod series;
