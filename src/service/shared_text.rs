//! The service's one door to the shareable-text check (`domain::shareable_text`): every text
//! a partner can read passes here, held against the case's own identity strings and the
//! reporter's account when the writer's organisation owns the case.

use sqlx::AnyConnection;

use super::{ServiceError, ServiceResult, Services};
use crate::domain::actor::Actor;
use crate::domain::identity::IdentityBlock;
use crate::domain::ids::CaseId;
use crate::domain::shareable_text::{self, CaseSecrets, Shape};

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
        let secrets = match case {
            Some(case) => secrets_of(self.open_identity(conn, actor, case).await?.as_ref()),
            None => CaseSecrets::default(),
        };
        shareable(field, raw, shape, &secrets)
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
