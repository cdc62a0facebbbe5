//! Putting the service together and running it. The listener is bound before `run`, so tests
//! start the real service on port 0 and read the address back instead of sleeping.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::crypto::keyring::Keyring;
use crate::domain::taxonomy::{self, Taxonomy};
use crate::mail::templates::MailTemplates;
use crate::mail::transport::MailTransport;
use crate::mail::worker::MailWorker;
use crate::service::accounts::access::Operator;
use crate::service::{MailContext, ReferralContext, Services};
use crate::store::referrals::blobs::Blobs;
use crate::store::Store;
use crate::web::{self, AppState};
use tokio::sync::Notify;

pub struct StartOptions {
    /// Seed the demo chain of Drenthe and turn on GraphiQL; loopback addresses only.
    pub demo: bool,
    pub clock: SharedClock,
    /// Deliver queued mail from this instance (tests turn it off to stand for a crash).
    pub mail_worker: bool,
    /// Trigger the scheduled jobs (tests run them directly, with their own clock).
    pub scheduler: bool,
}

impl Default for StartOptions {
    fn default() -> Self {
        Self { demo: false, clock: Arc::new(SystemClock), mail_worker: true, scheduler: true }
    }
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    services: Arc<Services>,
    grace: Duration,
    mail_worker: Option<(MailWorker, Duration)>,
    scheduler: bool,
}

/// Opens the database (migrating it) and the keyring, and builds the service layer. The
/// command-line tools use this too.
pub async fn open_services(config: &Config, clock: SharedClock) -> anyhow::Result<Arc<Services>> {
    create_private_dir(&config.data.dir)?;
    let keyring = Keyring::load_or_create(&config.secrets, &config.data.dir)?;
    let taxonomy = load_taxonomy(config)?;
    let store = Store::connect(&config.database_url(), &config.database).await?;
    store.migrate().await?;
    let mail = MailContext {
        templates: Arc::new(MailTemplates::embedded()?),
        public_url: config.server.public_url.clone(),
        from_address: config.mail.from.parse::<lettre::message::Mailbox>().context("mail.from")?.email.to_string(),
        wake: Arc::new(Notify::new()),
    };
    let referrals = ReferralContext { blobs: Blobs::new(&config.data.dir), config: config.referrals.clone() };
    let services =
        Arc::new(Services::new(store, clock, Arc::new(keyring), Arc::new(taxonomy), mail, referrals, config)?);
    services.ensure_organisation_keys().await?;
    services.derive_chain_pseudonyms().await?;
    Ok(services)
}

/// The taxonomies compiled into the binary, or those in `taxonomy.dir` when it is set.
fn load_taxonomy(config: &Config) -> anyhow::Result<Taxonomy> {
    let Some(dir) = config.taxonomy.dir.as_ref().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(Taxonomy::embedded()?);
    };
    let mut texts = Vec::new();
    for name in taxonomy::FILES {
        let path = dir.join(name);
        texts.push((name, std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?));
    }
    let files: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Ok(Taxonomy::parse(&files)?)
}

impl Application {
    pub async fn build(mut config: Config, options: StartOptions) -> anyhow::Result<Application> {
        if options.demo {
            anyhow::ensure!(
                config.server.listen.ip().is_loopback(),
                "demo mode only listens on a loopback address (127.0.0.1 or ::1), not {}",
                config.server.listen.ip()
            );
            config.graphql.introspection = true;
        }
        let services = open_services(&config, options.clock.clone()).await?;
        forward_notices(&services, &config.database_url()).await?;
        let mail_worker = match options.mail_worker {
            true => {
                Some((mail_worker(&config, &services, options.clock)?, Duration::from_secs(config.mail.poll_seconds)))
            }
            false => None,
        };
        if options.demo {
            crate::demo::directory::seed(&services, &Operator::command_line()).await?;
            crate::demo::meetings::seed(&services, &Operator::command_line()).await?;
        }
        let schema = crate::graphql::build_schema(services.clone(), &config.graphql);
        let router =
            web::router(AppState { services: services.clone(), schema, graphql: Arc::new(config.graphql.clone()) });
        let listener = TcpListener::bind(config.server.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.server.listen))?;
        let grace = Duration::from_secs(config.server.shutdown_grace_seconds);
        Ok(Application { listener, router, services, grace, mail_worker, scheduler: options.scheduler })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn services(&self) -> Arc<Services> {
        self.services.clone()
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish within the grace
    /// period.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stopping_tx, mut stopping_rx) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown.await;
            tracing::info!("shutting down; finishing requests in flight");
            let _ = stopping_tx.send(true);
        };
        if let Some((worker, poll)) = self.mail_worker {
            tokio::spawn(worker.run(poll, self.services.mail_wake(), stopping_rx.clone()));
        }
        let mut scheduler = match self.scheduler {
            true => Some(crate::jobs::schedule::start(self.services.clone()).await?),
            false => None,
        };
        let app = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let server = axum::serve(self.listener, app).with_graceful_shutdown(signal);
        let grace = self.grace;
        let deadline = async move {
            let _ = stopping_rx.wait_for(|stopping| *stopping).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            result = server => result.context("server error")?,
            () = deadline => tracing::warn!("grace period over; closing open connections"),
        }
        if let Some(scheduler) = scheduler.as_mut() {
            let _ = scheduler.shutdown().await;
        }
        self.services.store().close().await;
        Ok(())
    }
}

/// On PostgreSQL, passes notices from every instance (LISTEN) to this one's subscribers.
async fn forward_notices(services: &Arc<Services>, database_url: &str) -> anyhow::Result<()> {
    let Some(mut listener) = services.store().listen(database_url).await.context("LISTEN for notices")? else {
        return Ok(());
    };
    let services = services.clone();
    tokio::spawn(async move {
        loop {
            match listener.next().await {
                Ok(Some(notice)) => services.deliver_notice(notice),
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(error = %error, "notice listener; reconnecting");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    });
    Ok(())
}

/// The worker that delivers the outbox, with the configured transport.
pub fn mail_worker(config: &Config, services: &Services, clock: SharedClock) -> anyhow::Result<MailWorker> {
    Ok(MailWorker {
        store: services.store().clone(),
        transport: MailTransport::from_config(&config.mail, &config.data.dir)?,
        clock,
        from: config.mail.from.parse().context("mail.from")?,
        max_attempts: config.mail.max_attempts,
    })
}

/// The data folder holds the database, keys and mail: only the service's user may enter it.
fn create_private_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).with_context(|| format!("cannot create the data folder {}", dir.display()))
}

/// Completes on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
