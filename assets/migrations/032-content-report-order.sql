-- sopdeck schema, version 32: the content effect report's order kept (issue 9).
-- Migration 27 kept each item's line of the last 30 days' report (posts and the two
-- rates), but every reader sorted the 35,000 lines of a team's month again (134 M
-- instructions of `kpi --content --days 30`) and the console's c read them all to show
-- the best 50 and the items to retire. win_pos is an item's line in that report
-- (1, 2, 3, ...; NULL when it was not posted in the window), computed with the rest by
-- the same code; the partial index reads the report in order, and the first lines and
-- the items to retire without the others. Stale with the rest (migration 19's triggers).
ALTER TABLE content_perf ADD COLUMN win_pos INTEGER;
CREATE INDEX content_perf_report ON content_perf (win_pos, win_posts, win_open_rate,
						 win_interact_rate, retire)
	WHERE win_pos IS NOT NULL;
-- Computed again by the next reader, with the order.
UPDATE content_perf_state SET valid = 0;
-- Where the items to retire start and end (a run at the end of those with numbers).
CREATE INDEX content_perf_retire ON content_perf (win_pos) WHERE retire AND win_pos IS NOT NULL;
