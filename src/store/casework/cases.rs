//! Cases. Every read takes its scope as a parameter: the owner organisation, or the chains
//! whose shared view the caller may see. Sealed identity blocks are read only by the owner.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::case::{Case, CaseStatus, CounterpartyKind, Registration};
use crate::domain::ids::{CaseId, ChainId, OrganisationId, OrganisationKeyId, UserId};
use crate::domain::overview::{ChainShare, RegionCase};
use crate::store::sql::{self, Page, PageRequest};

const COLUMNS: &str = "c.id, c.public_id, c.organisation_id, c.case_number, c.police_registration_number, c.domain, \
    c.channel, c.handling, c.status, c.residence_municipality, c.incident_municipality, c.incident_date, \
    c.reported_on, c.shared_summary, c.counterparty_kind, c.counterparty_pseudonym, \
    c.identity_ciphertext IS NOT NULL AS has_identity, c.taxonomy_version, c.created_at, c.updated_at";

/// The sealed identity block of a case and the key it is sealed to.
pub struct SealedIdentity {
    pub ciphertext: Vec<u8>,
    pub key_id: OrganisationKeyId,
}

/// Filters on an organisation's own cases.
#[derive(Debug, Default, Clone)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub ground: Option<String>,
    pub residence_municipality: Option<String>,
}

/// The next number in the organisation's series for `year`.
pub async fn next_number(conn: &mut AnyConnection, organisation: OrganisationId, year: i32) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO case_counters (organisation_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (organisation_id, year) DO UPDATE SET last_number = case_counters.last_number + 1
         RETURNING last_number",
    )
    .bind(organisation.to_string())
    .bind(i64::from(year))
    .fetch_one(&mut *conn)
    .await
}

pub async fn insert(
    conn: &mut AnyConnection,
    case: &Case,
    identity: Option<&SealedIdentity>,
    created_by: Option<UserId>,
) -> sqlx::Result<()> {
    let query = sqlx::query(
        "INSERT INTO cases (id, public_id, organisation_id, case_number, police_registration_number, domain, channel,
             handling, status, residence_municipality, incident_municipality, incident_date, incident_month, reported_on,
             shared_summary, counterparty_kind, counterparty_pseudonym, identity_ciphertext, identity_key_id,
             taxonomy_version, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)",
    )
    .bind(case.id.to_string())
    .bind(&case.public_id)
    .bind(case.organisation_id.to_string())
    .bind(&case.case_number);
    bind_registration(query, case)
        .bind(identity.map(|i| i.ciphertext.clone()))
        .bind(identity.map(|i| i.key_id.to_string()))
        .bind(&case.taxonomy_version)
        .bind(created_by.map(|id| id.to_string()))
        .bind(sql::micros(case.created_at))
        .execute(&mut *conn)
        .await?;
    replace_codes(conn, case).await
}

/// Writes the registration fields, summary and pseudonym of an existing case of `owner`.
pub async fn update(conn: &mut AnyConnection, owner: OrganisationId, case: &Case) -> sqlx::Result<bool> {
    let query = sqlx::query(
        "UPDATE cases SET police_registration_number = $3, domain = $4, channel = $5, handling = $6, status = $7,
             residence_municipality = $8, incident_municipality = $9, incident_date = $10, incident_month = $11,
             reported_on = $12, shared_summary = $13, counterparty_kind = $14, counterparty_pseudonym = $15,
             taxonomy_version = $16, updated_at = $17
         WHERE id = $1 AND organisation_id = $2",
    )
    .bind(case.id.to_string())
    .bind(owner.to_string());
    let result = bind_registration(query, case)
        .bind(&case.taxonomy_version)
        .bind(sql::micros(case.updated_at))
        .execute(&mut *conn)
        .await?;
    if result.rows_affected() == 0 {
        return Ok(false);
    }
    replace_codes(conn, case).await?;
    Ok(true)
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// The registration columns, from police_registration_number to the counterparty link, in
/// the order both the insert and the update list them.
fn bind_registration<'q>(query: AnyQuery<'q>, case: &'q Case) -> AnyQuery<'q> {
    let r = &case.registration;
    query
        .bind(&r.police_registration_number)
        .bind(&r.domain)
        .bind(&r.channel)
        .bind(&r.handling)
        .bind(r.status.as_str())
        .bind(&r.residence_municipality)
        .bind(&r.incident_municipality)
        .bind(r.incident_date.map(|d| d.to_string()))
        .bind(r.incident_month())
        .bind(r.reported_on.to_string())
        .bind(&case.shared_summary)
        .bind(case.counterparty_kind.map(CounterpartyKind::as_str))
        .bind(&case.counterparty_link)
}

async fn replace_codes(conn: &mut AnyConnection, case: &Case) -> sqlx::Result<()> {
    let id = case.id.to_string();
    sqlx::query("DELETE FROM case_grounds WHERE case_id = $1").bind(&id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM case_manifestations WHERE case_id = $1").bind(&id).execute(&mut *conn).await?;
    for ground in &case.registration.grounds {
        sqlx::query("INSERT INTO case_grounds (case_id, ground) VALUES ($1, $2)")
            .bind(&id)
            .bind(ground)
            .execute(&mut *conn)
            .await?;
    }
    for manifestation in &case.registration.manifestations {
        sqlx::query("INSERT INTO case_manifestations (case_id, manifestation) VALUES ($1, $2)")
            .bind(&id)
            .bind(manifestation)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces (or, with `None`, erases) the sealed identity block of a case of `owner`.
pub async fn set_identity(
    conn: &mut AnyConnection,
    owner: OrganisationId,
    id: CaseId,
    identity: Option<&SealedIdentity>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE cases SET identity_ciphertext = $3, identity_key_id = $4, updated_at = $5 WHERE id = $1 AND organisation_id = $2",
    )
    .bind(id.to_string())
    .bind(owner.to_string())
    .bind(identity.map(|i| i.ciphertext.clone()))
    .bind(identity.map(|i| i.key_id.to_string()))
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

pub async fn find_owned(conn: &mut AnyConnection, owner: OrganisationId, id: CaseId) -> sqlx::Result<Option<Case>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM cases c WHERE c.id = $1 AND c.organisation_id = $2"))
        .bind(id.to_string())
        .bind(owner.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(with_codes(conn, vec![decode(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

pub async fn sealed_identity(
    conn: &mut AnyConnection,
    owner: OrganisationId,
    id: CaseId,
) -> sqlx::Result<Option<SealedIdentity>> {
    let row = sqlx::query(
        "SELECT identity_ciphertext, identity_key_id FROM cases
         WHERE id = $1 AND organisation_id = $2 AND identity_ciphertext IS NOT NULL",
    )
    .bind(id.to_string())
    .bind(owner.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(SealedIdentity {
            ciphertext: row.try_get("identity_ciphertext")?,
            key_id: sql::id(&row, "identity_key_id")?,
        })
    })
    .transpose()
}

/// The owner's cases, newest first.
pub async fn list_owned(
    conn: &mut AnyConnection,
    owner: OrganisationId,
    filter: &CaseFilter,
    page: &PageRequest,
) -> sqlx::Result<Page<Case>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM cases c
         WHERE c.organisation_id = $1
           AND ($2 IS NULL OR c.status = $2)
           AND ($3 IS NULL OR EXISTS (SELECT 1 FROM case_grounds g WHERE g.case_id = c.id AND g.ground = $3))
           AND ($4 IS NULL OR c.residence_municipality = $4)
           AND ($5 IS NULL OR (c.created_at, c.id) < (SELECT created_at, id FROM cases WHERE id = $5 AND organisation_id = $1))
         ORDER BY c.created_at DESC, c.id DESC LIMIT $6"
    ))
    .bind(owner.to_string())
    .bind(filter.status.map(CaseStatus::as_str))
    .bind(&filter.ground)
    .bind(&filter.residence_municipality)
    .bind(page.after_text())
    .bind(page.limit())
    .fetch_all(&mut *conn)
    .await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(with_codes(conn, cases).await?, page))
}

/// The condition under which a case is visible to a chain: an active share under a consent
/// that has not been withdrawn. Withdrawal therefore takes effect in the very next query.
const VISIBLE_IN: &str = "EXISTS (SELECT 1 FROM case_shares s JOIN consents k ON k.id = s.consent_id
     WHERE s.case_id = c.id AND s.unshared_at IS NULL AND k.withdrawn_at IS NULL AND k.scope = 'share_pseudonymised'
       AND s.chain_id IN";

/// Cases shared to any of `chains`, newest first. An empty list of chains sees nothing.
pub async fn list_shared(conn: &mut AnyConnection, chains: &[ChainId], page: &PageRequest) -> sqlx::Result<Page<Case>> {
    if chains.is_empty() {
        return Ok(Page { items: Vec::new(), has_next_page: false });
    }
    let n = chains.len();
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c
         WHERE {VISIBLE_IN} ({chains}))
           AND (${after} IS NULL OR (c.created_at, c.id) <
                (SELECT c.created_at, c.id FROM cases c WHERE c.id = ${after} AND {VISIBLE_IN} ({chains}))))
         ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}",
        chains = sql::placeholders(1, n),
        after = n + 1,
        limit = n + 2
    );
    let mut query = sqlx::query(&sql);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.bind(page.after_text()).bind(page.limit()).fetch_all(&mut *conn).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(with_codes(conn, cases).await?, page))
}

/// One case, if it is shared to any of `chains`.
pub async fn find_shared(conn: &mut AnyConnection, chains: &[ChainId], id: CaseId) -> sqlx::Result<Option<Case>> {
    if chains.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c WHERE c.id = $1 AND {VISIBLE_IN} ({}))",
        sql::placeholders(2, chains.len())
    );
    let mut query = sqlx::query(&sql).bind(id.to_string());
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    match query.fetch_optional(&mut *conn).await? {
        Some(row) => Ok(with_codes(conn, vec![decode(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

/// The cases among `ids` shared to any of `chains`; one statement and the codes' two.
pub async fn shared_by_ids(conn: &mut AnyConnection, chains: &[ChainId], ids: &[CaseId]) -> sqlx::Result<Vec<Case>> {
    let rows = select_shared_among(conn, COLUMNS, chains, ids).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    with_codes(conn, cases).await
}

/// An active share under a consent not withdrawn, as `s` joined to `k`.
const ACTIVE_SHARE: &str = "s.unshared_at IS NULL AND k.withdrawn_at IS NULL AND k.scope = 'share_pseudonymised'";

/// The cases shared to `chain` about any of `pseudonyms` (the chain's), each with its
/// pseudonym there, oldest first.
pub async fn shared_with_pseudonyms(
    conn: &mut AnyConnection,
    chain: ChainId,
    pseudonyms: &[String],
) -> sqlx::Result<Vec<(String, Case)>> {
    if pseudonyms.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS}, s.counterparty_pseudonym AS chain_pseudonym
         FROM case_shares s JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
         WHERE s.chain_id = $1 AND {ACTIVE_SHARE} AND s.counterparty_pseudonym IN ({})
         ORDER BY c.created_at, c.id",
        sql::placeholders(2, pseudonyms.len()),
    );
    let mut query = sqlx::query(&sql).bind(chain.to_string());
    for pseudonym in pseudonyms {
        query = query.bind(pseudonym);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let pseudonyms = rows.iter().map(|row| row.try_get("chain_pseudonym")).collect::<sqlx::Result<Vec<String>>>()?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(pseudonyms.into_iter().zip(with_codes(conn, cases).await?).collect())
}

/// Cases shared to any of `chains` about the counterparty with one of those chains' pseudonyms.
pub async fn with_pseudonym(conn: &mut AnyConnection, chains: &[ChainId], pseudonym: &str) -> sqlx::Result<Vec<Case>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c WHERE c.id IN (
             SELECT s.case_id FROM case_shares s JOIN consents k ON k.id = s.consent_id
             WHERE s.counterparty_pseudonym = $1 AND {ACTIVE_SHARE} AND s.chain_id IN ({}))
         ORDER BY c.created_at DESC LIMIT 500",
        sql::placeholders(2, chains.len())
    );
    let mut query = sqlx::query(&sql).bind(pseudonym);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    with_codes(conn, cases).await
}

/// How many cases, and of how many organisations, are shared to `chain` under `pseudonym`.
pub async fn pattern_counts(conn: &mut AnyConnection, chain: ChainId, pseudonym: &str) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query(&format!(
        "SELECT COUNT(DISTINCT c.id) AS reports, COUNT(DISTINCT c.organisation_id) AS organisations
         FROM case_shares s JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
         WHERE s.chain_id = $1 AND s.counterparty_pseudonym = $2 AND {ACTIVE_SHARE}"
    ))
    .bind(chain.to_string())
    .bind(pseudonym)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("reports")?, row.try_get("organisations")?))
}

/// Every case shared (under a share still active) to any of `chains` before `before`, with
/// each of those shares: when it began and the counterparty's pseudonym in its chain. The
/// monthly overview reads the month and the patterns from it.
pub async fn first_shared(
    conn: &mut AnyConnection,
    chains: &[ChainId],
    before: DateTime<Utc>,
) -> sqlx::Result<Vec<RegionCase>> {
    if chains.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS}, s.shared_at AS share_began, s.counterparty_pseudonym AS chain_pseudonym
         FROM case_shares s JOIN consents k ON k.id = s.consent_id JOIN cases c ON c.id = s.case_id
         WHERE {ACTIVE_SHARE} AND s.chain_id IN ({}) AND s.shared_at < $1
         ORDER BY c.id, s.shared_at",
        sql::placeholders(2, chains.len())
    );
    let mut query = sqlx::query(&sql).bind(sql::micros(before));
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut found: Vec<Case> = Vec::new();
    let mut shares: Vec<Vec<ChainShare>> = Vec::new();
    for row in &rows {
        let case = decode(row)?;
        if found.last().is_none_or(|last| last.id != case.id) {
            found.push(case);
            shares.push(Vec::new());
        }
        if let Some(last) = shares.last_mut() {
            last.push((sql::time(row, "share_began")?, row.try_get("chain_pseudonym")?));
        }
    }
    let cases = with_codes(conn, found).await?;
    let mut out: Vec<RegionCase> = cases.into_iter().zip(shares).map(RegionCase::new).collect();
    out.sort_by(|a, b| a.first_shared.cmp(&b.first_shared).then(a.case.id.cmp(&b.case.id)));
    Ok(out)
}

/// Something of `owner` sealed to its key: an identity block or an internal note.
pub enum SealedRow {
    Identity { case: String, ciphertext: Vec<u8> },
    Note { note: String, ciphertext: Vec<u8> },
}

/// Every identity block and internal note `owner` has sealed, for key rotation.
pub async fn sealed_of_owner(conn: &mut AnyConnection, owner: OrganisationId) -> sqlx::Result<Vec<SealedRow>> {
    let identities = sqlx::query(
        "SELECT id, identity_ciphertext FROM cases WHERE organisation_id = $1 AND identity_ciphertext IS NOT NULL",
    )
    .bind(owner.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let notes = sqlx::query(
        "SELECT n.id, n.sealed_text FROM case_notes n JOIN cases c ON c.id = n.case_id
         WHERE c.organisation_id = $1 AND n.sealed_text IS NOT NULL",
    )
    .bind(owner.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut rows = Vec::with_capacity(identities.len() + notes.len());
    for row in identities {
        rows.push(SealedRow::Identity { case: row.try_get("id")?, ciphertext: row.try_get("identity_ciphertext")? });
    }
    for row in notes {
        rows.push(SealedRow::Note { note: row.try_get("id")?, ciphertext: row.try_get("sealed_text")? });
    }
    Ok(rows)
}

/// Replaces a sealed row's ciphertext with one sealed to `key`.
pub async fn replace_sealed(
    conn: &mut AnyConnection,
    row: &SealedRow,
    ciphertext: Vec<u8>,
    key: OrganisationKeyId,
) -> sqlx::Result<()> {
    let (sql, id) = match row {
        SealedRow::Identity { case, .. } => {
            ("UPDATE cases SET identity_ciphertext = $2, identity_key_id = $3 WHERE id = $1", case)
        }
        SealedRow::Note { note, .. } => {
            ("UPDATE case_notes SET sealed_text = $2, sealed_key_id = $3 WHERE id = $1", note)
        }
    };
    sqlx::query(sql).bind(id).bind(ciphertext).bind(key.to_string()).execute(&mut *conn).await.map(|_| ())
}

impl SealedRow {
    pub fn ciphertext(&self) -> &[u8] {
        match self {
            SealedRow::Identity { ciphertext, .. } | SealedRow::Note { ciphertext, .. } => ciphertext,
        }
    }
}

async fn with_codes(conn: &mut AnyConnection, mut cases: Vec<Case>) -> sqlx::Result<Vec<Case>> {
    if cases.is_empty() {
        return Ok(cases);
    }
    let ids = sql::placeholders(1, cases.len());
    let mut grounds: HashMap<CaseId, Vec<String>> = HashMap::new();
    let mut manifestations: HashMap<CaseId, Vec<String>> = HashMap::new();
    for (table, column, target) in
        [("case_grounds", "ground", &mut grounds), ("case_manifestations", "manifestation", &mut manifestations)]
    {
        let sql = format!("SELECT case_id, {column} FROM {table} WHERE case_id IN ({ids}) ORDER BY {column}");
        let mut query = sqlx::query(&sql);
        for case in &cases {
            query = query.bind(case.id.to_string());
        }
        for row in query.fetch_all(&mut *conn).await? {
            target.entry(sql::id(&row, "case_id")?).or_default().push(row.try_get(column)?);
        }
    }
    for case in &mut cases {
        case.registration.grounds = grounds.remove(&case.id).unwrap_or_default();
        case.registration.manifestations = manifestations.remove(&case.id).unwrap_or_default();
    }
    Ok(cases)
}

fn date(row: &AnyRow, column: &str) -> sqlx::Result<Option<NaiveDate>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| t.parse().map_err(|_| sqlx::Error::Decode(format!("column {column} holds no date").into())))
        .transpose()
}

fn decode(row: &AnyRow) -> sqlx::Result<Case> {
    let counterparty_kind: Option<String> = row.try_get("counterparty_kind")?;
    let has_identity: bool = match row.try_get::<bool, _>("has_identity") {
        Ok(value) => value,
        Err(_) => row.try_get::<i64, _>("has_identity")? != 0,
    };
    Ok(Case {
        id: sql::id(row, "id")?,
        public_id: row.try_get("public_id")?,
        organisation_id: sql::id(row, "organisation_id")?,
        case_number: row.try_get("case_number")?,
        registration: Registration {
            grounds: Vec::new(),
            domain: row.try_get("domain")?,
            manifestations: Vec::new(),
            channel: row.try_get("channel")?,
            handling: row.try_get("handling")?,
            status: sql::code(row, "status", CaseStatus::parse)?,
            residence_municipality: row.try_get("residence_municipality")?,
            incident_municipality: row.try_get("incident_municipality")?,
            incident_date: date(row, "incident_date")?,
            reported_on: date(row, "reported_on")?.unwrap_or_default(),
            police_registration_number: row.try_get("police_registration_number")?,
        },
        shared_summary: row.try_get("shared_summary")?,
        counterparty_kind: counterparty_kind.as_deref().and_then(CounterpartyKind::parse),
        counterparty_link: row.try_get("counterparty_pseudonym")?,
        has_identity,
        taxonomy_version: row.try_get("taxonomy_version")?,
        created_at: sql::time(row, "created_at")?,
        updated_at: sql::time(row, "updated_at")?,
    })
}

/// Which of `ids` belong to `owner`.
pub async fn owned_among(conn: &mut AnyConnection, owner: OrganisationId, ids: &[CaseId]) -> sqlx::Result<Vec<CaseId>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql =
        format!("SELECT id FROM cases WHERE organisation_id = $1 AND id IN ({})", sql::placeholders(2, ids.len()));
    let mut query = sqlx::query(&sql).bind(owner.to_string());
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(|row| sql::id(row, "id")).collect()
}

/// Which of `ids` are shared to any of `chains`.
pub async fn shared_among(conn: &mut AnyConnection, chains: &[ChainId], ids: &[CaseId]) -> sqlx::Result<Vec<CaseId>> {
    let rows = select_shared_among(conn, "c.id", chains, ids).await?;
    rows.iter().map(|row| sql::id(row, "id")).collect()
}

/// `columns` of the cases among `ids` that are shared to any of `chains`.
async fn select_shared_among(
    conn: &mut AnyConnection,
    columns: &str,
    chains: &[ChainId],
    ids: &[CaseId],
) -> sqlx::Result<Vec<AnyRow>> {
    if ids.is_empty() || chains.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {columns} FROM cases c WHERE c.id IN ({}) AND {VISIBLE_IN} ({}))",
        sql::placeholders(1, ids.len()),
        sql::placeholders(ids.len() + 1, chains.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id.to_string());
    }
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    query.fetch_all(&mut *conn).await
}

/// Records that a case came from a referral, by the keyed hash both sides hold.
pub async fn set_referral_link(conn: &mut AnyConnection, id: CaseId, link: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE cases SET referral_link = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(link)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The owner organisation of each of `ids` that exists.
pub async fn owners(conn: &mut AnyConnection, ids: &[CaseId]) -> sqlx::Result<HashMap<CaseId, OrganisationId>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!("SELECT id, organisation_id FROM cases WHERE id IN ({})", sql::placeholders(1, ids.len()));
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(|row| Ok((sql::id(row, "id")?, sql::id(row, "organisation_id")?))).collect()
}

/// Forgets the counterparty's link key and every chain's pseudonym of it: nothing links the
/// case to others any more.
pub async fn clear_pseudonym(conn: &mut AnyConnection, id: CaseId) -> sqlx::Result<()> {
    sqlx::query("UPDATE cases SET counterparty_pseudonym = NULL WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE case_shares SET counterparty_pseudonym = NULL WHERE case_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The counterparty link key of a case of `owner`, if it names a counterparty.
pub async fn counterparty_link(
    conn: &mut AnyConnection,
    owner: OrganisationId,
    id: CaseId,
) -> sqlx::Result<Option<String>> {
    let link: Option<Option<String>> =
        sqlx::query_scalar("SELECT counterparty_pseudonym FROM cases WHERE id = $1 AND organisation_id = $2")
            .bind(id.to_string())
            .bind(owner.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(link.flatten())
}

/// Takes the write lock on a case of `owner` for the transaction (a no-op update: a row lock
/// on PostgreSQL; SQLite's writer is single already); false when there is no such case.
pub async fn lock_owned(conn: &mut AnyConnection, owner: OrganisationId, id: CaseId) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE cases SET updated_at = updated_at WHERE id = $1 AND organisation_id = $2")
        .bind(id.to_string())
        .bind(owner.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() > 0)
}
