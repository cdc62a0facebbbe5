//! Keys and the audit trail, from the shell.

use anyhow::{bail, Context};
use clap::Subcommand;

use super::admin::open;
use crate::config::Config;
use crate::service::accounts::access::Operator;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Print an organisation's current age recipient (public key).
    Show {
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
    },
    /// Make a new key pair current, re-seal everything the organisation owns, retire the old one.
    Rotate {
        #[arg(long)]
        org: String,
    },
    /// Let the organisation keep its identity offline: seal to this recipient from now on.
    SetOffline {
        #[arg(long)]
        org: String,
        /// The organisation's own age recipient (age1…).
        #[arg(long)]
        recipient: String,
    },
    /// Print an organisation's current identity (secret key), for opening its data offline
    /// with `age -d -i`. Handle the output as the secret it is.
    Export {
        #[arg(long)]
        org: String,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain of the whole audit trail; names the first broken event.
    Verify,
}

pub async fn keys(config: &Config, command: KeysCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    let operator = Operator::command_line();
    match command {
        KeysCommand::Show { org } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            println!("{}", services.organisation_recipient(&operator, org.id).await?);
        }
        KeysCommand::Rotate { org } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let recipient = services.rotate_organisation_key(&operator, org.id).await?;
            println!("{recipient}");
        }
        KeysCommand::SetOffline { org, recipient } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            services.set_offline_recipient(&operator, org.id, &recipient).await?;
            println!("{} now seals to {}; open its referrals offline", org.name, recipient.trim());
        }
        KeysCommand::Export { org } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            println!("{}", services.export_organisation_identity(&operator, org.id).await?);
        }
    }
    Ok(())
}

pub async fn audit(config: &Config, command: AuditCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    match command {
        AuditCommand::Verify => {
            let report = services.verify_audit_trail(&Operator::command_line()).await?;
            match report.first_break {
                None => println!("audit trail intact: {} events checked", report.checked),
                Some(broken) => bail!(
                    "audit trail broken at event {} ({}): {}",
                    broken.seq,
                    broken.id.as_deref().unwrap_or("missing"),
                    broken.reason
                ),
            }
        }
    }
    Ok(())
}
