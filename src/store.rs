//! All SQL lives below this module. One SQL text with `$1` placeholders serves SQLite and
//! PostgreSQL through sqlx's Any driver; where the engines differ, the difference is handled
//! here (connection set-up, write transactions), never at a call site.

pub mod accounts;
pub mod audit;
pub mod bulk;
pub mod casework;
pub mod jobs;
pub mod meetings;
pub mod outbox;
pub mod referrals;
pub mod sql;

use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::config::DatabaseConfig;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> anyhow::Result<Engine> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            anyhow::bail!("database.url must start with sqlite: or postgres://")
        }
    }
}

/// The database. Reads go through a pool; writes go through `write()`, which on SQLite is a
/// single connection so that writers queue in the process instead of failing on the lock.
#[derive(Clone)]
pub struct Store {
    engine: Engine,
    readers: AnyPool,
    writer: AnyPool,
}

pub type Connection = PoolConnection<Any>;
pub type WriteTx = Transaction<'static, Any>;

impl Store {
    pub async fn connect(url: &str, config: &DatabaseConfig) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        let options: AnyConnectOptions = url.parse().context("database.url cannot be parsed")?;
        let acquire = Duration::from_secs(config.acquire_timeout_seconds);
        let pool = |max: u32| {
            let busy_timeout_ms = config.busy_timeout_ms;
            AnyPoolOptions::new().max_connections(max).acquire_timeout(acquire).after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        let busy_timeout = format!("PRAGMA busy_timeout = {busy_timeout_ms}");
                        conn.execute(busy_timeout.as_str()).await?;
                    }
                    Ok(())
                })
            })
        };
        let readers = pool(config.max_connections)
            .connect_with(options.clone())
            .await
            .context("cannot connect to the database")?;
        let writer = match engine {
            Engine::Sqlite => pool(1).connect_with(options).await.context("cannot connect to the database")?,
            Engine::Postgres => readers.clone(),
        };
        Ok(Store { engine, readers, writer })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Applies the migrations that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.writer).await.context("database migration failed")
    }

    pub async fn read(&self) -> Result<Connection, sqlx::Error> {
        self.readers.acquire().await
    }

    /// The writer's connection for one statement that commits on its own (the mail worker's
    /// and the job runner's bookkeeping). A use case writes through the service's unit of work
    /// instead, which holds this connection for its whole transaction.
    pub async fn single_statement_writer(&self) -> Result<Connection, sqlx::Error> {
        self.writer.acquire().await
    }

    /// A write transaction, for the service's unit of work (`service::work`) only. On SQLite it takes the write lock at BEGIN (`BEGIN IMMEDIATE`), so a
    /// transaction that reads and then writes cannot fail half-way on a lock upgrade.
    pub(crate) async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.writer.begin().await,
        }
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.readers).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.readers.close().await;
    }
}
