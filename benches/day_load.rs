//! A day's load (issue 13): 200 signed-in people doing a mixed day against a database of
//! generated cases, on SQLite and, when `KETEN_BENCH_POSTGRES_URL` names a server, on
//! PostgreSQL. The service runs as its own process (`ketenaanpak serve`, the release build),
//! so its resident memory is its own; the load generator shares the machine's cores with it.
//!
//! Open loop: requests leave at a fixed arrival rate whatever the answers do, and each
//! latency counts from the moment its request was due, so a queue in the service shows in
//! the tail instead of slowing the load down. Settings:
//! - `KETEN_BENCH_DAY_CASES` (default 1000000): the cases `demo generate` writes;
//! - `KETEN_BENCH_DAY_RATES` (default `40,100`): requests a second, one run each;
//! - `KETEN_BENCH_DAY_SECONDS` (default 60): each run's measured length, after 10 s warm-up.
//!
//! Run it with `scripts/bench`, which also starts a throwaway PostgreSQL server.

#[path = "day_load/load.rs"]
mod load;
#[path = "day_load/people.rs"]
mod people;
#[path = "shared/postgres.rs"]
mod postgres;
#[path = "day_load/service.rs"]
mod service;

use std::time::Duration;

fn setting<T: std::str::FromStr>(name: &str, default: &str) -> Vec<T> {
    let text = std::env::var(name).unwrap_or_else(|_| default.to_owned());
    text.split(',').map(|n| n.trim().parse().unwrap_or_else(|_| panic!("{name} lists numbers: {text}"))).collect()
}

#[tokio::main]
async fn main() {
    let cases = setting::<u64>("KETEN_BENCH_DAY_CASES", "1000000")[0];
    let rates = setting::<f64>("KETEN_BENCH_DAY_RATES", "40,100");
    let seconds = setting::<u64>("KETEN_BENCH_DAY_SECONDS", "60")[0];
    let mut engines = vec!["sqlite"];
    if std::env::var("KETEN_BENCH_POSTGRES_URL").is_ok() {
        engines.push("postgres");
    }
    for engine in engines {
        let running = service::Running::generate_and_serve(engine, cases).await;
        let day = people::sign_in_everyone(&running.address, people::PEOPLE).await;
        println!("{engine}: {} sessions of {} people signed in", day.sessions.len(), people::PEOPLE);
        for &rate in &rates {
            load::run(&running.address, &day, rate, Duration::from_secs(10)).await;
            let report = load::run(&running.address, &day, rate, Duration::from_secs(seconds)).await;
            report.print(engine, cases, rate, &running.memory());
        }
        running.stop();
    }
}
