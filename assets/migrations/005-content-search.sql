-- sopdeck schema, version 5: search that folds both sides.
-- content.search holds title, tags and body joined by newlines, full-width
-- characters folded to half-width and ASCII lower-cased (content_fold() in
-- model/content.c, the SQL function sopdeck_fold() registered by db_open), so
-- that 怎么办？ finds 怎么办? and Ｑ&Ａ finds q&a. content_store writes it; the
-- trigram index covers that one column. Queries are folded the same way.

DROP TRIGGER content_fts_insert;
DROP TRIGGER content_fts_delete;
DROP TRIGGER content_fts_update;
DROP TABLE content_fts;

ALTER TABLE content ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE content SET search = sopdeck_fold(title || char(10) || tags || char(10) || body);

-- 3+ characters: trigrams of the folded text. A query word has no newline, so
-- no match spans two fields.
CREATE VIRTUAL TABLE content_fts USING fts5(
	search, content = 'content', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO content_fts(content_fts) VALUES ('rebuild');

CREATE TRIGGER content_fts_insert AFTER INSERT ON content BEGIN
	INSERT INTO content_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER content_fts_delete AFTER DELETE ON content BEGIN
	INSERT INTO content_fts(content_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER content_fts_update AFTER UPDATE OF search ON content BEGIN
	INSERT INTO content_fts(content_fts, rowid, search) VALUES ('delete', old.id, old.search);
	INSERT INTO content_fts(rowid, search) VALUES (new.id, new.search);
END;
