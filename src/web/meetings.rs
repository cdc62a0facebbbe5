//! Pages for case meetings: the printable agenda with its minutes.

pub mod agenda;
