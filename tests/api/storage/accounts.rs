//! Organisations and chains: unique names, idempotent membership, who is a member.

use ketenaanpak::domain::organisation::{Organisation, OrganisationKind};
use ketenaanpak::store::accounts::{chains, organisations};
use ketenaanpak::store::sql::is_unique_violation;

use super::{chain, connection, empty_store, noon, organisation};
use crate::helpers::Engine;
use crate::on_both_engines;

on_both_engines!(organisation_names_are_unique, membership_is_recorded_once);

async fn organisation_names_are_unique(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let first = organisation(&mut conn, OrganisationKind::ReportingCentre, "Meldpunt Noord").await;
    let found = organisations::find_by_name(&mut conn, "Meldpunt Noord").await.unwrap().unwrap();
    assert_eq!(found.id, first);
    let twin = Organisation::new(OrganisationKind::Police, "Meldpunt Noord", "Groningen", &[]).unwrap();
    let refused = organisations::insert(&mut conn, &twin, noon()).await.unwrap_err();
    assert!(is_unique_violation(&refused), "{refused}");
    assert!(organisations::find(&mut conn, twin.id).await.unwrap().is_none(), "nothing of it kept");
}

async fn membership_is_recorded_once(engine: Engine) {
    let (store, _dir) = empty_store(engine).await;
    let mut conn = connection(&store).await;
    let member = organisation(&mut conn, OrganisationKind::ReportingCentre, "Meldpunt").await;
    let other = organisation(&mut conn, OrganisationKind::Police, "Politie").await;
    let chain = chain(&mut conn, "Casusoverleg", &[member, member]).await;
    chains::add_member(&mut conn, chain.id, member, noon()).await.unwrap();
    assert_eq!(chains::members_of(&mut conn, &[chain.id]).await.unwrap(), vec![(chain.id, member)]);
    assert!(chains::is_member(&mut conn, chain.id, member).await.unwrap());
    assert!(!chains::is_member(&mut conn, chain.id, other).await.unwrap());
}
