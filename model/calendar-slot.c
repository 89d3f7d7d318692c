/*
 * Reading stored slots: one slot, an action's slot, a range of days at once
 * (the week, the Today tab), the content used around a day (the picker's marks).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cal-internal.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

#define SLOT_SELECT                                                                      \
	"SELECT s.id, s.group_id, s.day, s.at, s.action_id, coalesce(s.content_id, 0), "   \
	"coalesce(c.title, ''), coalesce(c.category, ''), coalesce(c.form, ''), s.topic, " \
	"s.form, s.owner, s.status, s.updated_at, s.updated_by "                           \
	"FROM slot s LEFT JOIN content c ON c.id = s.content_id "

static void slot_from_row(sqlite3_stmt *st, struct cal_slot *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->group_id = sqlite3_column_int64(st, 1);
	s->day = date_parse(db_col_text(st, 2));
	s->at = time_parse_hhmm(db_col_text(st, 3));
	const char *action = db_col_text(st, 4);
	s->action_id = action[0] ? xstrdup(action) : NULL;
	s->content_id = sqlite3_column_int64(st, 5);
	s->title = xstrdup(db_col_text(st, 6));
	s->category = xstrdup(db_col_text(st, 7));
	s->content_form = xstrdup(db_col_text(st, 8));
	s->topic = xstrdup(db_col_text(st, 9));
	s->form = xstrdup(db_col_text(st, 10));
	s->owner = xstrdup(db_col_text(st, 11));
	int status = slot_status_parse(db_col_text(st, 12));
	s->status = status < 0 ? SLOT_PLANNED : (enum slot_status)status;
	s->updated_at = xstrdup(db_col_text(st, 13));
	s->updated_by = xstrdup(db_col_text(st, 14));
}

int cal_read_rows(struct db *db, sqlite3_stmt *st, void **out, size_t *n, size_t size,
		  void (*read)(sqlite3_stmt *st, void *row), void (*clear)(void *row),
		  const char *what, char **cause)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * size);
		}
		void *row = (char *)*out + *n * size;
		memset(row, 0, size);
		read(st, row);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	for (size_t i = 0; clear && i < *n; i++)
		clear((char *)*out + i * size);
	free(*out);
	*out = NULL;
	*n = 0;
	return db_fail(db, _(what), cause);
}

void cal_bind_pos(sqlite3_stmt *st, int first, int64_t group_id, int day, int at,
		  const char *action_id)
{
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	sqlite3_bind_int64(st, first, group_id);
	sqlite3_bind_text(st, first + 1, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, first + 2, hhmm, -1, SQLITE_TRANSIENT);
	if (action_id)
		sqlite3_bind_text(st, first + 3, action_id, -1, SQLITE_TRANSIENT);
}

/* cal_read_rows' callbacks for slots. */
static void slot_read(sqlite3_stmt *st, void *row)
{
	slot_from_row(st, row);
}

static void slot_clear(void *row)
{
	cal_slot_clear(row);
}

int cal_slots_load(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (!(st = db_cached(db,
		       SLOT_SELECT "WHERE s.day BETWEEN ?1 AND ?2 AND (?3 = 0 OR s.group_id = ?3) "
				   "ORDER BY s.day, s.at, s.group_id", cause)))
		return -1;
	char dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	sqlite3_bind_text(st, 1, dfrom, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, dto, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, group_id);
	return cal_read_rows(db, st, (void **)out, n, sizeof **out, slot_read, slot_clear,
			     N_("reading the calendar"), cause);
}

void cal_slots_free(struct cal_slot *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cal_slot_clear(&s[i]);
	free(s);
}

int calendar_slot_get(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		      struct cal_slot *out, char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(db, SLOT_SELECT "WHERE s.group_id = ?1 AND s.day = ?2 AND s.at = ?3 "
		       "AND (?4 IS NULL OR s.action_id = ?4) ORDER BY s.id LIMIT 2", cause)))
		return -1;
	cal_bind_pos(st, 1, group_id, day, at, action_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		slot_from_row(st, out);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			/* Two actions have a slot then: the caller must say which. */
			char *other = xstrdup(db_col_text(st, 4)), date[11], hhmm[6];
			sqlite3_reset(st);
			cal_fmt(day, at, date, hhmm);
			set_cause(cause, _("%s %s has slots of several actions (%s, %s): "
					   "say which (--action ID)"), date, hhmm,
				  out->action_id ? out->action_id : "",
				  other);
			free(other);
			cal_slot_clear(out);
			return -1;
		}
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading a calendar slot"), cause);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, _("reading a calendar slot"), cause);
}

/* cal_read_rows' callback for a list of ids. */
static void id_read(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

int calendar_recent_content(struct db *db, int64_t group_id, int day, int64_t **ids, size_t *n,
			    char **cause)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (!(st = db_cached(db,
		       "SELECT DISTINCT content_id FROM slot WHERE group_id = ?1 AND "
		       "content_id IS NOT NULL AND day BETWEEN ?2 AND ?3 ORDER BY content_id", cause)))
		return -1;
	char lo[11], hi[11];
	date_format(day - (CALENDAR_DUP_DAYS - 1), lo);
	date_format(day + (CALENDAR_DUP_DAYS - 1), hi);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
	return cal_read_rows(db, st, (void **)ids, n, sizeof **ids, id_read, NULL,
			     N_("reading recent content"), cause);
}

int calendar_slot_for_action(struct db *db, const struct pb_action *a, int64_t group_id,
			     int day, struct cal_slot *out, char **cause)
{
	if (a->at < 0)
		return 1;
	/* Its own slot first, else the one stored at its time without an action. */
	sqlite3_stmt *st = db_cached(db, SLOT_SELECT "WHERE s.group_id = ?1 AND s.day = ?2 AND "
				     "s.at = ?3 AND s.action_id IN (?4, '') ORDER BY s.action_id = '' "
				     "LIMIT 1", cause);
	if (!st)
		return -1;
	cal_bind_pos(st, 1, group_id, day, a->at, a->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		slot_from_row(st, out);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("reading a calendar slot"), cause);
}

int calendar_slots(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause)
{
	return cal_slots_load(db, from, to, group_id, out, n, cause);
}

int calendar_slots_of(struct db *db, int from, int to, const int64_t *ids, size_t n_ids,
		      struct cal_slot **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	/* Each group's range of days through slot_by_action (group_id, day, action_id). */
	if (!(st = db_cached(db,
		       SLOT_SELECT "WHERE s.group_id IN (SELECT value FROM json_each(?3)) AND "
				   "s.day BETWEEN ?1 AND ?2 ORDER BY s.day, s.at, s.group_id", cause)))
		return -1;
	struct buf list = {0};
	buf_adds(&list, "[");
	for (size_t i = 0; i < n_ids; i++)
		buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_adds(&list, "]");
	char dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	sqlite3_bind_text(st, 1, dfrom, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, dto, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, buf_str(&list), -1, SQLITE_TRANSIENT);
	buf_free(&list);
	return cal_read_rows(db, st, (void **)out, n, sizeof **out, slot_read, slot_clear,
			     "reading the calendar", cause);
}

void calendar_slots_free(struct cal_slot *s, size_t n)
{
	cal_slots_free(s, n);
}

const struct cal_slot *calendar_slot_pick(const struct cal_slot *slots, size_t n,
					  const struct pb_action *a, int64_t group_id, int day)
{
	if (a->at < 0)
		return NULL;
	const struct cal_slot *loose = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct cal_slot *s = &slots[i];
		if (s->group_id != group_id || s->day != day || s->at != a->at)
			continue;
		if (s->action_id && strcmp(s->action_id, a->id) == 0)
			return s;
		if (!s->action_id)
			loose = s;
	}
	return loose;
}

int cal_groups_load(struct db *db, const char *group_name, struct group **out, size_t *n,
		    char **cause)
{
	if (!group_name)
		return group_list(db, out, n, cause);
	*out = xcalloc(1, sizeof **out);
	*n = 1;
	if (group_require(db, group_name, *out, cause) < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
