//! The real `ketenaanpak` binary, as an operator runs it: the demo start, the admin
//! commands, `migrate`, `config`, the log, and a graceful shutdown with a request in flight.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::{fresh_database, Engine};
use crate::on_both_engines;

on_both_engines!(
    the_demo_starts_signs_in_and_stops_gracefully,
    admin_commands_set_up_an_organisation_that_can_sign_in,
    migrate_builds_the_same_tables_from_empty,
    an_internal_error_is_logged_under_its_request_id,
);

const BINARY: &str = env!("CARGO_BIN_EXE_ketenaanpak");

/// The binary, run in an empty folder (so no local configuration file is picked up) with
/// the test's database.
fn command(workdir: &Path, database_url: &str) -> Command {
    let mut command = Command::new(BINARY);
    command
        .current_dir(workdir)
        .env("RUST_LOG", "info,ketenaanpak::web=debug")
        .env("KETEN__DATABASE__URL", database_url)
        .env("KETEN__DATA__DIR", workdir.join("data"))
        .stdin(Stdio::null());
    command
}

fn run_ok(mut command: Command, stdin: Option<&str>) -> String {
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("binary starts");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// A running server process; its log is collected as it is written.
struct Server {
    child: Child,
    address: String,
    log: Arc<Mutex<String>>,
    log_lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(mut command: Command) -> Server {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (line_tx, log_lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = line_tx.send(line);
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let address = line
            .trim()
            .strip_prefix("ketenaanpak listening on ")
            .unwrap_or_else(|| panic!("no address announced: {line:?}\n{}", log.lock().unwrap()));
        Server { address: address.to_string(), child, log, log_lines }
    }

    /// Waits (without sleeping blindly) for the next log line that contains every one of
    /// `texts`, and returns it.
    fn wait_for_log_line(&self, texts: &[&str]) -> String {
        loop {
            let line = self.log_lines.recv_timeout(Duration::from_secs(30)).expect("log line in time");
            if texts.iter().all(|text| line.contains(text)) {
                return line;
            }
        }
    }

    fn wait_for_log(&self, text: &str) {
        self.wait_for_log_line(&[text]);
    }

    fn forget_log(&self) {
        while self.log_lines.try_recv().is_ok() {}
    }

    fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

async fn graphql(address: &str, token: Option<&str>, query: &str) -> Value {
    let mut request = reqwest::Client::new().post(format!("{address}/graphql")).json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

async fn the_demo_starts_signs_in_and_stops_gracefully(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;

    // Demo mode binds loopback only.
    let mut outside = command(workdir.path(), &url);
    outside.args(["serve", "--demo", "--listen", "0.0.0.0:0"]);
    let refused = outside.output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("loopback"));

    let mut serve = command(workdir.path(), &url);
    serve.args(["serve", "--demo", "--listen", "127.0.0.1:0"]);
    let server = Server::start(serve);
    let data = workdir.path().join("data");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("master.key")), 0o600);
    assert_eq!(mode(&data.join("pseudonym.key")), 0o600);
    assert!(server.log.lock().unwrap().contains("created a new secret key file"));

    let login =
        "mutation { login(email: \"analyst@edn.example\", password: \"demo-ketenaanpak\") { token user { roles } } }";
    let answer = graphql(&server.address, None, login).await;
    assert_eq!(answer["data"]["login"]["user"]["roles"], json!(["ANALYST"]));
    let token = answer["data"]["login"]["token"].as_str().unwrap().to_string();
    assert!(reqwest::get(format!("{}/graphql", server.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("graphiql"));

    // A request in flight when SIGTERM arrives: headers and half the body sent.
    server.forget_log();
    let body = json!({ "query": "{ me { email } }" }).to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let host = server.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    server.wait_for_log("request started");
    server.terminate();
    server.wait_for_log("shutting down");
    stream.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("analyst@edn.example"), "{response}");
    assert!(server.wait().success(), "a clean exit after SIGTERM");

    // A second start finds the data and keys it made, and does not seed again.
    let mut again = command(workdir.path(), &url);
    again.args(["serve", "--demo", "--listen", "127.0.0.1:0"]);
    let server = Server::start(again);
    let answer = graphql(&server.address, None, login).await;
    assert!(answer["data"]["login"]["token"].is_string());
    assert!(!server.log.lock().unwrap().contains("created a new secret key file"));
    server.terminate();
    assert!(server.wait().success());
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn args(workdir: &Path, url: &str, args: &[&str]) -> Command {
    let mut command = command(workdir, url);
    command.args(args);
    command
}

async fn admin_commands_set_up_an_organisation_that_can_sign_in(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    let dir = workdir.path();
    let org = "Meldpunt Discriminatie Groningen";

    let help = run_ok(args(dir, &url, &["--help"]), None);
    for command in ["serve", "migrate", "schema", "config", "org", "user", "chain", "token"] {
        assert!(help.contains(command), "--help lists {command}");
    }
    let wrong_kind =
        args(dir, &url, &["org", "add", "--kind", "bank", "--name", "X", "--region", "Y"]).output().unwrap();
    assert!(!wrong_kind.status.success());
    assert!(String::from_utf8_lossy(&wrong_kind.stderr).contains("reporting_centre"));
    let mut wrong_code =
        args(dir, &url, &["org", "add", "--kind", "police", "--name", "X", "--region", "Y", "--municipality", "14"]);
    assert!(!wrong_code.output().unwrap().status.success());

    run_ok(
        args(
            dir,
            &url,
            &[
                "org",
                "add",
                "--kind",
                "reporting_centre",
                "--name",
                org,
                "--region",
                "Groningen",
                "--municipality",
                "GM0014",
            ],
        ),
        None,
    );
    assert!(run_ok(args(dir, &url, &["org", "list"]), None).contains("GM0014"));
    let admin_line = run_ok(
        args(
            dir,
            &url,
            &[
                "user",
                "add",
                "--org",
                org,
                "--email",
                "beheer@mdg.example",
                "--name",
                "Beheer",
                "--role",
                "org_admin",
                "--password-stdin",
            ],
        ),
        Some("een heel lang wachtwoord\n"),
    );
    let caseworker_line = run_ok(
        args(
            dir,
            &url,
            &[
                "user",
                "add",
                "--org",
                org,
                "--email",
                "melding@mdg.example",
                "--name",
                "Melding",
                "--role",
                "caseworker",
            ],
        ),
        None,
    );
    let generated =
        caseworker_line.lines().find_map(|l| l.strip_prefix("initial password (shown once): ")).unwrap().to_string();
    let caseworker_id = caseworker_line.split('\t').next().unwrap().to_string();
    assert!(admin_line.contains("beheer@mdg.example"));
    let users = run_ok(args(dir, &url, &["user", "list", "--org", org]), None);
    assert!(users.contains("beheer@mdg.example") && users.contains("melding@mdg.example\tcaseworker\tactive"));
    run_ok(args(dir, &url, &["chain", "add", "--name", "Casuïstiekoverleg Groningen", "--region", "Groningen"]), None);
    run_ok(args(dir, &url, &["chain", "add-member", "--chain", "Casuïstiekoverleg Groningen", "--org", org]), None);
    let token_output = run_ok(
        args(dir, &url, &["token", "create", "--org", org, "--name", "koppeling", "--role", "caseworker"]),
        None,
    );
    let token = token_output.lines().find_map(|l| l.strip_prefix("token (shown once): ")).unwrap().to_string();
    let token_id = token_output.split('\t').next().unwrap().to_string();

    let server = Server::start(args(dir, &url, &["serve", "--listen", "127.0.0.1:0"]));
    let login = |email: &str, password: &str| {
        format!("mutation {{ login(email: \"{email}\", password: \"{password}\") {{ token }} }}")
    };
    let admin = graphql(&server.address, None, &login("beheer@mdg.example", "een heel lang wachtwoord")).await;
    assert!(admin["data"]["login"]["token"].is_string(), "{admin}");
    let session = graphql(&server.address, None, &login("melding@mdg.example", &generated)).await;
    let session = session["data"]["login"]["token"].as_str().unwrap().to_string();
    let chains = "{ chains { edges { node { name members { name } } } } }";
    let by_token = graphql(&server.address, Some(&token), chains).await;
    assert_eq!(by_token["data"]["chains"]["edges"][0]["node"]["name"], "Casuïstiekoverleg Groningen");

    run_ok(args(dir, &url, &["token", "revoke", "--org", org, &token_id]), None);
    let revoked = graphql(&server.address, Some(&token), chains).await;
    assert_eq!(revoked["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    run_ok(args(dir, &url, &["user", "disable", "--org", org, &caseworker_id]), None);
    let disabled = graphql(&server.address, Some(&session), "{ me { id } }").await;
    assert_eq!(disabled["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    server.terminate();
    assert!(server.wait().success());
}

/// The tables, on either engine.
const TABLES: [&str; 30] = [
    "action_progress",
    "actions",
    "api_token_roles",
    "api_tokens",
    "audit_events",
    "audit_head",
    "case_counters",
    "case_grounds",
    "case_manifestations",
    "case_notes",
    "case_shares",
    "cases",
    "consents",
    "job_runs",
    "organisation_keys",
    "chain_members",
    "chains",
    "login_throttle",
    "mail_outbox",
    "meeting_series",
    "meetings",
    "organisation_municipalities",
    "organisations",
    "referral_files",
    "referrals",
    "series_invitees",
    "sessions",
    "user_roles",
    "users",
    "_sqlx_migrations",
];

async fn migrate_builds_the_same_tables_from_empty(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    for _ in 0..2 {
        assert!(run_ok(args(workdir.path(), &url, &["migrate"]), None).contains("up to date"));
    }
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let list = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
        }
    };
    let mut tables: Vec<String> = sqlx::query_scalar(list).fetch_all(&mut conn).await.unwrap();
    tables.sort();
    let mut expected: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    expected.sort();
    assert_eq!(tables, expected);
    let migrations = std::fs::read_dir("migrations/sqlite").unwrap().count() as i64;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(applied, migrations);
}

async fn an_internal_error_is_logged_under_its_request_id(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    let mut serve = args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    serve.env("KETEN__LOG__FORMAT", "json");
    let server = Server::start(serve);
    let login = "mutation { login(email: \"prosecutor@om-noord.example\", password: \"demo-ketenaanpak\") { token } }";
    let token = graphql(&server.address, None, login).await["data"]["login"]["token"].as_str().unwrap().to_string();
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    sqlx::query("DROP TABLE chain_members").execute(&mut conn).await.unwrap();

    let failed = graphql(&server.address, Some(&token), "{ chains { edges { node { name } } } }").await;
    let request_id = failed["errors"][0]["extensions"]["requestId"].as_str().unwrap().to_string();
    let logged = server.wait_for_log_line(&[&request_id, "internal error"]);
    let log = server.log.lock().unwrap().clone();
    let logged: Value = serde_json::from_str(&logged).expect("log lines are JSON");
    assert_eq!(logged["level"], "ERROR");
    assert_eq!(logged["request_id"], request_id.as_str());
    assert!(logged["error"].as_str().unwrap().contains("chain_members"), "the cause is in the log: {logged}");
    for line in log.lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
    }
    assert!(!log.contains("@om-noord.example"), "no e-mail address in the log");
    assert!(!log.contains("demo-ketenaanpak"), "no password in the log");
    server.terminate();
}

#[test]
fn config_prints_the_effective_configuration_with_secrets_redacted() {
    let workdir = tempfile::tempdir().unwrap();
    let secret_file = workdir.path().join("pseudonym");
    std::fs::write(&secret_file, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\n").unwrap();
    let mut config = command(workdir.path(), "postgres://keten:hunter2@db.internal:5432/keten");
    config
        .arg("config")
        .env("KETEN__SECRETS__PSEUDONYM_SECRET_FILE", &secret_file)
        .env("KETEN__AUTH__SESSION_TTL_MINUTES", "30");
    let printed = run_ok(config, None);
    assert!(printed.contains("session_ttl_minutes = 30"), "{printed}");
    assert!(printed.contains("pseudonym_secret = \"[redacted]\""), "{printed}");
    assert!(printed.contains("postgres://[redacted]@db.internal:5432/keten"), "{printed}");
    assert!(!printed.contains("hunter2") && !printed.contains("c2VjcmV0"), "{printed}");

    let mut typo = command(workdir.path(), "");
    typo.arg("config").env("KETEN__AUTH__SESION_TTL_MINUTES", "30");
    let refused = typo.output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("sesion_ttl_minutes"));
}

/// Unique strings in identity blocks and internal notes must not appear in any partner's
/// response, in any log line (at debug level), or in the SQLite database file or its WAL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canaries_in_identity_blocks_never_leave_the_owner() {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let mut serve = args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    serve.env("RUST_LOG", "debug");
    let server = Server::start(serve);
    let address = server.address.clone();
    let login =
        |email: &str| format!("mutation {{ login(email: \"{email}\", password: \"demo-ketenaanpak\") {{ token }} }}");
    let token = |answer: Value| answer["data"]["login"]["token"].as_str().unwrap().to_string();
    let owner = token(graphql(&address, None, &login("caseworker@mdd.example")).await);

    let canaries = [
        "Kanarienaam Qzxw",
        "kanarie.qzxw@voorbeeld.org",
        "06-13579246",
        "Kanarieweg 7 Qzxw",
        "Tegenpartij Vbnm",
        "KvK 99887766",
        "Eigen verhaal kanarie qzxw-vbnm",
        "Interne notitie kanarie zxcv",
    ];
    let create = format!(
        "mutation {{ createCase(input: {{ grounds: [\"religion\"], domain: \"housing\", manifestations: [\"remarks\"],
           channel: \"phone\", handling: \"advice\", residenceMunicipality: \"GM0106\", reportedOn: \"2026-02-02\",
           sharedSummary: \"Huurder kreeg opmerkingen over zijn geloof van een buurman.\",
           identity: {{ reporter: {{ name: \"{}\", email: \"{}\", phone: \"{}\", address: \"{}\" }},
                       counterparty: {{ kind: PERSON, name: \"{}\", registrationNumbers: [\"{}\"] }}, account: \"{}\" }},
           consentMethod: WRITTEN, consentGivenOn: \"2026-02-02\" }}) {{ id counterpartyPseudonym }} }}",
        canaries[0], canaries[1], canaries[2], canaries[3], canaries[4], canaries[5], canaries[6]
    );
    let created = graphql(&address, Some(&owner), &create).await;
    let case = created["data"]["createCase"]["id"].as_str().unwrap_or_else(|| panic!("{created}")).to_string();
    let pseudonym = created["data"]["createCase"]["counterpartyPseudonym"].as_str().unwrap().to_string();
    let chains = graphql(&address, Some(&owner), "{ chains { edges { node { id name } } } }").await;
    let chain = chains["data"]["chains"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "Casuïstiekoverleg Drenthe")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for mutation in [
        format!("mutation {{ recordConsent(caseId: \"{case}\", input: {{ scope: SHARE_PSEUDONYMISED, chainId: \"{chain}\", method: WRITTEN, givenOn: \"2026-02-02\" }}) {{ id }} }}"),
        format!("mutation {{ shareCase(caseId: \"{case}\", chainId: \"{chain}\") {{ chainId }} }}"),
        format!("mutation {{ addCaseNote(caseId: \"{case}\", text: \"{}\", shared: false) {{ id }} }}", canaries[7]),
        format!("mutation {{ addCaseNote(caseId: \"{case}\", text: \"Buurman reageert niet op de brief.\", shared: true) {{ id }} }}"),
        format!("mutation {{ updateCase(id: \"{case}\", input: {{ status: IN_PROGRESS }}) {{ id }} }}"),
    ] {
        let answer = graphql(&address, Some(&owner), &mutation).await;
        assert!(answer.get("errors").is_none(), "{answer}");
    }
    // The owner reads the identity block (audited); that response is the owner's own.
    let own = graphql(
        &address,
        Some(&owner),
        &format!("{{ case(id: \"{case}\") {{ ... on OwnCase {{ identity {{ account }} notes {{ text }} }} }} }}"),
    )
    .await;
    assert!(own.to_string().contains(canaries[6]) && own.to_string().contains(canaries[7]));

    let mut partner_responses = Vec::new();
    let shared_fields = "__typename ... on SharedCase { id publicId organisation { name } grounds domain manifestations residenceMunicipality incidentMunicipality incidentMonth status handling sharedSummary counterpartyPseudonym shares { chainId sharedAt } sharedNotes { text shared createdAt } }";
    for partner in [
        "police_officer@politie-drenthe.example",
        "prosecutor@om-noord.example",
        "analyst@edn.example",
        "caseworker@mde.example",
        "intake@coc-noord.example",
        "policy_viewer@assen.example",
        "privacy_officer@mdd.example",
        "org_admin@mdd.example",
    ] {
        let token = token(graphql(&address, None, &login(partner)).await);
        for query in [
            format!("{{ case(id: \"{case}\") {{ {shared_fields} }} }}"),
            format!("{{ sharedCases(first: 100) {{ edges {{ node {{ {} }} }} }} }}", shared_fields.trim_start_matches("__typename ... on SharedCase ").trim_matches(|c| c == '{' || c == '}')),
            format!("{{ counterpartyPattern(pseudonym: \"{pseudonym}\") {{ reports organisations sharedCases {{ publicId sharedSummary }} }} }}"),
            "{ auditEvents(first: 200) { events { action objectType objectId result } } }".to_string(),
            "{ me { email displayName } organisations { edges { node { name } } } chains { edges { node { name members { name } } } } }".to_string(),
        ] {
            partner_responses.push(graphql(&address, Some(&token), &query).await.to_string());
        }
    }
    assert!(partner_responses.iter().any(|r| r.contains(&pseudonym)), "partners do see the pseudonym");
    // The files while the service runs (the WAL holds the recent writes) and after it stopped.
    let mut stored = database_files(workdir.path());
    server.terminate();
    assert!(server.log.lock().unwrap().contains("sqlx::query"), "the log ran at debug level");
    let log = server.log.lock().unwrap().clone();
    assert!(server.wait().success());

    stored.extend(database_files(workdir.path()));
    assert!(stored.iter().any(|(f, _)| *f == "test.db-wal"), "the WAL was read");
    // The scan sees what is stored in the clear: the summary written for sharing.
    assert!(stored.iter().any(|(_, text)| text.contains("huurder kreeg opmerkingen over zijn geloof")));
    for canary in canaries {
        let lower = canary.to_lowercase();
        for response in &partner_responses {
            assert!(!response.to_lowercase().contains(&lower), "a partner saw {canary:?}");
        }
        assert!(!log.to_lowercase().contains(&lower), "the log has {canary:?}");
        for (file, text) in &stored {
            assert!(!text.contains(&lower), "{file} holds {canary:?} in the clear");
        }
    }
}

/// The SQLite database file, its WAL and shared-memory file, as lower-case text.
fn database_files(dir: &Path) -> Vec<(&'static str, String)> {
    ["test.db", "test.db-wal", "test.db-shm"]
        .into_iter()
        .filter_map(|file| {
            std::fs::read(dir.join(file)).ok().map(|bytes| (file, String::from_utf8_lossy(&bytes).to_lowercase()))
        })
        .collect()
}

/// `keys show|rotate|export` and `audit verify`, as an operator runs them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_and_audit_commands() {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let dir = workdir.path();
    run_ok(
        args(
            dir,
            &url,
            &[
                "org",
                "add",
                "--kind",
                "reporting_centre",
                "--name",
                "Meldpunt Test",
                "--region",
                "Drenthe",
                "--case-prefix",
                "mt",
            ],
        ),
        None,
    );
    let recipient = run_ok(args(dir, &url, &["keys", "show", "--org", "Meldpunt Test"]), None);
    assert!(recipient.trim().starts_with("age1"), "{recipient}");
    let rotated = run_ok(args(dir, &url, &["keys", "rotate", "--org", "Meldpunt Test"]), None);
    assert!(rotated.trim().starts_with("age1") && rotated != recipient);
    let identity = run_ok(args(dir, &url, &["keys", "export", "--org", "Meldpunt Test"]), None);
    assert!(identity.trim().starts_with("AGE-SECRET-KEY-1"));
    assert!(run_ok(args(dir, &url, &["audit", "verify"]), None).contains("intact"));

    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events ORDER BY seq").fetch_all(&mut conn).await.unwrap();
    assert_eq!(actions, ["key_rotated", "export"]);
    sqlx::query("DROP TRIGGER audit_events_no_update").execute(&mut conn).await.unwrap();
    sqlx::query("UPDATE audit_events SET object_id = 'someone else' WHERE seq = 2").execute(&mut conn).await.unwrap();
    let broken = args(dir, &url, &["audit", "verify"]).output().unwrap();
    assert!(!broken.status.success());
    assert!(
        String::from_utf8_lossy(&broken.stderr).contains("broken at event 2"),
        "{}",
        String::from_utf8_lossy(&broken.stderr)
    );
}

/// Peak resident memory of a process, from /proc (kB).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// 100 MiB in deterministic chunks, never all in memory at once.
fn hundred_mebibytes() -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::iter(
        (0..100u32).map(|n| Ok((0..1024 * 1024u32).map(|i| (i.wrapping_mul(31).wrapping_add(n)) as u8).collect())),
    )
}

/// A 100 MiB attachment goes through the service sealed on the way in and decrypted on the
/// way out, with the server's peak resident memory growing by well under its size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_mebibyte_attachment_streams_in_bounded_memory() {
    use sha2::{Digest, Sha256};
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let mut serve = args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    serve.env("KETEN__REFERRALS__MAX_ATTACHMENT_BYTES", "120000000");
    let server = Server::start(serve);
    let pid = server.child.id();
    let address = server.address.clone();
    let login =
        |email: &str| format!("mutation {{ login(email: \"{email}\", password: \"demo-ketenaanpak\") {{ token }} }}");
    let coc = graphql(&address, None, &login("intake@coc-noord.example")).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mdd = graphql(&address, None, &login("caseworker@mdd.example")).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let orgs = graphql(&address, Some(&coc), "{ organisations { edges { node { id name } } } }").await;
    let receiver = orgs["data"]["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "Meldpunt Discriminatie Drenthe")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let create = format!("mutation {{ createReferral(input: {{ receiverId: \"{receiver}\", intake: {{ grounds: [\"age\"], domain: \"sport\", manifestations: [\"remarks\"], channel: \"walk_in\", handling: \"referral\", reportedOn: \"2026-11-02\", consentMethod: VERBAL, consentGivenOn: \"2026-11-02\" }} }}) {{ id }} }}");
    let id = graphql(&address, Some(&coc), &create).await["data"]["createReferral"]["id"].as_str().unwrap().to_string();

    let mut expected = Sha256::new();
    futures_util::StreamExt::for_each(hundred_mebibytes(), |chunk| {
        expected.update(chunk.unwrap());
        async {}
    })
    .await;
    let expected = expected.finalize();

    let before = peak_rss_kib(pid);
    let client = reqwest::Client::new();
    let uploaded = client
        .post(format!("{address}/referrals/{id}/attachments"))
        .bearer_auth(&coc)
        .header("x-file-name", "video.mp4")
        .header("content-type", "video/mp4")
        .body(reqwest::Body::wrap_stream(hundred_mebibytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), reqwest::StatusCode::CREATED);
    let after_upload = peak_rss_kib(pid);
    let attachment: Value = uploaded.json().await.unwrap();
    assert_eq!(attachment["sizeBytes"], 100 * 1024 * 1024);
    graphql(&address, Some(&coc), &format!("mutation {{ submitReferral(id: \"{id}\") {{ status }} }}")).await;
    graphql(&address, Some(&mdd), &format!("mutation {{ openReferral(id: \"{id}\") {{ attachments {{ id }} }} }}"))
        .await;

    let file = attachment["id"].as_str().unwrap();
    let mut download =
        client.get(format!("{address}/referrals/{id}/files/{file}")).bearer_auth(&mdd).send().await.unwrap();
    assert_eq!(download.status(), reqwest::StatusCode::OK);
    let mut received = Sha256::new();
    let mut size = 0usize;
    while let Some(chunk) = download.chunk().await.unwrap() {
        size += chunk.len();
        received.update(&chunk);
    }
    assert_eq!(size, 100 * 1024 * 1024);
    assert_eq!(received.finalize(), expected, "the same 100 MiB came back");
    let after_download = peak_rss_kib(pid);

    let growth_mib = (after_download.saturating_sub(before)) as f64 / 1024.0;
    eprintln!(
        "peak RSS: {:.1} MiB before, {:.1} MiB after the upload, {:.1} MiB after the download: {growth_mib:.1} MiB growth for 100 MiB",
        before as f64 / 1024.0,
        after_upload as f64 / 1024.0,
        after_download as f64 / 1024.0
    );
    assert!(growth_mib < 40.0, "peak resident memory grew by {growth_mib:.1} MiB for a 100 MiB attachment");
    // On disk: only ciphertext, a little larger than the plaintext.
    let stored = workdir.path().join("data").join("referrals").join(&id).join(format!("{file}.age"));
    let stored_size = std::fs::metadata(&stored).unwrap().len();
    assert!(stored_size > 100 * 1024 * 1024 && stored_size < 101 * 1024 * 1024, "{stored_size}");
    server.terminate();
}

/// `jobs list` shows each job's schedule, last and next run; `jobs run` runs one now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_commands_list_and_run() {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let dir = workdir.path();
    let before = run_ok(args(dir, &url, &["jobs", "list"]), None);
    assert!(
        before.contains("escalate-referrals") && before.contains("plan-meetings") && before.contains("never"),
        "{before}"
    );
    assert!(
        run_ok(args(dir, &url, &["jobs", "run", "plan-meetings"]), None).contains("plan-meetings: 0 meetings planned")
    );
    let after = run_ok(args(dir, &url, &["jobs", "list"]), None);
    let line = after.lines().find(|l| l.starts_with("plan-meetings")).unwrap();
    assert!(line.contains("(0 meetings planned)") && line.contains("UTC"), "{line}");
    let unknown = args(dir, &url, &["jobs", "run", "nope"]).output().unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("escalate-referrals, plan-meetings"));
}
