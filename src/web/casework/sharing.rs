//! The own case page's sharing forms: record the reporter's consent to share with one of
//! the organisation's chains, share under it, stop sharing. Every rule (only under an active
//! consent for that chain, only the owner) is the service's; these forms only post.

use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::consent::{ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, ChainId, ConsentId};
use crate::domain::reason::Reason;
use crate::service::ServiceError;
use crate::web::page::PageActor;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct ChainForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    chain: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    given_on: String,
}

/// The case and chain a form names; either unreadable is "not found".
fn ids(case: &str, form: &ChainForm) -> Result<(CaseId, ChainId), ServiceError> {
    Ok((case.parse().map_err(|_| ServiceError::NotFound)?, form.chain.parse().map_err(|_| ServiceError::NotFound)?))
}

/// Back to the case page's sharing section.
fn back(case: CaseId) -> Response {
    Redirect::to(&format!("/cases/{case}#sharing")).into_response()
}

pub async fn record_share_consent(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ChainForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let recorded = async {
        let (case, chain) = ids(&case, &form)?;
        let method = ConsentMethod::parse(&form.method)
            .ok_or_else(|| ServiceError::bad_input("consentMethod", Reason::new("consent-method-missing")))?;
        let given_on = NaiveDate::parse_from_str(form.given_on.trim(), "%Y-%m-%d")
            .map_err(|_| ServiceError::bad_input("givenOn", Reason::new("date-unreadable")))?;
        let target = ConsentTarget::Chain(chain);
        state
            .services
            .record_consent(&page.actor, case, ConsentScope::SharePseudonymised, target, method, given_on)
            .await?;
        Ok::<CaseId, ServiceError>(case)
    };
    match recorded.await {
        Ok(case) => back(case),
        Err(error) => page.error(&error),
    }
}

pub async fn share(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ChainForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let shared = async {
        let (case, chain) = ids(&case, &form)?;
        state.services.share_case(&page.actor, case, chain).await?;
        Ok::<CaseId, ServiceError>(case)
    };
    match shared.await {
        Ok(case) => back(case),
        Err(error) => page.error(&error),
    }
}

pub async fn unshare(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ChainForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let ended = async {
        let (case, chain) = ids(&case, &form)?;
        state.services.unshare_case(&page.actor, case, chain).await?;
        Ok::<CaseId, ServiceError>(case)
    };
    match ended.await {
        Ok(case) => back(case),
        Err(error) => page.error(&error),
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirmed: String,
    #[serde(default)]
    chain: String,
}

#[derive(Serialize)]
struct ConfirmView {
    title: String,
    chain: String,
    case: String,
    consent: String,
}

/// Withdrawing a consent to share asks first, saying what it will do; the second post, with
/// `confirmed=yes`, withdraws it (the service ends the share and what rests on it).
pub async fn withdraw_consent(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path((case, consent)): Path<(String, String)>,
    Form(form): Form<WithdrawForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let (Ok(case_id), Ok(consent_id)) = (case.parse::<CaseId>(), consent.parse::<ConsentId>()) else {
        return page.error(&ServiceError::NotFound);
    };
    if form.confirmed != "yes" {
        let title = crate::messages::text(page.actor.language, "consent-withdraw-title");
        return page.render("consent_withdraw", &ConfirmView { title, chain: form.chain, case, consent });
    }
    match state.services.withdraw_consent(&page.actor, case_id, consent_id).await {
        Ok(_) => back(case_id),
        Err(error) => page.error(&error),
    }
}
