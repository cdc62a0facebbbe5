//! The own case page's sharing forms: record the reporter's consent to share with one of
//! the organisation's chains, share under it, stop sharing. Every rule (only under an active
//! consent for that chain, only the owner) is the service's; these forms only post.

use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::consent::{ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::{CaseId, ChainId, ConsentId};
use crate::domain::reason::Reason;
use crate::service::ServiceError;
use crate::web::casework::consents::TargetNames;
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

/// A chain form's course: the token first, then `action` on the case and chain it names,
/// then back to the case page's sharing section, or the error page.
async fn on_chain<F, Done>(page: &PageActor, headers: &HeaderMap, case: &str, form: &ChainForm, action: F) -> Response
where
    F: FnOnce(CaseId, ChainId) -> Done,
    Done: std::future::Future<Output = Result<(), ServiceError>>,
{
    if let Some(refused) = page.form_refusal(headers, &form.csrf) {
        return refused;
    }
    let done = async {
        let (case, chain) = ids(case, form)?;
        action(case, chain).await?;
        Ok::<CaseId, ServiceError>(case)
    };
    match done.await {
        Ok(case) => back(case),
        Err(error) => page.error(&error),
    }
}

pub async fn record_share_consent(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ChainForm>,
) -> Response {
    let (services, actor) = (&state.services, &page.actor);
    let (method, given_on) = (form.method.clone(), form.given_on.clone());
    on_chain(&page, &headers, &case, &form, |case, chain| async move {
        let method = ConsentMethod::parse(&method)
            .ok_or_else(|| ServiceError::bad_input("consentMethod", Reason::new("consent-method-missing")))?;
        let given_on = super::register::date("givenOn", &given_on)?;
        let (scope, target) = (ConsentScope::SharePseudonymised, ConsentTarget::Chain(chain));
        services.record_consent(actor, case, scope, target, method, given_on).await.map(drop)
    })
    .await
}

pub async fn share(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ChainForm>,
) -> Response {
    let (services, actor) = (&state.services, &page.actor);
    on_chain(&page, &headers, &case, &form, |case, chain| async move {
        services.share_case(actor, case, chain).await.map(drop)
    })
    .await
}

pub async fn unshare(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ChainForm>,
) -> Response {
    let (services, actor) = (&state.services, &page.actor);
    on_chain(
        &page,
        &headers,
        &case,
        &form,
        |case, chain| async move { services.unshare_case(actor, case, chain).await },
    )
    .await
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirmed: String,
}

/// The confirmation says what the withdrawal will do, for the scope it is: the consent to
/// register (the heaviest: the identity is erased, everything resting on the case ends), to
/// share with a chain, to refer to an organisation, or one of the others.
#[derive(Serialize)]
struct ConfirmView {
    title: String,
    register: bool,
    refer: bool,
    chain: bool,
    /// For the consents that end nothing else: what the reporter no longer allows.
    other: Option<&'static str>,
    /// The chain or organisation the consent names.
    target: String,
    case: String,
    consent: String,
}

impl ConfirmView {
    fn new(title: String, scope: ConsentScope, target: String, case: String, consent: String) -> ConfirmView {
        let other = match scope {
            ConsentScope::ContactCounterparty => Some("consent-withdraw-contact"),
            ConsentScope::Police => Some("consent-withdraw-police"),
            _ => None,
        };
        ConfirmView {
            title,
            register: scope == ConsentScope::Register,
            refer: scope == ConsentScope::Refer,
            chain: scope == ConsentScope::SharePseudonymised,
            other,
            target,
            case,
            consent,
        }
    }
}

/// Withdrawing a consent asks first, saying what it will do (for the consent as stored, of
/// the caller's own case: anything else is not found); the second post, with
/// `confirmed=yes`, withdraws it (the service ends what rests on it) and goes back to the
/// section the consent belongs to.
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
    let stored = match consent_of(&state, &page, case_id, consent_id).await {
        Ok(stored) => stored,
        Err(error) => return page.error(&error),
    };
    if form.confirmed != "yes" {
        let title = crate::messages::text(page.actor.language, "consent-withdraw-title");
        let target = match TargetNames::load(&state, &page, &[&stored]).await {
            Ok(names) => names.name(stored.target).unwrap_or_default(),
            Err(error) => return page.error(&error),
        };
        return page.render("consent_withdraw", &ConfirmView::new(title, stored.scope, target, case, consent));
    }
    let section = match stored.scope {
        ConsentScope::Refer => "referring",
        ConsentScope::SharePseudonymised => "sharing",
        _ => "consents",
    };
    match state.services.withdraw_consent(&page.actor, case_id, consent_id).await {
        Ok(_) => Redirect::to(&format!("/cases/{case_id}#{section}")).into_response(),
        Err(error) => page.error(&error),
    }
}

/// An active consent of the caller's own case, as stored. The case is asked for first, so a
/// case the caller may not see is refused (and audited) like every other read of it.
async fn consent_of(
    state: &AppState,
    page: &PageActor,
    case: CaseId,
    consent: ConsentId,
) -> Result<crate::domain::consent::Consent, ServiceError> {
    match state.services.case(&page.actor, case).await? {
        crate::service::casework::cases::CaseView::Own(_) => {}
        crate::service::casework::cases::CaseView::Shared(_) => return Err(ServiceError::Forbidden),
    }
    let consents = state.services.consents_of(&page.actor, &[case]).await?.remove(&case).unwrap_or_default();
    consents.into_iter().find(|c| c.id == consent && c.is_active()).ok_or(ServiceError::NotFound)
}

#[derive(Deserialize)]
pub struct ReferConsentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    given_on: String,
}

/// The reporter's consent to refer the case to one organisation, recorded from the case page.
pub async fn record_refer_consent(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<ReferConsentForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let recorded = async {
        let case: CaseId = case.parse().map_err(|_| ServiceError::NotFound)?;
        let organisation = form
            .organisation
            .parse()
            .map_err(|_| ServiceError::bad_input("organisationId", Reason::new("receiver-missing")))?;
        let method = ConsentMethod::parse(&form.method)
            .ok_or_else(|| ServiceError::bad_input("consentMethod", Reason::new("consent-method-missing")))?;
        let given_on = super::register::date("givenOn", &form.given_on)?;
        let (scope, target) = (ConsentScope::Refer, ConsentTarget::Organisation(organisation));
        state.services.record_consent(&page.actor, case, scope, target, method, given_on).await?;
        Ok::<_, ServiceError>(case)
    };
    match recorded.await {
        Ok(case) => Redirect::to(&format!("/cases/{case}#referring")).into_response(),
        Err(error) => page.error(&error),
    }
}
