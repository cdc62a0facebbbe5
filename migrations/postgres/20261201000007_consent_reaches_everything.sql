-- What a withdrawn consent ends beyond the case itself.
-- Same tables as migrations/sqlite. Dialect notes: none.

-- An action on a case whose consent to share with the chain was withdrawn lapses: it is no
-- longer open, and only the case's owner reads it. Its status keeps what it was.
ALTER TABLE actions ADD COLUMN lapsed_at BIGINT;
ALTER TABLE actions ADD COLUMN lapse_reason TEXT;
