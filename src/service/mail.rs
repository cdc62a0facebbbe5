//! Queueing mail. A message is rendered and written to the outbox in the transaction of the
//! change that causes it; the worker is woken once that transaction has committed.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::Notify;

use crate::domain::ids::OrganisationId;
use crate::domain::role::Role;
use crate::domain::user::Language;
use crate::service::{ServiceResult, Services};
use crate::store::outbox::{self, MailAttachment, QueuedMail};
use crate::store::{accounts::users, sql, WriteTx};

pub struct MailRecipient {
    pub email: String,
    pub language: Language,
}

impl Services {
    /// Renders `template` for the recipient's language and queues it.
    pub(crate) async fn queue_mail(
        &self,
        tx: &mut WriteTx,
        to: &MailRecipient,
        template: &'static str,
        params: &Value,
        dedupe_key: Option<String>,
    ) -> ServiceResult<()> {
        self.queue_mail_with(tx, to, template, params, dedupe_key, None).await.map(|_| ())
    }

    /// As `queue_mail`, with an attachment (a calendar invitation); false when a message with
    /// the same dedupe key was queued before.
    pub(crate) async fn queue_mail_with(
        &self,
        tx: &mut WriteTx,
        to: &MailRecipient,
        template: &'static str,
        params: &Value,
        dedupe_key: Option<String>,
        attachment: Option<MailAttachment>,
    ) -> ServiceResult<bool> {
        let rendered = self.mail.templates.render(template, to.language, params)?;
        let mail = QueuedMail {
            id: uuid::Uuid::new_v4().to_string(),
            recipient: to.email.clone(),
            template: template.to_string(),
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            dedupe_key,
            attachment,
        };
        Ok(outbox::insert(tx, &mail, sql::micros(self.clock.now())).await?)
    }

    pub(crate) fn mail_wake(&self) -> Arc<Notify> {
        self.mail.wake.clone()
    }

    /// Tells the mail worker that something was queued; call after the commit.
    pub(crate) fn wake_mail_worker(&self) {
        self.mail.wake.notify_one();
    }

    /// The active users of an organisation with any of `roles`, as mail recipients.
    pub(crate) async fn recipients(
        &self,
        tx: &mut WriteTx,
        organisation: OrganisationId,
        roles: &[Role],
    ) -> ServiceResult<Vec<MailRecipient>> {
        let found = users::active_with_roles(tx, organisation, roles).await?;
        Ok(found.into_iter().map(|(email, language)| MailRecipient { email, language }).collect())
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
