//! Where mail goes: an SMTP server (plain, STARTTLS or TLS, from configuration) or, as the
//! embedded default, a folder of `.eml` files under the data folder.

use std::path::Path;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{MailConfig, MailTransportKind, SmtpSecurity};
use crate::store::outbox::MailAttachment;

pub enum MailTransport {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl MailTransport {
    pub fn from_config(config: &MailConfig, data_dir: &Path) -> anyhow::Result<MailTransport> {
        match config.transport {
            MailTransportKind::File => {
                let dir = data_dir.join("outbox");
                std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                Ok(MailTransport::File(AsyncFileTransport::new(dir)))
            }
            MailTransportKind::Smtp => {
                let smtp = &config.smtp;
                let mut builder = match smtp.security {
                    SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
                    SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
                };
                builder = builder.port(smtp.port);
                if let Some(password) = &smtp.password {
                    builder = builder
                        .credentials(Credentials::new(smtp.username.clone(), password.expose_secret().to_string()));
                }
                Ok(MailTransport::Smtp(builder.build()))
            }
        }
    }

    pub async fn send(&self, message: Message) -> anyhow::Result<()> {
        match self {
            MailTransport::File(transport) => transport.send(message).await.map(|_| ()).map_err(anyhow::Error::from),
            MailTransport::Smtp(transport) => transport.send(message).await.map(|_| ()).map_err(anyhow::Error::from),
        }
    }
}

/// A message with a plain-text and an HTML alternative, and an attachment if there is one.
pub fn message(
    from: &Mailbox,
    to: &str,
    subject: &str,
    text: &str,
    html: &str,
    attachment: Option<&MailAttachment>,
) -> anyhow::Result<Message> {
    let to: Mailbox = to.parse().context("recipient address")?;
    let body = MultiPart::alternative_plain_html(text.to_string(), html.to_string());
    let body = match attachment {
        None => body,
        Some(file) => {
            let content_type = ContentType::parse(&file.content_type).context("attachment content type")?;
            MultiPart::mixed()
                .multipart(body)
                .singlepart(Attachment::new(file.name.clone()).body(file.body.clone(), content_type))
        }
    };
    Message::builder().from(from.clone()).to(to).subject(subject).multipart(body).context("building a message")
}
