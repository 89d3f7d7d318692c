-- sopdeck schema: an action's English title (issue 15). The console and the command
-- line show it in English mode; Chinese mode shows the title alone, without a gloss.
ALTER TABLE pb_action ADD COLUMN title_en TEXT;
