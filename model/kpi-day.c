/*
 * One group's counters of one day: read them, and set or clear them by hand
 * (the console's entry form), never for a day nobody has numbers of yet.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "util.h"

int kpi_get_day(struct db *db, const struct playbook *pb, int64_t group_id, int day,
		bool *present, double *value, char **cause)
{
	struct kpi_sums s;
	if (kpi_sums_load(db, pb, group_id, day, day, &s, cause) < 0)
		return -1;
	for (size_t i = 0; i < pb->n_counters; i++) {
		present[i] = s.rows[i] > 0;
		value[i] = s.sum[i];
	}
	kpi_sums_free(&s);
	return 0;
}

char *kpi_day_refusal(const struct group *g, int day, int today)
{
	char d[11], t[11];
	date_format(day, d);
	if (day > today) {
		date_format(today, t);
		return xasprintf("%s is in the future (today is %s): no numbers exist for it yet", d,
				 t);
	}
	if (day < g->created) {
		date_format(g->created, t);
		return xasprintf("%s is before %s was created (%s)", d, g->name, t);
	}
	return NULL;
}

int kpi_set_day(struct db *db, const struct playbook *pb, int64_t group_id, int day, int today,
		const struct kpi_counter_value *values, size_t n, const char *operator,
		char **cause)
{
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	char *why = kpi_day_refusal(&g, day, today);
	group_clear(&g);
	if (why) {
		set_cause(cause, "%s", why);
		free(why);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!playbook_counter(pb, values[i].key) || kpi_counter_index(pb, values[i].key) < 0)
			return set_cause(cause, _("unknown counter '%s'"), values[i].key);
		if (values[i].present && (!isfinite(values[i].value) || values[i].value < 0 ||
					  values[i].value > KPI_COUNTER_MAX))
			return set_cause(cause, _("%s: want a number from 0 to %.0f"),
					 values[i].key,
					 KPI_COUNTER_MAX);
	}
	char date[11], now[DB_NOW_SIZE];
	date_format(day, date);
	db_now(now);
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *del = NULL, *ins = NULL, *grp = NULL;
	int rc = 0;
	if (db_prepare(db, "SELECT name FROM chat_group WHERE id = ?", &grp, cause) < 0 ||
	    db_prepare(db, "DELETE FROM kpi_day WHERE group_id = ? AND day = ? AND counter = ?",
		       &del, cause) < 0 ||
	    db_prepare(db,
		       "INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source) "
		       "VALUES (?, ?, ?, ?, ?, 'manual')",
		       &ins, cause) < 0)
		rc = -1;
	char *gname = NULL;
	if (rc == 0) {
		sqlite3_bind_int64(grp, 1, group_id);
		if (sqlite3_step(grp) == SQLITE_ROW)
			gname = xstrdup(db_col_text(grp, 0));
		else
			rc = set_cause(cause, _("no group #%lld"), (long long)group_id);
	}
	struct buf detail = {0};
	buf_addf(&detail, "kpi: %s %s by hand:", gname ? gname : "?", date);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_reset(del);
		sqlite3_bind_int64(del, 1, group_id);
		sqlite3_bind_text(del, 2, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(del, 3, values[i].key, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(del) != SQLITE_DONE) {
			rc = db_fail(db, _("clearing a counter"), cause);
			break;
		}
		if (!values[i].present) {
			buf_addf(&detail, " %s=—", values[i].key);
			continue;
		}
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, group_id);
		sqlite3_bind_text(ins, 2, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, values[i].key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(ins, 4, values[i].value);
		sqlite3_bind_text(ins, 5, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_fail(db, _("storing a counter"), cause);
		buf_addf(&detail, " %s=%g", values[i].key, values[i].value);
	}
	sqlite3_finalize(grp);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	/* The day's week summed again (the triggers dropped it). */
	struct kpi_span span = {group_id, day, day};
	if (rc == 0)
		rc = kpi_weeks_rebuild(db, &span, 1, cause);
	if (rc == 0)
		rc = db_audit(db, operator, "kpi", buf_str(&detail), cause);
	buf_free(&detail);
	free(gname);
	if (rc == 0)
		rc = db_commit(db, cause);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

