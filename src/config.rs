//! Typed configuration, loaded in layers: the compiled-in `config/default.toml`, an optional
//! local file, `KETEN__SECTION__KEY` environment variables and `KETEN__…_FILE` secret files.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::SecretString;
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::role::Role;

const DEFAULTS: &str = include_str!("../config/default.toml");
const ENV_PREFIX: &str = "KETEN__";
const LOCAL_FILE: &str = "config/local.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub data: DataConfig,
    pub database: DatabaseConfig,
    pub log: LogConfig,
    pub auth: AuthConfig,
    pub graphql: GraphqlConfig,
    pub taxonomy: TaxonomyConfig,
    pub mail: MailConfig,
    pub referrals: ReferralConfig,
    pub meetings: MeetingsConfig,
    pub casework: CaseworkConfig,
    pub secrets: SecretsConfig,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseworkConfig {
    /// How many cases one person (or API token) may give a counterparty per local day.
    pub counterparty_changes_per_day: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingsConfig {
    pub action_reminder_days: i64,
    pub reminder_days_before: i64,
    pub agenda_freeze_hours: i64,
    pub pattern_threshold: i64,
    pub confidentiality_statement: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralConfig {
    pub max_attachment_bytes: u64,
    pub escalate_after_working_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    File,
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    pub transport: MailTransportKind,
    pub from: String,
    pub poll_seconds: u64,
    pub max_attempts: i64,
    pub smtp: SmtpConfig,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    #[serde(default, serialize_with = "redact", skip_serializing_if = "Option::is_none")]
    pub password: Option<SecretString>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// A folder with the taxonomy files; unset: the copies compiled into the binary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub public_url: String,
    pub shutdown_grace_seconds: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// Kept secret because a PostgreSQL URL usually carries a password.
    #[serde(serialize_with = "redact_url")]
    pub url: String,
    pub max_connections: u32,
    pub busy_timeout_ms: u64,
    pub acquire_timeout_seconds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub format: LogFormat,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    pub session_ttl_minutes: i64,
    /// A session not used for this long has ended, whatever its lifetime.
    pub session_idle_minutes: i64,
    pub api_token_ttl_days: i64,
    pub password_min_length: usize,
    /// Roles whose holders must sign in with a second factor (TOTP), by their codes
    /// (`caseworker`, `org_admin`, …); they enrol at their first sign-in.
    #[serde(default)]
    pub require_totp_for_roles: Vec<String>,
    /// How long a link to set a new password works (it works once).
    pub password_reset_hours: i64,
    pub argon2: Argon2Config,
    pub throttle: ThrottleConfig,
}

impl AuthConfig {
    /// `require_totp_for_roles` as roles; checked when the configuration was loaded.
    pub fn totp_required_roles(&self) -> Vec<Role> {
        self.require_totp_for_roles.iter().filter_map(|r| Role::parse(r)).collect()
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Argon2Config {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleConfig {
    pub account_max_failures: i64,
    pub address_max_failures: i64,
    pub window_minutes: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GraphqlConfig {
    pub introspection: bool,
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_nesting: usize,
    pub subscription_check_seconds: u64,
    pub max_body_bytes: usize,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsConfig {
    #[serde(default, serialize_with = "redact", skip_serializing_if = "Option::is_none")]
    pub master_key: Option<SecretString>,
    #[serde(default, serialize_with = "redact", skip_serializing_if = "Option::is_none")]
    pub pseudonym_secret: Option<SecretString>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
    #[error("configuration: {0}")]
    Figment(#[from] Box<figment::Error>),
    #[error("configuration: cannot read secret file {path} named by {variable}: {source}")]
    SecretFile { variable: String, path: String, source: std::io::Error },
}

impl Config {
    /// Loads the layers. `local` is an explicit local file, which must then exist.
    pub fn load(local: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        match local {
            Some(path) if !path.exists() => {
                return Err(ConfigError::Invalid(format!("the configuration file {} does not exist", path.display())))
            }
            Some(path) => figment = figment.merge(Toml::file(path)),
            None if Path::new(LOCAL_FILE).exists() => figment = figment.merge(Toml::file(LOCAL_FILE)),
            None => {}
        }
        figment = figment.merge(
            Env::prefixed(ENV_PREFIX).split("__").filter(|key| !key.as_str().to_ascii_lowercase().ends_with("_file")),
        );
        for (key, value) in secret_files()? {
            figment = figment.merge(Serialized::default(&key, value));
        }
        let config: Config = figment.extract().map_err(Box::new)?;
        config.validate()?;
        Ok(config)
    }

    /// The compiled-in defaults alone, with no local file or environment: for tests.
    pub fn defaults() -> Config {
        Figment::from(Toml::string(DEFAULTS)).extract().expect("config/default.toml is valid")
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let a = &self.auth.argon2;
        if a.memory_kib < 19_456 || a.iterations < 2 || a.parallelism < 1 {
            return Err(ConfigError::Invalid(
                "auth.argon2 is below the OWASP minimum (memory_kib 19456, iterations 2, parallelism 1)".into(),
            ));
        }
        if self.auth.session_ttl_minutes < 1 || self.auth.session_idle_minutes < 2 || self.auth.api_token_ttl_days < 1 {
            return Err(ConfigError::Invalid(
                "auth.session_ttl_minutes and auth.api_token_ttl_days must be at least 1, auth.session_idle_minutes at least 2".into(),
            ));
        }
        if !(1..=168).contains(&self.auth.password_reset_hours) {
            return Err(ConfigError::Invalid("auth.password_reset_hours must be between 1 and 168".into()));
        }
        if self.auth.password_min_length < 12 {
            return Err(ConfigError::Invalid("auth.password_min_length must be at least 12".into()));
        }
        if let Some(unknown) = self.auth.require_totp_for_roles.iter().find(|r| Role::parse(r).is_none()) {
            return Err(ConfigError::Invalid(format!(
                "auth.require_totp_for_roles: {unknown:?} is not a role ({})",
                Role::ALL.map(Role::as_str).join(", ")
            )));
        }
        let url = self.database.url.as_str();
        if !(url.is_empty()
            || url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid(
                "database.url must be empty (embedded SQLite), sqlite:… or postgres://…".into(),
            ));
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid("mail.from is not an e-mail address like \"Name <a@b.nl>\"".into()));
        }
        let m = &self.meetings;
        if m.pattern_threshold < 2
            || m.agenda_freeze_hours < 0
            || m.reminder_days_before < 0
            || m.action_reminder_days < 0
        {
            return Err(ConfigError::Invalid(
                "meetings: pattern_threshold at least 2; agenda_freeze_hours, reminder_days_before and action_reminder_days not negative".into(),
            ));
        }
        if self.database.max_connections < 1 {
            return Err(ConfigError::Invalid("database.max_connections must be at least 1".into()));
        }
        Ok(())
    }

    /// The effective database URL: the configured one, or SQLite in the data folder.
    pub fn database_url(&self) -> String {
        if self.database.url.is_empty() {
            format!("sqlite://{}?mode=rwc", self.data.dir.join("ketenaanpak.db").display())
        } else {
            self.database.url.clone()
        }
    }

    /// The configuration as TOML with every secret replaced by a marker.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot print configuration: {e}\n"))
    }
}

/// `KETEN__SECRETS__MASTER_KEY_FILE=/path` becomes `secrets.master_key = <file contents>`.
fn secret_files() -> Result<Vec<(String, String)>, ConfigError> {
    let mut values = Vec::new();
    for (variable, path) in std::env::vars() {
        let Some(rest) = variable.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        let Some(key) = rest.strip_suffix("_FILE") else {
            continue;
        };
        let value = std::fs::read_to_string(&path).map_err(|source| ConfigError::SecretFile {
            variable: variable.clone(),
            path: path.clone(),
            source,
        })?;
        let key = key.to_lowercase().split("__").collect::<Vec<_>>().join(".");
        values.push((key, value.trim_end_matches(['\r', '\n']).to_string()));
    }
    Ok(values)
}

fn redact<S: Serializer>(value: &Option<SecretString>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(_) => serializer.serialize_str("[redacted]"),
        None => serializer.serialize_none(),
    }
}

fn redact_url<S: Serializer>(url: &str, serializer: S) -> Result<S::Ok, S::Error> {
    // Keep the scheme and host visible for support; hide credentials.
    match url.split_once("://").and_then(|(scheme, rest)| rest.split_once('@').map(|(_, host)| (scheme, host))) {
        Some((scheme, host)) => serializer.serialize_str(&format!("{scheme}://[redacted]@{host}")),
        None => serializer.serialize_str(url),
    }
}
