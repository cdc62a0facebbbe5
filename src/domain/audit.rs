//! The audit trail's rules: what is recorded, and how each event is chained to the one before
//! it, so that editing, deleting or reordering a stored event is detected.

use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Login,
    LoginFailed,
    Logout,
    PasswordChanged,
    UserCreated,
    UserDisabled,
    ApiTokenCreated,
    ApiTokenRevoked,
    IdentityRead,
    CaseCreated,
    CaseUpdated,
    CaseShared,
    CaseUnshared,
    NoteAdded,
    ConsentGiven,
    ConsentWithdrawn,
    Export,
    KeyRotated,
    AccessDenied,
    ReferralCreated,
    ReferralSent,
    ReferralOpened,
    ReferralAccepted,
    ReferralDeclined,
    ReferralWithdrawn,
    ReferralFileRead,
    ReferralEscalated,
    CaseFlagged,
    MinutesApproved,
    MinutesAmended,
    /// A user or API token was given a role that reads casework (`Role::CHAIN_WORK`).
    WorkRoleGranted,
    /// A case's internal notes were opened for reading.
    NotesRead,
    /// An admin gave a user another set of roles.
    RolesChanged,
    /// A case was given a counterparty, at registration or by a change.
    CounterpartySet,
    /// Setting a counterparty was refused: the person's daily limit was reached.
    CounterpartyLimitReached,
    /// A wrong or reused second-factor code at sign-in.
    SecondFactorFailed,
    /// A sign-in used one of the user's recovery codes.
    RecoveryCodeUsed,
    /// A user's second factor was confirmed, or taken off.
    TotpEnrolled,
    TotpDisabled,
    /// A user made new recovery codes in place of their old ones.
    RecoveryCodesRenewed,
    /// A user ended their other sessions.
    SessionsEnded,
    /// An admin sent a user a link to set a new password; the user used it.
    PasswordResetSent,
    PasswordReset,
    /// The privacy officer's export of the trail.
    AuditExported,
}

impl AuditAction {
    /// Every action, in the order the privacy officer's filter lists them.
    pub const ALL: [AuditAction; 44] = [
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::PasswordChanged,
        AuditAction::UserCreated,
        AuditAction::UserDisabled,
        AuditAction::ApiTokenCreated,
        AuditAction::WorkRoleGranted,
        AuditAction::NotesRead,
        AuditAction::RolesChanged,
        AuditAction::CounterpartySet,
        AuditAction::CounterpartyLimitReached,
        AuditAction::ApiTokenRevoked,
        AuditAction::IdentityRead,
        AuditAction::CaseCreated,
        AuditAction::CaseUpdated,
        AuditAction::CaseShared,
        AuditAction::CaseUnshared,
        AuditAction::NoteAdded,
        AuditAction::ConsentGiven,
        AuditAction::ConsentWithdrawn,
        AuditAction::Export,
        AuditAction::KeyRotated,
        AuditAction::AccessDenied,
        AuditAction::ReferralCreated,
        AuditAction::ReferralSent,
        AuditAction::ReferralOpened,
        AuditAction::ReferralAccepted,
        AuditAction::ReferralDeclined,
        AuditAction::ReferralWithdrawn,
        AuditAction::ReferralFileRead,
        AuditAction::ReferralEscalated,
        AuditAction::CaseFlagged,
        AuditAction::MinutesApproved,
        AuditAction::MinutesAmended,
        AuditAction::SecondFactorFailed,
        AuditAction::RecoveryCodeUsed,
        AuditAction::TotpEnrolled,
        AuditAction::TotpDisabled,
        AuditAction::SessionsEnded,
        AuditAction::RecoveryCodesRenewed,
        AuditAction::PasswordResetSent,
        AuditAction::PasswordReset,
        AuditAction::AuditExported,
    ];

    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|action| action.as_str() == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::UserCreated => "user_created",
            AuditAction::UserDisabled => "user_disabled",
            AuditAction::ApiTokenCreated => "api_token_created",
            AuditAction::WorkRoleGranted => "work_role_granted",
            AuditAction::NotesRead => "notes_read",
            AuditAction::RolesChanged => "roles_changed",
            AuditAction::CounterpartySet => "counterparty_set",
            AuditAction::CounterpartyLimitReached => "counterparty_limit_reached",
            AuditAction::ApiTokenRevoked => "api_token_revoked",
            AuditAction::IdentityRead => "identity_read",
            AuditAction::CaseCreated => "case_created",
            AuditAction::CaseUpdated => "case_updated",
            AuditAction::CaseShared => "case_shared",
            AuditAction::CaseUnshared => "case_unshared",
            AuditAction::NoteAdded => "note_added",
            AuditAction::ConsentGiven => "consent_given",
            AuditAction::ConsentWithdrawn => "consent_withdrawn",
            AuditAction::Export => "export",
            AuditAction::KeyRotated => "key_rotated",
            AuditAction::AccessDenied => "access_denied",
            AuditAction::ReferralCreated => "referral_created",
            AuditAction::ReferralSent => "referral_sent",
            AuditAction::ReferralOpened => "referral_opened",
            AuditAction::ReferralAccepted => "referral_accepted",
            AuditAction::ReferralDeclined => "referral_declined",
            AuditAction::ReferralWithdrawn => "referral_withdrawn",
            AuditAction::ReferralFileRead => "referral_file_read",
            AuditAction::ReferralEscalated => "referral_escalated",
            AuditAction::CaseFlagged => "case_flagged",
            AuditAction::MinutesApproved => "minutes_approved",
            AuditAction::MinutesAmended => "minutes_amended",
            AuditAction::SecondFactorFailed => "second_factor_failed",
            AuditAction::RecoveryCodeUsed => "recovery_code_used",
            AuditAction::TotpEnrolled => "totp_enrolled",
            AuditAction::TotpDisabled => "totp_disabled",
            AuditAction::RecoveryCodesRenewed => "recovery_codes_renewed",
            AuditAction::SessionsEnded => "sessions_ended",
            AuditAction::PasswordResetSent => "password_reset_sent",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::AuditExported => "audit_exported",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditResult {
    Ok,
    Denied,
    Failed,
}

impl AuditResult {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditResult::Ok => "ok",
            AuditResult::Denied => "denied",
            AuditResult::Failed => "failed",
        }
    }
}

/// The fields of an event as stored, in the order they are hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub id: String,
    pub occurred_at: i64,
    pub organisation_id: Option<String>,
    pub actor_user_id: Option<String>,
    pub actor_token_id: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub result: String,
    pub request_id: Option<String>,
    pub prev_hash: String,
}

impl AuditRecord {
    /// SHA-256 over every field, each length-prefixed so that no two different events encode
    /// alike. The sequence number is included, so moving an event changes its hash.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        let seq = self.seq.to_string();
        let occurred = self.occurred_at.to_string();
        let fields: [Option<&str>; 12] = [
            Some(&seq),
            Some(&self.id),
            Some(&occurred),
            self.organisation_id.as_deref(),
            self.actor_user_id.as_deref(),
            self.actor_token_id.as_deref(),
            Some(&self.action),
            self.object_type.as_deref(),
            self.object_id.as_deref(),
            Some(&self.result),
            self.request_id.as_deref(),
            Some(&self.prev_hash),
        ];
        for field in fields {
            match field {
                Some(value) => {
                    hasher.update((value.len() as u64).to_be_bytes());
                    hasher.update(value.as_bytes());
                }
                None => hasher.update(u64::MAX.to_be_bytes()),
            }
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What `verify` found wrong first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The sequence number of the first event that does not check out (or where one is missing).
    pub seq: i64,
    pub id: Option<String>,
    pub reason: &'static str,
}

/// Walks stored events (with their stored hash) in sequence order.
#[derive(Debug)]
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
    checked: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Self { expected_seq: 1, prev_hash: GENESIS.to_string(), checked: 0 }
    }
}

impl Verifier {
    pub fn check(&mut self, record: &AuditRecord, stored_hash: &str) -> Result<(), Break> {
        let broken = |reason| Break { seq: record.seq, id: Some(record.id.clone()), reason };
        if record.seq != self.expected_seq {
            return Err(Break {
                seq: self.expected_seq,
                id: Some(record.id.clone()),
                reason: "an event is missing or out of order before this one",
            });
        }
        if record.prev_hash != self.prev_hash {
            return Err(broken("it does not follow the event before it"));
        }
        if record.hash() != stored_hash {
            return Err(broken("its contents were changed"));
        }
        self.prev_hash = stored_hash.to_string();
        self.expected_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// After the last event: the head row must name it, or events at the end were removed.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<u64, Break> {
        if head_seq != self.expected_seq - 1 || head_hash != self.prev_hash {
            return Err(Break {
                seq: self.expected_seq,
                id: None,
                reason: "events at the end of the trail are missing",
            });
        }
        Ok(self.checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<(AuditRecord, String)> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let record = AuditRecord {
                    seq,
                    id: format!("e{seq}"),
                    occurred_at: seq * 1000,
                    organisation_id: Some("org".into()),
                    actor_user_id: None,
                    actor_token_id: None,
                    action: "login".into(),
                    object_type: None,
                    object_id: None,
                    result: "ok".into(),
                    request_id: None,
                    prev_hash: prev.clone(),
                };
                prev = record.hash();
                (record, prev.clone())
            })
            .collect()
    }

    fn verify(events: &[(AuditRecord, String)], head: (i64, &str)) -> Result<u64, Break> {
        let mut verifier = Verifier::default();
        for (record, hash) in events {
            verifier.check(record, hash)?;
        }
        verifier.finish(head.0, head.1)
    }

    #[test]
    fn an_honest_trail_verifies_and_every_tampering_is_named() {
        let events = chain(5);
        let head = (5, events[4].1.clone());
        assert_eq!(verify(&events, (head.0, &head.1)), Ok(5));

        let mut edited = events.clone();
        edited[2].0.action = "identity_read".into();
        assert_eq!(verify(&edited, (head.0, &head.1)).unwrap_err().seq, 3);

        let mut deleted = events.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, (head.0, &head.1)).unwrap_err().seq, 2);

        let mut swapped = events.clone();
        swapped.swap(1, 2);
        (swapped[1].0.seq, swapped[2].0.seq) = (2, 3);
        assert_eq!(verify(&swapped, (head.0, &head.1)).unwrap_err().seq, 2);

        let truncated = &events[..4];
        assert_eq!(verify(truncated, (head.0, &head.1)).unwrap_err().seq, 5);
    }
}
