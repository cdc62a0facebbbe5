//! Delivers the outbox. A message is claimed with a lease, sent, and marked sent once; a
//! failure is retried with growing pauses; a worker that dies mid-way leaves its lease to
//! expire, and the message is claimed again. Plain functions, so tests call them directly.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::{watch, Notify};

use super::transport::{self, MailTransport};
use crate::clock::SharedClock;
use crate::store::{outbox, sql, Store};

const LEASE: chrono::Duration = chrono::Duration::minutes(5);
const BATCH: i64 = 50;

pub struct MailWorker {
    pub store: Store,
    pub transport: MailTransport,
    pub clock: SharedClock,
    pub from: Mailbox,
    pub max_attempts: i64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retried: usize,
    pub given_up: usize,
}

impl MailWorker {
    /// Delivers every message that is due now.
    pub async fn deliver_due(&self) -> anyhow::Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        loop {
            let now = self.clock.now();
            // The writer goes back to the pool before the mail goes out: SMTP holds up no use case.
            let claimed = {
                let mut writer = self.store.single_statement_writer().await?;
                outbox::claim_due(&mut writer, sql::micros(now), sql::micros(now + LEASE), BATCH).await?
            };
            if claimed.is_empty() {
                return Ok(report);
            }
            for mail in claimed {
                let sent = match transport::message(
                    &self.from,
                    &mail.recipient,
                    &mail.subject,
                    &mail.body_text,
                    &mail.body_html,
                    mail.attachment.as_ref(),
                ) {
                    Ok(message) => self.transport.send(message).await,
                    Err(error) => Err(error),
                };
                let now = self.clock.now();
                let mut writer = self.store.single_statement_writer().await?;
                match sent {
                    Ok(()) => {
                        outbox::mark_sent(&mut writer, &mail.id, sql::micros(now)).await?;
                        report.sent += 1;
                    }
                    Err(error) => {
                        // The id only: an SMTP server's answer can quote the address, which is
                        // personal data. The full error is kept in the outbox row (last_error).
                        tracing::warn!(mail = %mail.id, attempt = mail.attempts, "mail delivery failed; see mail_outbox.last_error");
                        let give_up = mail.attempts >= self.max_attempts;
                        let retry_at = (!give_up).then(|| sql::micros(now + backoff(mail.attempts)));
                        outbox::mark_failed(&mut writer, &mail.id, retry_at, sql::micros(now), &format!("{error:#}"))
                            .await?;
                        if give_up {
                            report.given_up += 1;
                        } else {
                            report.retried += 1;
                        }
                    }
                }
            }
        }
    }

    /// Delivers until `stopping` turns true: when woken after a commit, and every `poll`.
    pub async fn run(self, poll: Duration, wake: Arc<Notify>, mut stopping: watch::Receiver<bool>) {
        loop {
            if let Err(error) = self.deliver_due().await {
                tracing::error!(error = %format!("{error:#}"), "mail worker");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = stopping.wait_for(|s| *s) => return,
            }
        }
    }
}

/// One minute after the first failure, doubling, at most six hours.
fn backoff(attempts: i64) -> chrono::Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    chrono::Duration::minutes(minutes.min(360))
}
