//! Queueing mail. A message is rendered and written to the outbox in the transaction of the
//! change that causes it; the worker is woken once that transaction has committed.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::domain::user::Language;
use crate::service::Services;

pub struct MailRecipient {
    pub email: String,
    pub language: Language,
}

impl Services {
    pub(crate) fn mail_wake(&self) -> Arc<Notify> {
        self.mail.wake.clone()
    }

    /// A link into the service, for mail. Paths carry random ids only, never personal data.
    /// The address users reach the service at.
    pub fn public_url(&self) -> &str {
        &self.mail.public_url
    }

    pub(crate) fn link(&self, path: &str) -> String {
        format!("{}{}", self.mail.public_url.trim_end_matches('/'), path)
    }
}
