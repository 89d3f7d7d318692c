-- sopdeck schema, version 13: KPI counters stored one row per group and day (issue 9).
--
-- kpi_day held a row per (group, day, counter) with its import stamp and file
-- name: 2,000,000 rows and 270 MB for a team's year (500 groups, 11 counters),
-- 5.5x its CSV. Now a group's day is one row, its counters one JSON object
-- ({"members":230,"joined":4}), and where it came from a reference to one
-- kpi_source row per import. kpi_day stays, as a view with the same columns, so
-- every query reads it as before; writes to it go through the triggers below.
-- A day's provenance is the last import or entry that wrote any of its counters.

CREATE TABLE kpi_source (
	id          INTEGER PRIMARY KEY,
	imported_at TEXT NOT NULL,
	source      TEXT NOT NULL DEFAULT '', -- file imported, 'manual' or 'demo'
	UNIQUE (imported_at, source)
);

CREATE TABLE kpi_cell (
	group_id  INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	day       TEXT NOT NULL,               -- YYYY-MM-DD: text order is date order
	vals      TEXT NOT NULL,               -- JSON object: counter key -> value
	source_id INTEGER NOT NULL REFERENCES kpi_source(id),
	PRIMARY KEY (group_id, day)
) WITHOUT ROWID;

-- The primary key serves one group's window; this serves a day across groups.
CREATE INDEX kpi_cell_by_day ON kpi_cell(day, group_id);

INSERT INTO kpi_source (imported_at, source)
	SELECT DISTINCT imported_at, source FROM kpi_day ORDER BY imported_at, source;

-- Whole numbers are stored without ".0" (the view reads every value back as REAL).
INSERT INTO kpi_cell (group_id, day, vals, source_id)
	SELECT k.group_id, k.day,
	       json_group_object(k.counter, CASE WHEN k.value = CAST(k.value AS INTEGER)
					      THEN CAST(k.value AS INTEGER) ELSE k.value END),
	       max(s.id)
	FROM kpi_day k JOIN kpi_source s ON s.imported_at = k.imported_at AND s.source = k.source
	GROUP BY k.group_id, k.day;

DROP TABLE kpi_day;

CREATE VIEW kpi_day (group_id, day, counter, value, imported_at, source) AS
	SELECT c.group_id, c.day, j.key, CAST(j.value AS REAL),
	       (SELECT s.imported_at FROM kpi_source s WHERE s.id = c.source_id),
	       (SELECT s.source FROM kpi_source s WHERE s.id = c.source_id)
	FROM kpi_cell c, json_each(c.vals) j;

-- An insert sets that counter of the day (an existing value is replaced).
CREATE TRIGGER kpi_day_insert INSTEAD OF INSERT ON kpi_day
BEGIN
	SELECT RAISE(ABORT, 'NOT NULL constraint failed: kpi_day.value') WHERE NEW.value IS NULL;
	-- No conflict to resolve: an outer INSERT OR REPLACE would replace the source row.
	INSERT INTO kpi_source (imported_at, source)
		SELECT NEW.imported_at, coalesce(NEW.source, '') WHERE NOT EXISTS (
			SELECT 1 FROM kpi_source WHERE imported_at = NEW.imported_at
			AND source = coalesce(NEW.source, ''));
	INSERT INTO kpi_cell (group_id, day, vals, source_id)
		VALUES (NEW.group_id, NEW.day,
			json_object(NEW.counter, CASE WHEN NEW.value = CAST(NEW.value AS INTEGER)
					     THEN CAST(NEW.value AS INTEGER) ELSE NEW.value END),
			(SELECT id FROM kpi_source WHERE imported_at = NEW.imported_at
			 AND source = coalesce(NEW.source, '')))
		ON CONFLICT (group_id, day) DO UPDATE SET
			vals = json_set(vals, '$."' || NEW.counter || '"',
					CASE WHEN NEW.value = CAST(NEW.value AS INTEGER)
					THEN CAST(NEW.value AS INTEGER) ELSE NEW.value END),
			source_id = excluded.source_id;
END;

-- A delete removes that counter; a day without counters is no row.
CREATE TRIGGER kpi_day_delete INSTEAD OF DELETE ON kpi_day
BEGIN
	UPDATE kpi_cell SET vals = json_remove(vals, '$."' || OLD.counter || '"')
		WHERE group_id = OLD.group_id AND day = OLD.day;
	DELETE FROM kpi_cell WHERE group_id = OLD.group_id AND day = OLD.day AND vals = '{}';
END;

CREATE TRIGGER kpi_day_update INSTEAD OF UPDATE ON kpi_day
BEGIN
	DELETE FROM kpi_day WHERE group_id = OLD.group_id AND day = OLD.day
		AND counter = OLD.counter;
	INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source)
		VALUES (NEW.group_id, NEW.day, NEW.counter, NEW.value, NEW.imported_at, NEW.source);
END;
