//! Taxonomies as data: grounds, domains, manifestations, channels, handling, municipalities,
//! routing and regions. They change by law and by region, so they are TOML files in
//! `config/taxonomy/`, checked as a whole when the service starts: a mistake stops the start
//! with the file and line it is on.

use std::collections::BTreeMap;

mod reading;

use reading::{
    grounds, municipalities, regions, routing, terms, File, RawGround, RawMunicipality, RawRegion, RawRule, RawTerm,
    Source,
};

/// The files, by name; `Taxonomy::embedded` and `Taxonomy::parse` read them in this order.
pub const FILES: [&str; 8] = [
    "grounds.toml",
    "domains.toml",
    "manifestations.toml",
    "channels.toml",
    "handling.toml",
    "municipalities.toml",
    "routing.toml",
    "regions.toml",
];

const EMBEDDED: [&str; 8] = [
    include_str!("../../config/taxonomy/grounds.toml"),
    include_str!("../../config/taxonomy/domains.toml"),
    include_str!("../../config/taxonomy/manifestations.toml"),
    include_str!("../../config/taxonomy/channels.toml"),
    include_str!("../../config/taxonomy/handling.toml"),
    include_str!("../../config/taxonomy/municipalities.toml"),
    include_str!("../../config/taxonomy/routing.toml"),
    include_str!("../../config/taxonomy/regions.toml"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub code: String,
    pub nl: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ground {
    pub term: Term,
    /// A ground of Art. 1 of the Constitution or the equal treatment acts.
    pub legal: bool,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub code: String,
    pub name: String,
    pub province: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutingScope {
    Municipality(String),
    Province(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub scope: RoutingScope,
    pub organisation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    pub provinces: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub grounds: Vec<Ground>,
    pub domains: Vec<Term>,
    pub manifestations: Vec<Term>,
    pub channels: Vec<Term>,
    pub handling: Vec<Term>,
    pub municipalities: Vec<Municipality>,
    pub routing: Vec<RoutingRule>,
    pub regions: Vec<Region>,
    /// The `version` of each file, by file name.
    pub versions: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("taxonomy {file}, line {line}: {message}")]
pub struct TaxonomyError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Taxonomy {
    /// The taxonomies compiled into the binary from `config/taxonomy/`.
    pub fn embedded() -> Result<Taxonomy, TaxonomyError> {
        let files: Vec<(&str, &str)> = FILES.iter().copied().zip(EMBEDDED.iter().copied()).collect();
        Taxonomy::parse(&files)
    }

    /// Parses and checks the eight files, given as (file name, text) in the order of `FILES`.
    pub fn parse(files: &[(&str, &str)]) -> Result<Taxonomy, TaxonomyError> {
        let source = |n: usize| Source { name: files[n].0, text: files[n].1 };
        let mut versions = BTreeMap::new();
        let mut version = |src: &Source, v: String| -> Result<(), TaxonomyError> {
            if v.trim().is_empty() {
                return Err(src.error(0, "version must not be empty"));
            }
            versions.insert(src.name.to_string(), v);
            Ok(())
        };

        let src = source(0);
        let raw: File<RawGround> = src.parse()?;
        version(&src, raw.version)?;
        let grounds = grounds(&src, raw.items)?;
        let mut term_lists = Vec::new();
        for n in 1..=4 {
            let src = source(n);
            let raw: File<RawTerm> = src.parse()?;
            version(&src, raw.version)?;
            term_lists.push(terms(&src, raw.items)?);
        }
        let src = source(5);
        let raw: File<RawMunicipality> = src.parse()?;
        version(&src, raw.version)?;
        let municipalities = municipalities(&src, raw.items)?;
        let src = source(6);
        let raw: File<RawRule> = src.parse()?;
        version(&src, raw.version)?;
        let routing = routing(&src, raw.items, &municipalities)?;
        let src = source(7);
        let raw: File<RawRegion> = src.parse()?;
        version(&src, raw.version)?;
        let regions = regions(&src, raw.items, &municipalities)?;

        let mut lists = term_lists.into_iter();
        let mut next = || lists.next().expect("four term lists");
        Ok(Taxonomy {
            grounds,
            domains: next(),
            manifestations: next(),
            channels: next(),
            handling: next(),
            municipalities,
            routing,
            regions,
            versions,
        })
    }

    pub fn ground(&self, code: &str) -> Option<&Ground> {
        self.grounds.iter().find(|g| g.term.code == code)
    }

    pub fn municipality(&self, code: &str) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.code == code)
    }

    /// The reporting centre responsible for residents of a municipality: a rule for the
    /// municipality itself wins over one for its province.
    pub fn route(&self, municipality: &str) -> Option<&str> {
        let province = self.municipality(municipality)?.province.as_str();
        let exact = self.routing.iter().find(|r| r.scope == RoutingScope::Municipality(municipality.to_string()));
        let by_province = || self.routing.iter().find(|r| r.scope == RoutingScope::Province(province.to_string()));
        exact.or_else(by_province).map(|rule| rule.organisation.as_str())
    }

    /// The provinces a region spans: those listed for it, or the region itself when it is a
    /// province.
    pub fn provinces_of(&self, region: &str) -> Vec<String> {
        match self.regions.iter().find(|r| r.name == region) {
            Some(found) => found.provinces.clone(),
            None => vec![region.to_string()],
        }
    }

    /// One version string for the whole set, recorded with each case.
    pub fn version(&self) -> String {
        let grounds = self.versions.get("grounds.toml").map(String::as_str).unwrap_or("?");
        grounds.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_taxonomies_are_valid() {
        let taxonomy = Taxonomy::embedded().unwrap();
        assert!(taxonomy.ground("antisemitism").is_some_and(|g| g.legal && g.parent.as_deref() == Some("origin")));
        assert!(taxonomy.ground("anti_muslim").is_some_and(|g| g.parent.as_deref() == Some("religion")));
        assert!(taxonomy.ground("not_legal").is_some_and(|g| !g.legal));
        assert_eq!(taxonomy.municipalities.len(), 40);
        assert_eq!(taxonomy.route("GM0114"), Some("Meldpunt Discriminatie Emmen"));
        assert_eq!(taxonomy.route("GM0106"), Some("Meldpunt Discriminatie Drenthe"));
        assert_eq!(taxonomy.route("GM0080"), Some("Tûmba"));
        assert_eq!(taxonomy.route("GM9999"), None);
        assert_eq!(taxonomy.provinces_of("Noord-Nederland"), vec!["Groningen", "Friesland", "Drenthe"]);
        assert_eq!(taxonomy.provinces_of("Drenthe"), vec!["Drenthe"]);
    }

    fn with_file(name: &str, text: &str) -> Result<Taxonomy, TaxonomyError> {
        let files: Vec<(&str, &str)> =
            FILES.iter().zip(EMBEDDED.iter()).map(|(n, t)| if *n == name { (*n, text) } else { (*n, *t) }).collect();
        Taxonomy::parse(&files)
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let duplicate = "version = \"x\"\n[[domain]]\ncode = \"a\"\nnl = \"A\"\nen = \"A\"\n\n[[domain]]\ncode = \"a\"\nnl = \"B\"\nen = \"B\"\n";
        let err = with_file("domains.toml", duplicate).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("domains.toml", 8));
        assert!(err.message.contains("twice"));

        let typo = "version = \"x\"\n[[channel]]\ncode = \"phone\"\nnl = \"T\"\nlabel_en = \"P\"\n";
        let err = with_file("channels.toml", typo).unwrap_err();
        assert_eq!(err.file, "channels.toml");
        assert!(err.line >= 2, "{err}");

        let orphan =
            "version = \"x\"\n[[ground]]\ncode = \"x\"\nlegal = true\nparent = \"nope\"\nnl = \"X\"\nen = \"X\"\n";
        let err = with_file("grounds.toml", orphan).unwrap_err();
        assert_eq!(err.line, 5);

        let crossed = "version = \"x\"\n[[ground]]\ncode = \"a\"\nlegal = true\nnl = \"A\"\nen = \"A\"\n[[ground]]\ncode = \"b\"\nlegal = false\nparent = \"a\"\nnl = \"B\"\nen = \"B\"\n";
        assert!(with_file("grounds.toml", crossed).unwrap_err().message.contains("legal"));

        let unknown = "version = \"x\"\n[[rule]]\nmunicipality = \"GM0001\"\norganisation = \"X\"\n";
        assert_eq!(with_file("routing.toml", unknown).unwrap_err().line, 3);
    }
}
