//! The mail outbox.

use sqlx::{AnyConnection, Row};

pub struct QueuedMail {
    pub id: String,
    pub recipient: String,
    pub template: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// A message with a key is queued once, however often its cause runs.
    pub dedupe_key: Option<String>,
    pub attachment: Option<MailAttachment>,
}

/// One attachment, as text (a calendar invitation).
#[derive(Debug, Clone)]
pub struct MailAttachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

pub struct ClaimedMail {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
    pub attachment: Option<MailAttachment>,
}

/// Queues a message; false when one with the same dedupe key was queued before.
pub async fn insert(conn: &mut AnyConnection, mail: &QueuedMail, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO mail_outbox (id, recipient, template, subject, body_text, body_html, dedupe_key, created_at,
             attempts, next_attempt_at, attachment_name, attachment_type, attachment_body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $8, $9, $10, $11)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(&mail.id)
    .bind(&mail.recipient)
    .bind(&mail.template)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(&mail.body_html)
    .bind(&mail.dedupe_key)
    .bind(now)
    .bind(mail.attachment.as_ref().map(|a| a.name.clone()))
    .bind(mail.attachment.as_ref().map(|a| a.content_type.clone()))
    .bind(mail.attachment.as_ref().map(|a| a.body.clone()))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Takes up to `limit` due messages, leasing them until `lease_until`. The conditions are
/// repeated outside the subquery so that PostgreSQL re-checks them on a row another instance
/// claimed in the meantime.
pub async fn claim_due(
    conn: &mut AnyConnection,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> sqlx::Result<Vec<ClaimedMail>> {
    const DUE: &str = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)";
    let rows = sqlx::query(&format!(
        "UPDATE mail_outbox SET locked_until = $2, attempts = attempts + 1
         WHERE {DUE} AND id IN (SELECT id FROM mail_outbox WHERE {DUE} ORDER BY created_at, id LIMIT $3)
         RETURNING id, recipient, subject, body_text, body_html, attempts, attachment_name, attachment_type, attachment_body"
    ))
    .bind(now)
    .bind(lease_until)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ClaimedMail {
                id: row.try_get("id")?,
                recipient: row.try_get("recipient")?,
                subject: row.try_get("subject")?,
                body_text: row.try_get("body_text")?,
                body_html: row.try_get("body_html")?,
                attempts: row.try_get("attempts")?,
                attachment: match row.try_get::<Option<String>, _>("attachment_name")? {
                    Some(name) => Some(MailAttachment {
                        name,
                        content_type: row.try_get::<Option<String>, _>("attachment_type")?.unwrap_or_default(),
                        body: row.try_get::<Option<String>, _>("attachment_body")?.unwrap_or_default(),
                    }),
                    None => None,
                },
            })
        })
        .collect()
}

/// Marks a message sent, once: false if it was already marked.
/// Marks a message delivered. A message that carries a working secret (a link to set a
/// password) keeps no body once it has left: the database holds only the link's hash then.
pub async fn mark_sent(conn: &mut AnyConnection, id: &str, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE mail_outbox SET sent_at = $2, locked_until = NULL,
           body_text = CASE WHEN template IN ('password_reset') THEN '' ELSE body_text END,
           body_html = CASE WHEN template IN ('password_reset') THEN '' ELSE body_html END
         WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Records a failed attempt: retry at `retry_at`, or give up when it is `None`.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    retry_at: Option<i64>,
    now: i64,
    error: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mail_outbox SET locked_until = NULL, next_attempt_at = COALESCE($2, next_attempt_at),
             failed_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END, last_error = $4
         WHERE id = $1",
    )
    .bind(id)
    .bind(retry_at)
    .bind(now)
    .bind(error.chars().take(500).collect::<String>())
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Messages not yet sent and not given up on.
pub async fn pending(conn: &mut AnyConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
        .fetch_one(&mut *conn)
        .await
}
