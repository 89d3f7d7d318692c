-- sopdeck schema, version 8: a tamper-evident audit log.
-- Each entry records the Unix account that ran sopdeck beside the --operator display
-- name, and is chained to the entry before it by a SHA-256 hash over (previous hash,
-- at, operator, account, kind, detail); `sopdeck log --verify` recomputes the chain.
-- SQL cannot compute SHA-256: db.c hashes the entries already here in this same
-- transaction, right after this file runs.
ALTER TABLE audit ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN prev_hash TEXT;   -- hex; '' for the first entry
ALTER TABLE audit ADD COLUMN hash TEXT;        -- hex SHA-256; NULL = not written by sopdeck

-- The chain's end, so deleting the newest entries is noticed too.
CREATE TABLE audit_head (
	one     INTEGER PRIMARY KEY CHECK (one = 1),
	last_id INTEGER NOT NULL,
	hash    TEXT NOT NULL,
	count   INTEGER NOT NULL
);
