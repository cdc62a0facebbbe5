//! API tokens: credentials for machine clients of one organisation, with a set of roles and an
//! expiry. The token itself is never kept; see `crypto::token`.

use chrono::{DateTime, Utc};

use super::ids::{ApiTokenId, OrganisationId, UserId};
use super::role::RoleSet;

#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub organisation_id: OrganisationId,
    pub name: String,
    pub roles: RoleSet,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}
