//! Consent, sharing with chains, notes, and what partners may learn from pseudonyms.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::crypto::envelope;
use crate::domain::actor::Actor;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::case::{Case, PseudonymisedCase};
use crate::domain::consent::{self, Consent, ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, ChainId, ConsentId, NoteId, OrganisationId, ShareId};
use crate::domain::reason::Reason;
use crate::domain::shareable_text::Shape;
use crate::domain::sharing::{Note, NoteBody, Share};
use crate::domain::text;
use crate::service::audit::trail::AuditObject;
use crate::service::casework::shared_text;
use crate::service::work::{Refusal, Work};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::casework::patterns;
use crate::store::{
    accounts::chains, accounts::organisation_keys, accounts::organisations, casework::cases, casework::consents,
    casework::notes, casework::shares,
};

/// A note as the owner reads it: internal notes opened.
#[derive(Clone)]
pub struct NoteView {
    pub id: NoteId,
    pub shared: bool,
    pub text: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// What partners may learn about one counterparty pseudonym.
pub struct CounterpartyPattern {
    pub pseudonym: String,
    pub reports: usize,
    pub organisations: usize,
    /// The partners' cases about it that the caller may see (own cases are counted only).
    pub partner_cases: Vec<PseudonymisedCase>,
}

impl Services {
    pub async fn record_consent(
        &self,
        actor: &Actor,
        case: CaseId,
        scope: ConsentScope,
        target: ConsentTarget,
        method: ConsentMethod,
        given_on: NaiveDate,
    ) -> ServiceResult<Consent> {
        consent::check_target(scope, target).map_err(|e| ServiceError::bad_input("target", e))?;
        if given_on > crate::domain::calendar::local_date(self.clock.now()) {
            return Err(ServiceError::bad_input("givenOn", Reason::new("date-in-future")));
        }
        let mut work = self.owned_case_tx(actor, case).await?;
        // Nothing new rests on a case whose registration the reporter withdrew.
        if consents::find_active(&mut work, case, ConsentScope::Register, ConsentTarget::None).await?.is_none() {
            return Err(ServiceError::conflict("registration-consent-withdrawn"));
        }
        if consents::find_active(&mut work, case, scope, target).await?.is_some() {
            return Err(ServiceError::conflict("consent-already-given"));
        }
        match target {
            ConsentTarget::Chain(chain) if !chains::is_member(&mut work, chain, actor.organisation_id).await? => {
                return Err(ServiceError::bad_input("chainId", Reason::new("not-a-chain-member")));
            }
            ConsentTarget::Organisation(org) => match organisations::find(&mut work, org).await? {
                None => return Err(ServiceError::bad_input("organisationId", Reason::new("organisation-unknown"))),
                Some(found) if scope == ConsentScope::Refer && !found.kind.takes_referrals() => {
                    return Err(ServiceError::bad_input("organisationId", Reason::new("receiver-keeps-no-cases")));
                }
                Some(_) => {}
            },
            _ => {}
        }
        let consent = Consent {
            id: ConsentId::random(),
            scope,
            target,
            method,
            given_on,
            recorded_at: self.clock.now(),
            withdrawn_at: None,
        };
        consents::insert(&mut work, case, &consent, actor.user_id()).await?;
        self.audit_case(&mut work, actor, AuditAction::ConsentGiven, case).await?;
        work.commit().await?;
        Ok(consent)
    }

    /// Records a withdrawal, effective at once: shares resting on the consent end, and with
    /// them the case's open actions in that chain (they lapse) and its place on agendas not
    /// yet frozen. Withdrawing the consent to register withdraws every other consent of the
    /// case too, ends all of that in every chain, erases the identity block and forgets the
    /// counterparty's pseudonym. Withdrawing the consent to
    /// refer ends the case's referrals to that organisation not yet accepted, files and all.
    pub async fn withdraw_consent(&self, actor: &Actor, case: CaseId, id: ConsentId) -> ServiceResult<Consent> {
        let now = self.clock.now();
        let mut work = self.owned_case_tx(actor, case).await?;
        let mut consent = consents::find(&mut work, case, id).await?.ok_or(ServiceError::NotFound)?;
        if !consents::withdraw(&mut work, case, id, now, actor.user_id()).await? {
            return Err(ServiceError::conflict("consent-already-withdrawn"));
        }
        let mut ended_referrals = Vec::new();
        match consent.scope {
            ConsentScope::SharePseudonymised => {
                shares::unshare_by_consent(&mut work, id, now, actor.user_id()).await?;
                if let ConsentTarget::Chain(chain) = consent.target {
                    self.end_chain_work_on(&mut work, case, Some(&[chain])).await?;
                }
            }
            ConsentScope::Register => {
                consents::withdraw_all(&mut work, case, now, actor.user_id()).await?;
                shares::unshare_case(&mut work, case, now, actor.user_id()).await?;
                cases::set_identity(&mut work, actor.organisation_id, case, None, now).await?;
                patterns::clear_pseudonym(&mut work, case).await?;
                self.end_chain_work_on(&mut work, case, None).await?;
                ended_referrals = self.end_referrals_on(&mut work, case, None).await?;
            }
            ConsentScope::Refer => {
                if let ConsentTarget::Organisation(receiver) = consent.target {
                    ended_referrals = self.end_referrals_on(&mut work, case, Some(receiver)).await?;
                }
            }
            _ => {}
        }
        self.audit_case(&mut work, actor, AuditAction::ConsentWithdrawn, case).await?;
        work.commit().await?;
        for referral in ended_referrals {
            self.referrals.blobs.remove_referral(referral).await;
        }
        consent.withdrawn_at = Some(now);
        Ok(consent)
    }

    /// Shares a case with a chain its owner belongs to, under the reporter's consent for that chain.
    pub async fn share_case(&self, actor: &Actor, case: CaseId, chain: ChainId) -> ServiceResult<Share> {
        let mut work = self.owned_case_tx(actor, case).await?;
        if !chains::is_member(&mut work, chain, actor.organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        let Some(consent) =
            consents::find_active(&mut work, case, ConsentScope::SharePseudonymised, ConsentTarget::Chain(chain))
                .await?
        else {
            return Err(ServiceError::bad_input("chainId", Reason::new("consent-missing-for-chain")));
        };
        let link = patterns::counterparty_link(&mut work, actor.organisation_id, case).await?;
        let share = Share {
            id: ShareId::random(),
            case_id: case,
            chain_id: chain,
            shared_at: self.clock.now(),
            unshared_at: None,
            counterparty_pseudonym: self.chain_pseudonym(chain, link.as_deref()),
        };
        let inserted = shares::insert(&mut work, &share, consent.id, actor.user_id()).await;
        crate::service::error::conflict_on_duplicate(inserted, || Reason::new("already-shared"))?;
        self.audit_case(&mut work, actor, AuditAction::CaseShared, case).await?;
        work.commit().await?;
        // The owner never reads its own case's pseudonym.
        Ok(Share { counterparty_pseudonym: None, ..share })
    }

    pub async fn unshare_case(&self, actor: &Actor, case: CaseId, chain: ChainId) -> ServiceResult<()> {
        let mut work = self.owned_case_tx(actor, case).await?;
        if !shares::unshare(&mut work, case, chain, self.clock.now(), actor.user_id()).await? {
            return Err(ServiceError::NotFound);
        }
        self.audit_case(&mut work, actor, AuditAction::CaseUnshared, case).await?;
        work.commit().await?;
        Ok(())
    }

    /// A note on an own case: shared notes are checked like the summary; internal notes are
    /// sealed to the organisation.
    pub async fn add_case_note(
        &self,
        actor: &Actor,
        case: CaseId,
        text: &str,
        shared: bool,
    ) -> ServiceResult<NoteView> {
        let mut work = self.owned_case_tx(actor, case).await?;
        let (body, stored) = if shared {
            let identity = self.open_identity(&mut work, actor, case).await?;
            let secrets = shared_text::secrets_of(identity.as_ref());
            let checked = shared_text::shareable("text", text, Shape::paragraphs(8000), &secrets)?;
            (NoteBody::Shared(checked.clone()), checked)
        } else {
            // Internal and sealed: not checked for sharing, but normalised and limited alike.
            let text = text::normalise(text, true).map_err(|e| ServiceError::bad_input("text", e))?;
            if text.is_empty() || text.chars().count() > 8000 {
                return Err(ServiceError::bad_input("text", Reason::new("note-length")));
            }
            let key = self.current_key(&mut work, actor.organisation_id).await?;
            let recipient: age::x25519::Recipient =
                key.recipient.parse().map_err(|_| anyhow::anyhow!("a stored recipient does not parse"))?;
            (NoteBody::Sealed { ciphertext: envelope::seal(&[recipient], text.as_bytes())?, key_id: key.id }, text)
        };
        let note = Note { id: NoteId::random(), case_id: case, body, created_at: self.clock.now() };
        notes::insert(&mut work, &note, actor.user_id()).await?;
        self.audit_case(&mut work, actor, AuditAction::NoteAdded, case).await?;
        work.commit().await?;
        Ok(NoteView { id: note.id, shared, text: stored, created_at: note.created_at })
    }

    /// Counts of the partners' cases shared about one counterparty, by a chain's pseudonym of
    /// it, in the chains the caller sees. The caller's own cases are neither listed nor
    /// counted: a count that included them would tell which pseudonym is its own case's.
    pub async fn counterparty_pattern(&self, actor: &Actor, pseudonym: &str) -> ServiceResult<CounterpartyPattern> {
        if self.case_worker(actor).is_err() && !self.reads_shared(actor) {
            return Err(ServiceError::Forbidden);
        }
        let chains = self.visible_chains(actor).await?;
        let found = patterns::with_pseudonym(&mut *self.store.read().await?, &chains, pseudonym).await?;
        let partner_cases: Vec<PseudonymisedCase> =
            found.into_iter().filter(|c| c.organisation_id != actor.organisation_id).map(Case::pseudonymised).collect();
        let organisations: HashSet<OrganisationId> = partner_cases.iter().map(|c| c.organisation_id).collect();
        Ok(CounterpartyPattern {
            pseudonym: pseudonym.to_string(),
            reports: partner_cases.len(),
            organisations: organisations.len(),
            partner_cases,
        })
    }

    /// Consents of own cases, for the data loader: one query for any number of cases.
    pub async fn consents_of(&self, actor: &Actor, ids: &[CaseId]) -> ServiceResult<HashMap<CaseId, Vec<Consent>>> {
        let owned = self.owned_subset(actor, ids).await?;
        Ok(consents::for_cases(&mut *self.store.read().await?, &owned).await?)
    }

    /// Active shares: of own cases all of them; of shared cases those with chains the caller sees.
    pub async fn shares_of(
        &self,
        actor: &Actor,
        ids: &[CaseId],
        own: bool,
    ) -> ServiceResult<HashMap<CaseId, Vec<Share>>> {
        if own {
            let owned = self.owned_subset(actor, ids).await?;
            let mut found = shares::active_for_cases(&mut *self.store.read().await?, &owned, None).await?;
            found.values_mut().flatten().for_each(|share| share.counterparty_pseudonym = None);
            return Ok(found);
        }
        let chains = self.visible_chains(actor).await?;
        let mut conn = self.store.read().await?;
        let mut found = shares::active_for_cases(&mut conn, ids, Some(&chains)).await?;
        // An own case in the chain's lists is shown without its pseudonym too.
        for own in cases::owned_among(&mut conn, actor.organisation_id, ids).await? {
            for share in found.get_mut(&own).into_iter().flatten() {
                share.counterparty_pseudonym = None;
            }
        }
        Ok(found)
    }

    /// Notes: of own cases all of them (internal ones opened); of shared cases only shared notes.
    pub async fn notes_of(
        &self,
        actor: &Actor,
        ids: &[CaseId],
        own: bool,
    ) -> ServiceResult<HashMap<CaseId, Vec<NoteView>>> {
        let ids = if own { self.owned_subset(actor, ids).await? } else { self.visible_subset(actor, ids).await? };
        let mut conn = self.store.read().await?;
        let found = notes::for_cases(&mut conn, &ids, !own).await?;
        let mut identities: HashMap<crate::domain::ids::OrganisationKeyId, age::x25519::Identity> = HashMap::new();
        let mut out: HashMap<CaseId, Vec<NoteView>> = HashMap::new();
        let mut opened: Vec<CaseId> = Vec::new();
        for (case, list) in found {
            if list.iter().any(|note| matches!(note.body, NoteBody::Sealed { .. })) {
                opened.push(case);
            }
            for note in list {
                let (shared, text) = match note.body {
                    NoteBody::Shared(text) => (true, text),
                    NoteBody::Sealed { ciphertext, key_id } => {
                        let identity = match identities.entry(key_id) {
                            std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
                            std::collections::hash_map::Entry::Vacant(slot) => {
                                let key =
                                    organisation_keys::find(&mut conn, key_id).await?.ok_or(ServiceError::NotFound)?;
                                slot.insert(self.identity_of(&key)?)
                            }
                        };
                        let plaintext = envelope::open(identity, &ciphertext).map_err(anyhow::Error::from)?;
                        (false, String::from_utf8(plaintext).map_err(|_| anyhow::anyhow!("a sealed note is not text"))?)
                    }
                };
                out.entry(case).or_default().push(NoteView { id: note.id, shared, text, created_at: note.created_at });
            }
        }
        // Internal notes are case content like the identity block: every reading is recorded.
        drop(conn);
        if !opened.is_empty() {
            let mut work = self.begin_work().await?;
            work.audit_cases(actor, AuditAction::NotesRead, &opened).await?;
            work.commit().await?;
        }
        Ok(out)
    }

    /// A write transaction on a case the caller's organisation owns and the caller works;
    /// anything else is not found.
    async fn owned_case_tx(&self, actor: &Actor, case: CaseId) -> ServiceResult<Work<'_>> {
        self.case_worker_for(actor, case).await?;
        let mut work = self.begin_work().await?;
        // Locks the case's row, so a concurrent change of its counterparty or consent waits.
        if !cases::lock_owned(&mut work, actor.organisation_id, case).await? {
            return Err(work.refuse(Refusal::CaseNotFound(actor, case)).await?);
        }
        Ok(work)
    }

    async fn owned_subset(&self, actor: &Actor, ids: &[CaseId]) -> ServiceResult<Vec<CaseId>> {
        if self.case_worker(actor).is_err() {
            return Ok(Vec::new());
        }
        Ok(cases::owned_among(&mut *self.store.read().await?, actor.organisation_id, ids).await?)
    }

    async fn visible_subset(&self, actor: &Actor, ids: &[CaseId]) -> ServiceResult<Vec<CaseId>> {
        let chains = self.visible_chains(actor).await?;
        Ok(cases::shared_among(&mut *self.store.read().await?, &chains, ids).await?)
    }

    async fn audit_case(
        &self,
        work: &mut Work<'_>,
        actor: &Actor,
        action: AuditAction,
        case: CaseId,
    ) -> ServiceResult<()> {
        let object = AuditObject { kind: "case", id: &case.to_string() };
        work.audit(Some(actor), None, action, Some(object), AuditResult::Ok).await
    }
}
