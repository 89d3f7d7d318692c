-- sopdeck schema: user feedback in four quadrants (DOMAIN.md's PDCA "Check"):
-- 公开建议 public, 私聊吐槽 private, 沉默流失 silent, 积极互动 active. An entry is
-- open until an operator closes it with a note saying what was done, optionally
-- naming the playbook version that answered it.
CREATE TABLE feedback (
	id          INTEGER PRIMARY KEY,
	group_id    INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	quadrant    TEXT NOT NULL CHECK (quadrant IN ('public', 'private', 'silent', 'active')),
	body        TEXT NOT NULL,
	member      TEXT NOT NULL DEFAULT '',
	day         TEXT NOT NULL,             -- YYYY-MM-DD: when it was said (or the member left)
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	closed_at   TEXT,                      -- NULL = open
	closed_by   TEXT,
	close_note  TEXT NOT NULL DEFAULT '',
	version_id  INTEGER REFERENCES playbook_version(id) ON DELETE SET NULL
);
CREATE INDEX feedback_by_state ON feedback(closed_at IS NOT NULL, group_id, quadrant);
CREATE INDEX feedback_by_member ON feedback(group_id, member, day);
