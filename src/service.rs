//! Use cases. Authorization, transactions (and, from the casework issue on, consent and audit)
//! are decided here, once; GraphQL resolvers, web pages and the command line only call in.

pub mod accounts;
pub mod audit;
pub mod casework;
pub mod error;
pub mod figures;
pub mod mail;
pub mod meetings;
pub mod referrals;
pub mod work;

use std::sync::Arc;

use crate::clock::SharedClock;
use crate::config::{AuthConfig, CaseworkConfig, Config, MeetingsConfig, ReferralConfig};
use crate::crypto::keyring::Keyring;
use crate::crypto::password::PasswordHasher;
use crate::domain::taxonomy::Taxonomy;
use crate::mail::templates::MailTemplates;
use crate::store::referrals::blobs::Blobs;
use crate::store::Store;
use tokio::sync::Notify;

pub use error::ServiceError;

pub type ServiceResult<T> = Result<T, ServiceError>;

pub struct Services {
    store: Store,
    clock: SharedClock,
    passwords: PasswordHasher,
    keyring: Arc<Keyring>,
    taxonomy: Arc<Taxonomy>,
    auth: AuthConfig,
    mail: MailContext,
    referrals: ReferralContext,
    meetings: MeetingsConfig,
    casework: CaseworkConfig,
    notices: tokio::sync::broadcast::Sender<crate::domain::referral::ReferralNotice>,
}

/// Where referral files live and how large an attachment may be.
pub struct ReferralContext {
    pub blobs: Blobs,
    pub config: ReferralConfig,
}

/// What queueing mail needs: the templates, the address links point to, and a way to wake
/// the worker.
#[derive(Clone)]
pub struct MailContext {
    pub templates: Arc<MailTemplates>,
    pub public_url: String,
    /// The sender's bare address, for calendar invitations' ORGANIZER.
    pub from_address: String,
    pub wake: Arc<Notify>,
}

impl Services {
    /// The service layer over a store, with the parts of `config` it needs.
    pub fn new(
        store: Store,
        clock: SharedClock,
        keyring: Arc<Keyring>,
        taxonomy: Arc<Taxonomy>,
        mail: MailContext,
        referrals: ReferralContext,
        config: &Config,
    ) -> anyhow::Result<Self> {
        let (auth, meetings, casework) = (config.auth.clone(), config.meetings.clone(), config.casework.clone());
        let passwords = PasswordHasher::new(auth.argon2)?;
        let (notices, _) = tokio::sync::broadcast::channel(256);
        Ok(Self { store, clock, passwords, keyring, taxonomy, auth, mail, referrals, meetings, casework, notices })
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

    /// The same services on another clock, sharing the store: the demo seeds its history at
    /// the moments it happened, through the same use cases as the present.
    pub(crate) fn on_clock(&self, clock: SharedClock) -> Services {
        Services {
            store: self.store.clone(),
            clock,
            passwords: self.passwords.clone(),
            keyring: self.keyring.clone(),
            taxonomy: self.taxonomy.clone(),
            auth: self.auth.clone(),
            mail: self.mail.clone(),
            referrals: ReferralContext { blobs: self.referrals.blobs.clone(), config: self.referrals.config.clone() },
            meetings: self.meetings.clone(),
            casework: self.casework.clone(),
            notices: self.notices.clone(),
        }
    }

    /// The pseudonym and link keys, for the data generator, which writes what the use cases
    /// would have written.
    pub(crate) fn keyring(&self) -> &Arc<Keyring> {
        &self.keyring
    }

    /// For the demo's directory, whose users share one password hashed once.
    pub(crate) fn password_hasher(&self) -> &PasswordHasher {
        &self.passwords
    }

    /// The largest attachment a referral takes, for forms to say before anyone uploads.
    pub fn max_attachment_bytes(&self) -> u64 {
        self.referrals.config.max_attachment_bytes
    }

    pub fn meetings_config(&self) -> &MeetingsConfig {
        &self.meetings
    }

    /// The statement printed on agendas, minutes and overviews: the deployment's own wording,
    /// or else the catalogue's in `language`.
    pub fn confidentiality_statement(&self, language: crate::domain::user::Language) -> String {
        match self.meetings.confidentiality_statement.trim() {
            "" => crate::messages::text(language, "confidentiality-default"),
            own => own.to_owned(),
        }
    }
}
