/* The content calendar: the week grid, filling and moving slots, undo, the tick hook. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "cal-internal.h"
#include "content.h"
#include "dates.h"
#include "internal.h"
#include "text.h"
#include "util.h"

static const char *const status_keys[] = {"planned", "drafted", "reviewed", "posted"};
static const char *const status_names[] = {"计划", "初稿", "已审", "已发"};

const char *slot_status_key(enum slot_status s)
{
	return (unsigned)s < SLOT_STATUS_COUNT ? status_keys[s] : "planned";
}

const char *slot_status_name(enum slot_status s)
{
	return (unsigned)s < SLOT_STATUS_COUNT ? status_names[s] : "计划";
}

int slot_status_parse(const char *s)
{
	static const char *const more[] = {"待写", "待审", "已审核", "已发布"};
	for (int i = 0; i < SLOT_STATUS_COUNT; i++)
		if (strcmp(s, status_keys[i]) == 0 || strcmp(s, status_names[i]) == 0 ||
		    strcmp(s, more[i]) == 0)
			return i;
	return -1;
}

const char *cal_slot_label(const struct cal_slot *s)
{
	return s->content_id ? s->title : s->topic;
}

bool cal_slot_empty(const struct cal_slot *s)
{
	return s->content_id == 0 && s->topic[0] == '\0';
}

void cal_slot_clear(struct cal_slot *s)
{
	free(s->action_id);
	free(s->title);
	free(s->category);
	free(s->content_form);
	free(s->topic);
	free(s->form);
	free(s->owner);
	free(s->updated_at);
	free(s->updated_by);
	memset(s, 0, sizeof *s);
}

char *calendar_warn_text(unsigned w)
{
	static const struct {
		unsigned bit;
		const char *text;
	} words[] = {
		{CAL_WARN_DUPLICATE, "14天内重复"},
		{CAL_WARN_STAGE, "阶段不符"},
		{CAL_WARN_NOT_DUE, "无此栏目"},
		{CAL_WARN_EMPTY_SOON, "48小时内待填"},
	};
	struct buf b = {0};
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (w & words[i].bit)
			buf_addf(&b, "%s%s", b.len ? " " : "", words[i].text);
	buf_str(&b);
	return b.data;
}

int64_t calendar_now(int today)
{
	if (today != date_today())
		return (int64_t)today * 1440;
	time_t t = date_clock();
	struct tm tm;
	localtime_r(&t, &tm);
	return (int64_t)today * 1440 + tm.tm_hour * 60 + tm.tm_min;
}

int calendar_week_start(int day)
{
	return day - date_weekday(day);
}

void cal_fmt(int day, int at, char date[11], char hhmm[6])
{
	date_format(day, date);
	time_format_hhmm(at, hhmm);
}

/* How specific an action's rule is: a node countdown beats a weekly column beats a daily one. */
static int action_rank(const struct pb_action *a)
{
	if (a->before_node)
		return 5;
	if (a->group_day > 0)
		return 4;
	if (a->every == EVERY_MONTH_START || a->every == EVERY_MONTH_END ||
	    a->every == EVERY_MONTH_DAY)
		return 3;
	if (a->every == EVERY_WEEKDAYS && __builtin_popcount(a->weekdays) < 5)
		return 2;
	return 1;
}

bool calendar_action_is_content(const struct pb_action *a)
{
	return a->at >= 0 && a->category && a->category[0];
}

bool calendar_action_recurring(const struct pb_action *a)
{
	return a->every == EVERY_WEEKDAYS && !a->before_node && a->group_day == 0;
}

/* Earlier time first, then the more specific action, then playbook order. */
static bool due_before(const struct pb_action *a, const struct pb_action *b)
{
	if (a->at != b->at)
		return a->at < b->at;
	return action_rank(a) > action_rank(b);
}

void cal_due_free(struct cal_due *d)
{
	free(d->a);
	memset(d, 0, sizeof *d);
}

size_t calendar_due_actions(const struct playbook *pb, const struct group *g, int day, int at,
			    struct cal_due *out)
{
	out->n = 0;
	for (size_t i = 0; i < pb->n_actions; i++) {
		const struct pb_action *a = &pb->actions[i];
		if ((at >= 0 && a->at != at) || !calendar_action_is_content(a) ||
		    !playbook_action_due(pb, a, g, day, NULL))
			continue;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->a = xrealloc(out->a, out->cap * sizeof *out->a);
		}
		/* Insertion keeps playbook order among equals. */
		size_t j = out->n++;
		while (j > 0 && due_before(a, out->a[j - 1])) {
			out->a[j] = out->a[j - 1];
			j--;
		}
		out->a[j] = a;
	}
	return out->n;
}

/* Would action a be due for g on day if stages did not filter it? */
static bool due_but_for_stage(const struct playbook *pb, const struct group *g, int day,
			      const struct pb_action *action)
{
	if (!action || action->n_stages == 0)
		return false;
	struct pb_action a = *action;
	a.n_stages = 0;
	return playbook_action_due(pb, &a, g, day, NULL);
}

char *cal_short_title(const char *title)
{
	const char *cut = strstr(title, " (");
	const char *cut2 = strstr(title, "（");
	if (!cut || (cut2 && cut2 < cut))
		cut = cut2;
	return cut && cut > title ? xstrndup(title, (size_t)(cut - title)) : xstrdup(title);
}

size_t cal_grid_rows(const struct playbook *pb, struct cal_row **out)
{
	struct cal_row *rows = NULL;
	size_t n = 0;
	for (size_t i = 0; i < pb->n_actions; i++) {
		const struct pb_action *a = &pb->actions[i];
		if (!calendar_action_is_content(a) || !calendar_action_recurring(a))
			continue;
		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		rows[n++] = (struct cal_row){
			.at = a->at,
			.label = cal_short_title(a->title),
			.daily = __builtin_popcount(a->weekdays) >= 5,
			.action_id = xstrdup(a->id),
			.order = i,
		};
	}
	*out = rows;
	return n;
}

void cal_rows_free(struct cal_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].label);
		free(rows[i].action_id);
	}
	free(rows);
}

/* Add the one-off row (专项) for time at unless there is one. */
static void rows_add_lane(struct cal_row **rows, size_t *n, int at)
{
	for (size_t j = 0; j < *n; j++)
		if ((*rows)[j].at == at && !(*rows)[j].action_id)
			return;
	*rows = xrealloc(*rows, (*n + 1) * sizeof **rows);
	(*rows)[(*n)++] = (struct cal_row){.at = at, .label = xstrdup("专项"), .order = SIZE_MAX};
}

static int row_cmp(const void *a, const void *b)
{
	const struct cal_row *x = a, *y = b;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->order > y->order) - (x->order < y->order);
}

/* Which row a stored slot shows in: its recurring action's row at its time, else the lane. */
static bool row_holds_slot(const struct cal_row *r, const struct cal_slot *s,
			   const struct cal_row *rows, size_t n_rows)
{
	if (r->at != s->at)
		return false;
	if (r->action_id)
		return s->action_id && strcmp(s->action_id, r->action_id) == 0;
	for (size_t i = 0; i < n_rows; i++)
		if (rows[i].action_id && rows[i].at == s->at && s->action_id &&
		    strcmp(rows[i].action_id, s->action_id) == 0)
			return false;
	return true;
}

/* The action a cell of row r stands for: the row's action, or the lane's most specific one. */
static const struct pb_action *row_due(const struct playbook *pb, const struct cal_row *r,
				       const struct group *g, int day, size_t *n_due,
				       struct cal_due *scratch)
{
	size_t n = calendar_due_actions(pb, g, day, r->at, scratch);
	const struct pb_action *const *due = scratch->a;
	const struct pb_action *hit = NULL;
	*n_due = 0;
	for (size_t i = 0; i < n; i++) {
		bool mine = r->action_id ? strcmp(due[i]->id, r->action_id) == 0
					 : !calendar_action_recurring(due[i]);
		if (!mine)
			continue;
		if (!hit)
			hit = due[i];
		(*n_due)++;
	}
	return hit;
}

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
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		memset(&(*out)[*n], 0, sizeof **out);
		slot_from_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cal_slots_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, "reading the calendar", cause);
	}
	return 0;
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
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hhmm, -1, SQLITE_TRANSIENT);
	if (action_id)
		sqlite3_bind_text(st, 4, action_id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		slot_from_row(st, out);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			/* Two actions have a slot then: the caller must say which. */
			char *other = xstrdup(db_col_text(st, 4));
			sqlite3_reset(st);
			set_cause(cause, "%s %s has slots of several actions (%s, %s): say which "
				  "(--action ID)", date, hhmm, out->action_id ? out->action_id : "",
				  other);
			free(other);
			cal_slot_clear(out);
			return -1;
		}
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : db_fail(db, "reading a calendar slot", cause);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, "reading a calendar slot", cause);
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
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return db_fail(db, "reading recent content", cause);
	}
	return 0;
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
	char date[11], hhmm[6];
	cal_fmt(day, a->at, date, hhmm);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hhmm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a->id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		slot_from_row(st, out);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a calendar slot", cause);
}

int calendar_slots(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause)
{
	return cal_slots_load(db, from, to, group_id, out, n, cause);
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

/* A slot holding content, for the 14-day duplicate check. */
struct dup_use {
	int64_t group_id, content_id, slot_id;
	int day;
};

static int dup_use_cmp(const void *a, const void *b)
{
	const struct dup_use *x = a, *y = b;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	if (x->content_id != y->content_id)
		return x->content_id < y->content_id ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

/*
 * Every slot with content within CALENDAR_DUP_DAYS of the week (either side),
 * for one group (id) or all (0), sorted by group, content, day: one query for
 * every cell's duplicate check instead of one per filled cell.
 */
static int dup_uses_load(struct db *db, int start, int64_t group_id, struct dup_use **out,
			 size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_cached(db,
				     "SELECT group_id, content_id, day, id FROM slot WHERE content_id "
				     "IS NOT NULL AND day BETWEEN ?1 AND ?2 AND (?3 = 0 OR group_id "
				     "= ?3)",
				     cause);
	if (!st)
		return -1;
	char lo[11], hi[11];
	date_format(start - (CALENDAR_DUP_DAYS - 1), lo);
	date_format(start + 6 + (CALENDAR_DUP_DAYS - 1), hi);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, group_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = (struct dup_use){sqlite3_column_int64(st, 0),
						  sqlite3_column_int64(st, 1),
						  sqlite3_column_int64(st, 3),
						  date_parse(db_col_text(st, 2))};
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(db, "checking for duplicates", cause);
	}
	if (*n > 1)
		qsort(*out, *n, sizeof **out, dup_use_cmp);
	return 0;
}

/*
 * The nearest other day within 14 days the group has the same content (the
 * earlier one on a tie); DATE_INVALID if none.
 */
static int duplicate_day(const struct dup_use *uses, size_t n, const struct cal_slot *s)
{
	struct dup_use key = {s->group_id, s->content_id, 0, s->day - CALENDAR_DUP_DAYS};
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (dup_use_cmp(&uses[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int best = DATE_INVALID, best_gap = CALENDAR_DUP_DAYS;
	for (size_t i = lo; i < n && uses[i].group_id == s->group_id &&
			    uses[i].content_id == s->content_id; i++) {
		int gap = abs(uses[i].day - s->day);
		if (uses[i].slot_id == s->id || gap >= CALENDAR_DUP_DAYS)
			continue;
		if (gap < best_gap) {
			best_gap = gap;
			best = uses[i].day;
		}
	}
	return best;
}

/* Slot indexes by group, keeping the week's order (day, time) within a group. */
struct slot_ref {
	int64_t group_id;
	size_t at;
};

static int slot_ref_cmp(const void *a, const void *b)
{
	const struct slot_ref *x = a, *y = b;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* The week's context for filling cells, built once for all groups. */
struct week_ctx {
	struct slot_ref *refs;           /* every slot of the week, by group */
	size_t n_refs;
	struct dup_use *uses;            /* content uses around the week */
	size_t n_uses;
	struct cal_due due;              /* scratch */
};

/* Fill in the cells of group gi from the week's slots. */
static void week_cells(const struct playbook *pb, struct cal_week *w, size_t gi, int64_t now,
		       struct week_ctx *x)
{
	struct cal_group_week *gw = &w->groups[gi];
	gw->cells = xcalloc(w->n_rows ? w->n_rows * 7 : 1, sizeof *gw->cells);
	/* This group's slots: a range of the refs sorted by group. */
	size_t first = 0, end, hi = x->n_refs;
	while (first < hi) {
		size_t mid = first + (hi - first) / 2;
		if (x->refs[mid].group_id < gw->group.id)
			first = mid + 1;
		else
			hi = mid;
	}
	for (end = first; end < x->n_refs && x->refs[end].group_id == gw->group.id; end++)
		;
	for (size_t r = 0; r < w->n_rows; r++) {
		for (int d = 0; d < 7; d++) {
			struct cal_cell *c = &gw->cells[r * 7 + (size_t)d];
			const struct cal_row *row = &w->rows[r];
			int day = w->start + d, at = row->at;
			c->action = row_due(pb, row, &gw->group, day, &c->n_due, &x->due);
			c->dup_day = DATE_INVALID;
			/* The slot of the cell's action; in a lane, any other one-off's slot too. */
			for (size_t k = first; k < end; k++) {
				struct cal_slot *s = &w->slots[x->refs[k].at];
				if (s->day != day || !row_holds_slot(row, s, w->rows, w->n_rows))
					continue;
				bool exact = c->action && s->action_id &&
					     strcmp(s->action_id, c->action->id) == 0;
				if (!c->slot || exact)
					c->slot = s;
			}
			bool empty = !c->slot || cal_slot_empty(c->slot);
			bool matches = c->slot && c->action &&
				       (!c->slot->action_id ||
					strcmp(c->slot->action_id, c->action->id) == 0);
			if (c->action)
				w->n_due++;
			if (!empty && matches)
				w->n_filled++;
			if (!empty && !matches) {
				const struct pb_action *sa = c->slot->action_id
					? playbook_action(pb, c->slot->action_id) : NULL;
				c->warn |= due_but_for_stage(pb, &gw->group, day, sa) ? CAL_WARN_STAGE
										      : CAL_WARN_NOT_DUE;
			}
			if (c->slot && c->slot->content_id) {
				c->dup_day = duplicate_day(x->uses, x->n_uses, c->slot);
				if (c->dup_day != DATE_INVALID)
					c->warn |= CAL_WARN_DUPLICATE;
			}
			int64_t due_at = (int64_t)day * 1440 + at;
			if (c->action && empty && due_at >= now &&
			    due_at - now < CALENDAR_EMPTY_HOURS * 60)
				c->warn |= CAL_WARN_EMPTY_SOON;
			if (c->warn)
				w->n_warnings++;
		}
	}
}

/* The week's mix: filled content by category against the playbook's targets. */
static void week_mix(const struct playbook *pb, struct cal_week *w)
{
	w->n_mix = pb->n_categories;
	w->mix = xcalloc(w->n_mix ? w->n_mix : 1, sizeof *w->mix);
	for (size_t i = 0; i < w->n_mix; i++) {
		w->mix[i].key = pb->categories[i].key;
		w->mix[i].name = pb->categories[i].name;
		w->mix[i].target = pb->categories[i].share;
	}
	for (size_t i = 0; i < w->n_slots; i++) {
		const struct cal_slot *s = &w->slots[i];
		if (!s->content_id)
			continue;
		w->mix_total++;
		bool found = false;
		for (size_t k = 0; k < w->n_mix && !found; k++)
			if (strcmp(w->mix[k].key, s->category) == 0) {
				w->mix[k].used++;
				found = true;
			}
		if (!found)
			w->mix_other++;
	}
	for (size_t i = 0; i < w->n_mix; i++)
		w->mix[i].share = w->mix_total ? 100.0 * (double)w->mix[i].used /
							 (double)w->mix_total
					       : 0;
}

static int week_ab(struct db *db, struct cal_week *w, char **cause);

int calendar_week(struct db *db, const struct playbook *pb, int start, const char *group_name,
		  int64_t now, struct cal_week *out, char **cause)
{
	memset(out, 0, sizeof *out);
	out->start = calendar_week_start(start);
	date_iso_week(out->start, &out->iso_year, &out->iso_week);
	struct group *groups;
	size_t n_groups;
	if (cal_groups_load(db, group_name, &groups, &n_groups, cause) < 0)
		return -1;
	out->groups = xcalloc(n_groups ? n_groups : 1, sizeof *out->groups);
	out->n_groups = n_groups;
	for (size_t g = 0; g < n_groups; g++) {
		out->groups[g].group = groups[g];
		int age = group_age(&groups[g], out->start);
		out->groups[g].stage = age >= 0 ? playbook_stage_for_age(pb, age) : NULL;
	}
	free(groups);
	int64_t only = group_name ? out->groups[0].group.id : 0;
	if (cal_slots_load(db, out->start, out->start + 6, only, &out->slots, &out->n_slots,
			   cause) < 0) {
		calendar_week_free(out);
		return -1;
	}
	out->n_rows = cal_grid_rows(pb, &out->rows);
	size_t n_recurring = out->n_rows;
	/* One-off actions due this week get their time's 专项 row. */
	struct cal_due due = {0};
	for (size_t g = 0; g < out->n_groups; g++)
		for (int d = 0; d < 7; d++) {
			size_t k = calendar_due_actions(pb, &out->groups[g].group, out->start + d, -1,
							&due);
			for (size_t i = 0; i < k; i++)
				if (!calendar_action_recurring(due.a[i]))
					rows_add_lane(&out->rows, &out->n_rows, due.a[i]->at);
		}
	/* So do slots that no recurring row holds, so nothing stored is hidden. */
	for (size_t i = 0; i < out->n_slots; i++) {
		struct cal_row lane = {.at = out->slots[i].at};
		if (row_holds_slot(&lane, &out->slots[i], out->rows, n_recurring))
			rows_add_lane(&out->rows, &out->n_rows, out->slots[i].at);
	}
	/* A row nobody shown has anything due in (售后答疑 without a service group) is dropped. */
	size_t kept = 0;
	for (size_t r = 0; r < out->n_rows; r++) {
		bool used = !out->rows[r].action_id;
		for (size_t i = 0; i < out->n_slots && !used; i++)
			used = row_holds_slot(&out->rows[r], &out->slots[i], out->rows, out->n_rows);
		for (size_t g = 0; g < out->n_groups && !used; g++)
			for (int d = 0; d < 7 && !used; d++) {
				size_t n_due;
				used = row_due(pb, &out->rows[r], &out->groups[g].group,
					       out->start + d, &n_due, &due) != NULL;
			}
		if (used) {
			out->rows[kept++] = out->rows[r];
		} else {
			free(out->rows[r].label);
			free(out->rows[r].action_id);
		}
	}
	out->n_rows = kept;
	if (out->n_rows > 1)
		qsort(out->rows, out->n_rows, sizeof *out->rows, row_cmp);
	/* Cells read only memory: the slots by group and the content uses around the week. */
	struct week_ctx x = {.due = due};
	if (dup_uses_load(db, out->start, only, &x.uses, &x.n_uses, cause) < 0) {
		cal_due_free(&x.due);
		calendar_week_free(out);
		return -1;
	}
	x.n_refs = out->n_slots;
	x.refs = xcalloc(x.n_refs ? x.n_refs : 1, sizeof *x.refs);
	for (size_t i = 0; i < x.n_refs; i++)
		x.refs[i] = (struct slot_ref){out->slots[i].group_id, i};
	if (x.n_refs > 1)
		qsort(x.refs, x.n_refs, sizeof *x.refs, slot_ref_cmp);
	for (size_t g = 0; g < out->n_groups; g++)
		week_cells(pb, out, g, now, &x);
	free(x.refs);
	free(x.uses);
	cal_due_free(&x.due);
	week_mix(pb, out);
	if (week_ab(db, out, cause) < 0) {
		calendar_week_free(out);
		return -1;
	}
	return 0;
}

void calendar_week_free(struct cal_week *w)
{
	cal_rows_free(w->rows, w->n_rows);
	for (size_t g = 0; g < w->n_groups; g++) {
		group_clear(&w->groups[g].group);
		free(w->groups[g].cells);
	}
	free(w->groups);
	cal_slots_free(w->slots, w->n_slots);
	free(w->mix);
	ab_list_free(w->ab_tests, w->n_ab_tests);
	memset(w, 0, sizeof *w);
}

/* Every A/B test in one go (two statements): each tested cell of the week gets its day's arm. */
static int week_ab(struct db *db, struct cal_week *w, char **cause)
{
	if (ab_list(db, &w->ab_tests, &w->n_ab_tests, cause) < 0)
		return -1;
	for (size_t t = 0; t < w->n_ab_tests; t++) {
		const struct ab_test *test = &w->ab_tests[t];
		for (int d = 0; d < 7; d++) {
			int arm = ab_arm_on(test, w->start + d);
			if (arm < 0)
				continue;
			for (size_t g = 0; g < w->n_groups; g++) {
				bool in = false;
				for (size_t k = 0; k < test->n_groups && !in; k++)
					in = test->groups[k] == w->groups[g].group.id;
				for (size_t r = 0; in && r < w->n_rows; r++) {
					struct cal_cell *c = calendar_cell(w, g, r, d);
					if (!c || !c->action || strcmp(c->action->id, test->action_id) != 0)
						continue;
					c->ab_test = test->name;
					c->ab_arm = (char)('A' + arm);
					c->ab_at = test->kind == AB_TIME ? time_parse_hhmm(test->arm[arm]) : -1;
					c->ab_copy = test->kind == AB_COPY ? test->arm[arm] : NULL;
				}
			}
		}
	}
	return 0;
}

struct cal_cell *calendar_cell(const struct cal_week *w, size_t g, size_t row, int weekday)
{
	if (g >= w->n_groups || row >= w->n_rows || weekday < 0 || weekday > 6)
		return NULL;
	return &w->groups[g].cells[row * 7 + (size_t)weekday];
}

/* ---- changes ---- */

/* A change in progress: one transaction and one undo batch. */
struct change {
	struct db *db;
	const char *operator;
	char *what;
	int64_t batch;
};

static int change_begin(struct db *db, const char *operator, char *what, struct change *c,
			char **cause)
{
	c->db = db;
	c->operator = operator;
	c->what = what;
	if (db_begin(db, cause) < 0) {
		free(what);
		return -1;
	}
	sqlite3_stmt *st = db_cached(db, "SELECT coalesce(max(batch), 0) + 1 FROM slot_undo", cause);
	if (!st) {
		db_rollback(db);
		free(what);
		return -1;
	}
	c->batch = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	sqlite3_reset(st);
	return 0;
}

/* Keep the slot's before-image for undo, once per position and change. */
static int change_snapshot(struct change *c, int64_t group_id, int day, int at,
			   const char *action_id, char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(c->db,
		       "INSERT INTO slot_undo (batch, operator, what, group_id, day, at, existed, "
		       "action_id, content_id, topic, form, owner, status, updated_at, updated_by) "
		       "SELECT ?1, ?2, ?3, ?4, ?5, ?6, s.id IS NOT NULL, ?7, s.content_id, "
		       "coalesce(s.topic, ''), coalesce(s.form, ''), coalesce(s.owner, ''), "
		       "coalesce(s.status, 'planned'), coalesce(s.updated_at, ''), "
		       "coalesce(s.updated_by, '') FROM (SELECT 1) LEFT JOIN slot s "
		       "ON s.group_id = ?4 AND s.day = ?5 AND s.at = ?6 AND s.action_id = ?7 "
		       "WHERE NOT EXISTS (SELECT 1 FROM slot_undo u WHERE u.batch = ?1 AND "
		       "u.group_id = ?4 AND u.day = ?5 AND u.at = ?6 AND u.action_id = ?7)", cause)))
		return -1;
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	sqlite3_bind_int64(st, 1, c->batch);
	sqlite3_bind_text(st, 2, c->operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c->what, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, group_id);
	sqlite3_bind_text(st, 5, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, hhmm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, action_id ? action_id : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(c->db, "recording undo", cause);
}

static int redo_forget(struct db *db, const char *operator, char **cause);

/* Audit, drop old undo batches, commit; rolls back on failure. Frees what. */
static int change_commit(struct change *c, const char *kind, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = db_audit(c->db, c->operator, kind, c->what, cause);
	/* A new change ends what could be redone, as in every editor. */
	if (rc == 0)
		rc = redo_forget(c->db, c->operator, cause);
	if (rc == 0 && !(st = db_cached(c->db,
					"DELETE FROM slot_undo WHERE operator = ?1 AND batch < (SELECT "
					"coalesce(min(batch), 0) FROM (SELECT DISTINCT batch FROM "
					"slot_undo WHERE operator = ?1 ORDER BY batch DESC LIMIT ?2))",
					cause)))
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, c->operator, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, CALENDAR_UNDO_KEEP);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(c->db, "trimming undo", cause);
		sqlite3_reset(st);
	}
	free(c->what);
	c->what = NULL;
	if (rc < 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db, cause);
}

static int change_fail(struct change *c)
{
	db_rollback(c->db);
	free(c->what);
	c->what = NULL;
	return -1;
}

/* Insert or replace the slot at a position. */
static int slot_write(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		      int64_t content_id, const char *topic, const char *form, const char *owner,
		      enum slot_status status, const char *operator, char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(db,
		       "INSERT INTO slot (group_id, day, at, action_id, content_id, topic, form, "
		       "owner, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		       "ON CONFLICT (group_id, day, at, action_id) DO UPDATE SET "
		       "content_id = excluded.content_id, topic = excluded.topic, "
		       "form = excluded.form, owner = excluded.owner, status = excluded.status, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by", cause)))
		return -1;
	char date[11], hhmm[6], now[DB_NOW_SIZE];
	cal_fmt(day, at, date, hhmm);
	db_now(now);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hhmm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, action_id ? action_id : "", -1, SQLITE_TRANSIENT);
	if (content_id)
		sqlite3_bind_int64(st, 5, content_id);
	sqlite3_bind_text(st, 6, topic ? topic : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, form ? form : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, owner ? owner : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, slot_status_key(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 11, operator, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "writing a calendar slot", cause);
}

/* Delete the slot of one action (NULL = none, '') at a position. */
static int slot_delete(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		       char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(db, "DELETE FROM slot WHERE group_id = ? AND day = ? AND at = ? AND "
		       "action_id = ?", cause)))
		return -1;
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hhmm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, action_id ? action_id : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "clearing a calendar slot", cause);
}

/*
 * The action of a slot to write: want (when due for the group then), else
 * prefer (when due), else the most specific content action due at that time;
 * an error says nothing is due there.
 */
static int due_here(struct db *db, const struct playbook *pb, int64_t group_id, int day, int at,
		    const char *want, const char *prefer, const struct pb_action **action,
		    char **name, char **cause)
{
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	struct cal_due due = {0};
	size_t n = calendar_due_actions(pb, &g, day, at, &due);
	*action = NULL;
	for (size_t i = 0; i < n && !*action; i++)
		if (want ? strcmp(due.a[i]->id, want) == 0
			 : prefer && strcmp(due.a[i]->id, prefer) == 0)
			*action = due.a[i];
	if (!*action && !want && n)
		*action = due.a[0];
	cal_due_free(&due);
	int rc = 0;
	if (!*action) {
		char date[11], hhmm[6];
		cal_fmt(day, at, date, hhmm);
		if (want)
			rc = set_cause(cause, "%s: action '%s' is not due on %s at %s (for its stage "
				       "and type): not a slot to fill", g.name, want, date, hhmm);
		else
			rc = set_cause(cause, "%s has nothing due on %s at %s (no playbook content "
				       "action for its stage and type then): not a slot to fill",
				       g.name, date, hhmm);
	}
	if (name)
		*name = xstrdup(g.name);
	group_clear(&g);
	return rc;
}

/* A fill's field when given, else the stored slot's value ("" for a new slot). */
static const char *keep(const char *given, const struct cal_slot *old, const char *old_value)
{
	return given ? given : old ? old_value : "";
}

int calendar_fill(struct db *db, const struct playbook *pb, int64_t group_id, int day, int at,
		  const struct cal_fill *f, const char *operator, char **cause)
{
	if (at < 0 || at >= 24 * 60)
		return set_cause(cause, "a slot needs a time of day (HH:MM)");
	if (f->status >= SLOT_STATUS_COUNT)
		return set_cause(cause, "bad slot status %d", f->status);
	if (!f->content_id && (!f->topic || !*f->topic))
		return set_cause(cause, "a placeholder needs a topic (or fill with a content id)");
	const struct pb_action *action = NULL;
	char *gname = NULL;
	if (due_here(db, pb, group_id, day, at, f->action_id, NULL, &action, &gname, cause) < 0) {
		free(gname);
		return -1;
	}
	if (f->content_id) {
		struct content_item it;
		if (content_require(db, f->content_id, &it, cause) < 0) {
			free(gname);
			return -1;
		}
		content_item_clear(&it);
	}
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	char *what = f->content_id
		? xasprintf("fill %s %s %s %s with content %lld", gname, date, hhmm, action->id,
			    (long long)f->content_id)
		: xasprintf("fill %s %s %s %s with placeholder %s", gname, date, hhmm, action->id,
			    f->topic);
	free(gname);
	struct change c;
	if (change_begin(db, operator, what, &c, cause) < 0)
		return -1;
	struct cal_slot old;
	int have = calendar_slot_get(db, group_id, day, at, action->id, &old, cause);
	if (have < 0)
		return change_fail(&c);
	const struct cal_slot *o = have == 0 ? &old : NULL;
	enum slot_status status = SLOT_PLANNED;
	if (f->status >= 0)
		status = (enum slot_status)f->status;
	else if (o && old.content_id == f->content_id)
		status = old.status;
	/* Filling a placeholder from the library keeps its plan: topic, form, owner. */
	int rc = change_snapshot(&c, group_id, day, at, action->id, cause);
	if (rc == 0)
		rc = slot_write(db, group_id, day, at, action->id, f->content_id,
				keep(f->topic, o, o ? old.topic : NULL),
				keep(f->form, o, o ? old.form : NULL),
				keep(f->owner, o, o ? old.owner : NULL), status, operator, cause);
	if (o)
		cal_slot_clear(&old);
	if (rc < 0)
		return change_fail(&c);
	return change_commit(&c, "schedule", cause);
}

/* Start a change on a stored slot: it must exist (action_id as in calendar_slot_get). */
static int change_on_slot(struct db *db, int64_t group_id, int day, int at,
			  const char *action_id, const char *operator, const char *verb,
			  struct change *c, struct cal_slot *slot, char **cause)
{
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	char *what = xasprintf("%s %s %s %s", verb, g.name, date, hhmm);
	if (change_begin(db, operator, what, c, cause) < 0) {
		group_clear(&g);
		return -1;
	}
	int have = calendar_slot_get(db, group_id, day, at, action_id, slot, cause);
	if (have == 1)
		set_cause(cause, "nothing scheduled for %s on %s %s%s%s", g.name, date, hhmm,
			  action_id && *action_id ? " " : "", action_id ? action_id : "");
	group_clear(&g);
	if (have != 0 || change_snapshot(c, group_id, day, at, slot->action_id, cause) < 0) {
		if (have == 0)
			cal_slot_clear(slot);
		return change_fail(c);
	}
	return 0;
}

int calendar_clear(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		   const char *operator, char **cause)
{
	struct change c;
	struct cal_slot s;
	if (change_on_slot(db, group_id, day, at, action_id, operator, "clear", &c, &s, cause) < 0)
		return -1;
	int rc = slot_delete(db, group_id, day, at, s.action_id, cause);
	cal_slot_clear(&s);
	if (rc < 0)
		return change_fail(&c);
	return change_commit(&c, "unschedule", cause);
}

int calendar_set_status(struct db *db, int64_t group_id, int day, int at, const char *action_id,
			enum slot_status status, const char *operator, char **cause)
{
	if ((unsigned)status >= SLOT_STATUS_COUNT)
		return set_cause(cause, "bad slot status %d", (int)status);
	struct change c;
	struct cal_slot s;
	if (change_on_slot(db, group_id, day, at, action_id, operator, slot_status_key(status), &c,
			   &s, cause) < 0)
		return -1;
	int rc = slot_write(db, group_id, day, at, s.action_id, s.content_id, s.topic, s.form,
			    s.owner, status, operator, cause);
	cal_slot_clear(&s);
	if (rc < 0)
		return change_fail(&c);
	return change_commit(&c, "slot-status", cause);
}

int calendar_cycle_status(struct db *db, int64_t group_id, int day, int at,
			  const char *action_id, const char *operator, enum slot_status *now,
			  char **cause)
{
	struct cal_slot s;
	int have = calendar_slot_get(db, group_id, day, at, action_id, &s, cause);
	if (have < 0)
		return -1;
	if (have == 1) {
		char date[11], hhmm[6];
		cal_fmt(day, at, date, hhmm);
		return set_cause(cause, "nothing scheduled on %s %s: fill the slot first", date,
				 hhmm);
	}
	enum slot_status next = (enum slot_status)((s.status + 1) % SLOT_STATUS_COUNT);
	/* Address the slot by its own key: "" for a slot stored without an action. */
	char *key = xstrdup(s.action_id ? s.action_id : "");
	cal_slot_clear(&s);
	int rc = calendar_set_status(db, group_id, day, at, key, next, operator, cause);
	free(key);
	if (rc < 0)
		return -1;
	if (now)
		*now = next;
	return 0;
}

int calendar_move(struct db *db, const struct playbook *pb, struct cal_pos from,
		  struct cal_pos to, bool keep_source, const char *operator, char **cause)
{
	struct change c;
	struct cal_slot s;
	if (change_on_slot(db, from.group_id, from.day, from.at, from.action_id, operator,
			   keep_source ? "copy" : "move", &c, &s, cause) < 0)
		return -1;
	const struct pb_action *action = NULL;
	char *tname = NULL;
	/* The target's action: given, else the source's own when due there. */
	int rc = due_here(db, pb, to.group_id, to.day, to.at, to.action_id, s.action_id, &action,
			  &tname, cause);
	char date[11], hhmm[6];
	cal_fmt(to.day, to.at, date, hhmm);
	if (rc == 0 && from.group_id == to.group_id && from.day == to.day && from.at == to.at &&
	    s.action_id && strcmp(s.action_id, action->id) == 0)
		rc = set_cause(cause, "the target is the slot itself");
	struct cal_slot t;
	int have = rc == 0 ? calendar_slot_get(db, to.group_id, to.day, to.at, action->id, &t,
					       cause) : 1;
	if (have < 0)
		rc = -1;
	if (have == 0) {
		if (!cal_slot_empty(&t))
			rc = set_cause(cause, "%s %s %s %s is already filled (%s): clear it first",
				       tname, date, hhmm, action->id, cal_slot_label(&t));
		cal_slot_clear(&t);
	}
	/* The description names the target too, for the undo message. */
	char *what = xasprintf("%s to %s %s %s", c.what, tname ? tname : "", date, hhmm);
	free(c.what);
	c.what = what;
	free(tname);
	if (rc == 0)
		rc = change_snapshot(&c, to.group_id, to.day, to.at, action->id, cause);
	if (rc == 0)
		rc = slot_write(db, to.group_id, to.day, to.at, action->id, s.content_id, s.topic,
				s.form, s.owner, keep_source ? SLOT_PLANNED : s.status, operator,
				cause);
	if (rc == 0 && !keep_source)
		rc = slot_delete(db, from.group_id, from.day, from.at, s.action_id, cause);
	cal_slot_clear(&s);
	if (rc < 0)
		return change_fail(&c);
	return change_commit(&c, keep_source ? "schedule-copy" : "schedule-move", cause);
}

int calendar_copy_week(struct db *db, const struct playbook *pb, int start, int64_t group_id,
		       const char *operator, size_t *copied, size_t *skipped, char **cause)
{
	start = calendar_week_start(start);
	*copied = *skipped = 0;
	int y, wk;
	date_iso_week(start, &y, &wk);
	struct change c;
	if (change_begin(db, operator, xasprintf("copy last week into %04d-W%02d", y, wk), &c,
			 cause) < 0)
		return -1;
	struct cal_slot *slots;
	size_t n;
	if (cal_slots_load(db, start - 7, start - 1, group_id, &slots, &n, cause) < 0)
		return change_fail(&c);
	struct group g = {0};
	struct cal_due due = {0};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct cal_slot *s = &slots[i];
		if (cal_slot_empty(s))
			continue;
		if (g.id != s->group_id) {
			group_clear(&g);
			if ((rc = group_require_id(db, s->group_id, &g, cause)) < 0)
				break;
		}
		const struct pb_action *a = NULL;
		int day = s->day + 7;
		size_t k = calendar_due_actions(pb, &g, day, s->at, &due);
		/* The same action a week later; a slot without one takes the time's first. */
		for (size_t j = 0; j < k && !a; j++)
			if (!s->action_id || strcmp(due.a[j]->id, s->action_id) == 0)
				a = due.a[j];
		struct cal_slot t;
		int have = 1;
		if (!a || (have = calendar_slot_get(db, g.id, day, s->at, a->id, &t, cause)) != 1) {
			if (have < 0)
				rc = -1;
			else if (have == 0)
				cal_slot_clear(&t);
			(*skipped)++;
			continue;
		}
		rc = change_snapshot(&c, g.id, day, s->at, a->id, cause);
		if (rc == 0)
			rc = slot_write(db, g.id, day, s->at, a->id, s->content_id, s->topic,
					s->form, s->owner, SLOT_PLANNED, operator, cause);
		if (rc == 0)
			(*copied)++;
	}
	group_clear(&g);
	cal_due_free(&due);
	cal_slots_free(slots, n);
	if (rc < 0 || *copied == 0) {
		change_fail(&c);
		return rc;
	}
	char *what = xasprintf("%s (%zu slots)", c.what, *copied);
	free(c.what);
	c.what = what;
	return change_commit(&c, "schedule-copy-week", cause);
}

/* Drop the operator's redo batches (a new change was made). */
static int redo_forget(struct db *db, const char *operator, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "DELETE FROM slot_redo WHERE operator = ?", &st, cause) < 0)
		return -1;
	sqlite3_bind_text(st, 1, operator, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "forgetting redo", cause);
	sqlite3_finalize(st);
	return rc;
}

/* Run one statement over ?1 = batch, ?2 = the other table's new batch. */
static int batch_step(struct db *db, const char *sql, int64_t batch, int64_t other,
		      char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, other);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "undoing", cause);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Undo (from slot_undo to slot_redo) or redo (the other way): the newest batch of
 * the operator in `from` is put back, and what is there now becomes a batch of
 * `to`, so that each can be taken back by the other. One transaction, audited.
 */
static int undo_redo(struct db *db, const char *operator, bool redo, char **what, char **cause)
{
	const char *from = redo ? "slot_redo" : "slot_undo", *to = redo ? "slot_undo" : "slot_redo";
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *st = NULL;
	char *sql = xasprintf("SELECT batch, what, (SELECT coalesce(max(batch), 0) + 1 FROM %s) "
			      "FROM %s WHERE operator = ? ORDER BY batch DESC LIMIT 1", to, from);
	int rc = db_prepare(db, sql, &st, cause);
	free(sql);
	int64_t batch = 0, other = 0;
	char *desc = NULL;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, operator, -1, SQLITE_TRANSIENT);
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW) {
			batch = sqlite3_column_int64(st, 0);
			desc = xstrdup(db_col_text(st, 1));
			other = sqlite3_column_int64(st, 2);
		} else if (r == SQLITE_DONE) {
			rc = set_cause(cause, "nothing to %s for %s", redo ? "redo" : "undo",
				       operator);
		} else {
			rc = db_fail(db, "reading undo", cause);
		}
	}
	sqlite3_finalize(st);
	/* Keep what is there now, delete it, then put back the batch's image. */
	char *steps[] = {
		xasprintf("INSERT INTO %s (batch, operator, what, group_id, day, at, existed, "
			  "action_id, content_id, topic, form, owner, status, updated_at, updated_by) "
			  "SELECT ?2, u.operator, u.what, u.group_id, u.day, u.at, s.id IS NOT NULL, "
			  "coalesce(u.action_id, ''), s.content_id, coalesce(s.topic, ''), "
			  "coalesce(s.form, ''), coalesce(s.owner, ''), coalesce(s.status, 'planned'), "
			  "coalesce(s.updated_at, ''), coalesce(s.updated_by, '') FROM %s u "
			  "LEFT JOIN slot s ON s.group_id = u.group_id AND s.day = u.day AND "
			  "s.at = u.at AND s.action_id = coalesce(u.action_id, '') WHERE u.batch = ?1",
			  to, from),
		xasprintf("DELETE FROM slot WHERE EXISTS (SELECT 1 FROM %s u WHERE u.batch = ?1 "
			  "AND u.group_id = slot.group_id AND u.day = slot.day AND u.at = slot.at "
			  "AND coalesce(u.action_id, '') = slot.action_id)", from),
		xasprintf("INSERT INTO slot (group_id, day, at, action_id, content_id, topic, form, "
			  "owner, status, updated_at, updated_by) SELECT u.group_id, u.day, u.at, "
			  "coalesce(u.action_id, ''), "
			  "(SELECT id FROM content WHERE id = u.content_id), u.topic, u.form, u.owner, "
			  "u.status, u.updated_at, u.updated_by FROM %s u WHERE u.batch = ?1 "
			  "AND u.existed AND EXISTS (SELECT 1 FROM chat_group g WHERE g.id = u.group_id)",
			  from),
		xasprintf("DELETE FROM %s WHERE batch = ?1", from),
	};
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		if (rc == 0)
			rc = batch_step(db, steps[i], batch, other, cause);
		free(steps[i]);
	}
	if (rc == 0) {
		char *detail = xasprintf("%s %s", redo ? "redo" : "undo", desc);
		rc = db_audit(db, operator, redo ? "schedule-redo" : "schedule-undo", detail, cause);
		free(detail);
	}
	if (rc < 0 || db_commit(db, cause) < 0) {
		db_rollback(db);
		free(desc);
		return -1;
	}
	if (what)
		*what = desc;
	else
		free(desc);
	return 0;
}

int calendar_undo(struct db *db, const char *operator, char **what, char **cause)
{
	return undo_redo(db, operator, false, what, cause);
}

int calendar_redo(struct db *db, const char *operator, char **what, char **cause)
{
	return undo_redo(db, operator, true, what, cause);
}

int calendar_on_tick(struct db *db, const struct playbook *pb, int64_t group_id,
		     const char *action_id, int day, const char *operator, char **cause)
{
	struct playbook *own = NULL;
	if (!pb) {
		if (playbook_load_active(db, &own, cause) < 0)
			return -1;
		pb = own;
	}
	const struct pb_action *a = playbook_action(pb, action_id);
	char date[11], hhmm[6] = "";
	date_format(day, date);
	if (a && a->at >= 0)
		time_format_hhmm(a->at, hhmm);
	sqlite3_stmt *st = db_cached(db,
				     "UPDATE slot SET status_before_tick = status, status = 'posted', "
				     "updated_at = ?1, updated_by = ?2 "
				     "WHERE group_id = ?3 AND day = ?4 AND (action_id = ?6 OR "
				     "(action_id = '' AND at = ?5)) "
				     "AND status <> 'posted' AND (content_id IS NOT NULL OR topic <> '')",
				     cause);
	int rc = st ? 0 : -1;
	if (rc == 0) {
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
			rc = db_fail(db, "marking the slot posted", cause);
		else if (sqlite3_changes(db_sqlite(db)) > 0) {
			char *detail = xasprintf("%lld:%s %s %s posted", (long long)group_id,
						 action_id, date, hhmm);
			rc = db_audit(db, operator, "slot-status", detail, cause);
			free(detail);
		}
	}
	playbook_free(own);
	return rc;
}
