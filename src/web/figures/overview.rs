//! The monthly casework overview as a page, for the expertise centre's analysts.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};

use crate::domain::overview::{Count, Month};
use crate::domain::user::Language;
use crate::request_context::REQUEST_ID;
use crate::service::ServiceError;
use crate::web::labels;
use crate::web::page::{error_page, render, PageActor};
use crate::web::{AppState, RequestId};

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Path(month): Path<String>,
    PageActor(actor): PageActor,
) -> Response {
    let services = &state.services;
    let work = async {
        let month = Month::parse(&month).ok_or(ServiceError::NotFound)?;
        let overview = services.casework_overview(&actor, month).await?;
        let ids: Vec<_> = overview.referrals_waiting.iter().map(|(id, _)| *id).collect();
        let names: HashMap<_, _> =
            services.organisations_by_ids(&ids).await?.into_iter().map(|o| (o.id, o.name)).collect();
        let taxonomy = services.taxonomy();
        let language = Language::Nl;
        let labelled = |counts: &[Count], label: &dyn Fn(&str) -> String| -> Vec<Value> {
            counts
                .iter()
                .map(|c| {
                    let text = if c.code.is_empty() { labels::unknown(language) } else { label(&c.code) };
                    json!({ "label": text, "cases": c.cases })
                })
                .collect()
        };
        let summary = &overview.summary;
        Ok::<Value, ServiceError>(json!({
            "title": format!("Maandoverzicht {}", labels::month(month, language)),
            "signed_in": true,
            "organisation": overview.organisation.name,
            "month": labels::month(month, language),
            "confidentiality": services.meetings_config().confidentiality_statement,
            "shared": summary.shared,
            "chains": overview.chains.len(),
            "by_ground": labelled(&summary.by_ground, &|code| labels::ground(taxonomy, code, language)),
            "by_domain": labelled(&summary.by_domain, &|code| labels::domain(taxonomy, code, language)),
            "by_municipality": labelled(&summary.by_municipality, &|code| labels::municipality(taxonomy, code)),
            "new_patterns": summary.new_patterns.iter().map(|p| json!({
                "short": p.pseudonym.as_deref().map(|p| p.chars().take(12).collect::<String>()),
                "reports": p.reports,
                "organisations": p.organisations,
            })).collect::<Vec<_>>(),
            "waiting": overview.referrals_waiting.iter().map(|(id, count)| json!({
                "organisation": names.get(id).cloned().unwrap_or_default(),
                "count": count,
            })).collect::<Vec<_>>(),
        }))
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        // Still Dutch with English beside it, until the page moves to the catalogue.
        Ok(data) => render(Language::Nl, StatusCode::OK, "overview", &data),
        Err(error) => error_page(actor.language, &error),
    }
}
