//! Escalation: a referral not opened within the configured number of working days is reported
//! to the receiving organisation's admins and to the sender, once.

use serde_json::json;

use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::calendar::working_days_between;
use crate::domain::role::Role;
use crate::service::accounts::access::Operator;
use crate::service::audit::trail::AuditObject;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::{accounts::organisations, referrals::records as referrals};

impl Services {
    /// Reports every sent referral that has waited too long unopened; each one once, however
    /// often this runs. Returns how many were escalated now.
    pub async fn escalate_unopened_referrals(&self, _operator: &Operator) -> ServiceResult<usize> {
        let now = self.clock.now();
        let days = self.referrals.config.escalate_after_working_days;
        let waiting = referrals::unopened_since(&mut *self.store.read().await?, now).await?;
        let mut escalated = 0;
        for referral in
            waiting.into_iter().filter(|r| r.sent_at.is_some_and(|sent| working_days_between(sent, now) >= days))
        {
            let mut work = self.begin_work().await?;
            if !referrals::mark_escalated(&mut work, referral.id, now).await? {
                continue;
            }
            let sender =
                organisations::find(&mut work, referral.sender_organisation_id).await?.ok_or(ServiceError::NotFound)?;
            let receiver = organisations::find(&mut work, referral.receiver_organisation_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let params = json!({
                "sender": sender.name,
                "receiver": receiver.name,
                "working_days": days,
                "link": self.link(&format!("/referrals/{}", referral.id)),
            });
            let mut to = work.recipients(receiver.id, &[Role::OrgAdmin]).await?;
            to.extend(self.sender_recipients(&mut work, &referral).await?);
            for recipient in to {
                let dedupe = format!("referral-escalated:{}:{}", referral.id, recipient.email);
                work.mail(&recipient, "referral_escalated", &params, Some(dedupe)).await?;
            }
            let object = AuditObject { kind: "referral", id: &referral.id.to_string() };
            work.audit(None, Some(receiver.id), AuditAction::ReferralEscalated, Some(object), AuditResult::Ok).await?;
            work.commit().await?;
            escalated += 1;
        }
        Ok(escalated)
    }
}
