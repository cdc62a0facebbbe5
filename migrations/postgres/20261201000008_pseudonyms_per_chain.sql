-- Pseudonyms that are no oracle.
-- Same tables as migrations/sqlite. Dialect notes: none.

-- A counterparty's pseudonym as one chain sees it, derived from the case's link key (the
-- keyed hash in cases.counterparty_pseudonym, never shown) with the chain in the hash's
-- domain: the same counterparty links within a chain and not across chains. NULL when the
-- case names no counterparty.
ALTER TABLE case_shares ADD COLUMN counterparty_pseudonym TEXT;
CREATE INDEX case_shares_by_pseudonym ON case_shares (chain_id, counterparty_pseudonym)
    WHERE counterparty_pseudonym IS NOT NULL AND unshared_at IS NULL;

-- Counterparties set per person (a user, or an API token) per local day, and attempts
-- refused over the limit: trying a dictionary of names on own cases is slow, and seen.
CREATE TABLE counterparty_changes (
    principal TEXT NOT NULL,
    day       TEXT NOT NULL,
    changes   BIGINT NOT NULL DEFAULT 0,
    refusals  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (principal, day)
);
