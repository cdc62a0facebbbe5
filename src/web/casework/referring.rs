//! The own case page's "Doorverwijzen" section: the reporter's consents to refer (with
//! withdraw), a form to record one (the organisation the routing rules suggest first), the
//! way to compose a referral, and the referrals made from the case with their state.

use serde::Serialize;

use crate::domain::case::Case;
use crate::domain::consent::{ConsentScope, ConsentTarget};
use crate::domain::ids::OrganisationId;
use crate::service::ServiceError;
use crate::web::casework::form::{choice, Choice};
use crate::web::page::PageActor;
use crate::web::referrals::list::{organisation_names, Row};
use crate::web::AppState;

#[derive(Serialize, Default)]
pub struct ReferringView {
    consents: Vec<ReferConsent>,
    organisations: Vec<Choice>,
    referrals: Vec<Row>,
}

#[derive(Serialize)]
struct ReferConsent {
    id: String,
    organisation: String,
}

pub async fn section(state: &AppState, page: &PageActor, case: &Case) -> Result<ReferringView, ServiceError> {
    let services = &state.services;
    let consents = services.consents_of(&page.actor, &[case.id]).await?.remove(&case.id).unwrap_or_default();
    let refer: Vec<_> = consents
        .iter()
        .filter(|c| c.is_active() && c.scope == ConsentScope::Refer)
        .filter_map(|c| match c.target {
            ConsentTarget::Organisation(org) => Some((c.id, org)),
            _ => None,
        })
        .collect();
    let everyone = services.referral_receivers(&page.actor).await?;
    let name_of = |id: OrganisationId| everyone.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_default();
    let suggested = match &case.registration.residence_municipality {
        Some(municipality) => services.suggested_receiver(&page.actor, municipality).await?.map(|o| o.id),
        None => None,
    };
    let mut others: Vec<_> = everyone.iter().filter(|o| !refer.iter().any(|(_, org)| *org == o.id)).collect();
    others.sort_by_key(|o| (Some(o.id) != suggested, o.name.clone()));
    let referrals = services.referrals_of_case(&page.actor, case.id).await?;
    let names = organisation_names(state, &referrals).await?;
    let now = services.clock().now();
    Ok(ReferringView {
        consents: refer
            .iter()
            .map(|(id, org)| ReferConsent { id: id.to_string(), organisation: name_of(*org) })
            .collect(),
        organisations: others
            .iter()
            .map(|o| choice(&o.id.to_string(), o.name.clone(), Some(o.id) == suggested))
            .collect(),
        referrals: referrals.iter().map(|r| Row::new(r, &names, true, now, page.actor.language)).collect(),
    })
}
