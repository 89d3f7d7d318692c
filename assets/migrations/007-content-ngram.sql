-- sopdeck schema, version 7: one search index for words of every length.
-- The trigram index of 005 found nothing for 1-2 characters (those scanned
-- every row with instr) and, with the folded copy in content.search, made the
-- database 6.7 times its CSV. Now the FTS5 tokenizer sopdeck_char (registered
-- by db_open, model/content-fts.c) folds as it reads (full-width to half-width,
-- ASCII lower case) and makes every character its own token; a query word is a
-- phrase of its characters, so 育, 误区 and 夜醒怎么办 are all index lookups
-- with exactly the matches of a substring search on the folded text. The index
-- reads title, tags and body from content itself (external content), so the
-- folded copy goes; a phrase never spans two columns, as before never two fields.

DROP TRIGGER content_fts_insert;
DROP TRIGGER content_fts_delete;
DROP TRIGGER content_fts_update;
DROP TABLE content_fts;
ALTER TABLE content DROP COLUMN search;

-- detail=full (the default) keeps positions for phrases; columnsize=0 drops the
-- per-row token counts, which only ranking by relevance would use.
CREATE VIRTUAL TABLE content_fts USING fts5(
	title, tags, body, content = 'content', content_rowid = 'id',
	tokenize = 'sopdeck_char', columnsize = 0
);
INSERT INTO content_fts(content_fts) VALUES ('rebuild');

-- A bulk import (model/content-import.c) inserts its rows first and indexes
-- them in one statement at the end of its transaction, several times faster
-- than a trigger per row. While it runs, this table holds one row: the largest
-- id before the import; rows above it are not in the index yet, so the
-- triggers leave them alone. The row is deleted before that transaction
-- commits: no other connection ever sees it.
CREATE TABLE content_fts_defer (above INTEGER NOT NULL);

CREATE TRIGGER content_fts_insert AFTER INSERT ON content
WHEN new.id <= coalesce((SELECT min(above) FROM content_fts_defer), new.id) BEGIN
	INSERT INTO content_fts(rowid, title, tags, body)
	VALUES (new.id, new.title, new.tags, new.body);
END;
CREATE TRIGGER content_fts_delete AFTER DELETE ON content
WHEN old.id <= coalesce((SELECT min(above) FROM content_fts_defer), old.id) BEGIN
	INSERT INTO content_fts(content_fts, rowid, title, tags, body)
	VALUES ('delete', old.id, old.title, old.tags, old.body);
END;
CREATE TRIGGER content_fts_update AFTER UPDATE OF title, tags, body ON content
WHEN old.id <= coalesce((SELECT min(above) FROM content_fts_defer), old.id) BEGIN
	INSERT INTO content_fts(content_fts, rowid, title, tags, body)
	VALUES ('delete', old.id, old.title, old.tags, old.body);
	INSERT INTO content_fts(rowid, title, tags, body)
	VALUES (new.id, new.title, new.tags, new.body);
END;
