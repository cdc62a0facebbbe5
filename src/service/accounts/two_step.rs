//! The second step of sign-in: after a good password, a short-lived challenge that only the
//! code (or a recovery code) turns into a session.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::crypto::token::{self, TokenKind};
use crate::crypto::totp::{self, TotpSecret};
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::UserId;
use crate::domain::reason::Reason;
use crate::domain::second_factor::{self, ChallengePurpose};
use crate::service::accounts::sign_in::{LoginSession, ThrottleKeys};
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::second_factor::{self as stored, Challenge};
use crate::store::accounts::{login_throttle, roles, sessions, users};

/// Long enough to open an app and type a code; short enough that a challenge left behind is
/// of no use.
const CHALLENGE_MINUTES: i64 = 5;
/// Wrong codes on one challenge before the password must be typed again.
const CHALLENGE_MAX_FAILURES: i64 = 5;

/// Given to the client once, in place of a session.
pub struct LoginChallenge {
    pub user_id: UserId,
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub purpose: ChallengePurpose,
}

/// A challenge that was found, with what checking its code needs.
pub(super) struct OpenChallenge {
    pub(super) token_hash: String,
    pub(super) challenge: Challenge,
    pub(super) keys: ThrottleKeys,
}

/// How a second factor was proved.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Proof {
    Code,
    RecoveryCode,
}

impl Services {
    /// What the account must show after its password: nothing, its code, or a new second factor.
    pub(super) async fn second_factor_after_password(&self, user: UserId) -> ServiceResult<Option<ChallengePurpose>> {
        let mut conn = self.store.read().await?;
        let has_totp = stored::has_confirmed_totp(&mut conn, user).await?;
        let required = second_factor::required_for(&roles::of_one(&mut conn, user).await?, &self.totp_roles());
        Ok(second_factor::after_password(has_totp, required))
    }

    pub(super) fn totp_roles(&self) -> Vec<crate::domain::role::Role> {
        self.auth.totp_required_roles()
    }

    pub(super) async fn issue_challenge(
        &self,
        user: UserId,
        purpose: ChallengePurpose,
        now: DateTime<Utc>,
    ) -> ServiceResult<LoginChallenge> {
        let issued = token::issue(TokenKind::LoginChallenge);
        let expires_at = now + Duration::minutes(CHALLENGE_MINUTES);
        let mut work = self.begin_work().await?;
        stored::insert_challenge(&mut work, &issued.hash, user, purpose, now, expires_at).await?;
        work.commit().await?;
        tracing::info!(user = %user, purpose = purpose.as_str(), "second factor asked");
        Ok(LoginChallenge { user_id: user, token: issued.plaintext, expires_at, purpose })
    }

    /// Completes a sign-in with the code of the user's app, or one of their recovery codes.
    /// Codes are counted like passwords; a code already used is refused.
    pub async fn complete_login(&self, challenge: &str, code: &str, client: IpAddr) -> ServiceResult<LoginSession> {
        let now = self.clock.now();
        let open = self.open_challenge(challenge, ChallengePurpose::Code, Some(client)).await?;
        let user = open.challenge.user_id;
        let proof = match self.check_second_factor(user, code, now).await? {
            Ok(proof) => proof,
            Err(why) => return Err(self.refuse_code(&open, why).await?),
        };
        let mut work = self.begin_work().await?;
        if !stored::delete_challenge(&mut work, &open.token_hash).await? {
            return Err(ServiceError::bad_input("challenge", Reason::new("sign-in-again")));
        }
        login_throttle::clear(&mut work, &open.keys.account).await?;
        login_throttle::release_attempt(&mut work, &open.keys.address).await?;
        sessions::delete_expired(&mut work, now).await?;
        let session = self.start_session(&mut work, user, now).await?;
        let organisation = users::organisation_of(&mut work, user).await?;
        if proof == Proof::RecoveryCode {
            work.audit_account(user, organisation, AuditAction::RecoveryCodeUsed, AuditResult::Ok).await?;
        }
        work.audit_account(user, organisation, AuditAction::Login, AuditResult::Ok).await?;
        work.commit().await?;
        tracing::info!(user = %user, "login with second factor");
        Ok(session)
    }

    /// Finds a live challenge of `purpose`; with the client's address when a code is to be
    /// checked, after counting the attempt against the account and that address like a
    /// password. An unknown, expired or exhausted challenge means signing in again.
    pub(super) async fn open_challenge(
        &self,
        challenge: &str,
        purpose: ChallengePurpose,
        counted_for: Option<IpAddr>,
    ) -> ServiceResult<OpenChallenge> {
        let now = self.clock.now();
        let sign_in_again = || ServiceError::bad_input("challenge", Reason::new("sign-in-again"));
        if TokenKind::of(challenge) != Some(TokenKind::LoginChallenge) {
            return Err(sign_in_again());
        }
        let token_hash = token::hash(challenge);
        let mut conn = self.store.read().await?;
        let found = stored::live_challenge(&mut conn, &token_hash, now).await?;
        let found = found.filter(|c| c.purpose == purpose && c.failures < CHALLENGE_MAX_FAILURES);
        let Some(found) = found else { return Err(sign_in_again()) };
        let user = users::find_any(&mut conn, found.user_id).await?.ok_or_else(sign_in_again)?;
        drop(conn);
        let client = counted_for.unwrap_or(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED));
        let keys = self.throttle_keys(user.email.as_str(), client);
        if counted_for.is_some() {
            self.count_attempt(&keys, now).await?;
        }
        Ok(OpenChallenge { token_hash, challenge: found, keys })
    }

    /// Counts a wrong code on the challenge and in the trail; the error to return.
    pub(super) async fn refuse_code(&self, open: &OpenChallenge, why: &'static str) -> ServiceResult<ServiceError> {
        let user = open.challenge.user_id;
        let mut work = self.begin_work().await?;
        stored::count_challenge_failure(&mut work, &open.token_hash).await?;
        let organisation = users::organisation_of(&mut work, user).await?;
        work.audit_account(user, organisation, AuditAction::SecondFactorFailed, AuditResult::Denied).await?;
        work.commit().await?;
        tracing::info!(user = %user, "second factor refused");
        Ok(ServiceError::bad_input("code", Reason::new(why)))
    }

    /// Whether `code` proves the user's confirmed second factor: a code of the app not used
    /// before (its time step is taken), or an unused recovery code (it is used up). If not,
    /// the reason to give: a wrong code, or one already used.
    pub(super) async fn check_second_factor(
        &self,
        user: UserId,
        code: &str,
        now: DateTime<Utc>,
    ) -> ServiceResult<Result<Proof, &'static str>> {
        let mut work = self.begin_work().await?;
        let Some(totp) = stored::totp_of(&mut work, user).await?.filter(|t| t.confirmed) else {
            return Ok(Err("second-factor-wrong"));
        };
        let checked = if let Some(recovery) = totp::normalise_recovery_code(code) {
            let hash = self.recovery_code_hash(user, &recovery);
            let used_now = stored::use_recovery_code(&mut work, user, &hash, now).await?;
            if used_now {
                Ok(Proof::RecoveryCode)
            } else {
                Err("second-factor-wrong")
            }
        } else {
            self.take_code(&mut work, user, &totp.sealed_secret, code, now).await?
        };
        work.commit().await?;
        Ok(checked)
    }

    /// Checks a code of the app against the sealed secret and takes its time step.
    pub(super) async fn take_code(
        &self,
        work: &mut Work<'_>,
        user: UserId,
        sealed_secret: &[u8],
        code: &str,
        now: DateTime<Utc>,
    ) -> ServiceResult<Result<Proof, &'static str>> {
        let secret = TotpSecret::from_bytes(self.keyring.unseal_secret(sealed_secret)?);
        let Some(step) = secret.matching_step(code, unix_seconds(now)) else {
            return Ok(Err("second-factor-wrong"));
        };
        let fresh = stored::take_step(work, user, step as i64).await?;
        Ok(if fresh { Ok(Proof::Code) } else { Err("second-factor-used") })
    }

    pub(super) fn recovery_code_hash(&self, user: UserId, code: &str) -> String {
        self.keyring.keyed_hash("recovery-code", &format!("{user}:{code}"))
    }
}

pub(super) fn unix_seconds(time: DateTime<Utc>) -> u64 {
    time.timestamp().max(0) as u64
}
