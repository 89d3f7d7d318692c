/*
 * Untick puts the slot's status back: a tick marks the action's slot posted
 * (calendar_on_tick keeps the status it replaced in slot.status_before_tick), so
 * one slip of the space bar no longer skews the content report and repeat marks.
 */
#include <stdlib.h>

#include "calendar.h"
#include "dates.h"
#include "group.h"
#include "internal.h"
#include "playbook.h"
#include "util.h"

int calendar_on_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		       const char *operator, char **cause)
{
	/* The action's time is that of the group's own playbook (ids are per playbook). */
	struct group g;
	if (group_find_id(db, group_id, &g, cause) < 0)
		return -1;
	struct playbook_set *set = NULL;
	if (playbook_set_load(db, &set, cause) < 0) {
		group_clear(&g);
		return -1;
	}
	const struct pb_action *a = playbook_action(playbook_set_for(set, &g), action_id);
	char date[11], hhmm[6] = "";
	date_format(day, date);
	if (a && a->at >= 0)
		time_format_hhmm(a->at, hhmm);
	playbook_set_free(set);
	group_clear(&g);
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "UPDATE slot SET status = status_before_tick, status_before_tick = NULL, "
		       "updated_at = ?1, updated_by = ?2 WHERE group_id = ?3 AND day = ?4 AND "
		       "(action_id = ?6 OR (action_id = '' AND at = ?5)) AND status = 'posted' "
		       "AND status_before_tick IS NOT NULL",
		       &st, cause) < 0)
		return -1;
	char now[DB_NOW_SIZE];
	db_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, group_id);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hhmm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, action_id, -1, SQLITE_TRANSIENT);
	int rc = 0;
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(db, "putting the slot's status back", cause);
	} else if (sqlite3_changes(db_sqlite(db)) > 0) {
		char *detail = xasprintf("%lld:%s %s %s status restored (untick)",
					 (long long)group_id, action_id, date, hhmm);
		rc = db_audit(db, operator, "slot-status", detail, cause);
		free(detail);
	}
	sqlite3_finalize(st);
	return rc;
}
