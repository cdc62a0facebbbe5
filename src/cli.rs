//! The command line. It parses, loads configuration and calls into the library; the work is
//! done by the service layer, the same one the GraphQL door uses.

mod admin;
mod demo;
mod jobs;
mod referral;
mod security;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::server::{shutdown_signal, Application, StartOptions};

#[derive(Parser)]
#[command(name = "ketenaanpak", version, about = "Ketenaanpak: shared casework of the Dutch anti-discrimination chain")]
pub struct Cli {
    /// A local configuration file layered over the defaults (default: config/local.toml if it exists).
    #[arg(long, global = true, env = "KETEN_CONFIG")]
    config: Option<PathBuf>,
    /// Folder for the embedded database, keys and outbox (overrides data.dir).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the service.
    Serve {
        /// Seed the demo chain of Drenthe (password demo-ketenaanpak) and turn on GraphiQL.
        /// Only on a loopback address.
        #[arg(long)]
        demo: bool,
        /// Address to listen on (overrides server.listen).
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Print the effective configuration, secrets redacted.
    Config,
    /// Organisations (chain partners).
    #[command(subcommand)]
    Org(admin::OrgCommand),
    /// Users of an organisation.
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Chains and their members.
    #[command(subcommand)]
    Chain(admin::ChainCommand),
    /// API tokens for machine clients.
    #[command(subcommand)]
    Token(admin::TokenCommand),
    /// Organisations' age keys.
    #[command(subcommand)]
    Keys(security::KeysCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(security::AuditCommand),
    /// Referral files, offline.
    #[command(subcommand)]
    Referral(referral::ReferralCommand),
    /// Scheduled jobs.
    #[command(subcommand)]
    Jobs(jobs::JobsCommand),
    /// Demo data at any size.
    #[command(subcommand)]
    Demo(demo::DemoCommand),
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Schema => {
            print!("{}", crate::graphql::sdl());
            return Ok(());
        }
        // Offline: needs neither configuration nor database.
        Command::Referral(command) => return referral::run(command),
        _ => {}
    }
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        config.data.dir = dir;
    }
    crate::telemetry::init(&config.log);
    match cli.command {
        Command::Schema | Command::Referral(_) => unreachable!("handled above"),
        Command::Config => print!("{}", config.to_redacted_toml()),
        Command::Serve { demo, listen } => {
            if let Some(listen) = listen {
                config.server.listen = listen;
            }
            let app = Application::build(config, StartOptions { demo, ..StartOptions::default() }).await?;
            let address = app.local_addr();
            tracing::info!(%address, demo, "listening");
            println!("ketenaanpak listening on http://{address}");
            app.run_until(shutdown_signal()).await?;
        }
        Command::Migrate => {
            crate::server::open_services(&config, std::sync::Arc::new(crate::clock::SystemClock)).await?;
            println!("database is up to date");
        }
        Command::Org(command) => admin::org(&config, command).await?,
        Command::User(command) => admin::user(&config, command).await?,
        Command::Chain(command) => admin::chain(&config, command).await?,
        Command::Token(command) => admin::token(&config, command).await?,
        Command::Keys(command) => security::keys(&config, command).await?,
        Command::Audit(command) => security::audit(&config, command).await?,
        Command::Jobs(command) => jobs::run(&config, command).await?,
        Command::Demo(command) => demo::run(&config, command).await?,
    }
    Ok(())
}
