//! What an agenda's items are about: the shared cases, patterns and actions they name, each
//! kind read in one statement however long the agenda is.

use std::collections::{HashMap, HashSet};

use crate::domain::action::Action;
use crate::domain::agenda::{AgendaItem, AgendaItemKind};
use crate::domain::case::Case;
use crate::domain::ids::{ActionId, CaseId, ChainId, OrganisationId};
use crate::service::casework::withdrawal::case_gone_for;
use crate::service::meetings::agendas::{AgendaSubject, PatternSummary};
use crate::service::ServiceResult;
use crate::store::casework::cases;
use crate::store::meetings::actions::{self, Reader};

/// What an agenda's items are about, each kind read in one statement.
pub(super) struct AgendaSubjects {
    shared: HashMap<CaseId, Case>,
    owners: HashMap<CaseId, OrganisationId>,
    by_pseudonym: HashMap<String, Vec<Case>>,
    actions: HashMap<ActionId, Action>,
    progress: HashMap<ActionId, Vec<crate::domain::action::Progress>>,
}

impl AgendaSubjects {
    pub(super) async fn read(
        conn: &mut sqlx::AnyConnection,
        chain: ChainId,
        items: &[AgendaItem],
        reader: Reader,
    ) -> ServiceResult<AgendaSubjects> {
        let subjects = |kinds: &[AgendaItemKind]| -> Vec<String> {
            items.iter().filter(|i| kinds.contains(&i.kind)).filter_map(|i| i.subject.clone()).collect()
        };
        let case_ids: Vec<CaseId> = subjects(&[AgendaItemKind::SharedCase, AgendaItemKind::FlaggedCase])
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        let action_ids: Vec<ActionId> =
            subjects(&[AgendaItemKind::Action]).iter().filter_map(|s| s.parse().ok()).collect();
        let shared = cases::shared_by_ids(conn, &[chain], &case_ids).await?.into_iter().map(|c| (c.id, c)).collect();
        let mut by_pseudonym: HashMap<String, Vec<Case>> = HashMap::new();
        let pseudonyms = subjects(&[AgendaItemKind::Pattern]);
        for (pseudonym, case) in
            crate::store::casework::patterns::shared_with_pseudonyms(conn, chain, &pseudonyms).await?
        {
            by_pseudonym.entry(pseudonym).or_default().push(case);
        }
        let owners = cases::owners(conn, &case_ids).await?;
        let found = actions::by_ids(conn, reader, &action_ids).await?;
        let actions = found.into_iter().filter(|a| a.chain_id == chain).map(|a| (a.id, a)).collect();
        let progress = actions::progress_of(conn, &action_ids).await?;
        Ok(AgendaSubjects { shared, owners, by_pseudonym, actions, progress })
    }

    /// What `item` is about, for `reader`; a case item whose case is gone loses its reason
    /// and who raised it.
    pub(super) fn take(&mut self, item: &mut AgendaItem, reader: Reader) -> AgendaSubject {
        let subject = item.subject.clone().unwrap_or_default();
        match item.kind {
            AgendaItemKind::SharedCase | AgendaItemKind::FlaggedCase => {
                let id = subject.parse::<CaseId>().ok();
                let case = id.and_then(|id| self.shared.get(&id).cloned());
                if id.is_none_or(|id| case_gone_for(id, case.is_some(), &self.owners, reader)) {
                    item.title = None;
                    item.added_by_organisation_id = None;
                }
                AgendaSubject::Case(case.map(Case::pseudonymised))
            }
            AgendaItemKind::Pattern => {
                let found = self.by_pseudonym.remove(&subject).unwrap_or_default();
                let organisations: HashSet<_> = found.iter().map(|c| c.organisation_id).collect();
                let reader_owns_one = reader.is_none_or(|org| organisations.contains(&org));
                AgendaSubject::Pattern(PatternSummary {
                    pseudonym: Some(subject).filter(|_| !reader_owns_one),
                    reports: found.len(),
                    organisations: organisations.len(),
                    public_ids: found.into_iter().map(|c| c.public_id).collect(),
                })
            }
            AgendaItemKind::Action => {
                let action = subject.parse::<ActionId>().ok().and_then(|id| self.actions.remove(&id));
                AgendaSubject::Action(action.map(|a| {
                    let history = self.progress.remove(&a.id).unwrap_or_default();
                    (a, history)
                }))
            }
            AgendaItemKind::Topic => AgendaSubject::Topic,
        }
    }
}
