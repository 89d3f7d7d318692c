-- Issue 11, a team's workspace: settings (the time zone, the default playbook),
-- groups that can be archived and run on a playbook of their own, and stored
-- times in UTC.
--
-- Times: until now every stored time was the writing process's local time,
-- "YYYY-MM-DD HH:MM:SS", with no zone. They are rewritten as UTC ISO 8601
-- ("2026-03-04T00:00:00Z") on the assumption that they were written on this
-- host under the zone it runs the upgrade in (SQLite's 'utc' modifier uses the
-- process's local zone; sopdeck applies the workspace's zone only after the
-- migrations). A host that ran in UTC keeps its instants; one that ran in
-- Asia/Shanghai has 8 hours taken off. Values of any other shape are left alone.
-- The audit log is the exception: its entries are chained by a hash over their
-- time (migration 008), so rewriting them would break `log --verify`. Its old
-- naive times stay as written and are read as local time in the workspace's
-- zone (date_stamp_parse); every new entry is UTC with Z.

CREATE TABLE setting (
	key   TEXT PRIMARY KEY,        -- 'timezone', 'default_playbook'
	value TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE chat_group ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
-- The playbook (playbook_version.name) the group runs on; '' = the workspace's default.
ALTER TABLE chat_group ADD COLUMN playbook TEXT NOT NULL DEFAULT '';
CREATE INDEX chat_group_by_owner ON chat_group(owner, name);
CREATE INDEX playbook_version_by_name ON playbook_version(name, id);

UPDATE tick SET ticked_at = strftime('%Y-%m-%dT%H:%M:%SZ', ticked_at, 'utc')
	WHERE ticked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
UPDATE playbook_version SET imported_at = strftime('%Y-%m-%dT%H:%M:%SZ', imported_at, 'utc')
	WHERE imported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
UPDATE kpi_day SET imported_at = strftime('%Y-%m-%dT%H:%M:%SZ', imported_at, 'utc')
	WHERE imported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
UPDATE content SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'utc')
	WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
UPDATE content SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'utc')
	WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
UPDATE slot SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'utc')
	WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
UPDATE slot_undo SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'utc')
	WHERE updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
