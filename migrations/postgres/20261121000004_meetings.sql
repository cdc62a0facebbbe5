-- Case meetings: series per chain, the people invited, planned meetings; and one attachment
-- per queued mail (calendar invitations).
-- Same tables as migrations/sqlite. Dialect notes: none; times of day are 'HH:MM' text and
-- dates 'YYYY-MM-DD' text on both engines, read in Europe/Amsterdam.

ALTER TABLE mail_outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE mail_outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE mail_outbox ADD COLUMN attachment_body TEXT;

CREATE TABLE meeting_series (
    id                       TEXT PRIMARY KEY,
    chain_id                 TEXT NOT NULL REFERENCES chains (id),
    title                    TEXT NOT NULL,
    -- The cadence as JSON: five a year on given months, explicit dates, a cron rule, or every
    -- N weeks on a weekday (see domain/meeting.rs).
    cadence                  TEXT NOT NULL,
    start_time               TEXT NOT NULL,
    duration_minutes         BIGINT NOT NULL,
    location                 TEXT NOT NULL,
    chair_organisation_id    TEXT NOT NULL REFERENCES organisations (id),
    horizon_days             BIGINT NOT NULL,
    created_at               BIGINT NOT NULL
);
CREATE INDEX meeting_series_by_chain ON meeting_series (chain_id);

CREATE TABLE series_invitees (
    series_id        TEXT NOT NULL REFERENCES meeting_series (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id),
    deputy           BIGINT NOT NULL,
    PRIMARY KEY (series_id, user_id)
);

CREATE TABLE meetings (
    id           TEXT PRIMARY KEY,
    series_id    TEXT NOT NULL REFERENCES meeting_series (id),
    -- The planned date (from the cadence); a moved meeting keeps it, so planning never makes
    -- a second meeting for the same slot.
    slot_date    TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    location     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'cancelled')),
    sequence     BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (series_id, slot_date)
);
CREATE INDEX meetings_by_start ON meetings (starts_at);
