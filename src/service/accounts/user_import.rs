//! Carrying people over from an earlier system: the operator imports an organisation's users
//! with the Argon2id password hashes they had there, so nobody needs a new password on the
//! day of the move. Every rule of adding a user holds; the privacy officers the organisation
//! already had are told once that work roles were granted.

use chrono::{DateTime, Utc};

use crate::crypto::password::PasswordHasher;
use crate::crypto::totp::TotpSecret;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{OrganisationId, UserId};
use crate::domain::organisation::Organisation;
use crate::domain::reason::Reason;
use crate::domain::role::{Role, RoleSet};
use crate::domain::text;
use crate::domain::user::{EmailAddress, Language, User};
use crate::service::accounts::access::{AdminScope, Operator};
use crate::service::audit::trail::AuditObject;
use crate::service::error::conflict_on_duplicate;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::{accounts::organisations, accounts::second_factor, accounts::users};

pub struct ImportedUser {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub language: Language,
    /// The PHC string of an Argon2id hash, as `$argon2id$v=19$m=…`.
    pub password_hash: String,
}

impl Services {
    /// Adds `people` to the organisation in one transaction: all of them or none.
    pub async fn import_users(
        &self,
        operator: &Operator,
        organisation: OrganisationId,
        people: Vec<ImportedUser>,
    ) -> ServiceResult<Vec<User>> {
        let org =
            organisations::find(&mut *self.store.read().await?, organisation).await?.ok_or(ServiceError::NotFound)?;
        let now = self.clock.now();
        let checked: Vec<(User, String)> =
            people.into_iter().map(|person| checked_user(&org, person, now)).collect::<ServiceResult<_>>()?;
        let scope = AdminScope::by_operator(operator, org.id);
        let mut work = self.begin_work().await?;
        // Told by mail: the privacy officers there were before. Those imported with it read
        // every grant in the trail from their first sign-in; an organisation without any
        // privacy officer afterwards is refused, so no grant goes unseen.
        let officers = work.recipients(org.id, &[Role::PrivacyOfficer]).await?;
        let mut granted = false;
        for (user, hash) in &checked {
            conflict_on_duplicate(users::insert(&mut work, user, hash).await, || Reason::new("email-taken"))?;
            let object = AuditObject { kind: "user", id: &user.id.to_string() };
            work.audit_admin(&scope, AuditAction::UserCreated, object).await?;
            if user.roles.contains_any(&Role::CHAIN_WORK) {
                work.audit_admin(&scope, AuditAction::WorkRoleGranted, object).await?;
                granted = true;
            }
        }
        if work.recipients(org.id, &[Role::PrivacyOfficer]).await?.is_empty() {
            return Err(ServiceError::bad_input("roles", Reason::new("import-needs-privacy-officer")));
        }
        if granted {
            let link = serde_json::json!({ "link": self.link("/audit") });
            for officer in &officers {
                work.mail(officer, "work_role_granted", &link, None).await?;
            }
        }
        work.commit().await?;
        tracing::info!(organisation = %org.id, users = checked.len(), "users imported");
        Ok(checked.into_iter().map(|(user, _)| user).collect())
    }
}

impl Services {
    /// Carries a user's authenticator app over from an earlier system: their TOTP secret
    /// (base32, as the app holds it), on at once, so they keep signing in as before.
    pub async fn import_totp_secret(
        &self,
        operator: &Operator,
        organisation: OrganisationId,
        email: &str,
        secret_base32: &str,
    ) -> ServiceResult<()> {
        let secret = TotpSecret::from_base32(secret_base32)
            .ok_or_else(|| ServiceError::bad_input("secret", Reason::new("totp-secret-invalid")))?;
        let email = EmailAddress::parse(email)?;
        let now = self.clock.now();
        let scope = AdminScope::by_operator(operator, organisation);
        let mut work = self.begin_work().await?;
        let user = users::credentials_by_email(&mut work, &email).await?;
        let user = user.filter(|u| u.organisation_id == organisation).ok_or(ServiceError::NotFound)?;
        if second_factor::has_confirmed_totp(&mut work, user.user_id).await? {
            return Err(ServiceError::conflict("totp-already-on"));
        }
        let sealed = self.keyring.seal_secret(secret.as_bytes())?;
        second_factor::insert_pending(&mut work, user.user_id, &sealed, "import", now).await?;
        second_factor::confirm(&mut work, user.user_id, now).await?;
        let object = AuditObject { kind: "user", id: &user.user_id.to_string() };
        work.audit_admin(&scope, AuditAction::TotpEnrolled, object).await?;
        work.commit().await?;
        Ok(())
    }
}

/// The person as a user of `org`, with their hash, or why not.
fn checked_user(org: &Organisation, person: ImportedUser, now: DateTime<Utc>) -> ServiceResult<(User, String)> {
    if !PasswordHasher::importable(&person.password_hash) {
        return Err(ServiceError::bad_input("passwordHash", Reason::new("password-hash-not-argon2id")));
    }
    let display_name =
        text::single_line(&person.display_name, 100).map_err(|e| ServiceError::bad_input("displayName", e))?;
    let user = User {
        id: UserId::random(),
        organisation_id: org.id,
        email: EmailAddress::parse(&person.email)?,
        display_name,
        language: person.language,
        roles: RoleSet::for_organisation(person.roles, org.kind)?,
        disabled_at: None,
        created_at: now,
    };
    Ok((user, person.password_hash))
}
