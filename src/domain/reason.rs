//! Why something was refused, as a code and its parameters, never as a sentence: the doors
//! say it in the reader's language from the message catalogue (`templates/messages/`), and a
//! client can act on the code (`extensions.reason` in GraphQL).

/// A reason code (a message id of the catalogue) and the values its message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub code: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A value in a reason's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Number(i64),
    /// Shown as it is: a code or a name, never a person's data.
    Text(String),
    /// Another reason, said first and put in its place (what was wrong with a name).
    Reason(Box<Reason>),
    /// Several reasons, said one after the other (every finding in a text).
    Reasons(Vec<Reason>),
    /// A catalogue term (a status, a kind of finding), said in the reader's language.
    Term(&'static str),
}

impl Reason {
    pub fn new(code: &'static str) -> Reason {
        Reason { code, args: Vec::new() }
    }

    pub fn number(mut self, name: &'static str, value: impl TryInto<i64>) -> Reason {
        self.args.push((name, Arg::Number(value.try_into().unwrap_or(i64::MAX))));
        self
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Reason {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    pub fn term(mut self, name: &'static str, term: &'static str) -> Reason {
        self.args.push((name, Arg::Term(term)));
        self
    }

    pub fn reason(mut self, name: &'static str, inner: impl Into<Reason>) -> Reason {
        self.args.push((name, Arg::Reason(Box::new(inner.into()))));
        self
    }

    pub fn reasons(mut self, name: &'static str, all: Vec<Reason>) -> Reason {
        self.args.push((name, Arg::Reasons(all)));
        self
    }
}

impl std::fmt::Display for Reason {
    /// The code, for logs and tests; people read the catalogue's sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}
