-- sopdeck schema: never lose an operator's work (issue 12).
-- A tick marks the action's slot posted; the status it had before is kept so that an
-- untick can put it back (NULL = the tick changed nothing).
ALTER TABLE slot ADD COLUMN status_before_tick TEXT
	CHECK (status_before_tick IN ('planned', 'drafted', 'reviewed', 'posted'));
-- Deleting an item that was posted archives it: its slots and KPI history stay, it leaves
-- the library lists (`content --archived` lists it).
ALTER TABLE content ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
-- Calendar redo: undo moves a batch's after-image here (same shape as slot_undo); redo
-- moves it back. Any new change of the operator empties it.
CREATE TABLE slot_redo (
	id         INTEGER PRIMARY KEY,
	batch      INTEGER NOT NULL,
	operator   TEXT NOT NULL,
	what       TEXT NOT NULL,
	group_id   INTEGER NOT NULL,
	day        TEXT NOT NULL,
	at         TEXT NOT NULL,
	existed    INTEGER NOT NULL,
	action_id  TEXT,
	content_id INTEGER,
	topic      TEXT NOT NULL DEFAULT '',
	form       TEXT NOT NULL DEFAULT '',
	owner      TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'planned',
	updated_at TEXT NOT NULL DEFAULT '',
	updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX slot_redo_by_operator ON slot_redo(operator, batch);
