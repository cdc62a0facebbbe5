//! The storage suite: store modules called directly, on both engines, each test on a fresh
//! database with the data it asserts on. The end-to-end suite reaches the store through the
//! service; this one holds the store's own promises (scoped lookups, idempotent writes, the
//! audit chain, the outbox's leases) where a service check cannot hide a gap.

mod accounts;
mod infrastructure;
mod meetings;

use chrono::{DateTime, TimeZone, Utc};
use ketenaanpak::config::DatabaseConfig;
use ketenaanpak::domain::chain::{Chain, ChainScopeKind};
use ketenaanpak::domain::ids::OrganisationId;
use ketenaanpak::domain::organisation::{Organisation, OrganisationKind};
use ketenaanpak::store::accounts::{chains, organisations};
use ketenaanpak::store::{Connection, Store};

use crate::helpers::{fresh_database, Engine};

/// A migrated, empty store of `engine`, and the folder its SQLite file lives in.
pub async fn empty_store(engine: Engine) -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(engine, dir.path()).await;
    let config =
        DatabaseConfig { url: url.clone(), max_connections: 4, busy_timeout_ms: 5000, acquire_timeout_seconds: 10 };
    let store = Store::connect(&url, &config).await.unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

pub async fn connection(store: &Store) -> Connection {
    store.single_statement_writer().await.unwrap()
}

pub fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap()
}

pub async fn organisation(conn: &mut Connection, kind: OrganisationKind, name: &str) -> OrganisationId {
    let org = Organisation::new(kind, name, "Drenthe", &[]).unwrap();
    organisations::insert(conn, &org, noon()).await.unwrap();
    org.id
}

/// A chain with `members`.
pub async fn chain(conn: &mut Connection, name: &str, members: &[OrganisationId]) -> Chain {
    let chain = Chain::new(name, ChainScopeKind::Region, "Drenthe").unwrap();
    chains::insert(conn, &chain, noon()).await.unwrap();
    for member in members {
        chains::add_member(conn, chain.id, *member, noon()).await.unwrap();
    }
    chain
}
