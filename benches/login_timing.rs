//! Does a login with an unknown e-mail address take as long as one with a wrong password?
//! Run: `cargo bench --bench login_timing`. Starts the service (SQLite, demo data) on port 0,
//! sends interleaved logins of three kinds over HTTP and reports the median of each and the
//! ratios against the wrong-password baseline measured in the same run.

use std::time::{Duration, Instant};

use ketenaanpak::config::Config;
use ketenaanpak::server::{Application, StartOptions};
use ketenaanpak::service::accounts::access::Operator;
use serde_json::json;

const ROUNDS: usize = 60;

#[tokio::main]
async fn main() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut config = Config::defaults();
    config.data.dir = data.path().to_path_buf();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.auth.throttle.account_max_failures = i64::MAX;
    config.auth.throttle.address_max_failures = i64::MAX;
    let app = Application::build(config, StartOptions::default()).await.expect("service starts");
    let url = format!("http://{}/graphql", app.local_addr());
    ketenaanpak::demo::directory::seed(&app.services(), &Operator::command_line()).await.expect("demo data");
    tokio::spawn(app.run_until(std::future::pending()));

    let client = reqwest::Client::new();
    let kinds = [
        ("wrong password (baseline)", "caseworker@mdd.example", "not-the-password"),
        ("unknown e-mail address", "nobody@mdd.example", "not-the-password"),
        ("right password", "caseworker@mdd.example", "demo-ketenaanpak"),
    ];
    let mut timings: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
    for round in 0..ROUNDS + 5 {
        for (kind, (_, email, password)) in kinds.iter().enumerate() {
            let body = json!({ "query": "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", "variables": { "e": email, "p": password } });
            let started = Instant::now();
            let response = client.post(&url).json(&body).send().await.expect("answer");
            response.bytes().await.expect("body");
            if round >= 5 {
                timings[kind].push(started.elapsed());
            }
        }
    }
    let baseline = median(&mut timings[0]);
    println!("login timing, median of {ROUNDS} interleaved rounds (Argon2id m=19456 t=2 p=1):");
    for (kind, (name, _, _)) in kinds.iter().enumerate() {
        let m = median(&mut timings[kind]);
        println!(
            "  {name:<28} {:>8.2} ms   ratio to baseline {:.3}",
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() / baseline.as_secs_f64()
        );
    }
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
