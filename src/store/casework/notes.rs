//! Notes on cases: shared notes as checked text, internal notes sealed to the owner.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{CaseId, UserId};
use crate::domain::sharing::{Note, NoteBody};
use crate::store::sql;

pub async fn insert(conn: &mut AnyConnection, note: &Note, author: Option<UserId>) -> sqlx::Result<()> {
    let (shared, sealed, key) = match &note.body {
        NoteBody::Shared(text) => (Some(text.clone()), None, None),
        NoteBody::Sealed { ciphertext, key_id } => (None, Some(ciphertext.clone()), Some(key_id.to_string())),
    };
    sqlx::query(
        "INSERT INTO case_notes (id, case_id, shared_text, sealed_text, sealed_key_id, author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(note.id.to_string())
    .bind(note.case_id.to_string())
    .bind(shared)
    .bind(sealed)
    .bind(key)
    .bind(author.map(|id| id.to_string()))
    .bind(sql::micros(note.created_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// The notes of each case, oldest first; with `shared_only`, internal notes are not even read.
pub async fn for_cases(
    conn: &mut AnyConnection,
    cases: &[CaseId],
    shared_only: bool,
) -> sqlx::Result<HashMap<CaseId, Vec<Note>>> {
    let mut out: HashMap<CaseId, Vec<Note>> = HashMap::new();
    if cases.is_empty() {
        return Ok(out);
    }
    let filter = if shared_only { " AND shared_text IS NOT NULL" } else { "" };
    let sql = format!(
        "SELECT id, case_id, shared_text, sealed_text, sealed_key_id, created_at FROM case_notes
         WHERE case_id IN ({}){filter} ORDER BY created_at, id",
        sql::placeholders(1, cases.len())
    );
    let mut query = sqlx::query(&sql);
    for case in cases {
        query = query.bind(case.to_string());
    }
    for row in query.fetch_all(&mut *conn).await? {
        out.entry(sql::id(&row, "case_id")?).or_default().push(decode(&row)?);
    }
    Ok(out)
}

fn decode(row: &AnyRow) -> sqlx::Result<Note> {
    let shared: Option<String> = row.try_get("shared_text")?;
    let body = match shared {
        Some(text) => NoteBody::Shared(text),
        None => NoteBody::Sealed { ciphertext: row.try_get("sealed_text")?, key_id: sql::id(row, "sealed_key_id")? },
    };
    Ok(Note {
        id: sql::id(row, "id")?,
        case_id: sql::id(row, "case_id")?,
        body,
        created_at: sql::time(row, "created_at")?,
    })
}
