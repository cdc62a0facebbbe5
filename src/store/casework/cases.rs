//! Cases. Every read takes its scope as a parameter: the owner organisation, or the chains
//! whose shared view the caller may see. Sealed identity blocks are read only by the owner.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::case_rows::{decode, with_codes, COLUMNS};
use crate::domain::case::{Case, CaseStatus, CounterpartyKind};
use crate::domain::ids::{CaseId, ChainId, OrganisationId, OrganisationKeyId, UserId};
use crate::domain::overview::Month;
use crate::store::sql::{self, Page, PageRequest};

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
    /// Reported on or after, and on or before.
    pub reported_from: Option<NaiveDate>,
    pub reported_to: Option<NaiveDate>,
    /// Shared with a chain now, or not.
    pub shared: Option<bool>,
    /// A case number or public code, exactly.
    pub code: Option<String>,
}

impl CaseFilter {
    fn conditions(&self, first: usize) -> sql::Conditions {
        let mut conditions = sql::Conditions::numbered_from(first);
        if let Some(status) = self.status {
            conditions.add(|p| format!("c.status = {p}"), status.as_str().to_owned());
        }
        if let Some(ground) = &self.ground {
            conditions.add(
                |p| format!("EXISTS (SELECT 1 FROM case_grounds g WHERE g.case_id = c.id AND g.ground = {p})"),
                ground.clone(),
            );
        }
        if let Some(municipality) = &self.residence_municipality {
            conditions.add(|p| format!("c.residence_municipality = {p}"), municipality.clone());
        }
        if let Some(from) = self.reported_from {
            conditions.add(|p| format!("c.reported_on >= {p}"), from.to_string());
        }
        if let Some(to) = self.reported_to {
            conditions.add(|p| format!("c.reported_on <= {p}"), to.to_string());
        }
        match self.shared {
            Some(true) => conditions.add_unbound(SHARED_NOW),
            Some(false) => conditions.add_unbound(&format!("NOT {SHARED_NOW}")),
            None => {}
        }
        if let Some(code) = &self.code {
            conditions.add(|p| format!("(c.case_number = {p} OR c.public_id = {p})"), code.trim().to_uppercase());
        }
        conditions
    }
}

/// An own case shared with some chain at this moment.
const SHARED_NOW: &str = "EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.unshared_at IS NULL)";

/// The organisation's case with this number or public code.
pub async fn id_by_reference(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    reference: &str,
) -> sqlx::Result<Option<CaseId>> {
    let row = sqlx::query("SELECT id FROM cases WHERE organisation_id = $1 AND (case_number = $2 OR public_id = $2)")
        .bind(organisation.to_string())
        .bind(reference.trim().to_uppercase())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| sql::id(&row, "id")).transpose()
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
             shared_summary, counterparty_kind, counterparty_pseudonym, incident_until, identity_ciphertext,
             identity_key_id, taxonomy_version, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
             $23, $23)",
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
             incident_until = $16, taxonomy_version = $17, updated_at = $18
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

/// The registration columns, from police_registration_number to incident_until, in
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
        .bind(r.incident_until.map(|d| d.to_string()))
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
    let mut conditions = filter.conditions(3);
    if let Some(after) = page.after_text() {
        conditions.add(
            |p| {
                format!(
                    "(c.created_at, c.id) < (SELECT created_at, id FROM cases WHERE id = {p} AND organisation_id = $1)"
                )
            },
            after,
        );
    }
    let (narrowed, values) = conditions.into_parts();
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c WHERE c.organisation_id = $1{narrowed}
         ORDER BY c.created_at DESC, c.id DESC LIMIT $2"
    );
    let mut query = sqlx::query(&sql).bind(owner.to_string()).bind(page.limit());
    for value in values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(with_codes(conn, cases).await?, page))
}

/// The condition under which the case aliased `case` is visible to the chains of the
/// placeholders `chains`: an active share under a consent that has not been withdrawn.
/// Withdrawal therefore takes effect in the very next query.
pub(super) fn visible_in(case: &str, chains: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM case_shares s JOIN consents k ON k.id = s.consent_id
         WHERE s.case_id = {case}.id AND s.unshared_at IS NULL AND k.withdrawn_at IS NULL
           AND k.scope = 'share_pseudonymised' AND s.chain_id IN ({chains}))"
    )
}

/// What partners may narrow the chain's casework by: codes and a month, never a person.
#[derive(Default)]
pub struct SharedFilter {
    pub ground: Option<String>,
    pub domain: Option<String>,
    /// Of residence or of the incident.
    pub municipality: Option<String>,
    /// The incident's month.
    pub month: Option<Month>,
}

impl SharedFilter {
    /// The filter's conditions, numbered from `first`, with their values: only the filters
    /// given become conditions, so none of them is an `IS NULL OR` an index cannot use.
    fn conditions(&self, first: usize) -> sql::Conditions {
        let mut conditions = sql::Conditions::numbered_from(first);
        if let Some(ground) = &self.ground {
            conditions.add(
                |p| format!("EXISTS (SELECT 1 FROM case_grounds g WHERE g.case_id = c.id AND g.ground = {p})"),
                ground.clone(),
            );
        }
        if let Some(domain) = &self.domain {
            conditions.add(|p| format!("c.domain = {p}"), domain.clone());
        }
        if let Some(municipality) = &self.municipality {
            conditions.add(
                |p| format!("(c.residence_municipality = {p} OR c.incident_municipality = {p})"),
                municipality.clone(),
            );
        }
        if let Some(month) = self.month {
            conditions.add(|p| format!("c.incident_date >= {p}"), month.first_day().to_string());
            conditions.add(|p| format!("c.incident_date < {p}"), month.next().first_day().to_string());
        }
        conditions
    }
}

/// Cases shared to any of `chains`, newest first. An empty list of chains sees nothing.
pub async fn list_shared(
    conn: &mut AnyConnection,
    chains: &[ChainId],
    filter: &SharedFilter,
    page: &PageRequest,
) -> sqlx::Result<Page<Case>> {
    if chains.is_empty() {
        return Ok(Page { items: Vec::new(), has_next_page: false });
    }
    let n = chains.len();
    let chains_in = sql::placeholders(1, n);
    let mut conditions = filter.conditions(n + 2);
    if let Some(after) = page.after_text() {
        // The cursor's case must itself be visible, or its position would leak.
        conditions.add(
            |p| {
                format!(
                    "(c.created_at, c.id) < (SELECT a.created_at, a.id FROM cases a WHERE a.id = {p} AND {})",
                    visible_in("a", &chains_in)
                )
            },
            after,
        );
    }
    let (narrowed, values) = conditions.into_parts();
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c WHERE {visible}{narrowed}
         ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}",
        visible = visible_in("c", &chains_in),
        limit = n + 1
    );
    let mut query = sqlx::query(&sql);
    for chain in chains {
        query = query.bind(chain.to_string());
    }
    query = query.bind(page.limit());
    for value in values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(with_codes(conn, cases).await?, page))
}

/// One case, if it is shared to any of `chains`.
pub async fn find_shared(conn: &mut AnyConnection, chains: &[ChainId], id: CaseId) -> sqlx::Result<Option<Case>> {
    if chains.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM cases c WHERE c.id = $1 AND {}",
        visible_in("c", &sql::placeholders(2, chains.len()))
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

/// The case with public code `code` if it is shared to `chain` (a code of a case not shared
/// there finds nothing, like a code that does not exist).
pub async fn shared_id_by_code(conn: &mut AnyConnection, chain: ChainId, code: &str) -> sqlx::Result<Option<CaseId>> {
    let sql = format!("SELECT c.id FROM cases c WHERE c.public_id = $1 AND {}", visible_in("c", "$2"));
    let row = sqlx::query(&sql).bind(code).bind(chain.to_string()).fetch_optional(&mut *conn).await?;
    row.map(|row| sql::id(&row, "id")).transpose()
}

/// The cases among `ids` shared to any of `chains`; one statement and the codes' two.
pub async fn shared_by_ids(conn: &mut AnyConnection, chains: &[ChainId], ids: &[CaseId]) -> sqlx::Result<Vec<Case>> {
    let rows = select_shared_among(conn, COLUMNS, chains, ids).await?;
    let cases = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    with_codes(conn, cases).await
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
        "SELECT {columns} FROM cases c WHERE c.id IN ({}) AND {}",
        sql::placeholders(1, ids.len()),
        visible_in("c", &sql::placeholders(ids.len() + 1, chains.len()))
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
