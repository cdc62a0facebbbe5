//! API tokens for machine clients of one organisation.

use chrono::Duration;

use crate::crypto::token::{self, TokenKind};
use crate::domain::api_token::ApiToken;
use crate::domain::audit::AuditAction;
use crate::domain::ids::ApiTokenId;
use crate::domain::reason::Reason;
use crate::domain::role::{Role, RoleSet};
use crate::domain::text;
use crate::service::accounts::access::AdminScope;
use crate::service::audit::trail::AuditObject;
use crate::service::error::conflict_on_duplicate;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::api_tokens;
use crate::store::accounts::organisations;
use crate::store::sql::{Page, PageRequest};

pub struct CreatedApiToken {
    pub token: ApiToken,
    /// Shown once; only its hash is stored.
    pub plaintext: String,
}

impl Services {
    pub async fn create_api_token(
        &self,
        scope: &AdminScope,
        name: &str,
        roles: Vec<Role>,
        valid_days: Option<i64>,
    ) -> ServiceResult<CreatedApiToken> {
        // A token never makes tokens: a leaked one must not be able to mint more.
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        let now = self.clock.now();
        let name = text::single_line(name, 80).map_err(|e| ServiceError::bad_input("name", e))?;
        let days = valid_days.unwrap_or(self.auth.api_token_ttl_days);
        if !(1..=3650).contains(&days) {
            return Err(ServiceError::bad_input("validDays", Reason::new("token-valid-days")));
        }
        let org = organisations::find(&mut *self.store.read().await?, scope.organisation_id())
            .await?
            .ok_or(ServiceError::NotFound)?;
        let token = ApiToken {
            id: ApiTokenId::random(),
            organisation_id: org.id,
            name,
            roles: RoleSet::for_organisation(roles, org.kind)?,
            created_by: scope.acting_user(),
            created_at: now,
            expires_at: now + Duration::days(days),
            revoked_at: None,
        };
        let issued = token::issue(TokenKind::Api);
        let mut work = self.begin_work().await?;
        conflict_on_duplicate(api_tokens::insert(&mut work, &token, &issued.hash).await, || {
            Reason::new("token-name-taken")
        })?;
        let object = AuditObject { kind: "api_token", id: &token.id.to_string() };
        work.audit_admin(scope, AuditAction::ApiTokenCreated, object).await?;
        if token.roles.contains_any(&Role::CHAIN_WORK) {
            self.record_work_role_grant(&mut work, scope, object).await?;
        }
        work.commit().await?;
        tracing::info!(token = %token.id, organisation = %org.id, "API token created");
        Ok(CreatedApiToken { token, plaintext: issued.plaintext })
    }

    /// Revokes a token of the scope's organisation; it stops working on the next request.
    pub async fn revoke_api_token(&self, scope: &AdminScope, id: ApiTokenId) -> ServiceResult<()> {
        let mut work = self.begin_work().await?;
        if !api_tokens::revoke(&mut work, scope.organisation_id(), id, self.clock.now()).await? {
            return Err(ServiceError::NotFound);
        }
        let object = AuditObject { kind: "api_token", id: &id.to_string() };
        work.audit_admin(scope, AuditAction::ApiTokenRevoked, object).await?;
        work.commit().await?;
        tracing::info!(token = %id, "API token revoked");
        Ok(())
    }

    pub async fn list_api_tokens(&self, scope: &AdminScope, page: &PageRequest) -> ServiceResult<Page<ApiToken>> {
        Ok(api_tokens::list_in_organisation(&mut *self.store.read().await?, scope.organisation_id(), page).await?)
    }
}
