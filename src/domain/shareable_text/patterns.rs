//! The patterns of identifying data: contact data, national and bank numbers, addresses,
//! licence plates, and the case's own identity strings, matched whole-word and folded.

use unicode_normalization::UnicodeNormalization;

use super::{Finding, FindingKind};

/// Everything found, in no particular order.
pub fn find(text: &str, identity_strings: &[String]) -> Vec<Finding> {
    let chars: Vec<char> = text.chars().collect();
    let mut findings = Vec::new();
    findings.extend(emails(&chars));
    findings.extend(digit_runs(&chars));
    findings.extend(ibans(&chars));
    findings.extend(postcodes(&chars));
    findings.extend(plates(&chars));
    findings.extend(chamber_of_commerce_numbers(&chars));
    findings.extend(identity_details(text, identity_strings));
    findings
}

pub(super) fn finding(kind: FindingKind, index: usize) -> Finding {
    Finding { kind, position: index + 1 }
}

/// Tokens of letters, digits and `._%+-` around an `@`, with a dot in the part after it.
fn emails(chars: &[char]) -> Vec<Finding> {
    let token = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let mut out = Vec::new();
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        let mut start = at;
        while start > 0 && token(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && token(chars[end]) {
            end += 1;
        }
        let domain: String = chars[at + 1..end].iter().collect();
        let domain = domain.trim_end_matches('.');
        if start < at && domain.contains('.') && !domain.starts_with('.') {
            out.push(finding(FindingKind::EmailAddress, start));
        }
    }
    out
}

/// Runs of digits with the separators people write numbers with: phone numbers (Dutch, and
/// international with +) and BSNs (nine digits passing the 11-test).
fn digit_runs(chars: &[char]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts =
            chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        let after_word = i > 0 && chars[i - 1].is_alphanumeric();
        if !starts || after_word {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || (" -./()".contains(chars[end])
                    && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit() || *c == '(')))
        {
            end += 1;
        }
        let run: String = chars[i..end].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        if is_phone(&run, &digits) {
            out.push(finding(FindingKind::PhoneNumber, i));
        } else if digits.len() == 9 && passes_eleven_test(&digits) {
            out.push(finding(FindingKind::Bsn, i));
        }
        i = end;
    }
    out
}

fn is_phone(run: &str, digits: &str) -> bool {
    if run.starts_with('+') {
        return (10..=15).contains(&digits.len());
    }
    if digits.starts_with("0031") {
        return digits.len() == 13;
    }
    // Dutch numbers are ten digits with a leading 0: 06-12345678, 050 123 4567.
    digits.len() == 10 && digits.starts_with('0') && !digits.starts_with("00")
}

/// The BSN 11-test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros).
pub fn passes_eleven_test(digits: &str) -> bool {
    let d: Vec<i64> = digits.bytes().map(|b| i64::from(b - b'0')).collect();
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = (0..8).map(|i| d[i] * (9 - i as i64)).sum::<i64>() - d[8];
    sum % 11 == 0
}

/// IBANs, with or without spaces in groups of four, checked with ISO 7064 mod 97.
fn ibans(chars: &[char]) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        let head = chars.get(i..i + 4).is_some_and(|h| {
            h[0].is_ascii_alphabetic() && h[1].is_ascii_alphabetic() && h[2].is_ascii_digit() && h[3].is_ascii_digit()
        });
        if !boundary || !head {
            continue;
        }
        let mut compact = String::new();
        let mut end = i;
        while end < chars.len() && (chars[end].is_ascii_alphanumeric() || (chars[end] == ' ' && compact.len() % 4 == 0))
        {
            if chars[end] != ' ' {
                compact.push(chars[end].to_ascii_uppercase());
            }
            end += 1;
            if compact.len() >= 15 && iban_checksum_ok(&compact) {
                out.push(finding(FindingKind::Iban, i));
                break;
            }
            if compact.len() > 34 {
                break;
            }
        }
    }
    out
}

fn iban_checksum_ok(iban: &str) -> bool {
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        for digit in value.to_string().bytes() {
            remainder = (remainder * 10 + u32::from(digit - b'0')) % 97;
        }
    }
    remainder == 1
}

/// A Dutch postcode (1234 AB) with a house number right after it or right before it.
fn postcodes(chars: &[char]) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if !boundary || !chars[i].is_ascii_digit() || chars[i] == '0' {
            continue;
        }
        let Some(end) = postcode_end(chars, i) else { continue };
        if house_number_after(chars, end) || house_number_before(chars, i) {
            out.push(finding(FindingKind::PostcodeWithHouseNumber, i));
        }
    }
    out
}

/// The index just past `1234 AB` / `1234AB` starting at `i`, if there is one.
fn postcode_end(chars: &[char], i: usize) -> Option<usize> {
    let digits = chars.get(i..i + 4)?;
    if !digits.iter().all(char::is_ascii_digit) {
        return None;
    }
    let mut j = i + 4;
    if chars.get(j) == Some(&' ') {
        j += 1;
    }
    let letters = chars.get(j..j + 2)?;
    let letters_ok = letters.iter().all(char::is_ascii_uppercase);
    let pair: String = letters.iter().collect();
    let word_ends = chars.get(j + 2).is_none_or(|c| !c.is_alphanumeric());
    (letters_ok && word_ends && !["SA", "SD", "SS"].contains(&pair.as_str())).then_some(j + 2)
}

fn house_number_after(chars: &[char], end: usize) -> bool {
    let rest = chars[end..].iter().skip_while(|c| **c == ' ' || **c == ',');
    rest.take(1).any(char::is_ascii_digit)
}

fn house_number_before(chars: &[char], start: usize) -> bool {
    let before: String = chars[..start].iter().collect();
    let trimmed = before.trim_end_matches([' ', ',']);
    let last = trimmed.split_whitespace().last().unwrap_or("");
    let number = last.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && number.len() <= 5
}

/// Chamber of Commerce numbers: eight digits after "KvK" (any case, with `:`, `-`, `.`,
/// `nr`, `nummer` or spaces between). Eight digits alone are too common to refuse.
fn chamber_of_commerce_numbers(chars: &[char]) -> Vec<Finding> {
    let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
    let mut out = Vec::new();
    for start in 0..lower.len() {
        let word_start = start == 0 || !lower[start - 1].is_alphanumeric();
        if !word_start || !lower[start..].starts_with(&['k', 'v', 'k']) {
            continue;
        }
        let mut at = start + 3;
        loop {
            let rest = &lower[at.min(lower.len())..];
            let step = match rest {
                ['n', 'u', 'm', 'm', 'e', 'r', ..] => 6,
                ['n', 'r', ..] => 2,
                [c, ..] if " :.-#".contains(*c) => 1,
                _ => break,
            };
            at += step;
        }
        let digits = lower[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        let ends = lower.get(at + digits).is_none_or(|c| !c.is_alphanumeric());
        if digits == 8 && ends {
            out.push(finding(FindingKind::ChamberOfCommerceNumber, start));
        }
    }
    out
}

/// Dutch licence plates as written with dashes: three groups, six letters and digits in all,
/// each group all letters or all digits, letters and digits both present (e.g. 12-ABC-3).
fn plates(chars: &[char]) -> Vec<Finding> {
    let text: String = chars.iter().collect();
    let mut out = Vec::new();
    let mut offset = 0;
    for token in text.split(|c: char| c.is_whitespace() || ",;:()\"'".contains(c)) {
        let start = offset;
        offset += token.chars().count() + 1;
        let token = token.trim_end_matches(['.', '!', '?']);
        let groups: Vec<&str> = token.split('-').collect();
        if groups.len() != 3 || groups.iter().map(|g| g.len()).sum::<usize>() != 6 {
            continue;
        }
        let homogeneous = groups.iter().all(|g| {
            !g.is_empty() && (g.chars().all(|c| c.is_ascii_digit()) || g.chars().all(|c| c.is_ascii_alphabetic()))
        });
        let has_letters = groups.iter().any(|g| g.chars().all(|c| c.is_ascii_alphabetic()));
        let has_digits = groups.iter().any(|g| g.chars().all(|c| c.is_ascii_digit()));
        if homogeneous && has_letters && has_digits {
            out.push(finding(FindingKind::LicencePlate, start));
        }
    }
    out
}

/// Lower case without accents, so that "José" in the identity block also catches "jose".
pub fn fold(text: &str) -> String {
    text.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// Whole-word matches of the identity block's strings, compared folded.
fn identity_details(text: &str, identity_strings: &[String]) -> Vec<Finding> {
    let folded: Vec<char> = fold(text).chars().collect();
    let mut out = Vec::new();
    for needle in identity_strings {
        let needle: Vec<char> = fold(needle.trim()).chars().collect();
        if needle.len() < 3 || needle.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - needle.len() {
            let end = start + needle.len();
            let before_ok = start == 0 || !folded[start - 1].is_alphanumeric();
            let after_ok = end == folded.len() || !folded[end].is_alphanumeric();
            if before_ok && after_ok && folded[start..end] == needle[..] {
                out.push(finding(FindingKind::IdentityDetail, start));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<FindingKind> {
        let mut kinds: Vec<_> = find(text, &[]).into_iter().map(|f| f.kind).collect();
        kinds.dedup();
        kinds
    }

    #[test]
    fn each_kind_of_data_is_found() {
        assert_eq!(kinds("mail jan.devries@example.nl gerust"), [FindingKind::EmailAddress]);
        for phone in
            ["bel 06-12345678", "bel 0612345678", "bel 050 123 4567", "bel +31 6 12345678", "bel 0031612345678"]
        {
            assert_eq!(kinds(phone), [FindingKind::PhoneNumber], "{phone}");
        }
        assert_eq!(kinds("BSN 111222333 is bekend"), [FindingKind::Bsn]);
        assert_eq!(kinds("BSN 111.222.333"), [FindingKind::Bsn]);
        assert_eq!(kinds("rekening NL91ABNA0417164300"), [FindingKind::Iban]);
        // Written in groups, its digits also look like a phone number; the IBAN is found first.
        let grouped = find("rekening NL91 ABNA 0417 1643 00 stond", &[]).into_iter().min_by_key(|f| f.position);
        assert_eq!(grouped.map(|f| (f.kind, f.position)), Some((FindingKind::Iban, 10)));
        assert_eq!(kinds("woont op 9401 AB 12"), [FindingKind::PostcodeWithHouseNumber]);
        assert_eq!(kinds("Stationsstraat 12, 9401AB Assen"), [FindingKind::PostcodeWithHouseNumber]);
        assert_eq!(kinds("auto met kenteken 12-ABC-3 reed weg"), [FindingKind::LicencePlate]);
        assert_eq!(kinds("kenteken GB-12-CD."), [FindingKind::LicencePlate]);
        for kvk in ["KvK 12345678", "kvk-nummer 12345678", "KVK: 12345678", "KvK nr. 12345678"] {
            assert_eq!(kinds(kvk), [FindingKind::ChamberOfCommerceNumber], "{kvk}");
        }
        assert_eq!(kinds("order 12345678 van kvkx"), []);
    }

    #[test]
    fn ordinary_pseudonymised_prose_passes() {
        let prose = "Melder werd in maart 2026 bij een sollicitatie in Assen afgewezen na een opmerking over \
                     haar hoofddoek. Wederpartij is een uitzendbureau; 3 eerdere meldingen in 2025. Zaak \
                     besproken op 14-03-2026 met OM Noord-Nederland. Schade: 1.250 euro, 2 getuigen, 45 minuten.";
        assert_eq!(find(prose, &[]), vec![]);
        assert_eq!(find("Sinds 2026 OM-beleid, 9401 inwoners", &[]), vec![]);
        // A nine-digit number failing the 11-test is no BSN.
        assert_eq!(find("ordernummer 123456789", &[]), vec![]);
        assert_eq!(find("IBAN-achtig NL91ABNA0417164301 maar fout", &[]), vec![]);
    }

    #[test]
    fn identity_strings_are_found_folded_and_as_whole_words() {
        let identity = vec!["José Bakker".to_string(), "José".to_string(), "Bakker".to_string()];
        let found = find("melder (jose) belde", &identity);
        assert_eq!(found, [Finding { kind: FindingKind::IdentityDetail, position: 9 }]);
        assert_eq!(find("de bakkerij op de hoek", &identity), vec![]);
        let found = find("Gesprek met BAKKER gepland", &identity);
        assert_eq!(found.iter().map(|f| f.position).min(), Some(13));
    }

    #[test]
    fn eleven_test() {
        assert!(passes_eleven_test("111222333"));
        assert!(passes_eleven_test("123456782"));
        assert!(!passes_eleven_test("123456789"));
        assert!(!passes_eleven_test("000000000"));
    }
}
