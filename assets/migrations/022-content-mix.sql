-- sopdeck schema, version 22: the Library's 30-day mix kept, not counted per load (issue 9).
-- content_mix_day holds, per slot day and content category, how many slots carry content
-- of that category: what `slot JOIN content GROUP BY category` counted, which read every
-- slot of 30 days and its item (47,000 of each at team scale, 150 ms for the Library's
-- first frame). The triggers keep it in the same transaction as the change: a slot added,
-- removed, moved or given other content; an item's category changed; an item deleted
-- (before its slots lose it, so its counts go with it).
CREATE TABLE content_mix_day (
	day      TEXT NOT NULL,     -- YYYY-MM-DD, as slot.day
	category TEXT NOT NULL,     -- content.category of the slots' items
	slots    INTEGER NOT NULL,
	PRIMARY KEY (day, category)
) WITHOUT ROWID;

INSERT INTO content_mix_day (day, category, slots)
SELECT s.day, c.category, count(*) FROM slot s JOIN content c ON c.id = s.content_id
WHERE 1 GROUP BY s.day, c.category;

CREATE TRIGGER content_mix_slot_insert AFTER INSERT ON slot WHEN new.content_id IS NOT NULL
BEGIN
	INSERT INTO content_mix_day (day, category, slots)
	SELECT new.day, category, 1 FROM content WHERE id = new.content_id
	ON CONFLICT (day, category) DO UPDATE SET slots = slots + 1;
END;

CREATE TRIGGER content_mix_slot_delete AFTER DELETE ON slot WHEN old.content_id IS NOT NULL
BEGIN
	UPDATE content_mix_day SET slots = slots - 1
	WHERE day = old.day AND category = (SELECT category FROM content WHERE id = old.content_id);
END;

CREATE TRIGGER content_mix_slot_update AFTER UPDATE OF content_id, day ON slot
WHEN old.content_id IS NOT new.content_id OR old.day IS NOT new.day
BEGIN
	UPDATE content_mix_day SET slots = slots - 1
	WHERE old.content_id IS NOT NULL AND day = old.day
	AND category = (SELECT category FROM content WHERE id = old.content_id);
	INSERT INTO content_mix_day (day, category, slots)
	SELECT new.day, category, 1 FROM content WHERE id = new.content_id
	ON CONFLICT (day, category) DO UPDATE SET slots = slots + 1;
END;

CREATE TRIGGER content_mix_category AFTER UPDATE OF category ON content
WHEN old.category IS NOT new.category
BEGIN
	UPDATE content_mix_day
	SET slots = slots - (SELECT count(*) FROM slot
			     WHERE content_id = new.id AND day = content_mix_day.day)
	WHERE category = old.category AND day IN (SELECT day FROM slot WHERE content_id = new.id);
	INSERT INTO content_mix_day (day, category, slots)
	SELECT day, new.category, count(*) FROM slot WHERE content_id = new.id GROUP BY day
	ON CONFLICT (day, category) DO UPDATE SET slots = slots + excluded.slots;
END;

-- Before: the foreign key then sets the slots' content_id to NULL, and the slot trigger
-- above finds no item to take a count from.
CREATE TRIGGER content_mix_content_delete BEFORE DELETE ON content
BEGIN
	UPDATE content_mix_day
	SET slots = slots - (SELECT count(*) FROM slot
			     WHERE content_id = old.id AND day = content_mix_day.day)
	WHERE category = old.category AND day IN (SELECT day FROM slot WHERE content_id = old.id);
END;
