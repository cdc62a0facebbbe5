//! Passing notices between instances. On PostgreSQL a notice goes out with NOTIFY on one
//! channel and every instance LISTENs; SQLite is one instance, so there is no one to tell.

use sqlx::postgres::PgListener;

use crate::domain::ids::{OrganisationId, ReferralId};
use crate::domain::referral::ReferralNotice;
use crate::store::{Engine, Store};

const CHANNEL: &str = "ketenaanpak_referral_received";

impl Store {
    /// Sends a notice to every instance; false when the engine has no other instances.
    pub async fn notify_peers(&self, notice: &ReferralNotice) -> sqlx::Result<bool> {
        if self.engine != Engine::Postgres {
            return Ok(false);
        }
        // Ids only: a notice says which organisation has which referral waiting.
        let payload = format!("{} {}", notice.receiver, notice.referral);
        sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&self.readers).await?;
        Ok(true)
    }

    /// Listens for notices from every instance (PostgreSQL only; `None` on SQLite).
    pub async fn listen(&self, url: &str) -> sqlx::Result<Option<NoticeListener>> {
        if self.engine != Engine::Postgres {
            return Ok(None);
        }
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(NoticeListener { listener }))
    }
}

pub struct NoticeListener {
    listener: PgListener,
}

impl NoticeListener {
    /// The next notice; reconnects by itself after a dropped connection.
    pub async fn next(&mut self) -> sqlx::Result<Option<ReferralNotice>> {
        let notification = self.listener.recv().await?;
        let mut parts = notification.payload().split(' ');
        let receiver = parts.next().and_then(|p| p.parse::<OrganisationId>().ok());
        let referral = parts.next().and_then(|p| p.parse::<ReferralId>().ok());
        Ok(receiver.zip(referral).map(|(receiver, referral)| ReferralNotice { receiver, referral }))
    }
}
