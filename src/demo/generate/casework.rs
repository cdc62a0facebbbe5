//! Generated casework: cases with their codes, consents, shares, notes and referrals, and the
//! audit events that registering them through the service would have left.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::Rng;

use super::draw::{chance, public_code, uuid, Weighted};
use super::texts;
use super::world::{Registrar, World};
use crate::crypto::envelope;
use crate::crypto::keyring::Keyring;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::calendar::local_date;
use crate::domain::case::case_number;
use crate::domain::identity::{Counterparty, IdentityBlock, Reporter};
use crate::domain::organisation::OrganisationKind;
use crate::domain::pseudonym::PseudonymDomain;
use crate::store::audit::events::NewEvent;
use crate::store::bulk::{self, Rows, Value};

/// Grounds as they come in: origin (and its sub-grounds) far ahead, then the others.
const GROUNDS: [(&str, f64); 14] = [
    ("origin", 30.0),
    ("anti_black_racism", 9.0),
    ("antisemitism", 6.0),
    ("anti_muslim", 6.0),
    ("sexual_orientation", 10.0),
    ("disability", 8.0),
    ("sex", 6.0),
    ("religion", 4.0),
    ("age", 4.0),
    ("gender_identity", 3.0),
    ("nationality", 3.0),
    ("antiziganism", 1.0),
    ("appearance", 2.0),
    ("socioeconomic_status", 1.0),
];
const DOMAINS: [&str; 12] = [
    "labour_market",
    "public_space",
    "neighbourhood",
    "commercial_services",
    "media_internet",
    "nightlife",
    "education",
    "housing",
    "police_enforcement",
    "public_services",
    "sport",
    "care",
];
const MANIFESTATIONS: [&str; 7] =
    ["unequal_treatment", "remarks", "hostile_treatment", "threat", "bullying", "violence", "vandalism"];
const CONSENT_METHODS: [&str; 4] = ["verbal", "web_form", "email", "written"];
const LGBTI: [&str; 3] = ["sexual_orientation", "gender_identity", "sex_characteristics"];

/// The rows of one batch, in the order foreign keys need them.
pub struct Batch {
    pub tables: Vec<Rows>,
    pub audit: Vec<NewEvent>,
    pub cases: u64,
}

impl Batch {
    fn new() -> Batch {
        let tables = [
            &bulk::CASES,
            &bulk::CASE_GROUNDS,
            &bulk::CASE_MANIFESTATIONS,
            &bulk::CONSENTS,
            &bulk::CASE_SHARES,
            &bulk::CASE_NOTES,
            &bulk::REFERRALS,
        ]
        .map(Rows::new)
        .into();
        Batch { tables, audit: Vec::new(), cases: 0 }
    }

    pub fn rows(&self) -> u64 {
        (self.tables.iter().map(Rows::len).sum::<usize>() + self.audit.len()) as u64
    }

    fn table(&mut self, index: usize) -> &mut Rows {
        &mut self.tables[index]
    }
}

const CASES: usize = 0;
const GROUNDS_ROWS: usize = 1;
const MANIFESTATION_ROWS: usize = 2;
const CONSENT_ROWS: usize = 3;
const SHARE_ROWS: usize = 4;
const NOTE_ROWS: usize = 5;
const REFERRAL_ROWS: usize = 6;

/// A case shared in a chain, for the agendas of its meetings.
#[derive(Clone)]
pub struct SharedCase {
    pub case_id: String,
    pub owner: String,
    pub worker: String,
    pub shared_at: DateTime<Utc>,
}

/// How the report came in: a referral, the police's own registration, or one of the
/// reporting centre's channels.
fn channel(rng: &mut StdRng, police: bool, referred: bool) -> &'static str {
    match (referred, police) {
        (true, _) => "referral",
        (false, true) => "police",
        (false, false) => ["phone", "web_form", "app", "walk_in"][rng.gen_range(0..4)],
    }
}

/// What the organisation does with the report: the police investigate, a reporting centre
/// advises, mediates, supports a procedure or only registers.
fn handling(rng: &mut StdRng, police: bool) -> &'static str {
    if police {
        "own_investigation"
    } else {
        ["advice", "mediation", "procedure_support", "registration_only"][rng.gen_range(0..4)]
    }
}

/// When a generated referral was made, sent, opened and decided (or withdrawn).
struct ReferralTimes {
    created: DateTime<Utc>,
    sent: DateTime<Utc>,
    opened: DateTime<Utc>,
    decided: DateTime<Utc>,
}

/// The audit events a referral in `status` has left: who ((organisation, user)), when, what.
fn referral_events<'a>(
    status: &str,
    sender: (&'a str, &'a str),
    receiving: (&'a str, &'a str),
    times: &ReferralTimes,
) -> Vec<((&'a str, &'a str), DateTime<Utc>, AuditAction)> {
    let mut events = vec![(sender, times.created, AuditAction::ReferralCreated)];
    if status != "draft" {
        events.push((sender, times.sent, AuditAction::ReferralSent));
    }
    if ["opened", "accepted", "declined"].contains(&status) {
        events.push((receiving, times.opened, AuditAction::ReferralOpened));
    }
    match status {
        "accepted" => events.push((receiving, times.decided, AuditAction::ReferralAccepted)),
        "declined" => events.push((receiving, times.decided, AuditAction::ReferralDeclined)),
        "withdrawn" => events.push((sender, times.decided, AuditAction::ReferralWithdrawn)),
        _ => {}
    }
    events
}

/// A counterparty that several reports may name, so that patterns exist.
struct KnownCounterparty {
    kind: crate::domain::case::CounterpartyKind,
    name: String,
    link: String,
}

pub struct Casework {
    world: Arc<World>,
    keyring: Arc<Keyring>,
    rng: StdRng,
    now: DateTime<Utc>,
    taxonomy_version: String,
    owners: Weighted<usize>,
    grounds: Weighted<&'static str>,
    domains: Weighted<&'static str>,
    manifestations: Weighted<&'static str>,
    counterparties: Vec<KnownCounterparty>,
    counterparty_choice: Weighted<usize>,
    chain_pseudonyms: HashMap<(String, usize), String>,
    /// The last case number per organisation and year.
    pub counters: HashMap<(String, i32), i64>,
    /// Per chain, the cases shared there and still shared.
    pub shared: HashMap<String, Vec<SharedCase>>,
}

impl Casework {
    pub fn new(
        world: Arc<World>,
        keyring: Arc<Keyring>,
        rng: StdRng,
        now: DateTime<Utc>,
        taxonomy_version: String,
        cases: u64,
    ) -> Self {
        let owners = Weighted::new(world.registrars.iter().enumerate().map(|(i, r)| (i, r.share_of_cases)));
        let pool = (cases / 25).clamp(20, 50_000) as usize;
        let counterparties = (0..pool).map(|n| known_counterparty(&keyring, n)).collect();
        Casework {
            world,
            keyring,
            rng,
            now,
            taxonomy_version,
            owners,
            grounds: Weighted::new(GROUNDS),
            domains: Weighted::zipf(DOMAINS, 0.9),
            manifestations: Weighted::zipf(MANIFESTATIONS, 0.8),
            counterparty_choice: Weighted::zipf(0..pool, 1.1),
            counterparties,
            chain_pseudonyms: HashMap::new(),
            counters: HashMap::new(),
            shared: HashMap::new(),
        }
    }

    /// Up to `count` cases (fewer when an accepted referral makes a second case), registered
    /// at the given times, with everything that hangs off them.
    pub fn batch(&mut self, times: &[DateTime<Utc>]) -> anyhow::Result<Batch> {
        let mut batch = Batch::new();
        for &at in times {
            let owner = self.world.registrars[self.owners.draw(&mut self.rng)].clone();
            let case = self.case(&mut batch, &owner, at, None)?;
            self.maybe_refer(&mut batch, &owner, &case, at)?;
        }
        Ok(batch)
    }

    fn case(
        &mut self,
        batch: &mut Batch,
        owner: &Registrar,
        at: DateTime<Utc>,
        referral_link: Option<&str>,
    ) -> anyhow::Result<GeneratedCase> {
        let id = uuid(&mut self.rng);
        let worker = owner.workers[self.rng.gen_range(0..owner.workers.len())].clone();
        let reported_on = local_date(at);
        let year = reported_on.year();
        let number = {
            let last = self.counters.entry((owner.id.clone(), year)).or_insert(0);
            *last += 1;
            *last
        };
        let two_grounds = chance(&mut self.rng, 0.12);
        let grounds = self.grounds.draw_distinct(&mut self.rng, if two_grounds { 2 } else { 1 });
        let two_forms = chance(&mut self.rng, 0.3);
        let manifestations = self.manifestations.draw_distinct(&mut self.rng, if two_forms { 2 } else { 1 });
        let places = Weighted::zipf(owner.municipalities.iter().copied(), 1.0);
        let residence = places.draw(&mut self.rng);
        let incident = if chance(&mut self.rng, 0.75) { residence } else { places.draw(&mut self.rng) };
        let incident_date = reported_on - Duration::days(self.rng.gen_range(0..45));
        let status = self.status((self.now - at).num_days());
        let counterparty = chance(&mut self.rng, 0.2).then(|| self.counterparty_choice.draw(&mut self.rng));
        let identity =
            if counterparty.is_some() || chance(&mut self.rng, 0.6) { Some(self.identity(counterparty)) } else { None };
        let sealed = identity.map(|block| seal(owner, &block)).transpose()?;
        let police = owner.kind == OrganisationKind::Police;
        let link = counterparty.map(|n| self.counterparties[n].link.clone());
        let shares = self.chains_to_share(owner, &grounds);
        let rng = &mut self.rng;
        let summary = (!shares.is_empty()).then(|| texts::SUMMARIES[rng.gen_range(0..texts::SUMMARIES.len())]);
        let micros = at.timestamp_micros();
        batch.table(CASES).push([
            id.clone().into(),
            public_code(rng).into(),
            owner.id.clone().into(),
            case_number(&owner.prefix, year, number).into(),
            police.then(|| format!("PL0100-{year}{number:06}")).into(),
            self.domains.draw(rng).into(),
            channel(rng, police, referral_link.is_some()).into(),
            handling(rng, police).into(),
            status.into(),
            Value::from(residence),
            Value::from(incident),
            incident_date.to_string().into(),
            format!("{:04}-{:02}", incident_date.year(), incident_date.month()).into(),
            reported_on.to_string().into(),
            summary.into(),
            counterparty.map(|n| self.counterparties[n].kind.as_str()).into(),
            link.clone().into(),
            sealed.as_ref().map_or(Value::Null, |bytes| Value::Blob(bytes.clone())),
            sealed.as_ref().map(|_| owner.key_id.clone()).into(),
            self.taxonomy_version.clone().into(),
            worker.clone().into(),
            micros.into(),
            micros.into(),
            referral_link.map(str::to_owned).into(),
        ]);
        for ground in &grounds {
            batch.table(GROUNDS_ROWS).push([id.clone().into(), (*ground).into()]);
        }
        for manifestation in &manifestations {
            batch.table(MANIFESTATION_ROWS).push([id.clone().into(), (*manifestation).into()]);
        }
        let case =
            GeneratedCase { id, owner: owner.id.clone(), worker, reported_on, at, has_counterparty: link.is_some() };
        batch.cases += 1;
        self.audit(batch, &case, at, AuditAction::CaseCreated, "case", &case.id.clone());
        self.consent(batch, &case, "register", None, at);
        if case.has_counterparty {
            self.audit(batch, &case, at, AuditAction::CounterpartySet, "case", &case.id.clone());
        }
        for chain in shares {
            self.share(batch, &case, &chain, counterparty)?;
        }
        self.notes(batch, owner, &case)?;
        Ok(case)
    }

    /// Older cases are mostly closed, recent ones open.
    fn status(&mut self, age_days: i64) -> &'static str {
        match age_days {
            d if d > 180 && chance(&mut self.rng, 0.9) => "closed",
            d if d > 30 && chance(&mut self.rng, 0.5) => "in_progress",
            _ => "open",
        }
    }

    /// The chains a case is shared with: the region's chain for most cases, the theme chain
    /// on anti-LGBTI violence too when a ground is about sexual orientation or gender.
    fn chains_to_share(&mut self, owner: &Registrar, grounds: &[&str]) -> Vec<String> {
        let about_lgbti = grounds.iter().any(|g| LGBTI.contains(g));
        let likely = if owner.kind == OrganisationKind::Police { 0.8 } else { 0.55 };
        let mut chains = Vec::new();
        for (chain, theme) in &owner.chains {
            let share = if *theme { about_lgbti && chance(&mut self.rng, 0.8) } else { chance(&mut self.rng, likely) };
            if share {
                chains.push(chain.clone());
            }
        }
        chains
    }

    fn consent(
        &mut self,
        batch: &mut Batch,
        case: &GeneratedCase,
        scope: &str,
        chain: Option<&str>,
        at: DateTime<Utc>,
    ) -> String {
        let id = uuid(&mut self.rng);
        let method = CONSENT_METHODS[self.rng.gen_range(0..CONSENT_METHODS.len())];
        batch.table(CONSENT_ROWS).push([
            id.clone().into(),
            case.id.clone().into(),
            scope.into(),
            chain.map(str::to_owned).into(),
            Value::Null,
            method.into(),
            case.reported_on.to_string().into(),
            case.worker.clone().into(),
            at.timestamp_micros().into(),
            Value::Null,
            Value::Null,
        ]);
        self.audit(batch, case, at, AuditAction::ConsentGiven, "consent", &id);
        id
    }

    fn share(
        &mut self,
        batch: &mut Batch,
        case: &GeneratedCase,
        chain: &str,
        counterparty: Option<usize>,
    ) -> anyhow::Result<()> {
        let at = (case.at + Duration::hours(self.rng.gen_range(1..72))).min(self.now);
        let consent = self.consent(batch, case, "share_pseudonymised", Some(chain), at);
        // A few reporters withdraw their consent later; the share ends with it.
        let withdrawn = chance(&mut self.rng, 0.03)
            .then(|| at + Duration::days(self.rng.gen_range(5..90)))
            .filter(|t| *t < self.now);
        let pseudonym = counterparty.map(|n| self.chain_pseudonym(chain, n));
        let id = uuid(&mut self.rng);
        batch.table(SHARE_ROWS).push([
            id.clone().into(),
            case.id.clone().into(),
            chain.into(),
            consent.clone().into(),
            case.worker.clone().into(),
            at.timestamp_micros().into(),
            withdrawn.map(|t| t.timestamp_micros()).into(),
            withdrawn.map(|_| case.worker.clone()).into(),
            pseudonym.into(),
        ]);
        self.audit(batch, case, at, AuditAction::CaseShared, "case", &case.id.clone());
        match withdrawn {
            Some(when) => {
                // The consent row was just pushed; mark it withdrawn in place.
                mark_withdrawn(batch, when, &case.worker);
                self.audit(batch, case, when, AuditAction::ConsentWithdrawn, "consent", &consent);
                self.audit(batch, case, when, AuditAction::CaseUnshared, "case", &case.id.clone());
            }
            None => self.shared.entry(chain.to_owned()).or_default().push(SharedCase {
                case_id: case.id.clone(),
                owner: case.owner.clone(),
                worker: case.worker.clone(),
                shared_at: at,
            }),
        }
        Ok(())
    }

    fn notes(&mut self, batch: &mut Batch, owner: &Registrar, case: &GeneratedCase) -> anyhow::Result<()> {
        for n in 0..self.rng.gen_range(0..=3) {
            let at = (case.at + Duration::days(n * 7 + 1)).min(self.now);
            let id = uuid(&mut self.rng);
            let internal = chance(&mut self.rng, 0.3);
            let (shared, sealed) = if internal {
                let text = texts::INTERNAL_NOTES[self.rng.gen_range(0..texts::INTERNAL_NOTES.len())];
                (Value::Null, Value::Blob(envelope::seal(std::slice::from_ref(&owner.recipient), text.as_bytes())?))
            } else {
                (texts::SHARED_NOTES[self.rng.gen_range(0..texts::SHARED_NOTES.len())].into(), Value::Null)
            };
            let key = internal.then(|| owner.key_id.clone());
            batch.table(NOTE_ROWS).push([
                id.clone().into(),
                case.id.clone().into(),
                shared,
                sealed,
                key.into(),
                case.worker.clone().into(),
                at.timestamp_micros().into(),
            ]);
            self.audit(batch, case, at, AuditAction::NoteAdded, "case", &case.id.clone());
        }
        Ok(())
    }

    /// Some reporting-centre cases go to the police and some police cases to a reporting
    /// centre, in every state a referral can be in; an accepted one makes the receiver's case.
    fn maybe_refer(
        &mut self,
        batch: &mut Batch,
        owner: &Registrar,
        case: &GeneratedCase,
        at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let receiver_kind = match owner.kind {
            OrganisationKind::ReportingCentre if chance(&mut self.rng, 0.06) => OrganisationKind::Police,
            OrganisationKind::Police if chance(&mut self.rng, 0.04) => OrganisationKind::ReportingCentre,
            _ => return Ok(()),
        };
        let receivers: Vec<&Registrar> = self.world.registrars.iter().filter(|r| r.kind == receiver_kind).collect();
        let Some(receiver) = receivers.get(self.rng.gen_range(0..receivers.len().max(1))).map(|r| (*r).clone()) else {
            return Ok(());
        };
        let status = Weighted::new([
            ("draft", 3.0),
            ("sent", 8.0),
            ("opened", 8.0),
            ("accepted", 60.0),
            ("declined", 15.0),
            ("withdrawn", 6.0),
        ])
        .draw(&mut self.rng);
        let link = self.keyring.keyed_hash("case-link", &case.id);
        let sent = (at + Duration::hours(self.rng.gen_range(1..48))).min(self.now);
        let opened = (sent + Duration::hours(self.rng.gen_range(1..96))).min(self.now);
        let decided = (opened + Duration::hours(self.rng.gen_range(1..96))).min(self.now);
        let reader = receiver.workers[0].clone();
        let accepted_case =
            if status == "accepted" { Some(self.case(batch, &receiver, decided, Some(&link))?.id) } else { None };
        let id = uuid(&mut self.rng);
        let t =
            |time: DateTime<Utc>, when: &[&str]| Value::from(when.contains(&status).then(|| time.timestamp_micros()));
        batch.table(REFERRAL_ROWS).push([
            id.clone().into(),
            owner.id.clone().into(),
            case.worker.clone().into(),
            receiver.id.clone().into(),
            case.id.clone().into(),
            link.into(),
            if chance(&mut self.rng, 0.1) { "urgent" } else { "normal" }.into(),
            texts::REFERRAL_SUMMARY.into(),
            status.into(),
            (status == "declined").then_some(texts::DECLINE_REASON).into(),
            accepted_case.into(),
            at.timestamp_micros().into(),
            t(sent, &["sent", "opened", "accepted", "declined", "withdrawn"]),
            t(opened, &["opened", "accepted", "declined"]),
            (["opened", "accepted", "declined"].contains(&status)).then(|| reader.clone()).into(),
            t(decided, &["accepted", "declined"]),
            (["accepted", "declined"].contains(&status)).then(|| reader.clone()).into(),
            t(decided, &["withdrawn"]),
            Value::Null,
        ]);
        let sender = (owner.id.as_str(), case.worker.as_str());
        let receiving = (receiver.id.as_str(), reader.as_str());
        let times = ReferralTimes { created: at, sent, opened, decided };
        let events = referral_events(status, sender, receiving, &times);
        for ((organisation, user), when, action) in events {
            batch.audit.push(event(&mut self.rng, organisation, user, when, action, "referral", &id));
        }
        Ok(())
    }

    fn identity(&mut self, counterparty: Option<usize>) -> IdentityBlock {
        let rng = &mut self.rng;
        let given = texts::GIVEN_NAMES[rng.gen_range(0..texts::GIVEN_NAMES.len())];
        let family = texts::FAMILY_NAMES[rng.gen_range(0..texts::FAMILY_NAMES.len())];
        let number: u32 = rng.gen_range(10_000_000..99_999_999);
        IdentityBlock {
            reporter: Some(Reporter {
                name: Some(format!("{given} {family}")),
                email: Some(format!("melder{number}@voorbeeld.example")),
                phone: Some(format!("06{number}")),
                address: None,
                date_of_birth: None,
            }),
            counterparty: counterparty.map(|n| Counterparty {
                kind: self.counterparties[n].kind,
                name: self.counterparties[n].name.clone(),
                address: None,
                registration_numbers: Vec::new(),
            }),
            account: Some("Wat mij overkwam, in mijn eigen woorden.".to_owned()),
        }
    }

    fn chain_pseudonym(&mut self, chain: &str, counterparty: usize) -> String {
        let link = &self.counterparties[counterparty].link;
        let keyring = &self.keyring;
        self.chain_pseudonyms
            .entry((chain.to_owned(), counterparty))
            .or_insert_with(|| keyring.chain_pseudonym(chain.parse().expect("a chain id"), link))
            .clone()
    }

    fn audit(
        &mut self,
        batch: &mut Batch,
        case: &GeneratedCase,
        at: DateTime<Utc>,
        action: AuditAction,
        kind: &'static str,
        object: &str,
    ) {
        let event = event(&mut self.rng, &case.owner, &case.worker, at, action, kind, object);
        batch.audit.push(event);
    }
}

pub struct GeneratedCase {
    pub id: String,
    owner: String,
    worker: String,
    reported_on: NaiveDate,
    at: DateTime<Utc>,
    has_counterparty: bool,
}

pub fn event(
    rng: &mut StdRng,
    organisation: &str,
    user: &str,
    at: DateTime<Utc>,
    action: AuditAction,
    kind: &'static str,
    object: &str,
) -> NewEvent {
    NewEvent {
        id: uuid(rng),
        occurred_at: at.timestamp_micros(),
        organisation_id: Some(organisation.to_owned()),
        actor_user_id: Some(user.to_owned()),
        actor_token_id: None,
        action: action.as_str(),
        object_type: Some(kind),
        object_id: Some(object.to_owned()),
        result: AuditResult::Ok.as_str(),
        request_id: None,
    }
}

fn known_counterparty(keyring: &Keyring, n: usize) -> KnownCounterparty {
    use crate::domain::case::CounterpartyKind;
    let (kind, name) = if n % 3 == 0 {
        (
            CounterpartyKind::Person,
            format!("{} {}", texts::GIVEN_NAMES[n % 10], texts::FAMILY_NAMES[(n / 10) % 10]) + &format!(" {n}"),
        )
    } else {
        (CounterpartyKind::Organisation, format!("Bedrijf {n} B.V."))
    };
    let link = keyring.pseudonym(PseudonymDomain::for_counterparty(kind), &name).expect("a name normalises");
    KnownCounterparty { kind, name, link }
}

fn seal(owner: &Registrar, block: &IdentityBlock) -> anyhow::Result<Vec<u8>> {
    let plaintext = serde_json::to_vec(block)?;
    envelope::seal(std::slice::from_ref(&owner.recipient), &plaintext)
}

/// Marks the consent pushed last as withdrawn.
fn mark_withdrawn(batch: &mut Batch, when: DateTime<Utc>, by: &str) {
    batch
        .table(CONSENT_ROWS)
        .amend_last(vec![("withdrawn_at", when.timestamp_micros().into()), ("withdrawal_recorded_by", by.into())]);
}
