-- Two-factor sign-in (RFC 6238). The shared secret is sealed to the master key like an
-- organisation's identity; an enrolment not yet confirmed with a code has no confirmed_at.
-- last_used_step is the time step of the last code accepted: a code is refused a second time.
CREATE TABLE user_totp (
    user_id         TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sealed_secret   BYTEA NOT NULL,
    created_at      BIGINT NOT NULL,
    confirmed_at    BIGINT,
    last_used_step  BIGINT NOT NULL DEFAULT 0
);

-- Recovery codes, shown once at enrolment; only their keyed hash is kept, and each works once.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- Between a good password and the second factor: a short-lived token that proves the password
-- and allows nothing but the code (purpose 'code') or enrolling a second factor ('enrol').
CREATE TABLE login_challenges (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('code', 'enrol')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_challenges_by_user ON login_challenges (user_id);
