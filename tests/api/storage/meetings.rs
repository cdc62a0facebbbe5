//! Meetings, series, agenda items and minutes are found by id only within the caller's scope.

use chrono::{NaiveDate, NaiveTime};
use ketenaanpak::domain::agenda::{AgendaItem, AgendaItemKind};
use ketenaanpak::domain::ids::{AgendaItemId, MeetingSeriesId, OrganisationId, UserId};
use ketenaanpak::domain::meeting::{Cadence, Meeting, MeetingSeries};
use ketenaanpak::domain::minutes::MinuteItem;
use ketenaanpak::domain::organisation::OrganisationKind;
use ketenaanpak::domain::role::{Role, RoleSet};
use ketenaanpak::domain::scope::Scope;
use ketenaanpak::domain::user::{EmailAddress, Language, User};
use ketenaanpak::store::accounts::users;
use ketenaanpak::store::meetings::{agendas, minutes, schedule};

use super::{chain, connection, empty_store, noon, organisation};
use crate::helpers::Engine;
use crate::on_both_engines;

on_both_engines!(meeting_records_are_found_only_in_scope, a_slot_is_planned_once);

async fn meeting_records_are_found_only_in_scope(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let member = organisation(&mut conn, OrganisationKind::ReportingCentre, "Meldpunt in de keten").await;
    let outsider = organisation(&mut conn, OrganisationKind::Police, "Politie buiten de keten").await;
    let chain = chain(&mut conn, "Casusoverleg Drenthe", &[member]).await;
    let series = series(chain.id, member);
    schedule::insert_series(&mut conn, &series, noon()).await.unwrap();
    let meeting = Meeting::planned(&series, NaiveDate::from_ymd_opt(2026, 12, 14).unwrap());
    assert!(schedule::plan(&mut conn, &meeting, noon()).await.unwrap());
    let item = topic(meeting.id);
    assert!(agendas::insert(&mut conn, &item, None, noon()).await.unwrap());
    minutes::upsert(&mut conn, meeting.id, "Vertrouwelijk", noon()).await.unwrap();
    let notes = MinuteItem { agenda_item_id: item.id, notes: "Besproken".into(), decisions: String::new() };
    minutes::set_item(&mut conn, meeting.id, &notes, None, noon()).await.unwrap();
    let invitee = caseworker(&mut conn, member).await;
    schedule::add_invitee(&mut conn, series.id, invitee, false).await.unwrap();
    let before = noon() - chrono::Duration::days(1);

    for (scope, sees) in [(Scope::Member(member), true), (Scope::Service, true), (Scope::Member(outsider), false)] {
        let found = schedule::find(&mut conn, scope, meeting.id).await.unwrap();
        assert_eq!(found.as_ref().map(|m| m.id), sees.then_some(meeting.id), "{scope:?}");
        let found = schedule::find_series(&mut conn, scope, series.id).await.unwrap();
        assert_eq!(found.map(|s| s.id), sees.then_some(series.id), "{scope:?}");
        let listed = schedule::by_ids(&mut conn, scope, &[meeting.id]).await.unwrap();
        assert_eq!(listed.len(), usize::from(sees), "{scope:?}");
        let found = agendas::find(&mut conn, scope, item.id).await.unwrap();
        assert_eq!(found.map(|i| i.id), sees.then_some(item.id), "{scope:?}");
        let found = minutes::find(&mut conn, scope, meeting.id).await.unwrap();
        assert_eq!(found.map(|m| m.items.len()), sees.then_some(1), "{scope:?}");
        // The lists under a meeting or series, too.
        let expected = usize::from(sees);
        assert_eq!(agendas::items(&mut conn, scope, meeting.id).await.unwrap().len(), expected, "{scope:?}");
        let of_meetings = agendas::items_of_meetings(&mut conn, scope, &[meeting.id]).await.unwrap();
        assert_eq!(of_meetings.len(), expected, "{scope:?}");
        let planned = schedule::planned_of_series_after(&mut conn, scope, series.id, before).await.unwrap();
        assert_eq!(planned.len(), expected, "{scope:?}");
        let invited = schedule::invitees(&mut conn, scope, series.id).await.unwrap();
        assert_eq!(
            invited.iter().map(|i| i.user_id).collect::<Vec<_>>(),
            sees.then_some(invitee).into_iter().collect::<Vec<_>>(),
            "{scope:?}"
        );
    }
    // Leaving the chain ends what the organisation finds, at the next lookup.
    sqlx::query("DELETE FROM chain_members WHERE organisation_id = $1")
        .bind(member.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
    assert!(schedule::find(&mut conn, Scope::Member(member), meeting.id).await.unwrap().is_none());
    assert!(minutes::find(&mut conn, Scope::Member(member), meeting.id).await.unwrap().is_none());
}

async fn a_slot_is_planned_once(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let member = organisation(&mut conn, OrganisationKind::ReportingCentre, "Meldpunt").await;
    let chain = chain(&mut conn, "Casusoverleg", &[member]).await;
    let series = series(chain.id, member);
    schedule::insert_series(&mut conn, &series, noon()).await.unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    assert!(schedule::plan(&mut conn, &Meeting::planned(&series, date), noon()).await.unwrap());
    assert!(!schedule::plan(&mut conn, &Meeting::planned(&series, date), noon()).await.unwrap(), "the slot has one");
    let after = noon() - chrono::Duration::days(1);
    assert_eq!(schedule::planned_of_series_after(&mut conn, Scope::Service, series.id, after).await.unwrap().len(), 1);
}

async fn caseworker(conn: &mut ketenaanpak::store::Connection, org: OrganisationId) -> UserId {
    let user = User {
        id: UserId::random(),
        organisation_id: org,
        email: EmailAddress::parse("medewerker@meldpunt.example").unwrap(),
        display_name: "Medewerker".into(),
        language: Language::Nl,
        roles: RoleSet::for_organisation([Role::Caseworker], OrganisationKind::ReportingCentre).unwrap(),
        disabled_at: None,
        created_at: noon(),
    };
    users::insert(conn, &user, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA").await.unwrap();
    user.id
}

fn series(chain: ketenaanpak::domain::ids::ChainId, chair: ketenaanpak::domain::ids::OrganisationId) -> MeetingSeries {
    MeetingSeries {
        id: MeetingSeriesId::random(),
        chain_id: chain,
        title: "Casusoverleg".into(),
        cadence: Cadence::Dates { dates: vec![NaiveDate::from_ymd_opt(2026, 12, 14).unwrap()] },
        start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 90,
        location: "Assen".into(),
        chair_organisation_id: chair,
        horizon_days: 365,
        organizer_id: None,
    }
}

fn topic(meeting: ketenaanpak::domain::ids::MeetingId) -> AgendaItem {
    AgendaItem {
        id: AgendaItemId::random(),
        meeting_id: meeting,
        kind: AgendaItemKind::Topic,
        subject: None,
        title: Some("Jaarplan".into()),
        position: 0,
        added_by_organisation_id: None,
        removed_at: None,
    }
}
