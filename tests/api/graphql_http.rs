//! The GraphQL-over-HTTP audit suite (graphql-http from npm, by the spec's authors) against
//! the running service: every MUST and SHOULD passes, and so does every MAY.

use serde_json::Value;

use crate::helpers::{spawn_with, tool, Engine};
use crate::on_both_engines;

on_both_engines!(the_graphql_over_http_audits_pass);

const AUDIT_SCRIPT: &str = "tests/tools/graphql-http-audit.mjs";

/// The audit's node modules, installed by `scripts/test` (`npm ci` in `tests/tools`).
fn audit_installed() -> bool {
    let installed = std::path::Path::new("tests/tools/node_modules/graphql-http").is_dir();
    if !installed {
        crate::helpers::skip("the graphql-http audit: it is not installed (scripts/test installs it)");
    }
    installed
}

async fn the_graphql_over_http_audits_pass(engine: Engine) {
    let Some(node) = tool("node") else { return };
    if !audit_installed() {
        return;
    }
    // The suite's variables audits ask `__type(name: $name)`: with introspection off (the
    // default) those are rightly refused, so the audit runs as the demo does, with it on.
    let app = spawn_with(engine, |c| c.graphql.introspection = true).await;
    let url = app.url("/graphql");
    let run = move || std::process::Command::new(node).arg(AUDIT_SCRIPT).arg(&url).output().unwrap();
    let output = tokio::task::spawn_blocking(run).await.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let audits: Vec<Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert!(audits.len() > 50, "the whole suite ran: {} audits", audits.len());
    let failed: Vec<&Value> = audits.iter().filter(|audit| audit["status"] != "ok").collect();
    assert!(failed.is_empty(), "audits that did not pass: {failed:#?}");
}
