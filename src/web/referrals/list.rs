//! "Doorverwijzingen": the organisation's inbox (sent to it, urgent first in the reader's eye
//! by a mark, with how long each has waited) and its outbox (what it sent, with the outcome).
//! The folder and status are the only things in the address.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::ids::OrganisationId;
use crate::domain::referral::{Referral, ReferralStatus, Urgency};
use crate::domain::user::Language;
use crate::messages;
use crate::service::ServiceError;
use crate::store::referrals::records::Folder;
use crate::store::sql::PageRequest;
use crate::web::casework::form::{choice, next_page, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

const PAGE_SIZE: usize = 25;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    folder: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    after: String,
}

pub async fn show(State(state): State<AppState>, page: PageActor, Query(query): Query<ListQuery>) -> Response {
    let outbox = query.folder == "outbox";
    let folder = if outbox { Folder::Outbox } else { Folder::Inbox };
    let status = ReferralStatus::parse(&query.status);
    let request = PageRequest { first: PAGE_SIZE, after: query.after.parse().ok() };
    let services = &state.services;
    let work = async {
        let found = services.referrals(&page.actor, folder, status, &request).await?;
        let names = organisation_names(&state, &found.items).await?;
        Ok::<_, ServiceError>((found, names))
    };
    match work.await {
        Ok((found, names)) => {
            let now = services.clock().now();
            let language = page.actor.language;
            let rows = found.items.iter().map(|r| Row::new(r, &names, outbox, now, language)).collect();
            let next = found.items.last().filter(|_| found.has_next_page).map(|last| next_link(last, &query));
            let view = ListView {
                title: messages::text(language, if outbox { "referrals-outbox" } else { "referrals-inbox" }),
                outbox,
                rows,
                statuses: statuses(language, &query.status, outbox),
                next,
            };
            page.render("referrals", &view)
        }
        Err(error) => page.error(&error),
    }
}

/// The names of the organisations on either side of `referrals`.
pub async fn organisation_names(
    state: &AppState,
    referrals: &[Referral],
) -> Result<HashMap<OrganisationId, String>, ServiceError> {
    let mut ids: Vec<_> =
        referrals.iter().flat_map(|r| [r.sender_organisation_id, r.receiver_organisation_id]).collect();
    ids.sort();
    ids.dedup();
    let found = state.services.organisations_by_ids(&ids).await?;
    Ok(found.into_iter().map(|o| (o.id, o.name)).collect())
}

#[derive(Serialize)]
struct ListView {
    title: String,
    outbox: bool,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    next: Option<String>,
}

#[derive(Serialize)]
pub struct Row {
    link: String,
    other: String,
    urgent: bool,
    status: &'static str,
    sent: String,
    waiting: Option<String>,
}

impl Row {
    pub fn new(
        referral: &Referral,
        names: &HashMap<OrganisationId, String>,
        outbox: bool,
        now: chrono::DateTime<chrono::Utc>,
        language: Language,
    ) -> Row {
        let other = if outbox { referral.receiver_organisation_id } else { referral.sender_organisation_id };
        // Only what still waits for the receiver shows its age; a draft was never sent.
        let waiting = referral
            .sent_at
            .filter(|_| referral.status == ReferralStatus::Sent)
            .map(|sent| labels::age(sent, now, language));
        Row {
            link: format!("/referrals/{}", referral.id),
            other: names.get(&other).cloned().unwrap_or_default(),
            urgent: referral.urgency == Urgency::Urgent,
            status: labels::referral_state(referral.status),
            sent: referral
                .sent_at
                .map_or_else(|| messages::text(language, "referral-not-sent"), |at| labels::moment(at, language)),
            waiting,
        }
    }
}

fn statuses(language: Language, chosen: &str, outbox: bool) -> Vec<Choice> {
    use ReferralStatus::*;
    let all: &[ReferralStatus] = if outbox {
        &[Draft, Sent, Opened, Accepted, Declined, Withdrawn]
    } else {
        &[Sent, Opened, Accepted, Declined]
    };
    all.iter()
        .map(|s| choice(s.as_str(), messages::text(language, labels::referral_state(*s)), s.as_str() == chosen))
        .collect()
}

fn next_link(last: &Referral, query: &ListQuery) -> String {
    next_page("/referrals", &last.id.to_string(), &[("folder", &query.folder), ("status", &query.status)])
}
