//! How deeply a document nests, measured before anything recursive reads it. The GraphQL
//! parser and the value coercion recurse once per level of `{`, `[` and `(`: a 3 KB document
//! of nested lists overflows a worker thread's stack. These scans are loops, not recursion.

use async_graphql::{Value as ConstValue, Variables};

/// The deepest nesting of braces, brackets and parentheses in a GraphQL document, outside
/// strings and comments. Unbalanced closers are left for the parser to report.
pub fn text_nesting(document: &str) -> usize {
    let bytes = document.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while at < bytes.len() {
        match bytes[at] {
            b'#' => at = skip_comment(bytes, at),
            b'"' => at = skip_string(bytes, at),
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
                at += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                at += 1;
            }
            _ => at += 1,
        }
    }
    deepest
}

fn skip_comment(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n' || b == b'\r').map_or(bytes.len(), |n| from + n)
}

/// The index after the string starting at `from`: a block string (`"""…"""`, where only
/// `\"""` escapes) or a one-line string (where `\` escapes the next character).
fn skip_string(bytes: &[u8], from: usize) -> usize {
    if bytes[from..].starts_with(b"\"\"\"") {
        let mut at = from + 3;
        while at < bytes.len() {
            if bytes[at..].starts_with(b"\\\"\"\"") {
                at += 4;
            } else if bytes[at..].starts_with(b"\"\"\"") {
                return at + 3;
            } else {
                at += 1;
            }
        }
        return bytes.len();
    }
    let mut at = from + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' | b'\n' | b'\r' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The deepest nesting of lists and objects in the request's variables (a scalar is 0, `[1]`
/// is 1).
pub fn variables_nesting(variables: &Variables) -> usize {
    let mut deepest = 0;
    let mut pending: Vec<(&ConstValue, usize)> = variables.values().map(|value| (value, 1)).collect();
    while let Some((value, depth)) = pending.pop() {
        match value {
            ConstValue::List(items) => {
                deepest = deepest.max(depth);
                pending.extend(items.iter().map(|item| (item, depth + 1)));
            }
            ConstValue::Object(fields) => {
                deepest = deepest.max(depth);
                pending.extend(fields.values().map(|field| (field, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_kind_of_bracket() {
        assert_eq!(text_nesting("{ me { id } }"), 2);
        assert_eq!(text_nesting("{ a(x: [[{ b: 1 }]]) }"), 5);
        let deep = format!("{{ __typename @skip(if: {}true{}) }}", "[".repeat(1530), "]".repeat(1530));
        assert_eq!(text_nesting(&deep), 1532);
    }

    #[test]
    fn ignores_strings_and_comments() {
        assert_eq!(text_nesting(r#"{ a(x: "{{[[\"((") }"#), 2);
        assert_eq!(text_nesting("{ a # {{{{\n b }"), 1);
        assert_eq!(text_nesting(r#"{ a(x: """ {{ \""" [[ """) }"#), 2);
        assert_eq!(text_nesting("{ a(x: \"unterminated"), 2);
    }

    #[test]
    fn measures_variables_without_recursion() {
        let mut value = serde_json::json!(true);
        for _ in 0..1000 {
            value = serde_json::json!([value]);
        }
        let variables = Variables::from_json(serde_json::json!({ "v": value, "s": 1 }));
        assert_eq!(variables_nesting(&variables), 1000);
        assert_eq!(variables_nesting(&Variables::from_json(serde_json::json!({ "s": 1 }))), 0);
    }
}
