//! Pages for case meetings: the list of the caller's meetings, the series and their form,
//! the chair's agenda, moving or cancelling a meeting, the minutes, and the printable agenda.

pub mod agenda;
pub mod agenda_flag;
pub mod list;
pub mod minutes;
pub mod minutes_print;
pub mod prepare;
pub mod reschedule;
mod series_fields;
pub mod series_form;
pub mod series_list;
