//! The meeting pages over HTTP (the browser run is in `browser.rs`): the list of the
//! caller's meetings, coming and held.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use ketenaanpak::service::meetings::held::HeldItem;
use reqwest::redirect::Policy;
use reqwest::StatusCode;

use crate::agendas::{series_on, EDN};
use crate::helpers::{spawn, Engine, MDD};
use crate::on_both_engines;
use crate::pages::{cookie_of, form_token};

on_both_engines!(
    the_meetings_page_lists_coming_and_held_meetings_for_members_only,
    the_chair_prepares_the_agenda_in_the_page,
    the_chair_minutes_a_held_meeting_and_approves,
    a_member_flags_a_shared_case_for_the_next_meeting,
    a_member_puts_a_case_forward_by_its_code_on_the_agenda_page,
);

/// A coming meeting links its agenda; a meeting held three weeks ago is listed under the held
/// ones without minutes yet; the chair's organisation is marked; a viewer has no meetings.
async fn the_meetings_page_lists_coming_and_held_meetings_for_members_only(engine: Engine) {
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    let next = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let series = app.query(&chair, "{ meetingSeries { id } }").await.data()["meetingSeries"][0]["id"].clone();
    let series = series.as_str().unwrap().parse().unwrap();
    let actor = app.services.authenticate(&chair).await.unwrap();
    let topic = vec![HeldItem::Topic("Kennismaking".into())];
    let held = app.services.record_held_meeting(&actor, series, today - Duration::days(21), topic).await.unwrap();

    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let get = |email: &'static str| {
        let client = client.clone();
        let app = &app;
        async move {
            let cookie = cookie_of(app, &client, email).await;
            let response = client.get(app.url("/meetings")).header("cookie", cookie).send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, police) = get("police_officer@politie-drenthe.example").await;
    assert_eq!(status, StatusCode::OK);
    let (coming, past) = police.split_once("Eerdere overleggen").expect("both parts");
    assert!(coming.contains(&format!("href=\"/meetings/{next}/agenda\"")), "{police}");
    assert!(past.contains(&format!("href=\"/meetings/{}/agenda\"", held.id)), "{police}");
    assert!(past.contains("notulen nog niet vastgesteld"), "{past}");
    assert!(!police.contains("uw organisatie is voorzitter"), "the police do not chair");
    let (_, analyst) = get("analyst@edn.example").await;
    assert!(analyst.contains("uw organisatie is voorzitter"), "{analyst}");
    let (status, _) = get("policy_viewer@assen.example").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The summaries of the prepare page's agenda rows, in order.
fn agenda_rows(page: &str) -> Vec<String> {
    let Some(body) = page.split("<tbody>").nth(1) else { return Vec::new() };
    let body = body.split("</tbody>").next().unwrap_or_default();
    body.split("<tr>")
        .skip(1)
        .map(|row| row.split("<td>").nth(3).unwrap_or_default().split("</td>").next().unwrap_or_default().to_string())
        .collect()
}

/// The chair compiles the agenda, is refused a topic naming a phone number (typed text kept),
/// adds one, moves it up and takes a case off, which compiling does not bring back; a member
/// can neither open nor post to the chair's page.
async fn the_chair_prepares_the_agenda_in_the_page(engine: Engine) {
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    let next = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let (drenthe, _) = app.chain(&chair, crate::agendas::DRENTHE).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let first = crate::agendas::share_new_case(&app, &mdd, &drenthe, "religion").await;
    crate::agendas::share_new_case(&app, &mdd, &drenthe, "origin").await;
    let public_id = |case: &str| {
        let query = "query($id: ID!) { case(id: $id) { ... on SharedCase { publicId } } }";
        let answer = app.graphql(Some(&chair), query, serde_json::json!({ "id": case }));
        async move { answer.await.data()["case"]["publicId"].as_str().unwrap().to_string() }
    };
    let first = public_id(&first).await;

    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let cookie = cookie_of(&app, &client, "analyst@edn.example").await;
    let path = format!("/meetings/{next}/prepare");
    let get = |cookie: &str| {
        let request = client.get(app.url(&path)).header("cookie", cookie);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, page) = get(&cookie).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let token = form_token(&page);
    let post = |cookie: &str, action: &str, fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("csrf", token.clone()));
        client
            .post(app.url(&format!("{path}/{action}")))
            .header("cookie", cookie)
            .header("origin", app.address.clone())
            .form(&fields)
            .send()
    };
    assert_eq!(post(&cookie, "compile", vec![]).await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, compiled) = get(&cookie).await;
    let rows = agenda_rows(&compiled);
    assert!(rows.iter().any(|r| r.contains(&first)), "the shared case is on it: {rows:?}");
    assert!(compiled.contains("Nieuw gedeelde melding"), "{compiled}");

    let leaky = "Bellen met 06-12345678 over de buurt";
    let refused = post(&cookie, "topics", vec![("title", leaky.into())]).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("telefoonnummer") && refused.contains(leaky), "{refused}");
    assert_eq!(agenda_rows(&refused).len(), rows.len(), "nothing added");
    assert_eq!(
        post(&cookie, "topics", vec![("title", "Rondvraag".into())]).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let (_, added) = get(&cookie).await;
    let rows = agenda_rows(&added);
    assert_eq!(rows.last().map(String::as_str), Some("Rondvraag"), "{rows:?}");

    let item_of = |page: &str, n: usize| {
        let body = page.split("<tbody>").nth(1).unwrap();
        let row = body.split("<tr>").nth(n + 1).unwrap();
        row.split("name=\"item\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    let topic = item_of(&added, rows.len() - 1);
    let moved = post(&cookie, "move", vec![("item", topic.clone()), ("direction", "up".into())]).await.unwrap();
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let (_, after) = get(&cookie).await;
    let moved_rows = agenda_rows(&after);
    assert_eq!(moved_rows[rows.len() - 2], "Rondvraag", "one place up: {moved_rows:?}");
    assert_eq!(moved_rows.len(), rows.len());

    let at = moved_rows.iter().position(|r| r.contains(&first)).unwrap();
    let case_item = item_of(&after, at);
    let asked = post(&cookie, "remove", vec![("item", case_item.clone())]).await.unwrap();
    assert_eq!(asked.status(), StatusCode::OK, "asked first");
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("Ja, van de agenda halen") && asked.contains(&first), "{asked}");
    assert!(agenda_rows(&get(&cookie).await.1).iter().any(|r| r.contains(&first)), "asking removes nothing");
    let confirmed = post(&cookie, "remove", vec![("item", case_item), ("confirmed", "yes".into())]).await.unwrap();
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    post(&cookie, "compile", vec![]).await.unwrap();
    let (_, last) = get(&cookie).await;
    assert!(!agenda_rows(&last).iter().any(|r| r.contains(&first)), "taken off, and it stays off");

    let member = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    assert_eq!(get(&member).await.0, StatusCode::FORBIDDEN);
    let (_, member_page) = {
        let response = client.get(app.url("/")).header("cookie", &member).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    };
    let member_token = form_token(&member_page);
    let tried = client
        .post(app.url(&format!("{path}/topics")))
        .header("cookie", &member)
        .header("origin", app.address.clone())
        .form(&[("csrf", member_token.as_str()), ("title", "Van een lid")])
        .send()
        .await
        .unwrap();
    assert_eq!(tried.status(), StatusCode::FORBIDDEN);
    let (_, unchanged) = get(&cookie).await;
    assert!(!unchanged.contains("Van een lid"));
}

/// The first value of every hidden `name` field on a page, in order.
fn hidden_values(page: &str, name: &str) -> Vec<String> {
    let marker = format!("name=\"{name}\" value=\"");
    page.split(&marker).skip(1).map(|rest| rest.split('"').next().unwrap_or_default().to_string()).collect()
}

/// The chair records attendance, is refused notes naming a phone number (kept, marked on
/// that item), records the minutes and an action for the police, and approves; a member
/// cannot open the page; after approval a change needs a reason and keeps the earlier text.
async fn the_chair_minutes_a_held_meeting_and_approves(engine: Engine) {
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    series_on(&app, &chair, &[today + Duration::days(10)]).await;
    let series = app.query(&chair, "{ meetingSeries { id } }").await.data()["meetingSeries"][0]["id"].clone();
    let series = series.as_str().unwrap().parse().unwrap();
    let actor = app.services.authenticate(&chair).await.unwrap();
    let topics = vec![HeldItem::Topic("Kennismaking".into()), HeldItem::Topic("Rondvraag".into())];
    let held = app.services.record_held_meeting(&actor, series, today - Duration::days(21), topics).await.unwrap().id;

    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let cookie = cookie_of(&app, &client, "analyst@edn.example").await;
    let path = format!("/meetings/{held}/minutes");
    let get = |cookie: &str| {
        let request = client.get(app.url(&path)).header("cookie", cookie);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, page) = get(&cookie).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let token = form_token(&page);
    let organisations = hidden_values(&page, "organisation");
    let items = hidden_values(&page, "item");
    assert_eq!(items.len(), 2, "{page}");
    assert!(organisations.len() >= 4, "every member: {organisations:?}");
    let post = |action: &'static str, fields: Vec<(String, String)>| {
        let mut fields = fields;
        fields.push(("csrf".into(), token.clone()));
        client
            .post(app.url(&format!("{path}/{action}")))
            .header("cookie", &cookie)
            .header("origin", app.address.clone())
            .form(&fields)
            .send()
    };
    let mut attendance: Vec<(String, String)> = Vec::new();
    for (n, organisation) in organisations.iter().enumerate() {
        attendance.push(("organisation".into(), organisation.clone()));
        let presence = if n == 0 { "apologies" } else { "present" };
        attendance.push((format!("presence.{organisation}"), presence.into()));
    }
    assert_eq!(post("attendance", attendance).await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&cookie).await;
    let first = &organisations[0];
    assert!(
        page.contains(&format!(
            "id=\"presence-{first}-apologies\" name=\"presence.{first}\" value=\"apologies\" checked"
        )),
        "{page}"
    );

    let texts = |first_notes: &str| {
        vec![
            ("item".to_string(), items[0].clone()),
            (format!("notes.{}", items[0]), first_notes.to_string()),
            (format!("decisions.{}", items[0]), "Iedereen stelt zich voor.".to_string()),
            ("item".to_string(), items[1].clone()),
            (format!("notes.{}", items[1]), "Geen vragen.".to_string()),
            (format!("decisions.{}", items[1]), String::new()),
        ]
    };
    let leaky = "De wijkagent is bereikbaar op 06-12345678.";
    let refused = post("items", texts(leaky)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains(&format!("href=\"#notes-{}\"", items[0])), "on that item: {refused}");
    assert!(refused.contains(leaky) && refused.contains("Geen vragen."), "everything typed is kept: {refused}");
    assert!(refused.contains("telefoonnummer"), "{refused}");
    assert_eq!(post("items", texts("Voorstelronde gehouden.")).await.unwrap().status(), StatusCode::SEE_OTHER);
    let no_owner = vec![
        ("agendaItem".to_string(), items[1].clone()),
        ("description".to_string(), "Terugkoppeling geven".to_string()),
        ("dueOn".to_string(), "2027-01-20".to_string()),
    ];
    let no_owner = post("actions", no_owner).await.unwrap();
    assert_eq!(no_owner.status(), StatusCode::BAD_REQUEST);
    let no_owner = no_owner.text().await.unwrap();
    assert!(no_owner.contains("href=\"#action-owner\"") && no_owner.contains("Terugkoppeling geven"), "{no_owner}");
    assert!(
        no_owner.contains(">Voorstelronde gehouden.</textarea>"),
        "the other forms show what is stored: {no_owner}"
    );
    assert!(no_owner.contains("value=\"present\" checked"), "and the attendance too: {no_owner}");

    let police_id = organisations
        .iter()
        .find(|o| page.contains(&format!("value=\"{o}\">Politie Drenthe</option>")))
        .expect("the police among the owners")
        .clone();
    let action = vec![
        ("agendaItem".to_string(), items[1].clone()),
        ("description".to_string(), "Terugkoppeling geven over de aangifte".to_string()),
        ("owner".to_string(), police_id),
        ("dueOn".to_string(), "2027-01-20".to_string()),
    ];
    assert_eq!(post("actions", action).await.unwrap().status(), StatusCode::SEE_OTHER);
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let mine = client.get(app.url("/actions/mine")).header("cookie", &police).send().await.unwrap();
    assert!(mine.text().await.unwrap().contains("Terugkoppeling geven over de aangifte"), "the owner sees it");
    assert_eq!(get(&police).await.0, StatusCode::FORBIDDEN, "a member does not take the minutes");
    let print = format!("/meetings/{held}/minutes/print");
    let printed = |cookie: String| {
        let request = client.get(app.url(&print)).header("cookie", cookie);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, draft) = printed(police.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(draft.contains("nog niet vastgesteld") && !draft.contains("Voorstelronde"), "no draft: {draft}");

    assert_eq!(post("approve", vec![]).await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, approved) = get(&cookie).await;
    assert!(approved.contains("Vastgesteld op"), "{approved}");
    let unexplained = post("items", texts("Voorstelronde gehouden, met de politie.")).await.unwrap();
    assert_eq!(unexplained.status(), StatusCode::BAD_REQUEST);
    assert!(unexplained.text().await.unwrap().contains("href=\"#amendment-reason\""));
    let mut amended = texts("Voorstelronde gehouden, met de politie.");
    amended.push(("amendmentReason".into(), "Aanvulling van de politie".into()));
    assert_eq!(post("items", amended).await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, after) = get(&cookie).await;
    assert!(after.contains("Eerdere teksten") && after.contains("Eerder verslag: Voorstelronde gehouden."), "{after}");
    let agenda =
        client.get(app.url(&format!("/meetings/{held}/agenda"))).header("cookie", &police).send().await.unwrap();
    assert!(agenda.text().await.unwrap().contains("Voorstelronde gehouden, met de politie."), "members read them now");
    let (status, minutes) = printed(police.clone()).await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Verslag Casuïstiekoverleg Drenthe",
        "Voorstelronde gehouden, met de politie.",
        "Iedereen stelt zich voor.",
        "Terugkoppeling geven over de aangifte",
        "Gewijzigd na vaststelling",
        "Aanvulling van de politie",
    ] {
        assert!(minutes.contains(expected), "{expected}: {minutes}");
    }
    assert!(!minutes.contains("Eerder verslag"), "the earlier texts stay on the chair's page: {minutes}");
    let meetings = client.get(app.url("/meetings")).header("cookie", &police).send().await.unwrap();
    assert!(meetings.text().await.unwrap().contains(&format!("href=\"{print}\"")), "linked from the list");
    let admin = cookie_of(&app, &client, "org_admin@politie-drenthe.example").await;
    assert_eq!(printed(admin).await.0, StatusCode::NOT_FOUND, "an admin takes no part in meetings");
}

/// A partner (the police) asks from the shared case's page for it to be discussed: a reason
/// naming a phone number comes back in its field, kept; a good one puts the case on the
/// meeting's agenda, where the page leads.
async fn a_member_flags_a_shared_case_for_the_next_meeting(engine: Engine) {
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    let next = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let (drenthe, _) = app.chain(&chair, crate::agendas::DRENTHE).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let case = crate::agendas::share_new_case(&app, &mdd, &drenthe, "religion").await;

    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let page = client.get(app.url(&format!("/cases/{case}"))).header("cookie", &police).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("<option value=\"{next}\"")), "the coming meeting is offered: {page}");
    let token = form_token(&page);
    let flag = |reason: &'static str| {
        client
            .post(app.url(&format!("/cases/{case}/flag")))
            .header("cookie", &police)
            .header("origin", app.address.clone())
            .form(&[("csrf", token.as_str()), ("meeting", next.as_str()), ("reason", reason)])
            .send()
    };
    let leaky = "Melder belde op 06-12345678";
    let refused = flag(leaky).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("id=\"flag-reason-error\"") && refused.contains(leaky), "{refused}");
    let flagged = flag("Herhaling bij dezelfde verhuurder").await.unwrap();
    assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    let agenda = format!("/meetings/{next}/agenda");
    assert_eq!(flagged.headers()[reqwest::header::LOCATION], agenda.as_str());
    let agenda = client.get(app.url(&agenda)).header("cookie", &police).send().await.unwrap().text().await.unwrap();
    assert!(agenda.contains("Herhaling bij dezelfde verhuurder"), "{agenda}");
}

/// On the agenda page a member names a shared case by its public code: a code that names no
/// case shared in the chain (unknown, or no longer shared) gets the same answer, a reason with
/// a phone number comes back in its field, both kept; a good one puts the case on the agenda.
async fn a_member_puts_a_case_forward_by_its_code_on_the_agenda_page(engine: Engine) {
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    let next = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let (drenthe, _) = app.chain(&chair, crate::agendas::DRENTHE).await;
    let mdd = app.login_demo(MDD, Role::Caseworker).await;
    let code_of = |case: String| {
        let (app, mdd) = (&app, mdd.clone());
        async move {
            let answer = app
                .graphql(
                    Some(&mdd),
                    "query($id: ID!) { case(id: $id) { ... on OwnCase { publicId } } }",
                    serde_json::json!({ "id": case }),
                )
                .await;
            answer.data()["case"]["publicId"].as_str().unwrap().to_string()
        }
    };
    let shared = code_of(crate::agendas::share_new_case(&app, &mdd, &drenthe, "religion").await).await;
    let withdrawn_case = crate::agendas::share_new_case(&app, &mdd, &drenthe, "origin").await;
    let unshare = "mutation($case: ID!, $chain: ID!) { unshareCase(caseId: $case, chainId: $chain) }";
    app.graphql(Some(&mdd), unshare, serde_json::json!({ "case": withdrawn_case, "chain": drenthe })).await.data();
    let unshared = code_of(withdrawn_case).await;

    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let path = format!("/meetings/{next}/agenda");
    let page = client.get(app.url(&path)).header("cookie", &police).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("action=\"{path}/flag\"")), "the form while the agenda is open: {page}");
    let token = form_token(&page);
    let post = |code: String, reason: &'static str| {
        client
            .post(app.url(&format!("{path}/flag")))
            .header("cookie", &police)
            .header("origin", app.address.clone())
            .form(&[("csrf", token.clone()), ("publicId", code), ("reason", reason.to_string())])
            .send()
    };
    let mut answers = Vec::new();
    for code in ["ZZZZZ-ZZZZZ".to_string(), unshared.clone()] {
        let refused = post(code.clone(), "Herhaling").await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        let body = refused.text().await.unwrap();
        assert!(body.contains("href=\"#flag-code\"") && body.contains(&format!("value=\"{code}\"")), "{body}");
        answers.push(body.contains("geen gedeelde casus met deze code"));
    }
    assert_eq!(answers, [true, true], "unknown and no longer shared read alike");
    let leaky = "Melder belde op 06-12345678";
    let refused = post(shared.to_lowercase(), leaky).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("id=\"flag-reason-error\"") && refused.contains(leaky), "{refused}");
    let flagged = post(shared.clone(), "Herhaling bij dezelfde verhuurder").await.unwrap();
    assert_eq!(flagged.headers()[reqwest::header::LOCATION], format!("{path}?done=flagged#flag").as_str());
    let after = client.get(app.url(&format!("{path}?done=flagged"))).header("cookie", &police).send().await.unwrap();
    let after = after.text().await.unwrap();
    assert!(after.contains("De casus staat op de agenda.") && after.contains(&shared), "{after}");
    assert!(after.contains("Herhaling bij dezelfde verhuurder"), "{after}");
}
