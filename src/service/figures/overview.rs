//! The monthly casework overview for each expertise centre: what the chains of its region
//! shared last month and which referrals there wait too long; mailed to its analysts on the
//! first working day of the month.

use std::collections::BTreeMap;

use serde_json::json;

use crate::domain::actor::Actor;
use crate::domain::calendar::{is_working_day, local_date, working_days_between};
use crate::domain::ids::{ChainId, OrganisationId};
use crate::domain::organisation::{Organisation, OrganisationKind};
use crate::domain::overview::{summarise, Month, Summary};
use crate::domain::reason::Reason;
use crate::domain::role::Role;
use crate::service::accounts::access::Operator;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::casework::month_figures;
use crate::store::{accounts::chains, accounts::organisations, referrals::records as referrals};

pub struct CaseworkOverview {
    pub organisation: Organisation,
    pub month: Month,
    pub chains: Vec<ChainId>,
    pub summary: Summary,
    /// Per receiving organisation: how many referrals wait longer than the escalation limit.
    pub referrals_waiting: Vec<(OrganisationId, usize)>,
}

impl Services {
    /// Whether the caller reads the monthly overview: the analysts of an expertise centre.
    pub fn reads_overview(&self, actor: &Actor) -> bool {
        actor.has_role(Role::Analyst) && actor.organisation_kind == OrganisationKind::ExpertiseCentre
    }

    /// The overview of `month` for the caller's expertise centre (analysts only).
    pub async fn casework_overview(&self, actor: &Actor, month: Month) -> ServiceResult<CaseworkOverview> {
        if !self.reads_overview(actor) {
            return Err(ServiceError::Forbidden);
        }
        let organisation = organisations::find(&mut *self.store.read().await?, actor.organisation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if organisation.kind != OrganisationKind::ExpertiseCentre {
            return Err(ServiceError::Forbidden);
        }
        if month > Month::of(local_date(self.clock.now())) {
            return Err(ServiceError::bad_input("month", Reason::new("month-not-begun")));
        }
        self.overview_of(organisation, month).await
    }

    async fn overview_of(&self, organisation: Organisation, month: Month) -> ServiceResult<CaseworkOverview> {
        let mut conn = self.store.read().await?;
        let provinces = self.taxonomy.provinces_of(&organisation.region);
        let chain_ids = chains::visible_ids(&mut conn, organisation.id, &provinces).await?;
        let counts = month_figures::first_shared_counts(&mut conn, &chain_ids, month.bounds()).await?;
        let threshold = self.meetings.pattern_threshold as usize;
        let tallies =
            month_figures::pseudonym_tallies(&mut conn, &chain_ids, month.bounds(), organisation.id, threshold).await?;
        let summary = summarise(&counts, &tallies, threshold);
        let members: Vec<OrganisationId> = {
            let mut ids: Vec<_> =
                chains::members_of(&mut conn, &chain_ids).await?.into_iter().map(|(_, o)| o).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let now = self.clock.now();
        let days = self.referrals.config.escalate_after_working_days;
        let mut waiting: BTreeMap<OrganisationId, usize> = BTreeMap::new();
        for referral in referrals::waiting_since(&mut conn, &members, now).await? {
            if referral.sent_at.is_some_and(|sent| working_days_between(sent, now) >= days) {
                *waiting.entry(referral.receiver_organisation_id).or_default() += 1;
            }
        }
        Ok(CaseworkOverview {
            organisation,
            month,
            chains: chain_ids,
            summary,
            referrals_waiting: waiting.into_iter().collect(),
        })
    }

    /// Daily; on the first working day of a month it mails every expertise centre's analysts
    /// a link to last month's overview, once each. Returns the mails queued.
    pub async fn mail_monthly_overviews(&self, _operator: &Operator) -> ServiceResult<usize> {
        let today = local_date(self.clock.now());
        let month = Month::of(today);
        let first_working_day =
            (0..7).map(|n| month.first_day() + chrono::Duration::days(n)).find(|d| is_working_day(*d));
        if first_working_day != Some(today) {
            return Ok(0);
        }
        let last = month.previous();
        let centres = organisations::of_kind(&mut *self.store.read().await?, OrganisationKind::ExpertiseCentre).await?;
        let mut queued = 0;
        let mut work = self.begin_work().await?;
        for centre in centres {
            let params = json!({
                "month": last.to_string(),
                "organisation": centre.name,
                "link": self.link(&format!("/overviews/{last}")),
            });
            for analyst in work.recipients(centre.id, &[Role::Analyst]).await? {
                let dedupe = format!("casework-overview:{}:{last}:{}", centre.id, analyst.email);
                if work.mail_with(&analyst, "casework_overview", &params, Some(dedupe), None).await? {
                    queued += 1;
                }
            }
        }
        work.commit().await?;
        Ok(queued)
    }
}
