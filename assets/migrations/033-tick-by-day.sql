-- sopdeck schema, version 33: a day's ticks found by an index (issue 9).
-- Today's checklist reads the day's ticks of every group (WHERE day = ?) and a review
-- those of its week or month (day BETWEEN ? AND ?); the primary key leads with the group,
-- so both scanned every tick ever made: a team's year is over a million. The bench's
-- workspace holds only today's ticks, so its figures never showed it.
CREATE INDEX tick_by_day ON tick (day);
