-- sopdeck schema, version 3: daily KPI counters per group (issue 5).
-- One row per group, day and counter; metrics are computed from sums over a window.

CREATE TABLE kpi_day (
	group_id    INTEGER NOT NULL REFERENCES chat_group(id) ON DELETE CASCADE,
	day         TEXT NOT NULL,            -- YYYY-MM-DD: text order is date order
	counter     TEXT NOT NULL,            -- playbook counter key
	value       REAL NOT NULL,
	imported_at TEXT NOT NULL,
	source      TEXT NOT NULL DEFAULT '', -- file imported, 'manual' or 'demo'
	PRIMARY KEY (group_id, day, counter)
) WITHOUT ROWID;

-- The primary key serves one group's window; this serves every group's window.
CREATE INDEX kpi_day_by_day ON kpi_day(day, group_id);
