/*
 * The content effect report (内容效果报表): posted content ranked by the
 * open and speaker rates of the groups on the days it was posted, each group
 * counted by its own playbook's formulas (issue 11), the bottom 20% marked for
 * retirement (ties never), and one item's performance with its rank (the
 * ranking kept per connection until anything changes).
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

/* The union's counters as a JSON array, for json_each. */
static char *posted_counters(const struct effect *e)
{
	struct buf b = {0};
	buf_adds(&b, "[");
	for (size_t i = 0; i < e->counters.n_counters; i++) {
		buf_adds(&b, i ? ",\"" : "\"");
		for (const char *c = e->counters.counters[i].key; *c; c++)
			if (*c != '"' && *c != '\\' && (unsigned char)*c >= 0x20)
				buf_add(&b, c, 1);
		buf_adds(&b, "\"");
	}
	buf_adds(&b, "]");
	buf_str(&b);
	return b.data;
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

/* One item's sums at a time (one per line) while kpi_posted_cells reads them in item order. */
struct posted_acc {
	struct effect *e;
	struct kpi_content_row *rows;
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

/* The current item's rates from its sums; the sums start again for the next one. */
static void posted_flush(struct posted_acc *a)
{
	if (a->cur >= 0) {
		struct kpi_content_row *row = &a->rows[a->cur];
		row->open_defined = posted_rate(a->e, true, &row->open_rate);
		row->interact_defined = posted_rate(a->e, false, &row->interact_rate);
	}
	for (size_t l = 0; l < a->e->n_lines; l++) {
		struct effect_line *ln = &a->e->lines[l];
		if (ln->sm.n_days) {
			kpi_sums_free(&ln->sm);
			kpi_sums_init(&ln->sm, ln->pb, true);
		}
	}
	a->cur = -1;
}

static void posted_cell(void *ctx, int64_t item, int64_t group_id, int day, int k, double v)
{
	struct posted_acc *a = ctx;
	ptrdiff_t i = content_row_find(a->rows, a->nr, item);
	if (a->cur >= 0 && i != a->cur)
		posted_flush(a);
	if (i < 0)
		return;
	a->cur = i;
	/* k is the union's counter: the group's line reads it by its own playbook's index. */
	struct effect_line *ln = effect_line_of(a->e, group_id);
	if (ln->counter[k] >= 0)
		kpi_sums_put(&ln->sm, group_id, day, ln->counter[k], v);
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
			  const char *from, const char *to, struct kpi_content_row **out,
			  size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
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
	struct effect e;
	if (effect_open(db, set, &e, cause) < 0) {
		effect_close(&e);
		kpi_content_report_free(rows, nr);
		return -1;
	}
	char *counters = posted_counters(&e);
	struct posted_acc acc = {.e = &e, .rows = rows, .nr = nr, .cur = -1};
	int rc = kpi_posted_cells(db, &e.counters, which == POSTED_TITLED ? KPI_POSTED_EVERY
				  : (enum kpi_posted_filter)which, item, list, from, to,
				  counters, posted_cell, &acc, cause);
	free(counters);
	if (rc == 0)
		posted_flush(&acc);
	effect_close(&e);
	if (rc < 0) {
		kpi_content_report_free(rows, nr);
		return -1;
	}
	*out = rows;
	*n = nr;
	return 0;
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
	if (content_posted(db, set, titles ? POSTED_TITLED : POSTED_EVERY, 0, NULL, a, b, &rows,
			   &nr, cause) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++)
		if (!*rows[i].title) {
			free(rows[i].title);
			rows[i].title = xasprintf("#%lld", (long long)rows[i].content_id);
		}
	if (nr > 1)
		qsort(rows, nr, sizeof *rows, cmp_content);
	/*
	 * Retire the bottom fifth of the content that has numbers; none without
	 * evidence. Items posted in the same group on the same day share that
	 * group-day's rates, so ties are common: only items strictly worse than the
	 * lowest one kept are retired, and a tie at the cut keeps them all rather
	 * than letting the id decide.
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
	*out = rows;
	*n = nr;
	return 0;
}

int kpi_content_report(struct db *db, const struct playbook_set *set, int today, int days,
		       struct kpi_content_row **out, size_t *n, char **cause)
{
	return content_report(db, set, today, days, true, out, n, cause);
}

/* One ranked item of the last KPI_CONTENT_RANK_DAYS days. */
struct rank_entry {
	int64_t id;
	size_t rank;
	bool retire;
};

static int rank_entry_cmp(const void *a, const void *b)
{
	const struct rank_entry *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The ranking of one connection's data, kept between calls: the Library asks
 * for one item's performance on every cursor move, and the ranking (every item
 * of 30 days) is the expensive part. It is valid while nothing changed: the
 * connection is the same (a serial stamped into its temp.user_version, which
 * a new connection at a reused address does not have), no other connection
 * committed (PRAGMA data_version), this one changed no row
 * (sqlite3_total_changes), and today and the two formulas are the same.
 */
static struct {
	int64_t stamp;
	int64_t data_version;
	int64_t changes;
	int today;
	char *formulas;
	struct rank_entry *by_id;  /* sorted by id */
	size_t n, ranked;
} rank_cache;

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

/*
 * Make rank_cache the ranking of the last KPI_CONTENT_RANK_DAYS days ending
 * today: one report, sorted once (O(n log n)), then by id for lookups.
 */
static int content_ranking(struct db *db, const struct playbook_set *set, int today,
			   char **cause)
{
	int64_t stamp, version;
	if (pragma_int(db, "PRAGMA temp.user_version", &stamp, cause) < 0 ||
	    pragma_int(db, "PRAGMA data_version", &version, cause) < 0)
		return -1;
	int64_t changes = sqlite3_total_changes(db_sqlite(db));
	char *formulas = rank_formulas(set);
	if (stamp && stamp == rank_cache.stamp && version == rank_cache.data_version &&
	    changes == rank_cache.changes && today == rank_cache.today && rank_cache.formulas &&
	    strcmp(formulas, rank_cache.formulas) == 0) {
		free(formulas);
		return 0;
	}
	struct kpi_content_row *rep;
	size_t nrep;
	if (content_report(db, set, today, KPI_CONTENT_RANK_DAYS, false, &rep, &nrep, cause) < 0) {
		free(formulas);
		return -1;
	}
	/* Ranked = those with an open rate (the report puts them first), as for retirement. */
	size_t ranked = 0;
	while (ranked < nrep && rep[ranked].open_defined)
		ranked++;
	struct rank_entry *e = xcalloc(ranked + 1, sizeof *e);
	/* Ties share a rank (1, 2, 2, 4): the same group-day's numbers are not a ranking. */
	size_t rank = 1;
	for (size_t r = 0; r < ranked; r++) {
		if (r > 0 && content_score_cmp(&rep[r - 1], &rep[r]) != 0)
			rank = r + 1;
		e[r] = (struct rank_entry){rep[r].content_id, rank, rep[r].retire};
	}
	kpi_content_report_free(rep, nrep);
	if (ranked > 1)
		qsort(e, ranked, sizeof *e, rank_entry_cmp);
	/* Stamp the connection once; the pragma changes no row. */
	static int64_t serial;
	if (!stamp || stamp != rank_cache.stamp) {
		stamp = ++serial;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA temp.user_version = %lld", (long long)stamp);
		if (db_exec(db, sql, cause) < 0) {
			free(e);
			free(formulas);
			return -1;
		}
	}
	free(rank_cache.by_id);
	free(rank_cache.formulas);
	rank_cache.stamp = stamp;
	rank_cache.data_version = version;
	rank_cache.changes = changes;
	rank_cache.today = today;
	rank_cache.formulas = formulas;
	rank_cache.by_id = e;
	rank_cache.n = ranked;
	rank_cache.ranked = ranked;
	return 0;
}

/* Rank, out of how many, and retirement of a posted item, from rank_cache. */
static void rank_fill(struct kpi_content_perf *p)
{
	p->ranked = rank_cache.ranked;
	struct rank_entry key = {.id = p->content_id};
	const struct rank_entry *e =
		rank_cache.n ? bsearch(&key, rank_cache.by_id, rank_cache.n, sizeof key,
				       rank_entry_cmp)
			     : NULL;
	p->rank = e ? e->rank : 0;
	p->retire = e && e->retire;
}

static struct kpi_content_perf perf_of(const struct kpi_content_row *row)
{
	return (struct kpi_content_perf){
		.content_id = row->content_id, .posts = row->posts,
		.open_defined = row->open_defined, .open_rate = row->open_rate,
		.interact_defined = row->interact_defined, .interact_rate = row->interact_rate};
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
	for (size_t i = 0; i < n; i++)
		out[i] = (struct kpi_content_perf){.content_id = ids[i]};
	if (n == 0)
		return 0;
	char b[11];
	date_format(today, b);
	struct buf list = {0};
	if (n > 1) {
		buf_adds(&list, "[");
		for (size_t i = 0; i < n; i++)
			buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
		buf_adds(&list, "]");
	}
	struct kpi_content_row *rows;
	size_t nr;
	int rc = content_posted(db, set, n > 1 ? POSTED_LIST : POSTED_ITEM, n > 1 ? 0 : ids[0],
				n > 1 ? buf_str(&list) : NULL, "", b, &rows, &nr, cause);
	buf_free(&list);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		ptrdiff_t r = content_row_find(rows, nr, ids[i]);
		if (r >= 0)
			out[i] = perf_of(&rows[r]);
	}
	kpi_content_report_free(rows, nr);
	/* Only what was posted has a rank to look up; the ranking is built at most once. */
	if (nr && content_ranking(db, set, today, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (out[i].posts)
			rank_fill(&out[i]);
	return 0;
}

int kpi_content_performance_all(struct db *db, const struct playbook_set *set, int today,
				struct kpi_content_perf **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	char b[11];
	date_format(today, b);
	struct kpi_content_row *rows;
	size_t nr;
	if (content_posted(db, set, POSTED_EVERY, 0, NULL, "", b, &rows, &nr, cause) < 0)
		return -1;
	struct kpi_content_perf *perf = xcalloc(nr + 1, sizeof *perf);
	for (size_t i = 0; i < nr; i++)
		perf[i] = perf_of(&rows[i]);
	kpi_content_report_free(rows, nr);
	if (nr && content_ranking(db, set, today, cause) < 0) {
		free(perf);
		return -1;
	}
	/* A binary search per item: O(n log n), never every item against every other. */
	for (size_t i = 0; i < nr; i++)
		rank_fill(&perf[i]);
	*out = perf;
	*n = nr;
	return 0;
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
