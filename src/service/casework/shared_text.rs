//! The service's one door to the shareable-text check (`domain::shareable_text`): every text
//! a partner can read passes here, held against the case's own identity strings and the
//! reporter's account when the writer's organisation owns the case.

use sqlx::AnyConnection;

use crate::domain::actor::Actor;
use crate::domain::identity::IdentityBlock;
use crate::domain::ids::CaseId;
use crate::domain::shareable_text::{self, CaseSecrets, Shape};
use crate::service::{ServiceError, ServiceResult, Services};

impl Services {
    /// `raw` as it will be stored, checked for sharing; about `case` when it is given.
    pub(crate) async fn shareable(
        &self,
        conn: &mut AnyConnection,
        actor: &Actor,
        case: Option<CaseId>,
        field: &'static str,
        raw: &str,
        shape: Shape,
    ) -> ServiceResult<String> {
        shareable(field, raw, shape, &self.case_secrets(conn, actor, case).await?)
    }

    /// What texts about `case` are held against: its identity when the caller's organisation
    /// owns it, else nothing. Opens the sealed block, so callers checking several texts about
    /// one case ask once.
    pub(crate) async fn case_secrets(
        &self,
        conn: &mut AnyConnection,
        actor: &Actor,
        case: Option<CaseId>,
    ) -> ServiceResult<CaseSecrets> {
        match case {
            Some(case) => Ok(secrets_of(self.open_identity(conn, actor, case).await?.as_ref())),
            None => Ok(CaseSecrets::default()),
        }
    }
}

/// What a text about a case is held against; nothing when the block is unknown or erased.
pub(crate) fn secrets_of(identity: Option<&IdentityBlock>) -> CaseSecrets {
    let Some(identity) = identity else { return CaseSecrets::default() };
    CaseSecrets { identity_strings: identity.sensitive_strings(), account: identity.account.clone() }
}

pub(crate) fn shareable(field: &'static str, raw: &str, shape: Shape, secrets: &CaseSecrets) -> ServiceResult<String> {
    shareable_text::checked(raw, shape, secrets).map_err(|refusal| ServiceError::bad_input(field, refusal))
}
