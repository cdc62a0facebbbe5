//! The service under load: a database filled by `ketenaanpak demo generate`, then
//! `ketenaanpak serve` as a child process, both the release build of this package.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Running {
    pub address: String,
    child: Child,
    _data: tempfile::TempDir,
}

/// The service process's peak and current resident memory, from /proc; the current split
/// into the process's own (heap, stacks) and mapped files (the binary, SQLite's pages).
pub struct Memory {
    pub peak_kib: u64,
    pub now_kib: u64,
    pub anonymous_kib: u64,
    pub file_kib: u64,
}

impl Running {
    pub async fn generate_and_serve(engine: &str, cases: u64) -> Running {
        let data = tempfile::tempdir().expect("a temporary folder");
        let database = match engine {
            "sqlite" => format!("sqlite://{}?mode=rwc", data.path().join("day.db").display()),
            _ => super::postgres::fresh_database("day").await,
        };
        let started = Instant::now();
        let generated = command(data.path().into(), &database)
            .args(["demo", "generate", "--cases", &cases.to_string()])
            .stdout(Stdio::piped())
            .output()
            .expect("runs the generator");
        assert!(generated.status.success(), "the generator fails: {}", String::from_utf8_lossy(&generated.stderr));
        let said = String::from_utf8_lossy(&generated.stdout);
        println!("{engine}: {} ({:.0} s)", said.trim(), started.elapsed().as_secs_f64());
        let port = free_port();
        let child = command(data.path().into(), &database)
            .arg("serve")
            .env("KETEN__SERVER__LISTEN", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(data.path().join("serve.log")).unwrap())
            .spawn()
            .expect("starts the service");
        let address = format!("http://127.0.0.1:{port}");
        wait_until_ready(&address).await;
        Running { address, child, _data: data }
    }

    pub fn memory(&self) -> Memory {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        Memory {
            peak_kib: field("VmHWM:"),
            now_kib: field("VmRSS:"),
            anonymous_kib: field("RssAnon:"),
            file_kib: field("RssFile:"),
        }
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ketenaanpak --data-dir DIR` with the database and the settings of a benchmark: no
/// throttle on sign-ins (200 sessions from one address), logs at `warn` to a file.
fn command(data: PathBuf, database: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ketenaanpak"));
    command
        .arg("--data-dir")
        .arg(data)
        .env("KETEN__DATABASE__URL", database)
        .env("KETEN__AUTH__THROTTLE__ADDRESS_MAX_FAILURES", "1000000")
        .env("KETEN__AUTH__THROTTLE__ACCOUNT_MAX_FAILURES", "1000000")
        .env("RUST_LOG", "info");
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_until_ready(address: &str) {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client.get(format!("{address}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the service did not become ready at {address}");
}
