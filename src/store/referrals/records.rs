//! Referrals and the index of their sealed files. A status changes only from the states the
//! caller names (compare and set), so two people cannot both accept one referral.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{CaseId, OrganisationId, ReferralFileId, ReferralId, UserId};
use crate::domain::referral::{Referral, ReferralStatus, Urgency};
use crate::store::sql::{self, Page, PageRequest};

const COLUMNS: &str =
    "id, sender_organisation_id, sender_user_id, receiver_organisation_id, source_case_id, case_link, \
    urgency, summary, status, decline_reason, accepted_case_id, created_at, sent_at, opened_at, decided_at";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Inbox,
    Outbox,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Dossier,
    Attachment,
}

#[derive(Debug, Clone)]
pub struct ReferralFile {
    pub id: ReferralFileId,
    pub kind: FileKind,
    pub sealed_meta: Option<Vec<u8>>,
    pub size_bytes: i64,
}

pub async fn insert(conn: &mut AnyConnection, referral: &Referral) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO referrals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10, NULL, NULL, NULL)"
    ))
    .bind(referral.id.to_string())
    .bind(referral.sender_organisation_id.to_string())
    .bind(referral.sender_user_id.map(|id| id.to_string()))
    .bind(referral.receiver_organisation_id.to_string())
    .bind(referral.source_case_id.map(|id| id.to_string()))
    .bind(&referral.case_link)
    .bind(referral.urgency.as_str())
    .bind(&referral.summary)
    .bind(referral.status.as_str())
    .bind(sql::micros(referral.created_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// A referral the organisation sent (any state) or received (once sent).
pub async fn find_for(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    id: ReferralId,
) -> sqlx::Result<Option<Referral>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM referrals WHERE id = $1
           AND (sender_organisation_id = $2 OR (receiver_organisation_id = $2 AND status <> 'draft'))"
    ))
    .bind(id.to_string())
    .bind(organisation.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(decode).transpose()
}

/// Forgets a referral's summary: it was written for the receiver under a consent now withdrawn.
pub async fn clear_summary(conn: &mut AnyConnection, id: ReferralId) -> sqlx::Result<()> {
    sqlx::query("UPDATE referrals SET summary = NULL WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Every referral made from one of the sender's cases.
pub async fn of_source_case(conn: &mut AnyConnection, case: CaseId) -> sqlx::Result<Vec<Referral>> {
    let rows =
        sqlx::query(&format!("SELECT {COLUMNS} FROM referrals WHERE source_case_id = $1 ORDER BY created_at, id"))
            .bind(case.to_string())
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(decode).collect()
}

pub async fn list(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    which: Folder,
    status: Option<ReferralStatus>,
    page: &PageRequest,
) -> sqlx::Result<Page<Referral>> {
    let side = match which {
        Folder::Inbox => "receiver_organisation_id = $1 AND status <> 'draft'",
        Folder::Outbox => "sender_organisation_id = $1",
    };
    let mut conditions = sql::Conditions::numbered_from(3);
    if let Some(status) = status {
        conditions.add(|p| format!("status = {p}"), status.as_str().to_owned());
    }
    if let Some(after) = page.after_text() {
        conditions.add(
            |p| format!("(created_at, id) < (SELECT created_at, id FROM referrals WHERE id = {p} AND {side})"),
            after,
        );
    }
    let (narrowed, values) = conditions.into_parts();
    let sql =
        format!("SELECT {COLUMNS} FROM referrals WHERE {side}{narrowed} ORDER BY created_at DESC, id DESC LIMIT $2");
    let mut query = sqlx::query(&sql).bind(organisation.to_string()).bind(page.limit());
    for value in values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let referrals = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(referrals, page))
}

/// The changes a transition makes besides the status.
#[derive(Default)]
pub struct StatusChange {
    pub sent_at: Option<DateTime<Utc>>,
    pub opened: Option<(DateTime<Utc>, Option<UserId>)>,
    pub decided: Option<(DateTime<Utc>, Option<UserId>)>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub decline_reason: Option<String>,
    pub accepted_case_id: Option<CaseId>,
}

/// Moves a referral to `to` if it is in one of `from`; false when it was not.
pub async fn set_status(
    conn: &mut AnyConnection,
    id: ReferralId,
    from: &[ReferralStatus],
    to: ReferralStatus,
    change: &StatusChange,
) -> sqlx::Result<bool> {
    let sql = format!(
        "UPDATE referrals SET status = $2,
             sent_at = COALESCE($3, sent_at),
             opened_at = COALESCE(opened_at, $4), opened_by = COALESCE(opened_by, $5),
             decided_at = COALESCE($6, decided_at), decided_by = COALESCE($7, decided_by),
             withdrawn_at = COALESCE($8, withdrawn_at),
             decline_reason = COALESCE($9, decline_reason),
             accepted_case_id = COALESCE($10, accepted_case_id)
         WHERE id = $1 AND status IN ({})",
        sql::placeholders(11, from.len())
    );
    let mut query = sqlx::query(&sql)
        .bind(id.to_string())
        .bind(to.as_str())
        .bind(change.sent_at.map(sql::micros))
        .bind(change.opened.map(|(at, _)| sql::micros(at)))
        .bind(change.opened.and_then(|(_, by)| by).map(|u| u.to_string()))
        .bind(change.decided.map(|(at, _)| sql::micros(at)))
        .bind(change.decided.and_then(|(_, by)| by).map(|u| u.to_string()))
        .bind(change.withdrawn_at.map(sql::micros))
        .bind(&change.decline_reason)
        .bind(change.accepted_case_id.map(|c| c.to_string()));
    for status in from {
        query = query.bind(status.as_str());
    }
    Ok(query.execute(&mut *conn).await?.rows_affected() == 1)
}

/// Sent referrals not opened since before `sent_before` and not yet escalated.
pub async fn unopened_since(conn: &mut AnyConnection, sent_before: DateTime<Utc>) -> sqlx::Result<Vec<Referral>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM referrals WHERE status = 'sent' AND sent_at < $1 AND escalated_at IS NULL ORDER BY sent_at"
    ))
    .bind(sql::micros(sent_before))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(decode).collect()
}

/// Referrals to any of `receivers` sent before `sent_before` and still waiting for a decision.
pub async fn waiting_since(
    conn: &mut AnyConnection,
    receivers: &[OrganisationId],
    sent_before: DateTime<Utc>,
) -> sqlx::Result<Vec<Referral>> {
    if receivers.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM referrals WHERE status IN ('sent', 'opened') AND sent_at < $1
           AND receiver_organisation_id IN ({}) ORDER BY sent_at",
        sql::placeholders(2, receivers.len())
    );
    let mut query = sqlx::query(&sql).bind(sql::micros(sent_before));
    for receiver in receivers {
        query = query.bind(receiver.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(decode).collect()
}

/// The first `limit` referrals of one `urgency` that wait at `receiver` (sent or opened,
/// not yet answered) since before `sent_before`, the longest waiting first; an index
/// serves them in that order, so the start page does not grow with the backlog.
pub async fn longest_waiting(
    conn: &mut AnyConnection,
    receiver: OrganisationId,
    urgency: Urgency,
    sent_before: DateTime<Utc>,
    limit: usize,
) -> sqlx::Result<Vec<Referral>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM referrals WHERE receiver_organisation_id = $1 AND urgency = $2
           AND status IN ('sent', 'opened') AND sent_at < $3 ORDER BY sent_at LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(receiver.to_string())
        .bind(urgency.as_str())
        .bind(sql::micros(sent_before))
        .bind(limit as i64)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decode).collect()
}

/// Marks a referral escalated; false when another run did so first.
pub async fn mark_escalated(conn: &mut AnyConnection, id: ReferralId, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE referrals SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL")
        .bind(id.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Holds the referral's row for this transaction if it is still a draft; false when it is
/// not. A file is recorded only under this hold, so a long upload that started while the
/// referral was a draft cannot land after it was submitted or opened (PostgreSQL waits here
/// for a submission in flight and then sees it; SQLite has one writer).
pub async fn hold_draft(conn: &mut AnyConnection, referral: ReferralId) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE referrals SET created_at = created_at WHERE id = $1 AND status = 'draft'")
        .bind(referral.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn insert_file(
    conn: &mut AnyConnection,
    referral: ReferralId,
    file: &ReferralFile,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let kind = match file.kind {
        FileKind::Dossier => "dossier",
        FileKind::Attachment => "attachment",
    };
    sqlx::query(
        "INSERT INTO referral_files (id, referral_id, kind, sealed_meta, size_bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(file.id.to_string())
    .bind(referral.to_string())
    .bind(kind)
    .bind(file.sealed_meta.clone())
    .bind(file.size_bytes)
    .bind(sql::micros(now))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Removes the dossier entry (a client-encrypted dossier replaces the service's).
pub async fn delete_dossier(conn: &mut AnyConnection, referral: ReferralId) -> sqlx::Result<Vec<ReferralFileId>> {
    let ids = files(conn, referral).await?.into_iter().filter(|f| f.kind == FileKind::Dossier).map(|f| f.id).collect();
    sqlx::query("DELETE FROM referral_files WHERE referral_id = $1 AND kind = 'dossier'")
        .bind(referral.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(ids)
}

pub async fn files(conn: &mut AnyConnection, referral: ReferralId) -> sqlx::Result<Vec<ReferralFile>> {
    let rows = sqlx::query(
        "SELECT id, kind, sealed_meta, size_bytes FROM referral_files WHERE referral_id = $1 ORDER BY created_at, id",
    )
    .bind(referral.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(ReferralFile {
                id: sql::id(row, "id")?,
                kind: if kind == "dossier" { FileKind::Dossier } else { FileKind::Attachment },
                sealed_meta: row.try_get("sealed_meta")?,
                size_bytes: row.try_get("size_bytes")?,
            })
        })
        .collect()
}

fn decode(row: &AnyRow) -> sqlx::Result<Referral> {
    let optional_id = |column: &str| -> sqlx::Result<Option<String>> { row.try_get(column) };
    Ok(Referral {
        id: sql::id(row, "id")?,
        sender_organisation_id: sql::id(row, "sender_organisation_id")?,
        sender_user_id: optional_id("sender_user_id")?.and_then(|v| v.parse().ok()),
        receiver_organisation_id: sql::id(row, "receiver_organisation_id")?,
        source_case_id: optional_id("source_case_id")?.and_then(|v| v.parse().ok()),
        case_link: row.try_get("case_link")?,
        urgency: sql::code(row, "urgency", Urgency::parse)?,
        summary: row.try_get("summary")?,
        status: sql::code(row, "status", ReferralStatus::parse)?,
        decline_reason: row.try_get("decline_reason")?,
        accepted_case_id: optional_id("accepted_case_id")?.and_then(|v| v.parse().ok()),
        created_at: sql::time(row, "created_at")?,
        sent_at: sql::optional_time(row, "sent_at")?,
        opened_at: sql::optional_time(row, "opened_at")?,
        decided_at: sql::optional_time(row, "decided_at")?,
    })
}
