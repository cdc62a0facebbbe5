//! The page of one case as the caller may see it: an own case with its registration, and its
//! identity block only after an explicit "Toon identiteit" (a POST, audited, never in the
//! address); a case shared in the caller's chain pseudonymised, with no identity at all.

use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::case::Case;
use crate::domain::identity::IdentityBlock;
use crate::domain::ids::CaseId;
use crate::domain::taxonomy::Taxonomy;
use crate::domain::user::Language;
use crate::service::casework::cases::CaseView;
use crate::service::ServiceError;
use crate::web::labels;
use crate::web::page::PageActor;
use crate::web::AppState;

pub async fn show(State(state): State<AppState>, page: PageActor, Path(id): Path<String>) -> Response {
    render(&state, &page, &id, None).await
}

#[derive(Deserialize)]
pub struct IdentityForm {
    #[serde(default)]
    csrf: String,
}

/// "Toon identiteit": the identity block, read (and audited) by the service, on this answer
/// only; reloading the case page shows it hidden again.
pub async fn reveal_identity(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<IdentityForm>,
) -> Response {
    if let Some(refused) = page.form_refusal(&headers, &form.csrf) {
        return refused;
    }
    let Ok(case) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    match state.services.read_identity(&page.actor, case).await {
        Ok(identity) => render(&state, &page, &id, Some(identity.unwrap_or_default())).await,
        Err(error) => page.error(&error),
    }
}

async fn render(state: &AppState, page: &PageActor, id: &str, identity: Option<IdentityBlock>) -> Response {
    let Ok(id) = id.parse::<CaseId>() else { return page.error(&ServiceError::NotFound) };
    let view = match state.services.case(&page.actor, id).await {
        Ok(CaseView::Own(case)) => CasePageView::own(&case, state.services.taxonomy(), page.actor.language, identity),
        Ok(CaseView::Shared(case)) => CasePageView::shared(&case, state.services.taxonomy(), page.actor.language),
        Err(error) => return page.error(&error),
    };
    page.render("case", &view)
}

#[derive(Serialize)]
struct CasePageView {
    title: String,
    own: bool,
    id: String,
    public_id: String,
    case_number: Option<String>,
    facts: Vec<Fact>,
    summary: Option<String>,
    has_identity: bool,
    identity: Option<IdentityView>,
}

#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct IdentityView {
    empty: bool,
    lines: Vec<Fact>,
}

impl CasePageView {
    fn own(case: &Case, taxonomy: &Taxonomy, language: Language, identity: Option<IdentityBlock>) -> CasePageView {
        CasePageView {
            title: case.case_number.clone(),
            own: true,
            case_number: Some(case.case_number.clone()),
            has_identity: case.has_identity,
            identity: identity.map(|block| identity_view(&block)),
            ..CasePageView::shared(case, taxonomy, language)
        }
    }

    fn shared(case: &Case, taxonomy: &Taxonomy, language: Language) -> CasePageView {
        CasePageView {
            title: case.public_id.clone(),
            own: false,
            id: case.id.to_string(),
            public_id: case.public_id.clone(),
            case_number: None,
            facts: facts(case, taxonomy, language),
            summary: case.shared_summary.clone(),
            has_identity: false,
            identity: None,
        }
    }
}

fn facts(case: &Case, taxonomy: &Taxonomy, language: Language) -> Vec<Fact> {
    let r = &case.registration;
    let all = |codes: &[String], label: &dyn Fn(&str) -> String| {
        codes.iter().map(|c| label(c)).collect::<Vec<_>>().join(", ")
    };
    let place = |code: &Option<String>| {
        code.as_deref().map_or_else(|| labels::unknown(language), |c| labels::municipality(taxonomy, c))
    };
    let term = |codes: &[crate::domain::taxonomy::Term], code: &str| labels::term_of(codes, code, language);
    vec![
        Fact { label: "field-ground", value: all(&r.grounds, &|c| labels::ground(taxonomy, c, language)) },
        Fact { label: "field-domain", value: labels::domain(taxonomy, &r.domain, language) },
        Fact { label: "field-manifestations", value: all(&r.manifestations, &|c| term(&taxonomy.manifestations, c)) },
        Fact { label: "field-channel", value: term(&taxonomy.channels, &r.channel) },
        Fact { label: "field-handling", value: term(&taxonomy.handling, &r.handling) },
        Fact { label: "field-residence-municipality", value: place(&r.residence_municipality) },
        Fact { label: "field-incident-municipality", value: place(&r.incident_municipality) },
        Fact {
            label: "field-incident-date",
            value: r.incident_date.map_or_else(|| labels::unknown(language), |d| labels::date(d, language)),
        },
        Fact { label: "field-reported-on", value: labels::date(r.reported_on, language) },
        Fact { label: "field-status", value: crate::messages::text(language, labels::case_status(r.status)) },
    ]
}

fn identity_view(block: &IdentityBlock) -> IdentityView {
    let mut lines = Vec::new();
    let mut add = |label: &'static str, value: &Option<String>| {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            lines.push(Fact { label, value: value.clone() });
        }
    };
    if let Some(reporter) = &block.reporter {
        add("field-reporter-name", &reporter.name);
        add("field-reporter-email", &reporter.email);
        add("field-reporter-phone", &reporter.phone);
        add("field-reporter-address", &reporter.address);
    }
    if let Some(counterparty) = &block.counterparty {
        add("field-counterparty-name", &Some(counterparty.name.clone()));
        add("field-counterparty-address", &counterparty.address);
        add("field-counterparty-numbers", &Some(counterparty.registration_numbers.join(", ")));
    }
    add("field-account", &block.account);
    IdentityView { empty: lines.is_empty(), lines }
}
