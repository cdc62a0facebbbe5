//! The one check for every text a partner can read (a case summary, a shared note, an
//! action and its progress, a flag's reason, a topic, minutes, a referral's summary or a
//! reason for declining it). The text is first made what it will be stored as: invisible
//! format characters removed and compatibility forms folded (`super::text::normalise`), so
//! `Ay<zero-width space>lin` or full-width digits hide nothing. Then every finding is listed:
//! contact data, national and bank numbers, addresses, licence plates, the case's identity
//! strings and any run of eight words from the reporter's own account. A refusal names the
//! field, each finding's kind and position, never the data itself.

mod patterns;

use async_graphql::Enum;

use super::text::{self, TextError};

pub use patterns::{fold, passes_eleven_test};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum FindingKind {
    EmailAddress,
    PhoneNumber,
    Bsn,
    Iban,
    PostcodeWithHouseNumber,
    LicencePlate,
    ChamberOfCommerceNumber,
    IdentityDetail,
    /// Eight or more words in a row from the reporter's own account.
    ReportersAccount,
}

impl FindingKind {
    /// The catalogue term that names the kind to a reader.
    pub fn term(self) -> &'static str {
        match self {
            FindingKind::EmailAddress => "finding-email-address",
            FindingKind::PhoneNumber => "finding-phone-number",
            FindingKind::Bsn => "finding-bsn",
            FindingKind::Iban => "finding-iban",
            FindingKind::PostcodeWithHouseNumber => "finding-postcode-with-house-number",
            FindingKind::LicencePlate => "finding-licence-plate",
            FindingKind::ChamberOfCommerceNumber => "finding-chamber-of-commerce-number",
            FindingKind::IdentityDetail => "finding-identity-detail",
            FindingKind::ReportersAccount => "finding-reporters-account",
        }
    }
}

/// Where something identifying was found: the kind, and the character position (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub position: usize,
}

/// What a text about one case is also held against: known only when the writer's
/// organisation owns the case (to anyone else the check would say "yes, that is the name").
#[derive(Debug, Clone, Default)]
pub struct CaseSecrets {
    pub identity_strings: Vec<String>,
    pub account: Option<String>,
}

/// How long a text may be and whether it may span lines or be left empty.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub max_chars: usize,
    pub multi_line: bool,
    pub required: bool,
}

impl Shape {
    pub const fn line(max_chars: usize) -> Shape {
        Shape { max_chars, multi_line: false, required: true }
    }

    pub const fn paragraphs(max_chars: usize) -> Shape {
        Shape { max_chars, multi_line: true, required: true }
    }

    pub const fn optional(self) -> Shape {
        Shape { required: false, ..self }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Text(#[from] TextError),
    #[error("identifying details at {}", positions(.0))]
    Identifying(Vec<Finding>),
}

/// Positions only: the log line of a refusal never says what was found.
fn positions(findings: &[Finding]) -> String {
    findings.iter().map(|f| f.position.to_string()).collect::<Vec<_>>().join(", ")
}

impl From<Refusal> for crate::domain::reason::Reason {
    fn from(refusal: Refusal) -> Self {
        use crate::domain::reason::Reason;
        match refusal {
            Refusal::Text(e) => e.into(),
            Refusal::Identifying(findings) => {
                let each =
                    |f: &Finding| Reason::new("finding").term("kind", f.kind.term()).number("position", f.position);
                Reason::new("text-identifying").reasons("findings", findings.iter().map(each).collect())
            }
        }
    }
}

/// The text as it will be stored, or why it may not be shared.
pub fn checked(raw: &str, shape: Shape, secrets: &CaseSecrets) -> Result<String, Refusal> {
    let text = text::normalise(raw, shape.multi_line)?;
    if shape.required && text.is_empty() {
        return Err(TextError::Empty.into());
    }
    if text.chars().count() > shape.max_chars {
        return Err(TextError::TooLong(shape.max_chars).into());
    }
    let mut findings = find(&text, secrets);
    if findings.is_empty() {
        return Ok(text);
    }
    findings.sort_by_key(|f| (f.position, f.kind as u8));
    findings.dedup();
    Err(Refusal::Identifying(findings))
}

/// Everything found in a text already normalised, in no particular order.
pub fn find(text: &str, secrets: &CaseSecrets) -> Vec<Finding> {
    let mut findings = patterns::find(text, &secrets.identity_strings);
    if let Some(account) = &secrets.account {
        findings.extend(account_runs(text, account));
    }
    findings
}

/// How many words in a row from the reporter's account a shared text may not repeat.
pub const ACCOUNT_RUN_WORDS: usize = 8;

/// Runs of `ACCOUNT_RUN_WORDS` words that the text repeats from the account, compared folded
/// (case and accents) word by word, whatever the punctuation between them.
fn account_runs(text: &str, account: &str) -> Vec<Finding> {
    let account_words: Vec<String> = words(account).into_iter().map(|(_, w)| w).collect();
    let runs: std::collections::HashSet<&[String]> = account_words.windows(ACCOUNT_RUN_WORDS).collect();
    let text_words = words(text);
    let folded: Vec<String> = text_words.iter().map(|(_, w)| w.clone()).collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at + ACCOUNT_RUN_WORDS <= folded.len() {
        if runs.contains(&folded[at..at + ACCOUNT_RUN_WORDS]) {
            out.push(patterns::finding(FindingKind::ReportersAccount, text_words[at].0));
            at += ACCOUNT_RUN_WORDS;
        } else {
            at += 1;
        }
    }
    out
}

/// The folded words of a text with the character index where each begins.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, c) in text.chars().enumerate() {
        if c.is_alphanumeric() {
            current.get_or_insert_with(|| (index, String::new())).1.push(c);
        } else if let Some(word) = current.take() {
            out.push(word);
        }
    }
    out.extend(current);
    out.into_iter().map(|(index, word)| (index, fold(&word))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(names: &[&str], account: Option<&str>) -> CaseSecrets {
        CaseSecrets {
            identity_strings: names.iter().map(|n| n.to_string()).collect(),
            account: account.map(str::to_string),
        }
    }

    fn kinds(raw: &str, secrets: &CaseSecrets) -> Vec<FindingKind> {
        match checked(raw, Shape::paragraphs(4000), secrets) {
            Err(Refusal::Identifying(found)) => found.into_iter().map(|f| f.kind).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn invisible_and_compatibility_characters_hide_nothing() {
        let none = CaseSecrets::default();
        assert_eq!(kinds("Bel 06\u{200b}-1122\u{200b}3344", &none), [FindingKind::PhoneNumber]);
        assert_eq!(kinds("Bel ０６-１１２２３３４４", &none), [FindingKind::PhoneNumber]);
        assert_eq!(kinds("Bel 06-1122\u{202e}3344", &none), [FindingKind::PhoneNumber]);
        let named = secrets(&["Aylin Kaya", "Aylin", "Kaya"], None);
        assert_eq!(kinds("Gesprek met Ay\u{200b}lin Ka\u{200d}ya", &named), [FindingKind::IdentityDetail; 2]);
        assert_eq!(checked("Ay\u{200b}lin\u{feff}", Shape::line(50), &none), Ok("Aylin".to_string()));
    }

    #[test]
    fn control_characters_and_length_are_refused() {
        let none = CaseSecrets::default();
        for raw in ["a\u{0}b", "a\u{1b}[31mb", "a\u{7}b"] {
            assert_eq!(checked(raw, Shape::paragraphs(100), &none), Err(Refusal::Text(TextError::ControlCharacters)));
        }
        assert_eq!(checked("regel\r\nregel\tkolom", Shape::paragraphs(100), &none), Ok("regel\nregel\tkolom".into()));
        assert!(checked("regel\nregel", Shape::line(100), &none).is_err());
        assert_eq!(checked("abcdef", Shape::line(5), &none), Err(Refusal::Text(TextError::TooLong(5))));
        assert_eq!(checked("  ", Shape::line(5), &none), Err(Refusal::Text(TextError::Empty)));
        assert_eq!(checked("  ", Shape::line(5).optional(), &none), Ok(String::new()));
    }

    #[test]
    fn every_finding_is_listed_without_the_data() {
        let named = secrets(&["Bakker"], None);
        let refusal = checked("Bakker belde vanaf 06-12345678 en mailde b@x.nl", Shape::line(200), &named).unwrap_err();
        let Refusal::Identifying(found) = &refusal else { panic!("{refusal:?}") };
        let positions: Vec<usize> = found.iter().map(|f| f.position).collect();
        assert_eq!(positions, [1, 20, 42]);
        let message = refusal.to_string().to_lowercase();
        for data in ["bakker", "06-12345678", "b@x.nl"] {
            assert!(!message.contains(data), "the refusal repeats {data}: {message}");
        }
    }

    #[test]
    fn eight_words_of_the_account_are_too_many() {
        let account = "Op dinsdag riep de buurman vanaf zijn balkon dat wij moesten oprotten naar ons eigen land.";
        let own = secrets(&[], Some(account));
        let copied = "Melder vertelt: de buurman vanaf zijn balkon dat wij moesten oprotten, zei hij.";
        assert_eq!(kinds(copied, &own), [FindingKind::ReportersAccount]);
        let seven = "Melder: de buurman vanaf zijn balkon dat wij, volgens hem.";
        assert_eq!(kinds(seven, &own), []);
        let folded = "DE BUURMAN, VANAF ZIJN BALKON – DAT WIJ MOESTEN OPROTTEN";
        assert_eq!(kinds(folded, &own), [FindingKind::ReportersAccount]);
    }
}
