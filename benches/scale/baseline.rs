//! The hand-written baseline: the police's first page of chain casework from an axum handler
//! with sqlx's native driver and serde, under the same visibility rule as the service (an
//! active share under a consent not withdrawn, in a chain the caller's organisation is a
//! member of) and with the same fields as the GraphQL query the benchmark sends.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use ketenaanpak::service::Services;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

pub const PAGE_QUERY: &str =
    "{ sharedCases(first: 50) { edges { node { id publicId organisation { name } grounds domain \
    manifestations residenceMunicipality incidentMunicipality incidentMonth status handling sharedSummary } } \
    pageInfo { hasNextPage endCursor } } }";

#[derive(Clone)]
pub enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

#[derive(Clone)]
struct Baseline {
    pool: Pool,
    services: Arc<Services>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    id: String,
    public_id: String,
    organisation: Organisation,
    grounds: Vec<String>,
    domain: String,
    manifestations: Vec<String>,
    residence_municipality: Option<String>,
    incident_municipality: Option<String>,
    incident_month: Option<String>,
    status: String,
    handling: String,
    shared_summary: Option<String>,
}

#[derive(Serialize)]
struct Organisation {
    name: String,
}

pub fn router(pool: Pool, services: Arc<Services>) -> Router {
    Router::new().route("/baseline", post(page)).with_state(Baseline { pool, services })
}

const PAGE: &str = "SELECT c.id, c.public_id, o.name AS organisation, c.domain, c.residence_municipality,
        c.incident_municipality, c.incident_month, c.status, c.handling, c.shared_summary
    FROM cases c JOIN organisations o ON o.id = c.organisation_id
    WHERE EXISTS (SELECT 1 FROM case_shares s JOIN consents k ON k.id = s.consent_id
        WHERE s.case_id = c.id AND s.unshared_at IS NULL AND k.withdrawn_at IS NULL
          AND k.scope = 'share_pseudonymised'
          AND s.chain_id IN (SELECT m.chain_id FROM chain_members m WHERE m.organisation_id = $1))
    ORDER BY c.created_at DESC, c.id DESC LIMIT 51";

/// The page and its codes in three statements, on either native pool.
macro_rules! read {
    ($pool:expr, $organisation:expr) => {
        async {
            let rows = sqlx::query(PAGE).bind(&$organisation).fetch_all($pool).await?;
            let has_next_page = rows.len() > 50;
            let mut nodes: Vec<Node> = rows
                .iter()
                .take(50)
                .map(|row| {
                    Ok(Node {
                        id: row.try_get("id")?,
                        public_id: row.try_get("public_id")?,
                        organisation: Organisation { name: row.try_get("organisation")? },
                        grounds: Vec::new(),
                        domain: row.try_get("domain")?,
                        manifestations: Vec::new(),
                        residence_municipality: row.try_get("residence_municipality")?,
                        incident_municipality: row.try_get("incident_municipality")?,
                        incident_month: row.try_get("incident_month")?,
                        status: row.try_get::<String, _>("status")?.to_uppercase(),
                        handling: row.try_get("handling")?,
                        shared_summary: row.try_get("shared_summary")?,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?;
            if !nodes.is_empty() {
                let ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
                let list = (1..=ids.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
                for (table, column) in [("case_grounds", "ground"), ("case_manifestations", "manifestation")] {
                    let sql =
                        format!("SELECT case_id, {column} FROM {table} WHERE case_id IN ({list}) ORDER BY {column}");
                    let mut query = sqlx::query(&sql);
                    for id in &ids {
                        query = query.bind(id);
                    }
                    for row in query.fetch_all($pool).await? {
                        let case: String = row.try_get("case_id")?;
                        let code: String = row.try_get(column)?;
                        if let Some(node) = nodes.iter_mut().find(|n| n.id == case) {
                            if table == "case_grounds" {
                                node.grounds.push(code)
                            } else {
                                node.manifestations.push(code)
                            }
                        }
                    }
                }
            }
            Ok::<_, sqlx::Error>((nodes, has_next_page))
        }
        .await
    };
}

async fn page(State(state): State<Baseline>, headers: HeaderMap) -> Response {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let Ok(actor) = state.services.authenticate(token).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let organisation = actor.organisation_id.to_string();
    let result = match &state.pool {
        Pool::Sqlite(pool) => read!(pool, organisation),
        Pool::Postgres(pool) => read!(pool, organisation),
    };
    match result {
        Ok((nodes, has_next_page)) => {
            // The cursor as the GraphQL door writes it: the id's 16 bytes, base64url.
            let end_cursor = nodes.last().map(|n| {
                let id: uuid::Uuid = n.id.parse().expect("a case id");
                base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, id.as_bytes())
            });
            let edges: Vec<_> = nodes.into_iter().map(|node| json!({ "node": node })).collect();
            Json(json!({ "data": { "sharedCases": { "edges": edges,
                "pageInfo": { "hasNextPage": has_next_page, "endCursor": end_cursor } } } }))
            .into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
