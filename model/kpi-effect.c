/*
 * The content effect report (内容效果报表): posted content ranked by the
 * open and speaker rates of the groups on the days it was posted, each group
 * counted by its own playbook's formulas (issue 11), the bottom 20% marked for
 * retirement (ties never), and one item's performance with its rank (every
 * posted item's, computed in one pass and stored in content_perf until anything
 * it depends on changes: migration 019's triggers mark it stale).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "formula.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "util.h"

/* Better first by open rate, then interaction rate; 0 when the numbers are the same. */
static int content_score_cmp(const struct kpi_content_row *x, const struct kpi_content_row *y)
{
	if (x->open_defined != y->open_defined)
		return x->open_defined ? -1 : 1;
	if (x->open_defined && x->open_rate != y->open_rate)
		return x->open_rate > y->open_rate ? -1 : 1;
	if (x->interact_defined != y->interact_defined)
		return x->interact_defined ? -1 : 1;
	if (x->interact_defined && x->interact_rate != y->interact_rate)
		return x->interact_rate > y->interact_rate ? -1 : 1;
	return 0;
}

/* The report's order: by score, the id only to make ties stable (never to judge). */
static int cmp_content(const void *a, const void *b)
{
	const struct kpi_content_row *x = a, *y = b;
	int c = content_score_cmp(x, y);
	if (c)
		return c;
	return x->content_id < y->content_id ? -1 : x->content_id > y->content_id;
}

/* The index of content_id in rows sorted by id, or -1. */
static ptrdiff_t content_row_find(const struct kpi_content_row *rows, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rows[mid].content_id == id)
			return (ptrdiff_t)mid;
		if (rows[mid].content_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Which items content_posted reads: every posted one (with titles for the
 * report, or without for the ranking), one item, or a list (a page of
 * `content --json`, as a JSON array for json_each). Each has its own pair of
 * statement literals, prepared once per connection (db_cached).
 */
enum posted_which { POSTED_EVERY, POSTED_ITEM, POSTED_LIST, POSTED_TITLED };

#define POSTS_SQL(cond)                                                                      \
	"SELECT s.content_id, count(*), '' FROM slot s WHERE " cond " AND s." KPI_POSTED_WHEN \
	" GROUP BY s.content_id ORDER BY s.content_id"
#define POSTS_TITLED_SQL(cond)                                                               \
	"SELECT s.content_id, count(*), coalesce(c.title, '') FROM slot s "                   \
	"LEFT JOIN content c ON c.id = s.content_id WHERE " cond " AND s." KPI_POSTED_WHEN       \
	" GROUP BY s.content_id ORDER BY s.content_id"

static const char *const posts_sql[] = {
	POSTS_SQL(KPI_POSTED_COND_EVERY), POSTS_SQL(KPI_POSTED_COND_ITEM),
	POSTS_SQL(KPI_POSTED_COND_LIST), POSTS_TITLED_SQL(KPI_POSTED_COND_EVERY)};

/*
 * The rate formulas of a workspace's playbooks, told apart: playbooks whose
 * open_rate and speaker_rate read the same share a line (their group-days are
 * one ratio of sums, as with a single playbook); each other line's group-days
 * are counted by its own formulas.
 */
struct effect_line {
	const struct playbook *pb;          /* the first playbook with these formulas */
	const struct pb_metric *open, *talk;
	int *counter;                       /* counter of the union -> pb's index, or -1 */
	struct kpi_sums sm;                 /* the current item's group-days on this line */
};

/* Group id -> line, for workspaces with more than one line. */
struct effect_group {
	int64_t id;
	size_t line;
};

struct effect {
	struct effect_line *lines;
	size_t n_lines;
	struct playbook counters;           /* only the counters the formulas read (their union) */
	struct effect_group *groups;        /* sorted by id; none when there is one line */
	size_t n_groups;
	size_t last;                        /* the last group looked up: cells come by group */
};

/* The text both rates are computed by, as one string to compare. */
static char *line_formulas(const struct playbook *pb)
{
	const struct pb_metric *open = playbook_metric(pb, "open_rate");
	const struct pb_metric *talk = playbook_metric(pb, "speaker_rate");
	return xasprintf("%s\n%s", open && open->formula_text ? open->formula_text : "",
			 talk && talk->formula_text ? talk->formula_text : "");
}

static int effect_group_cmp(const void *a, const void *b)
{
	const struct effect_group *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Add a formula's counters to the union. */
static void union_add(struct playbook *u, const struct pb_metric *m)
{
	const char *names[FORMULA_MAX_COUNTERS];
	size_t k = m && m->formula ? formula_counters(m->formula, names, ARRAY_LEN(names)) : 0;
	for (size_t i = 0; i < k && i < ARRAY_LEN(names); i++) {
		if (kpi_counter_index(u, names[i]) >= 0)
			continue;
		u->counters = xrealloc(u->counters, (u->n_counters + 1) * sizeof *u->counters);
		u->counters[u->n_counters++] = (struct pb_counter){.key = xstrdup(names[i])};
	}
}

/*
 * The lines of set and, when there are several, which line each group is on
 * (one statement: every group, archived ones too, as their posts still count).
 */
static int effect_open(struct db *db, const struct playbook_set *set, struct effect *e,
		       char **cause)
{
	*e = (struct effect){0};
	char **texts = xcalloc(set->n + 1, sizeof *texts);
	size_t *line_of = xcalloc(set->n + 1, sizeof *line_of);
	e->lines = xcalloc(set->n + 1, sizeof *e->lines);
	for (size_t p = 0; p < set->n; p++) {
		char *t = line_formulas(set->pbs[p]);
		size_t l = 0;
		while (l < e->n_lines && strcmp(texts[l], t) != 0)
			l++;
		if (l == e->n_lines) {
			const struct playbook *pb = set->pbs[p];
			e->lines[l] = (struct effect_line){.pb = pb,
				.open = playbook_metric(pb, "open_rate"),
				.talk = playbook_metric(pb, "speaker_rate")};
			texts[e->n_lines++] = t;
			union_add(&e->counters, e->lines[l].open);
			union_add(&e->counters, e->lines[l].talk);
		} else {
			free(t);
		}
		line_of[p] = l;
	}
	for (size_t l = 0; l < e->n_lines; l++) {
		struct effect_line *ln = &e->lines[l];
		ln->counter = xcalloc(e->counters.n_counters + 1, sizeof *ln->counter);
		for (size_t k = 0; k < e->counters.n_counters; k++)
			ln->counter[k] = kpi_counter_index(ln->pb, e->counters.counters[k].key);
		kpi_sums_init(&ln->sm, ln->pb, true);
	}
	for (size_t l = 0; l < e->n_lines; l++)
		free(texts[l]);
	free(texts);
	int rc = 0;
	struct group *groups = NULL;
	size_t ng = 0;
	if (e->n_lines > 1 && (rc = group_list_all(db, &groups, &ng, cause)) == 0) {
		e->groups = xcalloc(ng + 1, sizeof *e->groups);
		for (size_t g = 0; g < ng; g++) {
			const struct playbook *pb = playbook_set_for(set, &groups[g]);
			size_t line = 0;
			for (size_t p = 0; p < set->n; p++)
				if (set->pbs[p] == pb)
					line = line_of[p];
			e->groups[e->n_groups++] = (struct effect_group){groups[g].id, line};
		}
		group_list_free(groups, ng);
		qsort(e->groups, e->n_groups, sizeof *e->groups, effect_group_cmp);
	}
	free(line_of);
	return rc;
}

static void effect_close(struct effect *e)
{
	for (size_t l = 0; l < e->n_lines; l++) {
		free(e->lines[l].counter);
		kpi_sums_free(&e->lines[l].sm);
	}
	free(e->lines);
	for (size_t k = 0; k < e->counters.n_counters; k++)
		free(e->counters.counters[k].key);
	free(e->counters.counters);
	free(e->groups);
	*e = (struct effect){0};
}

/* The line group_id is on (the default's, 0, for a group that is gone). */
static struct effect_line *effect_line_of(struct effect *e, int64_t group_id)
{
	if (e->n_lines == 1)
		return &e->lines[0];
	if (e->last < e->n_groups && e->groups[e->last].id == group_id)
		return &e->lines[e->groups[e->last].line];
	struct effect_group key = {.id = group_id};
	const struct effect_group *g =
		e->n_groups ? bsearch(&key, e->groups, e->n_groups, sizeof key, effect_group_cmp)
			    : NULL;
	if (!g)
		return &e->lines[0];
	e->last = (size_t)(g - e->groups);
	return &e->lines[g->line];
}

/* Bind a content_posted statement: the window, the item, the list. */
static void posted_bind(sqlite3_stmt *st, const char *from, const char *to, int64_t item,
			const char *list)
{
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, item);
	if (list)
		sqlite3_bind_text(st, 4, list, -1, SQLITE_TRANSIENT);
}

/*
 * One item's sums at a time (one per line) while kpi_posted_cells reads them in item order;
 * with win, the same item's sums over the days from win_from on too (wrows, parallel to rows).
 */
struct posted_acc {
	struct effect *e, *win;
	int win_from;
	struct kpi_content_row *rows, *wrows;
	size_t nr;
	ptrdiff_t cur;
};

/* How many of s's group-days know every counter of m (the weight of a line's rate). */
static size_t cells_known(const struct pb_metric *m, const struct kpi_sums *s)
{
	const char *names[FORMULA_MAX_COUNTERS];
	size_t n = formula_counters(m->formula, names, ARRAY_LEN(names));
	int idx[FORMULA_MAX_COUNTERS];
	if (n > ARRAY_LEN(names))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((idx[i] = kpi_counter_index(s->pb, names[i])) < 0)
			return 0;
	size_t nc = s->pb->n_counters, cells = 0;
	for (int d = 0; d < s->n_days; d++) {
		bool all = true;
		for (size_t i = 0; i < n && all; i++)
			all = s->day_has[(size_t)d * nc + (size_t)idx[i]];
		cells += all;
	}
	return cells;
}

/*
 * One rate of an item over every line: each line's by its own formula over its own
 * group-days (a ratio of sums), the lines weighted by those group-days. With one line
 * (a single playbook, or playbooks with the same formulas) that line's value as it is.
 */
static bool posted_rate(struct effect *e, bool open, double *out)
{
	double sum = 0, only = 0;
	size_t weight = 0, lines = 0;
	for (size_t l = 0; l < e->n_lines; l++) {
		struct effect_line *ln = &e->lines[l];
		const struct pb_metric *m = open ? ln->open : ln->talk;
		double v;
		if (!m || !ln->sm.n_days || !kpi_metric_eval(m, &ln->sm, &v))
			continue;
		size_t w = e->n_lines > 1 ? cells_known(m, &ln->sm) : 1;
		if (!w)
			continue;
		sum += v * (double)w;
		weight += w;
		only = v;
		lines++;
	}
	if (!lines)
		return false;
	*out = lines == 1 ? only : sum / (double)weight;
	return true;
}

/* An item's rates from e's sums of it, which then start again for the next item. */
static void effect_flush(struct effect *e, struct kpi_content_row *row)
{
	if (row) {
		row->open_defined = posted_rate(e, true, &row->open_rate);
		row->interact_defined = posted_rate(e, false, &row->interact_rate);
	}
	for (size_t l = 0; l < e->n_lines; l++)
		if (e->lines[l].sm.n_days)
			kpi_sums_clear(&e->lines[l].sm);
}

/* The current item's rates from its sums; the sums start again for the next one. */
static void posted_flush(struct posted_acc *a)
{
	effect_flush(a->e, a->cur >= 0 ? &a->rows[a->cur] : NULL);
	if (a->win)
		effect_flush(a->win, a->cur >= 0 ? &a->wrows[a->cur] : NULL);
	a->cur = -1;
}

static void posted_cell(void *ctx, int64_t item, int64_t group_id, int day, int k, double v)
{
	struct posted_acc *a = ctx;
	/* Cells come by item, as rows are: most belong to the current one. */
	ptrdiff_t i = a->cur >= 0 && a->rows[a->cur].content_id == item
			      ? a->cur
			      : content_row_find(a->rows, a->nr, item);
	if (a->cur >= 0 && i != a->cur)
		posted_flush(a);
	if (i < 0)
		return;
	a->cur = i;
	/* k is the union's counter: the group's line reads it by its own playbook's index. */
	struct effect_line *ln = effect_line_of(a->e, group_id);
	if (ln->counter[k] >= 0)
		kpi_sums_put(&ln->sm, group_id, day, ln->counter[k], v);
	if (a->win && day >= a->win_from) {
		ln = effect_line_of(a->win, group_id);
		if (ln->counter[k] >= 0)
			kpi_sums_put(&ln->sm, group_id, day, ln->counter[k], v);
	}
}

/*
 * The posted content of [from, to] (from "" = since ever), sorted by id, for
 * which (an item, a JSON list of ids, or every item): posts, title, and the
 * open and interaction rates over the counters of its groups on its days, each
 * group/day counted once (two posts in a group on one day do not count that day
 * twice) and by its group's playbook's formulas. Two statements whatever the
 * number of items (three with several lines: the groups' playbooks).
 */
static int content_posted(struct db *db, const struct playbook_set *set,
			  enum posted_which which, int64_t item, const char *list,
			  const char *from, const char *to, int win_from,
			  struct kpi_content_row **win_out, struct kpi_content_row **out,
			  size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	if (win_out)
		*win_out = NULL;
	sqlite3_stmt *st = db_cached(db, posts_sql[which], cause);
	if (!st)
		return -1;
	posted_bind(st, from, to, item, list);
	struct kpi_content_row *rows = NULL;
	size_t nr = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (nr == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[nr++] = (struct kpi_content_row){
			.content_id = sqlite3_column_int64(st, 0),
			.posts = (size_t)sqlite3_column_int64(st, 1),
			.title = xstrdup(db_col_text(st, 2))};
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		kpi_content_report_free(rows, nr);
		return db_fail(db, _("reading posted content"), cause);
	}
	if (nr == 0) {
		free(rows);
		return 0;
	}
	/*
	 * Counter values per item and distinct group/day, in one pass ordered by
	 * item: one item's sums at a time, evaluated when the next item starts, so
	 * memory does not grow with the items.
	 */
	struct effect e, w = {0};
	if (effect_open(db, set, &e, cause) < 0 ||
	    (win_out && effect_open(db, set, &w, cause) < 0)) {
		effect_close(&e);
		effect_close(&w);
		kpi_content_report_free(rows, nr);
		return -1;
	}
	struct kpi_content_row *wrows = NULL;
	if (win_out) {
		wrows = xcalloc(nr, sizeof *wrows);
		for (size_t i = 0; i < nr; i++)
			wrows[i].content_id = rows[i].content_id;
	}
	struct posted_acc acc = {.e = &e, .win = win_out ? &w : NULL, .win_from = win_from,
				 .rows = rows, .wrows = wrows, .nr = nr, .cur = -1};
	int rc = kpi_posted_cells(db, &e.counters, which == POSTED_TITLED ? KPI_POSTED_EVERY
				  : (enum kpi_posted_filter)which, item, list, from, to,
				  posted_cell, &acc, cause);
	if (rc == 0)
		posted_flush(&acc);
	effect_close(&e);
	effect_close(&w);
	if (rc < 0) {
		kpi_content_report_free(rows, nr);
		free(wrows);
		return -1;
	}
	*out = rows;
	*n = nr;
	if (win_out)
		*win_out = wrows;
	return 0;
}

/*
 * Sort rows into the report's order and mark the bottom fifth of the content
 * that has numbers for retirement (none without evidence); the number measured
 * (those with an open rate, first in that order).
 */
static size_t content_rank_rows(struct kpi_content_row *rows, size_t nr)
{
	if (nr > 1)
		qsort(rows, nr, sizeof *rows, cmp_content);
	/*
	 * Items posted in the same group on the same day share that group-day's
	 * rates, so ties are common: only items strictly worse than the lowest one
	 * kept are retired, and a tie at the cut keeps them all rather than letting
	 * the id decide.
	 */
	size_t measured = 0;
	while (measured < nr && rows[measured].open_defined)
		measured++;
	size_t retire = (measured * 20 + 50) / 100;
	if (retire > 0 && retire < measured) {
		const struct kpi_content_row *cut = &rows[measured - retire - 1];
		for (size_t i = measured - retire; i < measured; i++)
			rows[i].retire = content_score_cmp(&rows[i], cut) > 0;
	}
	return measured;
}

/* kpi_content_report, with titles or (for the ranking) without. */
static int content_report(struct db *db, const struct playbook_set *set, int today, int days,
			  bool titles, struct kpi_content_row **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	char a[11], b[11];
	date_format(today - days + 1, a);
	date_format(today, b);
	struct kpi_content_row *rows;
	size_t nr;
	if (content_posted(db, set, titles ? POSTED_TITLED : POSTED_EVERY, 0, NULL, a, b, 0, NULL,
			   &rows, &nr, cause) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++)
		if (!*rows[i].title) {
			free(rows[i].title);
			rows[i].title = xasprintf("#%lld", (long long)rows[i].content_id);
		}
	content_rank_rows(rows, nr);
	for (size_t i = 0; i < nr; i++)
		rows[i].position = i + 1;
	*out = rows;
	*n = nr;
	return 0;
}

static int report_stored(struct db *db, const struct playbook_set *set, int today,
			 kpi_content_line_fn *fn, void *ctx, char **cause);

int kpi_content_report_each(struct db *db, const struct playbook_set *set, int today, int days,
			    kpi_content_line_fn *fn, void *ctx, char **cause)
{
	/* The last 30 days' report is kept with the content performance, and read from there. */
	if (days == KPI_CONTENT_RANK_DAYS) {
		int stored = report_stored(db, set, today, fn, ctx, cause);
		if (stored != 0)
			return stored < 0 ? -1 : 0;
	}
	struct kpi_content_row *rows;
	size_t n;
	if (content_report(db, set, today, days, true, &rows, &n, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		fn(ctx, &rows[i]);
	kpi_content_report_free(rows, n);
	return 0;
}

/* The lines handed out by kpi_content_report_each, kept with titles of their own. */
struct report_copy {
	struct kpi_content_row *rows;
	size_t n, cap;
};

static void report_copy_line(void *ctx, const struct kpi_content_row *row)
{
	struct report_copy *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->rows = xrealloc(c->rows, c->cap * sizeof *c->rows);
	}
	c->rows[c->n] = *row;
	c->rows[c->n++].title = xstrdup(row->title);
}

int kpi_content_report(struct db *db, const struct playbook_set *set, int today, int days,
		       struct kpi_content_row **out, size_t *n, char **cause)
{
	struct report_copy c = {0};
	if (kpi_content_report_each(db, set, today, days, report_copy_line, &c, cause) < 0) {
		kpi_content_report_free(c.rows, c.n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	*out = c.rows;
	*n = c.n;
	return 0;
}

/* The formulas the ranking depends on (every playbook's, by name), as one string to compare. */
static char *rank_formulas(const struct playbook_set *set)
{
	struct buf b = {0};
	for (size_t p = 0; p < set->n; p++) {
		char *t = line_formulas(set->pbs[p]);
		buf_addf(&b, "%s%s\n%s\n", set->pbs[p] == set->fallback ? "*" : "",
			 set->pbs[p]->name, t);
		free(t);
	}
	buf_str(&b);
	return b.data;
}

/* One integer from a cached single-value statement (a PRAGMA). */
static int pragma_int(struct db *db, const char *sql, int64_t *v, char **cause)
{
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, sql, cause);
}

/* A report row's performance into *p (zeroed: entries are compared with memcmp). */
static void perf_of(const struct kpi_content_row *row, struct kpi_content_perf *p)
{
	memset(p, 0, sizeof *p);
	p->content_id = row->content_id;
	p->posts = row->posts;
	p->open_defined = row->open_defined;
	p->open_rate = row->open_rate;
	p->interact_defined = row->interact_defined;
	p->interact_rate = row->interact_rate;
}

static int perf_id_cmp(const void *a, const void *b)
{
	const struct kpi_content_perf *x = a, *y = b;
	return x->content_id < y->content_id ? -1 : x->content_id > y->content_id;
}

/*
 * The performance of every item posted up to today, sorted by id: its posts and
 * rates over all of them, and its rank and retirement in the report of the last
 * KPI_CONTENT_RANK_DAYS days (ties share a rank: 1, 2, 2, 4). One read of the
 * posted slots and their counters gives both windows; *ranked is how many have a rank.
 */
/* An item's line in the content effect report of the last KPI_CONTENT_RANK_DAYS days. */
struct perf_window {
	size_t posts;
	size_t pos;                 /* its line in the report, 0 = not in it (no posts) */
	bool open_defined, interact_defined;
	double open_rate, interact_rate;
};

/* Posted slots per item in [from, to] into win (parallel to perf, both sorted by id). */
static int window_posts(struct db *db, const char *from, const char *to,
			const struct kpi_content_perf *perf, size_t n, struct perf_window *win,
			char **cause)
{
	sqlite3_stmt *st = db_cached(db, posts_sql[POSTED_EVERY], cause);
	if (!st)
		return -1;
	posted_bind(st, from, to, 0, NULL);
	size_t i = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (i < n && perf[i].content_id < id)
			i++;
		if (i < n && perf[i].content_id == id)
			win[i].posts = (size_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading posted content"), cause);
}

static int perf_compute(struct db *db, const struct playbook_set *set, int today,
			struct kpi_content_perf **out, struct perf_window **win_out, size_t *n,
			size_t *ranked, char **cause)
{
	*out = NULL;
	*win_out = NULL;
	*n = *ranked = 0;
	char a[11], b[11];
	date_format(today - KPI_CONTENT_RANK_DAYS + 1, a);
	date_format(today, b);
	struct kpi_content_row *rows, *win;
	size_t nr;
	if (content_posted(db, set, POSTED_EVERY, 0, NULL, "", b,
			   today - KPI_CONTENT_RANK_DAYS + 1, &win, &rows, &nr, cause) < 0)
		return -1;
	struct kpi_content_perf *perf = xcalloc(nr + 1, sizeof *perf);
	struct perf_window *pw = xcalloc(nr + 1, sizeof *pw);
	for (size_t i = 0; i < nr; i++) {
		perf_of(&rows[i], &perf[i]);
		/* win is parallel to rows (by id) until it is ranked below. */
		pw[i] = (struct perf_window){0, 0, win[i].open_defined, win[i].interact_defined,
					     win[i].open_rate, win[i].interact_rate};
	}
	kpi_content_report_free(rows, nr);
	if (window_posts(db, a, b, perf, nr, pw, cause) < 0) {
		kpi_content_report_free(win, nr);
		free(perf);
		free(pw);
		return -1;
	}
	/*
	 * Ranked = those with an open rate in the window (first in the report's order). The
	 * report's lines are the items posted in the window, in this order: the rest (posted
	 * before it only) sort among them but are not lines.
	 */
	size_t measured = content_rank_rows(win, nr), rank = 1, line = 0;
	for (size_t r = 0; r < nr; r++) {
		if (r > 0 && content_score_cmp(&win[r - 1], &win[r]) != 0)
			rank = r + 1;
		struct kpi_content_perf key = {.content_id = win[r].content_id};
		struct kpi_content_perf *p = bsearch(&key, perf, nr, sizeof key, perf_id_cmp);
		if (!p)
			continue;
		if (pw[p - perf].posts)
			pw[p - perf].pos = ++line;
		if (r < measured) {
			p->rank = rank;
			p->retire = win[r].retire;
		}
	}
	for (size_t i = 0; i < nr; i++)
		perf[i].ranked = measured;
	kpi_content_report_free(win, nr);
	*out = perf;
	*win_out = pw;
	*n = nr;
	*ranked = measured;
	return 0;
}

/*
 * Where the performance of today's data is: stored in table content_perf (valid
 * in content_perf_state for today and the formulas; the migration's triggers
 * mark it stale with any change it depends on, so every command after the one
 * that computed it reads it), or, when it could not be stored (a read-only file,
 * another writer holding the lock, inside a transaction), computed here. Which
 * one is remembered per connection while nothing changed: the connection is the
 * same (db_serial: a new connection at a reused address has another; stamping
 * temp.user_version instead crashed SQLite 3.40 after a rolled-back read of the
 * performance), no other connection committed (PRAGMA
 * data_version), this one changed no row (sqlite3_total_changes), and today and
 * the formulas are the same.
 */
static struct {
	int64_t stamp;
	int64_t data_version;
	int64_t changes;
	int today;
	char *formulas;
	bool stored;                     /* in content_perf; else rows */
	struct kpi_content_perf *rows;   /* sorted by id */
	size_t n, ranked;
	uint64_t generation;             /* counts the computations: what is derived keys on it */
} perf_cache;

static void perf_cache_rows(struct kpi_content_perf *rows, size_t n)
{
	free(perf_cache.rows);
	perf_cache.rows = rows;
	perf_cache.n = n;
}

#define PERF_STATE_SQL "SELECT valid, today, formulas, ranked FROM content_perf_state WHERE one = 1"

/* Is the stored performance that of today and these formulas? Its ranked count if so. */
static int perf_state_valid(struct db *db, const char *today, const char *formulas,
			    size_t *ranked, char **cause)
{
	sqlite3_stmt *st = db_cached(db, PERF_STATE_SQL, cause);
	if (!st)
		return -1;
	int rc = sqlite3_step(st), valid = 0;
	if (rc == SQLITE_ROW) {
		valid = sqlite3_column_int(st, 0) && strcmp(db_col_text(st, 1), today) == 0 &&
			strcmp(db_col_text(st, 2), formulas) == 0;
		*ranked = (size_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, _("reading the stored content performance"), cause);
	return valid;
}

/* Replace the stored performance (inside a write transaction) and mark it valid. */
static int perf_store(struct db *db, const struct kpi_content_perf *rows,
		      const struct perf_window *win, size_t n, size_t ranked, const char *today,
		      const char *formulas, char **cause)
{
	if (db_exec(db, "DELETE FROM content_perf", cause) < 0)
		return -1;
	sqlite3_stmt *st = db_cached(db, "INSERT INTO content_perf (content_id, posts, open_rate, "
				     "interact_rate, rank, retire, win_posts, win_open_rate, "
				     "win_interact_rate, win_pos) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
				     "?9, ?10)",
				     cause);
	if (!st)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct kpi_content_perf *p = &rows[i];
		const struct perf_window *w = &win[i];
		sqlite3_bind_int64(st, 7, (sqlite3_int64)w->posts);
		if (w->pos)
			sqlite3_bind_int64(st, 10, (sqlite3_int64)w->pos);
		else
			sqlite3_bind_null(st, 10);
		if (w->posts && w->open_defined)
			sqlite3_bind_double(st, 8, w->open_rate);
		else
			sqlite3_bind_null(st, 8);
		if (w->posts && w->interact_defined)
			sqlite3_bind_double(st, 9, w->interact_rate);
		else
			sqlite3_bind_null(st, 9);
		sqlite3_bind_int64(st, 1, p->content_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)p->posts);
		if (p->open_defined)
			sqlite3_bind_double(st, 3, p->open_rate);
		else
			sqlite3_bind_null(st, 3);
		if (p->interact_defined)
			sqlite3_bind_double(st, 4, p->interact_rate);
		else
			sqlite3_bind_null(st, 4);
		if (p->rank)
			sqlite3_bind_int64(st, 5, (sqlite3_int64)p->rank);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_int(st, 6, p->retire);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, _("storing the content performance"), cause);
	}
	st = db_cached(db, "UPDATE content_perf_state SET valid = 1, today = ?1, formulas = ?2, "
		       "ranked = ?3 WHERE one = 1", cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, formulas, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)ranked);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("storing the content performance"), cause);
}

/*
 * Compute the performance and store it, in one write transaction (so that no
 * change slips in between). 1 when stored; 0 with it in perf_cache's rows when
 * the file cannot be written now; -1 on an error.
 */
static int perf_rebuild(struct db *db, const struct playbook_set *set, int today,
			const char *day, const char *formulas, char **cause)
{
	sqlite3 *sql = db_sqlite(db);
	bool txn = false;
	if (sqlite3_get_autocommit(sql)) {
		/* Never wait for another writer: compute for this command alone instead. */
		db_busy_wait(db, false);
		txn = sqlite3_exec(sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
		db_busy_wait(db, true);
	}
	if (txn) {
		size_t ranked = 0;
		/* Another process may have stored it while we waited. */
		int valid = perf_state_valid(db, day, formulas, &ranked, cause);
		if (valid > 0 && db_commit(db, cause) == 0) {
			perf_cache.ranked = ranked;
			return 1;
		}
		if (valid < 0) {
			db_rollback(db);
			return -1;
		}
	}
	struct kpi_content_perf *rows;
	struct perf_window *win;
	size_t n, ranked;
	if (perf_compute(db, set, today, &rows, &win, &n, &ranked, cause) < 0) {
		if (txn)
			db_rollback(db);
		return -1;
	}
	perf_cache.ranked = ranked;
	if (txn) {
		char *why = NULL;
		if (perf_store(db, rows, win, n, ranked, day, formulas, &why) == 0 &&
		    db_commit(db, &why) == 0) {
			free(rows);
			free(win);
			perf_cache_rows(NULL, 0);
			return 1;
		}
		/* Not stored (a full disk?): this command still has its numbers. */
		db_rollback(db);
		free(why);
	}
	free(win);
	perf_cache_rows(rows, n);
	return 0;
}

/* Make perf_cache the performance of today's data: stored, or in its rows. */
static int perf_ensure(struct db *db, const struct playbook_set *set, int today, char **cause)
{
	int64_t stamp = db_serial(db), version;
	if (pragma_int(db, "PRAGMA data_version", &version, cause) < 0)
		return -1;
	int64_t changes = sqlite3_total_changes(db_sqlite(db));
	char *formulas = rank_formulas(set);
	if (stamp && stamp == perf_cache.stamp && version == perf_cache.data_version &&
	    changes == perf_cache.changes && today == perf_cache.today && perf_cache.formulas &&
	    strcmp(formulas, perf_cache.formulas) == 0) {
		free(formulas);
		return 0;
	}
	perf_cache.stamp = 0;  /* not valid until the end */
	char day[11];
	date_format(today, day);
	size_t ranked = 0;
	int stored = perf_state_valid(db, day, formulas, &ranked, cause);
	if (stored > 0) {
		perf_cache.ranked = ranked;
		perf_cache_rows(NULL, 0);
	} else if (stored == 0) {
		stored = perf_rebuild(db, set, today, day, formulas, cause);
	}
	if (stored < 0) {
		free(formulas);
		return -1;
	}
	free(perf_cache.formulas);
	perf_cache.formulas = formulas;
	perf_cache.stored = stored > 0;
	perf_cache.stamp = stamp;
	perf_cache.data_version = version;
	perf_cache.changes = sqlite3_total_changes(db_sqlite(db));
	perf_cache.today = today;
	perf_cache.generation++;
	return 0;
}

/* The columns of a kept report line, read by stored_numbers and stored_title. */
#define STORED_LINE_SQL                                                                    \
	"SELECT p.content_id, p.win_posts, coalesce(c.title, ''), p.win_open_rate, "      \
	"p.win_interact_rate, p.retire, p.win_pos FROM content_perf p "
static struct kpi_content_row stored_numbers(sqlite3_stmt *st)
{
	struct kpi_content_row r = {
		.content_id = sqlite3_column_int64(st, 0),
		.posts = (size_t)sqlite3_column_int64(st, 1),
		.open_defined = sqlite3_column_type(st, 3) != SQLITE_NULL,
		.interact_defined = sqlite3_column_type(st, 4) != SQLITE_NULL,
		.retire = sqlite3_column_int(st, 5) != 0,
		.position = (size_t)sqlite3_column_int64(st, 6)};
	r.open_rate = r.open_defined ? sqlite3_column_double(st, 3) : 0;
	r.interact_rate = r.interact_defined ? sqlite3_column_double(st, 4) : 0;
	return r;
}

/* A kept line's title: the item's, or "#ID" when the item is gone (into at least 24 bytes). */
static const char *stored_title(sqlite3_stmt *st, char *gone, size_t *len)
{
	const char *title = db_col_text(st, 2);
	if (*title) {
		*len = (size_t)sqlite3_column_bytes(st, 2);
		return title;
	}
	*len = (size_t)snprintf(gone, 24, "#%lld", (long long)sqlite3_column_int64(st, 0));
	return gone;
}

static struct kpi_content_row stored_line(sqlite3_stmt *st)
{
	struct kpi_content_row r = stored_numbers(st);
	char gone[24];
	size_t len;
	const char *title = stored_title(st, gone, &len);
	r.title = xstrndup(title, len);
	return r;
}

/*
 * The kept report's shape: 1 with *total lines and those to retire at [*from, *to]
 * (0, 0: none), 0 when today's performance is not stored.
 */
static int report_shape_stored(struct db *db, const struct playbook_set *set, int today,
			       size_t *total, size_t *from, size_t *to, char **cause)
{
	*total = *from = *to = 0;
	if (perf_ensure(db, set, today, cause) < 0)
		return -1;
	if (!perf_cache.stored)
		return 0;
	/* Three ends of two partial indexes: nothing scanned. */
	sqlite3_stmt *st = db_cached(db, "SELECT (SELECT max(win_pos) FROM content_perf "
				     "WHERE win_pos IS NOT NULL), (SELECT min(win_pos) FROM "
				     "content_perf WHERE retire AND win_pos IS NOT NULL), (SELECT "
				     "max(win_pos) FROM content_perf WHERE retire AND win_pos IS NOT "
				     "NULL)", cause);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*total = (size_t)sqlite3_column_int64(st, 0);
		*from = (size_t)sqlite3_column_int64(st, 1);
		*to = (size_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, _("reading the stored content performance"), cause);
	return 1;
}

/* The report computed (it could not be kept), remembered while the performance is the same. */
static struct {
	bool valid;
	uint64_t generation;
	struct kpi_content_row *rows;
	size_t n;
} report_cache;

static int report_computed(struct db *db, const struct playbook_set *set, int today,
			   char **cause)
{
	if (report_cache.valid && report_cache.generation == perf_cache.generation)
		return 0;
	kpi_content_report_free(report_cache.rows, report_cache.n);
	report_cache.valid = false;
	report_cache.rows = NULL;
	report_cache.n = 0;
	if (content_report(db, set, today, KPI_CONTENT_RANK_DAYS, true, &report_cache.rows,
			   &report_cache.n, cause) < 0)
		return -1;
	report_cache.valid = true;
	report_cache.generation = perf_cache.generation;
	return 0;
}

int kpi_content_report_shape(struct db *db, const struct playbook_set *set, int today,
			     size_t *total, size_t *retire_from, size_t *retire_to, char **cause)
{
	int stored = report_shape_stored(db, set, today, total, retire_from, retire_to, cause);
	if (stored != 0)
		return stored < 0 ? -1 : 0;
	if (report_computed(db, set, today, cause) < 0)
		return -1;
	*total = report_cache.n;
	for (size_t i = 0; i < report_cache.n; i++)
		if (report_cache.rows[i].retire) {
			if (!*retire_from)
				*retire_from = i + 1;
			*retire_to = i + 1;
		}
	return 0;
}

int kpi_content_report_lines(struct db *db, const struct playbook_set *set, int today,
			     size_t from, size_t to, struct kpi_content_row **out, size_t *n,
			     char **cause)
{
	*out = NULL;
	*n = 0;
	if (perf_ensure(db, set, today, cause) < 0)
		return -1;
	if (from < 1)
		from = 1;
	if (perf_cache.stored) {
		/* The range of the index, and only these lines' titles. */
		sqlite3_stmt *st = db_cached(db, STORED_LINE_SQL "LEFT JOIN content c ON c.id = "
					     "p.content_id WHERE p.win_pos IS NOT NULL AND p.win_pos "
					     "BETWEEN ?1 AND ?2 ORDER BY p.win_pos", cause);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
		sqlite3_bind_int64(st, 2, to > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)to);
		struct kpi_content_row *rows = NULL;
		size_t nr = 0, cap = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (nr == cap) {
				cap = cap ? cap * 2 : 64;
				rows = xrealloc(rows, cap * sizeof *rows);
			}
			rows[nr++] = stored_line(st);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			kpi_content_report_free(rows, nr);
			return db_fail(db, _("reading the stored content performance"), cause);
		}
		*out = rows;
		*n = nr;
		return 0;
	}
	if (report_computed(db, set, today, cause) < 0)
		return -1;
	size_t lo = from - 1, hi = to < report_cache.n ? to : report_cache.n;
	if (lo >= hi)
		return 0;
	struct kpi_content_row *rows = xcalloc(hi - lo, sizeof *rows);
	for (size_t i = lo; i < hi; i++) {
		rows[i - lo] = report_cache.rows[i];
		rows[i - lo].title = xstrdup(report_cache.rows[i].title);
	}
	*out = rows;
	*n = hi - lo;
	return 0;
}

/*
 * The content effect report of the last KPI_CONTENT_RANK_DAYS days from table content_perf
 * (its win_ columns, computed by perf_compute with content_posted as content_report does),
 * each line to fn in order: 1 when done, 0 when today's performance is not stored (the
 * caller computes it). Read in id order, each line put at its position: the titles then
 * come in the content table's order (lookups in the report's order cost a third more).
 * The lines and their titles are held in huge pages (struct big) until handed out: 35,000
 * of them took 1,000 fresh 4 KiB pages as malloc'd rows and strings, 20 ms on this VM.
 */
static int report_stored(struct db *db, const struct playbook_set *set, int today,
			 kpi_content_line_fn *fn, void *ctx, char **cause)
{
	size_t total, from, to;
	int shape = report_shape_stored(db, set, today, &total, &from, &to, cause);
	if (shape <= 0 || total == 0)  /* not kept, or nothing posted: no lines */
		return shape;
	sqlite3_stmt *st = db_cached(db, STORED_LINE_SQL "NOT INDEXED LEFT JOIN content c "
				     "ON c.id = p.content_id WHERE p.win_pos > 0", cause);
	if (!st)
		return -1;
	/* The lines, then where each one's title starts in the titles' block. */
	struct big lines = {0}, titles = {0};
	big_reserve(&lines, 0, total * (sizeof(struct kpi_content_row) + sizeof(size_t)));
	struct kpi_content_row *rows = (struct kpi_content_row *)(void *)lines.data;
	size_t *title_at = (size_t *)(void *)(rows + total), used = 0, nr = 0;
	memset(rows, 0, total * sizeof *rows);
	bool order_ok = true;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t pos = (size_t)sqlite3_column_int64(st, 6);
		/* Positions 1..total, each once (else computed afresh by the caller). */
		if (pos < 1 || pos > total || rows[pos - 1].position) {
			order_ok = false;
			break;
		}
		rows[pos - 1] = stored_numbers(st);
		char gone[24];
		size_t len;
		const char *title = stored_title(st, gone, &len);
		big_reserve(&titles, used, used + len + 1);
		memcpy(titles.data + used, title, len);
		titles.data[used + len] = '\0';
		title_at[pos - 1] = used;
		used += len + 1;
		nr++;
	}
	sqlite3_reset(st);
	if (order_ok && nr == total && rc == SQLITE_DONE)
		for (size_t i = 0; i < total; i++) {
			rows[i].title = titles.data + title_at[i];
			fn(ctx, &rows[i]);
		}
	big_free(&lines);
	big_free(&titles);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, _("reading the stored content performance"), cause);
	return order_ok && nr == total;
}

/* The stored performance of one item, a list (a JSON array for json_each), or every item. */
#define PERF_SQL(cond)                                                                       \
	"SELECT content_id, posts, open_rate, interact_rate, rank, retire FROM content_perf " \
	cond " ORDER BY content_id"
static const char *const perf_sql[] = {
	PERF_SQL("WHERE content_id = ?1"),
	PERF_SQL("WHERE content_id IN (SELECT value FROM json_each(?1))"), PERF_SQL("")};

/* A row of perf_sql into *p, every byte set (callers compare entries with memcmp). */
static void perf_row(sqlite3_stmt *st, struct kpi_content_perf *p)
{
	memset(p, 0, sizeof *p);
	p->content_id = sqlite3_column_int64(st, 0);
	p->posts = (size_t)sqlite3_column_int64(st, 1);
	if ((p->open_defined = sqlite3_column_type(st, 2) != SQLITE_NULL))
		p->open_rate = sqlite3_column_double(st, 2);
	if ((p->interact_defined = sqlite3_column_type(st, 3) != SQLITE_NULL))
		p->interact_rate = sqlite3_column_double(st, 3);
	p->rank = (size_t)sqlite3_column_int64(st, 4);
	p->ranked = perf_cache.ranked;
	p->retire = sqlite3_column_int(st, 5) != 0;
}

/* One index of ids sorted by id, to look rows up in. */
static const int64_t *sort_ids;
static int sort_idx_cmp(const void *a, const void *b)
{
	int64_t x = sort_ids[*(const size_t *)a], y = sort_ids[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

int kpi_content_performance(struct db *db, const struct playbook_set *set, int64_t content_id,
			    int today, struct kpi_content_perf *out, char **cause)
{
	return kpi_content_performance_list(db, set, today, &content_id, 1, out, cause);
}

int kpi_content_performance_list(struct db *db, const struct playbook_set *set, int today,
				 const int64_t *ids, size_t n, struct kpi_content_perf *out,
				 char **cause)
{
	memset(out, 0, n * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i].content_id = ids[i];
	if (n == 0)
		return 0;
	if (perf_ensure(db, set, today, cause) < 0)
		return -1;
	if (!perf_cache.stored) {
		for (size_t i = 0; i < n; i++) {
			const struct kpi_content_perf *p =
				kpi_content_perf_find(perf_cache.rows, perf_cache.n, ids[i]);
			if (p)
				memcpy(&out[i], p, sizeof *p);
		}
		return 0;
	}
	/* Stored: the listed items' rows, one statement, matched through ids sorted. */
	size_t *idx = xcalloc(n, sizeof *idx);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_ids = ids;
	qsort(idx, n, sizeof *idx, sort_idx_cmp);
	struct buf list = {0};
	if (n > 1) {
		buf_adds(&list, "[");
		for (size_t i = 0; i < n; i++)
			buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
		buf_adds(&list, "]");
	}
	sqlite3_stmt *st = db_cached(db, perf_sql[n > 1], cause);
	if (!st) {
		free(idx);
		buf_free(&list);
		return -1;
	}
	if (n > 1)
		sqlite3_bind_text(st, 1, buf_str(&list), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 1, ids[0]);
	buf_free(&list);
	int rc;
	size_t at = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* Rows come by id, as idx is: walk both together. */
		struct kpi_content_perf p;
		perf_row(st, &p);
		while (at < n && ids[idx[at]] < p.content_id)
			at++;
		for (size_t k = at; k < n && ids[idx[k]] == p.content_id; k++)
			memcpy(&out[idx[k]], &p, sizeof p);
	}
	sqlite3_reset(st);
	free(idx);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading the content performance"), cause);
}

int kpi_content_performance_all(struct db *db, const struct playbook_set *set, int today,
				struct kpi_content_perf **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	if (perf_ensure(db, set, today, cause) < 0)
		return -1;
	if (!perf_cache.stored) {
		*out = xcalloc(perf_cache.n + 1, sizeof **out);
		if (perf_cache.n)
			memcpy(*out, perf_cache.rows, perf_cache.n * sizeof **out);
		*n = perf_cache.n;
		return 0;
	}
	sqlite3_stmt *st = db_cached(db, perf_sql[2], cause);
	if (!st)
		return -1;
	struct kpi_content_perf *rows = NULL;
	size_t nr = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nr == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		perf_row(st, &rows[nr++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_fail(db, _("reading the content performance"), cause);
	}
	*out = rows ? rows : xcalloc(1, sizeof *rows);
	*n = nr;
	return 0;
}

int kpi_content_perf_stored(struct db *db, const struct playbook_set *set, int today,
			    size_t *ranked, char **cause)
{
	*ranked = 0;
	if (perf_ensure(db, set, today, cause) < 0)
		return -1;
	*ranked = perf_cache.ranked;
	return perf_cache.stored;
}

const struct kpi_content_perf *kpi_content_perf_find(const struct kpi_content_perf *perf,
						     size_t n, int64_t content_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (perf[mid].content_id == content_id)
			return &perf[mid];
		if (perf[mid].content_id < content_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void kpi_content_report_free(struct kpi_content_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].title);
	free(rows);
}
