//! The demo's case meetings: the Drenthe series (five a year), a past meeting with its
//! agenda, approved minutes and the actions agreed there (one done, two carried over), and
//! the next meeting planned with its compiled agenda. Made through the same service calls as
//! a chair and the officers make, as the demo users; only the past meeting itself is put in
//! the past directly, as planning looks ahead only.

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::demo::SignedIn;
use crate::domain::action::ActionStatus;
use crate::domain::actor::Actor;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::local_date;
use crate::domain::ids::{AgendaItemId, ChainId, MeetingId, OrganisationId, UserId};
use crate::domain::meeting::{Cadence, Meeting, MeetingSeries};
use crate::domain::minutes::Presence;
use crate::service::accounts::access::Operator;
use crate::service::meetings::actions::NewAction;
use crate::service::meetings::minutes::MinutesEntry;
use crate::service::meetings::series::NewSeries;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::{accounts::chains, accounts::organisations, accounts::users, meetings::schedule as meetings};

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
    let mut conn = services.store().read().await?;
    let chain = chains::find_by_name(&mut conn, CHAIN).await?.ok_or(ServiceError::NotFound)?;
    if !meetings::series_of(&mut conn, Some(&[chain.id])).await?.is_empty() {
        return Ok(());
    }
    let (members, invitees) = directory(services, &mut conn).await?;
    drop(conn);
    let chair = demo_users.actor(CHAIR).await?;
    let series = create_series(services, &chair, chain.id, members.edn, invitees).await?;
    let (id, date, [flagged, pattern]) = past_meeting(services, demo_users, &series).await?;
    past_minutes(services, &chair, id, members, [flagged, pattern]).await?;
    agreed_actions(services, demo_users, (id, date, pattern), chain.id, members).await?;
    // The next meetings, invited, and the next one's agenda compiled.
    services.plan_meetings(operator).await?;
    services.prepare_agendas(operator).await?;
    tracing::info!("demo meetings created");
    Ok(())
}

type Invitees = Vec<(UserId, bool)>;

/// The chain's organisations and the series' invitees (the intake officer as a deputy).
async fn directory(services: &Services, conn: &mut crate::store::Connection) -> ServiceResult<(Members, Invitees)> {
    let org = |name: &'static str| async move {
        let mut conn = services.store().read().await?;
        let found = organisations::find_by_name(&mut conn, name).await?.ok_or(ServiceError::NotFound)?;
        Ok::<OrganisationId, ServiceError>(found.id)
    };
    let members = Members {
        edn: org("Expertisecentrum Diversiteit Noord").await?,
        mdd: org("Meldpunt Discriminatie Drenthe").await?,
        mde: org("Meldpunt Discriminatie Emmen").await?,
        police: org("Politie Drenthe").await?,
        om: org("OM Noord-Nederland").await?,
    };
    let mut invitees = Vec::new();
    for (email, deputy) in [
        ("caseworker@mdd.example", false),
        ("caseworker@mde.example", false),
        ("police_officer@politie-drenthe.example", false),
        ("prosecutor@om-noord.example", false),
        (CHAIR, false),
        ("intake@mdd.example", true),
    ] {
        let address = crate::domain::user::EmailAddress::parse(email)?;
        if let Some(found) = users::credentials_by_email(conn, &address).await? {
            invitees.push((found.user_id, deputy));
        }
    }
    Ok((members, invitees))
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
        invitees,
    };
    services.create_meeting_series(chair, series).await
}

/// The last meeting before today, as it went: its agenda with a flagged case and the
/// landlord's pattern, frozen as it stood. Its id, its date and those two items.
async fn past_meeting(
    services: &Services,
    demo_users: &mut SignedIn<'_>,
    series: &MeetingSeries,
) -> ServiceResult<(MeetingId, NaiveDate, [AgendaItemId; 2])> {
    let chair = demo_users.actor(CHAIR).await?;
    let today = local_date(services.clock().now());
    let past = Cadence::default().dates_between(today - Duration::days(200), today - Duration::days(1));
    let date = past.ok().and_then(|d| d.last().copied()).unwrap_or(today - Duration::days(60));
    let meeting = Meeting::planned(series, date);
    let mut work = services.begin_work().await?;
    meetings::plan(&mut work, &meeting, services.clock().now()).await?;
    work.commit().await?;
    let id = meeting.id;
    services.add_agenda_topic(&chair, id, "Opening, mededelingen en verslag vorige keer").await?;
    let mdd_worker = demo_users.actor("caseworker@mdd.example").await?;
    let flagged_case = own_demo_case_in(services, &mdd_worker, series.chain_id).await?;
    let reason = "Dreigende toon; graag afstemmen met politie";
    services.flag_case_for_discussion(&mdd_worker, id, flagged_case, reason).await?;
    put_patterns_on(services, series.chain_id, id).await?;
    services.add_agenda_topic(&chair, id, "Rondvraag en sluiting").await?;
    // Frozen as it stood, so that writing the minutes does not compile it again.
    let mut work = services.begin_work().await?;
    let frozen_at = meeting.starts_at - Duration::hours(services.meetings_config().agenda_freeze_hours);
    crate::store::meetings::agendas::freeze(&mut work, id, frozen_at).await?;
    work.commit().await?;
    let agenda = services.agenda(&chair, id).await?;
    let item = |kind: AgendaItemKind| agenda.iter().find(|e| e.item.kind == kind).map(|e| e.item.id);
    let flagged = item(AgendaItemKind::FlaggedCase).ok_or(ServiceError::NotFound)?;
    let pattern = item(AgendaItemKind::Pattern).ok_or(ServiceError::NotFound)?;
    Ok((id, date, [flagged, pattern]))
}

/// The landlord's pattern was discussed; its cases are shared "now" in the demo, after the
/// meeting, so compiling would not find it: it is put on the agenda directly.
async fn put_patterns_on(services: &Services, chain: ChainId, meeting: MeetingId) -> ServiceResult<()> {
    let mut work = services.begin_work().await?;
    let (threshold, now) = (services.meetings_config().pattern_threshold, services.clock().now());
    for pseudonym in crate::store::meetings::agendas::patterns(&mut work, chain, threshold, None, now).await? {
        let item = crate::domain::agenda::AgendaItem {
            id: AgendaItemId::random(),
            meeting_id: meeting,
            kind: AgendaItemKind::Pattern,
            subject: Some(pseudonym),
            title: None,
            position: 0,
            added_by_organisation_id: None,
            removed_at: None,
        };
        crate::store::meetings::agendas::insert(&mut work, &item, None, now).await?;
    }
    work.commit().await
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

/// One of the caller's own cases shared in the chain, as the chain's case list shows it.
async fn own_demo_case_in(
    services: &Services,
    actor: &crate::domain::actor::Actor,
    chain: crate::domain::ids::ChainId,
) -> ServiceResult<crate::domain::ids::CaseId> {
    let page = crate::store::sql::PageRequest { first: 100, after: None };
    let shared = services.shared_cases(actor, Some(chain), &page).await?;
    let own = shared.items.into_iter().find(|case| case.organisation_id == actor.organisation_id);
    own.map(|case| case.id).ok_or(ServiceError::NotFound)
}
