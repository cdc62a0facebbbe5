//! Pages for case meetings: the list of the caller's meetings, the chair's agenda, and the
//! printable agenda with its minutes.

pub mod agenda;
pub mod list;
pub mod minutes;
pub mod prepare;
