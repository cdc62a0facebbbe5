//! The open loop: a request leaves every 1/rate seconds whatever the answers do, chosen from
//! the day's mix by a seeded generator, and its latency counts from when it was due.

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::people::{sign_in, Day, ACCOUNTS};
use super::service::Memory;

/// The day's mix: what people do, and how often out of 100 requests.
const MIX: [(Kind, u32); 6] = [
    (Kind::StartPage, 25),
    (Kind::ChainCasework, 25),
    (Kind::CasePage, 25),
    (Kind::ReferralInbox, 15),
    (Kind::ActionUpdate, 8),
    (Kind::SignIn, 2),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    StartPage,
    ChainCasework,
    CasePage,
    ReferralInbox,
    ActionUpdate,
    SignIn,
}

/// One request as it went: its kind, from due to answered, and whether it was answered as
/// the page answers when all is well.
struct Sample {
    kind: Kind,
    latency: Duration,
    error: Option<String>,
}

pub struct Report {
    samples: Vec<Sample>,
    length: Duration,
}

pub async fn run(address: &str, day: &Day, rate: f64, length: Duration) -> Report {
    let mut choose = StdRng::seed_from_u64(rate.to_bits() ^ length.as_secs());
    let interval = Duration::from_secs_f64(1.0 / rate);
    let count = (length.as_secs_f64() * rate) as u32;
    let begin = tokio::time::Instant::now() + Duration::from_millis(50);
    let mut requests = Vec::with_capacity(count as usize);
    for n in 0..count {
        let (kind, request) = next_request(&mut choose, day);
        let due = begin + interval * n;
        tokio::time::sleep_until(due).await;
        let due = due.into_std();
        let address = address.to_owned();
        let client = day.client.clone();
        requests.push(tokio::spawn(async move {
            let error = send(&client, &address, request).await.err();
            Sample { kind, latency: Instant::now().saturating_duration_since(due), error }
        }));
    }
    let mut samples = Vec::with_capacity(requests.len());
    for request in requests {
        samples.push(request.await.expect("a request task"));
    }
    Report { samples, length }
}

/// What one request asks, resolved to a session and a link.
enum Request {
    Get { path: String, cookie: String },
    UpdateAction { id: String, cookie: String, form_token: String },
    SignIn { email: &'static str },
}

fn next_request(choose: &mut StdRng, day: &Day) -> (Kind, Request) {
    let kind = kind_of(choose.gen_range(0..100));
    let session = &day.sessions[choose.gen_range(0..day.sessions.len())];
    let links = &day.links[session.account];
    let (email, registers) = ACCOUNTS[session.account];
    let get = |path: String| Request::Get { path, cookie: session.cookie.clone() };
    let request = match kind {
        Kind::StartPage => get("/".into()),
        Kind::ChainCasework => get("/casework".into()),
        Kind::CasePage if !links.cases.is_empty() => {
            get(format!("/cases/{}", links.cases[choose.gen_range(0..links.cases.len())]))
        }
        Kind::ReferralInbox if registers => get("/referrals".into()),
        Kind::ActionUpdate if !links.actions.is_empty() => Request::UpdateAction {
            id: links.actions[choose.gen_range(0..links.actions.len())].clone(),
            cookie: session.cookie.clone(),
            form_token: session.form_token.clone(),
        },
        Kind::ActionUpdate => get("/actions/mine".into()),
        Kind::SignIn => Request::SignIn { email },
        _ => get("/".into()),
    };
    (kind, request)
}

/// The kind of the mix that a roll of 0..100 falls on.
fn kind_of(roll: u32) -> Kind {
    let mut left = roll;
    for (kind, weight) in MIX {
        if left < weight {
            return kind;
        }
        left -= weight;
    }
    panic!("the mix adds up to 100")
}

/// Sends the request; an answer other than the one a working page gives is an error.
async fn send(client: &reqwest::Client, address: &str, request: Request) -> Result<(), String> {
    let timeout = Duration::from_secs(10);
    let (response, expected) = match request {
        Request::Get { path, cookie } => {
            (client.get(format!("{address}{path}")).header("cookie", cookie).timeout(timeout).send().await, 200)
        }
        Request::UpdateAction { id, cookie, form_token } => {
            let form = [
                ("csrf", form_token.as_str()),
                ("status", "in_progress"),
                ("note", "Besproken met de melder, vervolg volgt."),
            ];
            let post =
                client.post(format!("{address}/actions/{id}")).header("cookie", cookie).header("origin", address);
            (post.form(&form).timeout(timeout).send().await, 303)
        }
        Request::SignIn { email } => return sign_in(client, address, email).await.map(|_| ()),
    };
    let response = response.map_err(|e| if e.is_timeout() { "timeout".to_owned() } else { "connection".to_owned() })?;
    let status = response.status().as_u16();
    response.bytes().await.map_err(|_| "body".to_owned())?;
    if status == expected {
        Ok(())
    } else {
        Err(format!("status {status}"))
    }
}

impl Report {
    pub fn print(&self, engine: &str, cases: u64, rate: f64, memory: &Memory) {
        let errors = self.samples.iter().filter(|s| s.error.is_some()).count();
        println!(
            "\n{engine}: {cases} cases, {rate:.0} requests a second for {} s: {} requests, {errors} errors",
            self.length.as_secs(),
            self.samples.len()
        );
        let all: Vec<&Sample> = self.samples.iter().collect();
        line("every request", &all);
        for (kind, _) in MIX {
            line(&format!("{kind:?}"), &self.samples.iter().filter(|s| s.kind == kind).collect::<Vec<_>>());
        }
        let mut reasons: Vec<&str> = self.samples.iter().filter_map(|s| s.error.as_deref()).collect();
        reasons.sort();
        reasons.dedup();
        if !reasons.is_empty() {
            println!("  errors: {}", reasons.join(", "));
        }
        let p99 = percentile(&all, 0.99);
        println!(
            "  p99 {:.1} ms (target ≤ 50 ms: {}); service memory peak {} MiB, now {} MiB ({} MiB own, {} MiB files) (target ≤ 256 MiB: {})",
            ms(p99),
            if p99 <= Duration::from_millis(50) && errors == 0 { "met" } else { "MISSED" },
            memory.peak_kib / 1024,
            memory.now_kib / 1024,
            memory.anonymous_kib / 1024,
            memory.file_kib / 1024,
            if memory.peak_kib <= 256 * 1024 { "met" } else { "MISSED" },
        );
    }
}

fn line(name: &str, samples: &[&Sample]) {
    if samples.is_empty() {
        return;
    }
    println!(
        "  {name:<16} {:>6} requests  p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
        samples.len(),
        ms(percentile(samples, 0.50)),
        ms(percentile(samples, 0.99)),
        ms(percentile(samples, 1.0)),
    );
}

fn percentile(samples: &[&Sample], share: f64) -> Duration {
    let mut latencies: Vec<Duration> = samples.iter().map(|s| s.latency).collect();
    latencies.sort();
    let at = ((latencies.len() as f64 * share).ceil() as usize).clamp(1, latencies.len()) - 1;
    latencies[at]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
