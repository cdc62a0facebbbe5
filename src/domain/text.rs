//! Checks for short text fields typed by people: names, titles, regions.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("mag niet leeg zijn / must not be empty")]
    Empty,
    #[error("mag hoogstens {0} tekens lang zijn / must be at most {0} characters")]
    TooLong(usize),
    #[error("moet op één regel passen, zonder stuurtekens / must be one line without control characters")]
    ControlCharacters,
}

/// Trims, and refuses empty text, text over `max_chars`, and line breaks or other control
/// characters (which would also let a value forge lines in exports and logs).
pub fn single_line(value: &str, max_chars: usize) -> Result<String, TextError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(TextError::Empty);
    }
    if value.chars().count() > max_chars {
        return Err(TextError::TooLong(max_chars));
    }
    if value.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    Ok(value.to_string())
}
