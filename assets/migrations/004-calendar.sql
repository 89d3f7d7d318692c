-- sopdeck schema, version 4: the content calendar (内容排期表).
-- A slot is one group's posting time on one day; it holds a library item or a
-- placeholder (topic, form, owner: the columns of a 内容排期 sheet) and a status.
-- Needs 002 (content) to have run first.

CREATE TABLE slot (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	day        TEXT NOT NULL,             -- YYYY-MM-DD
	at         TEXT NOT NULL,             -- HH:MM
	action_id  TEXT,                      -- the playbook action (column) due then, if any
	content_id INTEGER REFERENCES content(id) ON DELETE SET NULL,  -- NULL = placeholder
	topic      TEXT NOT NULL DEFAULT '',
	form       TEXT NOT NULL DEFAULT '',
	owner      TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'planned'
	           CHECK (status IN ('planned', 'drafted', 'reviewed', 'posted')),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (group_id, day, at)
);
CREATE INDEX slot_by_day ON slot(day, at);
CREATE INDEX slot_by_content ON slot(content_id, group_id, day);

-- Undo: the before-image of every slot a change touched, one batch per change,
-- per operator, so `u` in the console (or `schedule --undo`) restores the last
-- change of whoever asks, across sessions. Only the newest batches are kept.
CREATE TABLE slot_undo (
	id         INTEGER PRIMARY KEY,
	batch      INTEGER NOT NULL,
	operator   TEXT NOT NULL,
	what       TEXT NOT NULL,             -- "fill 早安问候 2026-03-04 08:30" for the message
	group_id   INTEGER NOT NULL,
	day        TEXT NOT NULL,
	at         TEXT NOT NULL,
	existed    INTEGER NOT NULL,          -- 0: there was no slot; undo deletes it
	action_id  TEXT,
	content_id INTEGER,
	topic      TEXT NOT NULL DEFAULT '',
	form       TEXT NOT NULL DEFAULT '',
	owner      TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'planned',
	updated_at TEXT NOT NULL DEFAULT '',
	updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX slot_undo_by_operator ON slot_undo(operator, batch);
