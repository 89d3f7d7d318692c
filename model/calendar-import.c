/*
 * Calendar import: the sheet `export calendar --format csv` writes, read back
 * (planners edit the plan in a spreadsheet). Each row is one slot (group, day,
 * time, 栏目 = the action's short title); a row with content or a topic fills
 * it, an empty row clears it. The whole file is one transaction: any bad row
 * and nothing changes, with every bad row named by its line.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal-internal.h"
#include "calendar.h"
#include "content.h"
#include "csv.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

#define CAL_IMPORT_MAX_LISTED 20     /* bad rows named in the message; the rest are counted */
#define CAL_IMPORT_MAX_ROWS 2000000  /* a bound on memory: far beyond a year of 500 groups */

static const char *const date_names[] = {"日期", "date", NULL};
static const char *const time_names[] = {"时间", "time", NULL};
static const char *const group_names[] = {"群", "群名", "group", NULL};
static const char *const column_names[] = {"栏目", "column", "action", NULL};
static const char *const id_names[] = {"内容ID", "内容id", "content_id", "content id", NULL};
static const char *const what_names[] = {"内容/主题", "主题", "topic", "title", NULL};
static const char *const form_names[] = {"形式", "form", NULL};
static const char *const owner_names[] = {"负责人", "owner", NULL};
static const char *const status_names[] = {"状态", "status", NULL};

/* The import's page cache (db_bulk), in KiB. */
#define CAL_IMPORT_CACHE_KIB 16384

/* The file's column of each field (-1 when absent). */
struct cols {
	int date, time, group, column, id, what, form, owner, status;
};

/* A slot's key and the line that set it, to find two rows for one slot. */
struct seen {
	int64_t group_id;
	int day, at;
	const char *action;   /* points into the playbook; "" for none */
	long line;
};

struct imp {
	struct db *db;
	const struct cols *cols;       /* the header's columns */
	const struct playbook_set *set; /* every playbook: each group's 栏目 are its own's */
	const char *name;
	const char *operator;
	struct group *groups;          /* sorted by name (strcmp) */
	size_t n_groups;
	char ***short_titles;          /* per playbook of set, per action */
	struct cal_due due;            /* reused for every row */
	struct seen *seen;
	size_t n_seen, cap_seen;
	struct buf problems;
	size_t n_problems;
	struct cal_import_result *res;
	char now[DB_NOW_SIZE];
};

/* Note a bad row (listed up to a bound, always counted). */
static void problem(struct imp *im, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(struct imp *im, long line, const char *fmt, ...)
{
	im->n_problems++;
	if (im->n_problems > CAL_IMPORT_MAX_LISTED)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	buf_addf(&im->problems, "\n%s:%ld: %s", im->name, line, msg);
	free(msg);
}

static int group_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name, ((const struct group *)b)->name);
}

/* A group by exact name from the sorted list: one load for the whole file, not a query a row. */
static const struct group *find_group(const struct imp *im, const char *name)
{
	struct group key = {.name = (char *)name};
	return bsearch(&key, im->groups, im->n_groups, sizeof *im->groups, group_name_cmp);
}

/* A field of the record, trimmed, or "" when the column is absent. */
static char *field(const struct csv_record *rec, int col)
{
	return text_trim(xstrdup(csv_field(rec, col)));
}

/* "HH:MM" or "H:MM" (spreadsheets drop the leading zero; some add ":00" seconds). */
static int parse_time(const char *s)
{
	int at = time_parse_hhmm(s);
	if (at >= 0)
		return at;
	size_t n = strlen(s);
	if ((n == 8 || n == 7) && strcmp(s + n - 3, ":00") == 0) {
		char cut[8];
		memcpy(cut, s, n - 3);
		cut[n - 3] = '\0';
		return time_parse_hhmm(cut);
	}
	return -1;
}

/* The index in im->set of the playbook g runs on. */
static size_t group_playbook(const struct imp *im, const struct group *g)
{
	const struct playbook *pb = playbook_set_for(im->set, g);
	for (size_t p = 0; p < im->set->n; p++)
		if (im->set->pbs[p] == pb)
			return p;
	return 0;
}

/*
 * The action a row names by its 栏目 among those due then in the group's own playbook;
 * NULL with a problem noted.
 */
static const struct pb_action *row_action(struct imp *im, long line, const struct group *g,
					  int day, int at, const char *column, const char *date,
					  const char *hhmm, bool *orphan)
{
	size_t p = group_playbook(im, g);
	const struct playbook *pb = im->set->pbs[p];
	char **short_titles = im->short_titles[p];
	size_t n = calendar_due_actions(pb, g, day, at, &im->due);
	const struct pb_action **due = im->due.a;
	*orphan = false;
	if (!column[0]) {
		/* No 栏目: the export's row for a slot where nothing is due, or a planner's row. */
		if (n)
			return due[0];
		*orphan = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)(due[i] - pb->actions);
		if (strcmp(short_titles[k], column) == 0 || strcmp(due[i]->id, column) == 0)
			return due[i];
	}
	bool known = false;
	for (size_t k = 0; k < pb->n_actions && !known; k++)
		known = strcmp(short_titles[k], column) == 0 || strcmp(pb->actions[k].id, column) == 0;
	if (known)
		problem(im, line,
			_("栏目 '%s' is not due for %s on %s at %s (its stage, type or days)"),
			column, g->name, date, hhmm);
	else
		problem(im, line, _("unknown 栏目 '%s' (group %s runs on playbook '%s', which has no "
			"action of that name)"), column, g->name, pb->name);
	return NULL;
}

/* Does the content item exist? */
static int content_exists(struct imp *im, int64_t id, bool *yes, char **cause)
{
	sqlite3_stmt *st = db_cached(im->db, "SELECT 1 FROM content WHERE id = ?1", cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(im->db, _("reading content"),
								   cause);
}

/*
 * Bind a position (?1 group, ?2 date, ?3 time, ?4 action unless NULL) and run
 * st once: 1 a row, 0 done, -1 error (db_fail says what).
 */
static int pos_step(struct imp *im, sqlite3_stmt *st, int64_t gid, const char *date,
		    const char *hhmm, const char *action, const char *what, char **cause)
{
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hhmm, -1, SQLITE_STATIC);
	if (action)
		sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return db_fail(im->db, _(what), cause);
}

/* Is a slot without an action stored at this position (an orphan the sheet reads back)? */
static int orphan_stored(struct imp *im, int64_t gid, const char *date, const char *hhmm,
			 bool *yes, char **cause)
{
	sqlite3_stmt *st = db_cached(im->db,
				     "SELECT 1 FROM slot WHERE group_id = ?1 AND day = ?2 AND "
				     "at = ?3 AND action_id = ''",
				     cause);
	int rc = st ? pos_step(im, st, gid, date, hhmm, NULL, N_("reading slots"), cause) : -1;
	*yes = rc == 1;
	return rc < 0 ? -1 : 0;
}

/* Write one slot: content keeps a stored placeholder's topic and form (the plan it fulfils). */
static int write_slot(struct imp *im, int64_t gid, const char *date, const char *hhmm,
		      const char *action, int64_t content_id, const char *topic, const char *form,
		      const char *owner, enum slot_status status, char **cause)
{
	sqlite3_stmt *st = db_cached(
		im->db,
		"INSERT INTO slot (group_id, day, at, action_id, content_id, topic, form, owner, "
		"status, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		"ON CONFLICT (group_id, day, at, action_id) DO UPDATE SET "
		"content_id = excluded.content_id, "
		"topic = CASE WHEN excluded.content_id IS NULL THEN excluded.topic ELSE slot.topic END, "
		"form = CASE WHEN excluded.content_id IS NULL THEN excluded.form ELSE slot.form END, "
		"owner = excluded.owner, status = excluded.status, updated_at = excluded.updated_at, "
		"updated_by = excluded.updated_by "
		"WHERE slot.content_id IS NOT excluded.content_id OR slot.owner IS NOT excluded.owner "
		"OR slot.status IS NOT excluded.status OR (excluded.content_id IS NULL AND "
		"(slot.topic IS NOT excluded.topic OR slot.form IS NOT excluded.form))",
		cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hhmm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	if (content_id)
		sqlite3_bind_int64(st, 5, content_id);
	sqlite3_bind_text(st, 6, content_id ? "" : topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, content_id ? "" : form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, slot_status_key(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, im->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, im->operator, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(im->db, _("writing a calendar slot"), cause);
	if (sqlite3_changes(db_sqlite(im->db)) > 0)
		im->res->written++;
	return 0;
}

/* An empty row: the slot there, if stored, is cleared. */
static int clear_slot(struct imp *im, int64_t gid, const char *date, const char *hhmm,
		      const char *action, char **cause)
{
	sqlite3_stmt *st = db_cached(im->db,
				     "DELETE FROM slot WHERE group_id = ?1 AND day = ?2 AND at = ?3 "
				     "AND action_id = ?4",
				     cause);
	if (!st || pos_step(im, st, gid, date, hhmm, action, N_("clearing a calendar slot"),
			    cause) < 0)
		return -1;
	im->res->cleared += (size_t)sqlite3_changes(db_sqlite(im->db));
	return 0;
}

/* Remember the slot a row addresses, to catch two rows for one slot afterwards. */
static void seen_add(struct imp *im, int64_t gid, int day, int at, const char *action, long line)
{
	if (im->n_seen == im->cap_seen) {
		im->cap_seen = im->cap_seen ? im->cap_seen * 2 : 256;
		im->seen = xrealloc(im->seen, im->cap_seen * sizeof *im->seen);
	}
	im->seen[im->n_seen++] = (struct seen){gid, day, at, action, line};
}

static int seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	int c = strcmp(x->action, y->action);
	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Two rows for one slot would make the result depend on row order: both are named. */
static void seen_check(struct imp *im)
{
	if (im->n_seen > 1)
		qsort(im->seen, im->n_seen, sizeof *im->seen, seen_cmp);
	for (size_t i = 1; i < im->n_seen; i++) {
		const struct seen *a = &im->seen[i - 1], *b = &im->seen[i];
		if (a->group_id == b->group_id && a->day == b->day && a->at == b->at &&
		    strcmp(a->action, b->action) == 0)
			problem(im, b->line, _("the same slot as line %ld"), a->line);
	}
}

static int import_row(struct imp *im, const struct cols *c, const struct csv_record *rec,
		      char **cause);

/* csv_each_row's callback: one data row with the header's columns. */
static int import_each(const struct csv_record *rec, void *ctx, char **cause)
{
	struct imp *im = ctx;
	return import_row(im, im->cols, rec, cause);
}

/* Check and apply one data row (inside the transaction); problems are noted, not fatal. */
static int import_row(struct imp *im, const struct cols *c, const struct csv_record *rec,
		      char **cause)
{
	long line = rec->line;
	char *date_s = field(rec, c->date), *time_s = field(rec, c->time),
	     *group_s = field(rec, c->group), *column = field(rec, c->column),
	     *id_s = field(rec, c->id), *what = field(rec, c->what), *form_s = field(rec, c->form),
	     *owner = field(rec, c->owner), *status_s = field(rec, c->status);
	int rc = 0;
	bool blank = !date_s[0] && !time_s[0] && !group_s[0] && !id_s[0] && !what[0];
	if (blank)
		goto done;  /* a spreadsheet's empty trailing line */
	im->res->rows++;
	if (csv_past_header(rec)) {
		problem(im, line, _("%zu fields, but the header has %zu (a value with a comma needs "
				    "quotes: \"早安,各位\")"), rec->n, rec->width);
		goto done;
	}
	int day = kpi_parse_day(date_s);
	int at = parse_time(time_s);
	const struct group *g = group_s[0] ? find_group(im, group_s) : NULL;
	bool bad = false;
	if (day == DATE_INVALID) {
		problem(im, line, _("bad date '%s' (want YYYY-MM-DD)"), date_s);
		bad = true;
	}
	if (at < 0) {
		problem(im, line, _("bad time '%s' (want HH:MM)"), time_s);
		bad = true;
	}
	if (!g) {
		problem(im, line, group_s[0] ? _("unknown group '%s'") : _("no group%s"), group_s);
		bad = true;
	}
	int64_t content_id = 0;
	if (id_s[0]) {
		char *end;
		long long v = strtoll(id_s, &end, 10);
		bool exists = false;
		if (*end || v <= 0) {
			problem(im, line, _("bad content ID '%s' (want a number)"), id_s);
			bad = true;
		} else if ((rc = content_exists(im, v, &exists, cause)) < 0) {
			goto done;
		} else if (!exists) {
			problem(im, line, _("unknown content ID %lld"), v);
			bad = true;
		} else {
			content_id = v;
		}
	}
	bool empty = !id_s[0] && !what[0];
	int status = SLOT_PLANNED;
	if (status_s[0]) {
		for (char *p = status_s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		status = slot_status_parse(status_s);
		if (status < 0) {
			problem(im, line, _("unknown status '%s' (计划 初稿 已审 已发, or planned "
					    "drafted reviewed posted)"), status_s);
			bad = true;
		} else if (empty) {
			problem(im, line, _("status '%s' on a row with no content ID and no topic"),
				status_s);
			bad = true;
		}
	}
	const char *form = "";
	if (!id_s[0] && form_s[0]) {
		form = content_form_parse(form_s);
		if (!form) {
			problem(im, line, _("unknown form '%s' (图文 短视频 语音 直播 问答)"),
				form_s);
			bad = true;
		}
	}
	if (bad)
		goto done;
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	bool orphan;
	const struct pb_action *a = row_action(im, line, g, day, at, column, date, hhmm, &orphan);
	if (!a && orphan) {
		bool stored;
		if ((rc = orphan_stored(im, g->id, date, hhmm, &stored, cause)) < 0)
			goto done;
		if (!stored) {
			problem(im, line, _("%s has nothing due on %s at %s: not a slot to fill"),
				g->name, date, hhmm);
			goto done;
		}
	} else if (!a) {
		goto done;
	}
	const char *action = a ? a->id : "";
	seen_add(im, g->id, day, at, action, line);
	if (im->n_problems)
		goto done;  /* nothing will be kept: only check the rest */
	if (empty)
		rc = clear_slot(im, g->id, date, hhmm, action, cause);
	else
		rc = write_slot(im, g->id, date, hhmm, action, content_id, what, form, owner,
				(enum slot_status)status, cause);
done:
	free(date_s);
	free(time_s);
	free(group_s);
	free(column);
	free(id_s);
	free(what);
	free(form_s);
	free(owner);
	free(status_s);
	return rc;
}

/* Find the header among the first lines (a title line may sit above it). */
static int find_header(struct imp *im, struct csv *csv, struct cols *c, char **cause)
{
	/* In struct cols' order; date and group make a line the header. */
	static const char *const *const names[] = {date_names, time_names, group_names,
						   column_names, id_names, what_names,
						   form_names, owner_names, status_names, NULL};
	static const size_t required[] = {0, 2};
	int cols[9];
	long line = 0;
	int r = csv_find_header(csv, names, cols, required, 2, 5, &line, cause);
	if (r < 0)
		return -1;
	if (r == 1)
		return set_cause(cause, _("%s: no header line with 日期, 时间 and 群 (the sheet "
					  "`sopdeck export calendar --format csv` writes)"),
				 im->name);
	*c = (struct cols){cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7],
			   cols[8]};
	if (c->time < 0)
		return set_cause(cause, _("%s:%ld: no 时间 column (the header "
					  "needs 日期, 时间, 群)"),
				 im->name, line);
	if (c->id < 0 && c->what < 0)
		return set_cause(cause, _("%s:%ld: no 内容ID or 内容/主题 "
					  "column: nothing to import"),
				 im->name, line);
	return 0;
}

static void imp_free(struct imp *im)
{
	group_list_free(im->groups, im->n_groups);
	for (size_t p = 0; im->short_titles && p < im->set->n; p++) {
		for (size_t k = 0; k < im->set->pbs[p]->n_actions; k++)
			free(im->short_titles[p][k]);
		free(im->short_titles[p]);
	}
	free(im->short_titles);
	free(im->seen);
	cal_due_free(&im->due);
	buf_free(&im->problems);
}

/* The import over an open reader: rows are written as read, rolled back on any problem. */
static int import_csv(struct db *db, const struct playbook_set *set, struct csv *csv,
		      const char *operator, struct cal_import_result *res, char **cause)
{
	struct imp im = {.db = db, .set = set, .name = csv_name(csv), .operator = operator,
			 .res = res};
	memset(res, 0, sizeof *res);
	db_now(im.now);
	struct cols c = {-1, -1, -1, -1, -1, -1, -1, -1, -1};
	if (find_header(&im, csv, &c, cause) < 0)
		return -1;
	if (group_list(db, &im.groups, &im.n_groups, cause) < 0)
		return -1;
	if (im.n_groups > 1)
		qsort(im.groups, im.n_groups, sizeof *im.groups, group_name_cmp);
	/* Every playbook's short titles once: a file has a row per slot. */
	im.short_titles = xcalloc(set->n + 1, sizeof *im.short_titles);
	for (size_t p = 0; p < set->n; p++) {
		const struct playbook *pb = set->pbs[p];
		im.short_titles[p] = xcalloc(pb->n_actions + 1, sizeof **im.short_titles);
		for (size_t k = 0; k < pb->n_actions; k++)
			im.short_titles[p][k] = cal_short_title(pb->actions[k].title);
	}
	/* A team's five weeks are 66,000 slots: a larger cache, statement journals in memory. */
	db_bulk(db, CAL_IMPORT_CACHE_KIB);
	if (db_begin(db, cause) < 0) {
		db_bulk(db, 0);
		imp_free(&im);
		return -1;
	}
	im.cols = &c;
	int rc = csv_each_row(csv, CAL_IMPORT_MAX_ROWS, import_each, &im, cause);
	if (rc == 0)
		seen_check(&im);
	if (rc == 0 && im.n_problems) {
		size_t more = im.n_problems > CAL_IMPORT_MAX_LISTED
			? im.n_problems - CAL_IMPORT_MAX_LISTED : 0;
		if (more)
			buf_addf(&im.problems, _("\n... and %zu more"), more);
		rc = set_cause(cause, _("%s: %zu bad row%s, nothing imported:%s"), im.name,
			       im.n_problems, i18n_plural_s((long long)im.n_problems),
			       buf_str(&im.problems));
	}
	if (rc == 0) {
		char *detail = xasprintf("import calendar %s: %zu rows, %zu slots written, %zu "
					 "cleared", im.name, res->rows, res->written, res->cleared);
		rc = db_audit(db, operator, "import", detail, cause);
		free(detail);
	}
	if (rc == 0)
		rc = db_commit(db, cause);
	else
		db_rollback(db);
	db_bulk(db, 0);
	if (rc < 0)
		res->written = res->cleared = 0;
	imp_free(&im);
	return rc;
}

int calendar_import_file(struct db *db, const struct playbook_set *set, const char *path,
			 const char *operator, struct cal_import_result *res, char **cause)
{
	struct csv *csv;
	memset(res, 0, sizeof *res);
	if (csv_open(path, &csv, cause) < 0)
		return -1;
	int rc = import_csv(db, set, csv, operator, res, cause);
	csv_close(csv);
	return rc;
}

int calendar_import_mem(struct db *db, const struct playbook_set *set, const char *data,
			size_t len,
			const char *name, const char *operator, struct cal_import_result *res,
			char **cause)
{
	struct csv *csv;
	memset(res, 0, sizeof *res);
	if (csv_open_mem(data, len, name, &csv, cause) < 0)
		return -1;
	int rc = import_csv(db, set, csv, operator, res, cause);
	csv_close(csv);
	return rc;
}
