//! Live notices: "a referral was received" for the receiving organisation's subscribers. Each
//! instance fans notices out to its own subscribers; on PostgreSQL, instances pass them to each
//! other through LISTEN/NOTIFY (see `store::notify`), so a subscriber on any instance hears a
//! referral sent through any other.

use tokio::sync::broadcast;

use super::Services;
use crate::domain::ids::{OrganisationId, ReferralId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralNotice {
    pub receiver: OrganisationId,
    pub referral: ReferralId,
}

impl Services {
    /// Announces a sent referral to every instance (after the commit that sent it).
    pub(crate) async fn publish_referral_received(&self, receiver: OrganisationId, referral: ReferralId) {
        let notice = ReferralNotice { receiver, referral };
        match self.store.notify_peers(&notice).await {
            // PostgreSQL delivers it back to this instance too, through the listener.
            Ok(true) => {}
            Ok(false) => self.deliver_notice(notice),
            Err(error) => {
                tracing::warn!(error = %error, "could not pass a notice to other instances");
                self.deliver_notice(notice);
            }
        }
    }

    /// Hands a notice to this instance's subscribers.
    pub fn deliver_notice(&self, notice: ReferralNotice) {
        let _ = self.notices.send(notice);
    }

    /// Notices from now on; the caller filters to what its subscriber may see.
    pub fn subscribe_notices(&self) -> broadcast::Receiver<ReferralNotice> {
        self.notices.subscribe()
    }
}
