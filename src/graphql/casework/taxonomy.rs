use async_graphql::{Context, Object, SimpleObject};

use crate::domain::taxonomy::{Taxonomy, Term};
use crate::graphql::context::{actor, services};

#[derive(SimpleObject)]
#[graphql(name = "Term")]
pub struct TermNode {
    code: String,
    /// Dutch label.
    nl: String,
    /// English label.
    en: String,
}

#[derive(SimpleObject)]
#[graphql(name = "Ground")]
pub struct GroundNode {
    code: String,
    nl: String,
    en: String,
    /// A ground of Art. 1 of the Constitution or the equal treatment acts.
    legal: bool,
    parent: Option<String>,
}

#[derive(SimpleObject)]
#[graphql(name = "Municipality")]
pub struct MunicipalityNode {
    /// CBS code.
    code: String,
    name: String,
    province: String,
    /// The reporting centre that handles its residents.
    routed_to: Option<String>,
}

/// The registration vocabularies, with Dutch and English labels.
#[derive(SimpleObject)]
#[graphql(name = "Taxonomy")]
pub struct TaxonomyNode {
    version: String,
    grounds: Vec<GroundNode>,
    domains: Vec<TermNode>,
    manifestations: Vec<TermNode>,
    channels: Vec<TermNode>,
    handling: Vec<TermNode>,
    municipalities: Vec<MunicipalityNode>,
}

fn terms(terms: &[Term]) -> Vec<TermNode> {
    terms.iter().map(|t| TermNode { code: t.code.clone(), nl: t.nl.clone(), en: t.en.clone() }).collect()
}

impl From<&Taxonomy> for TaxonomyNode {
    fn from(t: &Taxonomy) -> Self {
        TaxonomyNode {
            version: t.version(),
            grounds: t
                .grounds
                .iter()
                .map(|g| GroundNode {
                    code: g.term.code.clone(),
                    nl: g.term.nl.clone(),
                    en: g.term.en.clone(),
                    legal: g.legal,
                    parent: g.parent.clone(),
                })
                .collect(),
            domains: terms(&t.domains),
            manifestations: terms(&t.manifestations),
            channels: terms(&t.channels),
            handling: terms(&t.handling),
            municipalities: t
                .municipalities
                .iter()
                .map(|m| MunicipalityNode {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    province: m.province.clone(),
                    routed_to: t.route(&m.code).map(str::to_string),
                })
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct TaxonomyQuery;

#[Object]
impl TaxonomyQuery {
    async fn taxonomy(&self, ctx: &Context<'_>) -> async_graphql::Result<TaxonomyNode> {
        actor(ctx)?;
        Ok(TaxonomyNode::from(services(ctx).taxonomy()))
    }

    /// The reporting centre responsible for residents of a municipality (CBS code).
    async fn routing_suggestion(
        &self,
        ctx: &Context<'_>,
        municipality: String,
    ) -> async_graphql::Result<Option<String>> {
        actor(ctx)?;
        Ok(services(ctx).taxonomy().route(&municipality.trim().to_ascii_uppercase()).map(str::to_string))
    }
}
