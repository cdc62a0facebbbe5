//! Pages for the actions agreed in the chains: the chain's list, "Mijn acties", and the page
//! of one action where its owner records progress.

pub mod action_page;
pub mod list;
pub mod rows;
