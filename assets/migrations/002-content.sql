-- sopdeck schema, version 2: the content library (素材库).
-- Dates are YYYY-MM-DD text so that text order is date order.

CREATE TABLE content (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL CHECK (title <> ''),
	category   TEXT NOT NULL DEFAULT '',   -- playbook category key, '' = none
	zone       TEXT NOT NULL DEFAULT ''
	           CHECK (zone IN ('', 'knowledge', 'visual', 'campaign', 'ugc')),
	form       TEXT NOT NULL DEFAULT ''
	           CHECK (form IN ('', 'text', 'video', 'voice', 'live', 'qa')),
	style      TEXT NOT NULL DEFAULT '',
	date       TEXT NOT NULL,              -- YYYY-MM-DD
	source     TEXT NOT NULL DEFAULT '',
	-- The normalised tags joined by ';' (content_tag holds them one per row for
	-- filtering); kept here so that the full-text index can cover them.
	tags       TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- Keyset pagination walks these: newest first, or by title.
CREATE INDEX content_by_date ON content(date, id);
CREATE INDEX content_by_title ON content(title, id);
CREATE INDEX content_by_category ON content(category, date);

CREATE TABLE content_tag (
	content_id INTEGER NOT NULL REFERENCES content(id) ON DELETE CASCADE,
	tag        TEXT NOT NULL,
	PRIMARY KEY (content_id, tag)
) WITHOUT ROWID;
CREATE INDEX content_tag_by_tag ON content_tag(tag, content_id);

-- Trigram full-text index: substrings of 3+ characters in any script. Shorter
-- queries (two-character Chinese words) go to instr() on the base table, since
-- SQLite 3.40 finds nothing for them through a trigram table.
CREATE VIRTUAL TABLE content_fts USING fts5(
	title, tags, body,
	content = 'content', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER content_fts_insert AFTER INSERT ON content BEGIN
	INSERT INTO content_fts(rowid, title, tags, body)
	VALUES (new.id, new.title, new.tags, new.body);
END;
CREATE TRIGGER content_fts_delete AFTER DELETE ON content BEGIN
	INSERT INTO content_fts(content_fts, rowid, title, tags, body)
	VALUES ('delete', old.id, old.title, old.tags, old.body);
END;
CREATE TRIGGER content_fts_update AFTER UPDATE OF title, tags, body ON content BEGIN
	INSERT INTO content_fts(content_fts, rowid, title, tags, body)
	VALUES ('delete', old.id, old.title, old.tags, old.body);
	INSERT INTO content_fts(rowid, title, tags, body)
	VALUES (new.id, new.title, new.tags, new.body);
END;
