-- sopdeck schema, version 1: playbook versions, groups, checklist ticks, audit.
-- Each migration runs in one transaction; PRAGMA user_version is set by db.c.

-- Every imported playbook is a version, kept forever with its note and text.
CREATE TABLE playbook_version (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	version     TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL,            -- file imported, or 'built-in'
	yaml        TEXT NOT NULL,            -- the playbook as imported
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL
);

CREATE TABLE pb_category (
	version_id INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	key        TEXT NOT NULL,
	name       TEXT NOT NULL,
	share      INTEGER NOT NULL,
	PRIMARY KEY (version_id, key)
);

CREATE TABLE pb_counter (
	version_id INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	key        TEXT NOT NULL,
	PRIMARY KEY (version_id, key)
);

CREATE TABLE pb_counter_alias (
	version_id  INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	counter_key TEXT NOT NULL,
	pos         INTEGER NOT NULL,
	alias       TEXT NOT NULL,
	PRIMARY KEY (version_id, alias)
);

CREATE TABLE pb_metric (
	version_id INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	key        TEXT NOT NULL,
	name       TEXT NOT NULL,
	formula    TEXT NOT NULL,
	unit       TEXT NOT NULL CHECK (unit IN ('percent', 'currency', 'count', 'ratio')),
	warn_below REAL,
	warn_above REAL,
	advice     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (version_id, key)
);

-- Lifecycle stages by group age in days: [from_day, to_day), to_day NULL = open end.
CREATE TABLE pb_stage (
	version_id INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	key        TEXT NOT NULL,
	name       TEXT NOT NULL,
	from_day   INTEGER NOT NULL,
	to_day     INTEGER,
	PRIMARY KEY (version_id, key)
);

CREATE TABLE pb_stage_metric (
	version_id INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	stage_key  TEXT NOT NULL,
	pos        INTEGER NOT NULL,
	metric_key TEXT NOT NULL,
	PRIMARY KEY (version_id, stage_key, pos)
);

-- An action recurs; a checklist item is an action on a day for a group.
CREATE TABLE pb_action (
	version_id   INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	pos          INTEGER NOT NULL,
	id           TEXT NOT NULL,
	title        TEXT NOT NULL,
	category     TEXT,
	template_key TEXT,
	at           INTEGER,                 -- minutes since midnight; NULL = any time
	every        TEXT,                    -- NULL | weekdays | month-start | month-end | month-day
	weekdays     INTEGER NOT NULL DEFAULT 0,   -- bit 0 = Monday
	month_day    INTEGER NOT NULL DEFAULT 0,
	group_day    INTEGER NOT NULL DEFAULT 0,
	before_node  TEXT,
	days_before  TEXT NOT NULL DEFAULT '',     -- comma-separated integers
	stages       TEXT NOT NULL DEFAULT '',     -- space-separated stage keys; '' = all
	group_types  INTEGER NOT NULL DEFAULT 0,   -- bits of promotion, segmented, service; 0 = all
	PRIMARY KEY (version_id, id)
);

CREATE TABLE pb_node (
	version_id  INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	name        TEXT NOT NULL,
	month       INTEGER NOT NULL DEFAULT 0,
	day         INTEGER NOT NULL DEFAULT 0,
	monthly_day INTEGER NOT NULL DEFAULT 0,
	dates       TEXT NOT NULL DEFAULT '',      -- comma-separated YYYY-MM-DD
	lead_days   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (version_id, name)
);

CREATE TABLE pb_template (
	version_id INTEGER NOT NULL REFERENCES playbook_version(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	body       TEXT NOT NULL,
	PRIMARY KEY (version_id, key)
);

CREATE TABLE chat_group (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	platform    TEXT NOT NULL CHECK (platform IN ('wecom', 'wechat')),
	type        TEXT NOT NULL CHECK (type IN ('promotion', 'segmented', 'service')),
	created     TEXT NOT NULL,            -- YYYY-MM-DD
	owner       TEXT NOT NULL DEFAULT '',
	positioning TEXT NOT NULL DEFAULT ''
);

-- A ticked checklist item: who and when.
CREATE TABLE tick (
	group_id  INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	action_id TEXT NOT NULL,
	day       TEXT NOT NULL,              -- YYYY-MM-DD
	operator  TEXT NOT NULL,
	ticked_at TEXT NOT NULL,
	PRIMARY KEY (group_id, day, action_id)
);

-- Every change: tick, untick, edit, schedule, import.
CREATE TABLE audit (
	id       INTEGER PRIMARY KEY,
	at       TEXT NOT NULL,
	operator TEXT NOT NULL,
	kind     TEXT NOT NULL,
	detail   TEXT NOT NULL
);
