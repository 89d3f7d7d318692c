-- sopdeck schema, version 24: each group's KPI advice kept for a day (issue 9).
-- Today's header counts every group's advice items, and working them out reads 7 days of
-- counters of every group (3,500 rows and their JSON at team scale: 18 M of the console's
-- 42 M instructions to its first frame). kpi_advice_memo keeps what that gave, a row per
-- group: the day it was worked out for, the playbook version it used, and the metrics that
-- warned with their values, in the order advice lists them. A reader takes a group's row
-- only when day and version are the ones it would use, and works the others out again.
-- The triggers delete a group's row in the same transaction as any change of its counters
-- or of the group itself (its creation day sets its stage, its playbook and line the
-- version), so a row is never stale; the metrics' formulas, thresholds and advice are the
-- version's, which never changes once stored. Written after the console's first frame
-- and by `import kpi`, never by a read of the checklist.
CREATE TABLE kpi_advice_memo (
	group_id   INTEGER PRIMARY KEY REFERENCES chat_group(id) ON DELETE CASCADE,
	day        TEXT NOT NULL,      -- YYYY-MM-DD it was worked out for
	version_id INTEGER NOT NULL,   -- playbook_version.id of the group's playbook then
	metrics    TEXT NOT NULL,      -- the warned metrics' keys, each ended by a newline
	vals       BLOB NOT NULL       -- their formula results: 8 bytes each, IEEE 754 big-endian
);

CREATE TRIGGER kpi_advice_memo_cell_insert AFTER INSERT ON kpi_cell
BEGIN
	DELETE FROM kpi_advice_memo WHERE group_id = new.group_id;
END;

CREATE TRIGGER kpi_advice_memo_cell_update AFTER UPDATE ON kpi_cell
BEGIN
	DELETE FROM kpi_advice_memo WHERE group_id IN (old.group_id, new.group_id);
END;

CREATE TRIGGER kpi_advice_memo_cell_delete AFTER DELETE ON kpi_cell
BEGIN
	DELETE FROM kpi_advice_memo WHERE group_id = old.group_id;
END;

CREATE TRIGGER kpi_advice_memo_group_update AFTER UPDATE ON chat_group
BEGIN
	DELETE FROM kpi_advice_memo WHERE group_id IN (old.id, new.id);
END;
