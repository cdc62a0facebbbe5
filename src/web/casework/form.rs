//! A posted form as its pairs: checkbox groups send a name once per box ticked, which a
//! struct cannot take, so pages read the fields they expect by name.

pub struct Posted(Vec<(String, String)>);

impl Posted {
    pub fn parse(body: &[u8]) -> Posted {
        Posted(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The field's first value, trimmed; empty when absent.
    pub fn one(&self, name: &str) -> String {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
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
    fn repeated_fields_are_all_kept() {
        let posted = Posted::parse(b"grounds=race&grounds=religion&domain=+housing+&empty=&grounds=");
        assert_eq!(posted.all("grounds"), ["race", "religion"]);
        assert_eq!(posted.one("domain"), "housing");
        assert_eq!(posted.one("empty"), "");
        assert_eq!(posted.one("missing"), "");
    }
}
