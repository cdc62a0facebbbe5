//! Case meetings in storage: series and meetings, agendas, minutes and actions.

pub mod actions;
pub mod agendas;
pub mod minutes;
pub mod schedule;

use crate::domain::scope::Scope;

/// The condition that meeting `meeting` (a column) is of a chain the scope's organisation is
/// a member of, with the organisation as `$n`; for the service `$n` is null and all pass.
pub(crate) fn meeting_in_scope(scope: Scope, meeting: &str, n: usize) -> String {
    match scope {
        Scope::Member(_) => format!(
            "EXISTS (SELECT 1 FROM meetings sm JOIN meeting_series ss ON ss.id = sm.series_id
               JOIN chain_members scm ON scm.chain_id = ss.chain_id
             WHERE sm.id = {meeting} AND scm.organisation_id = ${n})"
        ),
        Scope::Service => format!("${n} IS NULL"),
    }
}

/// As `meeting_in_scope`, for a series' chain (a column).
pub(crate) fn chain_in_scope(scope: Scope, chain: &str, n: usize) -> String {
    match scope {
        Scope::Member(_) => format!(
            "EXISTS (SELECT 1 FROM chain_members scm WHERE scm.chain_id = {chain} AND scm.organisation_id = ${n})"
        ),
        Scope::Service => format!("${n} IS NULL"),
    }
}

/// As `meeting_in_scope`, for a series (a column).
pub(crate) fn series_in_scope(scope: Scope, series: &str, n: usize) -> String {
    match scope {
        Scope::Member(_) => format!(
            "EXISTS (SELECT 1 FROM meeting_series ss JOIN chain_members scm ON scm.chain_id = ss.chain_id
             WHERE ss.id = {series} AND scm.organisation_id = ${n})"
        ),
        Scope::Service => format!("${n} IS NULL"),
    }
}

/// The scope's parameter for those conditions.
pub(crate) fn scope_param(scope: Scope) -> Option<String> {
    scope.organisation().map(|o| o.to_string())
}
