-- sopdeck schema, version 23: what the calendar's week needs of other rows, kept on the slot
-- row (issue 9). slot.category is the content category of the slot's item ('' for none), so
-- the week's totals and mix need no content row; slot.dup_day is the nearest other day
-- (the earlier one on a tie) within CALENDAR_DUP_DAYS - 1 = 13 days on which the same group
-- has the same item, or NULL, so the 14-day repeat check is no query per item. Triggers keep
-- both in the same transaction as the change (the nearest day: the least "GG" || day of the
-- other uses, GG the gap in two digits): a slot added, removed, moved, given other
-- content; an item's category changed (an item deleted sets its slots' content_id to NULL
-- through the foreign key, which is an update of the slot).

ALTER TABLE slot ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE slot ADD COLUMN dup_day TEXT;

-- (group_id, day, action_id) is served by the UNIQUE key (group_id, day, at, action_id).
DROP INDEX slot_by_action;

UPDATE slot SET category = coalesce((SELECT category FROM content WHERE id = slot.content_id), '')
WHERE content_id IS NOT NULL;

UPDATE slot SET dup_day = (
	SELECT substr(min(printf('%02d', abs(julianday(o.day) - julianday(slot.day))) || o.day), 3)
	FROM slot o
	WHERE o.content_id = slot.content_id AND o.group_id = slot.group_id AND o.id <> slot.id
	AND o.day BETWEEN coalesce(date(slot.day, '-13 days'), '0000-01-01')
		      AND coalesce(date(slot.day, '+13 days'), '9999-12-31'))
WHERE content_id IS NOT NULL;

-- A posted slot's category and dup_day do not change content performance: the trigger of
-- migration 019 fires on the columns it has always had, not on these two.
DROP TRIGGER content_perf_slot_update;
CREATE TRIGGER content_perf_slot_update AFTER UPDATE OF id, group_id, day, at, action_id,
	content_id, topic, form, owner, status, updated_at, updated_by, status_before_tick ON slot
WHEN old.status = 'posted' OR new.status = 'posted'
BEGIN UPDATE content_perf_state SET valid = 0 WHERE valid = 1; END;

CREATE TRIGGER slot_kept_insert AFTER INSERT ON slot WHEN new.content_id IS NOT NULL
BEGIN
	UPDATE slot SET category = coalesce((SELECT category FROM content
					     WHERE id = new.content_id), '')
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

CREATE TRIGGER slot_kept_delete AFTER DELETE ON slot WHEN old.content_id IS NOT NULL
BEGIN
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
END;

CREATE TRIGGER slot_kept_update AFTER UPDATE OF content_id, group_id, day ON slot
WHEN old.content_id IS NOT new.content_id OR old.group_id IS NOT new.group_id
	OR old.day IS NOT new.day
BEGIN
	UPDATE slot SET category = coalesce((SELECT category FROM content
					     WHERE id = new.content_id), ''),
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

CREATE TRIGGER slot_kept_category AFTER UPDATE OF category ON content
WHEN old.category IS NOT new.category
BEGIN
	UPDATE slot SET category = new.category WHERE content_id = new.id;
END;
