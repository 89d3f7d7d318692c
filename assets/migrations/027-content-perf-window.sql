-- sopdeck schema, version 27: the content effect report of the last 30 days kept with the
-- content performance (issue 9).
-- content_perf (migration 19) already held each item's rank in the report of the last 30
-- days, computed from that window's rates; the report itself (the KPI tab's c, `kpi
-- --content --days 30`) computed them all again: 1.6 G instructions, half a second, at
-- team scale. The window's posts and rates are now stored beside the rank, by the same
-- computation, and stale with it (the triggers of migration 19).
ALTER TABLE content_perf ADD COLUMN win_posts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE content_perf ADD COLUMN win_open_rate REAL;
ALTER TABLE content_perf ADD COLUMN win_interact_rate REAL;
-- Computed again by the next reader, with the new columns.
UPDATE content_perf_state SET valid = 0;
