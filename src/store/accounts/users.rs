//! Users, their roles and their password hashes.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::ids::{OrganisationId, UserId};
use crate::domain::role::RoleSet;
use crate::domain::user::{EmailAddress, Language, User};
use crate::store::accounts::roles;
use crate::store::sql::{self, Page, PageRequest};

const COLUMNS: &str = "id, organisation_id, email, display_name, language, disabled_at, created_at";

/// What login needs to know about the holder of an e-mail address.
pub struct Credentials {
    pub user_id: UserId,
    pub organisation_id: OrganisationId,
    pub password_hash: String,
    pub disabled: bool,
}

pub async fn insert(conn: &mut AnyConnection, user: &User, password_hash: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO users (id, organisation_id, email, display_name, language, password_hash,
                            password_changed_at, disabled_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $7)",
    )
    .bind(user.id.to_string())
    .bind(user.organisation_id.to_string())
    .bind(user.email.as_str())
    .bind(&user.display_name)
    .bind(user.language.as_str())
    .bind(password_hash)
    .bind(sql::micros(user.created_at))
    .execute(&mut *conn)
    .await?;
    roles::insert(conn, user.id, &user.roles).await
}

pub async fn credentials_by_email(conn: &mut AnyConnection, email: &EmailAddress) -> sqlx::Result<Option<Credentials>> {
    let row = sqlx::query("SELECT id, organisation_id, password_hash, disabled_at FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(Credentials {
            user_id: sql::id(&row, "id")?,
            organisation_id: sql::id(&row, "organisation_id")?,
            password_hash: row.try_get("password_hash")?,
            disabled: sql::optional_time(&row, "disabled_at")?.is_some(),
        })
    })
    .transpose()
}

pub async fn password_hash(conn: &mut AnyConnection, id: UserId) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await
}

/// A user of one organisation; `None` for a user of any other.
pub async fn find_in_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    id: UserId,
) -> sqlx::Result<Option<User>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND organisation_id = $2"))
        .bind(id.to_string())
        .bind(organisation.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(with_roles(conn, vec![decode(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

/// A user of any organisation: for the steps of sign-in, which know no organisation yet.
pub async fn find_any(conn: &mut AnyConnection, id: UserId) -> sqlx::Result<Option<User>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(with_roles(conn, vec![decode(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

pub async fn list_in_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    page: &PageRequest,
) -> sqlx::Result<Page<User>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM users
         WHERE organisation_id = $1
           AND ($2 IS NULL OR (email, id) > (SELECT email, id FROM users WHERE id = $2 AND organisation_id = $1))
         ORDER BY email, id LIMIT $3"
    ))
    .bind(organisation.to_string())
    .bind(page.after_text())
    .bind(page.limit())
    .fetch_all(&mut *conn)
    .await?;
    let users = rows.iter().map(decode).collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_rows(with_roles(conn, users).await?, page))
}

pub async fn disable(conn: &mut AnyConnection, id: UserId, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
        .bind(id.to_string())
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn set_password(conn: &mut AnyConnection, id: UserId, hash: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1")
        .bind(id.to_string())
        .bind(hash)
        .bind(sql::micros(now))
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn set_language(conn: &mut AnyConnection, id: UserId, language: Language) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(language.as_str())
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub async fn organisation_of(conn: &mut AnyConnection, id: UserId) -> sqlx::Result<Option<OrganisationId>> {
    let row = sqlx::query("SELECT organisation_id FROM users WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| sql::id(&row, "organisation_id")).transpose()
}

async fn with_roles(conn: &mut AnyConnection, mut users: Vec<User>) -> sqlx::Result<Vec<User>> {
    let ids: Vec<UserId> = users.iter().map(|u| u.id).collect();
    let mut roles = roles::of(conn, &ids).await?;
    for user in &mut users {
        user.roles = roles.remove(&user.id).unwrap_or_else(|| RoleSet::from_stored([]));
    }
    Ok(users)
}

fn decode(row: &AnyRow) -> sqlx::Result<User> {
    Ok(User {
        id: sql::id(row, "id")?,
        organisation_id: sql::id(row, "organisation_id")?,
        email: EmailAddress::from_stored(row.try_get("email")?),
        display_name: row.try_get("display_name")?,
        language: sql::code(row, "language", Language::parse)?,
        roles: RoleSet::from_stored([]),
        disabled_at: sql::optional_time(row, "disabled_at")?,
        created_at: sql::time(row, "created_at")?,
    })
}

/// E-mail address and language of the active users of an organisation with any of `roles`.
pub async fn active_with_roles(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    roles: &[crate::domain::role::Role],
) -> sqlx::Result<Vec<(String, Language)>> {
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT DISTINCT u.email, u.language FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.organisation_id = $1 AND u.disabled_at IS NULL AND r.role IN ({}) ORDER BY u.email",
        sql::placeholders(2, roles.len())
    );
    let mut query = sqlx::query(&sql).bind(organisation.to_string());
    for role in roles {
        query = query.bind(role.as_str());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(|row| Ok((row.try_get("email")?, sql::code(row, "language", Language::parse)?))).collect()
}
