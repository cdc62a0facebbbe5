//! The own case page's "Toestemming van de melder": every active consent with how and when
//! it was given, and a form for the two consents no other section records (to contact the
//! counterparty, to pass the report to the police). Consents to share and to refer are
//! managed in their own sections; every withdrawal goes through the one confirmation in
//! `sharing`, which says what it will do.

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::domain::consent::{Consent, ConsentMethod, ConsentScope, ConsentTarget};
use crate::domain::ids::CaseId;
use crate::domain::reason::Reason;
use crate::service::ServiceError;
use crate::web::casework::case_page::{render, Typed};
use crate::web::casework::form::{choice, Choice};
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

/// The consents recorded here, with no chain or organisation to name.
const OTHER_SCOPES: [ConsentScope; 2] = [ConsentScope::ContactCounterparty, ConsentScope::Police];

#[derive(Serialize, Default)]
pub struct ConsentsView {
    rows: Vec<ConsentRow>,
    /// The other scopes not yet consented to; no form when empty, nor once the consent to
    /// register is withdrawn (nothing new rests on the case then).
    addable: Vec<Choice>,
    methods: Vec<Choice>,
    given_on: String,
    scope_error: Option<String>,
    method_error: Option<String>,
    given_error: Option<String>,
}

#[derive(Serialize)]
struct ConsentRow {
    id: String,
    scope: &'static str,
    /// The chain or organisation it names; empty for none.
    target: String,
    method: &'static str,
    given_on: String,
    /// The withdraw button's text, for consents withdrawn from this section.
    withdraw: Option<&'static str>,
    /// The section where a consent to share or refer is managed.
    managed_in: Option<&'static str>,
}

/// The form as it was posted, with the field the service refused and why.
#[derive(Default)]
pub struct OtherTyped {
    scope: String,
    method: String,
    given_on: String,
    field: String,
    message: String,
}

pub async fn section(
    state: &AppState,
    page: &PageActor,
    case: CaseId,
    typed: Option<OtherTyped>,
    today: chrono::NaiveDate,
) -> Result<ConsentsView, ServiceError> {
    let services = &state.services;
    let consents = services.consents_of(&page.actor, &[case]).await?.remove(&case).unwrap_or_default();
    let active: Vec<&Consent> = consents.iter().filter(|c| c.is_active()).collect();
    let names = TargetNames::load(state, page, &active).await?;
    let language = page.actor.language;
    let rows = active
        .iter()
        .map(|c| ConsentRow {
            id: c.id.to_string(),
            scope: labels::consent_scope(c.scope),
            target: names.name(c.target).unwrap_or_default(),
            method: labels::consent_method(c.method),
            given_on: labels::date(c.given_on, language),
            withdraw: withdraw_text(c.scope),
            managed_in: managed_in(c.scope),
        })
        .collect();
    let registered = active.iter().any(|c| c.scope == ConsentScope::Register);
    let typed = typed.unwrap_or_else(|| OtherTyped { given_on: today.to_string(), ..OtherTyped::default() });
    let addable = OTHER_SCOPES
        .into_iter()
        .filter(|scope| registered && !active.iter().any(|c| c.scope == *scope))
        .map(|scope| {
            let label = crate::messages::text(language, labels::consent_scope(scope));
            choice(scope.as_str(), label, typed.scope == scope.as_str())
        })
        .collect();
    let methods = ConsentMethod::ALL
        .into_iter()
        .map(|m| {
            choice(m.as_str(), crate::messages::text(language, labels::consent_method(m)), typed.method == m.as_str())
        })
        .collect();
    let error_of = |field: &str| (typed.field == field).then(|| typed.message.clone());
    Ok(ConsentsView {
        rows,
        addable,
        methods,
        scope_error: error_of("scope"),
        method_error: error_of("consentMethod"),
        given_error: error_of("givenOn"),
        given_on: typed.given_on.clone(),
    })
}

fn withdraw_text(scope: ConsentScope) -> Option<&'static str> {
    match scope {
        ConsentScope::Register => Some("case-withdraw-register"),
        ConsentScope::ContactCounterparty => Some("case-withdraw-contact"),
        ConsentScope::Police => Some("case-withdraw-police"),
        ConsentScope::SharePseudonymised | ConsentScope::Refer => None,
    }
}

fn managed_in(scope: ConsentScope) -> Option<&'static str> {
    match scope {
        ConsentScope::SharePseudonymised => Some("sharing"),
        ConsentScope::Refer => Some("referring"),
        _ => None,
    }
}

/// The names of the chains and organisations the consents name.
pub(crate) struct TargetNames {
    chains: Vec<(crate::domain::ids::ChainId, String)>,
    organisations: Vec<(crate::domain::ids::OrganisationId, String)>,
}

impl TargetNames {
    pub(crate) async fn load(state: &AppState, page: &PageActor, consents: &[&Consent]) -> Result<Self, ServiceError> {
        let services = &state.services;
        let wanted: Vec<_> = consents
            .iter()
            .filter_map(|c| match c.target {
                ConsentTarget::Organisation(org) => Some(org),
                _ => None,
            })
            .collect();
        let organisations = services.organisations_by_ids(&wanted).await?.into_iter().map(|o| (o.id, o.name));
        let first = crate::store::sql::PageRequest { first: 100, after: None };
        let chains = services.list_chains(&page.actor, &first).await?.items.into_iter().map(|c| (c.id, c.name));
        Ok(TargetNames { chains: chains.collect(), organisations: organisations.collect() })
    }

    pub(crate) fn name(&self, target: ConsentTarget) -> Option<String> {
        match target {
            ConsentTarget::Chain(chain) => find(&self.chains, chain),
            ConsentTarget::Organisation(org) => find(&self.organisations, org),
            ConsentTarget::None => None,
        }
    }
}

fn find<Id: PartialEq>(names: &[(Id, String)], id: Id) -> Option<String> {
    names.iter().find(|(known, _)| *known == id).map(|(_, name)| name.clone())
}

#[derive(Deserialize)]
pub struct OtherConsentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    given_on: String,
}

/// The reporter's consent to contact the counterparty or to pass the report to the police.
pub async fn record_other(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(case): Path<String>,
    Form(form): Form<OtherConsentForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let recorded = async {
        let case: CaseId = case.parse().map_err(|_| ServiceError::NotFound)?;
        let scope = ConsentScope::parse(&form.scope)
            .filter(|scope| OTHER_SCOPES.contains(scope))
            .ok_or_else(|| ServiceError::bad_input("scope", Reason::new("consent-scope-missing")))?;
        let method = ConsentMethod::parse(&form.method)
            .ok_or_else(|| ServiceError::bad_input("consentMethod", Reason::new("consent-method-missing")))?;
        let given_on = super::register::date("givenOn", &form.given_on)?;
        state.services.record_consent(&page.actor, case, scope, ConsentTarget::None, method, given_on).await?;
        Ok::<_, ServiceError>(case)
    };
    match recorded.await {
        Ok(case) => Redirect::to(&format!("/cases/{case}#consents")).into_response(),
        Err(ServiceError::BadInput { field, reason }) => {
            let message = crate::messages::say(page.actor.language, &reason);
            let OtherConsentForm { scope, method, given_on, .. } = form;
            let typed = OtherTyped { scope, method, given_on, field: field.to_owned(), message };
            let consent = Some(typed);
            let mut response = render(&state, &page, &case, Typed { consent, ..Typed::default() }).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::BAD_REQUEST;
            }
            response
        }
        Err(error) => page.error(&error),
    }
}
