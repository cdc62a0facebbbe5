//! The demo's case meetings: the Drenthe series (five a year), a past meeting with its
//! agenda, approved minutes and the actions agreed there (one done, two carried over), an
//! extra meeting held yesterday whose minutes are still to be taken, and
//! the next meeting planned with its compiled agenda. Made through the same service calls as
//! a chair and the officers make, as the demo users; the past meeting is recorded afterwards,
//! as a chair records a meeting held before the chain used the service.

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::demo::SignedIn;
use crate::domain::action::ActionStatus;
use crate::domain::actor::Actor;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::local_date;
use crate::domain::ids::{AgendaItemId, ChainId, MeetingId, OrganisationId, UserId};
use crate::domain::meeting::{Cadence, MeetingSeries};
use crate::domain::minutes::Presence;
use crate::service::accounts::access::Operator;
use crate::service::meetings::actions::NewAction;
use crate::service::meetings::held::HeldItem;
use crate::service::meetings::minutes::MinutesEntry;
use crate::service::meetings::series::NewSeries;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::sql::PageRequest;

const CHAIN: &str = "Casuïstiekoverleg Drenthe";
const CHAIR: &str = "analyst@edn.example";

/// Seeds the demo meetings once, after the demo data; a database that has a series for
/// the Drenthe chain is left as it is.
pub async fn seed(services: &Services, operator: &Operator) -> ServiceResult<()> {
    let mut demo_users = SignedIn::new(services);
    let seeded = seed_as(services, operator, &mut demo_users).await;
    demo_users.sign_out().await?;
    seeded
}

/// The organisations of the Drenthe chain that the demo meetings name.
#[derive(Clone, Copy)]
struct Members {
    edn: OrganisationId,
    mdd: OrganisationId,
    mde: OrganisationId,
    police: OrganisationId,
    om: OrganisationId,
}

async fn seed_as(services: &Services, operator: &Operator, demo_users: &mut SignedIn<'_>) -> ServiceResult<()> {
    let chair = demo_users.actor(CHAIR).await?;
    let page = PageRequest { first: 100, after: None };
    let chains = services.list_chains(&chair, &page).await?.items;
    let chain = chains.into_iter().find(|c| c.name == CHAIN).ok_or(ServiceError::NotFound)?;
    if services.meeting_series(&chair).await?.iter().any(|s| s.chain_id == chain.id) {
        return Ok(());
    }
    let members = members(services, operator).await?;
    let invitees = invitees(demo_users).await?;
    let series = create_series(services, &chair, chain.id, members.edn, invitees).await?;
    let (id, date, [flagged, pattern]) = past_meeting(services, demo_users, &series, members.mdd).await?;
    past_minutes(services, &chair, id, members, [flagged, pattern]).await?;
    agreed_actions(services, demo_users, (id, date, pattern), chain.id, members).await?;
    yesterdays_meeting(services, &chair, &series, date).await?;
    // The next meetings, invited, and the next one's agenda compiled.
    services.plan_meetings(operator).await?;
    services.prepare_agendas(operator).await?;
    tracing::info!("demo meetings created");
    Ok(())
}

type Invitees = Vec<(UserId, bool)>;

/// The chain's organisations that the meetings name, found as the command line finds them.
async fn members(services: &Services, operator: &Operator) -> ServiceResult<Members> {
    let org =
        |name: &'static str| async move { Ok::<_, ServiceError>(services.find_organisation(operator, name).await?.id) };
    Ok(Members {
        edn: org("Expertisecentrum Diversiteit Noord").await?,
        mdd: org("Meldpunt Discriminatie Drenthe").await?,
        mde: org("Meldpunt Discriminatie Emmen").await?,
        police: org("Politie Drenthe").await?,
        om: org("OM Noord-Nederland").await?,
    })
}

/// The series' invitees: one person of each member organisation, all core members (the
/// demo has one person per role, so nobody to stand in as a deputy).
async fn invitees(demo_users: &mut SignedIn<'_>) -> ServiceResult<Invitees> {
    let mut invitees = Vec::new();
    for email in [
        "caseworker@mdd.example",
        "caseworker@mde.example",
        "police_officer@politie-drenthe.example",
        "prosecutor@om-noord.example",
        CHAIR,
    ] {
        let person = demo_users.actor(email).await?;
        invitees.extend(person.user_id().map(|id| (id, false)));
    }
    Ok(invitees)
}

async fn create_series(
    services: &Services,
    chair: &Actor,
    chain: ChainId,
    chairing: OrganisationId,
    invitees: Invitees,
) -> ServiceResult<MeetingSeries> {
    let series = NewSeries {
        chain,
        title: CHAIN.to_string(),
        cadence: Cadence::default(),
        start_time: NaiveTime::from_hms_opt(14, 0, 0).expect("a time"),
        duration_minutes: 150,
        location: "Gemeentehuis Assen, vergaderzaal 2".to_string(),
        chair: chairing,
        horizon_days: 400,
        organizer: None,
        invitees,
    };
    services.create_meeting_series(chair, series).await
}

/// The last meeting before today, as it went, recorded afterwards by the chair: its agenda
/// with a case the Drenthe reporting centre raised and the landlord's pattern. Its id, its
/// date and those two items.
async fn past_meeting(
    services: &Services,
    demo_users: &mut SignedIn<'_>,
    series: &MeetingSeries,
    mdd: OrganisationId,
) -> ServiceResult<(MeetingId, NaiveDate, [AgendaItemId; 2])> {
    let chair = demo_users.actor(CHAIR).await?;
    let today = local_date(services.clock().now());
    let past = Cadence::default().dates_between(today - Duration::days(200), today - Duration::days(1));
    let date = past.ok().and_then(|d| d.last().copied()).unwrap_or(today - Duration::days(60));
    let mdd_worker = demo_users.actor("caseworker@mdd.example").await?;
    let flagged_case = own_demo_case_in(services, &mdd_worker, series.chain_id).await?;
    let agenda = vec![
        HeldItem::Topic("Opening, mededelingen en verslag vorige keer".into()),
        HeldItem::FlaggedCase {
            case: flagged_case,
            reason: "Dreigende toon; graag afstemmen met politie".into(),
            raised_by: mdd,
        },
        HeldItem::Patterns,
        HeldItem::Topic("Rondvraag en sluiting".into()),
    ];
    let meeting = services.record_held_meeting(&chair, series.id, date, agenda).await?;
    let agenda = services.agenda(&chair, meeting.id).await?;
    let item = |kind: AgendaItemKind| agenda.iter().find(|e| e.item.kind == kind).map(|e| e.item.id);
    let flagged = item(AgendaItemKind::FlaggedCase).ok_or(ServiceError::NotFound)?;
    let pattern = item(AgendaItemKind::Pattern).ok_or(ServiceError::NotFound)?;
    Ok((meeting.id, date, [flagged, pattern]))
}

async fn past_minutes(
    services: &Services,
    chair: &Actor,
    id: MeetingId,
    members: Members,
    [flagged, pattern]: [AgendaItemId; 2],
) -> ServiceResult<()> {
    let Members { edn, mdd, mde, police, om } = members;
    let attendance = [
        (edn, Presence::Present),
        (mdd, Presence::Present),
        (mde, Presence::Present),
        (police, Presence::Present),
        (om, Presence::Apologies),
    ];
    services.record_attendance(chair, id, &attendance).await?;
    let entries = vec![
        MinutesEntry {
            agenda_item: flagged,
            notes: "Meldpunt Drenthe licht de melding toe; de politie kent de situatie.".into(),
            decisions: "Politie en meldpunt stemmen de aanpak af.".into(),
        },
        MinutesEntry {
            agenda_item: pattern,
            notes: "Drie organisaties kregen meldingen over dezelfde verhuurder.".into(),
            decisions: "Meldpunt Emmen gaat in gesprek met de verhuurder; de politie gaat na of er aangiftes lopen; het OM beoordeelt daarna.".into(),
        },
    ];
    services.record_minutes(chair, id, None, entries, None).await?;
    Ok(())
}

/// The three actions agreed on the pattern, the minutes approved, and since then one action
/// done and one under way.
async fn agreed_actions(
    services: &Services,
    demo_users: &mut SignedIn<'_>,
    (meeting, date, pattern): (MeetingId, NaiveDate, AgendaItemId),
    chain: ChainId,
    members: Members,
) -> ServiceResult<()> {
    let chair = demo_users.actor(CHAIR).await?;
    let agreed = |owner, description: &str, due| NewAction {
        chain,
        meeting: None,
        agenda_item: Some(pattern),
        case: None,
        owner,
        owner_user: None,
        description: description.to_string(),
        due_on: date + Duration::days(due),
    };
    let check = "Nagaan of er aangiftes lopen tegen de verhuurder";
    let check = services.create_action(&chair, agreed(members.police, check, 14)).await?;
    let talk = agreed(members.mde, "Gesprek met de verhuurder over de meldingen", 30);
    let talk = services.create_action(&chair, talk).await?;
    let judge = agreed(members.om, "Beoordelen of strafrechtelijke vervolging mogelijk is", 90);
    services.create_action(&chair, judge).await?;
    services.approve_minutes(&chair, meeting).await?;

    let officer = demo_users.actor("police_officer@politie-drenthe.example").await?;
    let done = Some("Twee aangiftes bekend; doorgezet naar het OM.".to_string());
    services.update_action(&officer, check.id, ActionStatus::Done, done, None).await?;
    let emmen = demo_users.actor("caseworker@mde.example").await?;
    let planned = Some("Eerste gesprek gevoerd; vervolgafspraak staat.".to_string());
    services.update_action(&emmen, talk.id, ActionStatus::InProgress, planned, None).await?;
    Ok(())
}

/// An extra meeting held yesterday and not yet minuted, so that a chair can record its
/// attendance, minutes and actions and approve them on the day the demo starts.
async fn yesterdays_meeting(
    services: &Services,
    chair: &Actor,
    series: &MeetingSeries,
    last: NaiveDate,
) -> ServiceResult<()> {
    let today = local_date(services.clock().now());
    let day = if today - Duration::days(1) == last { today - Duration::days(2) } else { today - Duration::days(1) };
    let agenda = vec![
        HeldItem::Topic("Opening en mededelingen".into()),
        HeldItem::Patterns,
        HeldItem::Topic("Rondvraag en sluiting".into()),
    ];
    services.record_held_meeting(chair, series.id, day, agenda).await?;
    Ok(())
}

/// One of the caller's own cases shared in the chain, as the chain's case list shows it.
async fn own_demo_case_in(
    services: &Services,
    actor: &crate::domain::actor::Actor,
    chain: crate::domain::ids::ChainId,
) -> ServiceResult<crate::domain::ids::CaseId> {
    let page = PageRequest { first: 100, after: None };
    let shared = services.shared_cases(actor, Some(chain), &Default::default(), &page).await?;
    let own = shared.items.into_iter().find(|case| case.organisation_id == actor.organisation_id);
    own.map(|case| case.id).ok_or(ServiceError::NotFound)
}
