//! `ketenaanpak demo generate`: realistic casework at any size, for trying the product at a
//! country's scale and for the benchmarks. The directory is the demo's, made through the use
//! cases; the casework is written in bulk as the use cases would have left it: cases skewed
//! like real registrations, consents, shares with their chain pseudonyms, notes, referrals in
//! every state, meetings with agendas, minutes and actions, identity blocks and internal
//! notes sealed to the owner's key, and a hash-chained audit event for every step.

mod casework;
mod draw;
mod meetings;
mod texts;
mod world;

use std::sync::Arc;
use std::time::{Duration as Elapsed, Instant};

use anyhow::{bail, Context};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use self::casework::{Batch, Casework};
use self::meetings::{HeldMeetings, MeetingRows};
use crate::domain::calendar::local_date;
use crate::domain::user::Language;
use crate::service::accounts::access::Operator;
use crate::service::Services;
use crate::store::audit::events::{self, NewEvent};
use crate::store::bulk::{self, Rows};
use crate::store::meetings::schedule;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub cases: u64,
    /// Over how many years before today the cases were registered.
    pub years: u32,
    pub seed: u64,
}

const MAX_CASES: u64 = 20_000_000;
const MAX_YEARS: u32 = 30;

/// Cases per transaction: large enough to amortise the commit, small enough that progress shows.
const BATCH: usize = 2_000;
/// Audit events per statement: 13 values each, about as many values as `bulk::insert` binds.
const AUDIT_CHUNK: usize = 75;

/// What was generated, and how long it took.
#[derive(Debug, Clone)]
pub struct Summary {
    pub cases: u64,
    pub rows: u64,
    pub elapsed: Elapsed,
}

impl Summary {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Told after every batch: cases and rows written so far.
pub trait Progress {
    fn advance(&mut self, cases: u64, rows: u64);
}

impl<F: FnMut(u64, u64)> Progress for F {
    fn advance(&mut self, cases: u64, rows: u64) {
        self(cases, rows)
    }
}

pub async fn generate(services: &Services, options: &Options, progress: &mut dyn Progress) -> anyhow::Result<Summary> {
    check(options)?;
    let mut conn = services.store().read().await?;
    if !bulk::is_empty(&mut conn).await? {
        bail!("the database already holds data; demo generate fills only an empty database (a new data folder, or a new PostgreSQL database)");
    }
    drop(conn);
    texts::check_all()?;
    let started = Instant::now();
    let operator = Operator::command_line();
    crate::demo::directory::seed_directory(services, &operator).await?;
    let directory = bulk::directory(&mut *services.store().read().await?).await?;
    let world = Arc::new(world::from_directory(&directory)?);
    let now = services.clock().now();
    let mut rng = StdRng::seed_from_u64(options.seed);
    let times = registration_times(&mut rng, options, now);
    let casework = Casework::new(
        world.clone(),
        services.keyring().clone(),
        rng,
        now,
        services.taxonomy().version(),
        options.cases,
    );
    let (casework, mut rows) = write_casework(services, casework, times, progress).await?;
    rows += write_counters(services, &casework).await?;
    rows += write_meetings(services, &world, &casework, options, now).await?;
    services.plan_meetings(&operator).await?;
    bulk::analyze(&mut *services.store().single_statement_writer().await?).await?;
    tracing::info!(cases = options.cases, rows, "demo data generated");
    Ok(Summary { cases: options.cases, rows, elapsed: started.elapsed() })
}

/// Refuses a size or span out of range (the command line asks before it opens the database).
pub fn check(options: &Options) -> anyhow::Result<()> {
    if options.cases == 0 || options.cases > MAX_CASES {
        bail!("--cases must be between 1 and {MAX_CASES}");
    }
    if options.years == 0 || options.years > MAX_YEARS {
        bail!("--years must be between 1 and {MAX_YEARS}");
    }
    Ok(())
}

/// When each case was registered, oldest first: over the years, with more in recent years
/// (the density rises linearly, as registrations have), never in the last hour.
fn registration_times(rng: &mut StdRng, options: &Options, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let span = (Duration::days(365 * i64::from(options.years)) - Duration::hours(1)).num_seconds() as f64;
    let start = now - Duration::days(365 * i64::from(options.years));
    let mut times: Vec<DateTime<Utc>> =
        (0..options.cases).map(|_| start + Duration::seconds((span * rng.gen::<f64>().sqrt()) as i64)).collect();
    times.sort();
    times
}

/// Builds batches on a blocking thread (sealing is the costly part) while this task writes
/// the previous one, each batch in one transaction.
async fn write_casework(
    services: &Services,
    mut casework: Casework,
    times: Vec<DateTime<Utc>>,
    progress: &mut dyn Progress,
) -> anyhow::Result<(Casework, u64)> {
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Batch>(2);
    let producer = tokio::task::spawn_blocking(move || -> anyhow::Result<Casework> {
        for chunk in times.chunks(BATCH) {
            let batch = casework.batch(chunk)?;
            if sender.blocking_send(batch).is_err() {
                break;
            }
        }
        Ok(casework)
    });
    let (mut cases, mut rows) = (0, 0);
    while let Some(mut batch) = batches.recv().await {
        rows += batch.rows();
        cases += batch.cases;
        write(services, &mut batch.tables, std::mem::take(&mut batch.audit)).await?;
        progress.advance(cases, rows);
    }
    let casework = producer.await.context("the generator's thread stopped")??;
    Ok((casework, rows))
}

async fn write(services: &Services, tables: &mut [Rows], mut audit: Vec<NewEvent>) -> anyhow::Result<()> {
    let mut work = services.begin_work().await?;
    for rows in tables.iter_mut() {
        bulk::insert(&mut work, rows).await?;
    }
    while !audit.is_empty() {
        let rest = audit.split_off(audit.len().min(AUDIT_CHUNK));
        events::append_all(&mut work, audit).await?;
        audit = rest;
    }
    work.commit().await?;
    Ok(())
}

/// The case numbers used, so that the next case registered through the service follows on.
async fn write_counters(services: &Services, casework: &Casework) -> anyhow::Result<u64> {
    let mut counters = Rows::new(&bulk::CASE_COUNTERS);
    for ((organisation, year), last) in &casework.counters {
        counters.push([organisation.clone().into(), i64::from(*year).into(), (*last).into()]);
    }
    let written = counters.len() as u64;
    write(services, std::slice::from_mut(&mut counters), Vec::new()).await?;
    Ok(written)
}

async fn write_meetings(
    services: &Services,
    world: &world::World,
    casework: &Casework,
    options: &Options,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let mut rng = StdRng::seed_from_u64(options.seed.wrapping_add(1));
    let today = local_date(now);
    let first_day = today - Duration::days(365 * i64::from(options.years));
    let mut rows = MeetingRows::new();
    for chain in &world.chains {
        let series = meetings::series(chain, first_day);
        let mut work = services.begin_work().await?;
        schedule::insert_series(&mut work, &series, now - Duration::days(365 * i64::from(options.years))).await?;
        for invitee in invitees(chain, world) {
            schedule::add_invitee(&mut work, series.id, invitee.parse()?, false).await?;
        }
        work.commit().await?;
        let dates = series.cadence.dates_between(first_day, today - Duration::days(1))?;
        let mut shared = casework.shared.get(&chain.id).cloned().unwrap_or_default();
        shared.sort_by_key(|case| case.shared_at);
        let confidentiality = services.confidentiality_statement(Language::Nl);
        HeldMeetings { rng: &mut rng, chain, series: &series, shared: &shared, confidentiality, today }
            .write(&mut rows, &dates);
    }
    let written = (rows.tables.iter().map(Rows::len).sum::<usize>() + rows.audit.len()) as u64;
    write(services, &mut rows.tables, rows.audit).await?;
    Ok(written)
}

/// The chair and the people who work the members' casework.
fn invitees(chain: &world::Chain, world: &world::World) -> Vec<String> {
    let mut people = vec![chain.chair.1.clone()];
    for registrar in world.registrars.iter().filter(|r| chain.members.contains(&r.id)) {
        people.extend(registrar.workers.first().cloned());
    }
    people
}
