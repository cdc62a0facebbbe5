//! Every list of the issue, timed as its users ask for it, and a closed loop for the
//! GraphQL-against-baseline comparison.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Datelike;

use ketenaanpak::demo::DEMO_PASSWORD;
use ketenaanpak::service::accounts::sign_in::LoginOutcome;
use ketenaanpak::service::Services;

/// Requests per list after five to warm up.
const SAMPLES: usize = 30;

/// A session token for the demo user, signed in through the service.
pub async fn session_token(services: &Services, email: &str) -> String {
    match services.login(email, DEMO_PASSWORD, IpAddr::V4(Ipv4Addr::LOCALHOST)).await.expect("signs in") {
        LoginOutcome::SignedIn(session) => session.token,
        LoginOutcome::SecondFactor(_) => panic!("{email} has no second factor"),
    }
}

/// The lists and pages of the issue: (who, what, path). The page's first answer gives the
/// ids the second pages and the case pages need.
const LISTS: [(&str, &str, &str); 16] = [
    ("caseworker@mdd.example", "start page, case worker", "/"),
    ("police_officer@politie-drenthe.example", "start page, police", "/"),
    ("caseworker@mdd.example", "own cases", "/cases"),
    ("caseworker@mdd.example", "own cases, ground", "/cases?ground=sexual_orientation"),
    ("caseworker@mdd.example", "own cases, status", "/cases?status=open"),
    ("police_officer@politie-drenthe.example", "chain casework", "/casework"),
    ("police_officer@politie-drenthe.example", "chain casework, ground", "/casework?ground=disability"),
    ("police_officer@politie-drenthe.example", "chain casework, domain", "/casework?domain=housing"),
    ("police_officer@politie-drenthe.example", "chain casework, municipality", "/casework?municipality=GM0106"),
    ("caseworker@mdd.example", "referral inbox", "/referrals"),
    ("caseworker@mdd.example", "referral outbox", "/referrals?folder=outbox"),
    ("police_officer@politie-drenthe.example", "actions", "/actions"),
    ("police_officer@politie-drenthe.example", "my actions", "/actions/mine"),
    ("analyst@edn.example", "meetings", "/meetings"),
    ("privacy_officer@mdd.example", "audit trail", "/audit"),
    ("privacy_officer@mdd.example", "audit trail, kind of event", "/audit?action=case_shared"),
];

/// The median time of each list, in the order of `LISTS`, with the pages reached from them
/// after the list they are linked from: second pages, a case page and its counterparty
/// pattern, a meeting's agenda; then last month's overview.
pub async fn medians(address: &str, services: &Services) -> Vec<(String, Duration)> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut out = Vec::new();
    for (who, name, path) in LISTS {
        let cookie = format!("ketenaanpak_session={}", session_token(services, who).await);
        out.push((name.to_owned(), median_of(&client, &format!("{address}{path}"), &cookie).await));
        let page = client.get(format!("{address}{path}")).header("cookie", &cookie).send().await.unwrap();
        let page = page.text().await.unwrap();
        for (linked, url) in linked_pages(name, path, &page, address, &client, &cookie).await {
            out.push((linked, median_of(&client, &url, &cookie).await));
        }
    }
    let cookie = format!("ketenaanpak_session={}", session_token(services, "analyst@edn.example").await);
    let month = (chrono::Utc::now().date_naive().with_day(1).unwrap() - chrono::Duration::days(1)).format("%Y-%m");
    out.push((
        "overview, last month".into(),
        median_of(&client, &format!("{address}/overviews/{month}"), &cookie).await,
    ));
    out
}

/// The pages a list links to that the issue names: (name, URL).
async fn linked_pages(
    name: &str,
    path: &str,
    page: &str,
    address: &str,
    client: &reqwest::Client,
    cookie: &str,
) -> Vec<(String, String)> {
    let mut linked = Vec::new();
    if path == "/cases" || path == "/casework" {
        linked.push((format!("{name}, second page"), format!("{address}{path}?after={}", last_link(page, "/cases/"))));
    }
    if path == "/cases" {
        linked.push(("case page".into(), format!("{address}/cases/{}", first_link(page, "/cases/"))));
        // The first case on the page whose counterparty forms a pattern in a chain.
        for id in linked_ids(page, "/cases/") {
            let case = client.get(format!("{address}/cases/{id}")).header("cookie", cookie).send().await.unwrap();
            let case = case.text().await.unwrap();
            if let Some(at) = case.find("/pattern/") {
                let start = case[..at].rfind('"').unwrap() + 1;
                let end = at + case[at..].find('"').unwrap();
                linked.push(("counterparty pattern".into(), format!("{address}{}", &case[start..end])));
                break;
            }
        }
    }
    if path == "/meetings" {
        if let Some(at) = page.find("/agenda\"") {
            let start = page[..at].rfind('"').unwrap() + 1;
            linked.push(("agenda".into(), format!("{address}{}/agenda", &page[start..at])));
        }
    }
    linked
}

async fn median_of(client: &reqwest::Client, url: &str, cookie: &str) -> Duration {
    let mut samples = Vec::new();
    for n in 0..SAMPLES + 5 {
        let started = Instant::now();
        let response = client.get(url).header("cookie", cookie).send().await.unwrap();
        assert!(response.status().is_success(), "{url}: {}", response.status());
        response.bytes().await.unwrap();
        if n >= 5 {
            samples.push(started.elapsed());
        }
    }
    samples.sort();
    samples[samples.len() / 2]
}

/// The ids linked on a page under `prefix`, in order.
fn linked_ids(page: &str, prefix: &str) -> Vec<String> {
    let marker = format!("href=\"{prefix}");
    page.match_indices(&marker)
        .map(|(at, _)| {
            page[at + marker.len()..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect::<String>()
        })
        .filter(|id| id.len() == 36)
        .collect()
}

fn first_link(page: &str, prefix: &str) -> String {
    linked_ids(page, prefix).into_iter().next().expect("a link on the page")
}

fn last_link(page: &str, prefix: &str) -> String {
    linked_ids(page, prefix).pop().expect("a link on the page")
}

pub async fn fetch(url: &str, token: &str, body: &serde_json::Value) -> serde_json::Value {
    let response = reqwest::Client::new().post(url).bearer_auth(token).json(body).send().await.unwrap();
    response.json().await.unwrap()
}

/// A closed loop of 16 clients for `length`: requests answered a second.
pub async fn requests_per_second(url: &str, token: &str, body: &serde_json::Value, length: Duration) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + length;
    let client = reqwest::Client::new();
    let body = Arc::new(serde_json::to_vec(body).unwrap());
    let mut clients = Vec::new();
    for _ in 0..16 {
        let (client, done, body, url, token) =
            (client.clone(), done.clone(), body.clone(), url.to_owned(), token.to_owned());
        clients.push(tokio::spawn(async move {
            while Instant::now() < until {
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body.as_ref().clone())
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success());
                response.bytes().await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for client in clients {
        client.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / length.as_secs_f64()
}
