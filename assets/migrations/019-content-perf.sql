-- sopdeck schema, version 19: content performance kept, not recomputed per command (issue 9).
-- content_perf holds what kpi_content_performance reports for every item posted up to
-- the day in content_perf_state: its posted slots, open and interaction rates over all
-- its posts (NULL = undefined), and its rank and retirement in the ranking of the last
-- 30 days (rank NULL = not ranked). It is a cache computed by the same code as before:
-- the triggers below mark it stale in the same transaction as any change it depends on
-- (a posted slot, a day's counters, a group's playbook, a setting, a playbook), and the
-- first reader after that computes it again once, for every later command to reuse.
CREATE TABLE content_perf (
	content_id    INTEGER PRIMARY KEY,
	posts         INTEGER NOT NULL,
	open_rate     REAL,
	interact_rate REAL,
	rank          INTEGER,
	retire        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE content_perf_state (
	one      INTEGER PRIMARY KEY CHECK (one = 1),
	valid    INTEGER NOT NULL DEFAULT 0,  -- 0: stale, computed again when next read
	today    TEXT NOT NULL DEFAULT '',    -- YYYY-MM-DD it was computed for
	formulas TEXT NOT NULL DEFAULT '',    -- the playbooks' rate formulas it was computed by
	ranked   INTEGER NOT NULL DEFAULT 0   -- how many items have a rank
);
INSERT INTO content_perf_state (one) VALUES (1);

-- Only posted slots count: planning (drafts, placeholders) leaves the cache valid.
CREATE TRIGGER content_perf_slot_insert AFTER INSERT ON slot WHEN new.status = 'posted'
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_slot_delete AFTER DELETE ON slot WHEN old.status = 'posted'
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_slot_update AFTER UPDATE ON slot
WHEN old.status = 'posted' OR new.status = 'posted'
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_cell_insert AFTER INSERT ON kpi_cell
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_cell_delete AFTER DELETE ON kpi_cell
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_cell_update AFTER UPDATE ON kpi_cell
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_group_insert AFTER INSERT ON chat_group
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_group_delete AFTER DELETE ON chat_group
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_group_update AFTER UPDATE OF playbook ON chat_group
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_setting_insert AFTER INSERT ON setting
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_setting_delete AFTER DELETE ON setting
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_setting_update AFTER UPDATE ON setting
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_playbook_insert AFTER INSERT ON playbook_version
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_playbook_delete AFTER DELETE ON playbook_version
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_metric_insert AFTER INSERT ON pb_metric
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_metric_delete AFTER DELETE ON pb_metric
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
CREATE TRIGGER content_perf_metric_update AFTER UPDATE ON pb_metric
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;
