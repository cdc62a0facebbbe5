//! Chain partners: the organisations that use the service.

use async_graphql::Enum;

use super::ids::OrganisationId;
use super::text::{self, TextError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum)]
pub enum OrganisationKind {
    ReportingCentre,
    Police,
    Prosecution,
    InterestGroup,
    ExpertiseCentre,
    Municipality,
}

impl OrganisationKind {
    /// Whether a case may be handed over to an organisation of this kind: those that keep
    /// casework of their own. A municipality or an expertise centre never holds a case.
    pub fn takes_referrals(self) -> bool {
        matches!(
            self,
            OrganisationKind::ReportingCentre
                | OrganisationKind::Police
                | OrganisationKind::Prosecution
                | OrganisationKind::InterestGroup
        )
    }

    pub const ALL: [OrganisationKind; 6] = [
        OrganisationKind::ReportingCentre,
        OrganisationKind::Police,
        OrganisationKind::Prosecution,
        OrganisationKind::InterestGroup,
        OrganisationKind::ExpertiseCentre,
        OrganisationKind::Municipality,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::ReportingCentre => "reporting_centre",
            OrganisationKind::Police => "police",
            OrganisationKind::Prosecution => "prosecution",
            OrganisationKind::InterestGroup => "interest_group",
            OrganisationKind::ExpertiseCentre => "expertise_centre",
            OrganisationKind::Municipality => "municipality",
        }
    }

    pub fn parse(value: &str) -> Option<OrganisationKind> {
        OrganisationKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub name: String,
    pub region: String,
    /// CBS codes (GM0106) of the municipalities whose residents it serves.
    pub municipality_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationError {
    #[error("name: {0}")]
    Name(TextError),
    #[error("region: {0}")]
    Region(TextError),
    #[error("{0} is not a CBS municipality code")]
    MunicipalityCode(String),
}

impl Organisation {
    pub fn new(
        kind: OrganisationKind,
        name: &str,
        region: &str,
        municipality_codes: &[String],
    ) -> Result<Self, OrganisationError> {
        let name = text::single_line(name, 120).map_err(OrganisationError::Name)?;
        let region = text::single_line(region, 80).map_err(OrganisationError::Region)?;
        let mut codes = Vec::with_capacity(municipality_codes.len());
        for code in municipality_codes {
            codes.push(municipality_code(code)?);
        }
        codes.sort();
        codes.dedup();
        Ok(Self { id: OrganisationId::random(), kind, name, region, municipality_codes: codes })
    }
}

/// Normalises `gm0106` to `GM0106` and refuses anything that is not a CBS municipality code.
pub fn municipality_code(code: &str) -> Result<String, OrganisationError> {
    let code = code.trim().to_ascii_uppercase();
    let valid = code.len() == 6 && code.starts_with("GM") && code[2..].bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(code)
    } else {
        Err(OrganisationError::MunicipalityCode(code))
    }
}

impl From<OrganisationError> for crate::domain::reason::Reason {
    fn from(error: OrganisationError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            OrganisationError::Name(e) => Reason::new("organisation-name-invalid").reason("problem", e),
            OrganisationError::Region(e) => Reason::new("organisation-region-invalid").reason("problem", e),
            OrganisationError::MunicipalityCode(code) => Reason::new("municipality-code-invalid").text("code", code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_codes_are_normalised_and_checked() {
        assert_eq!(municipality_code(" gm0114 ").unwrap(), "GM0114");
        assert!(municipality_code("0114").is_err());
        assert!(municipality_code("GM01145").is_err());
        assert!(municipality_code("GMabcd").is_err());
    }

    #[test]
    fn organisation_names_are_single_lines() {
        assert!(Organisation::new(OrganisationKind::Police, "Politie\nDrenthe", "Drenthe", &[]).is_err());
        let org = Organisation::new(OrganisationKind::Police, "  Politie Drenthe ", "Drenthe", &[]).unwrap();
        assert_eq!(org.name, "Politie Drenthe");
    }
}
