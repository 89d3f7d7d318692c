-- sopdeck schema: a lifecycle stage's English name (issue 15), as 016 gave actions and
-- metrics theirs. English mode shows name_en where a stage is shown (Today, KPI, groups,
-- reports); Chinese mode, and a stage without one, shows the name.
ALTER TABLE pb_stage ADD COLUMN name_en TEXT;
