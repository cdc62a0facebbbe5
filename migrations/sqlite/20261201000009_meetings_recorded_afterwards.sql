-- A meeting a chair recorded after it was held (before the chain used the service): 1. Its
-- agenda is the one given then, so it is no cutoff for what the next agenda lists as newly
-- shared: cases shared before it stay on the next agenda until a meeting compiled here.
-- Same tables as migrations/sqlite. Dialect notes: none.
ALTER TABLE meetings ADD COLUMN recorded_afterwards BIGINT NOT NULL DEFAULT 0;
