//! Use cases. Authorization, transactions (and, from the casework issue on, consent and audit)
//! are decided here, once; GraphQL resolvers, web pages and the command line only call in.

pub mod access;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod case_access;
pub mod cases;
pub mod chains;
pub mod demo;
pub mod demo_cases;
pub mod error;
pub mod keys;
pub mod organisations;
pub mod sharing;
pub mod users;

use std::sync::Arc;

use crate::clock::SharedClock;
use crate::config::AuthConfig;
use crate::crypto::keyring::Keyring;
use crate::crypto::password::PasswordHasher;
use crate::domain::taxonomy::Taxonomy;
use crate::store::Store;

pub use error::ServiceError;

pub type ServiceResult<T> = Result<T, ServiceError>;

pub struct Services {
    store: Store,
    clock: SharedClock,
    passwords: PasswordHasher,
    keyring: Arc<Keyring>,
    taxonomy: Arc<Taxonomy>,
    auth: AuthConfig,
}

impl Services {
    pub fn new(
        store: Store,
        clock: SharedClock,
        keyring: Arc<Keyring>,
        taxonomy: Arc<Taxonomy>,
        auth: AuthConfig,
    ) -> anyhow::Result<Self> {
        let passwords = PasswordHasher::new(auth.argon2)?;
        Ok(Self { store, clock, passwords, keyring, taxonomy, auth })
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }
}
