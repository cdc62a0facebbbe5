//! The operator's commands: organisations, users, chains, tokens, `migrate`, `config`, keys,
//! the audit trail and the jobs.

use crate::helpers::{fresh_database, Engine};
use crate::on_both_engines;
use crate::process::{args, command, graphql, run_ok, Server};

on_both_engines!(admin_commands_set_up_an_organisation_that_can_sign_in, migrate_builds_the_same_tables_from_empty);

async fn admin_commands_set_up_an_organisation_that_can_sign_in(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    let dir = workdir.path();
    let org = "Meldpunt Discriminatie Groningen";

    let help = run_ok(args(dir, &url, &["--help"]), None);
    for command in ["serve", "migrate", "schema", "config", "org", "user", "chain", "token"] {
        assert!(help.contains(command), "--help lists {command}");
    }
    let wrong_kind =
        args(dir, &url, &["org", "add", "--kind", "bank", "--name", "X", "--region", "Y"]).output().unwrap();
    assert!(!wrong_kind.status.success());
    assert!(String::from_utf8_lossy(&wrong_kind.stderr).contains("reporting_centre"));
    let mut wrong_code =
        args(dir, &url, &["org", "add", "--kind", "police", "--name", "X", "--region", "Y", "--municipality", "14"]);
    assert!(!wrong_code.output().unwrap().status.success());

    run_ok(
        args(
            dir,
            &url,
            &[
                "org",
                "add",
                "--kind",
                "reporting_centre",
                "--name",
                org,
                "--region",
                "Groningen",
                "--municipality",
                "GM0014",
            ],
        ),
        None,
    );
    assert!(run_ok(args(dir, &url, &["org", "list"]), None).contains("GM0014"));
    let admin_line = run_ok(
        args(
            dir,
            &url,
            &[
                "user",
                "add",
                "--org",
                org,
                "--email",
                "beheer@mdg.example",
                "--name",
                "Beheer",
                "--role",
                "org_admin",
                "--password-stdin",
            ],
        ),
        Some("een heel lang wachtwoord\n"),
    );
    let caseworker_line = run_ok(
        args(
            dir,
            &url,
            &[
                "user",
                "add",
                "--org",
                org,
                "--email",
                "melding@mdg.example",
                "--name",
                "Melding",
                "--role",
                "caseworker",
            ],
        ),
        None,
    );
    let generated =
        caseworker_line.lines().find_map(|l| l.strip_prefix("initial password (shown once): ")).unwrap().to_string();
    let caseworker_id = caseworker_line.split('\t').next().unwrap().to_string();
    assert!(admin_line.contains("beheer@mdg.example"));
    let users = run_ok(args(dir, &url, &["user", "list", "--org", org]), None);
    assert!(users.contains("beheer@mdg.example") && users.contains("melding@mdg.example\tcaseworker\tactive"));
    run_ok(args(dir, &url, &["chain", "add", "--name", "Casuïstiekoverleg Groningen", "--region", "Groningen"]), None);
    run_ok(args(dir, &url, &["chain", "add-member", "--chain", "Casuïstiekoverleg Groningen", "--org", org]), None);
    let token_output = run_ok(
        args(dir, &url, &["token", "create", "--org", org, "--name", "koppeling", "--role", "caseworker"]),
        None,
    );
    let token = token_output.lines().find_map(|l| l.strip_prefix("token (shown once): ")).unwrap().to_string();
    let token_id = token_output.split('\t').next().unwrap().to_string();

    let server = Server::start(args(dir, &url, &["serve", "--listen", "127.0.0.1:0"]));
    let login = |email: &str, password: &str| {
        format!("mutation {{ login(email: \"{email}\", password: \"{password}\") {{ token }} }}")
    };
    let admin = graphql(&server.address, None, &login("beheer@mdg.example", "een heel lang wachtwoord")).await;
    assert!(admin["data"]["login"]["token"].is_string(), "{admin}");
    let session = graphql(&server.address, None, &login("melding@mdg.example", &generated)).await;
    let session = session["data"]["login"]["token"].as_str().unwrap().to_string();
    let chains = "{ chains { edges { node { name members { name } } } } }";
    let by_token = graphql(&server.address, Some(&token), chains).await;
    assert_eq!(by_token["data"]["chains"]["edges"][0]["node"]["name"], "Casuïstiekoverleg Groningen");

    run_ok(args(dir, &url, &["token", "revoke", "--org", org, &token_id]), None);
    let revoked = graphql(&server.address, Some(&token), chains).await;
    assert_eq!(revoked["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    run_ok(args(dir, &url, &["user", "disable", "--org", org, &caseworker_id]), None);
    let disabled = graphql(&server.address, Some(&session), "{ me { id } }").await;
    assert_eq!(disabled["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    server.terminate();
    assert!(server.wait().success());
}

/// The tables, on either engine.
const TABLES: [&str; 40] = [
    "_sqlx_migrations",
    "action_progress",
    "actions",
    "agenda_items",
    "api_token_roles",
    "api_tokens",
    "audit_events",
    "audit_head",
    "case_counters",
    "case_grounds",
    "case_manifestations",
    "case_notes",
    "case_shares",
    "cases",
    "chain_members",
    "chains",
    "consents",
    "counterparty_changes",
    "job_runs",
    "login_challenges",
    "login_throttle",
    "mail_outbox",
    "meeting_attendance",
    "meeting_series",
    "meetings",
    "minute_amendments",
    "minute_items",
    "minutes",
    "organisation_keys",
    "organisation_municipalities",
    "organisations",
    "password_resets",
    "recovery_codes",
    "referral_files",
    "referrals",
    "series_invitees",
    "sessions",
    "user_roles",
    "user_totp",
    "users",
];

async fn migrate_builds_the_same_tables_from_empty(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    for _ in 0..2 {
        assert!(run_ok(args(workdir.path(), &url, &["migrate"]), None).contains("up to date"));
    }
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let list = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
        }
    };
    let mut tables: Vec<String> = sqlx::query_scalar(list).fetch_all(&mut conn).await.unwrap();
    tables.sort();
    let mut expected: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    expected.sort();
    assert_eq!(tables, expected);
    let migrations = std::fs::read_dir("migrations/sqlite").unwrap().count() as i64;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(applied, migrations);
}

#[test]
fn config_prints_the_effective_configuration_with_secrets_redacted() {
    let workdir = tempfile::tempdir().unwrap();
    let secret_file = workdir.path().join("pseudonym");
    std::fs::write(&secret_file, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\n").unwrap();
    let mut config = command(workdir.path(), "postgres://keten:hunter2@db.internal:5432/keten");
    config
        .arg("config")
        .env("KETEN__SECRETS__PSEUDONYM_SECRET_FILE", &secret_file)
        .env("KETEN__AUTH__SESSION_TTL_MINUTES", "30");
    let printed = run_ok(config, None);
    assert!(printed.contains("session_ttl_minutes = 30"), "{printed}");
    assert!(printed.contains("pseudonym_secret = \"[redacted]\""), "{printed}");
    assert!(printed.contains("postgres://[redacted]@db.internal:5432/keten"), "{printed}");
    assert!(!printed.contains("hunter2") && !printed.contains("c2VjcmV0"), "{printed}");

    let mut typo = command(workdir.path(), "");
    typo.arg("config").env("KETEN__AUTH__SESION_TTL_MINUTES", "30");
    let refused = typo.output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("sesion_ttl_minutes"));
}

/// `keys show|rotate|export` and `audit verify`, as an operator runs them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_and_audit_commands() {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let dir = workdir.path();
    run_ok(
        args(
            dir,
            &url,
            &[
                "org",
                "add",
                "--kind",
                "reporting_centre",
                "--name",
                "Meldpunt Test",
                "--region",
                "Drenthe",
                "--case-prefix",
                "mt",
            ],
        ),
        None,
    );
    let recipient = run_ok(args(dir, &url, &["keys", "show", "--org", "Meldpunt Test"]), None);
    assert!(recipient.trim().starts_with("age1"), "{recipient}");
    let rotated = run_ok(args(dir, &url, &["keys", "rotate", "--org", "Meldpunt Test"]), None);
    assert!(rotated.trim().starts_with("age1") && rotated != recipient);
    let identity = run_ok(args(dir, &url, &["keys", "export", "--org", "Meldpunt Test"]), None);
    assert!(identity.trim().starts_with("AGE-SECRET-KEY-1"));
    assert!(run_ok(args(dir, &url, &["audit", "verify"]), None).contains("intact"));

    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events ORDER BY seq").fetch_all(&mut conn).await.unwrap();
    assert_eq!(actions, ["key_rotated", "export"]);
    sqlx::query("DROP TRIGGER audit_events_no_update").execute(&mut conn).await.unwrap();
    sqlx::query("UPDATE audit_events SET object_id = 'someone else' WHERE seq = 2").execute(&mut conn).await.unwrap();
    let broken = args(dir, &url, &["audit", "verify"]).output().unwrap();
    assert!(!broken.status.success());
    assert!(
        String::from_utf8_lossy(&broken.stderr).contains("broken at event 2"),
        "{}",
        String::from_utf8_lossy(&broken.stderr)
    );
}

/// `jobs list` shows each job's schedule, last and next run; `jobs run` runs one now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_commands_list_and_run() {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let dir = workdir.path();
    let before = run_ok(args(dir, &url, &["jobs", "list"]), None);
    assert!(
        before.contains("escalate-referrals") && before.contains("plan-meetings") && before.contains("never"),
        "{before}"
    );
    assert!(
        run_ok(args(dir, &url, &["jobs", "run", "plan-meetings"]), None).contains("plan-meetings: 0 meetings planned")
    );
    let after = run_ok(args(dir, &url, &["jobs", "list"]), None);
    let line = after.lines().find(|l| l.starts_with("plan-meetings")).unwrap();
    assert!(line.contains("(0 meetings planned)") && line.contains("UTC"), "{line}");
    let unknown = args(dir, &url, &["jobs", "run", "nope"]).output().unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("escalate-referrals, plan-meetings"));
}
