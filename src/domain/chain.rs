//! A chain (keten): a circle of member organisations for a region or a theme.

use async_graphql::Enum;

use super::ids::ChainId;
use super::text::{self, TextError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ChainScopeKind {
    /// A region: Casuïstiekoverleg Drenthe.
    Region,
    /// A theme across regions: Noordelijk overleg homofoob geweld.
    Theme,
}

impl ChainScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainScopeKind::Region => "region",
            ChainScopeKind::Theme => "theme",
        }
    }

    pub fn parse(value: &str) -> Option<ChainScopeKind> {
        [ChainScopeKind::Region, ChainScopeKind::Theme].into_iter().find(|k| k.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub id: ChainId,
    pub name: String,
    pub scope_kind: ChainScopeKind,
    /// The region's or the theme's name.
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("name: {0}")]
    Name(TextError),
    #[error("region or theme: {0}")]
    Scope(TextError),
}

impl Chain {
    pub fn new(name: &str, scope_kind: ChainScopeKind, scope: &str) -> Result<Self, ChainError> {
        Ok(Self {
            id: ChainId::random(),
            name: text::single_line(name, 120).map_err(ChainError::Name)?,
            scope_kind,
            scope: text::single_line(scope, 120).map_err(ChainError::Scope)?,
        })
    }
}

impl From<ChainError> for crate::domain::reason::Reason {
    fn from(error: ChainError) -> Self {
        use crate::domain::reason::Reason;
        match error {
            ChainError::Name(e) => Reason::new("chain-name-invalid").reason("problem", e),
            ChainError::Scope(e) => Reason::new("chain-scope-invalid").reason("problem", e),
        }
    }
}
