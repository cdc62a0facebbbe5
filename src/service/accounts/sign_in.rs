//! Signing in and out, and turning a bearer token into an actor.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::crypto::token::{self, TokenKind};
use crate::domain::actor::{Actor, Principal};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::{SessionId, UserId};
use crate::domain::reason::Reason;
use crate::domain::user::{check_password, EmailAddress};
use crate::service::accounts::access::Operator;
use crate::service::accounts::two_step::LoginChallenge;
use crate::service::audit::trail::AuditObject;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::{api_tokens, login_throttle, second_factor, sessions, users};

/// A new session: the token is given to the client once.
pub struct LoginSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user_id: UserId,
}

/// What a good password leads to.
pub enum LoginOutcome {
    SignedIn(LoginSession),
    /// The account needs a second factor: the code, or enrolling one first.
    SecondFactor(LoginChallenge),
}

/// The keyed hashes under which failures are counted, so that neither the e-mail address
/// typed nor the client's address is stored.
pub(super) struct ThrottleKeys {
    pub(super) account: String,
    pub(super) address: String,
}

impl Services {
    /// Checks an e-mail address and password. An unknown address, a wrong password and a
    /// disabled account give the same error after the same work (one Argon2 verification).
    /// An account with a second factor, or one that must have one, gets a challenge instead
    /// of a session; the attempt stays counted until the code is good.
    pub async fn login(&self, email: &str, password: &str, client: IpAddr) -> ServiceResult<LoginOutcome> {
        let now = self.clock.now();
        let keys = self.throttle_keys(email, client);
        self.count_attempt(&keys, now).await?;

        let email = EmailAddress::parse(email).ok();
        let credentials = match &email {
            Some(email) => users::credentials_by_email(&mut *self.store.read().await?, email).await?,
            None => None,
        };
        let stored_hash = credentials.as_ref().map(|c| c.password_hash.as_str());
        let password_ok = self.passwords.verify(password, stored_hash).await;

        match credentials {
            Some(credentials) if password_ok && !credentials.disabled => {
                if let Some(purpose) = self.second_factor_after_password(credentials.user_id).await? {
                    let challenge = self.issue_challenge(credentials.user_id, purpose, now).await?;
                    return Ok(LoginOutcome::SecondFactor(challenge));
                }
                let mut work = self.begin_work().await?;
                login_throttle::clear(&mut work, &keys.account).await?;
                login_throttle::release_attempt(&mut work, &keys.address).await?;
                sessions::delete_expired(&mut work, now).await?;
                let session = self.start_session(&mut work, credentials.user_id, now).await?;
                self.audit_login(&mut work, Some(&credentials), AuditAction::Login, AuditResult::Ok).await?;
                work.commit().await?;
                tracing::info!(user = %session.user_id, "login");
                Ok(LoginOutcome::SignedIn(session))
            }
            credentials => {
                // The attempt was counted before the check; it stays counted.
                let mut work = self.begin_work().await?;
                self.audit_login(&mut work, credentials.as_ref(), AuditAction::LoginFailed, AuditResult::Denied)
                    .await?;
                work.commit().await?;
                tracing::info!("login failed");
                Err(ServiceError::LoginFailed)
            }
        }
    }

    /// The demo seeding registers, shares and minutes as the demo users, signed in with the
    /// demo password; where the deployment requires a second factor it has none to give, and
    /// the operator (who holds the database) opens the session instead, in the trail as a login.
    pub(crate) async fn seeding_session(&self, _operator: &Operator, user: UserId) -> ServiceResult<LoginSession> {
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        let session = self.start_session(&mut work, user, now).await?;
        let organisation = users::organisation_of(&mut work, user).await?;
        work.audit_account(user, organisation, AuditAction::Login, AuditResult::Ok).await?;
        work.commit().await?;
        Ok(session)
    }

    /// The actor behind a bearer token, or `Unauthenticated` for an unknown, expired or
    /// revoked token and for a disabled user.
    pub async fn authenticate(&self, bearer: &str) -> ServiceResult<Actor> {
        let now = self.clock.now();
        let hash = token::hash(bearer);
        let mut conn = self.store.read().await?;
        let actor = match TokenKind::of(bearer) {
            Some(TokenKind::Session) => {
                let found = sessions::actor_for_token(&mut conn, &hash, now, self.idle_before(now)).await?;
                drop(conn);
                match found {
                    Some((actor, last_seen)) => Some(self.seen(actor, last_seen, now).await?),
                    None => None,
                }
            }
            Some(TokenKind::Api) => api_tokens::actor_for_token(&mut conn, &hash, now).await?,
            Some(TokenKind::LoginChallenge | TokenKind::PasswordReset) | None => None,
        };
        actor.ok_or(ServiceError::Unauthenticated)
    }

    /// A session unused since this moment has ended.
    pub(super) fn idle_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::minutes(self.auth.session_idle_minutes)
    }

    /// Marks a session used, at most once a minute: a page view is not a write each time.
    async fn seen(&self, actor: Actor, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> ServiceResult<Actor> {
        if let Principal::User { session_id, .. } = actor.principal {
            if now - last_seen >= Duration::minutes(1) {
                let mut work = self.begin_work().await?;
                sessions::touch(&mut work, session_id, now).await?;
                work.commit().await?;
            }
        }
        Ok(actor)
    }

    /// Whether the session or API token behind `actor` still holds: not ended, expired,
    /// revoked or disabled. Long-lived connections ask this before each thing they pass on.
    pub async fn still_signed_in(&self, actor: &Actor) -> ServiceResult<bool> {
        let now = self.clock.now();
        let mut conn = self.store.read().await?;
        let live = match actor.principal {
            Principal::User { session_id, .. } => {
                sessions::is_live(&mut conn, session_id, now, self.idle_before(now)).await?
            }
            Principal::ApiToken { token_id } => api_tokens::is_live(&mut conn, token_id, now).await?,
        };
        Ok(live)
    }

    /// Ends the caller's session. An API token is not a session: it is revoked instead.
    pub async fn logout(&self, actor: &Actor) -> ServiceResult<()> {
        let Principal::User { session_id, .. } = actor.principal else {
            return Err(ServiceError::bad_input("token", Reason::new("token-sign-out")));
        };
        let mut work = self.begin_work().await?;
        sessions::delete(&mut work, session_id).await?;
        work.audit(Some(actor), None, AuditAction::Logout, None, AuditResult::Ok).await?;
        work.commit().await?;
        Ok(())
    }

    /// Changes the caller's password, ends every session of the user, and starts a new one.
    /// A wrong current password counts as a failed login for the account, so a session left
    /// open cannot be used to guess the password without limit.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        client: IpAddr,
    ) -> ServiceResult<LoginSession> {
        let Some(user_id) = actor.user_id() else {
            return Err(ServiceError::Forbidden);
        };
        let now = self.clock.now();
        let (user, keys) = self.check_own_password(actor, current, client).await?;
        check_password(new, &user.email, self.auth.password_min_length)?;
        let hash = self.passwords.hash(new).await?;
        let mut work = self.begin_work().await?;
        login_throttle::clear(&mut work, &keys.account).await?;
        login_throttle::release_attempt(&mut work, &keys.address).await?;
        users::set_password(&mut work, user_id, &hash, now).await?;
        let ended = sessions::delete_for_user(&mut work, user_id).await?;
        // A sign-in half done with the old password does not finish with it.
        second_factor::delete_challenges_of(&mut work, user_id).await?;
        let session = self.start_session(&mut work, user_id, now).await?;
        work.audit(Some(actor), None, AuditAction::PasswordChanged, None, AuditResult::Ok).await?;
        work.commit().await?;
        tracing::info!(user = %user_id, sessions_ended = ended, "password changed");
        Ok(session)
    }

    /// Checks the signed-in user's own password, counted like a login: a session left open
    /// cannot be used to guess it without limit. The field is `currentPassword`.
    pub(super) async fn check_own_password(
        &self,
        actor: &Actor,
        password: &str,
        client: IpAddr,
    ) -> ServiceResult<(crate::domain::user::User, ThrottleKeys)> {
        let user_id = actor.user_id().ok_or(ServiceError::Forbidden)?;
        let now = self.clock.now();
        let mut conn = self.store.read().await?;
        let stored = users::password_hash(&mut conn, user_id).await?;
        let user = users::find_in_organisation(&mut conn, actor.organisation_id, user_id).await?;
        drop(conn);
        let user = user.ok_or(ServiceError::Unauthenticated)?;
        let keys = self.throttle_keys(user.email.as_str(), client);
        self.count_attempt(&keys, now).await?;
        if !self.passwords.verify(password, stored.as_deref()).await {
            return Err(ServiceError::bad_input("currentPassword", Reason::new("current-password-wrong")));
        }
        Ok((user, keys))
    }

    pub(super) async fn start_session(
        &self,
        work: &mut Work<'_>,
        user_id: UserId,
        now: DateTime<Utc>,
    ) -> ServiceResult<LoginSession> {
        let issued = token::issue(TokenKind::Session);
        let expires_at = now + Duration::minutes(self.auth.session_ttl_minutes);
        sessions::insert(work, SessionId::random(), user_id, &issued.hash, now, expires_at).await?;
        Ok(LoginSession { token: issued.plaintext, expires_at, user_id })
    }

    /// Counts the attempt under both keys, committed before the password is checked, and
    /// refuses it when either count is over its limit.
    pub(super) async fn count_attempt(&self, keys: &ThrottleKeys, now: DateTime<Utc>) -> ServiceResult<()> {
        let limits = self.auth.throttle;
        let window = self.throttle_window();
        let mut work = self.begin_work().await?;
        let account = login_throttle::count_attempt(&mut work, &keys.account, now, window).await?;
        let address = login_throttle::count_attempt(&mut work, &keys.address, now, window).await?;
        work.commit().await?;
        if account > limits.account_max_failures || address > limits.address_max_failures {
            tracing::warn!("login refused: too many failures");
            return Err(ServiceError::Throttled);
        }
        Ok(())
    }

    /// A login or failed login in the audit trail of the account's organisation. A failure for
    /// an unknown address is recorded without organisation or user: the address typed is not
    /// kept.
    async fn audit_login(
        &self,
        work: &mut Work<'_>,
        credentials: Option<&users::Credentials>,
        action: AuditAction,
        result: AuditResult,
    ) -> ServiceResult<()> {
        let user = credentials.map(|c| c.user_id.to_string());
        let object = user.as_deref().map(|id| AuditObject { kind: "user", id });
        work.audit(None, credentials.map(|c| c.organisation_id), action, object, result).await
    }

    fn throttle_window(&self) -> Duration {
        Duration::minutes(self.auth.throttle.window_minutes)
    }

    pub(super) fn throttle_keys(&self, email: &str, client: IpAddr) -> ThrottleKeys {
        ThrottleKeys {
            account: self.keyring.keyed_hash("login-throttle-account", &email.trim().to_lowercase()),
            address: self.keyring.keyed_hash("login-throttle-address", &client.to_string()),
        }
    }
}
