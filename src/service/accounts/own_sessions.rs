//! A user's own sessions: which are open, and ending all but the one in use.

use crate::domain::actor::Actor;
use crate::domain::audit::{AuditAction, AuditResult};
use crate::service::work::Work;
use crate::service::{ServiceError, ServiceResult, Services};
use crate::store::accounts::sessions::{self, SessionSummary};

/// A session on the account page; `current` is the one asking.
pub struct OwnSession {
    pub session: SessionSummary,
    pub current: bool,
}

impl Services {
    pub async fn own_sessions(&self, actor: &Actor) -> ServiceResult<Vec<OwnSession>> {
        let user = actor.user_id().ok_or(ServiceError::NotFound)?;
        let now = self.clock.now();
        let mut conn = self.store.read().await?;
        let live = sessions::live_of_user(&mut conn, user, now, self.idle_before(now)).await?;
        Ok(live
            .into_iter()
            .map(|session| OwnSession { current: Some(session.id) == actor.session_id(), session })
            .collect())
    }

    /// Signs the user out everywhere but here; how many sessions ended.
    pub async fn end_other_sessions(&self, actor: &Actor) -> ServiceResult<u64> {
        let mut work = self.begin_work().await?;
        let ended = self.end_other_sessions_in(&mut work, actor).await?;
        work.audit(Some(actor), None, AuditAction::SessionsEnded, None, AuditResult::Ok).await?;
        work.commit().await?;
        tracing::info!(sessions_ended = ended, "signed out elsewhere");
        Ok(ended)
    }

    pub(super) async fn end_other_sessions_in(&self, work: &mut Work<'_>, actor: &Actor) -> ServiceResult<u64> {
        let (Some(user), Some(keep)) = (actor.user_id(), actor.session_id()) else {
            return Err(ServiceError::Forbidden);
        };
        Ok(sessions::delete_others(work, user, keep).await?)
    }
}
