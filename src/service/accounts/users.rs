//! Managing the people of an organisation.

use crate::crypto::token;
use crate::domain::actor::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::ids::UserId;
use crate::domain::reason::Reason;
use crate::domain::role::{Role, RoleSet};
use crate::domain::text;
use crate::domain::user::{check_password, EmailAddress, Language, User};
use crate::service::accounts::access::{AdminScope, UserDirectoryScope};
use crate::service::accounts::password_reset::ResetReason;
use crate::service::audit::trail::AuditObject;
use crate::service::error::conflict_on_duplicate;
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::{organisations, roles, second_factor, sessions, users};
use crate::store::sql::{Page, PageRequest};

pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub language: Language,
    pub password: InitialPassword,
}

/// How a new user gets their first password.
pub enum InitialPassword {
    /// The admin chose it (the command line, an API client that passes it on).
    Given(String),
    /// The service makes a random one and returns it once.
    Generated,
    /// The user chooses it from a link mailed to them; nobody else ever knows it.
    ByMail,
}

pub struct CreatedUser {
    pub user: User,
    pub generated_password: Option<String>,
}

impl Services {
    pub async fn me(&self, actor: &Actor) -> ServiceResult<User> {
        let user_id = actor.user_id().ok_or(ServiceError::NotFound)?;
        let mut conn = self.store.read().await?;
        users::find_in_organisation(&mut conn, actor.organisation_id, user_id).await?.ok_or(ServiceError::NotFound)
    }

    /// The caller's own language for pages, errors and mail; from the next request on.
    pub async fn set_language(&self, actor: &Actor, language: Language) -> ServiceResult<User> {
        let user_id = actor.user_id().ok_or(ServiceError::Forbidden)?;
        let mut work = self.begin_work().await?;
        users::set_language(&mut work, user_id, language).await?;
        work.commit().await?;
        self.me(actor).await
    }

    /// One user of the scope's organisation; not found for anyone else's.
    pub async fn find_user(&self, scope: &UserDirectoryScope, id: UserId) -> ServiceResult<User> {
        let mut conn = self.store.read().await?;
        users::find_in_organisation(&mut conn, scope.organisation_id(), id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn list_users(&self, scope: &UserDirectoryScope, page: &PageRequest) -> ServiceResult<Page<User>> {
        let mut conn = self.store.read().await?;
        Ok(users::list_in_organisation(&mut conn, scope.organisation_id(), page).await?)
    }

    /// An admin (a person or the operator; never an API token) adds a user. A work role is
    /// told to the privacy officers.
    pub async fn create_user(&self, scope: &AdminScope, new: NewUser) -> ServiceResult<CreatedUser> {
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        let now = self.clock.now();
        let email = EmailAddress::parse(&new.email)?;
        let display_name =
            text::single_line(&new.display_name, 100).map_err(|e| ServiceError::bad_input("displayName", e))?;
        let org = organisations::find(&mut *self.store.read().await?, scope.organisation_id())
            .await?
            .ok_or(ServiceError::NotFound)?;
        let roles = RoleSet::for_organisation(new.roles, org.kind)?;
        let by_mail = matches!(new.password, InitialPassword::ByMail);
        let (password, generated_password) = match new.password {
            InitialPassword::Given(password) => (password, None),
            InitialPassword::Generated => {
                let generated = token::random_base64(15);
                (generated.clone(), Some(generated))
            }
            InitialPassword::ByMail => (token::random_base64(24), None),
        };
        check_password(&password, &email, self.auth.password_min_length)?;
        let hash = self.passwords.hash(&password).await?;
        let user = User {
            id: UserId::random(),
            organisation_id: org.id,
            email,
            display_name,
            language: new.language,
            roles,
            disabled_at: None,
            created_at: now,
        };
        let mut work = self.begin_work().await?;
        conflict_on_duplicate(users::insert(&mut work, &user, &hash).await, || Reason::new("email-taken"))?;
        let object = AuditObject { kind: "user", id: &user.id.to_string() };
        work.audit_admin(scope, AuditAction::UserCreated, object).await?;
        if user.roles.contains_any(&Role::CHAIN_WORK) {
            self.record_work_role_grant(&mut work, scope, object).await?;
        }
        if by_mail {
            self.queue_password_reset(&mut work, scope, user.id, ResetReason::Welcome).await?;
        }
        work.commit().await?;
        tracing::info!(user = %user.id, organisation = %org.id, "user created");
        Ok(CreatedUser { user, generated_password })
    }

    /// Disables a user of the scope's organisation and ends their sessions at once.
    pub async fn disable_user(&self, scope: &AdminScope, id: UserId) -> ServiceResult<User> {
        if scope.acting_user() == Some(id) {
            return Err(ServiceError::bad_input("id", Reason::new("own-account-disable")));
        }
        let now = self.clock.now();
        let mut work = self.begin_work().await?;
        let user =
            users::find_in_organisation(&mut work, scope.organisation_id(), id).await?.ok_or(ServiceError::NotFound)?;
        if user.disabled_at.is_none() && user.roles.contains(Role::PrivacyOfficer) {
            self.keep_a_privacy_officer(&mut work, scope, "id").await?;
        }
        users::disable(&mut work, id, now).await?;
        let ended = sessions::delete_for_user(&mut work, id).await?;
        second_factor::delete_challenges_of(&mut work, id).await?;
        let user =
            users::find_in_organisation(&mut work, scope.organisation_id(), id).await?.ok_or(ServiceError::NotFound)?;
        work.audit_admin(scope, AuditAction::UserDisabled, AuditObject { kind: "user", id: &id.to_string() }).await?;
        work.commit().await?;
        tracing::info!(user = %id, sessions_ended = ended, "user disabled");
        Ok(user)
    }

    /// An admin gives another user of the organisation a new set of roles, effective at the
    /// user's next request. Nobody changes their own roles, and API tokens change none; a
    /// work role that was not held before is told to the privacy officers.
    pub async fn set_user_roles(&self, scope: &AdminScope, id: UserId, roles: Vec<Role>) -> ServiceResult<User> {
        if scope.acting_token().is_some() {
            return Err(ServiceError::Forbidden);
        }
        if scope.acting_user() == Some(id) {
            return Err(ServiceError::bad_input("roles", Reason::new("own-roles")));
        }
        let mut work = self.begin_work().await?;
        let user =
            users::find_in_organisation(&mut work, scope.organisation_id(), id).await?.ok_or(ServiceError::NotFound)?;
        let org = organisations::find(&mut work, scope.organisation_id()).await?.ok_or(ServiceError::NotFound)?;
        let roles = RoleSet::for_organisation(roles, org.kind)?;
        if user.roles.contains(Role::PrivacyOfficer) && !roles.contains(Role::PrivacyOfficer) {
            self.keep_a_privacy_officer(&mut work, scope, "roles").await?;
        }
        let object = AuditObject { kind: "user", id: &id.to_string() };
        work.audit_admin(scope, AuditAction::RolesChanged, object).await?;
        // Told before the change, so an officer who loses the role in it hears of it too.
        let gains_work = Role::CHAIN_WORK.iter().any(|r| roles.contains(*r) && !user.roles.contains(*r));
        if gains_work {
            self.record_work_role_grant(&mut work, scope, object).await?;
        }
        roles::replace(&mut work, id, &roles).await?;
        work.commit().await?;
        tracing::info!(user = %id, "roles changed");
        Ok(User { roles, ..user })
    }

    /// Refuses to take away the organisation's last active privacy officer: grants of work
    /// roles and refused counterparties are told to them, and would be told to no one.
    async fn keep_a_privacy_officer(
        &self,
        work: &mut Work<'_>,
        scope: &AdminScope,
        field: &'static str,
    ) -> ServiceResult<()> {
        let officers = users::active_with_roles(work, scope.organisation_id(), &[Role::PrivacyOfficer]).await?;
        if officers.len() <= 1 {
            return Err(ServiceError::bad_input(field, Reason::new("last-privacy-officer")));
        }
        Ok(())
    }
}
