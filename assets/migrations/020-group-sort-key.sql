-- sopdeck schema, version 20: each group's pinyin sort key, stored (issue 9).
-- Every view lists groups in COLLATE PINYIN order (model/collate.c), which opened ICU's
-- collator and compared names through it on every start: a fifth of the console's first
-- frame at 500 groups. sort_key is ICU's collation key of the name (collate_key): bytes
-- whose order is the collator's, so `ORDER BY sort_key, name, id` is that order, the
-- byte tie-break included, with no ICU at all (model/group.c).
-- x'' is "not made yet": a new row's default, and what a rename sets (the trigger, plain
-- SQL, so another program may still write groups). sopdeck's writers make the missing
-- keys in their transaction (db_sort_keys_fill), db_open makes them for rows another
-- program wrote and all of them again when collation_key.version is not the running
-- ICU's; group_list orders by ICU itself while any key is missing.
ALTER TABLE chat_group ADD COLUMN sort_key BLOB NOT NULL DEFAULT x'';
CREATE TABLE collation_key (
	one     INTEGER PRIMARY KEY CHECK (one = 1),
	version TEXT NOT NULL            -- collate_key_version() the keys were made under
);
INSERT INTO collation_key (one, version) VALUES (1, '');
CREATE INDEX chat_group_by_sort_key ON chat_group(sort_key, name);
CREATE TRIGGER chat_group_sort_key_rename AFTER UPDATE OF name ON chat_group
WHEN NEW.name IS NOT OLD.name BEGIN
	UPDATE chat_group SET sort_key = x'' WHERE id = NEW.id;
END;
