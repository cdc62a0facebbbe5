-- Agendas and minutes of case meetings, and the attendance per organisation.
-- Same tables as migrations/sqlite. Dialect notes: the append-only rule on
-- minute_amendments is a PL/pgSQL trigger here and a RAISE(ABORT) trigger there.

-- Set when the agenda is frozen, a configured time before the meeting; no change after.
ALTER TABLE meetings ADD COLUMN agenda_frozen_at BIGINT;
-- The agenda item an action was agreed on, when it was agreed in a meeting.
ALTER TABLE actions ADD COLUMN agenda_item_id TEXT;

-- Compiled items (a shared case, a flagged case, a counterparty pattern, an open action) are
-- unique per meeting and subject, so compiling again adds nothing twice; an item the chair
-- removed keeps its row (removed_at) so compiling does not bring it back. Free topics have no
-- subject.
CREATE TABLE agenda_items (
    id                        TEXT PRIMARY KEY,
    meeting_id                TEXT NOT NULL REFERENCES meetings (id),
    kind                      TEXT NOT NULL CHECK (kind IN ('shared_case', 'flagged_case', 'pattern', 'action', 'topic')),
    -- A case id, an action id or a counterparty pseudonym; NULL for a free topic.
    subject                   TEXT,
    -- A topic's title, or why a member flagged a case (shareable text).
    title                     TEXT,
    position                  BIGINT NOT NULL,
    added_by_organisation_id  TEXT REFERENCES organisations (id),
    added_by                  TEXT REFERENCES users (id),
    removed_at                BIGINT,
    created_at                BIGINT NOT NULL,
    UNIQUE (meeting_id, kind, subject)
);
CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, position);

CREATE TABLE minutes (
    meeting_id        TEXT PRIMARY KEY REFERENCES meetings (id),
    confidentiality   TEXT NOT NULL,
    approved_at       BIGINT,
    approved_by       TEXT REFERENCES users (id),
    updated_at        BIGINT NOT NULL
);

CREATE TABLE minute_items (
    agenda_item_id   TEXT PRIMARY KEY REFERENCES agenda_items (id),
    meeting_id       TEXT NOT NULL REFERENCES meetings (id),
    notes            TEXT NOT NULL,
    decisions        TEXT NOT NULL,
    updated_by       TEXT REFERENCES users (id),
    updated_at       BIGINT NOT NULL
);
CREATE INDEX minute_items_by_meeting ON minute_items (meeting_id);

-- Every change to approved minutes: what it said, what it says now, and why.
CREATE TABLE minute_amendments (
    id                  TEXT PRIMARY KEY,
    meeting_id          TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id      TEXT NOT NULL REFERENCES agenda_items (id),
    previous_notes      TEXT NOT NULL,
    previous_decisions  TEXT NOT NULL,
    notes               TEXT NOT NULL,
    decisions           TEXT NOT NULL,
    reason              TEXT NOT NULL,
    amended_by          TEXT REFERENCES users (id),
    amended_at          BIGINT NOT NULL
);
CREATE INDEX minute_amendments_by_meeting ON minute_amendments (meeting_id, amended_at);

CREATE FUNCTION minute_amendments_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'minute amendments are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER minute_amendments_no_update BEFORE UPDATE OR DELETE ON minute_amendments
    FOR EACH ROW EXECUTE FUNCTION minute_amendments_refuse_change();

CREATE TRIGGER minute_amendments_no_truncate BEFORE TRUNCATE ON minute_amendments
    FOR EACH STATEMENT EXECUTE FUNCTION minute_amendments_refuse_change();

CREATE TABLE meeting_attendance (
    meeting_id       TEXT NOT NULL REFERENCES meetings (id),
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    presence         TEXT NOT NULL CHECK (presence IN ('present', 'apologies', 'absent')),
    recorded_at      BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, organisation_id)
);
