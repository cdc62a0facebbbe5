//! The start page after signing in: the coming meetings of the caller's chains with their
//! agenda links, and for analysts of an expertise centre the latest monthly overview.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use chrono::Duration;
use serde_json::{json, Value};

use crate::domain::calendar::local_date;
use crate::domain::meeting::MeetingStatus;
use crate::domain::overview::Month;
use crate::domain::user::Language;
use crate::request_context::REQUEST_ID;
use crate::service::ServiceError;
use crate::web::labels;
use crate::web::page::{error_page, render, PageActor};
use crate::web::{AppState, RequestId};

pub async fn show(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    PageActor(actor): PageActor,
) -> Response {
    let services = &state.services;
    let work = async {
        let organisation = services.organisation(&actor, actor.organisation_id).await?;
        let today = local_date(services.clock().now());
        let series = services.meeting_series(&actor).await.or_else(|e| match e {
            ServiceError::NotFound | ServiceError::Forbidden => Ok(Vec::new()),
            other => Err(other),
        })?;
        let titles: HashMap<_, _> = series.iter().map(|s| (s.id, s.title.clone())).collect();
        let mut chains: Vec<_> = series.iter().map(|s| s.chain_id).collect();
        chains.sort();
        chains.dedup();
        let mut coming = Vec::new();
        for chain in chains {
            coming.extend(services.meetings(&actor, chain, today, today + Duration::days(180)).await?);
        }
        coming.sort_by_key(|m| m.starts_at);
        let meetings: Vec<Value> = coming
            .iter()
            .map(|m| {
                json!({
                    "title": titles.get(&m.series_id).cloned().unwrap_or_default(),
                    "date": labels::date(local_date(m.starts_at), Language::Nl),
                    "agenda": format!("/meetings/{}/agenda", m.id),
                    "cancelled": m.status == MeetingStatus::Cancelled,
                })
            })
            .collect();
        let last_month = Month::of(today).previous();
        let overview = services.reads_overview(&actor).then(|| format!("/overviews/{last_month}"));
        Ok::<Value, ServiceError>(json!({
            "title": "Start",
            "signed_in": true,
            "organisation": organisation.name,
            "meetings": meetings,
            "overview": overview,
            "overview_month": last_month.to_string(),
        }))
    };
    match REQUEST_ID.scope(request_id.0, work).await {
        // Still Dutch with English beside it, until the page moves to the catalogue.
        Ok(data) => render(Language::Nl, StatusCode::OK, "home", &data),
        Err(error) => error_page(actor.language, &error),
    }
}
