//! Structured logs to standard error, as text or JSON. Log lines carry ids, never personal
//! data: no names, e-mail addresses, free text or query strings.

use tracing::Metadata;
use tracing_subscriber::filter::{filter_fn, EnvFilter};
use tracing_subscriber::fmt::writer::BoxMakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::{LogConfig, LogFormat};

/// Crates whose debug and trace events carry what they process: the template engine logs
/// the data it renders (a page's grounds next to a case's id, a mail's text). Their events
/// are dropped at every level, whatever `RUST_LOG` asks for.
const DATA_BEARING_TARGETS: [&str; 1] = ["handlebars"];

fn may_be_logged(metadata: &Metadata<'_>) -> bool {
    target_may_be_logged(metadata.target())
}

fn target_may_be_logged(target: &str) -> bool {
    !DATA_BEARING_TARGETS
        .iter()
        .any(|crate_name| target.strip_prefix(crate_name).is_some_and(|rest| rest.is_empty() || rest.starts_with("::")))
}

pub fn init(config: &LogConfig) {
    let colours = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.level));
    init_to(config.format, filter, BoxMakeWriter::new(std::io::stderr), colours);
}

/// As `init`, with the level filter and the writer given: the test suite captures every event
/// of a whole run, whatever `RUST_LOG` says, through the same filter of data-bearing crates.
pub fn init_to(format: LogFormat, filter: EnvFilter, writer: BoxMakeWriter, colours: bool) {
    let (json, text) = match format {
        LogFormat::Json => {
            let layer = tracing_subscriber::fmt::layer().json().flatten_event(true).with_current_span(true);
            (Some(layer.with_writer(writer)), None)
        }
        LogFormat::Text => (None, Some(tracing_subscriber::fmt::layer().with_writer(writer).with_ansi(colours))),
    };
    let result =
        tracing_subscriber::registry().with(filter_fn(may_be_logged)).with(filter).with(json).with(text).try_init();
    // A second init (tests start many services in one process) keeps the first subscriber.
    let _ = result;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_engine_events_are_never_logged() {
        assert!(!target_may_be_logged("handlebars::render"));
        assert!(!target_may_be_logged("handlebars"));
        assert!(target_may_be_logged("handlebarsish"));
        assert!(target_may_be_logged("ketenaanpak::web"));
    }
}
