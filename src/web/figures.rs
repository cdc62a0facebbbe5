//! Pages for figures: the analysts' monthly overview.

pub mod overview;
