//! Setting a password from a link sent by mail: an admin sends it to a user who forgot theirs,
//! and a new user gets one to set their first. The link works once and for
//! `auth.password_reset_hours`; using it ends every session and half-done sign-in of the user.

use chrono::Duration;

use crate::crypto::token::{self, TokenKind};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::UserId;
use crate::domain::reason::Reason;
use crate::domain::user::check_password;
use crate::service::accounts::access::AdminScope;
use crate::service::audit::trail::AuditObject;
use crate::service::mail::MailRecipient;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::{login_throttle, password_resets, second_factor, sessions, users};

/// Why the link is sent: the mail says so.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ResetReason {
    /// A new account: the user sets their first password.
    Welcome,
    /// An admin sent it on request.
    Forgotten,
}

impl Services {
    /// Mails the user a link to set a new password. Their current password keeps working until
    /// the link is used; an earlier link stops working.
    pub async fn send_password_reset(&self, scope: &AdminScope, user: UserId) -> ServiceResult<()> {
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        let mut work = self.begin_work().await?;
        self.queue_password_reset(&mut work, scope, user, ResetReason::Forgotten).await?;
        work.commit().await?;
        tracing::info!(user = %user, "password reset link sent");
        Ok(())
    }

    /// The link and its mail, in the unit of work of whatever causes it.
    pub(super) async fn queue_password_reset(
        &self,
        work: &mut Work<'_>,
        scope: &AdminScope,
        user: UserId,
        reason: ResetReason,
    ) -> ServiceResult<()> {
        let found = users::find_in_organisation(work, scope.organisation_id(), user).await?;
        let found = found.ok_or(ServiceError::NotFound)?;
        if found.disabled_at.is_some() {
            return Err(ServiceError::bad_input("id", Reason::new("user-disabled")));
        }
        let now = self.clock.now();
        let hours = self.auth.password_reset_hours;
        let issued = token::issue(TokenKind::PasswordReset);
        password_resets::insert(work, &issued.hash, user, now, now + Duration::hours(hours)).await?;
        let params = serde_json::json!({
            "link": self.link(&format!("/password-reset?token={}", issued.plaintext)),
            "hours": hours,
            "welcome": reason == ResetReason::Welcome,
        });
        let to = MailRecipient { email: found.email.as_str().to_owned(), language: found.language };
        work.mail(&to, "password_reset", &params, None).await?;
        work.audit_admin(scope, AuditAction::PasswordResetSent, AuditObject { kind: "user", id: &user.to_string() })
            .await
    }

    /// Whether a link still works, before its form is shown.
    pub async fn check_password_reset(&self, link_token: &str) -> ServiceResult<()> {
        self.reset_link_user(link_token).await.map(|_| ())
    }

    /// Sets the new password from a link, once. Every session and half-done sign-in of the
    /// user ends; a second factor stays as it was.
    pub async fn reset_password(&self, link_token: &str, new_password: &str) -> ServiceResult<()> {
        let user_id = self.reset_link_user(link_token).await?;
        let user = users::find_any(&mut *self.store.read().await?, user_id).await?.ok_or(ServiceError::NotFound)?;
        check_password(new_password, &user.email, self.auth.password_min_length)?;
        let hash = self.passwords.hash(new_password).await?;
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        if !password_resets::use_up(&mut work, &token::hash(link_token), now).await? {
            return Err(link_not_valid());
        }
        users::set_password(&mut work, user_id, &hash, now).await?;
        let ended = sessions::delete_for_user(&mut work, user_id).await?;
        second_factor::delete_challenges_of(&mut work, user_id).await?;
        let throttle_key = self.keyring.keyed_hash("login-throttle-account", user.email.as_str());
        login_throttle::clear(&mut work, &throttle_key).await?;
        work.audit_account(user_id, Some(user.organisation_id), AuditAction::PasswordReset, AuditResult::Ok).await?;
        work.commit().await?;
        tracing::info!(user = %user_id, sessions_ended = ended, "password set from a link");
        Ok(())
    }

    async fn reset_link_user(&self, link_token: &str) -> ServiceResult<UserId> {
        if TokenKind::of(link_token) != Some(TokenKind::PasswordReset) {
            return Err(link_not_valid());
        }
        let now = self.clock.now();
        let found = password_resets::live_user(&mut *self.store.read().await?, &token::hash(link_token), now).await?;
        found.ok_or_else(link_not_valid)
    }
}

fn link_not_valid() -> ServiceError {
    ServiceError::bad_input("token", Reason::new("reset-link-invalid"))
}
