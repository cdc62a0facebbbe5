//! Running the real `ketenaanpak` binary from tests: commands, a server process whose log is
//! collected as it is written, and what its files and memory look like from outside.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

pub(crate) const BINARY: &str = env!("CARGO_BIN_EXE_ketenaanpak");

/// The binary, run in an empty folder (so no local configuration file is picked up) with
/// the test's database.
pub(crate) fn command(workdir: &Path, database_url: &str) -> Command {
    let mut command = Command::new(BINARY);
    command
        .current_dir(workdir)
        .env("RUST_LOG", "info,ketenaanpak::web=debug")
        .env("KETEN__DATABASE__URL", database_url)
        .env("KETEN__DATA__DIR", workdir.join("data"))
        .stdin(Stdio::null());
    command
}

/// Under `scripts/test`, a file in the trace folder that a child process's log is copied to,
/// so the search for test data covers the real binary too.
fn trace_copy() -> Option<std::fs::File> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::env::var_os(crate::helpers::TRACE_DIR_VARIABLE)?;
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::fs::File::create(Path::new(&dir).join(format!("binary-{}-{n}.log", std::process::id()))).ok()
}

pub(crate) fn run_ok(mut command: Command, stdin: Option<&str>) -> String {
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("binary starts");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    if let Some(mut copy) = trace_copy() {
        let _ = copy.write_all(&output.stderr);
    }
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// A running server process; its log is collected as it is written.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) address: String,
    pub(crate) log: Arc<Mutex<String>>,
    log_lines: mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(mut command: Command) -> Server {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (line_tx, log_lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        let mut copy = trace_copy();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(file) = copy.as_mut() {
                    let _ = writeln!(file, "{line}");
                }
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
    pub(crate) fn wait_for_log_line(&self, texts: &[&str]) -> String {
        loop {
            let line = self.log_lines.recv_timeout(Duration::from_secs(30)).expect("log line in time");
            if texts.iter().all(|text| line.contains(text)) {
                return line;
            }
        }
    }

    pub(crate) fn wait_for_log(&self, text: &str) {
        self.wait_for_log_line(&[text]);
    }

    pub(crate) fn forget_log(&self) {
        while self.log_lines.try_recv().is_ok() {}
    }

    pub(crate) fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    pub(crate) fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub(crate) async fn graphql(address: &str, token: Option<&str>, query: &str) -> Value {
    let mut request = reqwest::Client::new().post(format!("{address}/graphql")).json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

pub(crate) fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub(crate) fn args(workdir: &Path, url: &str, args: &[&str]) -> Command {
    let mut command = command(workdir, url);
    command.args(args);
    command
}

/// The SQLite database file, its WAL and shared-memory file, as lower-case text.
pub(crate) fn database_files(dir: &Path) -> Vec<(&'static str, String)> {
    ["test.db", "test.db-wal", "test.db-shm"]
        .into_iter()
        .filter_map(|file| {
            std::fs::read(dir.join(file)).ok().map(|bytes| (file, String::from_utf8_lossy(&bytes).to_lowercase()))
        })
        .collect()
}

/// Peak resident memory of a process, from /proc (kB).
pub(crate) fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// 100 MiB in deterministic chunks, never all in memory at once.
pub(crate) fn hundred_mebibytes() -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::iter(
        (0..100u32).map(|n| Ok((0..1024 * 1024u32).map(|i| (i.wrapping_mul(31).wrapping_add(n)) as u8).collect())),
    )
}
