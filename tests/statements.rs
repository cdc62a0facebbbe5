//! A page of cases with their consents, shares and notes costs a fixed number of SQL
//! statements, whatever the page size: the loaders batch each relationship. Counted from
//! sqlx's own statement events, in a test binary of its own so no other test adds to them.

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use helpers::{spawn_without_mail_worker, Engine, TestApp, MDD};
use ketenaanpak::domain::role::Role;
use serde_json::json;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
static INSTALL: Once = Once::new();
/// The engines' runs take turns, so that one's statements never count for the other.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The service without its mail worker: the worker polls the outbox on its own clock, and a
/// poll inside a measurement would count for it (CI once saw 22 statements for 17).
async fn quiet_service(engine: Engine) -> TestApp {
    spawn_without_mail_worker(engine, |_| {}).await
}

struct CountStatements;

impl<S: tracing::Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn install_counter() {
    INSTALL.call_once(|| {
        let filter = tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE);
        let subscriber = tracing_subscriber::registry().with(CountStatements.with_filter(filter));
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber in this binary");
    });
}

const PAGE: &str = "query($first: Int!) { cases(first: $first) { edges { node { id grounds manifestations
    consents { scope withdrawnAt } shares { chainId } notes { shared text } organisation { name } } } } }";

/// Runs `read` (which answers how many items it got) three times and returns the fewest
/// statements one run took, with the items: a read that makes the pool open one more
/// connection also counts that connection's set-up (its PRAGMAs on SQLite), which is not the
/// read's cost.
async fn fewest_statements<F: std::future::Future<Output = usize>>(read: impl Fn() -> F) -> (usize, usize) {
    let mut fewest = (usize::MAX, 0);
    for _ in 0..3 {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let items = read().await;
        fewest = fewest.min((STATEMENTS.load(Ordering::SeqCst) - before, items));
    }
    fewest
}

async fn statements_for_page(app: &TestApp, token: &str, first: usize) -> (usize, usize) {
    fewest_statements(|| async move {
        let answer = app.graphql(Some(token), PAGE, json!({ "first": first })).await;
        answer.data()["cases"]["edges"].as_array().unwrap().len()
    })
    .await
}

on_both_engines!(
    a_page_of_cases_costs_the_same_statements_whatever_its_size,
    an_agenda_costs_the_same_statements_whatever_its_length,
    a_list_of_meetings_with_minutes_costs_the_same_statements_whatever_its_length
);

async fn a_page_of_cases_costs_the_same_statements_whatever_its_size(engine: Engine) {
    install_counter();
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = quiet_service(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let chains = app.query(&token, "{ chains { edges { node { id } } } }").await;
    let chain = chains.data()["chains"]["edges"][0]["node"]["id"].as_str().unwrap().to_string();
    let create = "mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }";
    for n in 0..50 {
        let input = json!({
            "grounds": ["age"], "domain": "sport", "manifestations": ["remarks"], "channel": "app",
            "handling": "advice", "reportedOn": "2026-05-01", "consentMethod": "VERBAL", "consentGivenOn": "2026-05-01",
            "identity": { "account": format!("verhaal {n}") },
        });
        let case = app.graphql(Some(&token), create, json!({ "input": input })).await.data()["createCase"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let consent = "mutation($c: ID!, $k: ID!) { recordConsent(caseId: $c, input: { scope: SHARE_PSEUDONYMISED, chainId: $k, method: VERBAL, givenOn: \"2026-05-01\" }) { id } }";
        app.graphql(Some(&token), consent, json!({ "c": case, "k": chain })).await.data();
        app.graphql(
            Some(&token),
            "mutation($c: ID!, $k: ID!) { shareCase(caseId: $c, chainId: $k) { chainId } }",
            json!({ "c": case, "k": chain }),
        )
        .await
        .data();
        let note = "mutation($c: ID!) { a: addCaseNote(caseId: $c, text: \"intern\", shared: false) { id } b: addCaseNote(caseId: $c, text: \"gedeeld\", shared: true) { id } }";
        app.graphql(Some(&token), note, json!({ "c": case })).await.data();
    }
    let (small, small_rows) = statements_for_page(&app, &token, 5).await;
    let (large, large_rows) = statements_for_page(&app, &token, 50).await;
    assert_eq!((small_rows, large_rows), (5, 50));
    assert!(small > 5, "statements were counted: {small}");
    assert_eq!(small, large, "5 cases took {small} statements, 50 took {large}");
    eprintln!("{engine:?}: a page of cases with consents, shares and notes took {large} statements");
}

const AGENDA: &str = "query($id: ID!) { meeting(id: $id) { agenda { id kind title case { publicId grounds domain }
    pattern { reports publicIds } action { description progress { note } } } } }";

async fn statements_for_agenda(app: &TestApp, token: &str, meeting: &str) -> (usize, usize) {
    fewest_statements(|| async move {
        let answer = app.graphql(Some(token), AGENDA, json!({ "id": meeting })).await;
        answer.data()["meeting"]["agenda"].as_array().unwrap().len()
    })
    .await
}

async fn an_agenda_costs_the_same_statements_whatever_its_length(engine: Engine) {
    install_counter();
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = quiet_service(engine).await;
    let chair = app.login_demo("Expertisecentrum Diversiteit Noord", Role::Analyst).await;
    let caseworker = app.login_demo(MDD, Role::Caseworker).await;
    let (drenthe, members) = app.chain(&chair, "Casuïstiekoverleg Drenthe").await;
    let edn = members["Expertisecentrum Diversiteit Noord"].clone();
    let date = (chrono::Utc::now().date_naive() + chrono::Duration::days(20)).to_string();
    let series = json!({ "chainId": drenthe, "title": "Overleg", "startTime": "14:00", "location": "Assen",
        "chairOrganisationId": edn, "cadence": { "dates": [date] } });
    app.graphql(
        Some(&chair),
        "mutation($i: CreateMeetingSeriesInput!) { createMeetingSeries(input: $i) { id } }",
        json!({ "i": series }),
    )
    .await
    .data();
    ketenaanpak::jobs::run(&app.services, ketenaanpak::jobs::Job::PlanMeetings).await.unwrap();
    let meetings = app
        .graphql(
            Some(&chair),
            "query($c: ID!, $to: NaiveDate!) { meetings(chainId: $c, from: \"2000-01-01\", to: $to) { id } }",
            json!({ "c": drenthe, "to": date }),
        )
        .await;
    let meeting = meetings.data()["meetings"][0]["id"].as_str().unwrap().to_string();
    let compile = "mutation($m: ID!) { compileAgenda(meetingId: $m) { id } }";
    let action = json!({ "input": { "chainId": drenthe, "ownerOrganisationId": edn, "description": "Terugkoppelen", "dueOn": date } });
    let create_action = "mutation($input: CreateActionInput!) { createAction(input: $input) { id } }";
    app.graphql(Some(&chair), create_action, action.clone()).await.data();
    app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.data();
    let (short, short_items) = statements_for_agenda(&app, &chair, &meeting).await;

    // Twenty more shared cases and five more actions.
    for _ in 0..20 {
        let input = json!({ "grounds": ["age"], "domain": "sport", "manifestations": ["remarks"], "channel": "app",
            "handling": "advice", "reportedOn": "2026-05-01", "consentMethod": "VERBAL", "consentGivenOn": "2026-05-01" });
        let created = app
            .graphql(
                Some(&caseworker),
                "mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }",
                json!({ "input": input }),
            )
            .await;
        let case = created.data()["createCase"]["id"].clone();
        let consent = "mutation($c: ID!, $k: ID!) { recordConsent(caseId: $c, input: { scope: SHARE_PSEUDONYMISED, chainId: $k, method: VERBAL, givenOn: \"2026-05-01\" }) { id } }";
        app.graphql(Some(&caseworker), consent, json!({ "c": case, "k": drenthe })).await.data();
        let share = "mutation($c: ID!, $k: ID!) { shareCase(caseId: $c, chainId: $k) { chainId } }";
        app.graphql(Some(&caseworker), share, json!({ "c": case, "k": drenthe })).await.data();
    }
    for _ in 0..5 {
        app.graphql(Some(&chair), create_action, action.clone()).await.data();
    }
    app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.data();
    let (long, long_items) = statements_for_agenda(&app, &chair, &meeting).await;
    assert_eq!((short_items, long_items), (5, 30), "3 cases, a pattern, an action; then 25 more");
    assert!(short > 5, "statements were counted: {short}");
    assert_eq!(short, long, "{short_items} items took {short} statements, {long_items} took {long}");
    eprintln!("{engine:?}: an agenda took {long} statements");
}

const MEETINGS: &str =
    "query($c: ID!, $from: NaiveDate!, $to: NaiveDate!) { meetings(chainId: $c, from: $from, to: $to) {
    id series { title chair { name } } minutes { approved attendance { presence } items { notes } } } }";

async fn a_list_of_meetings_with_minutes_costs_the_same_statements_whatever_its_length(engine: Engine) {
    install_counter();
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = quiet_service(engine).await;
    let chair = app.login_demo("Expertisecentrum Diversiteit Noord", Role::Analyst).await;
    let (drenthe, members) = app.chain(&chair, "Casuïstiekoverleg Drenthe").await;
    let edn = members["Expertisecentrum Diversiteit Noord"].clone();
    let today = ketenaanpak::domain::calendar::local_date(ketenaanpak::clock::Clock::now(&*app.clock));
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let series = json!({ "chainId": drenthe, "title": "Overleg", "startTime": "09:00", "location": "Assen",
        "chairOrganisationId": edn, "cadence": { "dates": (1..=6).map(|week| day(7 * week)).collect::<Vec<_>>() } });
    app.graphql(
        Some(&chair),
        "mutation($i: CreateMeetingSeriesInput!) { createMeetingSeries(input: $i) { id } }",
        json!({ "i": series }),
    )
    .await
    .data();
    ketenaanpak::jobs::run(&app.services, ketenaanpak::jobs::Job::PlanMeetings).await.unwrap();
    // Weekly, as a series may meet at most; all six have taken place.
    app.clock.advance(chrono::Duration::days(43));
    let chair = app.login_demo("Expertisecentrum Diversiteit Noord", Role::Analyst).await;
    let range = |weeks: i64| json!({ "c": drenthe, "from": day(0), "to": day(7 * weeks) });
    let all = app.graphql(Some(&chair), MEETINGS, range(6)).await;
    let attendance = "mutation($m: ID!, $o: ID!) { recordAttendance(meetingId: $m, attendance: [{ organisationId: $o, presence: PRESENT }]) { attendance { presence } } }";
    for meeting in all.data()["meetings"].as_array().unwrap() {
        app.graphql(Some(&chair), attendance, json!({ "m": meeting["id"], "o": edn })).await.data();
    }
    let count = |to: i64| {
        let (app, chair, range) = (&app, &chair, &range);
        fewest_statements(move || async move {
            let answer = app.graphql(Some(chair), MEETINGS, range(to)).await;
            let listed = answer.data()["meetings"].as_array().unwrap().clone();
            assert!(listed.iter().all(|m| m["minutes"]["attendance"][0]["presence"] == "PRESENT"), "{listed:?}");
            listed.len()
        })
    };
    let (short, two) = count(2).await;
    let (long, six) = count(6).await;
    assert_eq!((two, six), (2, 6));
    assert_eq!(short, long, "2 meetings took {short} statements, 6 took {long}");
    eprintln!("{engine:?}: a list of meetings with series and minutes took {long} statements");
}
