-- sopdeck schema: A/B tests of an action's copy or time (DOMAIN.md's PDCA "Do").
-- Days alternate A, B, A, B from from_day in every group of the test; end_day is
-- the last day it runs (moved to the day before a stop).
CREATE TABLE ab_test (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	action_id  TEXT NOT NULL,
	metric     TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('copy', 'time')),
	arm_a      TEXT NOT NULL,            -- the copy, or HH:MM
	arm_b      TEXT NOT NULL,
	from_day   TEXT NOT NULL,            -- YYYY-MM-DD
	days       INTEGER NOT NULL CHECK (days >= 2),
	end_day    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	stopped_at TEXT,
	stopped_by TEXT,
	adopted    TEXT NOT NULL DEFAULT '' CHECK (adopted IN ('', 'A', 'B'))
);
CREATE TABLE ab_group (
	test_id  INTEGER NOT NULL REFERENCES ab_test(id) ON DELETE CASCADE,
	group_id INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	PRIMARY KEY (test_id, group_id)
) WITHOUT ROWID;
CREATE INDEX ab_test_by_days ON ab_test(from_day, end_day);
