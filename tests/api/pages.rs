//! The web pages over plain HTTP: the session cookie's flags, redirects that stay on this
//! site, cross-site forms refused, safe headers, and a cookie that /graphql does not accept.

use ketenaanpak::demo::DEMO_PASSWORD;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE, X_FRAME_OPTIONS};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn, Engine, TestApp};
use crate::on_both_engines;

on_both_engines!(
    pages_keep_the_session_cookie_to_themselves,
    forms_need_the_sessions_token,
    case_pages_show_each_reader_only_their_part,
    the_case_list_filters_and_pages_through_own_cases,
    notes_are_written_on_the_case_page_and_partners_read_the_shared_ones,
    a_registration_is_changed_and_found_again_by_its_number,
    the_start_page_shows_each_group_its_own_work,
    the_case_page_lists_the_actions_agreed_about_it,
    the_reporters_other_consents_are_recorded_and_withdrawn_on_the_case_page
);

async fn sign_in(app: &TestApp, client: &reqwest::Client, password: &str, next: &str) -> reqwest::Response {
    client
        .post(app.url("/login"))
        .header("origin", app.address.clone())
        .form(&[("email", "caseworker@mdd.example"), ("password", password), ("next", next)])
        .send()
        .await
        .unwrap()
}

async fn pages_keep_the_session_cookie_to_themselves(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let agenda = "/meetings/0b6f3a64-8f0e-4a4c-9a53-1f7f2f9b1c11/agenda";

    let anonymous = client.get(app.url(agenda)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let to = anonymous.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(to, "/login?next=%2Fmeetings%2F0b6f3a64%2D8f0e%2D4a4c%2D9a53%2D1f7f2f9b1c11%2Fagenda");

    let wrong = sign_in(&app, &client, "not the password", agenda).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    let page = wrong.text().await.unwrap();
    assert!(page.contains("onjuist") && !page.contains("not the password"), "the error, never the password");

    let cross_site = client
        .post(app.url("/login"))
        .header("origin", "https://elders.example")
        .form(&[("email", "caseworker@mdd.example"), ("password", DEMO_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    for outside in ["//elders.example/x", "/\t/elders.example", "/\\elders.example", "/\n/elders.example"] {
        let elsewhere = sign_in(&app, &client, DEMO_PASSWORD, outside).await;
        assert_eq!(elsewhere.headers()[LOCATION], "/", "never off this site: {outside:?}");
    }
    let signed_in = sign_in(&app, &client, DEMO_PASSWORD, agenda).await;
    assert_eq!(signed_in.headers()[LOCATION], agenda);
    let cookie = signed_in.headers()[SET_COOKIE].to_str().unwrap().to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    let pair = cookie.split(';').next().unwrap().to_string();

    // An unknown meeting: the same "not found" as any other door, with the page headers.
    let missing = client.get(app.url(agenda)).header("cookie", &pair).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
    assert_eq!(missing.headers()[X_FRAME_OPTIONS], "DENY");
    assert_eq!(missing.headers()[CACHE_CONTROL], "no-store");
    assert!(missing.text().await.unwrap().contains("Niet gevonden"));

    // The cookie opens pages only: /graphql wants the bearer token.
    let api = client
        .post(app.url("/graphql"))
        .header("cookie", &pair)
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
    let home = client.get(app.url("/")).header("cookie", &pair).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Meldpunt Discriminatie Drenthe"));
}

/// The value of the hidden `csrf` field of a page's forms.
pub fn form_token(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a form with its token") + "name=\"csrf\" value=\"".len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

/// Every form of a signed-in page carries a token bound to the session: without it, with
/// another session's, or from another site, the form is refused and nothing changes. The
/// language switch is such a form; it works with the token and comes back to the page.
async fn forms_need_the_sessions_token(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let session = |response: &reqwest::Response| {
        response.headers()[SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string()
    };
    let mine = session(&sign_in(&app, &client, DEMO_PASSWORD, "/").await);
    let other = session(&sign_in(&app, &client, DEMO_PASSWORD, "/").await);
    let start = |cookie: String| {
        let request = client.get(app.url("/")).header("cookie", cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let page = start(mine.clone()).await;
    assert!(page.contains("<html lang=\"nl\">") && page.contains("lang=\"en\">English</button>"), "{page}");
    let (token, others) = (form_token(&page), form_token(&start(other.clone()).await));
    assert_ne!(token, others, "a token per session");

    let switch = |cookie: &str, origin: &str, token: &str| {
        client
            .post(app.url("/account/language"))
            .header("cookie", cookie)
            .header("origin", origin)
            .form(&[("csrf", token), ("language", "en"), ("back", "/?tab=1")])
            .send()
    };
    let here = app.address.clone();
    for (cookie, origin, token, why) in [
        (&mine, here.as_str(), "", "no token"),
        (&mine, here.as_str(), others.as_str(), "another session's token"),
        (&mine, "https://elders.example", token.as_str(), "another site"),
    ] {
        let refused = switch(cookie, origin, token).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{why}");
        assert!(refused.text().await.unwrap().contains("<h1>Geen toegang</h1>"), "{why}: the styled page");
    }
    assert!(start(mine.clone()).await.contains("<html lang=\"nl\">"), "nothing changed");
    let logout = client.post(app.url("/logout")).header("cookie", &mine).form(&[("csrf", "")]).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::FORBIDDEN, "signing out is a form like any other");

    let switched = switch(&mine, &here, &token).await.unwrap();
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(switched.headers()[LOCATION], "/?tab=1", "back where it was pressed");
    let english = start(mine.clone()).await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("lang=\"nl\">Nederlands</button>"));
    assert!(english.contains("My work") && !english.contains("Mijn werk"), "{english}");
    let unknown = client
        .post(app.url("/account/language"))
        .header("cookie", &mine)
        .form(&[("csrf", token.as_str()), ("language", "de"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
}

/// A signed-in reader's session cookie, from the login form.
pub async fn cookie_of(app: &TestApp, client: &reqwest::Client, email: &str) -> String {
    let signed_in = client
        .post(app.url("/login"))
        .header("origin", app.address.clone())
        .form(&[("email", email), ("password", DEMO_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    signed_in.headers()[SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string()
}

/// The registration form is for case workers; a refused form registers nothing; the owner's
/// case page has its number and the identity button, a partner in the chain reads the
/// pseudonymised page without either, and an organisation outside the chain finds nothing.
async fn case_pages_show_each_reader_only_their_part(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let get = |path: &str, cookie: &str| client.get(app.url(path)).header("cookie", cookie).send();
    let viewer = cookie_of(&app, &client, "policy_viewer@assen.example").await;
    assert_eq!(get("/cases/new", &viewer).await.unwrap().status(), StatusCode::FORBIDDEN);

    let owner = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let form = get("/cases/new", &owner).await.unwrap().text().await.unwrap();
    let token = form_token(&form);
    let fields = |csrf: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("grounds", "religion".into()),
            ("grounds", "origin".into()),
            ("domain", "housing".into()),
            ("manifestations", "remarks".into()),
            ("channel", "phone".into()),
            ("handling", "advice".into()),
            ("reportedOn", "02-11-2026".into()),
            ("anonymous", "no".into()),
            ("identity.reporter.name", "Kanarie Vbnm".into()),
            ("sharedSummary", "Opmerkingen over geloof en afkomst.".into()),
            ("consentMethod", "written".into()),
            ("consentGivenOn", "2026-11-02".into()),
        ]
    };
    let post = |csrf: &str| {
        client
            .post(app.url("/cases/new"))
            .header("cookie", &owner)
            .header("origin", app.address.clone())
            .form(&fields(csrf))
            .send()
    };
    let caseworker = app.login_demo(crate::helpers::MDD, ketenaanpak::domain::role::Role::Caseworker).await;
    let count = || async {
        app.query(&caseworker, "{ cases { edges { node { id } } } }").await.data()["cases"]["edges"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = count().await;
    assert_eq!(post("").await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(count().await, before, "a refused form registers nothing");
    let created = post(&token).await.unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let case_page = created.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(count().await, before + 1);
    let case_id = case_page.trim_start_matches("/cases/").to_string();

    let own = get(&case_page, &owner).await.unwrap().text().await.unwrap();
    assert!(own.contains("Melding MDD-") && own.contains("Toon identiteit") && !own.contains("Kanarie"), "{own}");
    // Shared with the Drenthe chain under the reporter's consent, through the API.
    let (chain, _) = app.chain(&caseworker, "Casuïstiekoverleg Drenthe").await;
    crate::cases::consent_to_share(&app, &caseworker, &case_id, &chain).await;
    crate::cases::share(&app, &caseworker, &case_id, &chain).await.data();
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let shared = get(&case_page, &police).await.unwrap().text().await.unwrap();
    assert!(shared.contains("Opmerkingen over geloof") && shared.contains("Godsdienst"), "{shared}");
    assert!(!shared.contains("MDD-") && !shared.contains("Toon identiteit") && !shared.contains("Kanarie"), "{shared}");
    // A partner reads the incident's month, not the dates or the channel of the report.
    assert!(shared.contains("Maand") && !shared.contains("Gemeld op") && !shared.contains("binnenkwam"), "{shared}");
    assert!(!shared.contains("2 november 2026") && !shared.contains("Delen met ketens"), "{shared}");
    let reveal = client
        .post(app.url(&format!("{case_page}/identity")))
        .header("cookie", &police)
        .header("origin", app.address.clone())
        .form(&[("csrf", form_token(&shared))])
        .send()
        .await
        .unwrap();
    assert_eq!(reveal.status(), StatusCode::NOT_FOUND, "a partner has no identity to open");
    assert!(!reveal.text().await.unwrap().contains("Kanarie"));
    let outsider = cookie_of(&app, &client, "intake@coc-noord.example").await;
    let nothing = get(&case_page, &outsider).await.unwrap();
    assert_eq!(nothing.status(), StatusCode::NOT_FOUND, "outside the chain: not found");
}

/// The case numbers a list page links.
fn listed_numbers(page: &str) -> Vec<String> {
    page.match_indices("<a href=\"/cases/")
        .filter_map(|(at, _)| {
            let rest = &page[at..];
            let start = rest.find('>')? + 1;
            let end = rest.find("</a>")?;
            Some(rest[start..end].to_string())
        })
        .filter(|text| text.contains('-'))
        .collect()
}

/// A new reporting centre with one case worker, 26 reports on religion and one on
/// antiziganism: the list pages through all 27 once, newest first, filters by ground and
/// status, and nobody at another organisation sees any of them.
async fn the_case_list_filters_and_pages_through_own_cases(engine: Engine) {
    use ketenaanpak::domain::case::{CaseStatus, Registration};
    use ketenaanpak::domain::consent::ConsentMethod;
    use ketenaanpak::domain::organisation::OrganisationKind;
    use ketenaanpak::domain::role::Role;
    use ketenaanpak::domain::user::Language;
    use ketenaanpak::service::accounts::access::Operator;
    use ketenaanpak::service::accounts::user_import::ImportedUser;
    use ketenaanpak::service::casework::cases::NewCase;
    let app = spawn(engine).await;
    let operator = Operator::command_line();
    let kind = OrganisationKind::ReportingCentre;
    let org = app.services.create_organisation(&operator, kind, "Meldpunt Lijst", "Drenthe", &[]).await.unwrap();
    let hash = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        argon2::Argon2::default()
            .hash_password(DEMO_PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string()
    };
    let person = |email: &str, role| ImportedUser {
        email: email.into(),
        display_name: "Lijst".into(),
        roles: vec![role],
        language: Language::Nl,
        password_hash: hash.clone(),
    };
    let people =
        vec![person("melding@lijst.example", Role::Caseworker), person("fg@lijst.example", Role::PrivacyOfficer)];
    app.services.import_users(&operator, org.id, people).await.unwrap();
    let token = app.login("melding@lijst.example", DEMO_PASSWORD).await;
    let actor = app.services.authenticate(&token).await.unwrap();
    let reported_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let mut numbers = Vec::new();
    for n in 0..27 {
        let ground = if n == 13 { "antiziganism" } else { "religion" };
        let registration = Registration {
            grounds: vec![ground.into()],
            domain: "housing".into(),
            manifestations: vec!["remarks".into()],
            channel: "phone".into(),
            handling: "advice".into(),
            status: CaseStatus::Open,
            residence_municipality: None,
            incident_municipality: None,
            incident_date: None,
            incident_until: None,
            reported_on,
            police_registration_number: None,
        };
        let new = NewCase {
            registration,
            shared_summary: None,
            identity: None,
            consent_method: ConsentMethod::Verbal,
            consent_given_on: reported_on,
        };
        numbers.push(app.services.create_case(&actor, new).await.unwrap().case_number);
        app.clock.advance(chrono::Duration::seconds(1));
    }
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let cookie = cookie_of(&app, &client, "melding@lijst.example").await;
    let get = |path: String| {
        let request = client.get(app.url(&path)).header("cookie", &cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let first = get("/cases".into()).await;
    let first_numbers = listed_numbers(&first);
    assert_eq!(first_numbers.len(), 25, "{first}");
    let newest_first: Vec<String> = numbers.iter().rev().take(25).cloned().collect();
    assert_eq!(first_numbers, newest_first);
    // The link as the browser reads it (the template escapes `=` and `&`).
    let at = first.find("/cases?after").expect("a link to the next page");
    let next = first[at..at + first[at..].find('"').unwrap()].replace("&#x3D;", "=").replace("&amp;", "&");
    let second = listed_numbers(&get(next).await);
    assert_eq!(second, numbers[..2].iter().rev().cloned().collect::<Vec<_>>(), "the rest, once");

    let rare = listed_numbers(&get("/cases?ground=antiziganism".into()).await);
    assert_eq!(rare, [numbers[13].clone()]);
    let closed = get("/cases?status=closed".into()).await;
    assert!(listed_numbers(&closed).is_empty() && closed.contains("Geen meldingen die aan deze keuze voldoen"));

    let elsewhere = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let theirs = client.get(app.url("/cases")).header("cookie", &elsewhere).send().await.unwrap().text().await.unwrap();
    assert!(numbers.iter().all(|n| !theirs.contains(n.as_str())), "another organisation's list");
}

/// The owner writes an internal note and a shared one; a shared note naming the reporter is
/// refused with the finding and the text kept; a partner in the chain reads the shared note
/// only, and never the internal one.
async fn notes_are_written_on_the_case_page_and_partners_read_the_shared_ones(engine: Engine) {
    use ketenaanpak::domain::role::Role;
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let mdd = app.login_demo(crate::helpers::MDD, Role::Caseworker).await;
    let chain = crate::cases::chain_id(&app, &mdd, crate::cases::DRENTHE_CHAIN).await;
    let identity = crate::cases::identity("Kanarie Qzxw", "Noorderzon");
    let case = crate::cases::create(&app, &mdd, crate::cases::case_input(identity, None)).await;
    let case = case["id"].as_str().unwrap().to_string();
    crate::cases::consent_to_share(&app, &mdd, &case, &chain).await;
    crate::cases::share(&app, &mdd, &case, &chain).await.data();

    let owner = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let path = format!("/cases/{case}");
    let read = |cookie: String| {
        let request = client.get(app.url(&path)).header("cookie", cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let token = form_token(&read(owner.clone()).await);
    let note = |text: &str, shared: &str| {
        let form = [("csrf", token.as_str()), ("text", text), ("shared", shared)];
        client
            .post(app.url(&format!("/cases/{case}/notes")))
            .header("cookie", &owner)
            .header("origin", app.address.clone())
            .form(&form)
            .send()
    };
    let internal = note("Melder belt maandag terug, intern.", "no").await.unwrap();
    assert_eq!(internal.status(), StatusCode::SEE_OTHER);
    let leaky = "Kanarie Qzxw wil graag verder.";
    let refused = note(leaky, "yes").await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("uit de identiteitsgegevens op positie") && refused.contains(leaky),
        "finding and text kept: {refused}"
    );
    assert!(refused.contains("id=\"note-shared\" name=\"shared\" value=\"yes\" checked"), "the choice kept");
    let shared = note("Verhuurder reageert niet op brieven.", "yes").await.unwrap();
    assert_eq!(shared.status(), StatusCode::SEE_OTHER);

    let own_page = read(owner.clone()).await;
    assert!(own_page.contains("Melder belt maandag terug") && own_page.contains("Verhuurder reageert niet"));
    let police = cookie_of(&app, &client, "police_officer@politie-drenthe.example").await;
    let partner_page = read(police).await;
    assert!(partner_page.contains("Verhuurder reageert niet op brieven."), "{partner_page}");
    assert!(!partner_page.contains("Melder belt maandag") && !partner_page.contains("Kanarie"), "{partner_page}");
    assert!(!partner_page.contains("/notes\""), "partners do not write on another's case");
}

/// The edit page shows the registration as stored; a date that cannot be read comes back
/// with what was typed, and so does a period that ends before it starts; a change (an
/// incident over a period among it) is saved. The list finds the case by its number and by its
/// public code, and leaves it out for a period after it or for "shared" while it is not.
async fn a_registration_is_changed_and_found_again_by_its_number(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let mdd = app.login_demo(crate::helpers::MDD, ketenaanpak::domain::role::Role::Caseworker).await;
    let identity = crate::cases::identity("Kanarie Qzxw", "Noorderzon");
    let case = crate::cases::create(&app, &mdd, crate::cases::case_input(identity, None)).await;
    let [id, number, code] =
        [&case["id"], &case["caseNumber"], &case["publicId"]].map(|v| v.as_str().unwrap().to_string());
    let cookie = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let get = |path: String| {
        let request = client.get(app.url(&path)).header("cookie", &cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let edit = get(format!("/cases/{id}/edit")).await;
    assert!(
        edit.contains("value=\"2026-03-20\"") && edit.contains("<option value=\"labour_market\" selected>"),
        "{edit}"
    );
    assert!(!edit.contains("identity.reporter.name"), "the identity block is not on this form");
    let token = form_token(&edit);
    let form = |reported_on: &str| {
        vec![
            ("csrf", token.clone()),
            ("status", "closed".to_string()),
            ("grounds", "anti_muslim".into()),
            ("domain", "housing".into()),
            ("manifestations", "remarks".into()),
            ("channel", "phone".into()),
            ("handling", "mediation".into()),
            ("residenceMunicipality", "GM0106".into()),
            ("reportedOn", reported_on.into()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        client
            .post(app.url(&format!("/cases/{id}/edit")))
            .header("cookie", &cookie)
            .header("origin", app.address.clone())
            .form(&fields)
            .send()
    };
    let refused = post(form("twintig maart")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("Er is een probleem") && refused.contains("value=\"twintig maart\""), "{refused}");
    let period = |first: &str, last: &str| {
        let mut fields = form("21-03-2026");
        fields.extend([("incidentDate", first.to_string()), ("incidentUntil", last.to_string())]);
        fields
    };
    let reversed = post(period("2026-03-14", "2026-03-10")).await.unwrap();
    assert_eq!(reversed.status(), StatusCode::BAD_REQUEST);
    let reversed = reversed.text().await.unwrap();
    assert!(
        reversed.contains("href=\"#incidentUntil\"")
            && reversed.contains("Ligt vóór de eerste dag van het voorval")
            && reversed.contains("value=\"2026-03-10\""),
        "the period's end is named, and kept: {reversed}"
    );
    let saved = post(period("2026-03-10", "2026-03-14")).await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = get(format!("/cases/{id}")).await;
    assert!(page.contains("afgesloten") && page.contains("Wonen") && page.contains("21 maart 2026"), "{page}");
    assert!(page.contains("van dinsdag 10 maart 2026 tot en met zaterdag 14 maart 2026"), "the period: {page}");
    let edit = get(format!("/cases/{id}/edit")).await;
    assert!(edit.contains("value=\"2026-03-10\"") && edit.contains("value=\"2026-03-14\""), "{edit}");

    let listed = |query: &'static str, value: String| {
        let path =
            format!("/cases?{}", form_urlencoded::Serializer::new(String::new()).append_pair(query, &value).finish());
        let get = get(path);
        async move { listed_numbers(&get.await) }
    };
    assert_eq!(
        listed("code", number.to_lowercase()).await,
        std::slice::from_ref(&number),
        "by its number, in any case"
    );
    assert_eq!(listed("code", code.clone()).await, std::slice::from_ref(&number), "by its public code");
    assert!(!listed("from", "2026-03-22".into()).await.contains(&number), "reported before that");
    assert!(listed("to", "2026-03-21".into()).await.contains(&number));
    assert!(!listed("shared", "yes".into()).await.contains(&number), "not shared");
    assert!(listed("shared", "no".into()).await.contains(&number));
}

/// "Mijn werk": the reporting centre sees the demo's referral waiting (urgent, with its age)
/// and links it; COC sees what it referred and the outcome; the police see casework newly
/// shared in their chains and their actions; a municipality's viewer sees none of this.
async fn the_start_page_shows_each_group_its_own_work(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let start = |email: &'static str| {
        let (client, app) = (client.clone(), &app);
        async move {
            let cookie = cookie_of(app, &client, email).await;
            client.get(app.url("/")).header("cookie", cookie).send().await.unwrap().text().await.unwrap()
        }
    };
    let mdd = app.login_demo(crate::helpers::MDD, ketenaanpak::domain::role::Role::Caseworker).await;
    let inbox = "{ referrals(box: INBOX, status: SENT, first: 10) { edges { node { id urgency } } } }";
    let waiting = app.query(&mdd, inbox).await.data()["referrals"]["edges"].as_array().unwrap().clone();
    assert_eq!(waiting.len(), 1, "the demo has one referral waiting");
    let home = start("caseworker@mdd.example").await;
    assert!(home.contains("Doorverwijzingen die op u wachten") && home.contains("wacht al"), "{home}");
    assert!(home.contains(&format!("href=\"/referrals/{}\"", waiting[0]["node"]["id"].as_str().unwrap())));
    assert_eq!(waiting[0]["node"]["urgency"], "URGENT");
    assert!(home.contains("<strong class=\"urgent\">spoed</strong>"), "{home}");

    let coc = start("intake@coc-noord.example").await;
    assert!(coc.contains("Door uw organisatie doorverwezen") && coc.contains("Aangenomen"), "{coc}");

    let police = start("police_officer@politie-drenthe.example").await;
    assert!(police.contains("Nieuw gedeeld in uw ketens") && police.contains("Mijn acties"), "{police}");
    assert!(!police.contains("Door uw organisatie doorverwezen"), "the police referred nothing");
    let viewer = start("policy_viewer@assen.example").await;
    for part in ["Doorverwijzingen die op u wachten", "Mijn acties", "Nieuw gedeeld in uw ketens"] {
        assert!(!viewer.contains(part), "not the viewer's work: {part}");
    }
}

/// An action the chain agreed about a shared case shows on the owner's case page, with its
/// chain, due date and state; a case without actions says so.
async fn the_case_page_lists_the_actions_agreed_about_it(engine: Engine) {
    use ketenaanpak::domain::role::Role;
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let mdd = app.login_demo(crate::helpers::MDD, Role::Caseworker).await;
    let analyst = app.login_demo(crate::agendas::EDN, Role::Analyst).await;
    let (drenthe, members) = app.chain(&analyst, crate::cases::DRENTHE_CHAIN).await;
    let case = crate::agendas::share_new_case(&app, &mdd, &drenthe, "religion").await;
    let other = crate::agendas::share_new_case(&app, &mdd, &drenthe, "origin").await;
    let create = "mutation($input: CreateActionInput!) { createAction(input: $input) { id } }";
    let input = json!({ "input": { "chainId": drenthe, "caseId": case, "ownerOrganisationId": members[crate::helpers::MDD],
        "description": "Bemiddelingsgesprek met de verhuurder plannen", "dueOn": "2027-01-15" } });
    app.graphql(Some(&analyst), create, input).await.data();
    let cookie = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let page = |id: String| {
        let request = client.get(app.url(&format!("/cases/{id}"))).header("cookie", &cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let with_action = page(case).await;
    assert!(with_action.contains("Bemiddelingsgesprek met de verhuurder plannen"), "{with_action}");
    assert!(with_action.contains(crate::cases::DRENTHE_CHAIN) && with_action.contains("15 januari 2027"));
    let without = page(other).await;
    assert!(without.contains("geen acties over deze melding") && !without.contains("Bemiddelingsgesprek"));
}

/// The consents section lists every consent in force; the consent to contact the
/// counterparty and to pass to the police are recorded there (no other scope is), and each
/// withdrawal asks first, saying what it does. Withdrawing the consent to register erases the
/// identity, and after it no consent can be recorded.
async fn the_reporters_other_consents_are_recorded_and_withdrawn_on_the_case_page(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let mdd = app.login_demo(crate::helpers::MDD, ketenaanpak::domain::role::Role::Caseworker).await;
    let identity = crate::cases::identity("Kanarie Plmo", "Noorderzon");
    let case = crate::cases::create(&app, &mdd, crate::cases::case_input(identity, None)).await;
    let id = case["id"].as_str().unwrap().to_string();
    let cookie = cookie_of(&app, &client, "caseworker@mdd.example").await;
    let page = || {
        let request = client.get(app.url(&format!("/cases/{id}"))).header("cookie", &cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        client.post(app.url(&path)).header("cookie", &cookie).header("origin", app.address.clone()).form(&fields).send()
    };
    let first = page().await;
    assert!(first.contains("id=\"consents\"") && first.contains("Toestemming voor registratie intrekken"), "{first}");
    assert!(
        first.contains("<option value=\"contact_counterparty\">") && first.contains("<option value=\"police\">"),
        "{first}"
    );
    let token = form_token(&first);
    let other = |scope: &str| {
        vec![
            ("csrf", token.clone()),
            ("scope", scope.to_string()),
            ("method", "written".into()),
            ("given_on", "2026-03-25".into()),
        ]
    };
    let refused = post(format!("/cases/{id}/consents/other"), other("register")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("Kies waarvoor de melder toestemming gaf"));
    let recorded = post(format!("/cases/{id}/consents/other"), other("police")).await.unwrap();
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    assert!(recorded.headers()[LOCATION].to_str().unwrap().ends_with("#consents"));
    let after = page().await;
    assert!(
        after.contains("Toestemming voor doorgeven aan de politie intrekken")
            && after.contains("schriftelijk, woensdag 25 maart 2026")
            && !after.contains("<option value=\"police\">"),
        "recorded once, not offered again: {after}"
    );

    let consents = |kind: &'static str| {
        let query =
            "query($id: ID!) { case(id: $id) { ... on OwnCase { anonymous consents { id scope withdrawnAt } } } }";
        let answer = app.graphql(Some(&mdd), query, json!({ "id": id }));
        async move {
            let body = answer.await.body;
            let found =
                body["data"]["case"]["consents"].as_array().unwrap().iter().find(|c| c["scope"] == kind).cloned();
            (found.unwrap_or_default(), body["data"]["case"]["anonymous"].as_bool().unwrap())
        }
    };
    let (police, _) = consents("POLICE").await;
    assert!(police["withdrawnAt"].is_null(), "{police}");
    let withdraw = |consent: &str, confirmed: bool| {
        let mut fields = vec![("csrf", token.clone())];
        if confirmed {
            fields.push(("confirmed", "yes".into()));
        }
        post(format!("/cases/{id}/consents/{consent}/withdraw"), fields)
    };
    let police_id = police["id"].as_str().unwrap();
    let asked = withdraw(police_id, false).await.unwrap().text().await.unwrap();
    assert!(asked.contains("niet meer door aan de politie") && asked.contains("Ja, toestemming intrekken"), "{asked}");
    assert!(consents("POLICE").await.0["withdrawnAt"].is_null(), "asking withdraws nothing");
    let done = withdraw(police_id, true).await.unwrap();
    assert!(done.headers()[LOCATION].to_str().unwrap().ends_with("#consents"));
    assert!(!consents("POLICE").await.0["withdrawnAt"].is_null());

    let (drenthe, _) = app.chain(&mdd, crate::cases::DRENTHE_CHAIN).await;
    let share_consent = "mutation($case: ID!, $chain: ID!) { recordConsent(caseId: $case, input: { scope: SHARE_PSEUDONYMISED, chainId: $chain, method: WRITTEN, givenOn: \"2026-03-25\" }) { id } }";
    app.graphql(Some(&mdd), share_consent, json!({ "case": id, "chain": drenthe })).await.data();
    let twice = app.graphql(Some(&mdd), share_consent, json!({ "case": id, "chain": drenthe })).await;
    assert_eq!(twice.code(), "CONFLICT", "a consent in force is not recorded twice: {}", twice.body);
    let (register, anonymous) = consents("REGISTER").await;
    assert!(!anonymous, "the identity is there before");
    let asked = withdraw(register["id"].as_str().unwrap(), false).await.unwrap().text().await.unwrap();
    assert!(asked.contains("identiteitsgegevens van de melding worden gewist"), "{asked}");
    withdraw(register["id"].as_str().unwrap(), true).await.unwrap();
    let (register, anonymous) = consents("REGISTER").await;
    assert!(!register["withdrawnAt"].is_null() && anonymous, "withdrawn, and the identity erased");
    assert!(!consents("SHARE_PSEUDONYMISED").await.0["withdrawnAt"].is_null(), "every other consent ends with it");
    let share = "mutation($case: ID!, $chain: ID!) { shareCase(caseId: $case, chainId: $chain) { id } }";
    let reshared = app.graphql(Some(&mdd), share, json!({ "case": id, "chain": drenthe })).await;
    assert!(reshared.body["errors"].is_array(), "no share without consent: {}", reshared.body);
    let last = page().await;
    assert!(last.contains("Er geldt geen toestemming.") && !last.contains("Kanarie Plmo"), "{last}");
    assert!(!last.contains("/consents/other"), "nothing new rests on a withdrawn registration: {last}");
    let late = post(format!("/cases/{id}/consents/other"), other("contact_counterparty")).await.unwrap();
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(consents("CONTACT_COUNTERPARTY").await.0.is_null(), "and none was stored");
}
