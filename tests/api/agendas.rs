//! Agendas: compiled from exactly what the chain shared since its previous meeting, what
//! members flagged, counterparty patterns and open actions (carried over until done); never
//! from another chain; edited by the chair until the freeze.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use ketenaanpak::jobs::{run, Job, RunOutcome};
use serde_json::{json, Value};

use crate::helpers::{spawn, Engine, TestApp, COC, MDD, MDE, POLICE};
use crate::on_both_engines;

on_both_engines!(
    the_demo_has_a_past_meeting_with_minutes_and_the_next_agenda,
    the_agenda_holds_exactly_what_the_chain_shared_flagged_and_left_open,
    the_chair_edits_the_agenda_until_it_is_frozen,
    a_chair_records_a_meeting_held_before,
    a_meeting_recorded_afterwards_is_no_cutoff_for_the_next_agenda
);

pub const EDN: &str = "Expertisecentrum Diversiteit Noord";
pub const OM: &str = "OM Noord-Nederland";
pub const DRENTHE: &str = "Casuïstiekoverleg Drenthe";
pub const THEME: &str = "Noordelijk overleg homofoob geweld";

pub const AGENDA: &str = "query($id: ID!) { meeting(id: $id) { id agendaFrozenAt agenda { id kind title position addedBy { name }
    case { id publicId } pattern { reports organisations publicIds } action { id status progress { note status } } } } }";

/// A Drenthe series chaired by the expertise centre, meeting on `dates`; planned at once.
/// Returns the meeting ids in date order.
pub async fn series_on(app: &TestApp, chair: &str, dates: &[NaiveDate]) -> Vec<String> {
    let (chain_id, members) = app.chain(chair, DRENTHE).await;
    let input = json!({ "chainId": chain_id, "title": "Casuïstiekoverleg Drenthe", "startTime": "14:00", "location": "Politiebureau Assen",
        "chairOrganisationId": members[EDN], "cadence": { "dates": dates.iter().map(|d| d.to_string()).collect::<Vec<_>>() } });
    app.graphql(
        Some(chair),
        "mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }",
        json!({ "input": input }),
    )
    .await
    .data();
    run(&app.services, Job::PlanMeetings).await.unwrap();
    let to = dates.iter().max().unwrap().to_string();
    let listed = app
        .graphql(
            Some(chair),
            "query($c: ID!, $to: NaiveDate!) { meetings(chainId: $c, from: \"2000-01-01\", to: $to) { id } }",
            json!({ "c": chain_id, "to": to }),
        )
        .await;
    listed.data()["meetings"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect()
}

pub async fn agenda(app: &TestApp, token: &str, meeting: &str) -> Vec<Value> {
    let answer = app.graphql(Some(token), AGENDA, json!({ "id": meeting })).await;
    answer.data()["meeting"]["agenda"].as_array().unwrap().clone()
}

/// The subjects of one kind of item: case ids, action ids, or pattern sizes.
pub fn of_kind(items: &[Value], kind: &str) -> BTreeSet<String> {
    items
        .iter()
        .filter(|i| i["kind"] == kind)
        .map(|i| match kind {
            "SHARED_CASE" | "FLAGGED_CASE" => i["case"]["id"].as_str().unwrap_or("gone").to_string(),
            "ACTION" => i["action"]["id"].as_str().unwrap_or("gone").to_string(),
            "PATTERN" => format!("{}/{}", i["pattern"]["reports"], i["pattern"]["organisations"]),
            _ => i["title"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// A new anonymous case of the caller's organisation, shared to `chain` under consent.
pub async fn share_new_case(app: &TestApp, token: &str, chain: &str, ground: &str) -> String {
    let input = json!({ "grounds": [ground], "domain": "housing", "manifestations": ["remarks"], "channel": "phone",
        "handling": "advice", "incidentMunicipality": "GM0106", "reportedOn": "2026-11-01",
        "sharedSummary": "Buurman maakte herhaaldelijk opmerkingen.", "consentMethod": "VERBAL", "consentGivenOn": "2026-11-01" });
    let created = app
        .graphql(
            Some(token),
            "mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }",
            json!({ "input": input }),
        )
        .await;
    let case = created.data()["createCase"]["id"].as_str().unwrap().to_string();
    let consent = "mutation($case: ID!, $chain: ID!) { recordConsent(caseId: $case, input: { scope: SHARE_PSEUDONYMISED, chainId: $chain, method: WRITTEN, givenOn: \"2026-11-01\" }) { id } }";
    app.graphql(Some(token), consent, json!({ "case": case, "chain": chain })).await.data();
    let share = "mutation($case: ID!, $chain: ID!) { shareCase(caseId: $case, chainId: $chain) { chainId } }";
    app.graphql(Some(token), share, json!({ "case": case, "chain": chain })).await.data();
    case
}

pub async fn shared_ids(app: &TestApp, token: &str, chain: &str) -> BTreeSet<String> {
    let answer = app
        .graphql(
            Some(token),
            "query($c: ID) { sharedCases(chainId: $c, first: 100) { edges { node { id } } } }",
            json!({ "c": chain }),
        )
        .await;
    answer.data()["sharedCases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect()
}

pub const CREATE_ACTION: &str =
    "mutation($input: CreateActionInput!) { createAction(input: $input) { id meetingId agendaItemId } }";
pub const UPDATE_ACTION: &str =
    "mutation($id: ID!, $status: ActionStatus!, $note: String) { updateAction(id: $id, status: $status, note: $note) { status } }";

/// Three cases by three organisations about one counterparty, spelt three ways, shared to
/// `chain`: the test's own pattern. Their public ids.
pub async fn own_pattern(app: &TestApp, chain: &str) -> BTreeSet<String> {
    let mut public_ids = BTreeSet::new();
    for (org, role, name) in [
        (MDD, Role::Caseworker, "Verhuurder Zonnehof B.V."),
        (MDE, Role::Caseworker, "verhuurder zonnehof"),
        (POLICE, Role::PoliceOfficer, "Stichting Verhuurder Zonnehof"),
    ] {
        let token = app.login_demo(org, role).await;
        let input = crate::cases::case_input(crate::cases::identity("Sanne de Vries", name), None);
        let case = crate::cases::create(app, &token, input).await;
        let id = case["id"].as_str().unwrap();
        crate::cases::consent_to_share(app, &token, id, chain).await;
        crate::cases::share(app, &token, id, chain).await.data();
        public_ids.insert(case["publicId"].as_str().unwrap().to_string());
    }
    public_ids
}

/// One more report about the landlord of `own_pattern`, by MDD: its public id.
pub async fn another_report(app: &TestApp, chain: &str) -> String {
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let input = crate::cases::case_input(crate::cases::identity("Sanne de Vries", "VERHUURDER ZONNEHOF"), None);
    let case = crate::cases::create(app, &mdd, input).await;
    let id = case["id"].as_str().unwrap();
    crate::cases::consent_to_share(app, &mdd, id, chain).await;
    crate::cases::share(app, &mdd, id, chain).await.data();
    case["publicId"].as_str().unwrap().to_string()
}

/// The agenda's pattern item about exactly these cases.
pub fn pattern_item<'a>(items: &'a [Value], public_ids: &BTreeSet<String>) -> Option<&'a Value> {
    items.iter().find(|i| {
        let listed =
            i["pattern"]["publicIds"].as_array().map(|ids| ids.iter().filter_map(|p| p.as_str()).map(String::from));
        i["kind"] == "PATTERN" && listed.is_some_and(|ids| ids.collect::<BTreeSet<_>>() == *public_ids)
    })
}

async fn prepare(app: &TestApp) -> String {
    match run(&app.services, Job::PrepareAgendas).await.unwrap() {
        RunOutcome::Ran(outcome) => outcome,
        RunOutcome::AlreadyRan => panic!("a new hour is a new slot"),
    }
}

async fn the_agenda_holds_exactly_what_the_chain_shared_flagged_and_left_open(engine: Engine) {
    let app = spawn(engine).await;
    let today = local_date(app.clock.now());
    let dates = [today + Duration::days(10), today + Duration::days(40), today + Duration::days(70)];
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let meetings = series_on(&app, &chair, &dates).await;
    assert_eq!(meetings.len(), 3);
    let (drenthe, members) = app.chain(&chair, DRENTHE).await;
    let (theme, _) = app.chain(&app.login_demo(COC, Role::Intake).await, THEME).await;

    // The first meeting: every case shared in the chain so far (OM's view of the chain),
    // the landlord three organisations reported, no actions yet. The second waits its turn.
    let landlord = own_pattern(&app, &drenthe).await;
    let own_case = share_new_case(&app, &app.login_demo(MDD, Role::Caseworker).await, &drenthe, "origin").await;
    let prosecutor = app.login_demo(OM, Role::Prosecutor).await;
    let shared_before = shared_ids(&app, &prosecutor, &drenthe).await;
    assert!(shared_before.contains(&own_case) && shared_before.len() >= 4, "{shared_before:?}");
    assert_eq!(prepare(&app).await, "0 agendas frozen");
    let first = agenda(&app, &chair, &meetings[0]).await;
    assert_eq!(of_kind(&first, "SHARED_CASE"), shared_before);
    let pattern = pattern_item(&first, &landlord).expect("the landlord's pattern");
    assert_eq!(
        (pattern["pattern"]["reports"].as_i64(), pattern["pattern"]["organisations"].as_i64()),
        (Some(3), Some(3))
    );
    assert!(of_kind(&first, "ACTION").is_empty());
    assert!(agenda(&app, &chair, &meetings[1]).await.is_empty(), "not the next meeting yet");

    // A member flags a case of the chain: it is listed once, as flagged, with the reason.
    // A case shared only to the theme chain cannot be flagged here: it is not found.
    let mde = app.login_demo(MDE, Role::Caseworker).await;
    let flagged = own_case.clone();
    let flag =
        "mutation($m: ID!, $c: ID!, $r: String!) { flagCaseForDiscussion(meetingId: $m, caseId: $c, reason: $r) }";
    let reason = "Graag bespreken: herhaling bij dezelfde verhuurder";
    app.graphql(Some(&mde), flag, json!({ "m": meetings[0], "c": flagged, "r": reason })).await.data();
    let coc = app.login_demo(COC, Role::Intake).await;
    let theme_case = share_new_case(&app, &coc, &theme, "sexual_orientation").await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(
        app.graphql(Some(&mdd), flag, json!({ "m": meetings[0], "c": theme_case, "r": "bespreken" })).await.code(),
        "NOT_FOUND"
    );
    assert_eq!(
        app.graphql(Some(&mde), flag, json!({ "m": meetings[0], "c": flagged, "r": "mail j.jansen@example.nl" }))
            .await
            .code(),
        "BAD_USER_INPUT",
        "a reason is read by the chain and checked like shared text"
    );
    app.clock.advance(Duration::hours(1));
    prepare(&app).await;
    let first = agenda(&app, &chair, &meetings[0]).await;
    assert_eq!(of_kind(&first, "FLAGGED_CASE"), BTreeSet::from([flagged.clone()]));
    let unflagged: BTreeSet<String> = shared_before.iter().filter(|c| **c != flagged).cloned().collect();
    assert_eq!(of_kind(&first, "SHARED_CASE"), unflagged, "the flagged case is not listed twice");
    let flagged_item = first.iter().find(|i| i["kind"] == "FLAGGED_CASE").unwrap();
    assert_eq!((flagged_item["title"].as_str(), flagged_item["addedBy"]["name"].as_str()), (Some(reason), Some(MDE)));

    // Two actions agreed at the first meeting, on the pattern's item.
    let pattern_item = pattern_item(&first, &landlord).unwrap()["id"].clone();
    let action = |owner: &str, description: &str, due: i64| {
        json!({ "input": { "chainId": drenthe, "agendaItemId": pattern_item, "ownerOrganisationId": members[owner],
            "description": description, "dueOn": (today + Duration::days(due)).to_string() } })
    };
    let talk = app.graphql(Some(&chair), CREATE_ACTION, action(MDE, "Gesprek met de verhuurder voeren", 30)).await;
    assert_eq!(talk.data()["createAction"]["meetingId"], meetings[0].as_str(), "the item's meeting");
    let talk = talk.data()["createAction"]["id"].as_str().unwrap().to_string();
    let check = app.graphql(Some(&chair), CREATE_ACTION, action(POLICE, "Nagaan of er aangiftes lopen", 20)).await;
    let check = check.data()["createAction"]["id"].as_str().unwrap().to_string();

    // After the first meeting: one more case shared in the chain, one in the theme chain.
    // (Sessions last hours, not days: everyone signs in again after the clock moves.)
    app.clock.advance(Duration::days(11));
    let (chair, mdd, coc) = (
        app.login_demo(EDN, Role::Analyst).await,
        app.login_demo(MDD, Role::Caseworker).await,
        app.login_demo(COC, Role::Intake).await,
    );
    let new_case = share_new_case(&app, &mdd, &drenthe, "origin").await;
    share_new_case(&app, &coc, &theme, "sexual_orientation").await;
    prepare(&app).await;
    let second = agenda(&app, &chair, &meetings[1]).await;
    assert_eq!(of_kind(&second, "SHARED_CASE"), BTreeSet::from([new_case.clone()]), "only what was shared since");
    assert!(of_kind(&second, "FLAGGED_CASE").is_empty());
    assert_eq!(of_kind(&second, "ACTION"), BTreeSet::from([talk.clone(), check.clone()]), "carried over");
    assert!(of_kind(&second, "PATTERN").is_empty(), "no new report about the landlord since");

    // The police finish theirs; Emmen reports progress. The freeze comes 48 hours before.
    let police = app.login_demo(POLICE, Role::PoliceOfficer).await;
    app.graphql(
        Some(&police),
        UPDATE_ACTION,
        json!({ "id": check, "status": "DONE", "note": "Geen lopende aangiftes" }),
    )
    .await
    .data();
    let mde = app.login_demo(MDE, Role::Caseworker).await;
    let progress = json!({ "id": talk, "status": "IN_PROGRESS", "note": "Afspraak gemaakt voor volgende week" });
    app.graphql(Some(&mde), UPDATE_ACTION, progress).await.data();
    app.clock.set(
        ketenaanpak::domain::meeting::local_instant(dates[1], chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap())
            - Duration::days(1),
    );
    assert_eq!(prepare(&app).await, "1 agendas frozen");
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let second = agenda(&app, &chair, &meetings[1]).await;
    assert_eq!(of_kind(&second, "ACTION"), BTreeSet::from([talk.clone()]), "done before the freeze: off");
    let carried = second.iter().find(|i| i["kind"] == "ACTION").unwrap();
    assert_eq!(carried["action"]["progress"][0]["note"], "Afspraak gemaakt voor volgende week", "with its history");
    let frozen = app.graphql(Some(&chair), AGENDA, json!({ "id": meetings[1] })).await;
    assert!(frozen.data()["meeting"]["agendaFrozenAt"].is_string());
    let topic = "mutation($m: ID!) { addAgendaTopic(meetingId: $m, title: \"Rondvraag\") }";
    assert_eq!(app.graphql(Some(&chair), topic, json!({ "m": meetings[1] })).await.code(), "CONFLICT");
    // Shared while the second agenda is frozen: it waits for the third.
    app.clock.advance(Duration::minutes(30));
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let late_case = share_new_case(&app, &mdd, &drenthe, "religion").await;

    // Emmen finishes after the second meeting: the third meeting does not carry it.
    app.clock.advance(Duration::days(3));
    let (chair, mde) = (app.login_demo(EDN, Role::Analyst).await, app.login_demo(MDE, Role::Caseworker).await);
    app.graphql(Some(&mde), UPDATE_ACTION, json!({ "id": talk, "status": "DONE" })).await.data();
    prepare(&app).await;
    let third = agenda(&app, &chair, &meetings[2]).await;
    assert!(of_kind(&third, "ACTION").is_empty(), "{third:?}");
    assert_eq!(of_kind(&third, "SHARED_CASE"), BTreeSet::from([late_case]), "what came after the second agenda froze");
    assert_eq!(of_kind(&agenda(&app, &chair, &meetings[1]).await, "ACTION"), BTreeSet::from([talk]), "frozen stays");
}

async fn the_chair_edits_the_agenda_until_it_is_frozen(engine: Engine) {
    let app = spawn(engine).await;
    let today = local_date(app.clock.now());
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let meetings = series_on(&app, &chair, &[today + Duration::days(10)]).await;
    let meeting = &meetings[0];
    let (drenthe, _) = app.chain(&chair, DRENTHE).await;
    let own_case = share_new_case(&app, &app.login_demo(MDD, Role::Caseworker).await, &drenthe, "origin").await;
    let compile = "mutation($m: ID!) { compileAgenda(meetingId: $m) { id kind case { id } } }";
    let compiled = app.graphql(Some(&chair), compile, json!({ "m": meeting })).await;
    let compiled = compiled.data()["compileAgenda"].as_array().unwrap().clone();
    assert!(compiled.iter().any(|i| i["case"]["id"] == own_case.as_str()), "the case shared before it");

    let topic = "mutation($m: ID!, $t: String!) { addAgendaTopic(meetingId: $m, title: $t) }";
    let opening = app.graphql(Some(&chair), topic, json!({ "m": meeting, "t": "Opening en mededelingen" })).await;
    let opening = opening.data()["addAgendaTopic"].as_str().unwrap().to_string();
    app.graphql(Some(&chair), topic, json!({ "m": meeting, "t": "Rondvraag" })).await.data();
    assert_eq!(
        app.graphql(Some(&chair), topic, json!({ "m": meeting, "t": "Bellen met 06-12345678" })).await.code(),
        "BAD_USER_INPUT"
    );
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    assert_eq!(
        app.graphql(Some(&mdd), topic, json!({ "m": meeting, "t": "Iets" })).await.code(),
        "FORBIDDEN",
        "not the chair"
    );
    let coc = app.login_demo(COC, Role::Intake).await;
    assert_eq!(app.graphql(Some(&coc), AGENDA, json!({ "id": meeting })).await.code(), "NOT_FOUND", "not a member");
    let admin = app.login_demo(EDN, Role::OrgAdmin).await;
    assert_eq!(
        app.graphql(Some(&admin), AGENDA, json!({ "id": meeting })).await.code(),
        "NOT_FOUND",
        "no meeting role"
    );

    // Order: the opening first; every item named once.
    let items = agenda(&app, &chair, meeting).await;
    let mut order: Vec<String> = items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    order.retain(|id| *id != opening);
    order.insert(0, opening.clone());
    let reorder = "mutation($m: ID!, $ids: [ID!]!) { orderAgenda(meetingId: $m, itemIds: $ids) }";
    assert_eq!(
        app.graphql(Some(&chair), reorder, json!({ "m": meeting, "ids": order[1..] })).await.code(),
        "BAD_USER_INPUT"
    );
    app.graphql(Some(&chair), reorder, json!({ "m": meeting, "ids": order })).await.data();
    let items = agenda(&app, &chair, meeting).await;
    assert_eq!(items[0]["id"], opening.as_str());
    assert_eq!(items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect::<Vec<_>>(), order);

    // Removing a compiled item: compiling does not bring it back.
    let removed = items.iter().find(|i| i["case"]["id"] == own_case.as_str()).unwrap()["id"].clone();
    let remove = "mutation($id: ID!) { removeAgendaItem(id: $id) }";
    app.graphql(Some(&chair), remove, json!({ "id": removed })).await.data();
    app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.data();
    let items = agenda(&app, &chair, meeting).await;
    let expected = compiled.len() + 2 - 1;
    assert_eq!(items.len(), expected, "compiled, two topics, one taken off");
    assert!(items.iter().all(|i| i["id"] != removed));

    // Frozen: no more edits, by any route.
    app.clock.advance(Duration::days(9));
    assert_eq!(run(&app.services, Job::PrepareAgendas).await.unwrap(), RunOutcome::Ran("1 agendas frozen".into()));
    let chair = app.login_demo(EDN, Role::Analyst).await;
    assert_eq!(app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.code(), "CONFLICT");
    assert_eq!(app.graphql(Some(&chair), remove, json!({ "id": opening })).await.code(), "CONFLICT");
    assert_eq!(app.graphql(Some(&chair), reorder, json!({ "m": meeting, "ids": order })).await.code(), "CONFLICT");
    assert_eq!(agenda(&app, &chair, meeting).await.len(), expected);
}

async fn the_demo_has_a_past_meeting_with_minutes_and_the_next_agenda(engine: Engine) {
    let app = spawn(engine).await;
    let operator = ketenaanpak::service::accounts::access::Operator::command_line();
    ketenaanpak::demo::meetings::seed(&app.services, &operator).await.unwrap();
    ketenaanpak::demo::meetings::seed(&app.services, &operator).await.unwrap();
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let (drenthe, _) = app.chain(&mdd, DRENTHE).await;
    let series = app.query(&mdd, "{ meetingSeries { title chain: chainId } }").await;
    assert_eq!(series.data()["meetingSeries"].as_array().unwrap().len(), 1, "seeded once");
    let today = local_date(app.clock.now());
    let range = json!({ "c": drenthe, "from": (today - Duration::days(200)).to_string(), "to": (today + Duration::days(200)).to_string() });
    let listed = app
        .graphql(Some(&mdd), "query($c: ID!, $from: NaiveDate!, $to: NaiveDate!) { meetings(chainId: $c, from: $from, to: $to) { id startsAt minutes { approved attendance { presence } items { decisions } } } }", range)
        .await;
    let meetings = listed.data()["meetings"].as_array().unwrap().clone();
    let now = app.clock.now().to_rfc3339();
    let mut past: Vec<_> = meetings.iter().filter(|m| m["startsAt"].as_str().unwrap() < now.as_str()).collect();
    past.sort_by_key(|m| m["startsAt"].as_str().unwrap().to_owned());
    assert_eq!(past.len(), 2, "the minuted meeting, and yesterday's still to be minuted: {past:?}");
    let yesterdays = past.pop().unwrap();
    assert_eq!(yesterdays["minutes"], Value::Null, "nothing minuted yet: {yesterdays}");
    assert_eq!(past[0]["minutes"]["approved"], true, "approved minutes, read by a member");
    assert_eq!(past[0]["minutes"]["attendance"].as_array().unwrap().len(), 5);
    let next = meetings.iter().find(|m| m["startsAt"].as_str().unwrap() > now.as_str()).unwrap();

    // The past agenda: opening, the flagged case, the pattern, the round; actions agreed on it.
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let before = agenda(&app, &chair, past[0]["id"].as_str().unwrap()).await;
    let kinds: Vec<_> = before.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["TOPIC", "FLAGGED_CASE", "PATTERN", "TOPIC"]);
    let actions = app
        .graphql(
            Some(&mdd),
            "query($c: ID!, $m: ID) { actions(chainId: $c, meetingId: $m) { id status } }",
            json!({ "c": drenthe, "m": past[0]["id"] }),
        )
        .await;
    let actions = actions.data()["actions"].as_array().unwrap().clone();
    assert_eq!(actions.len(), 3);
    let open: BTreeSet<String> =
        actions.iter().filter(|a| a["status"] != "DONE").map(|a| a["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(open.len(), 2);

    // The next agenda: what the chain shared since, the pattern, the open actions carried over.
    let upcoming = agenda(&app, &chair, next["id"].as_str().unwrap()).await;
    let prosecutor = app.login_demo(OM, Role::Prosecutor).await;
    assert_eq!(of_kind(&upcoming, "SHARED_CASE"), shared_ids(&app, &prosecutor, &drenthe).await);
    assert_eq!(of_kind(&upcoming, "ACTION"), open, "the two open actions, carried over");
    assert_eq!(of_kind(&upcoming, "PATTERN").len(), 1);
}

/// A meeting held before the chain used the service: the chair records it with its agenda as
/// it was; every text and case is checked as on any agenda, and nobody is invited to it.
async fn a_chair_records_a_meeting_held_before(engine: Engine) {
    use ketenaanpak::service::meetings::held::HeldItem;
    use ketenaanpak::service::ServiceError;
    let app = spawn(engine).await;
    let chair_token = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    series_on(&app, &chair_token, &[today + Duration::days(10)]).await;
    let (drenthe, members) = app.chain(&chair_token, DRENTHE).await;
    let series = app.query(&chair_token, "{ meetingSeries { id } }").await.data()["meetingSeries"][0]["id"].clone();
    let series = series.as_str().unwrap().parse().unwrap();
    let public_ids = own_pattern(&app, &drenthe).await;
    let mdd_token = app.login_demo(MDD, Role::Caseworker).await;
    let shared: ketenaanpak::domain::ids::CaseId =
        share_new_case(&app, &mdd_token, &drenthe, "religion").await.parse().unwrap();
    let unshared = crate::cases::create(&app, &mdd_token, crate::cases::case_input(Value::Null, None)).await;
    let unshared = unshared["id"].as_str().unwrap().parse().unwrap();
    let chair = app.services.authenticate(&chair_token).await.unwrap();
    let mdd = app.services.authenticate(&mdd_token).await.unwrap();
    let org = |name: &str| members[name].as_str().unwrap().parse().unwrap();
    let flag = |case, raised_by| HeldItem::FlaggedCase { case, reason: "Afstemmen met de politie".into(), raised_by };
    let held =
        |agenda: Vec<HeldItem>| app.services.record_held_meeting(&chair, series, today - Duration::days(30), agenda);
    let invitations_before = app.outbox("meeting_invitation").await.len();

    let field = |error: ServiceError| match error {
        ServiceError::BadInput { field, .. } => field,
        other => panic!("not bad input: {other:?}"),
    };
    let today_too = app.services.record_held_meeting(&chair, series, today, vec![]).await.unwrap_err();
    assert_eq!(field(today_too), "date", "a held meeting lies in the past");
    let by_member = app.services.record_held_meeting(&mdd, series, today - Duration::days(30), vec![]).await;
    assert!(matches!(by_member, Err(ServiceError::Forbidden)), "only the chair's organisation records it");
    let leaky = held(vec![HeldItem::Topic("Bel de melder op 06-12345678".into())]).await.unwrap_err();
    assert_eq!(field(leaky), "title");
    let not_shared = held(vec![flag(unshared, org(MDD))]).await;
    assert!(matches!(not_shared, Err(ServiceError::NotFound)), "a case not shared in the chain is not found");
    let coc = app.login_demo(COC, Role::Intake).await;
    let coc_id = app.query(&coc, "{ me { organisation { id } } }").await.data()["me"]["organisation"]["id"].clone();
    let not_member = held(vec![flag(shared, coc_id.as_str().unwrap().parse().unwrap())]).await.unwrap_err();
    assert_eq!(field(not_member), "raisedBy", "raised by a member of the chain");

    let as_it_was = vec![
        HeldItem::Topic("Opening".into()),
        flag(shared, org(MDD)),
        HeldItem::Patterns,
        HeldItem::Topic("Rondvraag".into()),
    ];
    let meeting = held(as_it_was).await.unwrap();
    assert!(meeting.agenda_frozen_at.is_some_and(|at| at < meeting.starts_at), "frozen as it stood");
    let items = agenda(&app, &chair_token, &meeting.id.to_string()).await;
    // In the order given; the patterns are every one of the chain's, the test's own among them.
    let mut kinds: Vec<_> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    kinds.dedup();
    assert_eq!(kinds, ["TOPIC", "FLAGGED_CASE", "PATTERN", "TOPIC"]);
    assert_eq!(items[1]["addedBy"]["name"], MDD, "raised by the reporting centre, recorded by the chair");
    assert_eq!(items[1]["case"]["id"], shared.to_string());
    assert!(pattern_item(&items, &public_ids).is_some(), "the chain's pattern as it stands");
    let again = held(vec![]).await;
    assert!(matches!(again, Err(ServiceError::Conflict(_))), "one meeting of the series a day");
    assert_eq!(app.outbox("meeting_invitation").await.len(), invitations_before, "nobody is invited to the past");
    // The minutes of it are written as of any meeting that took place.
    let minutes = "mutation($m: ID!, $i: ID!) { recordMinutes(meetingId: $m, items: [{ agendaItemId: $i, notes: \"Besproken.\", decisions: \"Politie neemt contact op.\" }]) { items { decisions } } }";
    let recorded =
        app.graphql(Some(&chair_token), minutes, json!({ "m": meeting.id.to_string(), "i": items[1]["id"] })).await;
    assert_eq!(recorded.data()["recordMinutes"]["items"][0]["decisions"], "Politie neemt contact op.");
}

/// A case shared before a meeting that is recorded only afterwards was not on that meeting's
/// agenda (the chair gave the agenda as it was): it stays new for the next agenda.
async fn a_meeting_recorded_afterwards_is_no_cutoff_for_the_next_agenda(engine: Engine) {
    use ketenaanpak::service::meetings::held::HeldItem;
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, _) = app.chain(&chair, DRENTHE).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let early = share_new_case(&app, &mdd, &drenthe, "religion").await;
    app.clock.advance(Duration::days(40));
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    let next = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let series = app.query(&chair, "{ meetingSeries { id } }").await.data()["meetingSeries"][0]["id"].clone();
    let actor = app.services.authenticate(&chair).await.unwrap();
    let topic = vec![HeldItem::Topic("Kennismaking".into())];
    let series = series.as_str().unwrap().parse().unwrap();
    app.services.record_held_meeting(&actor, series, today - Duration::days(20), topic).await.unwrap();
    let compile = "mutation($m: ID!) { compileAgenda(meetingId: $m) { id } }";
    app.graphql(Some(&chair), compile, json!({ "m": next })).await.data();
    let shared = of_kind(&agenda(&app, &chair, &next).await, "SHARED_CASE");
    assert!(shared.contains(&early), "shared before the recorded meeting, still new: {shared:?}");
}
