//! Turning a user's second factor on and off: enrolling a TOTP app (from the account page, or
//! during a sign-in that requires one), its recovery codes, and taking it off again.

use std::net::IpAddr;

use crate::crypto::totp::{self, TotpSecret, RECOVERY_CODE_COUNT};
use crate::domain::actor::Actor;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::domain::ids::{SessionId, UserId};
use crate::domain::reason::Reason;
use crate::domain::second_factor::{self, ChallengePurpose};
use crate::service::accounts::sign_in::LoginSession;
use crate::service::accounts::two_step::Proof;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::{second_factor as stored, sessions, users};

/// The name the authenticator app shows above the code.
const ISSUER: &str = "Ketenaanpak";

/// Who is enrolling: a signed-in user, or one whose sign-in requires it first.
pub enum Enrolling<'a> {
    SignedIn(&'a Actor),
    DuringSignIn { challenge: &'a str, client: IpAddr },
}

/// What the user needs to set up their app. The secret is shown until the enrolment is
/// confirmed, and never again.
pub struct TotpEnrolment {
    pub secret: String,
    pub otpauth_uri: String,
}

/// A confirmed enrolment: the recovery codes, shown once, and the session when it completed
/// a sign-in.
pub struct EnrolmentConfirmed {
    pub recovery_codes: Vec<String>,
    pub session: Option<LoginSession>,
}

/// What the account page says of the second factor.
pub struct SecondFactorStatus {
    pub enabled: bool,
    /// The deployment requires it for one of the user's roles: it cannot be taken off.
    pub required: bool,
    pub recovery_codes_left: i64,
}

/// The user behind an enrolment, and what ends once it is confirmed.
struct Enroller {
    user: UserId,
    /// The sign-in or session enrolling: only it sees its secret again, or confirms it.
    origin: String,
    /// The session to keep (the one enrolling); every other session of the user ends.
    keep: Option<SessionId>,
    challenge: Option<super::two_step::OpenChallenge>,
}

impl Services {
    pub async fn second_factor_status(&self, actor: &Actor) -> ServiceResult<SecondFactorStatus> {
        let user = actor.user_id().ok_or(ServiceError::NotFound)?;
        let mut conn = self.store.read().await?;
        let enabled = stored::has_confirmed_totp(&mut conn, user).await?;
        let recovery_codes_left = stored::unused_recovery_codes(&mut conn, user).await?;
        let required = second_factor::required_for(&actor.roles, &self.totp_roles());
        Ok(SecondFactorStatus { enabled, required, recovery_codes_left })
    }

    /// Makes a secret for the user's app, or gives back the one not yet confirmed, so that
    /// reloading the page does not invalidate what was just scanned.
    pub async fn begin_totp_enrolment(&self, enrolling: Enrolling<'_>) -> ServiceResult<TotpEnrolment> {
        let enroller = self.enroller(&enrolling, false).await?;
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        let secret = match stored::totp_of(&mut work, enroller.user).await? {
            Some(existing) if existing.confirmed => return Err(ServiceError::conflict("totp-already-on")),
            Some(pending) if pending.pending_for.as_deref() == Some(enroller.origin.as_str()) => {
                TotpSecret::from_bytes(self.keyring.unseal_secret(&pending.sealed_secret)?)
            }
            // None yet, or one another sign-in started: a new secret, and the other one ends.
            _ => {
                let secret = TotpSecret::generate();
                let sealed = self.keyring.seal_secret(secret.as_bytes())?;
                stored::insert_pending(&mut work, enroller.user, &sealed, &enroller.origin, now).await?;
                secret
            }
        };
        let user = users::find_any(&mut work, enroller.user).await?.ok_or(ServiceError::NotFound)?;
        work.commit().await?;
        Ok(TotpEnrolment { secret: secret.to_base32(), otpauth_uri: secret.otpauth_uri(ISSUER, user.email.as_str()) })
    }

    /// Confirms an enrolment with a code of the app: the second factor is on, the user's other
    /// sessions end, and the recovery codes are made. During a sign-in it also signs in.
    /// Signed in, the current password is asked too (counted like a login), so a session left
    /// open cannot be used to put someone else's app on the account.
    pub async fn confirm_totp_enrolment(
        &self,
        enrolling: Enrolling<'_>,
        code: &str,
        password: Option<(&str, IpAddr)>,
    ) -> ServiceResult<EnrolmentConfirmed> {
        if let Enrolling::SignedIn(actor) = &enrolling {
            let (password, client) = password.unwrap_or(("", IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)));
            self.check_own_password(actor, password, client).await?;
        }
        let enroller = self.enroller(&enrolling, true).await?;
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        let pending = stored::totp_of(&mut work, enroller.user).await?;
        let pending = match pending {
            Some(p) if p.confirmed => return Err(ServiceError::conflict("totp-already-on")),
            Some(p) if p.pending_for.as_deref() == Some(enroller.origin.as_str()) => p,
            _ => return Err(ServiceError::bad_input("code", Reason::new("totp-start-again"))),
        };
        if let Err(why) = self.take_code(&mut work, enroller.user, &pending.sealed_secret, code, now).await? {
            work.roll_back().await?;
            return Err(match &enroller.challenge {
                Some(open) => self.refuse_code(open, why).await?,
                None => ServiceError::bad_input("code", Reason::new(why)),
            });
        }
        stored::confirm(&mut work, enroller.user, now).await?;
        let recovery_codes = self.new_recovery_codes(&mut work, enroller.user).await?;
        let session = self.after_enrolment(&mut work, &enroller).await?;
        work.commit().await?;
        tracing::info!(user = %enroller.user, "second factor on");
        Ok(EnrolmentConfirmed { recovery_codes, session })
    }

    /// Takes the second factor off, with the password and a code; not when the deployment
    /// requires it for one of the user's roles. The user's other sessions end.
    pub async fn disable_totp(&self, actor: &Actor, password: &str, code: &str, client: IpAddr) -> ServiceResult<()> {
        let user = actor.user_id().ok_or(ServiceError::Forbidden)?;
        if second_factor::required_for(&actor.roles, &self.totp_roles()) {
            return Err(ServiceError::bad_input("code", Reason::new("totp-required")));
        }
        self.check_own_password(actor, password, client).await?;
        let now = self.clock.now();
        let proof = match self.check_second_factor(user, code, now).await? {
            Ok(proof) => proof,
            Err(why) => return Err(self.refuse_own_code(actor, why).await?),
        };
        let mut work = self.begin_work().await?;
        if proof == Proof::RecoveryCode {
            work.audit(Some(actor), None, AuditAction::RecoveryCodeUsed, None, AuditResult::Ok).await?;
        }
        stored::delete_totp(&mut work, user).await?;
        let ended = self.end_other_sessions_in(&mut work, actor).await?;
        work.audit(Some(actor), None, AuditAction::TotpDisabled, None, AuditResult::Ok).await?;
        work.commit().await?;
        tracing::info!(user = %user, sessions_ended = ended, "second factor off");
        Ok(())
    }

    /// A new set of recovery codes in place of the old ones, with a code of the app; the code
    /// is counted by the throttle like a password.
    pub async fn renew_recovery_codes(&self, actor: &Actor, code: &str, client: IpAddr) -> ServiceResult<Vec<String>> {
        let user = actor.user_id().ok_or(ServiceError::Forbidden)?;
        let now = self.clock.now();
        let email = users::find_any(&mut *self.store.read().await?, user).await?.ok_or(ServiceError::NotFound)?.email;
        self.count_attempt(&self.throttle_keys(email.as_str(), client), now).await?;
        let mut work = self.begin_work().await?;
        let totp = stored::totp_of(&mut work, user).await?.filter(|t| t.confirmed);
        let totp = totp.ok_or_else(|| ServiceError::bad_input("code", Reason::new("totp-not-on")))?;
        if let Err(why) = self.take_code(&mut work, user, &totp.sealed_secret, code, now).await? {
            work.roll_back().await?;
            return Err(self.refuse_own_code(actor, why).await?);
        }
        let codes = self.new_recovery_codes(&mut work, user).await?;
        work.audit(Some(actor), None, AuditAction::RecoveryCodesRenewed, None, AuditResult::Ok).await?;
        work.commit().await?;
        Ok(codes)
    }

    /// A wrong code of a signed-in user's, in the trail; the error to return.
    async fn refuse_own_code(&self, actor: &Actor, why: &'static str) -> ServiceResult<ServiceError> {
        let mut work = self.begin_work().await?;
        work.audit(Some(actor), None, AuditAction::SecondFactorFailed, None, AuditResult::Denied).await?;
        work.commit().await?;
        Ok(ServiceError::bad_input("code", Reason::new(why)))
    }

    /// The user enrolling; `checks_code` counts a sign-in's attempt against the throttle.
    async fn enroller(&self, enrolling: &Enrolling<'_>, checks_code: bool) -> ServiceResult<Enroller> {
        match enrolling {
            Enrolling::SignedIn(actor) => {
                let user = actor.user_id().ok_or(ServiceError::Forbidden)?;
                let session = actor.session_id().ok_or(ServiceError::Forbidden)?;
                Ok(Enroller { user, origin: format!("session:{session}"), keep: Some(session), challenge: None })
            }
            Enrolling::DuringSignIn { challenge, client } => {
                let counted_for = checks_code.then_some(*client);
                let open = self.open_challenge(challenge, ChallengePurpose::Enrol, counted_for).await?;
                let origin = format!("challenge:{}", open.token_hash);
                Ok(Enroller { user: open.challenge.user_id, origin, keep: None, challenge: Some(open) })
            }
        }
    }

    async fn new_recovery_codes(&self, work: &mut Work<'_>, user: UserId) -> ServiceResult<Vec<String>> {
        let codes: Vec<String> = (0..RECOVERY_CODE_COUNT).map(|_| totp::recovery_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| self.recovery_code_hash(user, c)).collect();
        stored::replace_recovery_codes(work, user, &hashes).await?;
        Ok(codes)
    }

    /// Ends the user's other sessions, records the enrolment, and completes a sign-in.
    async fn after_enrolment(&self, work: &mut Work<'_>, enroller: &Enroller) -> ServiceResult<Option<LoginSession>> {
        let user = enroller.user;
        let organisation = users::organisation_of(work, user).await?;
        match enroller.keep {
            Some(keep) => sessions::delete_others(work, user, keep).await?,
            None => sessions::delete_for_user(work, user).await?,
        };
        work.audit_account(user, organisation, AuditAction::TotpEnrolled, AuditResult::Ok).await?;
        let Some(open) = &enroller.challenge else { return Ok(None) };
        let now = self.clock.now();
        if !stored::delete_challenge(work, &open.token_hash).await? {
            return Err(ServiceError::bad_input("challenge", Reason::new("sign-in-again")));
        }
        crate::store::accounts::login_throttle::clear(work, &open.keys.account).await?;
        crate::store::accounts::login_throttle::release_attempt(work, &open.keys.address).await?;
        let session = self.start_session(work, user, now).await?;
        work.audit_account(user, organisation, AuditAction::Login, AuditResult::Ok).await?;
        Ok(Some(session))
    }
}
