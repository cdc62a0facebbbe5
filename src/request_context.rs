//! The id of the HTTP request being served, for error messages and audit events. The web
//! layer sets it around each request; anything below reads it without passing it along.

tokio::task_local! {
    pub static REQUEST_ID: String;
}

/// The current request's id, if code is running inside one.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}
