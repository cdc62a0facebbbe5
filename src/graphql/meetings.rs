//! GraphQL for case meetings: series and meetings, agendas and minutes, actions.

pub mod actions;
pub mod agendas;
pub mod schedule;
