//! The running service as a process: the demo start and a graceful shutdown with a request in
//! flight, the log, identity data never leaving the owner, and memory while streaming.

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::{json, Value};

use crate::helpers::{fresh_database, Engine};
use crate::on_both_engines;
use crate::process::{args, command, database_files, graphql, hundred_mebibytes, mode, peak_rss_kib, Server};

on_both_engines!(the_demo_starts_signs_in_and_stops_gracefully, an_internal_error_is_logged_under_its_request_id);

async fn the_demo_starts_signs_in_and_stops_gracefully(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;

    // Demo mode binds loopback only.
    let mut outside = command(workdir.path(), &url);
    outside.args(["serve", "--demo", "--listen", "0.0.0.0:0"]);
    let refused = outside.output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("loopback"));

    let mut serve = command(workdir.path(), &url);
    serve.args(["serve", "--demo", "--listen", "127.0.0.1:0"]);
    let server = Server::start(serve);
    let data = workdir.path().join("data");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("master.key")), 0o600);
    assert_eq!(mode(&data.join("pseudonym.key")), 0o600);
    assert!(server.log.lock().unwrap().contains("created a new secret key file"));

    let login =
        "mutation { login(email: \"analyst@edn.example\", password: \"demo-ketenaanpak\") { token user { roles } } }";
    let answer = graphql(&server.address, None, login).await;
    assert_eq!(answer["data"]["login"]["user"]["roles"], json!(["ANALYST"]));
    let token = answer["data"]["login"]["token"].as_str().unwrap().to_string();
    assert!(reqwest::get(format!("{}/graphql", server.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("De GraphQL-API van Ketenaanpak"));

    // A request in flight when SIGTERM arrives: headers and half the body sent.
    server.forget_log();
    let body = json!({ "query": "{ me { email } }" }).to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let host = server.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    server.wait_for_log("request started");
    server.terminate();
    server.wait_for_log("shutting down");
    stream.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("analyst@edn.example"), "{response}");
    assert!(server.wait().success(), "a clean exit after SIGTERM");

    // A second start finds the data and keys it made, and does not seed again.
    let mut again = command(workdir.path(), &url);
    again.args(["serve", "--demo", "--listen", "127.0.0.1:0"]);
    let server = Server::start(again);
    let answer = graphql(&server.address, None, login).await;
    assert!(answer["data"]["login"]["token"].is_string());
    assert!(!server.log.lock().unwrap().contains("created a new secret key file"));
    server.terminate();
    assert!(server.wait().success());
}

async fn an_internal_error_is_logged_under_its_request_id(engine: Engine) {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, workdir.path()).await;
    let mut serve = args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    serve.env("KETEN__LOG__FORMAT", "json");
    let server = Server::start(serve);
    let login = "mutation { login(email: \"prosecutor@om-noord.example\", password: \"demo-ketenaanpak\") { token } }";
    let token = graphql(&server.address, None, login).await["data"]["login"]["token"].as_str().unwrap().to_string();
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    sqlx::query("DROP TABLE chain_members").execute(&mut conn).await.unwrap();

    let failed = graphql(&server.address, Some(&token), "{ chains { edges { node { name } } } }").await;
    let request_id = failed["errors"][0]["extensions"]["requestId"].as_str().unwrap().to_string();
    let logged = server.wait_for_log_line(&[&request_id, "internal error"]);
    let logged: Value = serde_json::from_str(&logged).expect("log lines are JSON");
    assert_eq!(logged["level"], "ERROR");
    assert_eq!(logged["request_id"], request_id.as_str());
    assert!(logged["error"].as_str().unwrap().contains("chain_members"), "the cause is in the log: {logged}");

    // The same failure behind a page is the styled page, which names no cause.
    let page = reqwest::Client::new()
        .get(format!("{}/", server.address))
        .header("cookie", format!("ketenaanpak_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 500);
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"nl\">") && html.contains("<h1>Er ging iets mis</h1>"), "{html}");
    assert!(!html.contains("chain_members") && !html.contains("Something"), "{html}");

    let log = server.log.lock().unwrap().clone();
    for line in log.lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
    }
    assert!(!log.contains("@om-noord.example"), "no e-mail address in the log");
    assert!(!log.contains("demo-ketenaanpak"), "no password in the log");
    server.terminate();
}

/// Unique strings in identity blocks and internal notes must not appear in any partner's
/// response, in any log line (at debug level), or in the SQLite database file or its WAL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canaries_in_identity_blocks_never_leave_the_owner() {
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let mut serve = args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    serve.env("RUST_LOG", "trace");
    let server = Server::start(serve);
    let address = server.address.clone();
    let login =
        |email: &str| format!("mutation {{ login(email: \"{email}\", password: \"demo-ketenaanpak\") {{ token }} }}");
    let token = |answer: Value| answer["data"]["login"]["token"].as_str().unwrap().to_string();
    let owner = token(graphql(&address, None, &login("caseworker@mdd.example")).await);

    let canaries = [
        "Kanarienaam Qzxw",
        "kanarie.qzxw@voorbeeld.org",
        "06-13579246",
        "Kanarieweg 7 Qzxw",
        "Tegenpartij Vbnm",
        "KvK 99887766",
        "Eigen verhaal kanarie qzxw-vbnm",
        "Interne notitie kanarie zxcv",
    ];
    const SUMMARY: &str = "Huurder kreeg opmerkingen over zijn geloof van een buurman.";
    let create = format!(
        "mutation {{ createCase(input: {{ grounds: [\"religion\"], domain: \"housing\", manifestations: [\"remarks\"],
           channel: \"phone\", handling: \"advice\", residenceMunicipality: \"GM0106\", reportedOn: \"2026-02-02\",
           sharedSummary: \"{SUMMARY}\",
           identity: {{ reporter: {{ name: \"{}\", email: \"{}\", phone: \"{}\", address: \"{}\" }},
                       counterparty: {{ kind: PERSON, name: \"{}\", registrationNumbers: [\"{}\"] }}, account: \"{}\" }},
           consentMethod: WRITTEN, consentGivenOn: \"2026-02-02\" }}) {{ id }} }}",
        canaries[0], canaries[1], canaries[2], canaries[3], canaries[4], canaries[5], canaries[6]
    );
    let created = graphql(&address, Some(&owner), &create).await;
    let case = created["data"]["createCase"]["id"].as_str().unwrap_or_else(|| panic!("{created}")).to_string();
    let chains = graphql(&address, Some(&owner), "{ chains { edges { node { id name } } } }").await;
    let chain = chains["data"]["chains"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "Casuïstiekoverleg Drenthe")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for mutation in [
        format!("mutation {{ recordConsent(caseId: \"{case}\", input: {{ scope: SHARE_PSEUDONYMISED, chainId: \"{chain}\", method: WRITTEN, givenOn: \"2026-02-02\" }}) {{ id }} }}"),
        format!("mutation {{ shareCase(caseId: \"{case}\", chainId: \"{chain}\") {{ chainId }} }}"),
        format!("mutation {{ addCaseNote(caseId: \"{case}\", text: \"{}\", shared: false) {{ id }} }}", canaries[7]),
        format!("mutation {{ addCaseNote(caseId: \"{case}\", text: \"Buurman reageert niet op de brief.\", shared: true) {{ id }} }}"),
        format!("mutation {{ updateCase(id: \"{case}\", input: {{ status: IN_PROGRESS }}) {{ id }} }}"),
    ] {
        let answer = graphql(&address, Some(&owner), &mutation).await;
        assert!(answer.get("errors").is_none(), "{answer}");
    }
    // The owner reads the identity block (audited); that response is the owner's own.
    let own = graphql(
        &address,
        Some(&owner),
        &format!("{{ case(id: \"{case}\") {{ ... on OwnCase {{ identity {{ account }} notes {{ text }} }} }} }}"),
    )
    .await;
    assert!(own.to_string().contains(canaries[6]) && own.to_string().contains(canaries[7]));

    let mut partner_responses = Vec::new();
    let shared_fields = "__typename ... on SharedCase { id publicId organisation { name } grounds domain manifestations residenceMunicipality incidentMunicipality incidentMonth status handling sharedSummary shares { chainId sharedAt counterpartyPseudonym } sharedNotes { text shared createdAt } }";
    let police = token(graphql(&address, None, &login("police_officer@politie-drenthe.example")).await);
    let seen = graphql(&address, Some(&police), &format!("{{ case(id: \"{case}\") {{ {shared_fields} }} }}")).await;
    let pseudonym = seen["data"]["case"]["shares"][0]["counterpartyPseudonym"].as_str().unwrap().to_string();
    for partner in [
        "police_officer@politie-drenthe.example",
        "prosecutor@om-noord.example",
        "analyst@edn.example",
        "caseworker@mde.example",
        "intake@coc-noord.example",
        "policy_viewer@assen.example",
        "privacy_officer@mdd.example",
        "org_admin@mdd.example",
    ] {
        let token = token(graphql(&address, None, &login(partner)).await);
        for query in [
            format!("{{ case(id: \"{case}\") {{ {shared_fields} }} }}"),
            format!("{{ sharedCases(first: 100) {{ edges {{ node {{ {} }} }} }} }}", shared_fields.trim_start_matches("__typename ... on SharedCase ").trim_matches(|c| c == '{' || c == '}')),
            format!("{{ counterpartyPattern(pseudonym: \"{pseudonym}\") {{ reports organisations sharedCases {{ publicId sharedSummary }} }} }}"),
            "{ auditEvents(first: 200) { events { action objectType objectId result } } }".to_string(),
            "{ me { email displayName } organisations { edges { node { name } } } chains { edges { node { name members { name } } } } }".to_string(),
        ] {
            partner_responses.push(graphql(&address, Some(&token), &query).await.to_string());
        }
    }
    assert!(partner_responses.iter().any(|r| r.contains(&pseudonym)), "partners do see the pseudonym");
    let page_texts = pages_a_partner_reads(&address, &owner, &case, &chain, SUMMARY).await;

    // The files while the service runs (the WAL holds the recent writes) and after it stopped.
    let mut stored = database_files(workdir.path());
    server.terminate();
    assert!(server.log.lock().unwrap().contains("sqlx::query"), "the log ran at debug level");
    assert!(server.log.lock().unwrap().contains(" TRACE "), "the log ran at trace level");
    let log = server.log.lock().unwrap().clone();
    assert!(server.wait().success());

    stored.extend(database_files(workdir.path()));
    assert!(stored.iter().any(|(f, _)| *f == "test.db-wal"), "the WAL was read");
    // The scan sees what is stored in the clear: the summary written for sharing.
    assert!(stored.iter().any(|(_, text)| text.contains("huurder kreeg opmerkingen over zijn geloof")));
    // What the pages showed (shared summaries, ground labels) is in no log line.
    for shown in &page_texts {
        assert!(!log.contains(shown.as_str()), "the log has page data: {shown:?}");
    }
    for canary in canaries {
        let lower = canary.to_lowercase();
        for response in &partner_responses {
            assert!(!response.to_lowercase().contains(&lower), "a partner saw {canary:?}");
        }
        assert!(!log.to_lowercase().contains(&lower), "the log has {canary:?}");
        for (file, text) in &stored {
            assert!(!text.contains(&lower), "{file} holds {canary:?} in the clear");
        }
    }
}

/// The owner flags its case for the chain's next meeting; the police officer signs in through
/// the form, finds that meeting on the start page and reads its agenda. Returns the case texts
/// the agenda showed (the shared summary and the flag's reason), or fails if it showed none.
async fn pages_a_partner_reads(address: &str, owner: &str, case: &str, chain: &str, summary: &str) -> Vec<String> {
    let today = chrono::Utc::now().date_naive();
    let next = format!(
        "{{ meetings(chainId: \"{chain}\", from: \"{today}\", to: \"{}\") {{ id status }} }}",
        today + chrono::Duration::days(400)
    );
    let meetings = graphql(address, Some(owner), &next).await;
    let meeting = meetings["data"]["meetings"].as_array().unwrap().iter().find(|m| m["status"] != "CANCELLED");
    let meeting = meeting.unwrap_or_else(|| panic!("a coming meeting: {meetings}"))["id"].as_str().unwrap().to_string();
    let reason = "Tweede melding over deze buurman bespreken";
    let flag = format!(
        "mutation {{ flagCaseForDiscussion(meetingId: \"{meeting}\", caseId: \"{case}\", reason: \"{reason}\") }}"
    );
    let flagged = graphql(address, Some(owner), &flag).await;
    assert!(flagged.get("errors").is_none(), "{flagged}");

    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let form = [("email", "police_officer@politie-drenthe.example"), ("password", "demo-ketenaanpak"), ("next", "/")];
    let signed_in = client.post(format!("{address}/login")).header("origin", address).form(&form).send().await.unwrap();
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let page = |path: String| {
        let request = client.get(format!("{address}{path}")).header("cookie", &cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let home = page("/".into()).await;
    let agenda_path = format!("/meetings/{meeting}/agenda");
    assert!(home.contains(&agenda_path), "the start page links the next agenda: {home}");
    let agenda = page(agenda_path).await;
    let shown: Vec<String> =
        [summary, reason].iter().filter(|text| agenda.contains(*text)).map(|text| text.to_string()).collect();
    assert_eq!(shown.len(), 2, "the agenda showed the flagged case: {agenda}");
    shown
}

/// A 100 MiB attachment goes through the service sealed on the way in and decrypted on the
/// way out, with the server's peak resident memory growing by well under its size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_mebibyte_attachment_streams_in_bounded_memory() {
    use sha2::{Digest, Sha256};
    let workdir = tempfile::tempdir().unwrap();
    let url = fresh_database(Engine::Sqlite, workdir.path()).await;
    let mut serve = args(workdir.path(), &url, &["serve", "--demo", "--listen", "127.0.0.1:0"]);
    serve.env("KETEN__REFERRALS__MAX_ATTACHMENT_BYTES", "120000000");
    let server = Server::start(serve);
    let pid = server.child.id();
    let address = server.address.clone();
    let login =
        |email: &str| format!("mutation {{ login(email: \"{email}\", password: \"demo-ketenaanpak\") {{ token }} }}");
    let coc = graphql(&address, None, &login("intake@coc-noord.example")).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mdd = graphql(&address, None, &login("caseworker@mdd.example")).await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let orgs = graphql(&address, Some(&coc), "{ organisations { edges { node { id name } } } }").await;
    let receiver = orgs["data"]["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "Meldpunt Discriminatie Drenthe")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let create = format!("mutation {{ createReferral(input: {{ receiverId: \"{receiver}\", intake: {{ grounds: [\"age\"], domain: \"sport\", manifestations: [\"remarks\"], channel: \"walk_in\", handling: \"referral\", reportedOn: \"2026-11-02\", consentMethod: VERBAL, consentGivenOn: \"2026-11-02\" }} }}) {{ id }} }}");
    let id = graphql(&address, Some(&coc), &create).await["data"]["createReferral"]["id"].as_str().unwrap().to_string();

    let mut expected = Sha256::new();
    futures_util::StreamExt::for_each(hundred_mebibytes(), |chunk| {
        expected.update(chunk.unwrap());
        async {}
    })
    .await;
    let expected = expected.finalize();

    let before = peak_rss_kib(pid);
    let client = reqwest::Client::new();
    let uploaded = client
        .post(format!("{address}/referrals/{id}/attachments"))
        .bearer_auth(&coc)
        .header("x-file-name", "video.mp4")
        .header("content-type", "video/mp4")
        .body(reqwest::Body::wrap_stream(hundred_mebibytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), reqwest::StatusCode::CREATED);
    let after_upload = peak_rss_kib(pid);
    let attachment: Value = uploaded.json().await.unwrap();
    assert_eq!(attachment["sizeBytes"], 100 * 1024 * 1024);
    graphql(&address, Some(&coc), &format!("mutation {{ submitReferral(id: \"{id}\") {{ status }} }}")).await;
    graphql(&address, Some(&mdd), &format!("mutation {{ openReferral(id: \"{id}\") {{ attachments {{ id }} }} }}"))
        .await;

    let file = attachment["id"].as_str().unwrap();
    let mut download =
        client.get(format!("{address}/referrals/{id}/files/{file}")).bearer_auth(&mdd).send().await.unwrap();
    assert_eq!(download.status(), reqwest::StatusCode::OK);
    let mut received = Sha256::new();
    let mut size = 0usize;
    while let Some(chunk) = download.chunk().await.unwrap() {
        size += chunk.len();
        received.update(&chunk);
    }
    assert_eq!(size, 100 * 1024 * 1024);
    assert_eq!(received.finalize(), expected, "the same 100 MiB came back");
    let after_download = peak_rss_kib(pid);

    let growth_mib = (after_download.saturating_sub(before)) as f64 / 1024.0;
    eprintln!(
        "peak RSS: {:.1} MiB before, {:.1} MiB after the upload, {:.1} MiB after the download: {growth_mib:.1} MiB growth for 100 MiB",
        before as f64 / 1024.0,
        after_upload as f64 / 1024.0,
        after_download as f64 / 1024.0
    );
    assert!(growth_mib < 40.0, "peak resident memory grew by {growth_mib:.1} MiB for a 100 MiB attachment");
    // On disk: only ciphertext, a little larger than the plaintext.
    let stored = workdir.path().join("data").join("referrals").join(&id).join(format!("{file}.age"));
    let stored_size = std::fs::metadata(&stored).unwrap().len();
    assert!(stored_size > 100 * 1024 * 1024 && stored_size < 101 * 1024 * 1024, "{stored_size}");
    server.terminate();
}
