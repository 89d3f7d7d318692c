-- sopdeck schema: calendar slots per action (issue 4 review). Two playbook
-- actions due at the same time (Friday 20:00 福利推送 and 周五会员日福利) are two
-- slots, so a slot is keyed by its action too. '' = a slot stored without an
-- action (before this migration, or raw inserts); it is addressed by its time.

CREATE TABLE slot_new (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	day        TEXT NOT NULL,             -- YYYY-MM-DD
	at         TEXT NOT NULL,             -- HH:MM
	action_id  TEXT NOT NULL DEFAULT '',  -- the playbook action (column) of the slot
	content_id INTEGER REFERENCES content(id) ON DELETE SET NULL,  -- NULL = placeholder
	topic      TEXT NOT NULL DEFAULT '',
	form       TEXT NOT NULL DEFAULT '',
	owner      TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'planned'
	           CHECK (status IN ('planned', 'drafted', 'reviewed', 'posted')),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (group_id, day, at, action_id)
);
INSERT INTO slot_new (id, group_id, day, at, action_id, content_id, topic, form, owner, status,
		      updated_at, updated_by)
	SELECT id, group_id, day, at, coalesce(action_id, ''), content_id, topic, form, owner,
	       status, updated_at, updated_by FROM slot;
DROP TABLE slot;
ALTER TABLE slot_new RENAME TO slot;
CREATE INDEX slot_by_day ON slot(day, at);
CREATE INDEX slot_by_content ON slot(content_id, group_id, day);
CREATE INDEX slot_by_action ON slot(group_id, day, action_id);

-- Undo rows name the slot's key. A row for a position that had no slot yet
-- (existed = 0) has no action: it takes the action of the slot there now (the
-- old key allowed only one), else that of another undo row of the same position
-- (the slot was filled and cleared since), else '' as in slot.
UPDATE slot_undo SET action_id = coalesce(
	(SELECT s.action_id FROM slot s
	 WHERE s.group_id = slot_undo.group_id AND s.day = slot_undo.day AND s.at = slot_undo.at),
	(SELECT u2.action_id FROM slot_undo u2
	 WHERE u2.group_id = slot_undo.group_id AND u2.day = slot_undo.day
	   AND u2.at = slot_undo.at AND u2.existed = 1 AND u2.action_id <> ''
	 ORDER BY u2.batch LIMIT 1),
	'') WHERE action_id IS NULL;
