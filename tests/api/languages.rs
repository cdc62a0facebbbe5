//! One language per answer: an error is said in the reader's language (Dutch by default,
//! English for a user whose language is `en`) in GraphQL and on pages, with the reason code
//! and the field beside it for clients; before anyone is signed in, `Accept-Language` decides.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use ketenaanpak::domain::user::Language;
use ketenaanpak::messages;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{answer, spawn, Engine, TestApp, MDD};
use crate::on_both_engines;

on_both_engines!(
    errors_are_said_in_the_readers_language,
    pages_say_errors_in_the_readers_language,
    unknown_addresses_get_the_not_found_page,
    a_refused_code_is_not_repeated_back,
    pages_are_in_the_readers_language_only,
    a_user_sets_their_own_language
);

const CREATE_USER: &str =
    "mutation($input: CreateUserInput!) { createUser(input: $input) { generatedPassword user { id } } }";
const CHANGE_PASSWORD: &str =
    "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }";
const MISSING_CASE: &str = "{ case(id: \"0b6f3a64-8f0e-4a4c-9a53-1f7f2f9b1c11\") { __typename } }";

/// A new case worker at MDD reading `language`; their e-mail address and password.
async fn reader(app: &TestApp, language: &str) -> (String, String) {
    let admin = app.login_demo(MDD, Role::OrgAdmin).await;
    let email = format!("reader.{}@mdd.example", language.to_lowercase());
    let input = json!({ "email": email, "displayName": "Lezer", "roles": ["CASEWORKER"], "language": language });
    let created = app.graphql(Some(&admin), CREATE_USER, json!({ "input": input })).await;
    let password = created.data()["createUser"]["generatedPassword"].as_str().unwrap().to_string();
    (email, password)
}

async fn errors_are_said_in_the_readers_language(engine: Engine) {
    let app = spawn(engine).await;
    for (language, not_found, too_short, other_language) in [
        ("EN", "Not found", "A password needs at least", "Niet gevonden"),
        ("NL", "Niet gevonden", "Een wachtwoord heeft minstens", "Not found"),
    ] {
        let (email, password) = reader(&app, language).await;
        let token = app.login(&email, &password).await;

        let missing = app.graphql(Some(&token), MISSING_CASE, json!({})).await;
        assert_eq!(missing.code(), "NOT_FOUND");
        assert_eq!(missing.message(), not_found, "{language}");
        assert_eq!(missing.body["errors"][0]["extensions"]["reason"], "not-found");

        let short = app.graphql(Some(&token), CHANGE_PASSWORD, json!({ "c": password, "n": "kort" })).await;
        assert_eq!(short.code(), "BAD_USER_INPUT");
        let extensions = &short.body["errors"][0]["extensions"];
        assert_eq!(extensions["field"], "password", "{}", short.body);
        assert_eq!(extensions["reason"], "password-too-short", "{}", short.body);
        assert!(short.message().starts_with(too_short), "{language}: {}", short.message());
        assert!(!short.message().contains(" / "), "one language: {}", short.message());
        assert!(!missing.message().contains(other_language));
    }

    // Anonymous: Dutch unless the request asks for English first.
    let batch = json!([{ "query": "{ __typename }" }]);
    let dutch = answer(app.client.post(app.url("/graphql")).json(&batch).send().await.unwrap()).await;
    assert_eq!(dutch.message(), "Gebundelde verzoeken worden niet aanvaard");
    assert_eq!(dutch.body["errors"][0]["extensions"]["reason"], "request-batched");
    let english = app.client.post(app.url("/graphql")).header("accept-language", "en-GB,en;q=0.9,nl;q=0.5");
    let english = answer(english.json(&batch).send().await.unwrap()).await;
    assert_eq!(english.message(), "Batched requests are not accepted");
}

async fn pages_say_errors_in_the_readers_language(engine: Engine) {
    let app = spawn(engine).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    let (email, password) = reader(&app, "EN").await;
    let sign_in = |password: &str| {
        client
            .post(app.url("/login"))
            .header("origin", app.address.clone())
            .header("accept-language", "en")
            .form(&[("email", email.as_str()), ("password", password), ("next", "/")])
            .send()
    };
    let wrong = sign_in("not the password").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let page = wrong.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Wrong e-mail address or password"), "{page}");
    assert!(!page.contains("Inloggen") && !page.contains("onjuist"), "English only: {page}");

    let signed_in = sign_in(&password).await.unwrap();
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    // No Accept-Language now: the user's own setting decides.
    let missing =
        client.get(app.url("/meetings/0b6f3a64-8f0e-4a4c-9a53-1f7f2f9b1c11/agenda")).header("cookie", &cookie);
    let missing = missing.send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let page = missing.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("<h1>Not found</h1>"), "{page}");
    assert!(!page.contains("Niet gevonden") && !page.contains("Uitloggen"), "English only: {page}");

    let dutch_form = client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(dutch_form.contains("<html lang=\"nl\">") && dutch_form.contains("Wachtwoord"), "{dutch_form}");
    assert!(!dutch_form.contains("Password"), "Dutch only: {dutch_form}");
}

/// An address the service does not know answers with the styled page, not an empty body.
async fn unknown_addresses_get_the_not_found_page(engine: Engine) {
    let app = spawn(engine).await;
    let dutch = app.client.get(app.url("/geen/pagina")).send().await.unwrap();
    assert_eq!(dutch.status(), StatusCode::NOT_FOUND);
    assert!(dutch.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = dutch.text().await.unwrap();
    assert!(page.contains("<h1>Niet gevonden</h1>") && page.contains("Deze pagina bestaat niet"), "{page}");
    assert!(!page.contains("Uitloggen"), "no sign-out for someone not signed in");
    let english = app.client.get(app.url("/no/page")).header("accept-language", "en").send().await.unwrap();
    let page = english.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("This page does not exist"), "{page}");
}

/// A code field can hold anything typed, a name included: the refusal names the field and the
/// reason, never the value.
async fn a_refused_code_is_not_repeated_back(engine: Engine) {
    let app = spawn(engine).await;
    let token = app.login_demo(MDD, Role::Caseworker).await;
    let mut input = crate::cases::case_input(serde_json::Value::Null, None);
    input["residenceMunicipality"] = json!("Jan Jansen, Dorpsstraat 1");
    let refused = app.graphql(Some(&token), crate::cases::CREATE, json!({ "input": input })).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    let extensions = &refused.body["errors"][0]["extensions"];
    assert_eq!(
        (extensions["field"].as_str(), extensions["reason"].as_str()),
        (Some("residenceMunicipality"), Some("code-unknown"))
    );
    assert!(!refused.body.to_string().contains("Jansen"), "{}", refused.body);
}

/// The catalogue's page texts of `language` that the other language words differently (and
/// long enough not to occur by chance): none of them may be on a page in the other language.
fn page_texts(language: Language, other: Language) -> Vec<String> {
    let prefixes =
        ["page-", "home-", "agenda-", "field-", "label-", "action-status-", "case-status-", "confidentiality-"];
    messages::ids(language)
        .into_iter()
        .filter(|id| prefixes.iter().any(|p| id.starts_with(p)))
        .map(|id| (messages::text(language, &id), messages::text(other, &id)))
        .filter(|(text, theirs)| text != theirs && text.chars().count() >= 5 && !text.contains('{'))
        .map(|(text, _)| text)
        .collect()
}

/// The start page and the agenda, for a Dutch and an English reader of one meeting: each sees
/// their own language and not a word of the other's.
async fn pages_are_in_the_readers_language_only(engine: Engine) {
    let app = spawn(engine).await;
    let chair = app.login_demo(crate::agendas::EDN, Role::Analyst).await;
    let today = local_date(app.clock.now());
    let meeting = crate::agendas::series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let topic = "mutation($m: ID!) { addAgendaTopic(meetingId: $m, title: \"Rondvraag\") }";
    app.graphql(Some(&chair), topic, json!({ "m": meeting })).await.data();
    for (setting, language, other, coming, chair_label) in [
        ("EN", Language::En, Language::Nl, "Coming meetings", "Chair:"),
        ("NL", Language::Nl, Language::En, "Komende overleggen", "Voorzitter:"),
    ] {
        let (email, password) = reader(&app, setting).await;
        let cookie = format!("ketenaanpak_session={}", app.login(&email, &password).await);
        let page = |path: String| {
            let cookie = cookie.clone();
            let request = app.client.get(app.url(&path)).header("cookie", cookie);
            // What the reader reads: the body, not the style sheet's class names.
            let body = |html: String| html.split_once("<body>").map(|(_, body)| body.to_owned()).unwrap_or(html);
            async move { body(request.send().await.unwrap().text().await.unwrap()) }
        };
        let start = page("/".into()).await;
        let agenda_path = format!("/meetings/{meeting}/agenda");
        assert!(start.contains(coming) && start.contains(&agenda_path), "{setting}: {start}");
        let agenda = page(agenda_path).await;
        assert!(agenda.contains(chair_label), "{setting}: {agenda}");
        assert!(agenda.contains(&messages::text(language, "agenda-kind-topic")), "{setting}: {agenda}");
        let foreign_texts = page_texts(other, language);
        assert!(foreign_texts.len() > 30, "the catalogue holds the page texts: {foreign_texts:?}");
        for foreign in foreign_texts {
            assert!(!start.contains(&foreign), "{setting} start page says {foreign:?}");
            assert!(!agenda.contains(&foreign), "{setting} agenda says {foreign:?}");
        }
    }
}

/// A user sets their own language through GraphQL; the next answer is in it.
async fn a_user_sets_their_own_language(engine: Engine) {
    let app = spawn(engine).await;
    let (email, password) = reader(&app, "NL").await;
    let token = app.login(&email, &password).await;
    assert_eq!(app.graphql(Some(&token), MISSING_CASE, json!({})).await.message(), "Niet gevonden");
    let set = "mutation { setLanguage(language: EN) { language } }";
    assert_eq!(app.query(&token, set).await.data()["setLanguage"]["language"], "EN");
    assert_eq!(app.graphql(Some(&token), MISSING_CASE, json!({})).await.message(), "Not found");
}
