//! The scale benchmark (issue 13). For each engine, SQLite and, when
//! `KETEN_BENCH_POSTGRES_URL` names a server, PostgreSQL:
//! - fills a fresh database with `demo generate` at each size of `KETEN_BENCH_SIZES`
//!   (default `10000,1000000`) and reports the generator's rows a second;
//! - measures the median time of every list and page at each size, sequentially over HTTP
//!   as their users ask for them, and reports the ratio of the largest size to the smallest;
//! - at the largest size, serves the police's first page of chain casework from
//!   `POST /graphql` and from a hand-written axum handler (sqlx's native driver, serde), in
//!   alternating rounds of a closed loop, and reports requests a second and their ratio;
//! - on PostgreSQL, prints the plan of the chain casework query and flags a sequential scan.
//!
//! Run it with `scripts/bench`, which also starts a throwaway PostgreSQL server.

#[path = "scale/baseline.rs"]
mod baseline;
#[path = "scale/lists.rs"]
mod lists;
#[path = "shared/postgres.rs"]
mod postgres;

use std::sync::Arc;
use std::time::Duration;

use ketenaanpak::config::Config;
use ketenaanpak::demo::generate::{generate, Options};
use ketenaanpak::server::{Application, StartOptions};
use ketenaanpak::service::Services;
use sqlx::Connection;

struct Instance {
    address: String,
    services: Arc<Services>,
    database_url: String,
    _data: tempfile::TempDir,
}

#[tokio::main]
async fn main() {
    let sizes: Vec<u64> = std::env::var("KETEN_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,1000000".into())
        .split(',')
        .map(|n| n.trim().parse().expect("KETEN_BENCH_SIZES lists numbers of cases"))
        .collect();
    let mut engines = vec!["sqlite"];
    if std::env::var("KETEN_BENCH_POSTGRES_URL").is_ok() {
        engines.push("postgres");
    }
    for engine in engines {
        let mut medians: Vec<Vec<(String, Duration)>> = Vec::new();
        for (n, &cases) in sizes.iter().enumerate() {
            let instance = start(engine, cases).await;
            medians.push(lists::medians(&instance.address, &instance.services).await);
            if n + 1 == sizes.len() {
                graphql_against_baseline(engine, &instance).await;
                if engine == "postgres" {
                    postgres_plan(&instance).await;
                }
            }
        }
        report_ratios(engine, &sizes, &medians);
    }
}

async fn start(engine: &str, cases: u64) -> Instance {
    let data = tempfile::tempdir().expect("a temporary folder");
    let mut config = Config::defaults();
    config.data.dir = data.path().to_path_buf();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.database.url = match engine {
        "sqlite" => format!("sqlite://{}?mode=rwc", data.path().join("bench.db").display()),
        _ => postgres::fresh_database("bench").await,
    };
    config.database.max_connections = 16;
    config.auth.throttle.account_max_failures = i64::MAX;
    config.auth.throttle.address_max_failures = i64::MAX;
    let database_url = config.database.url.clone();
    let app =
        Application::build(config, StartOptions { mail_worker: false, scheduler: false, ..StartOptions::default() })
            .await
            .expect("the service starts");
    let services = app.services();
    let summary =
        generate(&services, &Options { cases, years: 20.min(1 + cases as u32 / 26_000), seed: 1 }, &mut |_, _| {})
            .await
            .expect("the generator fills the database");
    println!(
        "{engine:<8} generated {cases:>9} cases: {:>10} rows in {:>6.1} s = {:>7.0} rows/s",
        summary.rows,
        summary.elapsed.as_secs_f64(),
        summary.rows_per_second()
    );
    let address = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until(std::future::pending()));
    Instance { address, services, database_url, _data: data }
}

fn report_ratios(engine: &str, sizes: &[u64], medians: &[Vec<(String, Duration)>]) {
    let (Some(first), Some(last)) = (medians.first(), medians.last()) else { return };
    println!("\n{engine}: median per list, {} cases against {} cases", sizes[sizes.len() - 1], sizes[0]);
    for (name, small) in first {
        // A page reached by a link may be missing at one size (no case with a pattern).
        let Some((_, large)) = last.iter().find(|(other, _)| other == name) else { continue };
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        let verdict = if ratio <= 1.5 { "ok" } else { "MISSED (target ≤ 1.5)" };
        println!("  {name:<44} {:>8.2} ms {:>8.2} ms  ratio {ratio:>5.2}  {verdict}", ms(*small), ms(*large));
    }
    println!();
}

/// Alternating rounds of a closed loop of 16 clients on each door, the same page each time.
async fn graphql_against_baseline(engine: &str, instance: &Instance) {
    let pool = match engine {
        "sqlite" => baseline::Pool::Sqlite(sqlx::SqlitePool::connect(&instance.database_url).await.unwrap()),
        _ => baseline::Pool::Postgres(sqlx::PgPool::connect(&instance.database_url).await.unwrap()),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/baseline", listener.local_addr().unwrap());
    tokio::spawn(std::future::IntoFuture::into_future(axum::serve(
        listener,
        baseline::router(pool, instance.services.clone()),
    )));
    let token = lists::session_token(&instance.services, "police_officer@politie-drenthe.example").await;
    let graphql = format!("{}/graphql", instance.address);
    let body = serde_json::json!({ "query": baseline::PAGE_QUERY });
    let (a, b) = (lists::fetch(&graphql, &token, &body).await, lists::fetch(&base, &token, &body).await);
    assert_same_page(&a, &b);
    let (mut ours, mut theirs) = (0.0, 0.0);
    for _ in 0..3 {
        ours += lists::requests_per_second(&graphql, &token, &body, Duration::from_secs(5)).await;
        theirs += lists::requests_per_second(&base, &token, &body, Duration::from_secs(5)).await;
    }
    println!(
        "{engine}: chain casework page, 16 clients: GraphQL {:.0} rps, hand-written handler {:.0} rps, ratio {:.2} (target ≥ 0.7)",
        ours / 3.0,
        theirs / 3.0,
        ours / theirs
    );
}

/// The two doors must answer the same page; on a difference, the first node that differs.
fn assert_same_page(graphql: &serde_json::Value, baseline: &serde_json::Value) {
    let edges = |page: &serde_json::Value| page["data"]["sharedCases"]["edges"].as_array().cloned().unwrap_or_default();
    let (ours, theirs) = (edges(graphql), edges(baseline));
    assert_eq!(ours.len(), theirs.len(), "the two doors answer as many cases");
    if let Some((n, (a, b))) = ours.iter().zip(&theirs).enumerate().find(|(_, (a, b))| a != b) {
        panic!("the two doors differ at case {n}:\n GraphQL  {a}\n baseline {b}");
    }
    assert_eq!(graphql, baseline, "the two doors answer the same page info");
}

async fn postgres_plan(instance: &Instance) {
    let mut conn = sqlx::PgConnection::connect(&instance.database_url).await.unwrap();
    let chains: Vec<String> = sqlx::query_scalar(
        "SELECT m.chain_id FROM chain_members m JOIN organisations o ON o.id = m.organisation_id WHERE o.kind = 'police'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let list = chains.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
    let explain = format!(
        "EXPLAIN SELECT c.id FROM cases c WHERE EXISTS (SELECT 1 FROM case_shares s JOIN consents k ON k.id = s.consent_id
         WHERE s.case_id = c.id AND s.unshared_at IS NULL AND k.withdrawn_at IS NULL AND k.scope = 'share_pseudonymised'
           AND s.chain_id IN ({list})) ORDER BY c.created_at DESC, c.id DESC LIMIT 51"
    );
    let plan: Vec<String> = sqlx::query_scalar(&explain).fetch_all(&mut conn).await.unwrap();
    let scans = plan.iter().any(|line| line.contains("Seq Scan on cases"));
    println!("postgres: plan of the chain casework page{}:", if scans { " (SEQUENTIAL SCAN of cases)" } else { "" });
    for line in plan {
        println!("    {line}");
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
