//! The id of the HTTP request being served, for error messages and audit events. The web
//! layer sets it around each request; anything below reads it without passing it along.

tokio::task_local! {
    pub static REQUEST_ID: String;
}

/// The current request's id, if code is running inside one.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

tokio::task_local! {
    /// The language the reader of the current request's answer reads.
    pub static LANGUAGE: crate::domain::user::Language;
}

tokio::task_local! {
    /// The reader's language on a WebSocket connection, which is known only once the
    /// connection's first message has signed it in.
    pub static CONNECTION_LANGUAGE: std::cell::Cell<crate::domain::user::Language>;
}

/// The current reader's language; Dutch outside a request or before the reader is known.
pub fn language() -> crate::domain::user::Language {
    LANGUAGE
        .try_with(|language| *language)
        .or_else(|_| CONNECTION_LANGUAGE.try_with(std::cell::Cell::get))
        .unwrap_or(crate::domain::user::Language::Nl)
}

/// The language an anonymous request asks for: English when `Accept-Language` puts English
/// first, Dutch otherwise. A signed-in reader's own setting takes its place.
pub fn language_asked(accept_language: Option<&str>) -> crate::domain::user::Language {
    use crate::domain::user::Language;
    let first = accept_language.and_then(|value| value.split(',').next()).unwrap_or("");
    let tag = first.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if tag == "en" || tag.starts_with("en-") {
        Language::En
    } else {
        Language::Nl
    }
}
