-- sopdeck schema, version 28: the slot row keeps its item's title and form too (issue 9).
-- The week (`calendar`, 500 groups) read each slot's item by id after the slots: 13,000
-- lookups in the content table, whose rows carry the bodies, so most of its pages were read
-- (56 MB of the file for one week). slot.title and slot.content_form are the item's title
-- and form ('' for none), kept like slot.category (migration 023) in the same transaction
-- as the change: a slot added or given other content (an item deleted sets its slots'
-- content_id to NULL through the foreign key, which is an update of the slot), an item's
-- title or form changed. slot_kept_insert and slot_kept_update are made again to set the
-- three kept columns of the row in one update.

ALTER TABLE slot ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE slot ADD COLUMN content_form TEXT NOT NULL DEFAULT '';

UPDATE slot SET title = coalesce((SELECT title FROM content WHERE id = slot.content_id), ''),
		content_form = coalesce((SELECT form FROM content WHERE id = slot.content_id), '')
WHERE content_id IS NOT NULL;

DROP TRIGGER slot_kept_insert;
CREATE TRIGGER slot_kept_insert AFTER INSERT ON slot WHEN new.content_id IS NOT NULL
BEGIN
	UPDATE slot SET (category, title, content_form) =
		(SELECT category, title, form FROM content WHERE id = new.content_id
		 UNION ALL SELECT '', '', '' LIMIT 1)
	WHERE id = new.id;
	UPDATE slot SET dup_day = (
		SELECT substr(min(printf('%02d', abs(julianday(o.day) - julianday(slot.day))) || o.day), 3)
	FROM slot o
		WHERE o.content_id = slot.content_id AND o.group_id = slot.group_id
		AND o.id <> slot.id
		AND o.day BETWEEN coalesce(date(slot.day, '-13 days'), '0000-01-01')
			      AND coalesce(date(slot.day, '+13 days'), '9999-12-31'))
	WHERE content_id = new.content_id AND group_id = new.group_id
	AND day BETWEEN coalesce(date(new.day, '-13 days'), '0000-01-01')
		    AND coalesce(date(new.day, '+13 days'), '9999-12-31');
END;

DROP TRIGGER slot_kept_update;
CREATE TRIGGER slot_kept_update AFTER UPDATE OF content_id, group_id, day ON slot
WHEN old.content_id IS NOT new.content_id OR old.group_id IS NOT new.group_id
	OR old.day IS NOT new.day
BEGIN
	UPDATE slot SET (category, title, content_form) =
		(SELECT category, title, form FROM content WHERE id = new.content_id
		 UNION ALL SELECT '', '', '' LIMIT 1),
			dup_day = NULL
	WHERE id = new.id;
	-- The old item's other uses around the old day, then the new one's around the new day.
	UPDATE slot SET dup_day = (
		SELECT substr(min(printf('%02d', abs(julianday(o.day) - julianday(slot.day))) || o.day), 3)
	FROM slot o
		WHERE o.content_id = slot.content_id AND o.group_id = slot.group_id
		AND o.id <> slot.id
		AND o.day BETWEEN coalesce(date(slot.day, '-13 days'), '0000-01-01')
			      AND coalesce(date(slot.day, '+13 days'), '9999-12-31'))
	WHERE content_id = old.content_id AND group_id = old.group_id
	AND day BETWEEN coalesce(date(old.day, '-13 days'), '0000-01-01')
		    AND coalesce(date(old.day, '+13 days'), '9999-12-31');
	UPDATE slot SET dup_day = (
		SELECT substr(min(printf('%02d', abs(julianday(o.day) - julianday(slot.day))) || o.day), 3)
	FROM slot o
		WHERE o.content_id = slot.content_id AND o.group_id = slot.group_id
		AND o.id <> slot.id
		AND o.day BETWEEN coalesce(date(slot.day, '-13 days'), '0000-01-01')
			      AND coalesce(date(slot.day, '+13 days'), '9999-12-31'))
	WHERE content_id = new.content_id AND group_id = new.group_id
	AND day BETWEEN coalesce(date(new.day, '-13 days'), '0000-01-01')
		    AND coalesce(date(new.day, '+13 days'), '9999-12-31');
END;

CREATE TRIGGER slot_kept_title AFTER UPDATE OF title, form ON content
WHEN old.title IS NOT new.title OR old.form IS NOT new.form
BEGIN
	UPDATE slot SET title = new.title, content_form = new.form WHERE content_id = new.id;
END;
