//! Figures on the registered casework: the analysts' monthly overview.

pub mod overview;
