//! The series pages and moving or cancelling a meeting, over HTTP and in the browser: the
//! chair previews the dates a cadence plans (nothing saved), sets up a series with an
//! organizer and invitees, changes it, moves and cancels a meeting; a member cannot change
//! either; a refused field comes back with what was typed.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::demo::DEMO_PASSWORD;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::agendas::{DRENTHE, EDN};
use crate::helpers::{spawn, Engine, TestApp, MDD};
use crate::on_both_engines;
use crate::pages::{cookie_of, form_token};
use crate::webdriver::Browser;

on_both_engines!(
    the_chair_sets_up_changes_and_reschedules_in_pages,
    the_series_form_is_accessible_in_the_browser,
    organizer_and_invitees_take_part_and_a_lapsed_invitee_can_be_taken_off
);

async fn user_id(app: &TestApp, email: &str) -> String {
    app.try_login(email, DEMO_PASSWORD).await.data()["login"]["user"]["id"].as_str().unwrap().to_string()
}

struct Form<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookie: String,
    token: String,
}

impl Form<'_> {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self.client.get(self.app.url(path)).header("cookie", &self.cookie).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn post(&self, path: &str, fields: &[(String, String)]) -> (StatusCode, String, String) {
        let mut fields = fields.to_vec();
        fields.push(("csrf".into(), self.token.clone()));
        let response = self
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .header("origin", self.app.address.clone())
            .form(&fields)
            .send()
            .await
            .unwrap();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (response.status(), location, response.text().await.unwrap())
    }
}

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Form<'a> {
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let cookie = cookie_of(app, &client, email).await;
    let home = client.get(app.url("/")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    Form { app, token: form_token(&home), client, cookie }
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

async fn series_of(app: &TestApp, token: &str) -> Vec<Value> {
    let query = "{ meetingSeries { id title startTime durationMinutes organizer { name } invitees { id deputy } } }";
    app.query(token, query).await.data()["meetingSeries"].as_array().unwrap().clone()
}

async fn the_chair_sets_up_changes_and_reschedules_in_pages(engine: Engine) {
    let app = spawn(engine).await;
    let chair_token = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&chair_token, DRENTHE).await;
    let before = series_of(&app, &chair_token).await.len();
    let chair = signed_in(&app, "analyst@edn.example").await;
    let (status, choose) = chair.get("/meetings/series/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(choose.contains(DRENTHE), "the analyst's chains to choose from: {choose}");
    let (status, blank) = chair.get(&format!("/meetings/series/new?chain={drenthe}")).await;
    assert_eq!(status, StatusCode::OK, "{blank}");
    let police = user_id(&app, "police_officer@politie-drenthe.example").await;
    let caseworker = user_id(&app, "caseworker@mdd.example").await;
    assert!(blank.contains(&format!("name=\"invitee-{police}\"")), "participants offered: {blank}");

    let today = local_date(app.clock.now());
    let edn = members[EDN].as_str().unwrap().to_string();
    let analyst = user_id(&app, "analyst@edn.example").await;
    let mut fields = pairs(&[
        ("chain", &drenthe),
        ("title", "Overleg Zuidoost-Drenthe"),
        ("cadence", "weeks"),
        ("weeks", "6"),
        ("weekday", "thu"),
        ("from", &today.to_string()),
        ("start_time", "10:00"),
        ("duration", "lang"),
        ("location", "Gemeentehuis Emmen"),
        ("horizon", "90"),
        ("chair", &edn),
        ("organizer", &analyst),
        (&format!("invitee-{police}"), "core"),
        (&format!("invitee-{caseworker}"), "deputy"),
        ("intent", "preview"),
    ]);
    let (status, _, preview) = chair.post("/meetings/series/new", &fields).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let shown = preview.split("<ol>").nth(1).unwrap_or_default().split("</ol>").next().unwrap_or_default();
    assert!((2..=3).contains(&shown.matches("<li>").count()), "every six weeks over 90 days: {shown}");
    assert!(shown.contains("donderdag"), "{shown}");
    assert_eq!(series_of(&app, &chair_token).await.len(), before, "a preview saves nothing");

    fields.retain(|(k, _)| k != "intent");
    fields.push(("intent".into(), "save".into()));
    let (status, _, refused) = chair.post("/meetings/series/new", &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused.contains("Geef een heel getal") && refused.contains("href=\"#duration\""), "{refused}");
    assert!(refused.contains("value=\"Overleg Zuidoost-Drenthe\"") && refused.contains("value=\"lang\""), "kept");
    for field in fields.iter_mut().filter(|(k, _)| k == "duration") {
        field.1 = "90".into();
    }
    let (status, location, _) = chair.post("/meetings/series/new", &fields).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/meetings/series?done=saved"));
    let saved = series_of(&app, &chair_token).await;
    let series = saved.iter().find(|s| s["title"] == "Overleg Zuidoost-Drenthe").expect("saved").clone();
    assert_eq!(series["organizer"]["name"], "Demo analyst (Expertisecentrum Diversiteit Noord)");
    let deputies: Vec<_> =
        series["invitees"].as_array().unwrap().iter().map(|i| (i["id"].clone(), i["deputy"].clone())).collect();
    assert!(deputies.contains(&(json!(police), json!(false))) && deputies.contains(&(json!(caseworker), json!(true))));
    let id = series["id"].as_str().unwrap().to_string();
    let (_, list) = chair.get("/meetings/series").await;
    assert!(
        list.contains(&format!("href=\"/meetings/series/{id}\"")) && list.contains("elke 6 weken op donderdag"),
        "{list}"
    );

    // Changing it: the form shows the series as stored; a new time reaches the meetings.
    let (status, edit) = chair.get(&format!("/meetings/series/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(edit.contains("value=\"10:00\"") && edit.contains("value=\"Gemeentehuis Emmen\""), "{edit}");
    for field in fields.iter_mut().filter(|(k, _)| k == "start_time") {
        field.1 = "11:30".into();
    }
    let (status, _, _) = chair.post(&format!("/meetings/series/{id}"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let changed = series_of(&app, &chair_token).await;
    assert_eq!(changed.iter().find(|s| s["id"] == id.as_str()).unwrap()["startTime"], "11:30");

    // A member sees the series but cannot change it, nor move a meeting.
    let member = signed_in(&app, "police_officer@politie-drenthe.example").await;
    let (_, member_list) = member.get("/meetings/series").await;
    assert!(
        member_list.contains("Overleg Zuidoost-Drenthe") && !member_list.contains(&format!("/meetings/series/{id}\""))
    );
    assert_eq!(member.get(&format!("/meetings/series/{id}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(member.post(&format!("/meetings/series/{id}"), &fields).await.0, StatusCode::FORBIDDEN);
    let outsider = signed_in(&app, "intake@coc-noord.example").await;
    assert_eq!(outsider.get(&format!("/meetings/series/{id}")).await.0, StatusCode::NOT_FOUND);

    // Moving and cancelling one of its meetings.
    let to = (today + Duration::days(90)).to_string();
    let query = "query($c: ID!, $to: NaiveDate!) { meetings(chainId: $c, from: \"2000-01-01\", to: $to) { id seriesId sequence status startsAt } }";
    let meetings = app.graphql(Some(&chair_token), query, json!({ "c": drenthe, "to": to })).await;
    let meeting =
        meetings.data()["meetings"].as_array().unwrap().iter().find(|m| m["seriesId"] == id.as_str()).unwrap().clone();
    let meeting_id = meeting["id"].as_str().unwrap();
    let schedule = format!("/meetings/{meeting_id}/schedule");
    assert_eq!(member.get(&schedule).await.0, StatusCode::FORBIDDEN);
    let past = pairs(&[("date", &(today - Duration::days(3)).to_string()), ("time", "10:00"), ("location", "Emmen")]);
    let (status, _, refused) = chair.post(&schedule, &past).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused.contains("Kies een moment dat nog moet komen"), "{refused}");
    let later = (today + Duration::days(50)).to_string();
    let moved = pairs(&[("date", &later), ("time", "13:00"), ("location", "Raadhuis Emmen")]);
    let (status, location, _) = chair.post(&schedule, &moved).await;
    assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("{schedule}?done=moved")));
    let (_, after) = chair.get(&format!("{schedule}?done=moved")).await;
    assert!(after.contains("Het overleg is verplaatst") && after.contains("Raadhuis Emmen"), "{after}");
    let cancel = format!("/meetings/{meeting_id}/cancel");
    let (status, _, unticked) = chair.post(&cancel, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(unticked.contains("Vink aan dat u het overleg afzegt"), "{unticked}");
    let (status, _, _) = chair.post(&cancel, &pairs(&[("confirmed", "yes")])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A late unticked post finds the meeting cancelled: no form, so no error pointing into one.
    let (status, _, late) = chair.post(&cancel, &[]).await;
    assert_eq!(status, StatusCode::OK, "{late}");
    assert!(late.contains("Dit overleg is geannuleerd") && !late.contains("href=\"#confirmed\""), "{late}");
    let one = app
        .graphql(
            Some(&chair_token),
            "query($id: ID!) { meeting(id: $id) { status location } }",
            json!({ "id": meeting_id }),
        )
        .await;
    assert_eq!(one.data()["meeting"], json!({ "status": "CANCELLED", "location": "Raadhuis Emmen" }));
}

/// The series form and the move page, blank, previewed and with an error, pass axe-core.
async fn the_series_form_is_accessible_in_the_browser(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    let chair_token = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, _) = app.chain(&chair_token, DRENTHE).await;
    let path = format!("/meetings/series/new?chain={drenthe}");
    crate::browser::sign_in(&browser, &app, &path, "analyst@edn.example").await;
    crate::browser::wait_for_text(&browser, "Nieuwe reeks instellen").await;
    browser.assert_accessible("a new series").await;
    browser.type_into("#title", "Overleg in de browser").await;
    browser.click("button[value=preview]").await;
    crate::browser::wait_for_text(&browser, "Geplande data").await;
    browser.assert_accessible("a previewed series").await;
    browser.click("#cadence-dates").await;
    browser.type_into("#dates", "de negende maart").await;
    browser.click("button[value=save]").await;
    let refused = crate::browser::wait_for_text(&browser, "Er is een probleem").await;
    assert!(
        refused.contains("Overleg in de browser")
            || browser.script("return document.querySelector('#title').value").await == json!("Overleg in de browser")
    );
    browser.assert_accessible("a refused series").await;
    browser.open(&app.url("/meetings/series")).await;
    crate::browser::wait_for_text(&browser, "Reeksen van overleggen").await;
    browser.assert_accessible("the series list").await;
}

/// The organizer and whoever the chair adds take part in the chain's meetings; the refusals
/// point at the field concerned (the cron rule, the horizon, the organizer). Someone invited
/// who since left is shown on the form, may stay while the chair changes other things, and is
/// taken off by choosing "not invited". A new organizer alone is news to every calendar.
async fn organizer_and_invitees_take_part_and_a_lapsed_invitee_can_be_taken_off(engine: Engine) {
    let app = spawn(engine).await;
    let chair_token = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&chair_token, DRENTHE).await;
    let edn = members[EDN].as_str().unwrap().to_string();
    let chair = signed_in(&app, "analyst@edn.example").await;
    let analyst = user_id(&app, "analyst@edn.example").await;
    let caseworker = user_id(&app, "caseworker@mdd.example").await;
    let edn_admin = user_id(&app, "org_admin@edn.example").await;
    let today = local_date(app.clock.now());
    let base = |changes: &[(&str, &str)]| {
        let mut fields = pairs(&[
            ("chain", &drenthe),
            ("title", "Overleg Noord-Drenthe"),
            ("cadence", "dates"),
            ("dates", &(today + Duration::days(20)).to_string()),
            ("start_time", "10:00"),
            ("duration", "90"),
            ("location", "Assen"),
            ("horizon", "60"),
            ("chair", &edn),
            ("organizer", &analyst),
            (&format!("invitee-{caseworker}"), "core"),
            ("intent", "save"),
        ]);
        for (key, value) in changes {
            fields.retain(|(k, _)| k != key);
            fields.push((key.to_string(), value.to_string()));
        }
        fields
    };
    for (changes, control) in [
        (vec![("cadence", "rule"), ("cron", "elke dinsdag")], "cron"),
        (vec![("horizon", "0")], "horizon"),
        (vec![("organizer", edn_admin.as_str())], "organizer"),
    ] {
        let (status, _, refused) = chair.post("/meetings/series/new", &base(&changes)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{changes:?}");
        assert!(refused.contains(&format!("href=\"#{control}\"")), "{control}: {refused}");
        assert!(refused.contains(&format!("id=\"{control}-error\"")), "{control} inline: {refused}");
    }
    // The API refuses an invitee without a chain-work role (the form offers none).
    let input = json!({ "chainId": drenthe, "title": "x", "startTime": "10:00", "location": "Assen",
        "chairOrganisationId": edn, "cadence": { "dates": [(today + Duration::days(20)).to_string()] },
        "invitees": [{ "userId": edn_admin }] });
    let create = "mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }";
    assert_eq!(app.graphql(Some(&chair_token), create, json!({ "input": input })).await.code(), "BAD_USER_INPUT");

    let (status, _, _) = chair.post("/meetings/series/new", &base(&[])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = series_of(&app, &chair_token).await.iter().find(|s| s["title"] == "Overleg Noord-Drenthe").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sequence = || async {
        let query = "query($c: ID!, $to: NaiveDate!) { meetings(chainId: $c, from: \"2000-01-01\", to: $to) { seriesId sequence } }";
        let to = (today + Duration::days(60)).to_string();
        let answer = app.graphql(Some(&chair_token), query, json!({ "c": drenthe, "to": to })).await;
        answer.data()["meetings"].as_array().unwrap().iter().find(|m| m["seriesId"] == id.as_str()).unwrap()["sequence"]
            .as_i64()
            .unwrap()
    };
    let planned = sequence().await;

    // The caseworker's organisation gives them another job: the chair still sees them listed.
    let mdd_admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let retask = "mutation($id: ID!) { setUserRoles(id: $id, roles: [PRIVACY_OFFICER]) { id } }";
    app.graphql(Some(&mdd_admin), retask, json!({ "id": caseworker })).await.data();
    let (_, edit) = chair.get(&format!("/meetings/series/{id}")).await;
    assert!(edit.contains("Neemt niet meer aan overleggen deel") && edit.contains(&caseworker), "{edit}");
    let mailed = || async {
        let sent = app.outbox("meeting_invitation").await;
        sent.iter().filter(|r| r.as_str() == "caseworker@mdd.example").count()
    };
    let before_change = mailed().await;
    assert!(before_change > 0, "invited while taking part");

    // A second analyst of the chair becomes organizer; the lapsed invitee may stay meanwhile.
    let edn_admin_token = app.login_demo(EDN, Role::OrgAdmin).await;
    let add = "mutation { createUser(input: { email: \"tweede@edn.example\", displayName: \"Tweede analist\", roles: [ANALYST] }) { user { id } } }";
    let second =
        app.query(&edn_admin_token, add).await.data()["createUser"]["user"]["id"].as_str().unwrap().to_string();
    let (status, _, kept) = chair.post(&format!("/meetings/series/{id}"), &base(&[("organizer", &second)])).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{kept}");
    let stored = series_of(&app, &chair_token).await.into_iter().find(|s| s["id"] == id.as_str()).unwrap();
    assert_eq!(stored["organizer"]["name"], "Tweede analist");
    assert!(sequence().await > planned, "a new organizer is sent to every calendar");
    assert_eq!(mailed().await, before_change, "one who left the meetings is sent nothing more");

    let taken_off = base(&[("organizer", &second), (&format!("invitee-{caseworker}"), "")]);
    let (status, _, _) = chair.post(&format!("/meetings/series/{id}"), &taken_off).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = series_of(&app, &chair_token).await.into_iter().find(|s| s["id"] == id.as_str()).unwrap();
    assert_eq!(stored["invitees"], json!([]));
}
