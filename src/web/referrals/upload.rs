//! Attachments from the referral page: a plain `multipart/form-data` form whose file is
//! sealed to the receiver as it streams in (the service stops reading past the size limit,
//! and nothing of a refused file is kept); and the receiver's download, decrypted as it leaves.

use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::ids::{ReferralFileId, ReferralId};
use crate::domain::referral::AttachmentMeta;
use crate::service::ServiceError;
use crate::web::page::PageActor;
use crate::web::referrals::referral_page::{render, Extra};
use crate::web::AppState;

/// `POST /referrals/{id}/files`: the form's token comes first (it is first in the form), so
/// nothing of the file is read before the form is known to be this session's.
pub async fn attach(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Response {
    // A body that says it is larger than any allowed file is refused before a byte is read.
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > form_limit(state.services.max_attachment_bytes())) {
        return refused(&state, &page, &id, "attachment-too-large", StatusCode::PAYLOAD_TOO_LARGE).await;
    }
    let token = match form.next_field().await {
        Ok(Some(field)) if field.name() == Some("csrf") => short_text(field).await,
        _ => String::new(),
    };
    if let Some(refused) = page.form_refusal(&headers, &token) {
        return refused;
    }
    let Ok(referral) = id.parse::<ReferralId>() else { return page.error(&ServiceError::NotFound) };
    let field = match form.next_field().await {
        Ok(Some(field)) if field.name() == Some("file") && field.file_name().is_some_and(|n| !n.is_empty()) => field,
        _ => return refused(&state, &page, &id, "attachment-missing", StatusCode::BAD_REQUEST).await,
    };
    let meta = AttachmentMeta {
        name: field.file_name().unwrap_or("bijlage").to_owned(),
        content_type: field.content_type().unwrap_or("application/octet-stream").to_owned(),
    };
    match state.services.add_attachment(&page.actor, referral, meta, field).await {
        Ok(_) => Redirect::to(&format!("/referrals/{id}?attached=1")).into_response(),
        Err(ServiceError::TooLarge(_)) => {
            refused(&state, &page, &id, "attachment-too-large", StatusCode::PAYLOAD_TOO_LARGE).await
        }
        Err(error) => page.error(&error),
    }
}

/// A form token's field, read no further than a token is long: nothing larger is held.
async fn short_text(mut field: axum::extract::multipart::Field<'_>) -> String {
    const LONGEST: usize = 256;
    let mut read = Vec::new();
    while let Ok(Some(chunk)) = field.chunk().await {
        read.extend_from_slice(&chunk);
        if read.len() > LONGEST {
            return String::new();
        }
    }
    String::from_utf8(read).unwrap_or_default()
}

/// The largest form body around a file of `max_file` bytes: the token, the part headers.
pub fn form_limit(max_file: u64) -> u64 {
    max_file.saturating_add(64 * 1024)
}

/// The referral page again, saying why the file was not added.
async fn refused(state: &AppState, page: &PageActor, id: &str, why: &'static str, status: StatusCode) -> Response {
    let mut response = render(state, page, id, Extra { file_error: Some(why), ..Extra::default() }).await;
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

/// `GET /referrals/{id}/attachments/{file}`: for the receiver once opened; every download is
/// audited by the service. The file's name is only in the answer's header, never an address.
pub async fn download(
    State(state): State<AppState>,
    page: PageActor,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let (Ok(referral), Ok(file)) = (id.parse::<ReferralId>(), file.parse::<ReferralFileId>()) else {
        return page.error(&ServiceError::NotFound);
    };
    match state.services.attachment(&page.actor, referral, file).await {
        Ok((meta, size, stream)) => {
            let disposition = super::files::attachment_disposition(&meta.name);
            super::files::file_response(Body::from_stream(stream), &meta.content_type, size, &disposition)
        }
        Err(error) => page.error(&error),
    }
}
