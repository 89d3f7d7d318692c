/*
 * The checklist's hooks into the calendar: a tick marks that action's slot
 * posted, keeping the status it replaced in slot.status_before_tick, and an
 * untick puts that status back, so one slip of the space bar no longer skews
 * the content report and repeat marks. Both run inside the caller's
 * transaction (today_tick / today_untick, a layer above checklist and calendar).
 */
#include <stdlib.h>

#include "calendar.h"
#include "dates.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "playbook.h"
#include "util.h"

/*
 * Run sql (?1 stamp, ?2 operator, ?3 group, ?4 date, ?5 the action's time, ?6
 * the action) on that action's slot that day, and audit what it changed.
 */
static int tick_update(struct db *db, const struct playbook *pb, const char *sql,
		       int64_t group_id, const char *action_id, int day, const char *operator,
		       const char *did, char **cause)
{
	/* Without the caller's, the group's own playbook: action ids are per playbook. */
	struct playbook *own = NULL;
	if (!pb) {
		struct group g;
		if (group_require_id(db, group_id, &g, cause) < 0)
			return -1;
		int rc = playbook_load_for_group(db, &g, &own, cause);
		group_clear(&g);
		if (rc < 0)
			return -1;
		pb = own;
	}
	const struct pb_action *a = playbook_action(pb, action_id);
	char date[11], hhmm[6] = "";
	date_format(day, date);
	if (a && a->at >= 0)
		time_format_hhmm(a->at, hhmm);
	playbook_free(own);
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	char now[DB_NOW_SIZE];
	db_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, group_id);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hhmm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, action_id, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return db_fail(db, _("updating the slot's status"), cause);
	if (sqlite3_changes(db_sqlite(db)) == 0)
		return 0;
	char *detail = xasprintf("%lld:%s %s %s %s", (long long)group_id, action_id, date, hhmm,
				 did);
	int rc = db_audit(db, operator, "slot-status", detail, cause);
	free(detail);
	return rc;
}

int calendar_on_tick(struct db *db, const struct playbook *pb, int64_t group_id,
		     const char *action_id, int day, const char *operator, char **cause)
{
	return tick_update(db, pb,
			   "UPDATE slot SET status_before_tick = status, status = 'posted', "
			   "updated_at = ?1, updated_by = ?2 "
			   "WHERE group_id = ?3 AND day = ?4 AND (action_id = ?6 OR "
			   "(action_id = '' AND at = ?5)) "
			   "AND status <> 'posted' AND (content_id IS NOT NULL OR topic <> '')",
			   group_id, action_id, day, operator, "posted", cause);
}

int calendar_on_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		       const char *operator, char **cause)
{
	return tick_update(db, NULL,
			   "UPDATE slot SET status = status_before_tick, status_before_tick = NULL, "
			   "updated_at = ?1, updated_by = ?2 WHERE group_id = ?3 AND day = ?4 AND "
			   "(action_id = ?6 OR (action_id = '' AND at = ?5)) AND status = 'posted' "
			   "AND status_before_tick IS NOT NULL",
			   group_id, action_id, day, operator, "status restored (untick)", cause);
}
