//! An admin takes a person's second factor off when they lost their authenticator app and
//! their recovery codes: the only way back in that does not go through the operator. The
//! person is told by mail (so that a rogue admin cannot do it unnoticed), every session of
//! theirs ends, and the trail names the admin. Where the organisation requires a second
//! factor for the person's role, they enrol again at their next sign-in.

use crate::domain::audit::AuditAction;
use crate::domain::ids::UserId;
use crate::domain::reason::Reason;
use crate::service::accounts::access::AdminScope;
use crate::service::audit::trail::AuditObject;
use crate::service::mail::MailRecipient;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::{second_factor as stored, sessions, users};

impl Services {
    /// Whether a person of the admin's organisation has a confirmed second factor.
    pub async fn user_has_second_factor(&self, scope: &AdminScope, id: UserId) -> ServiceResult<bool> {
        let mut conn = self.store.read().await?;
        users::find_in_organisation(&mut conn, scope.organisation_id(), id).await?.ok_or(ServiceError::NotFound)?;
        Ok(stored::has_confirmed_totp(&mut conn, id).await?)
    }

    /// Takes the second factor (app and recovery codes) off another person of the admin's
    /// organisation; not one's own (that is the account page's, with password and code), and
    /// never by an API token.
    pub async fn remove_second_factor(&self, scope: &AdminScope, id: UserId) -> ServiceResult<()> {
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        if scope.acting_user() == Some(id) {
            return Err(ServiceError::bad_input("id", Reason::new("own-second-factor-remove")));
        }
        let mut work = self.begin_work().await?;
        let user =
            users::find_in_organisation(&mut work, scope.organisation_id(), id).await?.ok_or(ServiceError::NotFound)?;
        if !stored::has_confirmed_totp(&mut work, id).await? {
            return Err(ServiceError::bad_input("id", Reason::new("no-second-factor")));
        }
        stored::delete_totp(&mut work, id).await?;
        stored::delete_challenges_of(&mut work, id).await?;
        let ended = sessions::delete_for_user(&mut work, id).await?;
        work.audit_admin(scope, AuditAction::TotpDisabled, AuditObject { kind: "user", id: &id.to_string() }).await?;
        let to = MailRecipient { email: user.email.as_str().to_owned(), language: user.language };
        let params = serde_json::json!({ "link": self.link("/account") });
        work.mail(&to, "second_factor_removed", &params, None).await?;
        work.commit().await?;
        tracing::info!(user = %id, sessions_ended = ended, "second factor removed by an admin");
        Ok(())
    }
}
