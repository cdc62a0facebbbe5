//! Small helpers every store module uses: time and id columns, paging, IN lists, errors.

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use crate::domain::ids::Id;

/// The conditions of the filters a list was given, and only those: a filter left out is no
/// `$n IS NULL OR …` that would keep an index from serving the list. Placeholders are
/// numbered on from the statement's own.
pub struct Conditions {
    sql: String,
    values: Vec<String>,
    first: usize,
}

impl Conditions {
    pub fn numbered_from(first: usize) -> Conditions {
        Conditions { sql: String::new(), values: Vec::new(), first }
    }

    /// ` AND` the condition that `write` makes of the value's placeholder.
    pub fn add(&mut self, write: impl Fn(&str) -> String, value: String) {
        let placeholder = format!("${}", self.first + self.values.len());
        self.sql.push_str(" AND ");
        self.sql.push_str(&write(&placeholder));
        self.values.push(value);
    }

    /// ` AND` a condition without a value.
    pub fn add_unbound(&mut self, condition: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(condition);
    }

    pub fn into_parts(self) -> (String, Vec<String>) {
        (self.sql, self.values)
    }
}

/// Times are stored as microseconds since the Unix epoch on both engines.
pub fn micros(time: DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

pub fn from_micros(value: i64) -> DateTime<Utc> {
    Utc.timestamp_micros(value).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

pub fn id<T>(row: &AnyRow, column: &str) -> Result<Id<T>, sqlx::Error> {
    let text: String = row.try_get(column)?;
    Uuid::parse_str(&text)
        .map(Id::from_uuid)
        .map_err(|e| sqlx::Error::Decode(format!("column {column} holds no UUID: {e}").into()))
}

/// A column that may hold no id; one holding something else is an error, not `None`.
pub fn optional_id<T>(row: &AnyRow, column: &str) -> Result<Option<Id<T>>, sqlx::Error> {
    match row.try_get::<Option<String>, _>(column)? {
        None => Ok(None),
        Some(_) => id(row, column).map(Some),
    }
}

pub fn time(row: &AnyRow, column: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    row.try_get::<i64, _>(column).map(from_micros)
}

pub fn optional_time(row: &AnyRow, column: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(column).map(|value| value.map(from_micros))
}

/// Maps a stored code back to its enum, or fails as a decode error naming the column.
pub fn code<T>(row: &AnyRow, column: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| sqlx::Error::Decode(format!("column {column} holds an unknown code").into()))
}

/// `$first, $first+1, …` for an IN list of `count` values.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// One page of a keyset-paged list: at most `first` rows after the row with id `after`.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub first: usize,
    pub after: Option<Uuid>,
}

impl PageRequest {
    /// Rows to fetch: one more than asked, to learn whether a next page exists.
    pub fn limit(&self) -> i64 {
        self.first as i64 + 1
    }

    pub fn after_text(&self) -> Option<String> {
        self.after.map(|id| id.hyphenated().to_string())
    }
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// Cuts the extra row fetched by `PageRequest::limit`.
    pub fn from_rows(mut items: Vec<T>, request: &PageRequest) -> Page<T> {
        let has_next_page = items.len() > request.first;
        items.truncate(request.first);
        Page { items, has_next_page }
    }
}

pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}
