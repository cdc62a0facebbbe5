//! An action as one line of a list, in the reader's language: the same on "Mijn werk", the
//! case page, the chain's list and "Mijn acties".

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::action::Action;
use crate::domain::ids::{ChainId, OrganisationId};
use crate::domain::user::Language;
use crate::service::ServiceError;
use crate::store::sql::PageRequest;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Serialize)]
pub struct ActionRow {
    link: String,
    description: String,
    chain: String,
    owner: String,
    due: String,
    overdue: bool,
    status: &'static str,
}

/// The names of the chains and owner organisations a list of actions mentions.
pub struct Names {
    chains: HashMap<ChainId, String>,
    organisations: HashMap<OrganisationId, String>,
}

impl Names {
    pub async fn load(state: &AppState, page: &PageActor, actions: &[&Action]) -> Result<Names, ServiceError> {
        let services = &state.services;
        let chains = services.list_chains(&page.actor, &PageRequest { first: 100, after: None }).await?.items;
        let mut owners: Vec<OrganisationId> = actions.iter().map(|a| a.owner_organisation_id).collect();
        owners.sort_unstable_by_key(|id| id.to_string());
        owners.dedup();
        let organisations = services.organisations_by_ids(&owners).await?;
        Ok(Names {
            chains: chains.into_iter().map(|c| (c.id, c.name)).collect(),
            organisations: organisations.into_iter().map(|o| (o.id, o.name)).collect(),
        })
    }

    pub fn organisation(&self, id: OrganisationId) -> String {
        self.organisations.get(&id).cloned().unwrap_or_default()
    }

    pub fn chain(&self, id: ChainId) -> String {
        self.chains.get(&id).cloned().unwrap_or_default()
    }
}

impl ActionRow {
    pub fn new(action: &Action, names: &Names, today: NaiveDate, language: Language) -> ActionRow {
        ActionRow {
            link: format!("/actions/{}", action.id),
            description: action.description.clone(),
            chain: names.chain(action.chain_id),
            owner: names.organisation(action.owner_organisation_id),
            due: labels::date(action.due_on, language),
            overdue: is_overdue(action, today),
            status: labels::action_status(action.status),
        }
    }
}

/// Still to be done and past its day.
pub fn is_overdue(action: &Action, today: NaiveDate) -> bool {
    action.status.is_open() && action.due_on < today
}

/// The rows of `actions`, the earliest due first.
pub async fn rows(state: &AppState, page: &PageActor, actions: &[&Action]) -> Result<Vec<ActionRow>, ServiceError> {
    let names = Names::load(state, page, actions).await?;
    let today = crate::domain::calendar::local_date(state.services.clock().now());
    let mut sorted = actions.to_vec();
    sorted.sort_by_key(|a| a.due_on);
    Ok(sorted.into_iter().map(|a| ActionRow::new(a, &names, today, page.actor.language)).collect())
}
