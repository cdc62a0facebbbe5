//! A small WebDriver client (W3C protocol over HTTP) driving the distribution's headless
//! Chromium through chromedriver. Thirty lines of requests rather than a client crate: the
//! tests need to open pages, fill a form, run a line of script and print.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::tool;

pub struct Browser {
    driver: Child,
    base: String,
    client: reqwest::Client,
}

impl Drop for Browser {
    /// Ends the session first, so chromedriver quits Chromium and removes its profile
    /// folder (a killed driver leaves both behind); a plain blocking request, as drop cannot wait.
    fn drop(&mut self) {
        use std::io::{Read, Write};
        if let Some((host, path)) = self.base.strip_prefix("http://").and_then(|rest| rest.split_once('/')) {
            if let Ok(mut stream) = std::net::TcpStream::connect(host) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let request = format!(
                    "DELETE /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(request.as_bytes());
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Headless Chromium; `None` (the test is skipped) when it is not installed, except
    /// under `CI=true`, where that fails.
    pub async fn start() -> Option<Browser> {
        let driver = tool("chromedriver")?;
        let chromium = tool("chromium")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let client = reqwest::Client::new();
        let status = format!("http://127.0.0.1:{port}/status");
        for _ in 0..100 {
            if client.get(&status).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            // No sandbox: the suite may run as root in a container, where Chromium's sandbox cannot start.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=nl"],
            // Headless Chromium asks for English whatever `--lang` says; the pages before
            // sign-in follow what the browser asks, and the demo's people read Dutch.
            "prefs": { "intl.accept_languages": "nl-NL,nl" },
        } } } });
        let created: Value = client
            .post(format!("http://127.0.0.1:{port}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("a session")
            .json()
            .await
            .unwrap();
        let session = created["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {created}"));
        Some(Browser { driver: child, base: format!("http://127.0.0.1:{port}/session/{session}"), client })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let request = self.client.request(method, format!("{}{path}", self.base));
        let request = if body.is_null() { request } else { request.json(&body) };
        let answer: Value = request.send().await.expect("webdriver answers").json().await.unwrap();
        assert!(answer["value"].get("error").is_none(), "webdriver {path}: {answer}");
        answer["value"].clone()
    }

    pub async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({ "url": url })).await;
    }

    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", Value::Null).await.as_str().unwrap().to_string()
    }

    /// Signs out with the header's button and waits for the login form, so that the next
    /// `open` cannot overtake the sign-out and arrive still signed in.
    pub async fn sign_out(&self) {
        self.click("header form[action='/logout'] button").await;
        self.wait_for_url(|url| url.contains("/login")).await;
    }

    /// Waits (up to ten seconds) for a navigation a click started to arrive where `arrived`
    /// says, and returns the address.
    pub async fn wait_for_url(&self, arrived: impl Fn(&str) -> bool) -> String {
        for _ in 0..100 {
            let url = self.url().await;
            let loaded = self.script("return document.readyState").await == "complete";
            if loaded && arrived(&url) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the browser stayed at {}", self.url().await)
    }

    async fn element(&self, css: &str) -> String {
        let found =
            self.call(reqwest::Method::POST, "/element", json!({ "using": "css selector", "value": css })).await;
        found.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap().to_string()
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{element}/value"), json!({ "text": text })).await;
    }

    pub async fn clear(&self, css: &str) {
        let element = self.element(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{element}/clear"), json!({})).await;
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.script("return document.body.innerText").await.as_str().unwrap_or_default().to_string()
    }

    pub async fn click(&self, css: &str) {
        let element = self.element(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{element}/click"), json!({})).await;
    }

    /// Presses `keys` on the keyboard, one after another, wherever the focus is (W3C actions:
    /// `\u{E004}` is Tab, `\u{E007}` Enter, `\u{E015}` arrow down; a space ticks a box).
    pub async fn press(&self, keys: &str) {
        let strokes: Vec<Value> = keys
            .chars()
            .flat_map(|key| {
                [
                    json!({ "type": "keyDown", "value": key.to_string() }),
                    json!({ "type": "keyUp", "value": key.to_string() }),
                ]
            })
            .collect();
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": strokes }] });
        self.call(reqwest::Method::POST, "/actions", actions).await;
    }

    /// The id of the element that has the focus ("" for none).
    pub async fn focused(&self) -> String {
        let id = self.script("return document.activeElement ? document.activeElement.id : ''").await;
        id.as_str().unwrap_or_default().to_string()
    }

    /// The browser's cookie `name` as `name=value`, HttpOnly or not (WebDriver sees them all),
    /// so a test can fetch what a link would download with the browser's own session.
    pub async fn cookie(&self, name: &str) -> String {
        let cookie = self.call(reqwest::Method::GET, &format!("/cookie/{name}"), Value::Null).await;
        format!("{name}={}", cookie["value"].as_str().unwrap())
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn script(&self, script: &str) -> Value {
        self.call(reqwest::Method::POST, "/execute/sync", json!({ "script": script, "args": [] })).await
    }

    /// Runs axe-core (from npm, in tests/tools) on the page as it now stands and fails with
    /// every violation of WCAG 2.1 A and AA it reports, naming `state` (which page, which
    /// moment: empty, filled, with errors). The script is injected through WebDriver, so the
    /// pages' own policy (no scripts at all) stays as it is.
    pub async fn assert_accessible(&self, state: &str) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(path).unwrap_or_else(|_| {
            panic!("axe-core is missing at {path}: scripts/test installs it (npm ci --prefix tests/tools)")
        });
        let inject =
            format!("{axe}\n;if (typeof axe !== 'undefined') {{ window.axe = axe; }} return typeof window.axe;");
        assert_eq!(self.script(&inject).await, "object", "axe-core loaded");
        let run = "const done = arguments[arguments.length - 1];
            window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
              .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })) }))
              .catch(e => done({ passes: 0, violations: [{ id: 'axe-error', help: String(e) }] }));";
        let result = self.call(reqwest::Method::POST, "/execute/async", json!({ "script": run, "args": [] })).await;
        assert!(result["passes"].as_u64().unwrap_or(0) > 0, "axe checked nothing on {state}: {result}");
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        assert!(violations.is_empty(), "{state}: {}", serde_json::to_string_pretty(&violations).unwrap());
    }

    /// Switches the page to the print media type, as printing does (Chrome DevTools), or
    /// back to the screen with `false`.
    pub async fn emulate_print(&self, print: bool) {
        let media = if print { "print" } else { "" };
        let command = json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": media } });
        self.call(reqwest::Method::POST, "/goog/cdp/execute", command).await;
    }

    /// Prints the page to PDF, as the browser's print does.
    pub async fn print_pdf(&self) -> Vec<u8> {
        use base64::Engine;
        let printed = self.call(reqwest::Method::POST, "/print", json!({})).await;
        base64::engine::general_purpose::STANDARD.decode(printed.as_str().unwrap()).unwrap()
    }
}
