//! GraphQL for casework: own and shared cases, their changes, identity blocks and the taxonomy.

pub mod cases;
pub mod changes;
pub mod identity;
pub mod taxonomy;
