//! Every limit on a GraphQL document, applied before async-graphql parses or validates it,
//! for every door alike (POST, GET and WebSocket): an extension on the schema, so no door can
//! forget it. The order matters: size and nesting are measured on the text by loops (the
//! parser recurses per level), fragments are counted with their multiplicity before the
//! validator expands them, and only then does async-graphql see the document.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::parser::parse_query;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult};

use crate::config::GraphqlConfig;
use crate::graphql::extent::{self, ExtentError};
use crate::graphql::limits;
use crate::graphql::nesting::{text_nesting, variables_nesting};

/// Documents longer than this are parsed on a blocking thread, so that no async worker is
/// held by one request.
const PARSE_INLINE_BYTES: usize = 8 * 1024;

pub struct DocumentGuard {
    limits: Arc<GraphqlConfig>,
}

impl DocumentGuard {
    pub fn new(limits: Arc<GraphqlConfig>) -> Self {
        Self { limits }
    }
}

impl ExtensionFactory for DocumentGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GuardExtension { limits: self.limits.clone() })
    }
}

struct GuardExtension {
    limits: Arc<GraphqlConfig>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for GuardExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        self.check_text(&request)?;
        let document = parse(&request.query).await?;
        self.check_document(&document)?;
        request.set_parsed_query(document);
        next.run(ctx, request).await
    }
}

impl GuardExtension {
    fn check_text(&self, request: &Request) -> ServerResult<()> {
        let limits = &self.limits;
        if request.query.trim().is_empty() {
            return Err(refusal("Geen GraphQL-document / No GraphQL document".into()));
        }
        if request.query.len() > limits.max_body_bytes {
            return Err(refusal(format!(
                "Document te groot (hoogstens {0} bytes) / Document too large (at most {0} bytes)",
                limits.max_body_bytes
            )));
        }
        if text_nesting(&request.query) > limits.max_nesting
            || variables_nesting(&request.variables) > limits.max_nesting
        {
            return Err(refusal(format!(
                "Te diep genest (hoogstens {0} niveaus) / Nested too deeply (at most {0} levels)",
                limits.max_nesting
            )));
        }
        Ok(())
    }

    fn check_document(&self, document: &ExecutableDocument) -> ServerResult<()> {
        let limits = &self.limits;
        let extent = extent::measure(document).map_err(|ExtentError::FragmentCycle| {
            refusal("Een fragment gebruikt zichzelf / A fragment spreads itself".into())
        })?;
        if extent.fields > limits.max_complexity as u64 {
            return Err(refusal(format!(
                "Te veel velden (hoogstens {0}, fragmenten meegeteld) / Too many fields (at most {0}, fragments counted)",
                limits.max_complexity
            )));
        }
        if extent.depth > limits.max_depth {
            return Err(refusal(format!(
                "Te diep genest (hoogstens {0} velden diep) / Nested too deep (at most {0} fields)",
                limits.max_depth
            )));
        }
        if limits::alias_count(document) > limits.max_aliases {
            return Err(refusal(format!(
                "Te veel aliassen (hoogstens {0}) / Too many aliases (at most {0})",
                limits.max_aliases
            )));
        }
        if !limits.introspection && limits::uses_introspection(document) {
            return Err(refusal("Introspectie staat uit / Introspection is turned off".into()));
        }
        Ok(())
    }
}

async fn parse(query: &str) -> ServerResult<ExecutableDocument> {
    if query.len() <= PARSE_INLINE_BYTES {
        return parse_query(query).map_err(Into::into);
    }
    let owned = query.to_owned();
    match tokio::task::spawn_blocking(move || parse_query(owned)).await {
        Ok(parsed) => parsed.map_err(Into::into),
        Err(_) => Err(refusal("Document onleesbaar / Document unreadable".into())),
    }
}

/// A request error: no path, code `BAD_USER_INPUT`.
fn refusal(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", "BAD_USER_INPUT");
    error.extensions = Some(extensions);
    error
}
