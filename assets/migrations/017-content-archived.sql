-- sopdeck schema, version 17: the archived items found without a scan (issue 9).
-- The tag counts of the whole library (the calendar picker's ^T, the Library's tag
-- picker, completion) count every tag row, then take away those of the archived
-- items (migration 010: few, posted then deleted). This partial index lists them, so
-- that taking away reads a handful of rows instead of every item to test it.
CREATE INDEX content_archived ON content(id) WHERE archived = 1;
