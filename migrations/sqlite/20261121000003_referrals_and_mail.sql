-- Referrals between organisations, the mail outbox, and scheduled-job runs.
-- Same tables as migrations/postgres. Dialect notes: binary columns are BLOB here and BYTEA
-- there.

-- Mail is written here in the transaction of the change that causes it, and delivered by a
-- worker: none is lost on a crash, none is sent for a change that rolled back. Subject and
-- bodies are rendered when queued; they never hold special-category data.
CREATE TABLE mail_outbox (
    id               TEXT PRIMARY KEY,
    recipient        TEXT NOT NULL,
    template         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    dedupe_key       TEXT UNIQUE,
    created_at       BIGINT NOT NULL,
    attempts         BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    locked_until     BIGINT,
    sent_at          BIGINT,
    failed_at        BIGINT,
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- A handover of a dossier. The dossier and attachments are age files on disk, sealed to the
-- receiver; the database holds only what the inbox and outbox show.
CREATE TABLE referrals (
    id                        TEXT PRIMARY KEY,
    sender_organisation_id    TEXT NOT NULL REFERENCES organisations (id),
    sender_user_id            TEXT REFERENCES users (id),
    receiver_organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    source_case_id            TEXT REFERENCES cases (id),
    case_link                 TEXT,
    urgency                   TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    summary                   TEXT,
    status                    TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'opened', 'accepted', 'declined', 'withdrawn')),
    decline_reason            TEXT,
    accepted_case_id          TEXT REFERENCES cases (id),
    created_at                BIGINT NOT NULL,
    sent_at                   BIGINT,
    opened_at                 BIGINT,
    opened_by                 TEXT REFERENCES users (id),
    decided_at                BIGINT,
    decided_by                TEXT REFERENCES users (id),
    withdrawn_at              BIGINT,
    escalated_at              BIGINT
);
CREATE INDEX referrals_by_receiver ON referrals (receiver_organisation_id, status, created_at);
CREATE INDEX referrals_by_sender ON referrals (sender_organisation_id, status, created_at);

CREATE TABLE referral_files (
    id           TEXT PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('dossier', 'attachment')),
    sealed_meta  BLOB,
    size_bytes   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX referral_files_by_referral ON referral_files (referral_id, created_at);

-- The link from a case to the case it was referred from, by keyed hash.
ALTER TABLE cases ADD COLUMN referral_link TEXT;

-- One row per scheduled job and slot: the unique key makes a slot run once across instances.
CREATE TABLE job_runs (
    job          TEXT NOT NULL,
    slot         TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    outcome      TEXT,
    PRIMARY KEY (job, slot)
);
