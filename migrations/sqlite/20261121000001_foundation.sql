-- Foundation: organisations, people, chains, sessions, API tokens, login throttling.
-- Same tables as migrations/postgres. Dialect notes: ids are UUID text and times are
-- microseconds since the Unix epoch (BIGINT) on both engines, so one SQL text serves both
-- through sqlx's Any driver; SQLite enforces foreign keys because every connection turns
-- `PRAGMA foreign_keys` on.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('reporting_centre', 'police', 'prosecution',
                    'interest_group', 'expertise_centre', 'municipality')),
    name        TEXT NOT NULL UNIQUE,
    region      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE organisation_municipalities (
    organisation_id    TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    municipality_code  TEXT NOT NULL,
    PRIMARY KEY (organisation_id, municipality_code)
);
CREATE INDEX organisation_municipalities_by_code ON organisation_municipalities (municipality_code);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    organisation_id      TEXT NOT NULL REFERENCES organisations (id),
    email                TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    language             TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    password_hash        TEXT NOT NULL,
    password_changed_at  BIGINT NOT NULL,
    disabled_at          BIGINT,
    created_at           BIGINT NOT NULL
);
CREATE INDEX users_by_organisation ON users (organisation_id, email);

CREATE TABLE user_roles (
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE chains (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('region', 'theme')),
    scope       TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE chain_members (
    chain_id         TEXT NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    joined_at        BIGINT NOT NULL,
    PRIMARY KEY (chain_id, organisation_id)
);
CREATE INDEX chain_members_by_organisation ON chain_members (organisation_id);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    name             TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    created_by       TEXT REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    revoked_at       BIGINT,
    UNIQUE (organisation_id, name)
);

CREATE TABLE api_token_roles (
    api_token_id  TEXT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    PRIMARY KEY (api_token_id, role)
);

-- Failed-login counters. `key` is a keyed hash of "account:<e-mail>" or "address:<ip>", so
-- the table holds neither e-mail addresses nor IP addresses.
CREATE TABLE login_throttle (
    key                TEXT PRIMARY KEY,
    failures           BIGINT NOT NULL,
    window_started_at  BIGINT NOT NULL
);
