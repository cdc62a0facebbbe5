//! Reading the taxonomy files: their shapes, and each list checked with the file and line
//! of the first mistake.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::{Ground, Municipality, Region, RoutingRule, RoutingScope, TaxonomyError, Term};

// The files' shapes. Unknown keys are refused, so a misspelt key is an error, not a default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTerm {
    pub(super) code: Spanned<String>,
    pub(super) nl: String,
    pub(super) en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGround {
    pub(super) code: Spanned<String>,
    pub(super) legal: bool,
    pub(super) parent: Option<Spanned<String>>,
    pub(super) nl: String,
    pub(super) en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMunicipality {
    pub(super) code: Spanned<String>,
    pub(super) name: String,
    pub(super) province: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) municipality: Option<Spanned<String>>,
    pub(super) province: Option<Spanned<String>>,
    pub(super) organisation: String,
    #[allow(dead_code)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegion {
    pub(super) name: Spanned<String>,
    pub(super) provinces: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File<T> {
    pub(super) version: String,
    #[serde(alias = "ground", alias = "domain", alias = "manifestation", alias = "channel", alias = "handling")]
    #[serde(alias = "municipality", alias = "rule", alias = "region")]
    pub(super) items: Vec<T>,
}

/// One file being read: its name and text, to turn byte offsets into line numbers.
pub(super) struct Source<'a> {
    pub(super) name: &'a str,
    pub(super) text: &'a str,
}

impl Source<'_> {
    pub(super) fn error(&self, offset: usize, message: impl Into<String>) -> TaxonomyError {
        let line = self.text[..offset.min(self.text.len())].matches('\n').count() + 1;
        TaxonomyError { file: self.name.to_string(), line, message: message.into() }
    }

    pub(super) fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<File<T>, TaxonomyError> {
        toml::from_str(self.text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            self.error(offset, e.message().to_string())
        })
    }
}

pub(super) fn check_code(
    src: &Source,
    code: &Spanned<String>,
    seen: &mut HashSet<String>,
) -> Result<String, TaxonomyError> {
    let value = code.get_ref();
    let valid = !value.is_empty() && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(src.error(code.span().start, format!("code {value:?} must be lower case letters, digits and _")));
    }
    if !seen.insert(value.clone()) {
        return Err(src.error(code.span().start, format!("code {value:?} appears twice")));
    }
    Ok(value.clone())
}

pub(super) fn check_labels(src: &Source, code: &Spanned<String>, nl: &str, en: &str) -> Result<(), TaxonomyError> {
    if nl.trim().is_empty() || en.trim().is_empty() {
        return Err(src.error(code.span().start, "every entry needs a Dutch (nl) and an English (en) label"));
    }
    Ok(())
}

pub(super) fn terms(src: &Source, items: Vec<RawTerm>) -> Result<Vec<Term>, TaxonomyError> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .map(|raw| {
            check_labels(src, &raw.code, &raw.nl, &raw.en)?;
            Ok(Term { code: check_code(src, &raw.code, &mut seen)?, nl: raw.nl, en: raw.en })
        })
        .collect()
}

pub(super) fn grounds(src: &Source, items: Vec<RawGround>) -> Result<Vec<Ground>, TaxonomyError> {
    let mut seen = HashSet::new();
    let mut grounds = Vec::with_capacity(items.len());
    for raw in &items {
        check_labels(src, &raw.code, &raw.nl, &raw.en)?;
        let code = check_code(src, &raw.code, &mut seen)?;
        grounds.push(Ground {
            term: Term { code, nl: raw.nl.clone(), en: raw.en.clone() },
            legal: raw.legal,
            parent: raw.parent.as_ref().map(|p| p.get_ref().clone()),
        });
    }
    for raw in &items {
        let Some(parent) = &raw.parent else { continue };
        let Some(found) = grounds.iter().find(|g| &g.term.code == parent.get_ref()) else {
            return Err(src.error(parent.span().start, format!("parent {:?} is not a ground here", parent.get_ref())));
        };
        if found.parent.is_some() {
            return Err(src.error(parent.span().start, "a sub-ground's parent must be a main ground"));
        }
        // Legal and other grounds are kept apart: a sub-ground is on the same side as its parent.
        if found.legal != raw.legal {
            return Err(src.error(raw.code.span().start, "a sub-ground must be legal exactly when its parent is"));
        }
    }
    Ok(grounds)
}

pub(super) fn municipalities(src: &Source, items: Vec<RawMunicipality>) -> Result<Vec<Municipality>, TaxonomyError> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for raw in items {
        let code = raw.code.get_ref().clone();
        if crate::domain::organisation::municipality_code(&code).ok().as_deref() != Some(code.as_str()) {
            return Err(src.error(raw.code.span().start, format!("{code:?} is not a CBS code like GM0106")));
        }
        if !seen.insert(code.clone()) {
            return Err(src.error(raw.code.span().start, format!("{code} appears twice")));
        }
        out.push(Municipality { code, name: raw.name, province: raw.province });
    }
    Ok(out)
}

pub(super) fn routing(
    src: &Source,
    items: Vec<RawRule>,
    municipalities: &[Municipality],
) -> Result<Vec<RoutingRule>, TaxonomyError> {
    items
        .into_iter()
        .map(|raw| {
            let scope = match (raw.municipality, raw.province) {
                (Some(code), None) if municipalities.iter().any(|m| &m.code == code.get_ref()) => {
                    RoutingScope::Municipality(code.into_inner())
                }
                (Some(code), None) => {
                    return Err(src.error(code.span().start, format!("{} is not a known municipality", code.get_ref())))
                }
                (None, Some(province)) if municipalities.iter().any(|m| &m.province == province.get_ref()) => {
                    RoutingScope::Province(province.into_inner())
                }
                (None, Some(province)) => {
                    return Err(
                        src.error(province.span().start, format!("no municipality lies in {}", province.get_ref()))
                    )
                }
                _ => return Err(src.error(0, "every rule names either a municipality or a province")),
            };
            Ok(RoutingRule { scope, organisation: raw.organisation })
        })
        .collect()
}

pub(super) fn regions(
    src: &Source,
    items: Vec<RawRegion>,
    municipalities: &[Municipality],
) -> Result<Vec<Region>, TaxonomyError> {
    let mut out = Vec::with_capacity(items.len());
    for raw in items {
        for province in &raw.provinces {
            if !municipalities.iter().any(|m| &m.province == province.get_ref()) {
                return Err(src.error(province.span().start, format!("no municipality lies in {}", province.get_ref())));
            }
        }
        out.push(Region {
            name: raw.name.into_inner(),
            provinces: raw.provinces.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    Ok(out)
}
