//! The roles of users and of API tokens: one table each, of the same shape.

use std::collections::HashMap;

use sqlx::AnyConnection;

use crate::domain::ids::{ApiTokenKey, Id, UserKey};
use crate::domain::role::{Role, RoleSet};
use crate::store::sql;

/// Who holds roles: ties an id type to its role table.
pub trait RoleHolder {
    const TABLE: &'static str;
    const COLUMN: &'static str;
}

impl RoleHolder for UserKey {
    const TABLE: &'static str = "user_roles";
    const COLUMN: &'static str = "user_id";
}

impl RoleHolder for ApiTokenKey {
    const TABLE: &'static str = "api_token_roles";
    const COLUMN: &'static str = "api_token_id";
}

pub async fn insert<T: RoleHolder>(conn: &mut AnyConnection, holder: Id<T>, roles: &RoleSet) -> sqlx::Result<()> {
    let sql = format!("INSERT INTO {} ({}, role) VALUES ($1, $2)", T::TABLE, T::COLUMN);
    for role in roles.iter() {
        sqlx::query(&sql).bind(holder.to_string()).bind(role.as_str()).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Replaces every role of a holder with `roles`.
pub async fn replace<T: RoleHolder>(conn: &mut AnyConnection, holder: Id<T>, roles: &RoleSet) -> sqlx::Result<()> {
    let sql = format!("DELETE FROM {} WHERE {} = $1", T::TABLE, T::COLUMN);
    sqlx::query(&sql).bind(holder.to_string()).execute(&mut *conn).await?;
    insert(conn, holder, roles).await
}

/// The roles of each holder; a holder without roles maps to an empty set.
pub async fn of<T: RoleHolder>(conn: &mut AnyConnection, holders: &[Id<T>]) -> sqlx::Result<HashMap<Id<T>, RoleSet>> {
    let mut roles: HashMap<Id<T>, Vec<Role>> = holders.iter().map(|id| (*id, Vec::new())).collect();
    if holders.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT {0}, role FROM {1} WHERE {0} IN ({2})",
        T::COLUMN,
        T::TABLE,
        sql::placeholders(1, holders.len())
    );
    let mut query = sqlx::query(&sql);
    for id in holders {
        query = query.bind(id.to_string());
    }
    for row in query.fetch_all(&mut *conn).await? {
        roles.entry(sql::id(&row, T::COLUMN)?).or_default().push(sql::code(&row, "role", Role::parse)?);
    }
    Ok(roles.into_iter().map(|(id, roles)| (id, RoleSet::from_stored(roles))).collect())
}

pub async fn of_one<T: RoleHolder>(conn: &mut AnyConnection, holder: Id<T>) -> sqlx::Result<RoleSet> {
    Ok(of(conn, &[holder]).await?.remove(&holder).unwrap_or_else(|| RoleSet::from_stored([])))
}
