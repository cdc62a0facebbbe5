//! Referral files over plain streaming HTTP, authorized by the same bearer token as GraphQL:
//! uploads are sealed as they arrive and downloads decrypted as they leave, in bounded memory.
//! (GraphQL multipart uploads spool to temporary files, which plaintext must never reach.)

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::json;

use crate::domain::actor::Actor;
use crate::domain::ids::{ReferralFileId, ReferralId};
use crate::domain::referral::AttachmentMeta;
use crate::request_context::REQUEST_ID;
use crate::service::ServiceError;
use crate::web::{AppState, RequestId};

/// `POST /referrals/{id}/attachments` with the file as the body, its type in `content-type`
/// and its name, percent-encoded, in `x-file-name`.
pub async fn upload_attachment(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(request_id, async move {
            let actor = authenticate(&state, &headers).await?;
            let id = parse::<ReferralId>(&id)?;
            let name = header_text(&headers, "x-file-name").map(|n| percent_decode_str(&n).decode_utf8_lossy().to_string());
            let meta = AttachmentMeta {
                name: name.unwrap_or_else(|| "bijlage".into()),
                content_type: header_text(&headers, "content-type").unwrap_or_else(|| "application/octet-stream".into()),
            };
            let info = state.services.add_attachment(&actor, id, meta, body.into_data_stream()).await?;
            let answer = json!({ "id": info.id.to_string(), "name": info.meta.name, "contentType": info.meta.content_type, "sizeBytes": info.size_bytes });
            Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
    })
    .await
}

/// `PUT /referrals/{id}/dossier` with an age file the sender sealed to the receiver itself.
pub async fn upload_dossier(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(request_id, async move {
        let actor = authenticate(&state, &headers).await?;
        state.services.upload_sealed_dossier(&actor, parse(&id)?, body.into_data_stream()).await?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}

/// `GET /referrals/{id}/files/{file}`: an attachment, decrypted.
pub async fn download(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    respond(request_id, async move {
        let actor = authenticate(&state, &headers).await?;
        let (meta, size, stream) =
            state.services.attachment(&actor, parse(&id)?, parse::<ReferralFileId>(&file)?).await?;
        let disposition = attachment_disposition(&meta.name);
        Ok(file_response(Body::from_stream(stream), &meta.content_type, size, &disposition))
    })
    .await
}

/// `GET /referrals/{id}/files/{file}/sealed`: the age file as stored.
pub async fn download_sealed(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    respond(request_id, async move {
        let actor = authenticate(&state, &headers).await?;
        let file = parse::<ReferralFileId>(&file)?;
        let (size, handle) = state.services.sealed_file(&actor, parse(&id)?, file).await?;
        let body = Body::from_stream(futures_util::stream::unfold(handle, read_chunk));
        let disposition = format!("attachment; filename=\"{file}.age\"");
        Ok(file_response(body, "application/octet-stream", size, &disposition))
    })
    .await
}

/// The characters a `filename*` value may hold as they are (RFC 8187's attr-char).
const FILE_NAME_KEEPS: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `attachment; filename*=UTF-8''…`: the name as sent, in any script.
pub(super) fn attachment_disposition(name: &str) -> String {
    format!("attachment; filename*=UTF-8''{}", utf8_percent_encode(name, FILE_NAME_KEEPS))
}

/// A file download that no cache keeps.
pub(super) fn file_response(body: Body, content_type: &str, size: u64, disposition: &str) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, value(content_type, "application/octet-stream"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    headers.insert(header::CONTENT_DISPOSITION, value(disposition, "attachment"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The uploader chose the type: never sniffed into something else, never run as a page.
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    response
}

/// Runs a handler's work inside its request (so an internal error names the request id) and
/// turns a refusal into the matching HTTP answer.
async fn respond(
    request_id: RequestId,
    work: impl std::future::Future<Output = Result<Response, ServiceError>>,
) -> Response {
    REQUEST_ID.scope(request_id.0, work).await.unwrap_or_else(error_response)
}

async fn read_chunk(mut file: tokio::fs::File) -> Option<(std::io::Result<bytes::Bytes>, tokio::fs::File)> {
    use tokio::io::AsyncReadExt;
    let mut buffer = vec![0u8; 64 * 1024];
    match file.read(&mut buffer).await {
        Ok(0) => None,
        Ok(n) => {
            buffer.truncate(n);
            Some((Ok(bytes::Bytes::from(buffer)), file))
        }
        Err(error) => Some((Err(error), file)),
    }
}

async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Actor, ServiceError> {
    let token = crate::web::graphql::bearer(headers).ok_or(ServiceError::Unauthenticated)?;
    state.services.authenticate(token).await
}

fn parse<T: std::str::FromStr>(id: &str) -> Result<T, ServiceError> {
    id.parse().map_err(|_| ServiceError::NotFound)
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn value(text: &str, fallback: &'static str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static(fallback))
}

/// The same codes as GraphQL's `extensions.code`, with the matching HTTP status.
fn error_response(error: ServiceError) -> Response {
    let status = crate::web::status_of(&error);
    let gql = crate::graphql::error::to_graphql(&error);
    let code = gql.extensions.as_ref().and_then(|e| e.get("code")).map(|c| c.to_string().trim_matches('"').to_string());
    let body = json!({ "errors": [{ "message": gql.message, "extensions": { "code": code } }] });
    (status, axum::Json(body)).into_response()
}
