-- Actions agreed in a case meeting or on a case, and their progress.
-- Same tables as migrations/postgres. Dialect notes: none; due dates are 'YYYY-MM-DD' text.

CREATE TABLE actions (
    id                     TEXT PRIMARY KEY,
    chain_id               TEXT NOT NULL REFERENCES chains (id),
    meeting_id             TEXT REFERENCES meetings (id),
    case_id                TEXT REFERENCES cases (id),
    owner_organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    owner_user_id          TEXT REFERENCES users (id),
    description            TEXT NOT NULL,
    due_on                 TEXT NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'not_possible')),
    not_possible_reason    TEXT,
    created_by             TEXT REFERENCES users (id),
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);
CREATE INDEX actions_by_chain ON actions (chain_id, status, due_on);
CREATE INDEX actions_by_owner ON actions (owner_organisation_id, status, due_on);

CREATE TABLE action_progress (
    id           TEXT PRIMARY KEY,
    action_id    TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    note         TEXT NOT NULL,
    status       TEXT NOT NULL,
    recorded_by  TEXT REFERENCES users (id),
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX action_progress_by_action ON action_progress (action_id, recorded_at);
