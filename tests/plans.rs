//! Every list and page is served by an index, not by reading a whole large table: on a
//! database filled by `demo generate`, the pages and lists are visited as their users visit
//! them, every SELECT they ran is taken from sqlx's own statement events, and SQLite's query
//! plan of each is checked. A plan that scans a large table fails, and so does a walk over a
//! large table's whole index that no LIMIT stops. (PostgreSQL's plans are checked by the
//! scale benchmark, on a million cases.) In a test binary of its own: it installs the
//! process's only tracing subscriber.

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use helpers::{spawn_empty, Engine, TestApp};
use ketenaanpak::demo::generate::{generate, Options};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use sqlx::{Connection, Row};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// A table with more rows than this is large: reading all of it is what the test refuses.
const LARGE: i64 = 250;
const CASES: u64 = 6_000;

static RECORDING: AtomicBool = AtomicBool::new(false);
static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct RecordStatements;

#[derive(Default)]
struct StatementText {
    summary: String,
    statement: String,
}

impl Visit for StatementText {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> Layer<S> for RecordStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" || !RECORDING.load(Ordering::SeqCst) {
            return;
        }
        let mut text = StatementText::default();
        event.record(&mut text);
        // sqlx gives the whole statement only when it is longer than its summary.
        let sql = if text.statement.trim().is_empty() { text.summary } else { text.statement };
        STATEMENTS.lock().unwrap().push(sql.trim().to_owned());
    }
}

fn install_recorder() {
    let filter = tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE);
    let subscriber = tracing_subscriber::registry().with(RecordStatements.with_filter(filter));
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber in this binary");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_and_page_is_served_by_an_index_on_a_generated_database() {
    install_recorder();
    let app = spawn_empty(Engine::Sqlite).await;
    let options = Options { cases: CASES, years: 3, seed: 13 };
    let summary = generate(&app.services, &options, &mut |_, _| {}).await.expect("the generator fills the database");
    assert!(summary.cases == CASES && summary.rows > CASES * 8, "{summary:?}");

    RECORDING.store(true, Ordering::SeqCst);
    let visited = visit_every_list(&app).await;
    RECORDING.store(false, Ordering::SeqCst);
    let statements: BTreeSet<String> = STATEMENTS
        .lock()
        .unwrap()
        .iter()
        .filter(|sql| {
            let start = sql.trim_start().to_ascii_uppercase();
            start.starts_with("SELECT") || start.starts_with("WITH")
        })
        .cloned()
        .collect();
    assert!(statements.len() > 20, "the visits ran only {} distinct reads", statements.len());

    let mut conn = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    let sizes = table_sizes(&mut conn).await;
    for table in ["cases", "case_shares", "consents", "case_notes", "audit_events", "referrals"] {
        assert!(sizes[table] > LARGE, "{table} holds {} rows, too few to tell a scan from a search", sizes[table]);
    }
    let mut refused = Vec::new();
    for sql in &statements {
        for problem in plan_problems(&mut conn, sql, &sizes).await {
            refused.push(format!("{problem}\n    in: {}", one_line(sql)));
        }
    }
    assert!(refused.is_empty(), "after visiting {visited} pages and lists:\n{}", refused.join("\n"));
}

/// Visits every list of the issue as the people who use them: own cases with each filter and
/// a second page, chain casework with each filter and a second page, a pattern, both
/// referral folders, actions, meetings and an agenda, the privacy officer's trail with each
/// filter, the analysts' overview and everyone's start page. Returns how many it visited.
async fn visit_every_list(app: &TestApp) -> usize {
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let caseworker = sign_in(app, &client, "caseworker@mdd.example").await;
    let police = sign_in(app, &client, "police_officer@politie-drenthe.example").await;
    let analyst = sign_in(app, &client, "analyst@edn.example").await;
    let privacy = sign_in(app, &client, "privacy_officer@mdd.example").await;
    let own_case = first_link(&get(app, &client, &caseworker, "/cases").await, "/cases/");
    let shared_case = first_link(&get(app, &client, &police, "/casework").await, "/cases/");
    let meeting = first_link(&get(app, &client, &analyst, "/meetings").await, "/meetings/");
    let month = chrono::Utc::now().date_naive().format("%Y-%m").to_string();
    let paths: Vec<(&str, String)> = vec![
        (&caseworker, "/".into()),
        (&police, "/".into()),
        (&analyst, "/".into()),
        (&caseworker, "/cases".into()),
        (&caseworker, "/cases?status=open".into()),
        (&caseworker, "/cases?ground=origin".into()),
        (&caseworker, "/cases?municipality=GM0106".into()),
        (&caseworker, "/cases?from=2025-01-01&to=2025-06-30".into()),
        (&caseworker, "/cases?shared=yes".into()),
        (&caseworker, "/cases?shared=no".into()),
        (&caseworker, "/cases?code=MDD-2025-0001".into()),
        (&caseworker, format!("/cases?after={own_case}")),
        (&caseworker, format!("/cases/{own_case}")),
        (&police, "/casework".into()),
        (&police, "/casework?ground=sexual_orientation".into()),
        (&police, "/casework?domain=housing".into()),
        (&police, "/casework?municipality=GM0106".into()),
        (&police, format!("/casework?month={month}")),
        (&police, format!("/casework?after={shared_case}")),
        (&police, format!("/cases/{shared_case}")),
        (&caseworker, "/referrals".into()),
        (&caseworker, "/referrals?folder=outbox".into()),
        (&caseworker, "/referrals?folder=outbox&status=accepted".into()),
        (&police, "/referrals?status=sent".into()),
        (&police, "/actions".into()),
        (&police, "/actions?status=open".into()),
        (&police, "/actions/mine".into()),
        (&analyst, "/meetings".into()),
        (&analyst, format!("/meetings/{meeting}/minutes")),
        (&privacy, "/audit".into()),
        (&privacy, "/audit?action=case_created".into()),
        (&privacy, format!("/audit?record={own_case}")),
        (&privacy, "/audit?from=2025-01-01&until=2025-02-01".into()),
        (&analyst, format!("/overviews/{month}")),
    ];
    for (cookie, path) in &paths {
        let response = client.get(app.url(path)).header("cookie", *cookie).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    paths.len()
}

async fn sign_in(app: &TestApp, client: &reqwest::Client, email: &str) -> String {
    let signed_in = client
        .post(app.url("/login"))
        .header("origin", app.address.clone())
        .form(&[("email", email), ("password", ketenaanpak::demo::DEMO_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    let cookie = signed_in.headers().get("set-cookie").unwrap_or_else(|| panic!("{email} signs in"));
    cookie.to_str().unwrap().split(';').next().unwrap().to_string()
}

async fn get(app: &TestApp, client: &reqwest::Client, cookie: &str, path: &str) -> String {
    client.get(app.url(path)).header("cookie", cookie).send().await.unwrap().text().await.unwrap()
}

/// The id in the first link on the page that starts with `prefix` and a UUID.
fn first_link(page: &str, prefix: &str) -> String {
    page.match_indices(&format!("href=\"{prefix}"))
        .map(|(at, found)| &page[at + found.len()..])
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect::<String>())
        .find(|id| id.len() == 36)
        .unwrap_or_else(|| panic!("no link to {prefix}… on the page"))
}

async fn table_sizes(conn: &mut sqlx::SqliteConnection) -> BTreeMap<String, i64> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    let mut sizes = BTreeMap::new();
    for table in tables {
        let count: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\"")).fetch_one(&mut *conn).await.unwrap();
        sizes.insert(table, count);
    }
    sizes
}

/// What is wrong with the statement's plan: each scan of a large table, and each walk over a
/// large table's whole index in a statement that no LIMIT ends.
async fn plan_problems(conn: &mut sqlx::SqliteConnection, sql: &str, sizes: &BTreeMap<String, i64>) -> Vec<String> {
    let aliases = aliases(sql);
    let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    let limited = sql.to_ascii_uppercase().contains(" LIMIT ");
    let mut problems = Vec::new();
    for row in rows {
        let detail: String = row.get("detail");
        let Some(scanned) = detail.strip_prefix("SCAN ") else { continue };
        let name = scanned.split_whitespace().next().unwrap_or_default();
        let table = aliases.get(name).map(String::as_str).unwrap_or(name);
        if sizes.get(table).copied().unwrap_or(0) <= LARGE {
            continue;
        }
        if !scanned.contains(" USING ") {
            problems.push(format!("{detail}: reads all {} rows of {table}", sizes[table]));
        } else if !limited {
            problems.push(format!("{detail}: walks all {} rows of {table} and no LIMIT stops it", sizes[table]));
        }
    }
    problems
}

/// The tables the statement names after FROM and JOIN, by alias and by name.
fn aliases(sql: &str) -> BTreeMap<String, String> {
    let words: Vec<&str> =
        sql.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty()).collect();
    let mut found = BTreeMap::new();
    for pair in words.windows(3) {
        if pair[0].eq_ignore_ascii_case("FROM") || pair[0].eq_ignore_ascii_case("JOIN") {
            let table = pair[1].to_owned();
            let alias = if pair[2].eq_ignore_ascii_case("AS") { None } else { Some(pair[2]) };
            found.insert(table.clone(), table.clone());
            if let Some(alias) = alias.filter(|a| a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
                found.entry(alias.to_owned()).or_insert(table);
            }
        }
    }
    found
}

/// The statement on one line, cut short: a list of thousands of parameters says nothing more.
fn one_line(sql: &str) -> String {
    let line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(400) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
