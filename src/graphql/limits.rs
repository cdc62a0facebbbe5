//! Checks on the document itself, made before async-graphql executes anything. Depth and
//! complexity are async-graphql's own validation; aliases are counted here.

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet};

/// Aliased fields in the operations and fragment definitions of `document`.
pub fn alias_count(document: &ExecutableDocument) -> usize {
    let operations: usize =
        document.operations.iter().map(|(_, op)| in_selection_set(&op.node.selection_set.node)).sum();
    let fragments: usize = document.fragments.values().map(|f| in_selection_set(&f.node.selection_set.node)).sum();
    operations + fragments
}

fn in_selection_set(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + in_selection_set(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => in_selection_set(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Whether the document asks for the schema (`__schema` or `__type`), anywhere.
pub fn uses_introspection(document: &ExecutableDocument) -> bool {
    let operations = document.operations.iter().any(|(_, op)| introspects(&op.node.selection_set.node));
    operations || document.fragments.values().any(|f| introspects(&f.node.selection_set.node))
}

fn introspects(set: &SelectionSet) -> bool {
    set.items.iter().any(|selection| match &selection.node {
        Selection::Field(field) => {
            matches!(field.node.name.node.as_str(), "__schema" | "__type")
                || introspects(&field.node.selection_set.node)
        }
        Selection::InlineFragment(fragment) => introspects(&fragment.node.selection_set.node),
        Selection::FragmentSpread(_) => false,
    })
}

/// The type of the operation a request would run: the named one, or the only one.
pub fn operation_type(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    match (&document.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.iter().find(|(n, _)| n.as_str() == name).map(|(_, op)| op.node.ty)
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next().map(|op| op.node.ty),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    #[test]
    fn counts_aliases_in_operations_and_fragments() {
        let doc =
            parse_query("query { a: me { id } b: me { x: id } ...F } fragment F on Query { c: me { id } }").unwrap();
        assert_eq!(alias_count(&doc), 4);
        assert_eq!(operation_type(&doc, None), Some(OperationType::Query));
        let doc = parse_query("query A { me { id } } mutation B { logout }").unwrap();
        assert_eq!(operation_type(&doc, Some("B")), Some(OperationType::Mutation));
        assert_eq!(operation_type(&doc, None), None);
        assert!(uses_introspection(&parse_query("{ a { ... on X { __type(name: \"Y\") { name } } } }").unwrap()));
        assert!(!uses_introspection(&parse_query("{ me { __typename } }").unwrap()));
    }
}
