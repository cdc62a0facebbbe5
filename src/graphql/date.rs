//! Calendar dates (`YYYY-MM-DD`). Unlike chrono's own scalar, this one says whether a value
//! is a real date during validation, so `2026-02-30` in a literal or a variable is refused
//! before execution as `BAD_USER_INPUT`, naming the argument and field it was given for.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

const FORMAT: &str = "%Y-%m-%d";

/// A calendar date; its GraphQL name stays `NaiveDate`, as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date, `YYYY-MM-DD` (for example `2026-03-14`).
#[Scalar(name = "NaiveDate")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        parse_day(&value)
            .map(Date)
            .ok_or_else(|| InputValueError::custom("geen datum JJJJ-MM-DD / not a date YYYY-MM-DD"))
    }

    fn is_valid(value: &Value) -> bool {
        parse_day(value).is_some()
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format(FORMAT).to_string())
    }
}

fn parse_day(value: &Value) -> Option<NaiveDate> {
    match value {
        // Exactly ten characters: chrono alone would also take `+02026-1-5`.
        Value::String(text) if text.len() == 10 => NaiveDate::parse_from_str(text, FORMAT).ok(),
        _ => None,
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Self {
        Date(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_dates_in_one_spelling() {
        let valid = |text: &str| Date::is_valid(&Value::String(text.into()));
        assert!(valid("2026-02-28"));
        assert!(valid("2028-02-29"));
        for wrong in ["2026-02-30", "2026-13-01", "$", "2026-2-3", "+2026-02-03", "20260203", ""] {
            assert!(!valid(wrong), "{wrong}");
        }
        assert!(!Date::is_valid(&Value::Number(20260203.into())));
    }
}
