//! Demo cases, so a newcomer sees the product work: shared and unshared, anonymous and not,
//! and one landlord reported by three organisations. Registered through the same service
//! calls a case worker makes, as the demo case workers.

use chrono::{Duration, NaiveDate};

use crate::clock::ManualClock;
use crate::demo::SignedIn;
use crate::domain::actor::Actor;
use crate::domain::case::{CaseStatus, CounterpartyKind, Registration};
use crate::domain::chain::Chain;
use crate::domain::consent::{ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::identity::{Counterparty, IdentityBlock, Reporter};
use crate::domain::referral::Urgency;
use crate::service::casework::cases::NewCase;
use crate::service::referrals::send::{NewReferral, ReferralSource};
use crate::service::{ServiceResult, Services};
use crate::store::sql::PageRequest;

struct DemoCase {
    by: &'static str,
    grounds: &'static [&'static str],
    domain: &'static str,
    manifestations: &'static [&'static str],
    channel: &'static str,
    handling: &'static str,
    residence: Option<&'static str>,
    incident: Option<&'static str>,
    days_ago: i64,
    police_number: Option<&'static str>,
    summary: Option<&'static str>,
    /// Reporter's name and counterparty; `None` for an anonymous report.
    identity: Option<(&'static str, CounterpartyKind, &'static str)>,
    share_with: &'static [&'static str],
}

const DRENTHE: &str = "Casuïstiekoverleg Drenthe";
const THEME: &str = "Noordelijk overleg homofoob geweld";

const CASES: [DemoCase; 6] = [
    DemoCase {
        by: "caseworker@mdd.example",
        grounds: &["antisemitism"],
        domain: "housing",
        manifestations: &["remarks", "threat"],
        channel: "phone",
        handling: "mediation",
        residence: Some("GM0106"),
        incident: Some("GM0106"),
        days_ago: 40,
        police_number: None,
        summary: Some("Huurder kreeg na klacht over onderhoud antisemitische opmerkingen van een medewerker van de verhuurder, met een dreigende toon. Bemiddeling loopt."),
        identity: Some(("Miriam Levi", CounterpartyKind::Organisation, "Woonstede B.V.")),
        share_with: &[DRENTHE],
    },
    DemoCase {
        by: "caseworker@mde.example",
        grounds: &["origin"],
        domain: "housing",
        manifestations: &["unequal_treatment"],
        channel: "web_form",
        handling: "own_investigation",
        residence: Some("GM0114"),
        incident: Some("GM0114"),
        days_ago: 25,
        police_number: None,
        summary: Some("Woningzoekende met een niet-westerse achternaam kreeg geen bezichtiging; met een andere naam wel. Praktijktest gestart."),
        identity: Some(("Yusuf Demir", CounterpartyKind::Organisation, "woonstede")),
        share_with: &[DRENTHE],
    },
    DemoCase {
        by: "police_officer@politie-drenthe.example",
        grounds: &["anti_muslim"],
        domain: "housing",
        manifestations: &["vandalism"],
        channel: "police",
        handling: "referral",
        residence: Some("GM0109"),
        incident: Some("GM0109"),
        days_ago: 12,
        police_number: Some("PL0300-2026123456"),
        summary: Some("Bekladding met anti-islamitische leuzen bij een complex van dezelfde verhuurder. Aangifte opgenomen."),
        identity: Some(("Fatima El Idrissi", CounterpartyKind::Organisation, "Stichting Woonstede")),
        share_with: &[DRENTHE],
    },
    DemoCase {
        by: "caseworker@mdd.example",
        grounds: &["sexual_orientation"],
        domain: "nightlife",
        manifestations: &["hostile_treatment"],
        channel: "app",
        handling: "registration_only",
        residence: None,
        incident: Some("GM0106"),
        days_ago: 8,
        police_number: None,
        summary: Some("Twee mannen werden na een kus door portiers uit een café gezet. Anonieme melding, alleen registratie."),
        identity: None,
        share_with: &[THEME],
    },
    DemoCase {
        by: "caseworker@mdd.example",
        grounds: &["disability"],
        domain: "labour_market",
        manifestations: &["unequal_treatment"],
        channel: "walk_in",
        handling: "advice",
        residence: Some("GM1730"),
        incident: Some("GM1730"),
        days_ago: 5,
        police_number: None,
        summary: None,
        identity: Some(("Pieter Jansma", CounterpartyKind::Organisation, "Demo Schoonmaak BV")),
        share_with: &[],
    },
    DemoCase {
        by: "intake@coc-noord.example",
        grounds: &["gender_identity"],
        domain: "public_space",
        manifestations: &["remarks", "threat"],
        channel: "walk_in",
        handling: "referral",
        residence: Some("GM0114"),
        incident: Some("GM0114"),
        days_ago: 3,
        police_number: None,
        summary: Some("Transvrouw werd bij een bushalte uitgescholden en bedreigd door een groep jongeren."),
        identity: None,
        share_with: &[THEME],
    },
];

/// Each case is registered and shared on the day it was reported, on a clock set to that
/// morning, so last month's overview and the chain's history have data whatever day the demo
/// starts (a case 25 and one 40 days back: one of them always falls in the previous month).
pub(crate) async fn seed_demo_cases(services: &Services, demo_users: &mut SignedIn<'_>) -> ServiceResult<()> {
    let today = crate::domain::calendar::local_date(services.clock().now());
    for demo in &CASES {
        let actor = demo_users.actor(demo.by).await?;
        let reported_on = today - Duration::days(demo.days_ago);
        let then = services.on_clock(ManualClock::new(morning_of(reported_on)));
        let case = then.create_case(&actor, new_case(demo, reported_on)).await?;
        for chain_name in demo.share_with {
            let Some(chain) = chain_named(&then, &actor, chain_name).await? else { continue };
            let (scope, target) = (ConsentScope::SharePseudonymised, ConsentTarget::Chain(chain.id));
            then.record_consent(&actor, case.id, scope, target, ConsentMethod::Verbal, reported_on).await?;
            then.share_case(&actor, case.id, chain.id).await?;
        }
    }
    seed_demo_referrals(services, demo_users, today).await
}

/// 09:00 UTC on `day` (the morning in Amsterdam), when the demo's past work happened.
fn morning_of(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_hms_opt(9, 0, 0).expect("a valid time").and_utc()
}

/// COC's intakes referred to the reporting centre: one accepted last week (its outcome in
/// COC's outbox, its case at MDD), one sent yesterday and waiting in MDD's inbox, urgent.
async fn seed_demo_referrals(
    services: &Services,
    demo_users: &mut SignedIn<'_>,
    today: NaiveDate,
) -> ServiceResult<()> {
    let coc = demo_users.actor("intake@coc-noord.example").await?;
    let mdd = demo_users.actor("caseworker@mdd.example").await?;
    let receiver = services.organisation(&mdd, mdd.organisation_id).await?.id;
    for (days_ago, urgency, accept) in [(7, Urgency::Normal, true), (1, Urgency::Urgent, false)] {
        let day = today - Duration::days(days_ago);
        let then = services.on_clock(ManualClock::new(morning_of(day)));
        let intake = new_case(&REFERRED, day - Duration::days(1));
        let new = NewReferral {
            receiver,
            urgency,
            summary: None,
            source: ReferralSource::Intake(Box::new(intake)),
            client_encrypted: false,
        };
        let referral = then.create_referral(&coc, new).await?;
        then.submit_referral(&coc, referral.id).await?;
        if accept {
            then.open_referral(&mdd, referral.id).await?;
            then.accept_referral(&mdd, referral.id).await?;
        }
    }
    Ok(())
}

/// What COC's demo intakes hold.
const REFERRED: DemoCase = DemoCase {
    by: "intake@coc-noord.example",
    grounds: &["sexual_orientation"],
    domain: "public_space",
    manifestations: &["remarks"],
    channel: "walk_in",
    handling: "referral",
    residence: Some("GM0106"),
    incident: Some("GM0106"),
    days_ago: 0,
    police_number: None,
    summary: Some("Stel werd op straat nageroepen; wil een melding doen bij het meldpunt."),
    identity: Some(("Demo Melder", CounterpartyKind::Person, "Onbekende voorbijganger")),
    share_with: &[],
};

/// The chain of that name among the caller's, as the chain list shows it.
async fn chain_named(services: &Services, actor: &Actor, name: &str) -> ServiceResult<Option<Chain>> {
    let all = services.list_chains(actor, &PageRequest { first: 100, after: None }).await?;
    Ok(all.items.into_iter().find(|chain| chain.name == name))
}

fn new_case(demo: &DemoCase, reported_on: NaiveDate) -> NewCase {
    let identity = demo.identity.map(|(reporter, kind, counterparty)| IdentityBlock {
        reporter: Some(Reporter { name: Some(reporter.to_string()), ..Reporter::default() }),
        counterparty: Some(Counterparty {
            kind,
            name: counterparty.to_string(),
            address: None,
            registration_numbers: Vec::new(),
        }),
        account: Some(
            "Demo: het eigen verhaal van de melder staat hier, alleen zichtbaar voor de eigen organisatie.".to_string(),
        ),
    });
    NewCase {
        registration: Registration {
            grounds: demo.grounds.iter().map(|g| g.to_string()).collect(),
            domain: demo.domain.to_string(),
            manifestations: demo.manifestations.iter().map(|m| m.to_string()).collect(),
            channel: demo.channel.to_string(),
            handling: demo.handling.to_string(),
            status: CaseStatus::InProgress,
            residence_municipality: demo.residence.map(str::to_string),
            incident_municipality: demo.incident.map(str::to_string),
            incident_date: Some(reported_on - Duration::days(2)),
            incident_until: None,
            reported_on,
            police_registration_number: demo.police_number.map(str::to_string),
        },
        shared_summary: demo.summary.map(str::to_string),
        identity,
        consent_method: ConsentMethod::Verbal,
        consent_given_on: reported_on,
    }
}
