-- A session also ends after a stretch without use (auth.session_idle_minutes): the moment it
-- was last used, kept to the minute. Sessions open before this start counting from their login.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
