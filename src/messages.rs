//! The message catalogue: every sentence a door shows about a refusal, in Dutch and English,
//! from `templates/messages/{nl,en}.ftl` (Project Fluent). A reason code is a message id;
//! GraphQL, pages and mail all say it through here, in the reader's language.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::reason::{Arg, Reason};
use crate::domain::user::Language;

const DUTCH: &str = include_str!("../templates/messages/nl.ftl");
const ENGLISH: &str = include_str!("../templates/messages/en.ftl");

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::built_in);

/// The catalogue file's text for `language`.
fn source(language: Language) -> &'static str {
    match language {
        Language::Nl => DUTCH,
        Language::En => ENGLISH,
    }
}

struct Catalogue {
    dutch: FluentBundle<FluentResource>,
    english: FluentBundle<FluentResource>,
}

impl Catalogue {
    fn built_in() -> Catalogue {
        Catalogue { dutch: bundle("nl", source(Language::Nl)), english: bundle("en", source(Language::En)) }
    }

    fn of(&self, language: Language) -> &FluentBundle<FluentResource> {
        match language {
            Language::Nl => &self.dutch,
            Language::En => &self.english,
        }
    }
}

/// The catalogue is part of the binary; a syntax error in it is caught by the tests.
fn bundle(locale: &str, source: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
    let mut bundle = FluentBundle::new_concurrent(vec![locale.parse().expect("a valid locale")]);
    // No Unicode isolation marks: the texts go into JSON, plain-text mail and HTML alike.
    bundle.set_use_isolating(false);
    bundle.add_resource_overriding(resource);
    bundle
}

/// `reason` as a sentence in `language`.
pub fn say(language: Language, reason: &Reason) -> String {
    say_code(language, reason.code, &reason.args)
}

/// The message `id` with `args` in `language` (templates name a message and its values).
pub fn say_code<'a>(language: Language, id: &str, args: impl IntoIterator<Item = &'a (&'a str, Arg)>) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Text(text) => FluentValue::from(text.clone()),
            Arg::Term(term) => FluentValue::from(text(language, term)),
            Arg::Reason(inner) => FluentValue::from(say(language, inner)),
            Arg::Reasons(all) => FluentValue::from(all.iter().map(|r| say(language, r)).collect::<Vec<_>>().join("; ")),
        };
        fluent_args.set(*name, value);
    }
    format(language, id, Some(&fluent_args))
}

/// A message without values (a term such as a status) in `language`.
pub fn text(language: Language, id: &str) -> String {
    format(language, id, None)
}

fn format(language: Language, id: &str, args: Option<&FluentArgs>) -> String {
    let bundle = CATALOGUE.of(language);
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        // A code without a message is a bug the catalogue test catches; the code itself is
        // still more use to the reader than nothing.
        tracing::error!(code = id, "no message in the catalogue");
        return id.to_owned();
    };
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, args, &mut errors).into_owned()
}

/// `{{t "message-id" name=value}}` in pages and mail: a message of the catalogue in the
/// language of the root's `lang`, its values from the hash, escaped like any other text.
pub fn template_helper(
    helper: &handlebars::Helper,
    registry: &handlebars::Handlebars,
    context: &handlebars::Context,
    render: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let language = context
        .data()
        .get("lang")
        .and_then(serde_json::Value::as_str)
        .and_then(Language::parse)
        .unwrap_or(Language::Nl);
    let id = helper
        .param(0)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| handlebars::RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
    let args: Vec<(&str, Arg)> = helper
        .hash()
        .iter()
        .map(|(name, value)| {
            let arg = match value.value() {
                serde_json::Value::Number(n) => Arg::Number(n.as_i64().unwrap_or_default()),
                serde_json::Value::String(text) => Arg::Text(text.clone()),
                other => Arg::Text(other.to_string()),
            };
            (*name, arg)
        })
        .collect();
    // The registry's own escaping: HTML for pages and HTML mail, none for plain-text mail; none
    // in a subexpression, whose value the outer helper escapes once.
    let said = say_code(language, id, &args);
    out.write(&if render.is_disable_escape() { said } else { registry.get_escape_fn()(&said) })?;
    Ok(())
}

/// The ids of the catalogue in `language`, for the tests that hold both languages alike.
pub fn ids(language: Language) -> Vec<String> {
    let resource = FluentResource::try_new(source(language).to_owned()).unwrap_or_else(|(resource, _)| resource);
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// Syntax errors in `language`'s catalogue file.
pub fn syntax_errors(language: Language) -> usize {
    FluentResource::try_new(source(language).to_owned()).err().map_or(0, |(_, errors)| errors.len())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn both_languages_have_the_same_messages_and_parse_whole() {
        assert_eq!(syntax_errors(Language::Nl), 0);
        assert_eq!(syntax_errors(Language::En), 0);
        // An id written twice would silently say the later text for both uses.
        for language in [Language::Nl, Language::En] {
            let all = ids(language);
            let unique: BTreeSet<_> = all.iter().collect();
            assert_eq!(all.len(), unique.len(), "an id twice in {}.ftl", language.as_str());
        }
        let dutch: BTreeSet<_> = ids(Language::Nl).into_iter().collect();
        let english: BTreeSet<_> = ids(Language::En).into_iter().collect();
        assert!(dutch.len() > 100, "{}", dutch.len());
        assert_eq!(dutch.difference(&english).collect::<Vec<_>>(), Vec::<&String>::new(), "only in nl.ftl");
        assert_eq!(english.difference(&dutch).collect::<Vec<_>>(), Vec::<&String>::new(), "only in en.ftl");
    }

    /// Every code the source gives a reason or a term has a message: read from the source
    /// itself, so a new code without a message fails here rather than in front of a user.
    #[test]
    fn every_code_in_the_source_has_a_message() {
        let known: BTreeSet<_> = ids(Language::Nl).into_iter().collect();
        let mut used = BTreeSet::new();
        for file in rust_files(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))) {
            if file.ends_with("messages.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&file).unwrap();
            let source = source.as_str();
            let after =
                |marker: &'static str| source.match_indices(marker).map(move |(at, _)| &source[at + marker.len()..]);
            for rest in ["Reason::new(\"", "conflict(\"", "fixed(\""].into_iter().flat_map(after) {
                used.insert(literal(rest));
            }
            // `.term("name", "code")`; a term given by a function is found below.
            for rest in after(".term(\"") {
                if let Some((_, code)) = rest.split_once("\", \"").filter(|(name, _)| !name.contains('"')) {
                    used.insert(literal(code));
                }
            }
            // Terms handed over as values: any literal with a term's prefix.
            for piece in source.split('"').skip(1).step_by(2) {
                if TERM_PREFIXES.iter().any(|p| piece.starts_with(p))
                    && piece.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                {
                    used.insert(piece.to_owned());
                }
            }
        }
        for file in files_in(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")), "html") {
            let source = std::fs::read_to_string(&file).unwrap();
            for (at, _) in source.match_indices("{{t \"") {
                used.insert(literal(&source[at + 5..]));
            }
        }
        assert!(used.len() > 80, "the scan found too little: {}", used.len());
        let missing: Vec<_> = used.difference(&known).collect();
        assert!(missing.is_empty(), "codes without a message: {missing:?}");
    }

    #[test]
    fn a_reason_is_said_in_one_language_with_its_values() {
        let finding =
            |position: i64| Reason::new("finding").term("kind", "finding-phone-number").number("position", position);
        let reason = Reason::new("text-identifying").reasons("findings", vec![finding(4), finding(30)]);
        assert_eq!(
            say(Language::Nl, &reason),
            "Deze tekst noemt iets waaraan iemand te herkennen is: telefoonnummer op positie 4; telefoonnummer op positie 30. Schrijf de tekst zonder"
        );
        assert_eq!(
            say(Language::En, &reason),
            "This text names something a person can be recognised by: phone number at position 4; phone number at position 30. Write the text without it"
        );
        let nested =
            Reason::new("chain-name-invalid").reason("problem", Reason::new("text-too-long").number("max", 120));
        assert_eq!(say(Language::En, &nested), "Name: Must be at most 120 characters");
    }

    const TERM_PREFIXES: [&str; 16] = [
        "consent-method-",
        "case-status-",
        "action-status-",
        "presence-",
        "agenda-kind-",
        "finding-",
        "role-",
        "referral-status-",
        "referral-state-",
        "consent-scope-",
        "referral-outcome-",
        "urgency-",
        "invitation-",
        "page-",
        "field-",
        "label-",
    ];

    fn literal(rest: &str) -> String {
        rest[..rest.find('"').unwrap_or(0)].to_owned()
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        files_in(dir, "rs")
    }

    fn files_in(dir: &std::path::Path, extension: &str) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(files_in(&path, extension));
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
        found
    }
}
