use async_graphql::{Context, Enum, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::domain::second_factor::ChallengePurpose;
use crate::graphql::accounts::users::UserNode;
use crate::graphql::context::{actor, services, ClientAddress};
use crate::graphql::error::GqlResult;
use crate::service::accounts::second_factor::Enrolling;
use crate::service::accounts::sign_in::{LoginOutcome, LoginSession};
use crate::service::accounts::two_step::LoginChallenge;

#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// The signed-in user. Not found for an API token, which is no person.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<UserNode> {
        services(ctx).me(actor(ctx)?).await.gql().map(UserNode)
    }

    /// Whether the signed-in user's second factor is on, and whether their roles require it.
    async fn my_second_factor(&self, ctx: &Context<'_>) -> async_graphql::Result<SecondFactorStatusNode> {
        let status = services(ctx).second_factor_status(actor(ctx)?).await.gql()?;
        Ok(SecondFactorStatusNode {
            enabled: status.enabled,
            required: status.required,
            recovery_codes_left: status.recovery_codes_left as i32,
        })
    }

    /// The signed-in user's open sessions, most recently used first.
    async fn my_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SessionNode>> {
        let sessions = services(ctx).own_sessions(actor(ctx)?).await.gql()?;
        Ok(sessions
            .into_iter()
            .map(|s| SessionNode {
                started_at: s.session.created_at,
                last_used_at: s.session.last_seen_at,
                expires_at: s.session.expires_at,
                current: s.current,
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct SecondFactorStatusNode {
    enabled: bool,
    required: bool,
    recovery_codes_left: i32,
}

#[derive(SimpleObject)]
pub struct SessionNode {
    started_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    /// The session this request came with.
    current: bool,
}

/// A signed-in session, or the second factor still to show.
#[derive(SimpleObject)]
pub struct LoginPayload {
    /// Send as `Authorization: Bearer <token>`. Shown once. Empty when `secondFactor` asks
    /// for a code first.
    token: Option<String>,
    expires_at: Option<DateTime<Utc>>,
    user: Option<UserNode>,
    /// Set when the password was right and a second factor is needed: pass its `challenge`
    /// to `completeLogin` (step `CODE`) or to the enrolment mutations (step `ENROL`).
    second_factor: Option<SecondFactorChallenge>,
}

#[derive(SimpleObject)]
pub struct SecondFactorChallenge {
    /// Proves the password for a few minutes; it signs nobody in.
    challenge: String,
    expires_at: DateTime<Utc>,
    step: SecondFactorStep,
}

#[derive(Enum, Copy, Clone, PartialEq, Eq)]
pub enum SecondFactorStep {
    /// Send a code of the authenticator app, or a recovery code.
    Code,
    /// The account's roles require a second factor and it has none: enrol one first.
    Enrol,
}

#[derive(SimpleObject)]
pub struct TotpEnrolmentPayload {
    /// Base32, for typing into an app. Given until the enrolment is confirmed.
    secret: String,
    /// The `otpauth://` address a QR code carries.
    otpauth_uri: String,
}

#[derive(SimpleObject)]
pub struct TotpConfirmedPayload {
    /// Each works once in place of a code. Shown this once; only their hashes are kept.
    recovery_codes: Vec<String>,
    /// The new session, when the enrolment completed a sign-in.
    login: Option<LoginPayload>,
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> async_graphql::Result<LoginPayload> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        match services(ctx).login(&email, &password, client).await.gql()? {
            LoginOutcome::SignedIn(session) => payload(ctx, session).await,
            LoginOutcome::SecondFactor(challenge) => Ok(challenge_payload(challenge)),
        }
    }

    /// The second step of `login`: a code of the authenticator app, or a recovery code.
    async fn complete_login(
        &self,
        ctx: &Context<'_>,
        challenge: String,
        code: String,
    ) -> async_graphql::Result<LoginPayload> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        let session = services(ctx).complete_login(&challenge, &code, client).await.gql()?;
        payload(ctx, session).await
    }

    /// Starts enrolling an authenticator app: signed in, or with the `challenge` of a login
    /// that requires one.
    async fn start_totp_enrolment(
        &self,
        ctx: &Context<'_>,
        challenge: Option<String>,
    ) -> async_graphql::Result<TotpEnrolmentPayload> {
        let enrolment = services(ctx).begin_totp_enrolment(enrolling(ctx, challenge.as_deref())?).await.gql()?;
        Ok(TotpEnrolmentPayload { secret: enrolment.secret, otpauth_uri: enrolment.otpauth_uri })
    }

    /// Confirms the enrolment with a code of the app. Ends the user's other sessions. Signed
    /// in (no challenge), the current password is needed too.
    async fn confirm_totp_enrolment(
        &self,
        ctx: &Context<'_>,
        challenge: Option<String>,
        code: String,
        current_password: Option<String>,
    ) -> async_graphql::Result<TotpConfirmedPayload> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        let password = current_password.as_deref().map(|p| (p, client));
        let enrolling = enrolling(ctx, challenge.as_deref())?;
        let confirmed = services(ctx).confirm_totp_enrolment(enrolling, &code, password).await.gql()?;
        let login = match confirmed.session {
            Some(session) => Some(payload(ctx, session).await?),
            None => None,
        };
        Ok(TotpConfirmedPayload { recovery_codes: confirmed.recovery_codes, login })
    }

    /// Takes the second factor off, with the password and a code; not when required.
    async fn disable_totp(&self, ctx: &Context<'_>, password: String, code: String) -> async_graphql::Result<bool> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        services(ctx).disable_totp(actor(ctx)?, &password, &code, client).await.gql().map(|_| true)
    }

    /// New recovery codes in place of the old ones, with a code of the app.
    async fn renew_recovery_codes(&self, ctx: &Context<'_>, code: String) -> async_graphql::Result<Vec<String>> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        services(ctx).renew_recovery_codes(actor(ctx)?, &code, client).await.gql()
    }

    /// Ends every session of the caller but this one; how many ended.
    async fn sign_out_elsewhere(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        services(ctx).end_other_sessions(actor(ctx)?).await.gql().map(|n| n as i32)
    }

    /// Ends the caller's session.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        services(ctx).logout(actor(ctx)?).await.gql().map(|_| true)
    }

    /// Changes the caller's password and ends all their sessions; returns a new session.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<LoginPayload> {
        let client = ctx.data_unchecked::<ClientAddress>().0;
        let session =
            services(ctx).change_password(actor(ctx)?, &current_password, &new_password, client).await.gql()?;
        payload(ctx, session).await
    }
}

fn enrolling<'a>(ctx: &Context<'a>, challenge: Option<&'a str>) -> async_graphql::Result<Enrolling<'a>> {
    match challenge {
        Some(challenge) => Ok(Enrolling::DuringSignIn { challenge, client: ctx.data_unchecked::<ClientAddress>().0 }),
        None => Ok(Enrolling::SignedIn(actor(ctx)?)),
    }
}

fn challenge_payload(challenge: LoginChallenge) -> LoginPayload {
    let step = match challenge.purpose {
        ChallengePurpose::Code => SecondFactorStep::Code,
        ChallengePurpose::Enrol => SecondFactorStep::Enrol,
    };
    let second_factor = SecondFactorChallenge { challenge: challenge.token, expires_at: challenge.expires_at, step };
    LoginPayload { token: None, expires_at: None, user: None, second_factor: Some(second_factor) }
}

async fn payload(ctx: &Context<'_>, session: LoginSession) -> async_graphql::Result<LoginPayload> {
    // The request carried no actor for the new session yet: read the user as that session.
    let services = services(ctx);
    let actor = services.authenticate(&session.token).await.gql()?;
    let user = services.me(&actor).await.gql()?;
    Ok(LoginPayload {
        token: Some(session.token),
        expires_at: Some(session.expires_at),
        user: Some(UserNode(user)),
        second_factor: None,
    })
}
