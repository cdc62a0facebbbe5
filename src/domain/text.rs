//! Text typed by people, made what it will be stored as before anything checks it: line
//! breaks as `\n`, invisible format characters removed, compatibility forms folded (NFKC),
//! surrounding space trimmed; control characters other than newline and tab refused.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("longer than {0} characters")]
    TooLong(usize),
    #[error("control characters or a line break on one line")]
    ControlCharacters,
}

/// Characters that render as nothing or reorder what is shown: the soft hyphen, zero-width
/// spaces and joiners, direction marks, embeddings, overrides and isolates, invisible
/// operators, the byte-order mark, interlinear annotation and tag characters. They would let
/// `06<zero-width space>-12345678` pass a check that `06-12345678` fails, or show a reader
/// other text than was checked.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c as u32,
        0xAD | 0x34F
            | 0x61C
            | 0x180B..=0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xE0000..=0xE0FFF
    )
}

/// The text as it will be stored. `multi_line` allows newlines (a `\r\n` or lone `\r` from a
/// browser's text area becomes `\n`) and tabs; a single line allows neither.
pub fn normalise(raw: &str, multi_line: bool) -> Result<String, TextError> {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let visible: String = unified.chars().filter(|c| !is_invisible_format(*c)).collect();
    let folded: String = visible.nfkc().collect();
    let allowed = |c: char| !c.is_control() || (multi_line && (c == '\n' || c == '\t'));
    if !folded.chars().all(allowed) {
        return Err(TextError::ControlCharacters);
    }
    Ok(folded.trim().to_string())
}

/// Normalises, and refuses empty text, text over `max_chars`, and line breaks or other
/// control characters (which would also let a value forge lines in exports and logs).
pub fn single_line(value: &str, max_chars: usize) -> Result<String, TextError> {
    let value = normalise(value, false)?;
    if value.is_empty() {
        return Err(TextError::Empty);
    }
    if value.chars().count() > max_chars {
        return Err(TextError::TooLong(max_chars));
    }
    Ok(value)
}

impl From<TextError> for crate::domain::reason::Reason {
    fn from(error: TextError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            TextError::Empty => Reason::new("text-empty"),
            TextError::TooLong(max) => Reason::new("text-too-long").number("max", max),
            TextError::ControlCharacters => Reason::new("text-control-characters"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_before_anything_else() {
        assert_eq!(normalise(" Ay\u{200b}lin\u{2066} ", false), Ok("Aylin".into()));
        assert_eq!(normalise("０６-１２", false), Ok("06-12".into()));
        assert_eq!(normalise("a\r\nb\rc", true), Ok("a\nb\nc".into()));
        assert_eq!(normalise("a\nb", false), Err(TextError::ControlCharacters));
        assert_eq!(normalise("a\u{0}b", true), Err(TextError::ControlCharacters));
        assert_eq!(single_line("\u{200b}", 10), Err(TextError::Empty));
    }
}
