/* User feedback in four quadrants: add, list, count, close, and silent leavers from an export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "dates.h"
#include "feedback.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

/* Far more than a year of exits from every group of a large team: a bigger file is a wrong one. */
#define LEAVERS_MAX_ROWS 200000

static const struct {
	const char *key, *name, *alias[4];
} quadrants[FEEDBACK_QUADRANTS] = {
	[FEEDBACK_PUBLIC] = {"public", "公开建议", {"公开", "建议", "公开反馈", NULL}},
	[FEEDBACK_PRIVATE] = {"private", "私聊吐槽", {"私聊", "吐槽", "私聊反馈", NULL}},
	[FEEDBACK_SILENT] = {"silent", "沉默流失", {"沉默", "流失", "退群", NULL}},
	[FEEDBACK_ACTIVE] = {"active", "积极互动", {"积极", "互动", "活跃", NULL}},
};

int feedback_quadrant_parse(const char *s)
{
	if (!s)
		return -1;
	for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
		if (strcasecmp(s, quadrants[q].key) == 0 || strcmp(s, quadrants[q].name) == 0)
			return q;
		for (int a = 0; quadrants[q].alias[a]; a++)
			if (strcmp(s, quadrants[q].alias[a]) == 0)
				return q;
	}
	return -1;
}

const char *feedback_quadrant_key(enum feedback_quadrant q)
{
	return q < FEEDBACK_QUADRANTS ? quadrants[q].key : "?";
}

const char *feedback_quadrant_name(enum feedback_quadrant q)
{
	return q < FEEDBACK_QUADRANTS ? quadrants[q].name : "?";
}

/* The name in the interface's language: 公开建议 .. in Chinese, the keys (public ..) in English. */
const char *feedback_quadrant_label(enum feedback_quadrant q)
{
	/* The msgstrs are the names: JSON and the audit keep those whatever the language. */
	static const char *const labels[FEEDBACK_QUADRANTS] = {
		[FEEDBACK_PUBLIC] = N_("public"),
		[FEEDBACK_PRIVATE] = N_("private"),
		[FEEDBACK_SILENT] = N_("silent"),
		[FEEDBACK_ACTIVE] = N_("active"),
	};
	return q < FEEDBACK_QUADRANTS ? _(labels[q]) : "?";
}

static int quadrant_from_key(const char *key)
{
	for (int q = 0; q < FEEDBACK_QUADRANTS; q++)
		if (strcmp(key, quadrants[q].key) == 0)
			return q;
	return FEEDBACK_PUBLIC;
}

/* The shared insert of add and import; the caller holds the transaction. */
static int insert_entry(struct db *db, int64_t group_id, enum feedback_quadrant q,
			const char *body, const char *member, int day, const char *operator,
			int64_t *id, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
				     "INSERT INTO feedback (group_id, quadrant, body, member, day, "
				     "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
				     cause);
	if (!st)
		return -1;
	char d[11], now[DB_NOW_SIZE];
	date_format(day, d);
	db_now(now);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, quadrants[q].key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, member ? member : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, d, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, operator, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("adding feedback"), cause);
	if (id)
		*id = sqlite3_last_insert_rowid(db_sqlite(db));
	return 0;
}

int feedback_add(struct db *db, const char *group, enum feedback_quadrant q, const char *body,
		 const char *member, int day, const char *operator, int64_t *id, char **cause)
{
	if (q >= FEEDBACK_QUADRANTS)
		return set_cause(cause, _("unknown quadrant"));
	char *trimmed = text_trim(xstrdup(body ? body : ""));
	if (!*trimmed) {
		free(trimmed);
		return set_cause(cause, _("feedback needs a text (--text)"));
	}
	if (!utf8_valid(trimmed, strlen(trimmed))) {
		free(trimmed);
		return set_cause(cause, _("feedback text is not valid UTF-8"));
	}
	struct group g = {0};
	if (group_require(db, group, &g, cause) < 0) {
		free(trimmed);
		return -1;
	}
	int64_t new_id = 0;
	int rc = -1;
	if (db_begin(db, cause) == 0) {
		char *detail = NULL;
		if (insert_entry(db, g.id, q, trimmed, member, day, operator, &new_id, cause) == 0) {
			detail = xasprintf("feedback #%lld %s %s: %s", (long long)new_id, g.name,
					   quadrants[q].name, trimmed);
			if (db_audit(db, operator, "feedback", detail, cause) == 0 &&
			    db_commit(db, cause) == 0)
				rc = 0;
		}
		free(detail);
		if (rc < 0)
			db_rollback(db);
	}
	if (rc == 0 && id)
		*id = new_id;
	group_clear(&g);
	free(trimmed);
	return rc;
}

/* Binds the filter's ?1 group, ?2 quadrant, ?3 open-only of the list and count queries. */
static void bind_filter(sqlite3_stmt *st, const struct feedback_filter *f)
{
	if (f && f->group)
		sqlite3_bind_text(st, 1, f->group, -1, SQLITE_TRANSIENT);
	if (f && f->quadrant >= 0 && f->quadrant < FEEDBACK_QUADRANTS)
		sqlite3_bind_text(st, 2, quadrants[f->quadrant].key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f && f->open_only);
}

int feedback_list(struct db *db, const struct feedback_filter *filter, size_t limit,
		  struct feedback **out, size_t *n, char **cause)
{
	static const char sql[] =
		"SELECT f.id, f.group_id, g.name, f.quadrant, f.body, f.member, f.day, "
		"f.created_at, f.created_by, f.closed_at, coalesce(f.closed_by, ''), f.close_note, "
		"coalesce(v.version, '') FROM feedback f JOIN chat_group g ON g.id = f.group_id "
		"LEFT JOIN playbook_version v ON v.id = f.version_id"
		" WHERE (?1 IS NULL OR g.name = ?1) AND (?2 IS NULL OR f.quadrant = ?2)"
		" AND (?3 = 0 OR f.closed_at IS NULL)"
		" ORDER BY f.closed_at IS NOT NULL, f.day DESC, f.id DESC LIMIT ?4";
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	bind_filter(st, filter);
	sqlite3_bind_int64(st, 4, limit ? (sqlite3_int64)limit : -1);
	struct feedback *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct feedback *f = &v[len++];
		f->id = sqlite3_column_int64(st, 0);
		f->group_id = sqlite3_column_int64(st, 1);
		f->group = xstrdup(db_col_text(st, 2));
		f->quadrant = quadrant_from_key(db_col_text(st, 3));
		f->body = xstrdup(db_col_text(st, 4));
		f->member = xstrdup(db_col_text(st, 5));
		f->day = date_parse(db_col_text(st, 6));
		f->created_at = xstrdup(db_col_text(st, 7));
		f->created_by = xstrdup(db_col_text(st, 8));
		f->closed = sqlite3_column_type(st, 9) != SQLITE_NULL;
		f->closed_at = xstrdup(db_col_text(st, 9));
		f->closed_by = xstrdup(db_col_text(st, 10));
		f->note = xstrdup(db_col_text(st, 11));
		f->version = xstrdup(db_col_text(st, 12));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		feedback_free(v, len);
		return db_fail(db, _("reading feedback"), cause);
	}
	*out = v;
	*n = len;
	return 0;
}

void feedback_free_one(struct feedback *f)
{
	free(f->group);
	free(f->body);
	free(f->member);
	free(f->created_at);
	free(f->created_by);
	free(f->closed_at);
	free(f->closed_by);
	free(f->note);
	free(f->version);
}

void feedback_free(struct feedback *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		feedback_free_one(&f[i]);
	free(f);
}

int feedback_counts(struct db *db, const struct feedback_filter *filter,
		    struct feedback_count **out, size_t *n, char **cause)
{
	static const char sql[] =
		"SELECT g.name, f.quadrant, count(*), sum(f.closed_at IS NULL) "
		"FROM feedback f JOIN chat_group g ON g.id = f.group_id"
		" WHERE (?1 IS NULL OR g.name = ?1) AND (?2 IS NULL OR f.quadrant = ?2)"
		" AND (?3 = 0 OR f.closed_at IS NULL)"
		" GROUP BY g.name, f.quadrant ORDER BY g.name COLLATE PINYIN";
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	bind_filter(st, filter);
	struct feedback_count *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = db_col_text(st, 0);
		if (len == 0 || strcmp(v[len - 1].group, name) != 0) {
			if (len == cap) {
				cap = cap ? cap * 2 : 16;
				v = xrealloc(v, cap * sizeof *v);
			}
			memset(&v[len], 0, sizeof v[len]);
			v[len++].group = xstrdup(name);
		}
		int q = quadrant_from_key(db_col_text(st, 1));
		v[len - 1].total[q] = sqlite3_column_int(st, 2);
		v[len - 1].open[q] = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		feedback_counts_free(v, len);
		return db_fail(db, _("counting feedback"), cause);
	}
	*out = v;
	*n = len;
	return 0;
}

void feedback_counts_free(struct feedback_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].group);
	free(c);
}

/* The newest playbook version called version ("2.1"): 0 found, 1 absent, -1 error. */
static int version_find(struct db *db, const char *version, int64_t *id, char **cause)
{
	sqlite3_stmt *st = db_cached(
		db, "SELECT id FROM playbook_version WHERE version = ? ORDER BY id DESC LIMIT 1",
		cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, _("looking up the playbook version"), cause);
}

/* Close inside the caller's transaction. */
static int close_entry(struct db *db, int64_t id, const char *note, const char *version,
		       const char *operator, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
				     "SELECT f.closed_at, f.closed_by, g.name, f.quadrant FROM feedback f "
				     "JOIN chat_group g ON g.id = f.group_id WHERE f.id = ?",
				     cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return set_cause(cause, _("no feedback with id %lld"), (long long)id);
		return db_fail(db, _("reading feedback"), cause);
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		set_cause(cause, _("feedback #%lld was already closed by %s at %s"), (long long)id,
			  db_col_text(st, 1), db_col_text(st, 0));
		sqlite3_reset(st);
		return -1;
	}
	char *group = xstrdup(db_col_text(st, 2));
	int q = quadrant_from_key(db_col_text(st, 3));
	sqlite3_reset(st);

	int64_t version_id = 0;
	if (version && *version) {
		int found = version_find(db, version, &version_id, cause);
		if (found != 0) {
			free(group);
			return found < 0 ? -1
					 : set_cause(cause, _("no playbook version '%s' (see "
							      "sopdeck kpi --versions)"),
						     version);
		}
	}
	st = db_cached(db,
		       "UPDATE feedback SET closed_at = ?, closed_by = ?, close_note = ?, "
		       "version_id = ? WHERE id = ?",
		       cause);
	if (!st) {
		free(group);
		return -1;
	}
	char now[DB_NOW_SIZE];
	db_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, note, -1, SQLITE_TRANSIENT);
	if (version_id)
		sqlite3_bind_int64(st, 4, version_id);
	sqlite3_bind_int64(st, 5, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(group);
		return db_fail(db, _("closing feedback"), cause);
	}
	char *detail = xasprintf("feedback #%lld %s %s closed%s%s: %s", (long long)id, group,
				 quadrants[q].name, version_id ? " by version " : "",
				 version_id ? version : "", note);
	rc = db_audit(db, operator, "feedback-close", detail, cause);
	free(detail);
	free(group);
	return rc;
}

int feedback_close(struct db *db, int64_t id, const char *note, const char *version,
		   const char *operator, char **cause)
{
	char *trimmed = text_trim(xstrdup(note ? note : ""));
	if (!*trimmed) {
		free(trimmed);
		return set_cause(cause,
				 _("closing feedback needs a note saying what was done (--note)"));
	}
	int rc = db_begin(db, cause);
	if (rc == 0) {
		rc = close_entry(db, id, trimmed, version, operator, cause);
		if (rc == 0)
			rc = db_commit(db, cause);
		else
			db_rollback(db);
	}
	free(trimmed);
	return rc;
}

static const char *const leaver_group_names[] = {"群名", "群名称", "客户群名称", "群聊名称",
						 "客户群", "group", NULL};
static const char *const leaver_member_names[] = {"成员", "群成员", "成员昵称", "客户昵称",
						  "客户名称", "昵称", "姓名", "member",
						  "name", NULL};
static const char *const leaver_day_names[] = {"退群时间", "退出时间", "离开时间", "退群日期",
					       "日期", "date", "left", NULL};

/* A checked row of the leavers file, written once every row is known good. */
struct leaver {
	int64_t group_id;
	char *member;
	int day;
};

/* 0 when the same silent entry (group, member, day) exists already, 1 when new, -1 error. */
static int leaver_is_new(struct db *db, const struct leaver *l, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
				     "SELECT 1 FROM feedback WHERE group_id = ? AND member = ? AND "
				     "day = ? AND quadrant = 'silent'",
				     cause);
	if (!st)
		return -1;
	char d[11];
	date_format(l->day, d);
	sqlite3_bind_int64(st, 1, l->group_id);
	sqlite3_bind_text(st, 2, l->member, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, d, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, _("reading feedback"), cause);
}

/* The leavers read so far, and what a row is checked against. */
struct leavers_ctx {
	const char *path;
	int today;                   /* days after it are refused, as `feedback add --date` */
	int cols[3];                 /* group, member, day */
	const struct group *groups;
	size_t n_groups;
	struct leaver *v;
	size_t len, cap;
	size_t current;              /* rows without a leave time: members still in the group */
};

/* One data row of the leavers file, checked and kept. */
static int leaver_row(const struct csv_record *rec, void *ctx, char **cause)
{
	struct leavers_ctx *c = ctx;
	if (csv_past_header(rec))
		return set_cause(cause, _("%s:%ld: %zu fields, but the header has %zu (a value with a "
					  "comma needs quotes: \"早安,各位\")"), c->path, rec->line,
				 rec->n, rec->width);
	const char *when = csv_field(rec, c->cols[2]);
	/*
	 * A WeCom member export lists everyone; those still in the group have no leave time.
	 * They are counted and passed over, so the export can be imported as it is.
	 */
	char *wtrim = text_trim(xstrdup(when));
	bool still_member = *wtrim == '\0';
	free(wtrim);
	if (still_member) {
		c->current++;
		return 0;
	}
	char *gtrim = text_trim(xstrdup(csv_field(rec, c->cols[0])));
	char *mtrim = text_trim(xstrdup(csv_field(rec, c->cols[1])));
	int64_t gid = 0;
	for (size_t i = 0; i < c->n_groups && !gid; i++)
		if (strcmp(c->groups[i].name, gtrim) == 0)
			gid = c->groups[i].id;
	int day = kpi_parse_day(when);
	int rc = 0;
	if (!gid)
		rc = set_cause(cause, _("%s:%ld: unknown group '%s'"), c->path, rec->line, gtrim);
	else if (!*mtrim)
		rc = set_cause(cause, _("%s:%ld: the member is empty"), c->path, rec->line);
	else if (day == DATE_INVALID)
		rc = set_cause(cause, _("%s:%ld: '%s' is not a date (YYYY-MM-DD)"), c->path,
			       rec->line,
			       when);
	else if (day > c->today) {
		char d[11], t[11];
		date_format(day, d);
		date_format(c->today, t);
		rc = set_cause(cause, _("%s:%ld: %s is in the future (today is %s): nobody has left "
					"on it yet"), c->path, rec->line, d, t);
	}
	free(gtrim);
	if (rc < 0) {
		free(mtrim);
		return -1;
	}
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->len++] = (struct leaver){gid, mtrim, day};
	return 0;
}

/* Read and check every row before the transaction, so parsing never holds the write lock. */
static int leavers_read(struct db *db, const char *path, int today, struct leaver **out,
			size_t *n, size_t *current, char **cause)
{
	struct csv *csv;
	if (csv_open(path, &csv, cause) < 0)
		return -1;
	static const char *const *const names[] = {leaver_group_names, leaver_member_names,
						   leaver_day_names, NULL};
	static const size_t required[] = {0, 1, 2};
	struct leavers_ctx c = {.path = path, .today = today};
	long line = 0;
	int rc = csv_find_header(csv, names, c.cols, required, 3, 1, &line, cause);
	if (rc == 1 && line == 0)
		rc = set_cause(cause, _("%s: no rows"), path);
	else if (rc == 1)
		rc = set_cause(cause, _("%s:%ld: the header needs a group (群名), a member (成员) "
					"and a date (退群时间) column"), path, line);
	struct group *groups = NULL;
	if (rc == 0 && group_list(db, &groups, &c.n_groups, cause) < 0)
		rc = -1;
	c.groups = groups;
	if (rc == 0)
		rc = csv_each_row(csv, LEAVERS_MAX_ROWS, leaver_row, &c, cause);
	group_list_free(groups, c.n_groups);
	csv_close(csv);
	if (rc == 0 && c.len == 0 && c.current == 0)
		rc = set_cause(cause, _("%s: no rows"), path);
	if (rc < 0) {
		for (size_t i = 0; i < c.len; i++)
			free(c.v[i].member);
		free(c.v);
		return -1;
	}
	*out = c.v;
	*n = c.len;
	*current = c.current;
	return 0;
}

int feedback_import_leavers(struct db *db, const char *path, int today, const char *operator,
			    size_t *added, size_t *skipped, size_t *current, char **cause)
{
	struct leaver *rows = NULL;
	size_t n = 0, still = 0;
	if (leavers_read(db, path, today, &rows, &n, &still, cause) < 0)
		return -1;
	size_t add = 0, skip = 0;
	int rc = db_begin(db, cause);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int fresh = leaver_is_new(db, &rows[i], cause);
		if (fresh < 0)
			rc = -1;
		else if (fresh == 0)
			skip++;
		else if (insert_entry(db, rows[i].group_id, FEEDBACK_SILENT, "退群", rows[i].member,
				      rows[i].day, operator, NULL, cause) < 0)
			rc = -1;
		else
			add++;
	}
	if (rc == 0) {
		char *detail = xasprintf("feedback import %s: %zu silent leavers (%zu already there)",
					 path, add, skip);
		rc = db_audit(db, operator, "import", detail, cause);
		free(detail);
	}
	if (rc == 0)
		rc = db_commit(db, cause);
	else
		db_rollback(db);
	for (size_t i = 0; i < n; i++)
		free(rows[i].member);
	free(rows);
	if (rc == 0) {
		*added = add;
		*skipped = skip;
		*current = still;
	}
	return rc;
}
