//! The test harness: the real service, started in-process on port 0 with a fresh database
//! (SQLite in a temporary folder, or a new database on the PostgreSQL server that
//! `scripts/test` starts), spoken to over HTTP. Only time is faked: a clock the test moves.

use std::sync::{Arc, Mutex, Once};

use chrono::Utc;
use ketenaanpak::clock::ManualClock;
use ketenaanpak::config::{Config, LogFormat};
use ketenaanpak::demo::{demo_email, DEMO_ORGANISATIONS, DEMO_PASSWORD};
use ketenaanpak::domain::role::Role;
use ketenaanpak::server::{Application, StartOptions};
use ketenaanpak::service::accounts::access::Operator;
use ketenaanpak::service::Services;
use serde_json::{json, Value};
use sqlx::Connection;
use tempfile::TempDir;
use tokio::sync::oneshot;

pub const POSTGRES_URL_VARIABLE: &str = "KETEN_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Where `scripts/test` collects what the suite skipped, to list it at the end.
pub const SKIP_LOG_VARIABLE: &str = "KETEN_TEST_SKIP_LOG";

/// Skips a part of the suite for `reason`: fails under `CI=true`; otherwise says so, and adds
/// the reason to the skip log that `scripts/test` lists when the run ends.
pub fn skip(reason: &str) {
    assert!(std::env::var("CI").map_or(true, |v| v != "true"), "under CI=true nothing is skipped: {reason}");
    eprintln!("SKIPPED: {reason}");
    if let Some(path) = std::env::var_os(SKIP_LOG_VARIABLE) {
        use std::io::Write;
        if let Ok(mut log) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(log, "{reason}");
        }
    }
}

/// The PostgreSQL server's admin URL, or `None` when the suite runs without one. Under
/// `CI=true` a missing server fails the test instead of skipping it.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            skip(&format!("the PostgreSQL variants: {POSTGRES_URL_VARIABLE} is not set (scripts/test sets it)"));
            None
        }
    }
}

/// A new, empty database for one test; its URL.
pub async fn fresh_database(engine: Engine, data_dir: &std::path::Path) -> String {
    match engine {
        Engine::Sqlite => format!("sqlite://{}?mode=rwc", data_dir.join("test.db").display()),
        Engine::Postgres => {
            let admin = postgres_admin_url().expect("checked by the caller");
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to the test PostgreSQL server");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create a test database");
            let (base, _) = admin.rsplit_once('/').expect("the admin URL names a database");
            format!("{base}/{name}")
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub services: Arc<Services>,
    pub database_url: String,
    pub data_dir: std::path::PathBuf,
    _tempdir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The service with the demo data, default configuration.
pub async fn spawn(engine: Engine) -> TestApp {
    spawn_with(engine, |_| {}).await
}

/// The service with the demo data and a configuration the test adjusts.
pub async fn spawn_with(engine: Engine, configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_instance(engine, configure, true, None, true).await
}

/// Another instance of the service on the same database and data folder as `other`.
pub async fn spawn_beside(other: &TestApp, configure: impl FnOnce(&mut Config), mail_worker: bool) -> TestApp {
    spawn_instance(
        Engine::Sqlite,
        configure,
        mail_worker,
        Some((other.database_url.clone(), other.data_dir.clone())),
        true,
    )
    .await
}

/// An instance that does not deliver mail (as if its worker died before delivering).
pub async fn spawn_without_mail_worker(engine: Engine, configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_instance(engine, configure, false, None, true).await
}

/// The service on an empty database, without the demo data (for `demo generate`).
#[allow(dead_code, reason = "used by the plan test binary, which shares this file")]
pub async fn spawn_empty(engine: Engine) -> TestApp {
    spawn_instance(engine, |_| {}, false, None, false).await
}

/// Where `scripts/test` wants every event of the run: a folder it searches afterwards for
/// the suite's identity and special-category test data (`tests/fixtures/log-canaries.txt`).
pub const TRACE_DIR_VARIABLE: &str = "KETEN_TEST_TRACE_DIR";

/// Under `scripts/test`, every event of the whole run, at trace level and through the
/// service's own filters, is written to a file in the trace folder.
fn capture_trace() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Some(dir) = std::env::var_os(TRACE_DIR_VARIABLE) else { return };
        let path = std::path::Path::new(&dir).join(format!("api-{}.jsonl", std::process::id()));
        let file = std::fs::File::create(&path).expect("the trace capture file");
        let writer = tracing_subscriber::fmt::writer::BoxMakeWriter::new(Mutex::new(file));
        let everything = tracing_subscriber::EnvFilter::new("trace");
        ketenaanpak::telemetry::init_to(LogFormat::Json, everything, writer, false);
    });
}

async fn spawn_instance(
    engine: Engine,
    configure: impl FnOnce(&mut Config),
    mail_worker: bool,
    beside: Option<(String, std::path::PathBuf)>,
    seed_demo: bool,
) -> TestApp {
    capture_trace();
    let tempdir = tempfile::tempdir().expect("temporary folder");
    let mut config = Config::defaults();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.server.shutdown_grace_seconds = 1;
    // Tests move their clock on by days and keep their sessions; the idle test sets its own.
    config.auth.session_idle_minutes = config.auth.session_ttl_minutes;
    match &beside {
        Some((url, dir)) => {
            config.data.dir = dir.clone();
            config.database.url = url.clone();
        }
        None => {
            config.data.dir = tempdir.path().to_path_buf();
            config.database.url = fresh_database(engine, tempdir.path()).await;
        }
    }
    configure(&mut config);
    let database_url = config.database.url.clone();
    let data_dir = config.data.dir.clone();
    let clock = ManualClock::new(Utc::now());
    let app =
        Application::build(config, StartOptions { demo: false, clock: clock.clone(), mail_worker, scheduler: false })
            .await
            .expect("the service starts");
    let address = format!("http://{}", app.local_addr());
    let services = app.services();
    if seed_demo {
        ketenaanpak::demo::directory::seed(&services, &Operator::command_line()).await.expect("demo data");
    }
    let (shutdown, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::new(),
        clock,
        services,
        database_url,
        data_dir,
        _tempdir: tempdir,
        shutdown: Some(shutdown),
    }
}

/// A GraphQL answer: HTTP status, the request id header and the JSON body.
pub struct Answer {
    pub status: reqwest::StatusCode,
    pub request_id: String,
    pub body: Value,
}

impl Answer {
    pub fn data(&self) -> &Value {
        assert!(self.body.get("errors").is_none(), "unexpected errors: {}", self.body);
        &self.body["data"]
    }

    /// The `extensions.code` of the first error.
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.body))
    }

    pub fn message(&self) -> &str {
        self.body["errors"][0]["message"].as_str().unwrap_or_default()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Answer {
        let mut request =
            self.client.post(self.url("/graphql")).json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        answer(request.send().await.expect("request sent")).await
    }

    pub async fn query(&self, token: &str, query: &str) -> Answer {
        self.graphql(Some(token), query, json!({})).await
    }

    pub async fn try_login(&self, email: &str, password: &str) -> Answer {
        let query = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id email roles organisation { id name kind } } } }";
        self.graphql(None, query, json!({ "e": email, "p": password })).await
    }

    /// Signs in with the smallest document (depth 2, complexity 2), so that it passes even
    /// the tight limits some tests set.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let query = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
        let answer = self.graphql(None, query, json!({ "e": email, "p": password })).await;
        answer.data()["login"]["token"].as_str().expect("a token").to_string()
    }

    /// A chain the caller's organisation is a member of, by name: its id, and its members'
    /// ids by organisation name.
    pub async fn chain(&self, token: &str, name: &str) -> (String, Value) {
        let chains = self.query(token, "{ chains { edges { node { id name members { id name } } } } }").await;
        let edges = chains.data()["chains"]["edges"].as_array().expect("chains").clone();
        let node = edges.iter().find(|e| e["node"]["name"] == name).expect("a chain of the caller")["node"].clone();
        let members = node["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["name"].as_str().unwrap().to_string(), m["id"].clone()));
        (node["id"].as_str().unwrap().to_string(), Value::Object(members.collect()))
    }

    /// Logs in as the demo user with `role` in the demo organisation named `org`.
    pub async fn login_demo(&self, org: &str, role: Role) -> String {
        let demo = DEMO_ORGANISATIONS.iter().find(|o| o.name == org).expect("a demo organisation");
        self.login(&demo_email(demo, role), DEMO_PASSWORD).await
    }

    /// The e-mail addresses of `org`'s active users holding any of `roles` (GraphQL names such
    /// as "CASEWORKER"), read from its user list: a test that counts mail counts people it
    /// looked up, not the demo's.
    pub async fn people_with_roles(&self, org: &str, roles: &[&str]) -> std::collections::BTreeSet<String> {
        let admin = self.login_demo(org, Role::OrgAdmin).await;
        let listed = self.query(&admin, "{ users(first: 100) { edges { node { email roles disabled } } } }").await;
        let edges = listed.data()["users"]["edges"].as_array().unwrap().clone();
        edges
            .iter()
            .map(|e| &e["node"])
            .filter(|u| u["disabled"] == false)
            .filter(|u| u["roles"].as_array().unwrap().iter().any(|r| roles.contains(&r.as_str().unwrap())))
            .map(|u| u["email"].as_str().unwrap().to_string())
            .collect()
    }

    /// The roles that receive casework mail (`Role::CASE_WORK`), by their GraphQL names.
    pub const CASE_WORK: [&'static str; 4] = ["CASEWORKER", "POLICE_OFFICER", "INTAKE", "PROSECUTOR"];

    /// The roles that work in the chain and own its actions (`Role::CHAIN_WORK`).
    pub const CHAIN_WORK: [&'static str; 5] = ["CASEWORKER", "POLICE_OFFICER", "PROSECUTOR", "INTAKE", "ANALYST"];

    /// The recipients of the queued mail made from `template`, in order.
    pub async fn outbox(&self, template: &str) -> Vec<String> {
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&self.database_url).await.unwrap();
        sqlx::query_scalar("SELECT recipient FROM mail_outbox WHERE template = $1 ORDER BY recipient")
            .bind(template)
            .fetch_all(&mut conn)
            .await
            .unwrap()
    }

    pub async fn me_works(&self, token: &str) -> bool {
        let answer = self.query(token, "{ me { id } }").await;
        match answer.body.get("errors") {
            None => true,
            Some(_) => {
                assert_eq!(answer.code(), "UNAUTHENTICATED", "{}", answer.body);
                false
            }
        }
    }
}

pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let request_id =
        response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer { status, request_id, body }
}

pub const MDD: &str = "Meldpunt Discriminatie Drenthe";
pub const MDE: &str = "Meldpunt Discriminatie Emmen";
pub const POLICE: &str = "Politie Drenthe";
pub const COC: &str = "COC Noord";
pub const ASSEN: &str = "Gemeente Assen";

/// Runs each named async test function once per engine: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Engine::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::helpers::postgres_admin_url().is_some() {
                        super::$name($crate::helpers::Engine::Postgres).await
                    }
                }
            }
        )*
    };
}

/// The path of a reference tool the suite uses (such as `age`). Missing, it skips the test
/// with a message, except under `CI=true`, where it fails.
pub fn tool(name: &str) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|path| path.is_file()))
        .unwrap_or_default();
    if found.is_none() {
        skip(&format!("tests that need {name}: it is not installed (scripts/test installs it)"));
    }
    found
}

/// A real SMTP server (aiosmtpd from PyPI) that keeps what it receives in a maildir.
pub struct SmtpServer {
    child: std::process::Child,
    pub port: u16,
    dir: TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpServer {
    /// Starts one; `None` (the test is skipped) when aiosmtpd is missing, except under CI.
    pub async fn start() -> Option<SmtpServer> {
        let available =
            std::process::Command::new("python3").args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
        if !available {
            skip("tests that need an SMTP server: aiosmtpd is not installed (scripts/test installs it)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 starts");
        let server = SmtpServer { child, port, dir };
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Some(server);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not come up");
    }

    /// Configures a service to deliver to this server, without TLS.
    pub fn configure(&self, config: &mut Config) {
        config.mail.transport = ketenaanpak::config::MailTransportKind::Smtp;
        config.mail.smtp.host = "127.0.0.1".into();
        config.mail.smtp.port = self.port;
        config.mail.smtp.security = ketenaanpak::config::SmtpSecurity::None;
        config.mail.poll_seconds = 1;
    }

    /// The maildir the server writes to.
    pub fn maildir(&self) -> std::path::PathBuf {
        self.dir.path().join("maildir")
    }

    /// Every message received so far, raw.
    pub fn messages(&self) -> Vec<String> {
        let mut found = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.dir.path().join("maildir").join(sub)) {
                for entry in entries.flatten() {
                    found.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
                }
            }
        }
        found
    }

    /// Waits (up to 30 s) until at least `count` messages for which `about` holds have
    /// arrived (the demo's own mail arrives beside a test's); those messages.
    pub async fn wait_for_matching(&self, about: impl Fn(&str) -> bool, count: usize) -> Vec<String> {
        for _ in 0..300 {
            let found: Vec<String> = self.messages().into_iter().filter(|m| about(m)).collect();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {count} matching messages, got {}", self.messages().iter().filter(|m| about(m)).count());
    }

    /// Waits (up to 30 s) until at least `count` messages have arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..300 {
            let found = self.messages();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {count} messages, got {}", self.messages().len());
    }
}

/// The address a delivered message went to (its `To:` header).
pub fn mail_to(message: &str) -> String {
    let line = message.lines().find(|l| l.starts_with("To: ")).expect("a To header");
    line.trim_start_matches("To: ").trim().trim_matches(['<', '>']).to_string()
}
