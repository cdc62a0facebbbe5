//! Live notices: "a referral was received" for the receiving organisation's subscribers. Each
//! instance fans notices out to its own subscribers; on PostgreSQL, instances pass them to each
//! other through LISTEN/NOTIFY (see `store::notify`), so a subscriber on any instance hears a
//! referral sent through any other.

use futures_util::StreamExt;
use tokio::sync::broadcast;

use crate::domain::ids::{OrganisationId, ReferralId};
use crate::domain::referral::ReferralNotice;
use crate::service::Services;

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

impl Services {
    /// Referrals sent to the caller's organisation from now on, for its case workers. Each
    /// notice is checked again through the ordinary visibility rules before it is passed on.
    pub fn referrals_received(
        self: &std::sync::Arc<Self>,
        actor: &crate::domain::actor::Actor,
    ) -> crate::service::ServiceResult<
        impl futures_util::Stream<Item = crate::domain::referral::Referral> + Send + 'static,
    > {
        self.case_worker(actor)?;
        let services = self.clone();
        let actor = actor.clone();
        let notices = self.subscribe_notices();
        let stream = futures_util::stream::unfold(notices, |mut notices| async move {
            loop {
                match notices.recv().await {
                    Ok(notice) => return Some((notice, notices)),
                    // A slow subscriber misses notices rather than holding everyone up.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        })
        .filter_map(move |notice| {
            let (services, actor) = (services.clone(), actor.clone());
            async move {
                if notice.receiver != actor.organisation_id || !services.still_signed_in(&actor).await.ok()? {
                    return None;
                }
                let mut conn = services.store.read().await.ok()?;
                crate::store::referrals::records::find_for(&mut conn, actor.organisation_id, notice.referral)
                    .await
                    .ok()
                    .flatten()
            }
        });
        Ok(stream)
    }
}
