//! Registering, changing and reading cases.

use chrono::Datelike;

use crate::crypto::envelope;
use crate::domain::actor::Actor;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::case::{self, Case, PseudonymisedCase, Registration};
use crate::domain::consent::{Consent, ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::identity::IdentityBlock;
use crate::domain::ids::{CaseId, ChainId, ConsentId};
use crate::domain::organisation::OrganisationKind;
use crate::domain::reason::Reason;
use crate::domain::shareable_text::Shape;
use crate::service::accounts::access::Operator;
use crate::service::audit::trail::AuditObject;
use crate::service::casework::access::CaseWorker;
use crate::service::casework::shared_text;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::casework::cases::{self, CaseFilter, SealedIdentity, SharedFilter};
use crate::store::sql::{Page, PageRequest};
use crate::store::{accounts::organisations, casework::consents};

pub struct NewCase {
    pub registration: Registration,
    pub shared_summary: Option<String>,
    /// `None` for an anonymous report.
    pub identity: Option<IdentityBlock>,
    /// The reporter's consent to register at all, recorded with the case.
    pub consent_method: ConsentMethod,
    pub consent_given_on: chrono::NaiveDate,
}

/// Changes to a case; `None` leaves a field as it is. For the nullable fields, `Some(None)`
/// clears the value.
#[derive(Default)]
pub struct CaseChanges {
    pub grounds: Option<Vec<String>>,
    pub domain: Option<String>,
    pub manifestations: Option<Vec<String>>,
    pub channel: Option<String>,
    pub handling: Option<String>,
    pub status: Option<case::CaseStatus>,
    pub residence_municipality: Option<Option<String>>,
    pub incident_municipality: Option<Option<String>>,
    pub incident_date: Option<Option<chrono::NaiveDate>>,
    pub incident_until: Option<Option<chrono::NaiveDate>>,
    pub reported_on: Option<chrono::NaiveDate>,
    pub police_registration_number: Option<Option<String>>,
    pub shared_summary: Option<Option<String>>,
    /// Replaces the identity block; `Some(None)` erases it.
    pub identity: Option<Option<IdentityBlock>>,
}

/// A case as one caller may see it.
pub enum CaseView {
    /// The caller's organisation owns it and the caller works its cases.
    Own(Case),
    /// Shared with a chain the caller's organisation sees: the pseudonymised view.
    Shared(PseudonymisedCase),
}

impl Services {
    pub async fn create_case(&self, actor: &Actor, new: NewCase) -> ServiceResult<Case> {
        self.case_worker(actor)?;
        let mut work = self.begin_work().await?;
        let case = self.insert_case(&mut work, actor, new).await?;
        if case.counterparty_link.is_some() && !self.count_counterparty(&mut work, actor, case.id).await? {
            return Err(work.refuse(Refusal::CounterpartyLimit(actor, None)).await?);
        }
        work.commit().await?;
        Ok(case)
    }

    /// Registers a case of the caller's organisation in the caller's transaction, with the
    /// consent to register, and audits it. The caller has checked that the actor works cases.
    pub(crate) async fn insert_case(&self, work: &mut Work<'_>, actor: &Actor, new: NewCase) -> ServiceResult<Case> {
        let now = self.clock.now();
        let mut registration = new.registration;
        let owner_is_police = actor.organisation_kind == OrganisationKind::Police;
        registration
            .check(&self.taxonomy, crate::domain::calendar::local_date(now), owner_is_police)
            .map_err(|e| ServiceError::bad_input(e.field(), e))?;
        let identity = new.identity.map(normalised).transpose()?.filter(|block| !block.is_empty());
        let shared_summary = self.checked_summary(new.shared_summary, identity.as_ref())?;
        let (counterparty_kind, counterparty_link) = self.counterparty_link(identity.as_ref());

        let organisation = organisations::find(work, actor.organisation_id).await?.ok_or(ServiceError::NotFound)?;
        let year = registration.reported_on.year();
        let number = cases::next_number(work, organisation.id, year).await?;
        let prefix = organisations::case_prefix(work, organisation.id)
            .await?
            .unwrap_or_else(|| case::default_case_prefix(&organisation.name));
        let case = Case {
            id: CaseId::random(),
            public_id: public_id(),
            organisation_id: organisation.id,
            case_number: case::case_number(&prefix, year, number),
            registration,
            shared_summary,
            counterparty_kind,
            counterparty_link,
            has_identity: identity.is_some(),
            taxonomy_version: self.taxonomy.version(),
            created_at: now,
            updated_at: now,
        };
        let sealed = match &identity {
            Some(block) => Some(self.seal_for(work, actor, block).await?),
            None => None,
        };
        cases::insert(work, &case, sealed.as_ref(), actor.user_id()).await?;
        let consent = Consent {
            id: ConsentId::random(),
            scope: ConsentScope::Register,
            target: ConsentTarget::None,
            method: new.consent_method,
            given_on: new.consent_given_on,
            recorded_at: now,
            withdrawn_at: None,
        };
        consents::insert(work, case.id, &consent, actor.user_id()).await?;
        let object = AuditObject { kind: "case", id: &case.id.to_string() };
        work.audit(Some(actor), None, AuditAction::CaseCreated, Some(object), AuditResult::Ok).await?;
        Ok(case)
    }

    pub async fn update_case(&self, actor: &Actor, id: CaseId, changes: CaseChanges) -> ServiceResult<Case> {
        self.case_worker_for(actor, id).await?;
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        let locked = cases::lock_owned(&mut work, actor.organisation_id, id).await?;
        let Some(mut case) = cases::find_owned(&mut work, actor.organisation_id, id).await?.filter(|_| locked) else {
            return Err(work.refuse(Refusal::CaseNotFound(actor, id)).await?);
        };
        apply(&mut case.registration, &mut case.shared_summary, &changes);
        case.registration
            .check(
                &self.taxonomy,
                crate::domain::calendar::local_date(now),
                actor.organisation_kind == OrganisationKind::Police,
            )
            .map_err(|e| ServiceError::bad_input(e.field(), e))?;
        let replaces_identity = changes.identity.is_some();
        let identity = match changes.identity.map(|block| block.map(normalised).transpose()).transpose()? {
            Some(replacement) => replacement.filter(|block| !block.is_empty()),
            None => self.open_identity(&mut work, actor, id).await?,
        };
        case.shared_summary = self.checked_summary(case.shared_summary.take(), identity.as_ref())?;
        let earlier_link = case.counterparty_link.take();
        (case.counterparty_kind, case.counterparty_link) = self.counterparty_link(identity.as_ref());
        let relinked = case.counterparty_link != earlier_link;
        if relinked && case.counterparty_link.is_some() && !self.count_counterparty(&mut work, actor, id).await? {
            return Err(work.refuse(Refusal::CounterpartyLimit(actor, Some(id))).await?);
        }
        case.has_identity = identity.is_some();
        case.taxonomy_version = self.taxonomy.version();
        case.updated_at = now;
        if replaces_identity {
            let sealed = match &identity {
                Some(block) => Some(self.seal_for(&mut work, actor, block).await?),
                None => None,
            };
            cases::set_identity(&mut work, actor.organisation_id, id, sealed.as_ref(), now).await?;
        }
        cases::update(&mut work, actor.organisation_id, &case).await?;
        if relinked {
            self.relink_shares(&mut work, id, case.counterparty_link.as_deref()).await?;
        }
        let object = AuditObject { kind: "case", id: &id.to_string() };
        work.audit(Some(actor), None, AuditAction::CaseUpdated, Some(object), AuditResult::Ok).await?;
        work.commit().await?;
        Ok(case)
    }

    /// A case by id, as the caller may see it.
    pub async fn case(&self, actor: &Actor, id: CaseId) -> ServiceResult<CaseView> {
        let mut conn = self.store.read().await?;
        if self.case_worker(actor).is_ok() {
            if let Some(case) = cases::find_owned(&mut conn, actor.organisation_id, id).await? {
                return Ok(CaseView::Own(case));
            }
        }
        drop(conn);
        let chains = self.visible_chains(actor).await?;
        let shared = cases::find_shared(&mut *self.store.read().await?, &chains, id).await?;
        match shared {
            Some(case) => Ok(CaseView::Shared(case.pseudonymised())),
            None => self.refuse(Refusal::CaseNotFound(actor, id)).await,
        }
    }

    pub async fn own_cases(&self, actor: &Actor, filter: &CaseFilter, page: &PageRequest) -> ServiceResult<Page<Case>> {
        let worker: CaseWorker = self.case_worker(actor)?;
        Ok(cases::list_owned(&mut *self.store.read().await?, worker.actor.organisation_id, filter, page).await?)
    }

    /// Cases shared to the chains the caller sees, or to one of them, narrowed by `filter`.
    pub async fn shared_cases(
        &self,
        actor: &Actor,
        chain: Option<ChainId>,
        filter: &SharedFilter,
        page: &PageRequest,
    ) -> ServiceResult<Page<PseudonymisedCase>> {
        let mut chains = self.visible_chains(actor).await?;
        if let Some(chain) = chain {
            if !chains.contains(&chain) {
                return Err(ServiceError::NotFound);
            }
            chains = vec![chain];
        }
        let found = cases::list_shared(&mut *self.store.read().await?, &chains, filter, page).await?;
        Ok(Page {
            items: found.items.into_iter().map(Case::pseudonymised).collect(),
            has_next_page: found.has_next_page,
        })
    }

    /// The identity block of an own case. Every read is an audit event, committed before the
    /// data is returned.
    pub async fn read_identity(&self, actor: &Actor, id: CaseId) -> ServiceResult<Option<IdentityBlock>> {
        self.case_worker_for(actor, id).await?;
        let mut work = self.begin_work().await?;
        if cases::find_owned(&mut work, actor.organisation_id, id).await?.is_none() {
            return Err(work.refuse(Refusal::CaseNotFound(actor, id)).await?);
        }
        let identity = self.open_identity(&mut work, actor, id).await?;
        let object = AuditObject { kind: "case", id: &id.to_string() };
        work.audit(Some(actor), None, AuditAction::IdentityRead, Some(object), AuditResult::Ok).await?;
        work.commit().await?;
        Ok(identity)
    }

    /// Opens a case's sealed identity block with the owner's identity (no audit: callers do).
    pub(crate) async fn open_identity(
        &self,
        work: &mut sqlx::AnyConnection,
        actor: &Actor,
        id: CaseId,
    ) -> ServiceResult<Option<IdentityBlock>> {
        let Some(sealed) = cases::sealed_identity(work, actor.organisation_id, id).await? else { return Ok(None) };
        let key = crate::store::accounts::organisation_keys::find(work, sealed.key_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the key of a sealed identity block is gone"))?;
        let identity = self.identity_of(&key)?;
        let plaintext = envelope::open(&identity, &sealed.ciphertext).map_err(anyhow::Error::from)?;
        // serde's message can quote the input: never let it near a log line.
        let block = serde_json::from_slice(&plaintext)
            .map_err(|_| anyhow::anyhow!("a sealed identity block does not parse"))?;
        Ok(Some(block))
    }

    /// Seals an identity block to the caller's organisation's current key.
    async fn seal_for(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        block: &IdentityBlock,
    ) -> ServiceResult<SealedIdentity> {
        let key = self.current_key(work, actor.organisation_id).await?;
        let recipient: age::x25519::Recipient =
            key.recipient.parse().map_err(|_| anyhow::anyhow!("a stored recipient does not parse"))?;
        let plaintext = serde_json::to_vec(block).map_err(anyhow::Error::from)?;
        Ok(SealedIdentity { ciphertext: envelope::seal(&[recipient], &plaintext)?, key_id: key.id })
    }

    /// A summary for sharing must be free of identifying data, including the case's own.
    pub(crate) fn checked_summary(
        &self,
        summary: Option<String>,
        identity: Option<&IdentityBlock>,
    ) -> ServiceResult<Option<String>> {
        let Some(summary) = summary else { return Ok(None) };
        let secrets = shared_text::secrets_of(identity);
        let summary = shared_text::shareable("sharedSummary", &summary, Shape::paragraphs(4000).optional(), &secrets)?;
        Ok(Some(summary).filter(|s| !s.is_empty()))
    }

    /// Sets an organisation's case-number prefix (command line).
    pub async fn set_case_prefix(
        &self,
        _operator: &Operator,
        organisation: crate::domain::ids::OrganisationId,
        prefix: &str,
    ) -> ServiceResult<()> {
        let prefix = prefix.trim().to_ascii_uppercase();
        if !(2..=6).contains(&prefix.len()) || !prefix.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(ServiceError::bad_input("prefix", Reason::new("case-prefix-letters")));
        }
        let mut work = self.begin_work().await?;
        organisations::set_case_prefix(&mut work, organisation, &prefix).await?;
        work.commit().await?;
        Ok(())
    }
}

fn apply(registration: &mut Registration, summary: &mut Option<String>, changes: &CaseChanges) {
    let r = registration;
    if let Some(v) = &changes.grounds {
        r.grounds = v.clone()
    }
    if let Some(v) = &changes.domain {
        r.domain = v.clone()
    }
    if let Some(v) = &changes.manifestations {
        r.manifestations = v.clone()
    }
    if let Some(v) = &changes.channel {
        r.channel = v.clone()
    }
    if let Some(v) = &changes.handling {
        r.handling = v.clone()
    }
    if let Some(v) = changes.status {
        r.status = v
    }
    if let Some(v) = &changes.residence_municipality {
        r.residence_municipality = v.clone()
    }
    if let Some(v) = &changes.incident_municipality {
        r.incident_municipality = v.clone()
    }
    if let Some(v) = changes.incident_date {
        r.incident_date = v
    }
    if let Some(v) = changes.incident_until {
        r.incident_until = v
    }
    if let Some(v) = changes.reported_on {
        r.reported_on = v
    }
    if let Some(v) = &changes.police_registration_number {
        r.police_registration_number = v.clone()
    }
    if let Some(v) = &changes.shared_summary {
        *summary = v.clone()
    }
}

/// A short code partners quote to each other: 10 characters of Crockford base32 (50 bits).
fn public_id() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut rng = rand::rngs::OsRng;
    let code: String = (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &code[..5], &code[5..])
}

/// An identity block as it will be sealed (see `IdentityBlock::normalised`).
pub(crate) fn normalised(block: IdentityBlock) -> ServiceResult<IdentityBlock> {
    block.normalised().map_err(|(field, error)| ServiceError::bad_input(field, error))
}
