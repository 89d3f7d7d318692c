/*
 * Playbook versions in the database: each import is a new playbook_version
 * row with its child tables, written in one transaction; the newest version
 * is the active one. Loading re-parses the formulas, so the tables stay plain.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "formula.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "playbook.h"
#include "util.h"
#include "setting.h"

/*
 * Run one INSERT, binding each argument by a one-letter code: s text (NULL
 * binds NULL), i int, I int64, a int that binds NULL when negative, o an int
 * flag and a double (NULL when the flag is 0).
 */
static int run(struct db *db, char **cause, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	va_list ap;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		switch (types[i]) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s)
				sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i + 1);
			break;
		}
		case 'i': sqlite3_bind_int(st, i + 1, va_arg(ap, int)); break;
		case 'I': sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t)); break;
		case 'a': {
			int n = va_arg(ap, int);
			if (n >= 0)
				sqlite3_bind_int(st, i + 1, n);
			else
				sqlite3_bind_null(st, i + 1);
			break;
		}
		case 'o': {
			int has = va_arg(ap, int);
			double d = va_arg(ap, double);
			if (has)
				sqlite3_bind_double(st, i + 1, d);
			else
				sqlite3_bind_null(st, i + 1);
			break;
		}
		}
	}
	va_end(ap);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("storing the playbook"), cause);
	return 0;
}

static const char *every_name(enum pb_every e)
{
	switch (e) {
	case EVERY_NONE: return NULL;
	case EVERY_WEEKDAYS: return "weekdays";
	case EVERY_MONTH_START: return "month-start";
	case EVERY_MONTH_END: return "month-end";
	case EVERY_MONTH_DAY: return "month-day";
	}
	return NULL;
}

static int store_rows(struct db *db, const struct playbook *pb, int64_t v, char **cause)
{
	for (size_t i = 0; i < pb->n_categories; i++) {
		const struct pb_category *c = &pb->categories[i];
		if (run(db, cause, "INSERT INTO pb_category VALUES (?, ?, ?, ?, ?)", "Iissi", v,
			(int)i, c->key, c->name, c->share) < 0)
			return -1;
	}
	for (size_t i = 0; i < pb->n_counters; i++) {
		const struct pb_counter *c = &pb->counters[i];
		if (run(db, cause, "INSERT INTO pb_counter VALUES (?, ?, ?)", "Iis", v, (int)i,
			c->key) < 0)
			return -1;
		for (size_t a = 0; a < c->n_aliases; a++)
			if (run(db, cause, "INSERT INTO pb_counter_alias VALUES (?, ?, ?, ?)", "Isis",
				v, c->key, (int)a, c->aliases[a]) < 0)
				return -1;
	}
	for (size_t i = 0; i < pb->n_metrics; i++) {
		const struct pb_metric *m = &pb->metrics[i];
		if (run(db, cause,
			"INSERT INTO pb_metric VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"Iissssoosss", v, (int)i, m->key, m->name, m->formula_text,
			metric_unit_name(m->unit), (int)m->has_warn_below, m->warn_below,
			(int)m->has_warn_above, m->warn_above, m->advice, m->name_en,
			m->advice_en) < 0)
			return -1;
	}
	for (size_t i = 0; i < pb->n_stages; i++) {
		const struct pb_stage *s = &pb->stages[i];
		if (run(db, cause,
			"INSERT INTO pb_stage (version_id, pos, key, name, from_day, to_day, "
			"name_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
			"Iissias", v, (int)i, s->key, s->name, s->from_day, s->to_day,
			s->name_en) < 0)
			return -1;
		for (size_t k = 0; k < s->n_metrics; k++)
			if (run(db, cause, "INSERT INTO pb_stage_metric VALUES (?, ?, ?, ?)", "Isis",
				v, s->key, (int)k, s->metrics[k]) < 0)
				return -1;
	}
	for (size_t i = 0; i < pb->n_actions; i++) {
		const struct pb_action *a = &pb->actions[i];
		struct buf days = {0}, stages = {0};
		for (size_t k = 0; k < a->n_days_before; k++)
			buf_addf(&days, "%s%d", k ? "," : "", a->days_before[k]);
		for (size_t k = 0; k < a->n_stages; k++)
			buf_addf(&stages, "%s%s", k ? " " : "", a->stages[k]);
		int rc = run(db, cause,
			     "INSERT INTO pb_action VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     "Iissssasiiisssis", v, (int)i, a->id,
			     a->title, a->category, a->template_key, a->at, every_name(a->every),
			     (int)a->weekdays, a->month_day, a->group_day, a->before_node,
			     buf_str(&days), buf_str(&stages), (int)a->group_types, a->title_en);
		buf_free(&days);
		buf_free(&stages);
		if (rc < 0)
			return -1;
	}
	for (size_t i = 0; i < pb->n_nodes; i++) {
		const struct pb_node *n = &pb->nodes[i];
		struct buf dates = {0};
		for (size_t k = 0; k < n->n_dates; k++) {
			char d[11];
			date_format(n->dates[k], d);
			buf_addf(&dates, "%s%s", k ? "," : "", d);
		}
		int rc = run(db, cause,
			     "INSERT INTO pb_node VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     "Iisiiisiiii", v, (int)i, n->name, n->month, n->day, n->monthly_day,
			     buf_str(&dates), n->lead_days, n->lunar_month, n->lunar_day,
			     n->offset);
		buf_free(&dates);
		if (rc < 0)
			return -1;
	}
	for (size_t i = 0; i < pb->n_templates; i++)
		if (run(db, cause, "INSERT INTO pb_template VALUES (?, ?, ?)", "Iss", v,
			pb->templates[i].key, pb->templates[i].body) < 0)
			return -1;
	return 0;
}

int playbook_store_locked(struct db *db, struct playbook *pb, const char *yaml_text,
			  const char *source, const char *operator, char **cause)
{
	char now[DB_NOW_SIZE];
	db_now(now);
	if (run(db, cause,
		"INSERT INTO playbook_version (name, version, note, source, yaml, imported_at, "
		"imported_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
		"sssssss", pb->name, pb->version, pb->note, source, yaml_text, now, operator) < 0)
		return -1;
	int64_t v = sqlite3_last_insert_rowid(db_sqlite(db));
	if (store_rows(db, pb, v, cause) < 0)
		return -1;
	char *detail = xasprintf("#%lld %s version %s from %s%s%s", (long long)v, pb->name,
				 pb->version, source, *pb->note ? ": " : "", pb->note);
	int rc = db_audit(db, operator, "import playbook", detail, cause);
	free(detail);
	if (rc < 0)
		return -1;
	pb->version_id = v;
	return 0;
}

int playbook_store(struct db *db, struct playbook *pb, const char *yaml_text, const char *source,
		   const char *operator, char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	int64_t before = pb->version_id;
	if (playbook_store_locked(db, pb, yaml_text, source, operator, cause) < 0) {
		db_rollback(db);
		pb->version_id = before;
		return -1;
	}
	if (db_commit(db, cause) < 0) {
		pb->version_id = before;
		return -1;
	}
	return 0;
}

/* ---- loading ---- */

static char *col_dup(sqlite3_stmt *st, int col)
{
	return xstrdup(db_col_text(st, col));
}

/*
 * Where a child table's rows go when its query reads them in the order of its key
 * (not ORDER BY pos, which sorted each table in a temporary b-tree: 0.35 M of the
 * console's 1.9 M instructions loading a playbook): the array its rows filled in
 * read order, the size of an element, and pos as the query's last column.
 */
struct pos_order {
	void *(*array)(struct playbook *pb);
	size_t size;
	int col;
};

/* The n elements of arr (each size bytes) put in the order of their pos, stable. */
static void order_by_pos(char *arr, size_t n, size_t size, const int64_t *pos)
{
	size_t *ix = xmalloc((n + 1) * sizeof *ix);
	bool sorted = true;
	for (size_t i = 0; i < n; i++) {
		size_t x = i, j = i;
		sorted = sorted && (i == 0 || pos[i - 1] <= pos[i]);
		for (; j > 0 && pos[ix[j - 1]] > pos[x]; j--)
			ix[j] = ix[j - 1];
		ix[j] = x;
	}
	if (!sorted) {
		char *tmp = xmalloc(n * size);
		for (size_t k = 0; k < n; k++)
			memcpy(tmp + k * size, arr + ix[k] * size, size);
		memcpy(arr, tmp, n * size);
		free(tmp);
	}
	free(ix);
}

/* Rows of one child table for version v; each row handed to fn, then put in pos order
   when order says where they went. */
static int each_row(struct db *db, int64_t v, const char *sql,
		    int (*fn)(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause),
		    struct playbook *pb, const struct pos_order *order, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, v);
	int rc;
	size_t i = 0, cap = 0;
	int64_t *pos = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (order) {
			if (i == cap) {
				cap = cap ? 2 * cap : 32;
				pos = xrealloc(pos, cap * sizeof *pos);
			}
			pos[i] = sqlite3_column_int64(st, order->col);
		}
		if (fn(st, pb, i++, cause) < 0) {
			sqlite3_finalize(st);
			free(pos);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE && order && i > 1)
		order_by_pos(order->array(pb), i, order->size, pos);
	free(pos);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("loading the playbook"), cause);
	return 0;
}

static void *categories_of(struct playbook *pb) { return pb->categories; }
static void *counters_of(struct playbook *pb) { return pb->counters; }
static void *metrics_of(struct playbook *pb) { return pb->metrics; }
static void *stages_of(struct playbook *pb) { return pb->stages; }
static void *actions_of(struct playbook *pb) { return pb->actions; }
static void *nodes_of(struct playbook *pb) { return pb->nodes; }

/* Grow an array by one zeroed element at index i. */
#define GROW(arr, n, i) \
	((arr) = xrealloc((arr), ((i) + 1) * sizeof *(arr)), \
	 memset(&(arr)[i], 0, sizeof *(arr)), (n) = (i) + 1, &(arr)[i])

static int row_category(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_category *c = GROW(pb->categories, pb->n_categories, i);
	c->key = col_dup(st, 0);
	c->name = col_dup(st, 1);
	c->share = sqlite3_column_int(st, 2);
	return 0;
}

static int row_counter(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_counter *c = GROW(pb->counters, pb->n_counters, i);
	c->key = col_dup(st, 0);
	return 0;
}

static int row_alias(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	for (size_t k = 0; k < pb->n_counters; k++) {
		struct pb_counter *c = &pb->counters[k];
		if (strcmp(c->key, db_col_text(st, 0)))
			continue;
		c->aliases = xrealloc(c->aliases, (c->n_aliases + 1) * sizeof *c->aliases);
		c->aliases[c->n_aliases++] = col_dup(st, 1);
	}
	return 0;
}

static bool counter_known(const char *name, void *ctx)
{
	const struct playbook *pb = ctx;
	for (size_t i = 0; i < pb->n_counters; i++)
		if (!strcmp(pb->counters[i].key, name))
			return true;
	return false;
}

static char *col_dup_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : col_dup(st, col);
}

static int row_metric(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_metric *m = GROW(pb->metrics, pb->n_metrics, i);
	m->key = col_dup(st, 0);
	m->name = col_dup(st, 1);
	m->formula_text = col_dup(st, 2);
	const char *unit = db_col_text(st, 3);
	m->unit = !strcmp(unit, "percent")    ? UNIT_PERCENT
		  : !strcmp(unit, "currency") ? UNIT_CURRENCY
		  : !strcmp(unit, "count")    ? UNIT_COUNT
					      : UNIT_RATIO;
	m->has_warn_below = sqlite3_column_type(st, 4) != SQLITE_NULL;
	m->warn_below = sqlite3_column_double(st, 4);
	m->has_warn_above = sqlite3_column_type(st, 5) != SQLITE_NULL;
	m->warn_above = sqlite3_column_double(st, 5);
	m->advice = col_dup(st, 6);
	m->name_en = col_dup_or_null(st, 7);
	m->advice_en = col_dup_or_null(st, 8);
	int col;
	char *why = NULL;
	if (formula_parse(m->formula_text, counter_known, pb, &m->formula, &col, &why) < 0) {
		set_cause(cause, _("stored playbook: metric %s: %s"), m->key,
			  why ? why : _("bad formula"));
		free(why);
		return -1;
	}
	return 0;
}

static int row_stage(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_stage *s = GROW(pb->stages, pb->n_stages, i);
	s->key = col_dup(st, 0);
	s->name = col_dup(st, 1);
	s->from_day = sqlite3_column_int(st, 2);
	s->to_day = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
	s->name_en = col_dup_or_null(st, 4);
	return 0;
}

static int row_stage_metric(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	for (size_t k = 0; k < pb->n_stages; k++) {
		struct pb_stage *s = &pb->stages[k];
		if (strcmp(s->key, db_col_text(st, 0)))
			continue;
		s->metrics = xrealloc(s->metrics, (s->n_metrics + 1) * sizeof *s->metrics);
		s->metrics[s->n_metrics++] = col_dup(st, 1);
	}
	return 0;
}

static int row_action(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_action *a = GROW(pb->actions, pb->n_actions, i);
	a->id = col_dup(st, 0);
	a->title = col_dup(st, 1);
	a->category = col_dup_or_null(st, 2);
	a->template_key = col_dup_or_null(st, 3);
	a->at = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
	const char *every = db_col_text(st, 5);
	a->every = !strcmp(every, "weekdays")	   ? EVERY_WEEKDAYS
		   : !strcmp(every, "month-start") ? EVERY_MONTH_START
		   : !strcmp(every, "month-end")   ? EVERY_MONTH_END
		   : !strcmp(every, "month-day")   ? EVERY_MONTH_DAY
						   : EVERY_NONE;
	a->weekdays = (unsigned)sqlite3_column_int(st, 6);
	a->month_day = sqlite3_column_int(st, 7);
	a->group_day = sqlite3_column_int(st, 8);
	a->before_node = col_dup_or_null(st, 9);
	for (const char *p = db_col_text(st, 10); *p && a->n_days_before < 8;) {
		char *end;
		long d = strtol(p, &end, 10);
		if (end == p)
			break;
		a->days_before[a->n_days_before++] = (int)d;
		p = *end == ',' ? end + 1 : end;
	}
	char *stages = col_dup(st, 11), *save = NULL;
	for (char *w = strtok_r(stages, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		a->stages = xrealloc(a->stages, (a->n_stages + 1) * sizeof *a->stages);
		a->stages[a->n_stages++] = xstrdup(w);
	}
	free(stages);
	a->group_types = (unsigned)sqlite3_column_int(st, 12);
	a->title_en = col_dup_or_null(st, 13);
	return 0;
}

static int row_node(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_node *n = GROW(pb->nodes, pb->n_nodes, i);
	n->name = col_dup(st, 0);
	n->month = sqlite3_column_int(st, 1);
	n->day = sqlite3_column_int(st, 2);
	n->monthly_day = sqlite3_column_int(st, 3);
	n->lead_days = sqlite3_column_int(st, 5);
	n->lunar_month = sqlite3_column_int(st, 6);
	n->lunar_day = sqlite3_column_int(st, 7);
	n->offset = sqlite3_column_int(st, 8);
	const char *dates = db_col_text(st, 4);
	for (const char *p = dates; *p;) {
		char d[11] = {0};
		size_t len = strcspn(p, ",");
		if (len == 10)
			memcpy(d, p, 10);
		int day = date_parse(d);
		if (day == DATE_INVALID)
			return set_cause(cause, _("stored playbook: node %s: bad date list '%s'"),
					 n->name, dates);
		n->dates = xrealloc(n->dates, (n->n_dates + 1) * sizeof *n->dates);
		n->dates[n->n_dates++] = day;
		p += len + (p[len] == ',');
	}
	return 0;
}

static int row_template(sqlite3_stmt *st, struct playbook *pb, size_t i, char **cause)
{
	struct pb_template *t = GROW(pb->templates, pb->n_templates, i);
	t->key = col_dup(st, 0);
	t->body = col_dup(st, 1);
	return 0;
}

int playbook_find_name(struct db *db, const char *name, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT 1 FROM playbook_version WHERE name = ? LIMIT 1",
				     cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("finding a playbook"), cause);
}

int playbook_default_name(struct db *db, char **name, char **cause)
{
	/* The one set with `playbook default`, while it exists; else the newest import's. */
	sqlite3_stmt *st = db_cached(db,
		"SELECT coalesce((SELECT s.value FROM setting s WHERE s.key = 'default_playbook' "
		"AND EXISTS (SELECT 1 FROM playbook_version p WHERE p.name = s.value)), "
		"(SELECT name FROM playbook_version ORDER BY id DESC LIMIT 1))", cause);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	if (found)
		*name = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, _("finding the default playbook"), cause);
	if (!found)
		return set_cause(cause, _("%s: no playbook stored; import one with 'sopdeck "
					  "import playbook FILE'"), db_path(db));
	return 0;
}

int playbook_load_active(struct db *db, struct playbook **out, char **cause)
{
	return playbook_load_named(db, NULL, out, cause);
}

int playbook_load_for_group(struct db *db, const struct group *g, struct playbook **out,
			    char **cause)
{
	return playbook_load_named(db, g->playbook && *g->playbook ? g->playbook : NULL, out,
				   cause);
}

int playbook_load_named(struct db *db, const char *name, struct playbook **out, char **cause)
{
	/* One statement, the default's name included: loading stays one prepare. */
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT id, name, version, note FROM playbook_version WHERE name = "
			   "coalesce(?1, (SELECT s.value FROM setting s WHERE s.key = "
			   "'default_playbook' AND EXISTS (SELECT 1 FROM playbook_version p "
			   "WHERE p.name = s.value)), (SELECT name FROM playbook_version "
			   "ORDER BY id DESC LIMIT 1)) ORDER BY id DESC LIMIT 1", &st, cause) < 0)
		return -1;
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE && name) {
		sqlite3_finalize(st);
		return set_cause(cause, _("no playbook named '%s' (see `sopdeck playbooks`)"),
				 name);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return set_cause(cause, _("%s: no playbook stored; import one with "
						  "'sopdeck import playbook FILE'"), db_path(db));
		return db_fail(db, _("loading the playbook"), cause);
	}
	struct playbook *pb = xcalloc(1, sizeof *pb);
	pb->version_id = sqlite3_column_int64(st, 0);
	pb->name = col_dup(st, 1);
	pb->version = col_dup(st, 2);
	pb->note = col_dup(st, 3);
	sqlite3_finalize(st);
	int64_t v = pb->version_id;
	/* pos last: each table read in its key's order and put in pos order (each_row). */
	const struct pos_order
		categories = {categories_of, sizeof *pb->categories, 3},
		counters = {counters_of, sizeof *pb->counters, 1},
		metrics = {metrics_of, sizeof *pb->metrics, 9},
		stages = {stages_of, sizeof *pb->stages, 5},
		actions = {actions_of, sizeof *pb->actions, 14},
		nodes = {nodes_of, sizeof *pb->nodes, 9};
	if (each_row(db, v, "SELECT key, name, share, pos FROM pb_category WHERE version_id = ?",
		     row_category, pb, &categories, cause) < 0 ||
	    each_row(db, v, "SELECT key, pos FROM pb_counter WHERE version_id = ?", row_counter,
		     pb, &counters, cause) < 0 ||
	    each_row(db, v, "SELECT counter_key, alias FROM pb_counter_alias "
			    "WHERE version_id = ? ORDER BY counter_key, pos", row_alias, pb, NULL,
		     cause) < 0 ||
	    each_row(db, v, "SELECT key, name, formula, unit, warn_below, warn_above, advice, "
			    "name_en, advice_en, pos FROM pb_metric WHERE version_id = ?", row_metric,
		     pb, &metrics, cause) < 0 ||
	    each_row(db, v, "SELECT key, name, from_day, to_day, name_en, pos FROM pb_stage "
			    "WHERE version_id = ?", row_stage, pb, &stages, cause) < 0 ||
	    each_row(db, v, "SELECT stage_key, metric_key FROM pb_stage_metric "
			    "WHERE version_id = ? ORDER BY stage_key, pos", row_stage_metric, pb,
		     NULL, cause) < 0 ||
	    each_row(db, v, "SELECT id, title, category, template_key, at, every, weekdays, "
			    "month_day, group_day, before_node, days_before, stages, group_types, "
			    "title_en, pos FROM pb_action WHERE version_id = ?", row_action, pb,
		     &actions, cause) < 0 ||
	    each_row(db, v, "SELECT name, month, day, monthly_day, dates, lead_days, "
			    "lunar_month, lunar_day, lunar_offset, pos FROM pb_node "
			    "WHERE version_id = ?", row_node, pb, &nodes, cause) < 0 ||
	    each_row(db, v, "SELECT key, body FROM pb_template WHERE version_id = ? "
			    "ORDER BY rowid", row_template, pb, NULL, cause) < 0) {
		playbook_free(pb);
		return -1;
	}
	*out = pb;
	return 0;
}

int playbook_versions(struct db *db, struct pb_version_info **out, size_t *n, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT id, name, version, note, source, imported_at, imported_by "
			   "FROM playbook_version ORDER BY id DESC", &st, cause) < 0)
		return -1;
	struct pb_version_info *v = NULL;
	size_t count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (count + 1) * sizeof *v);
		struct pb_version_info *e = &v[count++];
		e->id = sqlite3_column_int64(st, 0);
		e->name = col_dup(st, 1);
		e->version = col_dup(st, 2);
		e->note = col_dup(st, 3);
		e->source = col_dup(st, 4);
		e->imported_at = col_dup(st, 5);
		e->imported_by = col_dup(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		playbook_versions_free(v, count);
		return db_fail(db, _("listing playbook versions"), cause);
	}
	*out = v;
	*n = count;
	return 0;
}

void playbook_versions_free(struct pb_version_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].version);
		free(v[i].note);
		free(v[i].source);
		free(v[i].imported_at);
		free(v[i].imported_by);
	}
	free(v);
}

/* ---- several playbooks (issue 11) ---- */

int playbook_lineages(struct db *db, struct pb_lineage **out, size_t *n, char **cause)
{
	struct pb_version_info *v;
	size_t nv;
	char *def = NULL;
	*out = NULL;
	*n = 0;
	if (playbook_versions(db, &v, &nv, cause) < 0)
		return -1;
	if (nv && playbook_default_name(db, &def, cause) < 0) {
		playbook_versions_free(v, nv);
		return -1;
	}
	struct pb_lineage *l = xcalloc(nv + 1, sizeof *l);
	size_t nl = 0;
	/* Versions come newest first; each name's versions keep that order. */
	for (size_t i = 0; i < nv; i++) {
		size_t k = 0;
		while (k < nl && strcmp(l[k].name, v[i].name) != 0)
			k++;
		if (k == nl) {
			l[nl].name = xstrdup(v[i].name);
			l[nl].is_default = def && strcmp(def, v[i].name) == 0;
			nl++;
		}
		l[k].versions = xrealloc(l[k].versions, (l[k].n_versions + 1) * sizeof *l[k].versions);
		l[k].versions[l[k].n_versions++] = v[i];
	}
	free(v);
	int rc = 0;
	sqlite3_stmt *st = db_cached(db, "SELECT count(*) FROM chat_group WHERE archived = 0 AND "
				     "(playbook = ?1 OR (playbook = '' AND ?2))", cause);
	if (!st)
		rc = -1;
	for (size_t k = 0; rc == 0 && k < nl; k++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, l[k].name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, l[k].is_default);
		if (sqlite3_step(st) == SQLITE_ROW)
			l[k].groups = sqlite3_column_int(st, 0);
		else
			rc = db_fail(db, _("counting a playbook's groups"), cause);
	}
	if (st)
		sqlite3_reset(st);
	free(def);
	if (rc < 0) {
		playbook_lineages_free(l, nl);
		return -1;
	}
	*out = l;
	*n = nl;
	return 0;
}

void playbook_lineages_free(struct pb_lineage *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		playbook_versions_free(v[i].versions, v[i].n_versions);
	}
	free(v);
}

int playbook_set_default(struct db *db, const char *name, const char *operator, char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *st = db_cached(db, "SELECT 1 FROM playbook_version WHERE name = ? LIMIT 1",
				     cause);
	int rc = st ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		int r = sqlite3_step(st);
		sqlite3_reset(st);
		if (r == SQLITE_DONE)
			rc = set_cause(cause, _("no playbook named '%s' (see `sopdeck playbooks`)"),
				       name);
		else if (r != SQLITE_ROW)
			rc = db_fail(db, _("finding a playbook"), cause);
	}
	/* setting_set joins this transaction and audits the change. */
	if (rc == 0)
		rc = setting_set(db, "default_playbook", name, operator, cause);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}
