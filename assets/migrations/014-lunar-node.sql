-- sopdeck schema: lunar playbook nodes (issue 15). A node with `lunar: "MM-DD"` keeps the
-- lunar month and day (0 = not lunar) and its offset in days (除夕 = 01-01 with -1); its
-- dates come from the Chinese calendar for any year (model/lunar.c).
ALTER TABLE pb_node ADD COLUMN lunar_month INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pb_node ADD COLUMN lunar_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pb_node ADD COLUMN lunar_offset INTEGER NOT NULL DEFAULT 0;
