-- sopdeck schema, version 37: each group's counters kept summed by week (issue 9).
-- The KPI tab sorted by a figure needs every group's figures over its window (the stage
-- window: up to a year of days a group, 182,500 day cells for 500 groups). A week that
-- lies whole inside a window is now one row of sums instead of seven day cells: a
-- window is its whole weeks plus the days at its ends.
--
-- A metric sums a counter only over the days holding all the counters of its formula,
-- so a week's days are kept apart by the set of counters they hold (kpi_keyset: the
-- keys, each ended by a NUL byte, in byte order): a week is a row per set, usually one.
-- sums holds each key's sum over the week's days of that set, in the set's order, each
-- a varint: an integer n (|n| < 2^53) as zigzag(n) * 2, else 1 and the double's 8 bytes.
-- Weeks are Monday to Sunday, numbered by the Julian day number of their days / 7.
CREATE TABLE kpi_keyset (
	id   INTEGER PRIMARY KEY,
	keys BLOB NOT NULL UNIQUE
);

CREATE TABLE kpi_week (
	group_id INTEGER NOT NULL,
	week     INTEGER NOT NULL,
	keyset   INTEGER NOT NULL,
	cells    INTEGER NOT NULL,              -- days of the week holding exactly that set
	days     INTEGER NOT NULL,              -- which: bit 0 Monday .. bit 6 Sunday
	sums     BLOB NOT NULL,
	PRIMARY KEY (group_id, week, keyset)
) WITHOUT ROWID;

-- A week is kept only as its cells were when it was summed: any change of a day's cell
-- (the import, a typed-in day, the kpi_day view, a group's cascade delete) drops the kept
-- week in the same statement. A week without rows is read from its day cells, so a
-- writer that does not sum it again leaves the figures right, only slower to read;
-- the writers sum again the weeks they changed in their transaction.
CREATE TRIGGER kpi_week_cell_insert AFTER INSERT ON kpi_cell
BEGIN
	DELETE FROM kpi_week WHERE group_id = new.group_id
		AND week = CAST(julianday(new.day) + 0.5 AS INTEGER) / 7;
END;
CREATE TRIGGER kpi_week_cell_update AFTER UPDATE ON kpi_cell
BEGIN
	DELETE FROM kpi_week WHERE group_id = new.group_id
		AND week = CAST(julianday(new.day) + 0.5 AS INTEGER) / 7;
END;
-- (an upsert keeps its group and day: the old week is the new one)
CREATE TRIGGER kpi_week_cell_move AFTER UPDATE OF group_id, day ON kpi_cell
WHEN old.group_id IS NOT new.group_id OR old.day IS NOT new.day
BEGIN
	DELETE FROM kpi_week WHERE group_id = old.group_id
		AND week = CAST(julianday(old.day) + 0.5 AS INTEGER) / 7;
END;
CREATE TRIGGER kpi_week_cell_delete AFTER DELETE ON kpi_cell
BEGIN
	DELETE FROM kpi_week WHERE group_id = old.group_id
		AND week = CAST(julianday(old.day) + 0.5 AS INTEGER) / 7;
END;

-- Present until the weeks of the counters stored before this migration are summed
-- (workspace_open does it once, in C, in a transaction of its own).
CREATE TABLE kpi_week_todo (one INTEGER PRIMARY KEY CHECK (one = 1));
INSERT INTO kpi_week_todo SELECT 1 WHERE EXISTS (SELECT 1 FROM kpi_cell);

-- What pays for it: no statement reads kpi_cell by day across groups any more (each
-- reads a range of the primary key per group), and the day index was 3.5 MB of a
-- team's 134 MB.
DROP INDEX kpi_cell_by_day;
