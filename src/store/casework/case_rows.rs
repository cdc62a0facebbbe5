//! How a case row is selected and read back, with its grounds and manifestations.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::case::{Case, CaseStatus, CounterpartyKind, Registration};
use crate::domain::ids::CaseId;
use crate::store::sql;

pub(crate) const COLUMNS: &str =
    "c.id, c.public_id, c.organisation_id, c.case_number, c.police_registration_number, c.domain, \
    c.channel, c.handling, c.status, c.residence_municipality, c.incident_municipality, c.incident_date, \
    c.incident_until, \
    c.reported_on, c.shared_summary, c.counterparty_kind, c.counterparty_pseudonym, \
    c.identity_ciphertext IS NOT NULL AS has_identity, c.taxonomy_version, c.created_at, c.updated_at";

/// Cases whose codes one statement reads.
const CODES_PER_STATEMENT: usize = 5_000;

pub(crate) async fn with_codes(conn: &mut AnyConnection, mut cases: Vec<Case>) -> sqlx::Result<Vec<Case>> {
    if cases.is_empty() {
        return Ok(cases);
    }
    let mut grounds: HashMap<CaseId, Vec<String>> = HashMap::new();
    let mut manifestations: HashMap<CaseId, Vec<String>> = HashMap::new();
    // A page is one statement each; the overview's whole region takes several, below the
    // engines' limits on parameters.
    for chunk in cases.chunks(CODES_PER_STATEMENT) {
        let ids = sql::placeholders(1, chunk.len());
        // Both kinds of code in one statement: a page's every statement is a round trip.
        let sql = format!(
            "SELECT case_id, 'ground' AS kind, ground AS code FROM case_grounds WHERE case_id IN ({ids})
             UNION ALL
             SELECT case_id, 'manifestation', manifestation FROM case_manifestations WHERE case_id IN ({ids})
             ORDER BY code"
        );
        let mut query = sqlx::query(&sql);
        for case in chunk {
            query = query.bind(case.id.to_string());
        }
        for row in query.fetch_all(&mut *conn).await? {
            let target = if row.try_get::<String, _>("kind")? == "ground" { &mut grounds } else { &mut manifestations };
            target.entry(sql::id(&row, "case_id")?).or_default().push(row.try_get("code")?);
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

pub(crate) fn decode(row: &AnyRow) -> sqlx::Result<Case> {
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
            incident_until: date(row, "incident_until")?,
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
