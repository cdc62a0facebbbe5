//! The people of the day: 200 sessions over the demo directory's working accounts (the
//! generator makes one account per role and organisation, so several people share one), each
//! with its form token and the links its work starts from.

use reqwest::redirect::Policy;

pub const PEOPLE: usize = 200;

/// The accounts people sign in with, and whether they register cases (referral inbox, own
/// cases) or work in chains only.
pub const ACCOUNTS: [(&str, bool); 6] = [
    ("caseworker@mdd.example", true),
    ("caseworker@mde.example", true),
    ("intake@coc-noord.example", true),
    ("police_officer@politie-drenthe.example", true),
    ("prosecutor@om-noord.example", false),
    ("analyst@edn.example", false),
];

pub const PASSWORD: &str = ketenaanpak::demo::DEMO_PASSWORD;

pub struct Session {
    pub account: usize,
    pub cookie: String,
    pub form_token: String,
}

/// What an account's work links to: case pages it may read and actions it owns.
#[derive(Default)]
pub struct Links {
    pub cases: Vec<String>,
    pub actions: Vec<String>,
}

pub struct Day {
    pub client: reqwest::Client,
    pub sessions: Vec<Session>,
    pub links: Vec<Links>,
}

/// Signs `people` sessions in, over the accounts in turn, and reads each account's links.
pub async fn sign_in_everyone(address: &str, people: usize) -> Day {
    let client = reqwest::Client::builder().redirect(Policy::none()).pool_max_idle_per_host(256).build().unwrap();
    let mut sessions = Vec::new();
    for n in 0..people {
        let account = n % ACCOUNTS.len();
        let email = ACCOUNTS[account].0;
        let cookie = sign_in(&client, address, email).await.unwrap_or_else(|e| panic!("{email} signs in: {e}"));
        let start = get(&client, &format!("{address}/"), &cookie).await;
        let form_token = form_token(&start).expect("the start page carries the form token");
        sessions.push(Session { account, cookie, form_token });
    }
    let mut links = Vec::new();
    // The first sessions are one of each account, in the order of ACCOUNTS.
    for session in sessions.iter().take(ACCOUNTS.len()) {
        let cookie = &session.cookie;
        let casework = get(&client, &format!("{address}/casework"), cookie).await;
        let mine = get(&client, &format!("{address}/actions/mine"), cookie).await;
        links.push(Links { cases: linked_ids(&casework, "/cases/"), actions: linked_ids(&mine, "/actions/") });
    }
    Day { client, sessions, links }
}

/// Signs in through the login form; the session cookie it sets, or what went wrong.
pub async fn sign_in(client: &reqwest::Client, address: &str, email: &str) -> Result<String, String> {
    let response = client
        .post(format!("{address}/login"))
        .header("origin", address)
        .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .map_err(|e| if e.is_timeout() { "timeout".to_owned() } else { "connection".to_owned() })?;
    let cookie = response.headers().get_all("set-cookie").iter().find_map(|value| {
        let value = value.to_str().ok()?;
        value.starts_with("ketenaanpak_session=kts_").then(|| value.split(';').next().unwrap().to_owned())
    });
    cookie.ok_or_else(|| format!("sign-in status {}", response.status()))
}

async fn get(client: &reqwest::Client, url: &str, cookie: &str) -> String {
    let response = client.get(url).header("cookie", cookie).send().await.unwrap();
    assert!(response.status().is_success(), "{url}: {}", response.status());
    response.text().await.unwrap()
}

/// The value of the first `name="csrf"` field on a page.
fn form_token(page: &str) -> Option<String> {
    let at = page.find("name=\"csrf\"")?;
    let rest = &page[at..];
    let value = &rest[rest.find("value=\"")? + 7..];
    Some(value[..value.find('"')?].to_owned())
}

/// The ids linked on a page under `prefix` (UUIDs), in order, without repeats.
fn linked_ids(page: &str, prefix: &str) -> Vec<String> {
    let marker = format!("href=\"{prefix}");
    let mut ids: Vec<String> = Vec::new();
    for (at, _) in page.match_indices(&marker) {
        let id: String = page[at + marker.len()..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
        if id.len() == 36 && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}
