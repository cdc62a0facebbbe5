-- Casework: organisation keys, cases with encrypted identity blocks, consent, shares, notes,
-- and the hash-chained audit trail.
-- Same tables as migrations/postgres. Dialect notes: binary columns are BLOB here and BYTEA
-- there; the append-only rule on audit_events is a RAISE(ABORT) trigger here and a PL/pgSQL
-- trigger there. Dates without time (incident, reported) are ISO text 'YYYY-MM-DD'.

ALTER TABLE organisations ADD COLUMN case_prefix TEXT;

-- Age X25519 key pairs. `sealed_identity` is the identity encrypted to the master key; NULL
-- when the organisation keeps its identity offline. The current key has no retired_at.
CREATE TABLE organisation_keys (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    recipient        TEXT NOT NULL,
    sealed_identity  BLOB,
    created_at       BIGINT NOT NULL,
    retired_at       BIGINT
);
CREATE INDEX organisation_keys_by_organisation ON organisation_keys (organisation_id, retired_at);

CREATE TABLE case_counters (
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    year             BIGINT NOT NULL,
    last_number      BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, year)
);

CREATE TABLE cases (
    id                          TEXT PRIMARY KEY,
    public_id                   TEXT NOT NULL UNIQUE,
    organisation_id             TEXT NOT NULL REFERENCES organisations (id),
    case_number                 TEXT NOT NULL,
    police_registration_number  TEXT,
    domain                      TEXT NOT NULL,
    channel                     TEXT NOT NULL,
    handling                    TEXT NOT NULL,
    status                      TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
    residence_municipality      TEXT,
    incident_municipality       TEXT,
    incident_date               TEXT,
    incident_month              TEXT,
    reported_on                 TEXT NOT NULL,
    shared_summary              TEXT,
    counterparty_kind           TEXT CHECK (counterparty_kind IN ('person', 'organisation')),
    counterparty_pseudonym      TEXT,
    identity_ciphertext         BLOB,
    identity_key_id             TEXT REFERENCES organisation_keys (id),
    taxonomy_version            TEXT NOT NULL,
    created_by                  TEXT REFERENCES users (id),
    created_at                  BIGINT NOT NULL,
    updated_at                  BIGINT NOT NULL,
    UNIQUE (organisation_id, case_number)
);
CREATE INDEX cases_by_organisation ON cases (organisation_id, created_at);
CREATE INDEX cases_by_counterparty ON cases (counterparty_pseudonym);

CREATE TABLE case_grounds (
    case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    ground   TEXT NOT NULL,
    PRIMARY KEY (case_id, ground)
);

CREATE TABLE case_manifestations (
    case_id        TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    manifestation  TEXT NOT NULL,
    PRIMARY KEY (case_id, manifestation)
);

CREATE TABLE consents (
    id                      TEXT PRIMARY KEY,
    case_id                 TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    scope                   TEXT NOT NULL CHECK (scope IN ('register', 'share_pseudonymised',
                                'contact_counterparty', 'refer', 'police')),
    chain_id                TEXT REFERENCES chains (id),
    organisation_id         TEXT REFERENCES organisations (id),
    method                  TEXT NOT NULL,
    given_on                TEXT NOT NULL,
    recorded_by             TEXT REFERENCES users (id),
    recorded_at             BIGINT NOT NULL,
    withdrawn_at            BIGINT,
    withdrawal_recorded_by  TEXT REFERENCES users (id)
);
CREATE INDEX consents_by_case ON consents (case_id);

CREATE TABLE case_shares (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    chain_id     TEXT NOT NULL REFERENCES chains (id),
    consent_id   TEXT NOT NULL REFERENCES consents (id),
    shared_by    TEXT REFERENCES users (id),
    shared_at    BIGINT NOT NULL,
    unshared_at  BIGINT,
    unshared_by  TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX case_shares_one_active ON case_shares (case_id, chain_id) WHERE unshared_at IS NULL;
CREATE INDEX case_shares_by_chain ON case_shares (chain_id, shared_at);

-- A shared note keeps its checked text; an internal note is encrypted to the owner like the
-- identity block. Exactly one of the two is set.
CREATE TABLE case_notes (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    shared_text      TEXT,
    sealed_text      BLOB,
    sealed_key_id    TEXT REFERENCES organisation_keys (id),
    author           TEXT REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    CHECK ((shared_text IS NULL) <> (sealed_text IS NULL))
);
CREATE INDEX case_notes_by_case ON case_notes (case_id, created_at);

-- Append-only and hash-chained: `hash` covers the event's fields and `prev_hash`, so a row
-- edited, deleted or moved breaks the chain at that row. `audit_head` serialises appends.
CREATE TABLE audit_events (
    seq              BIGINT PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    occurred_at      BIGINT NOT NULL,
    organisation_id  TEXT,
    actor_user_id    TEXT,
    actor_token_id   TEXT,
    action           TEXT NOT NULL,
    object_type      TEXT,
    object_id        TEXT,
    result           TEXT NOT NULL,
    request_id       TEXT,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL
);
CREATE INDEX audit_events_by_organisation ON audit_events (organisation_id, seq);

CREATE TABLE audit_head (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
