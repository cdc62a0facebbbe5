//! E-mail: templates per message and language, the transports (SMTP, or a folder of .eml
//! files as the embedded default), and the worker that delivers what the outbox holds.
//! Mail never carries special-category data: it says that something is waiting, and links.

pub mod calendar;
pub mod templates;
pub mod transport;
pub mod worker;
