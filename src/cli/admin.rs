//! Administration from the shell: organisations, users, chains, API tokens. The operator
//! has shell access to the deployment and so acts for any organisation.

use std::io::Read;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};

use crate::clock::SystemClock;
use crate::config::Config;
use crate::domain::chain::ChainScopeKind;
use crate::domain::organisation::OrganisationKind;
use crate::domain::role::Role;
use crate::domain::user::Language;
use crate::server::open_services;
use crate::service::accounts::access::{AdminScope, Operator, UserDirectoryScope};
use crate::service::accounts::users::{InitialPassword, NewUser};
use crate::service::Services;
use crate::store::sql::PageRequest;

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Add an organisation.
    Add {
        #[arg(long, value_parser = parse_kind)]
        kind: OrganisationKind,
        #[arg(long)]
        name: String,
        #[arg(long)]
        region: String,
        /// CBS code of a municipality whose residents it serves (GM0106); repeat for more.
        #[arg(long = "municipality")]
        municipalities: Vec<String>,
        /// Prefix of its case numbers (MDD in MDD-2026-0042); default: the name's capitals.
        #[arg(long)]
        case_prefix: Option<String>,
    },
    /// List organisations.
    List,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; prints a generated initial password unless --password-stdin is given.
    Add {
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// A role (caseworker, police_officer, prosecutor, intake, analyst, policy_viewer,
        /// org_admin, privacy_officer); repeat for more.
        #[arg(long = "role", value_parser = parse_role, required = true)]
        roles: Vec<Role>,
        #[arg(long, value_enum, default_value = "nl")]
        language: LanguageArg,
        /// Read the initial password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users of an organisation.
    List {
        #[arg(long)]
        org: String,
    },
    /// Disable a user and end their sessions.
    Disable {
        #[arg(long)]
        org: String,
        /// The user's id.
        id: String,
    },
}

#[derive(Subcommand)]
pub enum ChainCommand {
    /// Add a chain for a region or a theme.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, conflicts_with = "theme", required_unless_present = "theme")]
        region: Option<String>,
        #[arg(long)]
        theme: Option<String>,
    },
    /// Add an organisation to a chain.
    AddMember {
        /// The chain's exact name.
        #[arg(long)]
        chain: String,
        /// Organisation id or exact name.
        #[arg(long)]
        org: String,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token; the token is printed once.
    Create {
        #[arg(long)]
        org: String,
        #[arg(long)]
        name: String,
        #[arg(long = "role", value_parser = parse_role, required = true)]
        roles: Vec<Role>,
        /// Lifetime in days (default: auth.api_token_ttl_days).
        #[arg(long)]
        days: Option<i64>,
    },
    /// Revoke an API token.
    Revoke {
        #[arg(long)]
        org: String,
        /// The token's id.
        id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LanguageArg {
    Nl,
    En,
}

fn parse_kind(value: &str) -> Result<OrganisationKind, String> {
    OrganisationKind::parse(value).ok_or_else(|| {
        let kinds: Vec<_> = OrganisationKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind; one of {}", kinds.join(", "))
    })
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::parse(value).ok_or_else(|| {
        let roles: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role; one of {}", roles.join(", "))
    })
}

pub(super) async fn open(config: &Config) -> anyhow::Result<Arc<Services>> {
    open_services(config, Arc::new(SystemClock)).await
}

/// Every row, page by page.
fn all_rows() -> PageRequest {
    PageRequest { first: 10_000, after: None }
}

pub async fn org(config: &Config, command: OrgCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    let operator = Operator::command_line();
    match command {
        OrgCommand::Add { kind, name, region, municipalities, case_prefix } => {
            let org = services.create_organisation(&operator, kind, &name, &region, &municipalities).await?;
            if let Some(prefix) = case_prefix {
                services.set_case_prefix(&operator, org.id, &prefix).await?;
            }
            println!("{}\t{}\t{}", org.id, org.kind.as_str(), org.name);
        }
        OrgCommand::List => {
            for org in services.directory(&operator, &all_rows()).await?.items {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    org.id,
                    org.kind.as_str(),
                    org.name,
                    org.region,
                    org.municipality_codes.join(",")
                );
            }
        }
    }
    Ok(())
}

pub async fn user(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    let operator = Operator::command_line();
    match command {
        UserCommand::Add { org, email, name, roles, language, password_stdin } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let password =
                if password_stdin { InitialPassword::Given(read_password()?) } else { InitialPassword::Generated };
            let language = match language {
                LanguageArg::Nl => Language::Nl,
                LanguageArg::En => Language::En,
            };
            let scope = AdminScope::by_operator(&operator, org.id);
            let created =
                services.create_user(&scope, NewUser { email, display_name: name, roles, language, password }).await?;
            println!("{}\t{}", created.user.id, created.user.email.as_str());
            if let Some(password) = created.generated_password {
                println!("initial password (shown once): {password}");
            }
        }
        UserCommand::List { org } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let scope = UserDirectoryScope::by_operator(&operator, org.id);
            for user in services.list_users(&scope, &all_rows()).await?.items {
                let roles: Vec<_> = user.roles.iter().map(|r| r.as_str()).collect();
                let state = if user.disabled_at.is_some() { "disabled" } else { "active" };
                println!("{}\t{}\t{}\t{}", user.id, user.email.as_str(), roles.join(","), state);
            }
        }
        UserCommand::Disable { org, id } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let id = id.parse().context("not a user id")?;
            let user = services.disable_user(&AdminScope::by_operator(&operator, org.id), id).await?;
            println!("{}\tdisabled", user.id);
        }
    }
    Ok(())
}

pub async fn chain(config: &Config, command: ChainCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    let operator = Operator::command_line();
    match command {
        ChainCommand::Add { name, region, theme } => {
            let (kind, scope) = match (region, theme) {
                (Some(region), None) => (ChainScopeKind::Region, region),
                (None, Some(theme)) => (ChainScopeKind::Theme, theme),
                _ => bail!("give either --region or --theme"),
            };
            let chain = services.create_chain(&operator, &name, kind, &scope).await?;
            println!("{}\t{}", chain.id, chain.name);
        }
        ChainCommand::AddMember { chain, org } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let chain = services.add_chain_member(&operator, &chain, org.id).await.context("chain")?;
            println!("{} is a member of {}", org.name, chain.name);
        }
    }
    Ok(())
}

pub async fn token(config: &Config, command: TokenCommand) -> anyhow::Result<()> {
    let services = open(config).await?;
    let operator = Operator::command_line();
    match command {
        TokenCommand::Create { org, name, roles, days } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let scope = AdminScope::by_operator(&operator, org.id);
            let created = services.create_api_token(&scope, &name, roles, days).await?;
            println!("{}\t{}\texpires {}", created.token.id, created.token.name, created.token.expires_at.to_rfc3339());
            println!("token (shown once): {}", created.plaintext);
        }
        TokenCommand::Revoke { org, id } => {
            let org = services.find_organisation(&operator, &org).await.context("organisation")?;
            let id = id.parse().context("not a token id")?;
            services.revoke_api_token(&AdminScope::by_operator(&operator, org.id), id).await?;
            println!("{id}\trevoked");
        }
    }
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password).context("reading the password from standard input")?;
    Ok(password.trim_end_matches(['\r', '\n']).to_string())
}
