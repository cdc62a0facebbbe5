//! Every limit on a GraphQL document, applied before async-graphql parses or validates it,
//! for every door alike (POST, GET and WebSocket): the schema is reachable only through
//! `GuardedSchema`, so no door can forget it. The order matters: size and nesting are measured
//! on the text by loops (the parser recurses per level), fragments are counted with their
//! multiplicity before the validator expands them, and only then does async-graphql see the
//! document.
//!
//! A wrapper rather than a schema extension: with any extension installed, async-graphql
//! routes every field of every answer through the extension chain (a registry lookup and a
//! boxed future per field), and a page of fifty cases has some seven hundred fields.

use std::sync::Arc;

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::parse_query;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Data, ErrorExtensionValues, Executor, Request, Response, ServerError, ServerResult};

use crate::config::GraphqlConfig;
use crate::domain::reason::Reason;
use crate::graphql::extent::{self, ExtentError};
use crate::graphql::limits;
use crate::graphql::nesting::{text_nesting, variables_nesting};
use crate::graphql::AppSchema;

/// Documents longer than this are parsed on a blocking thread, so that no async worker is
/// held by one request.
const PARSE_INLINE_BYTES: usize = 8 * 1024;

/// The schema behind its document limits: what every door executes.
#[derive(Clone)]
pub struct GuardedSchema {
    schema: AppSchema,
    limits: Arc<GraphqlConfig>,
}

impl GuardedSchema {
    pub fn new(schema: AppSchema, limits: Arc<GraphqlConfig>) -> Self {
        Self { schema, limits }
    }

    /// The request with its document parsed, or the refusal.
    async fn admit(&self, mut request: Request) -> ServerResult<Request> {
        self.check_text(&request)?;
        let document = parse(&request.query).await?;
        self.check_document(&document)?;
        request.set_parsed_query(document);
        Ok(request)
    }
}

impl Executor for GuardedSchema {
    async fn execute(&self, request: Request) -> Response {
        match self.admit(request).await {
            Ok(request) => self.schema.execute(request).await,
            Err(refusal) => Response::from_errors(vec![refusal]),
        }
    }

    fn execute_stream(&self, request: Request, session_data: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        let guarded = self.clone();
        stream::once(async move {
            match guarded.admit(request).await {
                Ok(request) => {
                    guarded.schema.execute_stream_with_session_data(request, session_data.unwrap_or_default())
                }
                Err(refusal) => stream::once(async move { Response::from_errors(vec![refusal]) }).boxed(),
            }
        })
        .flatten()
        .boxed()
    }
}

impl GuardedSchema {
    fn check_text(&self, request: &Request) -> ServerResult<()> {
        let limits = &self.limits;
        if request.query.trim().is_empty() {
            return Err(refusal(Reason::new("document-missing")));
        }
        if request.query.len() > limits.max_body_bytes {
            return Err(refusal(Reason::new("document-too-large").number("max", limits.max_body_bytes)));
        }
        if text_nesting(&request.query) > limits.max_nesting
            || variables_nesting(&request.variables) > limits.max_nesting
        {
            return Err(refusal(Reason::new("document-too-deep").number("max", limits.max_nesting)));
        }
        Ok(())
    }

    fn check_document(&self, document: &ExecutableDocument) -> ServerResult<()> {
        let limits = &self.limits;
        let extent = extent::measure(document)
            .map_err(|ExtentError::FragmentCycle| refusal(Reason::new("document-fragment-cycle")))?;
        if extent.fields > limits.max_complexity as u64 {
            return Err(refusal(Reason::new("document-too-many-fields").number("max", limits.max_complexity)));
        }
        if extent.depth > limits.max_depth {
            return Err(refusal(Reason::new("document-fields-too-deep").number("max", limits.max_depth)));
        }
        if limits::alias_count(document) > limits.max_aliases {
            return Err(refusal(Reason::new("document-too-many-aliases").number("max", limits.max_aliases)));
        }
        if !limits.introspection && limits::uses_introspection(document) {
            return Err(refusal(Reason::new("introspection-off")));
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
        Err(_) => Err(refusal(Reason::new("document-unreadable"))),
    }
}

/// A request error: no path, code `BAD_USER_INPUT`.
fn refusal(reason: Reason) -> ServerError {
    let mut error = ServerError::new(crate::messages::say(crate::request_context::language(), &reason), None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", "BAD_USER_INPUT");
    extensions.set("reason", reason.code);
    error.extensions = Some(extensions);
    error
}
