-- sopdeck schema: the playbook's English (issue 15). The console and the command line
-- show an action's title_en and a metric's name_en / advice_en in English mode; Chinese
-- mode shows the title, name and advice alone, without an English gloss.
ALTER TABLE pb_action ADD COLUMN title_en TEXT;
ALTER TABLE pb_metric ADD COLUMN name_en TEXT;
ALTER TABLE pb_metric ADD COLUMN advice_en TEXT;
