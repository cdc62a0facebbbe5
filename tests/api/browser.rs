//! The web pages in a real browser (headless Chromium): signing in through the form, the
//! printable agenda with only what every invited organisation may see, its print stylesheet,
//! and the monthly overview.

use chrono::Duration;
use ketenaanpak::clock::Clock;
use ketenaanpak::demo::DEMO_PASSWORD;
use ketenaanpak::domain::calendar::local_date;
use ketenaanpak::domain::role::Role;
use serde_json::json;

use crate::agendas::{agenda, series_on, shared_ids, DRENTHE, EDN, THEME};
use crate::helpers::{mail_to, spawn, spawn_with, Engine, SmtpServer, TestApp, COC, MDD};
use crate::on_both_engines;
use crate::webdriver::Browser;

on_both_engines!(
    a_member_signs_in_and_prints_the_agenda,
    a_caseworker_registers_reports_in_the_browser,
    coc_refers_an_intake_and_the_reporting_centre_takes_it_on,
    the_police_find_shared_casework_and_its_pattern,
    a_report_is_registered_with_the_keyboard_only,
    the_police_update_an_action_from_my_actions,
    the_chair_prepares_and_minutes_meetings_in_the_browser,
);

/// Opens `path`, is sent to the login form, signs in and comes back to `path`.
pub(crate) async fn sign_in(browser: &Browser, app: &TestApp, path: &str, email: &str) {
    browser.open(&app.url(path)).await;
    assert!(browser.url().await.contains("/login?next="), "a page needs a session first");
    browser.assert_accessible("the login form").await;
    browser.type_into("#email", email).await;
    browser.type_into("#password", DEMO_PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for_url(|url| url.ends_with(path)).await;
}

async fn a_member_signs_in_and_prints_the_agenda(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    let today = local_date(app.clock.now());
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let meeting = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    // The test's own landlord, four reports from three organisations, and an antisemitic
    // incident shared this month for the overview.
    let (drenthe, _) = app.chain(&chair, DRENTHE).await;
    crate::agendas::own_pattern(&app, &drenthe).await;
    crate::agendas::another_report(&app, &drenthe).await;
    crate::agendas::share_new_case(&app, &app.login_demo(MDD, Role::Caseworker).await, &drenthe, "antisemitism").await;
    let compile = "mutation($m: ID!) { compileAgenda(meetingId: $m) { id } }";
    app.graphql(Some(&chair), compile, json!({ "m": meeting })).await.data();
    let topic = "mutation($m: ID!) { addAgendaTopic(meetingId: $m, title: \"Rondvraag <b>en</b> sluiting\") }";
    app.graphql(Some(&chair), topic, json!({ "m": meeting })).await.data();
    let items = agenda(&app, &chair, &meeting).await;
    let coc = app.login_demo(COC, Role::Intake).await;
    let (theme, _) = app.chain(&coc, THEME).await;
    crate::agendas::share_new_case(&app, &coc, &theme, "sexual_orientation").await;
    let theme_only = shared_ids(&app, &coc, &theme).await;

    // A police officer of a member organisation signs in through the form.
    let path = format!("/meetings/{meeting}/agenda");
    sign_in(&browser, &app, &path, "police_officer@politie-drenthe.example").await;
    assert_eq!(browser.script("return document.cookie").await, "", "the session cookie is HttpOnly");
    let listed = browser.script("return document.querySelectorAll('ol.agenda > li').length").await;
    assert_eq!(listed, json!(items.len()));
    let text = browser.script("return document.body.innerText").await.as_str().unwrap().to_string();
    assert!(text.contains("Casuïstiekoverleg Drenthe") && text.contains("Vertrouwelijk"), "{text}");
    for item in items.iter().filter(|i| i["case"].is_object()) {
        assert!(text.contains(item["case"]["publicId"].as_str().unwrap()), "each case by its public id");
    }
    assert!(text.contains("Wederpartij in 4 meldingen van 3 organisaties"), "{text}");
    assert!(text.contains("Rondvraag <b>en</b> sluiting"), "shown as text, not markup");
    browser.assert_accessible("the agenda").await;
    for theme_case in &theme_only {
        let public = app
            .graphql(
                Some(&coc),
                "query($id: ID!) { case(id: $id) { ... on SharedCase { publicId } ... on OwnCase { publicId } } }",
                json!({ "id": theme_case }),
            )
            .await;
        let public = public.data()["case"]["publicId"].as_str().unwrap().to_string();
        assert!(!text.contains(&public), "a case of another chain is never on this agenda");
    }
    for secret in ["Miriam Levi", "Woonstede", "MDD-20"] {
        assert!(!text.contains(secret), "no identity and no own case numbers: {secret}");
    }

    // Printing: the site header goes, the confidentiality statement stays, A4 pages come out.
    let header = "return getComputedStyle(document.querySelector('header.site')).display";
    assert_ne!(browser.script(header).await, "none");
    browser.emulate_print(true).await;
    assert_eq!(browser.script(header).await, "none");
    assert_ne!(
        browser.script("return getComputedStyle(document.querySelector('.confidential')).display").await,
        "none"
    );
    let pdf = browser.print_pdf().await;
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 5_000, "{} bytes", pdf.len());
    browser.emulate_print(false).await;

    // Signing out ends the session; someone outside the chain gets "not found".
    browser.sign_out().await;
    browser.wait_for_url(|url| url.ends_with("/login")).await;
    browser.open(&app.url(&path)).await;
    assert!(browser.url().await.contains("/login?next="), "signed out: the session is gone");
    sign_in(&browser, &app, &path, "intake@coc-noord.example").await;
    let text = browser.script("return document.body.innerText").await.as_str().unwrap().to_string();
    assert!(text.contains("Niet gevonden"), "{text}");
    browser.assert_accessible("the not-found page").await;
    assert!(!text.contains("Casuïstiekoverleg Drenthe"));

    // Signing in without a destination: the start page lists the coming meeting. A wrong
    // password first: the form says so and keeps the address typed.
    browser.sign_out().await;
    browser.wait_for_url(|url| url.ends_with("/login")).await;
    browser.type_into("#email", "caseworker@mdd.example").await;
    browser.type_into("#password", "niet het wachtwoord").await;
    browser.click("button[type=submit]").await;
    let refused = "return document.querySelector('p.error') !== null";
    for _ in 0..50 {
        if browser.script(refused).await == json!(true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(browser.script(refused).await, json!(true), "the refusal is on the page");
    let kept = "return document.querySelector('#email').value";
    assert_eq!(browser.script(kept).await, json!("caseworker@mdd.example"), "what was typed stays");
    browser.assert_accessible("the login form with an error").await;
    browser.open(&app.url("/login")).await;
    browser.type_into("#email", "caseworker@mdd.example").await;
    browser.type_into("#password", DEMO_PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for_url(|url| url.ends_with('/')).await;
    let start =
        browser.script("return [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))").await;
    assert!(start.as_array().unwrap().contains(&json!(path)), "the start page links the agenda: {start}");
    browser.assert_accessible("the start page").await;

    // The analyst's monthly overview.
    browser.sign_out().await;
    browser.wait_for_url(|url| url.ends_with("/login")).await;
    let month = today.format("%Y-%m").to_string();
    sign_in(&browser, &app, &format!("/overviews/{month}"), "analyst@edn.example").await;
    let text = browser.script("return document.body.innerText").await.as_str().unwrap().to_string();
    // The month written out, as in "december 2026".
    let written = ketenaanpak::domain::calendar::dutch_date(today);
    let written: Vec<&str> = written.rsplitn(3, ' ').collect();
    let written = format!("{} {}", written[1], written[0]);
    assert!(text.contains("Maandoverzicht") && text.contains(&written), "{written}: {text}");
    assert!(text.contains("Antisemitisme"), "grounds by their Dutch names: {text}");
    browser.assert_accessible("the monthly overview").await;
}

/// Waits (up to five seconds) until the page's text holds `expected`; the text then.
pub(crate) async fn wait_for_text(browser: &Browser, expected: &str) -> String {
    for _ in 0..50 {
        let text = browser.text().await;
        if text.contains(expected) {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page never said {expected:?}: {}", browser.text().await)
}

/// Waits (up to five seconds) until a loaded page has no element matching `css`: the click
/// that removes it has navigated, and the next step reads the new page, not the old one.
pub(crate) async fn wait_until_gone(browser: &Browser, css: &str) {
    let check = format!("return document.readyState === 'complete' && !document.querySelector({css:?})");
    for _ in 0..50 {
        if browser.script(&check).await == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page still has {css}: {}", browser.text().await)
}

/// The registration fields every report needs, picked as a user picks them.
async fn fill_registration(browser: &Browser) {
    browser.click("#ground-religion").await;
    browser.click("#domain option[value='housing']").await;
    browser.click("#manifestation-remarks").await;
    browser.click("#channel option[value='phone']").await;
    browser.click("#handling option[value='advice']").await;
    browser.click("#residenceMunicipality option[value='GM0106']").await;
    browser.click("#consentMethod option[value='verbal']").await;
}

/// The MDD case worker registers an anonymous report: a summary that names a phone number
/// and an e-mail address comes back with both findings and the text kept; corrected, the
/// report is registered and its page shows it. Then a report with a reporter, whose
/// identity shows only after "Toon identiteit", audited, never in an address.
async fn a_caseworker_registers_reports_in_the_browser(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    sign_in(&browser, &app, "/cases/new", "caseworker@mdd.example").await;
    browser.assert_accessible("the empty registration form").await;
    let labels = browser.text().await;
    assert!(labels.contains("Wettelijke gronden") && labels.contains("Godsdienst"), "grounds by their labels");
    assert!(!labels.contains("religion") && !labels.contains("GM0106"), "never codes");

    fill_registration(&browser).await;
    browser.click("#anonymous-yes").await;
    let leaky = "Melder belde vanaf 06-12345678 en mailde vanaf melder@voorbeeld.nl over de buurman.";
    browser.type_into("#sharedSummary", leaky).await;
    browser.click("button.primary").await;
    let refused = wait_for_text(&browser, "Er is een probleem").await;
    assert!(refused.contains("telefoonnummer") && refused.contains("e-mailadres"), "both findings: {refused}");
    assert_eq!(browser.script("return document.querySelector('#sharedSummary').value").await, json!(leaky));
    assert_eq!(browser.script("return document.querySelector('#ground-religion').checked").await, json!(true));
    assert_eq!(browser.script("return document.querySelector('#anonymous-yes').checked").await, json!(true));
    browser.assert_accessible("the registration form with an error").await;

    browser.clear("#sharedSummary").await;
    browser.type_into("#sharedSummary", "Huurder kreeg opmerkingen over zijn geloof.").await;
    browser.click("button.primary").await;
    browser.wait_for_url(|url| url.contains("/cases/") && !url.ends_with("/new")).await;
    let case = wait_for_text(&browser, "Anonieme melding").await;
    assert!(case.contains("Melding MDD-") && case.contains("Godsdienst") && case.contains("Assen"), "{case}");
    browser.assert_accessible("an anonymous case").await;

    // Shared with the Drenthe chain: first the reporter's consent for it, then the share.
    assert!(case.contains("Geen toestemming om te delen"), "{case}");
    browser.click("form[action$='/consents'] button").await;
    let consented = wait_for_text(&browser, "Toestemming gegeven, niet gedeeld").await;
    assert!(consented.contains("Delen met"), "{consented}");
    browser.click("form[action$='/shares'] button").await;
    let shared = wait_for_text(&browser, "Gedeeld sinds").await;
    assert!(shared.contains("Niet meer delen met"), "{shared}");
    browser.assert_accessible("a case shared with a chain").await;

    // The reporter withdraws: the page says what that does first, then the share ends.
    browser.click("section[aria-labelledby='sharing'] form[action$='/withdraw'] button").await;
    let asked = wait_for_text(&browser, "Ja, toestemming intrekken").await;
    assert!(asked.contains("Het delen met deze keten stopt"), "{asked}");
    browser.assert_accessible("the withdrawal's confirmation").await;
    browser.click("button.primary").await;
    let ended = wait_for_text(&browser, "Geen toestemming om te delen").await;
    assert!(!ended.contains("Gedeeld sinds"), "the share ended: {ended}");
    let number = browser.script("return document.querySelector('h1').innerText.replace('Melding ', '')").await;
    browser.click("nav a[href='/cases']").await;
    let list = wait_for_text(&browser, number.as_str().unwrap()).await;
    assert!(list.contains("Godsdienst"), "{list}");
    browser.assert_accessible("the list of own cases").await;

    browser.open(&app.url("/cases/new")).await;
    fill_registration(&browser).await;
    browser.type_into("#identity-reporter-name", "Kanarie Qzxw").await;
    browser.type_into("#identity-reporter-phone", "06-13579246").await;
    browser.click("button.primary").await;
    browser.wait_for_url(|url| url.contains("/cases/") && !url.ends_with("/new")).await;
    let address = browser.url().await;
    let hidden = wait_for_text(&browser, "Toon identiteit").await;
    assert!(!hidden.contains("Kanarie"), "hidden until asked: {hidden}");
    browser.click("form[action$='/identity'] button").await;
    let shown = wait_for_text(&browser, "Kanarie Qzxw").await;
    assert!(shown.contains("vastgelegd in het auditlogboek") && shown.contains("06-13579246"), "{shown}");
    browser.assert_accessible("a case with its identity shown").await;
    let now = browser.url().await;
    assert!(!now.contains("Kanarie") && !address.contains("Kanarie"), "never in an address: {now}");

    // The opening is in the trail, by the case worker.
    let case_id = address.rsplit('/').next().unwrap().to_string();
    let officer = app.login_demo(MDD, Role::PrivacyOfficer).await;
    let events = app.query(&officer, "{ auditEvents(first: 200) { events { action objectId } } }").await;
    let opened = events.data()["auditEvents"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "identity_read" && e["objectId"] == case_id.as_str())
        .count();
    assert_eq!(opened, 1, "one opening, one event");
}

/// Selects the option of `select` whose text is `label`, as a user picks it from the list.
pub(crate) async fn choose(browser: &Browser, select: &str, label: &str) {
    let script = format!(
        "const s = document.querySelector({select:?}); const o = [...s.options].find(o => o.text === {label:?}); o.selected = true; return s.value"
    );
    assert_ne!(browser.script(&script).await, json!(""), "{label} is offered in {select}");
}

/// COC refers a new intake with an attachment; the reporting centre's case worker follows
/// the mail's link, opens the dossier (audited), downloads the attachment, is refused a
/// reason that names a phone number, accepts and lands on the new case; COC sees the outcome.
/// No address visited holds the reporter's name.
async fn coc_refers_an_intake_and_the_reporting_centre_takes_it_on(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let Some(smtp) = SmtpServer::start().await else { return };
    let app = spawn_with(engine, |c| smtp.configure(c)).await;
    let mut visited = Vec::new();
    sign_in(&browser, &app, "/referrals/new", "intake@coc-noord.example").await;
    browser.assert_accessible("the empty intake form").await;
    fill_registration(&browser).await;
    browser.type_into("#identity-reporter-name", "Kanarie Vbnm").await;
    browser.click("#urgency-urgent").await;
    browser.click("button.primary").await;
    let refused = wait_for_text(&browser, "Er is een probleem").await;
    assert!(refused.contains("Kies een ontvanger"), "{refused}");
    assert_eq!(
        browser.script("return document.querySelector('#identity-reporter-name').value").await,
        json!("Kanarie Vbnm")
    );
    browser.assert_accessible("the intake form without a receiver").await;
    choose(&browser, "#receiver", MDD).await;
    browser.click("button.primary").await;
    let draft = wait_for_text(&browser, "Concept").await;
    assert!(draft.contains(MDD) && draft.contains("spoed") && !draft.contains("Kanarie"), "{draft}");
    let referral = browser.url().await;
    let referral = referral[referral.find("/referrals/").unwrap()..].to_string();
    visited.push(browser.url().await);
    browser.assert_accessible("a draft referral").await;

    let attachment = app.data_dir.join("verslag-intake.txt");
    std::fs::write(&attachment, "Verslag van het intakegesprek.").unwrap();
    browser.type_into("#file", attachment.to_str().unwrap()).await;
    browser.click("form[action$='/files'] button").await;
    wait_for_text(&browser, "versleuteld toegevoegd").await;
    visited.push(browser.url().await);
    browser.click("form[action$='/submit'] button").await;
    // The draft's page says "Verstuurd op" too: wait for the sent page itself.
    wait_until_gone(&browser, "form[action$='/submit']").await;
    let sent = wait_for_text(&browser, "Verstuurd").await;
    assert!(sent.contains("Doorverwijzing intrekken"), "the sender may withdraw until it is opened: {sent}");
    browser.sign_out().await;

    // The mail's link, followed by the receiver, who signs in on the way.
    let mdd_workers = app.people_with_roles(MDD, &TestApp::CASE_WORK).await;
    let mails = smtp.wait_for_matching(|m| m.contains(&referral), mdd_workers.len()).await;
    let mail = mails.iter().find(|m| mail_to(m) == "caseworker@mdd.example").expect("the case worker's mail");
    let at = mail.find("/referrals/").expect("a link in the mail");
    let link: String = mail[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/-".contains(*c)).collect();
    sign_in(&browser, &app, &link, "caseworker@mdd.example").await;
    let waiting = wait_for_text(&browser, "Dossier openen").await;
    assert!(waiting.contains(COC) && !waiting.contains("Kanarie"), "closed until opened: {waiting}");
    browser.assert_accessible("a referral waiting to be opened").await;
    browser.click("form[action$='/open'] button").await;
    let opened = wait_for_text(&browser, "Kanarie Vbnm").await;
    assert!(opened.contains("Godsdienst") && opened.contains("verslag-intake.txt downloaden"), "{opened}");
    browser.assert_accessible("an opened referral").await;
    visited.push(browser.url().await);
    // The page allows no script to fetch, so the download goes with the browser's session.
    let href = browser.script("return document.querySelector('a[download]').href").await;
    let session = browser.cookie("ketenaanpak_session").await;
    let download = app.client.get(href.as_str().unwrap()).header("cookie", session).send().await.unwrap();
    assert!(download.headers()["content-disposition"].to_str().unwrap().contains("verslag-intake.txt"));
    assert_eq!(download.text().await.unwrap(), "Verslag van het intakegesprek.");

    browser.type_into("#reason", "Bel de melder op 06-12345678.").await;
    browser.click("form[action$='/decline'] button").await;
    let refused = wait_for_text(&browser, "telefoonnummer").await;
    assert_eq!(
        browser.script("return document.querySelector('#reason').value").await,
        json!("Bel de melder op 06-12345678.")
    );
    assert!(refused.contains("Aannemen"), "still to decide: {refused}");
    browser.assert_accessible("a decline reason refused").await;
    browser.click("form[action$='/accept'] button").await;
    browser.wait_for_url(|url| url.contains("/cases/")).await;
    let case = wait_for_text(&browser, "Melding MDD-").await;
    assert!(case.contains("Toon identiteit") && !case.contains("Kanarie"), "{case}");
    visited.push(browser.url().await);
    browser.sign_out().await;

    sign_in(&browser, &app, "/referrals?folder=outbox", "intake@coc-noord.example").await;
    let outbox = wait_for_text(&browser, "Verstuurde doorverwijzingen").await;
    assert!(outbox.contains("Aangenomen") && outbox.contains(MDD), "{outbox}");
    browser.assert_accessible("the outbox with an outcome").await;
    visited.push(browser.url().await);
    for address in &visited {
        assert!(!address.contains("Kanarie") && !address.contains("Vbnm"), "never in an address: {address}");
    }
}

/// A police officer filters the chain's casework, opens a partner's case (pseudonymised: no
/// identity, no button for it) and its counterparty's pattern, which counts the partners'
/// reports only.
async fn the_police_find_shared_casework_and_its_pattern(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let (drenthe, _) = app.chain(&chair, DRENTHE).await;
    crate::agendas::own_pattern(&app, &drenthe).await;
    let mdd_case = crate::agendas::another_report(&app, &drenthe).await;

    sign_in(&browser, &app, "/casework", "police_officer@politie-drenthe.example").await;
    browser.assert_accessible("the chain casework").await;
    browser.script("document.querySelector('#ground').value = 'anti_muslim'; document.querySelector('#month').value = '2026-03'; return 0").await;
    browser.click("form.filters button").await;
    browser.wait_for_url(|url| url.contains("month=2026-03")).await;
    let listed = wait_for_text(&browser, &mdd_case).await;
    assert!(listed.contains("maart 2026") && !listed.contains("Sanne"), "{listed}");
    browser.assert_accessible("the chain casework, filtered").await;
    let click =
        format!("[...document.querySelectorAll('td a')].find(a => a.innerText === {mdd_case:?}).click(); return 0");
    browser.script(&click).await;
    let case = wait_for_text(&browser, &format!("Melding {mdd_case}")).await;
    assert!(!case.contains("Toon identiteit") && !case.contains("Sanne") && !case.contains("Zonnehof"), "{case}");
    browser.assert_accessible("a partner's case").await;
    browser.click("a[href*='/pattern/']").await;
    wait_for_text(&browser, "Pseudoniem in deze keten").await;
    let counts = browser.script("return [...document.querySelectorAll('dl.facts dd')].map(d => d.innerText)").await;
    assert_eq!(counts[1], json!("3"), "MDD's two reports and MDE's; the police's own not counted: {counts}");
    assert_eq!(counts[2], json!("2"));
    browser.assert_accessible("a counterparty's pattern").await;
    assert!(!browser.url().await.contains(counts[0].as_str().unwrap()), "the pseudonym is not in the address");
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// Tabs on (at most 150 times) until the control `id` has the focus.
async fn tab_to(browser: &Browser, id: &str) {
    for _ in 0..150 {
        if browser.focused().await == id {
            return;
        }
        browser.press(TAB).await;
    }
    panic!("the keyboard never reached #{id}");
}

/// Signing in and registering a report with the keyboard alone: every control is reached by
/// Tab in the page's order and worked by typing, a space or Enter; no click, no script.
async fn a_report_is_registered_with_the_keyboard_only(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    browser.open(&app.url("/cases/new")).await;
    browser.wait_for_url(|url| url.contains("/login?next=")).await;
    tab_to(&browser, "email").await;
    browser.press("caseworker@mdd.example").await;
    tab_to(&browser, "password").await;
    browser.press(DEMO_PASSWORD).await;
    browser.press(ENTER).await;
    browser.wait_for_url(|url| url.ends_with("/cases/new")).await;
    // The skip link comes first and leads past the navigation.
    browser.press(TAB).await;
    assert_eq!(browser.script("return document.activeElement.getAttribute('href')").await, json!("#main"));
    for (control, keys) in [
        ("ground-religion", " "),
        ("domain", "Wonen"),
        ("manifestation-remarks", " "),
        ("channel", "Telefoon"),
        ("handling", "Advies"),
        ("residenceMunicipality", "Assen"),
        ("identity-reporter-name", "Kanarie Qzxw"),
        ("consentMethod", "mondeling"),
    ] {
        tab_to(&browser, control).await;
        browser.press(keys).await;
    }
    let chosen = "return ['domain', 'channel', 'handling', 'residenceMunicipality', 'consentMethod'].map(id => document.getElementById(id).value)";
    assert_eq!(browser.script(chosen).await, json!(["housing", "phone", "advice", "GM0106", "verbal"]));
    let submit = "return document.activeElement.tagName + ' ' + document.activeElement.className";
    for _ in 0..40 {
        if browser.script(submit).await == json!("BUTTON primary") {
            break;
        }
        browser.press(TAB).await;
    }
    assert_eq!(browser.script(submit).await, json!("BUTTON primary"), "the submit button is reached");
    browser.press(ENTER).await;
    browser.wait_for_url(|url| url.contains("/cases/") && !url.ends_with("/new")).await;
    let case = wait_for_text(&browser, "Melding MDD-").await;
    assert!(case.contains("Godsdienst") && case.contains("Toon identiteit"), "{case}");
}

/// The police officer opens "Mijn acties", follows an action, sees the note refused for a
/// phone number with the text kept, marks it done, and finds it done in the chain's list.
async fn the_police_update_an_action_from_my_actions(engine: Engine) {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    let description = "Wijkagent laten langsgaan bij het buurthuis";
    crate::action_pages::action_for(&app, crate::helpers::POLICE, description).await;

    sign_in(&browser, &app, "/actions/mine", "police_officer@politie-drenthe.example").await;
    wait_for_text(&browser, description).await;
    browser.assert_accessible("my actions").await;
    let click =
        format!("[...document.querySelectorAll('td a')].find(a => a.innerText === {description:?}).click(); return 0");
    browser.script(&click).await;
    browser.wait_for_url(|url| url.contains("/actions/") && !url.ends_with("/mine")).await;
    wait_for_text(&browser, "Actie bijwerken").await;
    browser.assert_accessible("an action of one's own").await;

    choose(&browser, "#status", "gedaan").await;
    let leaky = "Beheerder gebeld op 06-12345678.";
    browser.type_into("#note", leaky).await;
    browser.click("button.primary").await;
    let refused = wait_for_text(&browser, "Er is een probleem").await;
    assert!(refused.contains("telefoonnummer"), "{refused}");
    assert_eq!(browser.script("return document.querySelector('#note').value").await, json!(leaky));
    browser.assert_accessible("an action's update with an error").await;

    browser.clear("#note").await;
    browser.type_into("#note", "Gesprek gevoerd met het bestuur van het buurthuis.").await;
    choose(&browser, "#status", "gedaan").await;
    browser.click("button.primary").await;
    let done = wait_for_text(&browser, "Gesprek gevoerd met het bestuur").await;
    assert!(!done.contains("Er is een probleem"), "{done}");

    browser.open(&app.url("/actions?status=done")).await;
    let listed = wait_for_text(&browser, description).await;
    assert!(listed.contains("gedaan"), "{listed}");
    browser.assert_accessible("the chain's actions, filtered").await;
}

/// The chair (the expertise centre's analyst) finds the next meeting in "Overleggen",
/// compiles its agenda, adds a topic and moves it up; then takes the minutes of a meeting
/// held three weeks ago: attendance, a note per item (refused first for a phone number), an
/// action for the police, approval; the printed agenda then carries the note. Every page
/// and state is checked with axe-core.
async fn the_chair_prepares_and_minutes_meetings_in_the_browser(engine: Engine) {
    use ketenaanpak::service::meetings::held::HeldItem;
    let Some(browser) = Browser::start().await else { return };
    let app = spawn(engine).await;
    let today = local_date(app.clock.now());
    let chair = app.login_demo(EDN, Role::Analyst).await;
    let next = series_on(&app, &chair, &[today + Duration::days(10)]).await.remove(0);
    let (drenthe, _) = app.chain(&chair, DRENTHE).await;
    crate::agendas::share_new_case(&app, &app.login_demo(MDD, Role::Caseworker).await, &drenthe, "religion").await;
    let series = app.query(&chair, "{ meetingSeries { id } }").await.data()["meetingSeries"][0]["id"].clone();
    let actor = app.services.authenticate(&chair).await.unwrap();
    let topics = vec![HeldItem::Topic("Kennismaking".into())];
    let series = series.as_str().unwrap().parse().unwrap();
    let held = app.services.record_held_meeting(&actor, series, today - Duration::days(21), topics).await.unwrap().id;

    sign_in(&browser, &app, "/meetings", "analyst@edn.example").await;
    wait_for_text(&browser, "Komende overleggen").await;
    browser.assert_accessible("the meetings list").await;
    browser.click(&format!("a[href='/meetings/{next}/prepare']")).await;
    wait_for_text(&browser, "Agenda voorbereiden").await;
    browser.assert_accessible("the chair's agenda, empty").await;
    browser.click("form[action$='/prepare/compile'] button").await;
    wait_for_text(&browser, "Nieuw gedeelde melding").await;
    browser.type_into("#topic-title", "Rondvraag").await;
    browser.click("form[action$='/prepare/topics'] button").await;
    wait_for_text(&browser, "Rondvraag").await;
    browser.assert_accessible("the chair's agenda with items").await;
    let last_up = "[...document.querySelectorAll('form[action$=\"/prepare/move\"] button')].filter(b => b.innerText.endsWith('omhoog')).pop().click(); return 0";
    browser.script(last_up).await;
    // The topic came last; one place up it is last but one.
    let place = "const rows = [...document.querySelectorAll('tbody tr td:nth-child(3)')].map(t => t.innerText); return rows.length - 1 - rows.indexOf('Rondvraag')";
    let mut from_the_end = json!(0);
    for _ in 0..50 {
        from_the_end = browser.script(place).await;
        if from_the_end == json!(1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(from_the_end, json!(1), "moved one place up");

    browser.open(&app.url(&format!("/meetings/{held}/minutes"))).await;
    wait_for_text(&browser, "Verslag per agendapunt").await;
    browser.assert_accessible("the minutes, empty").await;
    browser
        .script(
            "document.querySelectorAll('input[type=radio][value=present]').forEach(r => r.checked = true); return 0",
        )
        .await;
    submit_and_reload(&browser, "form[action$='/minutes/attendance'] button").await;
    browser.type_into("textarea[id^='notes-']", "Voorstelronde, met 06-12345678 erbij.").await;
    browser.click("form[action$='/minutes/items'] button").await;
    let refused = wait_for_text(&browser, "Er is een probleem").await;
    assert!(refused.contains("telefoonnummer"), "{refused}");
    browser.assert_accessible("the minutes with an error").await;
    browser.clear("textarea[id^='notes-']").await;
    browser.type_into("textarea[id^='notes-']", "Voorstelronde gehouden.").await;
    submit_and_reload(&browser, "form[action$='/minutes/items'] button").await;
    browser.type_into("#action-description", "Terugkoppeling geven aan de keten").await;
    choose(&browser, "#action-owner", crate::helpers::POLICE).await;
    browser
        .script(&format!("document.querySelector('#action-due').value = '{}'; return 0", today + Duration::days(30)))
        .await;
    submit_and_reload(&browser, "form[action$='/minutes/actions'] button").await;
    browser.click("form[action$='/minutes/approve'] button").await;
    wait_for_text(&browser, "Vastgesteld op").await;
    let notes = browser.script("return document.querySelector(\"textarea[id^='notes-']\").value").await;
    assert_eq!(notes, json!("Voorstelronde gehouden."));
    browser.assert_accessible("the approved minutes").await;
    browser.open(&app.url(&format!("/meetings/{held}/agenda"))).await;
    wait_for_text(&browser, "Voorstelronde gehouden.").await;
    browser.open(&app.url(&format!("/meetings/{held}/minutes/print"))).await;
    wait_for_text(&browser, "Afgesproken acties").await;
    browser.assert_accessible("the printable minutes").await;
}

/// Clicks a form's button and waits until the page it posted to has replaced this one, also
/// when it redirects back to the same address.
async fn submit_and_reload(browser: &Browser, button: &str) {
    browser.script("window.__before = true; return 0").await;
    browser.click(button).await;
    for _ in 0..50 {
        if browser.script("return window.__before === undefined").await == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page did not reload after {button}");
}
