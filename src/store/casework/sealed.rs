//! What an organisation has sealed to its key (identity blocks, internal notes), for key
//! rotation.

use sqlx::{AnyConnection, Row};

use crate::domain::ids::{OrganisationId, OrganisationKeyId};

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
