//! A posted form as its pairs: checkbox groups send a name once per box ticked, which a
//! struct cannot take, so pages read the fields they expect by name. And the choices the
//! casework forms offer.

use serde::Serialize;

use crate::domain::taxonomy::Taxonomy;

pub struct Posted(Vec<(String, String)>);

/// One option of a select, checkbox group or filter, with the ones under it (sub-grounds).
#[derive(Serialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub chosen: bool,
    pub children: Vec<Choice>,
}

pub fn choice(code: &str, label: String, chosen: bool) -> Choice {
    Choice { code: code.to_owned(), label, chosen, children: Vec::new() }
}

/// The taxonomy's municipalities by name, `chosen` marked.
pub fn municipalities(taxonomy: &Taxonomy, chosen: &str) -> Vec<Choice> {
    let mut all: Vec<Choice> =
        taxonomy.municipalities.iter().map(|m| choice(&m.code, m.name.clone(), m.code == chosen)).collect();
    all.sort_by(|a, b| a.label.cmp(&b.label));
    all
}

/// A list's next page: `path` after the last item shown (`after`), with the filters given
/// (the empty ones left out) kept as they were.
pub fn next_page(path: &str, after: &str, filters: &[(&str, &String)]) -> String {
    let mut link = form_urlencoded::Serializer::new(String::new());
    link.append_pair("after", after);
    for (name, value) in filters.iter().filter(|(_, value)| !value.is_empty()) {
        link.append_pair(name, value);
    }
    format!("{path}?{}", link.finish())
}

impl Posted {
    pub fn parse(body: &[u8]) -> Posted {
        Posted(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The field's first value, trimmed; empty when absent.
    pub fn one(&self, name: &str) -> String {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    }

    /// The field's first value, trimmed; `None` when the form did not send it (another form
    /// of the same page was posted).
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_owned())
    }

    /// Every value the field was sent with, blanks left out.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(n, v)| n == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_owned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_keeps_the_filters_given() {
        let (ground, empty) = ("religion".to_string(), String::new());
        let link = next_page("/cases", "0b6f", &[("ground", &ground), ("status", &empty)]);
        assert_eq!(link, "/cases?after=0b6f&ground=religion");
    }

    #[test]
    fn repeated_fields_are_all_kept() {
        let posted = Posted::parse(b"grounds=race&grounds=religion&domain=+housing+&empty=&grounds=");
        assert_eq!(posted.all("grounds"), ["race", "religion"]);
        assert_eq!(posted.one("domain"), "housing");
        assert_eq!(posted.one("empty"), "");
        assert_eq!(posted.one("missing"), "");
    }
}
