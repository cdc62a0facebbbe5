//! The size of a document as it would run: every fragment spread counted with its
//! multiplicity, each fragment measured once. A 1 KB "fragment bomb" (`...F1 ...F1` over 24
//! levels) expands to millions of fields; measured this way it costs one pass over the text.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// Fields that describe the schema itself. Their nesting (`ofType { ofType { … } }`) is the
/// shape of the schema, not of the data, so it is left out of the depth; it still counts as
/// fields, and the text's nesting limit bounds it.
const INTROSPECTION_ROOTS: [&str; 2] = ["__schema", "__type"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    /// Fields after expanding every fragment, saturating.
    pub fields: u64,
    /// Nested fields, as async-graphql counts depth, without introspection subtrees.
    pub depth: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ExtentError {
    /// A fragment that spreads itself, directly or through others.
    FragmentCycle,
}

/// The extent of the largest operation's worth of selections: every operation and the
/// fragments they use. Unknown fragments count as empty; validation reports them.
pub fn measure(document: &ExecutableDocument) -> Result<Extent, ExtentError> {
    let mut measurer = Measurer { document, done: HashMap::new(), visiting: Vec::new() };
    let mut total = Extent { fields: 0, depth: 0 };
    for (_, operation) in document.operations.iter() {
        let extent = measurer.selection_set(&operation.node.selection_set.node)?;
        total.fields = total.fields.saturating_add(extent.fields);
        total.depth = total.depth.max(extent.depth);
    }
    Ok(total)
}

struct Measurer<'a> {
    document: &'a ExecutableDocument,
    done: HashMap<&'a str, Extent>,
    visiting: Vec<&'a str>,
}

impl<'a> Measurer<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<Extent, ExtentError> {
        let mut extent = Extent { fields: 0, depth: 0 };
        for selection in &set.items {
            let inner = match &selection.node {
                Selection::Field(field) => {
                    let below = self.selection_set(&field.node.selection_set.node)?;
                    let introspection = INTROSPECTION_ROOTS.contains(&field.node.name.node.as_str());
                    Extent {
                        fields: below.fields.saturating_add(1),
                        depth: if introspection { 1 } else { below.depth + 1 },
                    }
                }
                Selection::InlineFragment(fragment) => self.selection_set(&fragment.node.selection_set.node)?,
                Selection::FragmentSpread(spread) => self.fragment(spread.node.fragment_name.node.as_str())?,
            };
            extent.fields = extent.fields.saturating_add(inner.fields);
            extent.depth = extent.depth.max(inner.depth);
        }
        Ok(extent)
    }

    fn fragment(&mut self, name: &'a str) -> Result<Extent, ExtentError> {
        if let Some(extent) = self.done.get(name) {
            return Ok(*extent);
        }
        if self.visiting.contains(&name) {
            return Err(ExtentError::FragmentCycle);
        }
        let Some((key, definition)) = self.document.fragments.get_key_value(name) else {
            return Ok(Extent { fields: 0, depth: 0 });
        };
        self.visiting.push(key.as_str());
        let extent = self.selection_set(&definition.node.selection_set.node);
        self.visiting.pop();
        let extent = extent?;
        self.done.insert(key.as_str(), extent);
        Ok(extent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn extent(document: &str) -> Result<Extent, ExtentError> {
        measure(&parse_query(document).unwrap())
    }

    #[test]
    fn counts_fields_and_depth_as_they_would_run() {
        assert_eq!(extent("{ me { id organisation { name } } }"), Ok(Extent { fields: 4, depth: 3 }));
        let spread_twice = "{ me { ...F ...F } } fragment F on User { id email }";
        assert_eq!(extent(spread_twice), Ok(Extent { fields: 5, depth: 2 }));
    }

    #[test]
    fn a_fragment_bomb_is_counted_not_expanded() {
        let mut document = String::from("{ ...F24 } fragment F0 on Query { __typename }");
        for level in 1..=24 {
            document.push_str(&format!(" fragment F{level} on Query {{ ...F{0} ...F{0} }}", level - 1));
        }
        assert_eq!(extent(&document).unwrap().fields, 1 << 24);
        let mut deeper = String::from("{ ...F80 } fragment F0 on Query { __typename }");
        for level in 1..=80 {
            deeper.push_str(&format!(" fragment F{level} on Query {{ ...F{0} ...F{0} }}", level - 1));
        }
        assert_eq!(extent(&deeper).unwrap().fields, u64::MAX);
    }

    #[test]
    fn cycles_are_refused_and_introspection_does_not_deepen() {
        assert_eq!(
            extent("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
            Err(ExtentError::FragmentCycle)
        );
        let introspection = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }";
        assert_eq!(extent(introspection).unwrap().depth, 1);
    }
}
