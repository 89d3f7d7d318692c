/*
 * Shared by the KPI files of model/ only: the counter sums' cells and the
 * metric evaluation over them. Every statement that reads the counters
 * (table kpi_day) is in model/kpi-sums.c, so a change of the storage touches
 * that one file.
 */
#ifndef SOPDECK_KPI_INTERNAL_H
#define SOPDECK_KPI_INTERNAL_H

#include "formula.h"
#include "kpi.h"

/* The index of counter key in pb, or -1. */
int kpi_counter_index(const struct playbook *pb, const char *key);
/* Empty sums over pb's counters (by_cell: per (group, day) cells too). */
void kpi_sums_init(struct kpi_sums *s, const struct playbook *pb, bool by_cell);
/* Empty s again, keeping its memory (as kpi_sums_free then kpi_sums_init would leave it). */
void kpi_sums_clear(struct kpi_sums *s);
/* Add value v of counter k on (group, day); rows arrive ordered by group then day. */
void kpi_sums_put(struct kpi_sums *s, int64_t group_id, int day, int k, double v);
/* The same for n counters ks[i] of one (group, day): the cell found once. */
void kpi_sums_put_cell(struct kpi_sums *s, int64_t group_id, int day, const int *ks,
		       const double *vs, size_t n);
/* Metric m over the cells of s on only_day, or over all of them (DATE_INVALID). */
bool kpi_metric_eval_cells(const struct pb_metric *m, const struct kpi_sums *s, int only_day,
			   double *value);

/*
 * The counters of every playbook in pbs at once: a playbook holding only their
 * union (keys borrowed), so one read serves groups on different playbooks.
 * Free with free(u->counters).
 */
void kpi_counters_union(const struct playbook *const *pbs, size_t n, struct playbook *u);
/* pb's counter k in u's counters (-1: none), for each k; free() it. */
int *kpi_counter_map(const struct playbook *pb, const struct playbook *u);
/*
 * The counters (u's) of groups ids[0..n) over [from, to], one statement: one
 * group's, the listed groups' (a few), or every group's (many: cells of groups
 * not in ids come too). Cells ordered by group then day.
 */
int kpi_sums_load_many(struct db *db, const struct playbook *u, const int64_t *ids, size_t n,
		       int from, int to, struct kpi_sums *out, char **cause);

/* One (group, day) cell: val[k], has[k] over the reader's counters (valid during the call). */
typedef void kpi_cell_fn(void *ctx, int64_t group_id, int day, const double *val,
			 const bool *has);
/*
 * The cells of groups ids[0..n) over [from, to] handed to each one at a time, ordered by group
 * then day, from the statement kpi_sums_load_many runs (cells of groups not in ids may come
 * too): the same cells and values, none of them kept. A day without a counter of u is none.
 */
int kpi_cells_each(struct db *db, const struct playbook *u, const int64_t *ids, size_t n,
		   int from, int to, kpi_cell_fn *each, void *ctx, char **cause);

/*
 * One kpi_cell's counters (its JSON text) over u's counters, as kpi_cells_each reads
 * them: val[k], has[k] (valid until the next read), *any when it holds one u knows.
 * A plain object is parsed here, anything else through SQLite's JSON.
 */
struct kpi_cell_reader {
	const struct playbook *u;
	size_t *klen;
	int hint[32];
	double *val;
	bool *has;
	int *set;                                 /* the counters val and has hold */
	size_t n_set;
};
void kpi_cell_reader_init(struct kpi_cell_reader *r, const struct playbook *u);
void kpi_cell_reader_free(struct kpi_cell_reader *r);
int kpi_cell_reader_read(struct db *db, struct kpi_cell_reader *r, const char *text, bool *any,
			 char **cause);
/*
 * A plain kpi_cell's keys (spans of vals, as written) and values in order, at most 64;
 * false for anything kpi_cell_reader_read reads through SQLite instead.
 */
bool kpi_cell_pairs(const char *vals, const char **key, size_t *klen, double *v, size_t *n);

/*
 * A metric's formula made ready once for sums over the counters of u: its
 * counters as u's indexes, so that evaluating it for one group looks nothing
 * up by name. map is the metric's playbook's counter map into u.
 */
struct kpi_metric_plan {
	const struct pb_metric *m;
	bool never;                               /* no formula, or a counter u lacks */
	size_t n;                                 /* counters the formula names */
	const char *names[FORMULA_MAX_COUNTERS];      /* as formula_counters gives them */
	int idx[FORMULA_MAX_COUNTERS];                /* u's index of names[i] */
	const int *map;                           /* the playbook's counters in u */
	size_t n_map;
};
void kpi_metric_plan_init(struct kpi_metric_plan *p, const struct pb_metric *m,
			  const struct playbook *pb, const int *map, const struct playbook *u);
/* A plan's masked sums so far (by the formula's counters) and the cells they came from. */
struct kpi_plan_acc {
	double sum[FORMULA_MAX_COUNTERS];
	int cells;
};
/* Whether a cell holding the counters has marks counts for p: never for a plan that never
   applies; with no counters, when it holds any of the playbook's; else when it holds all. */
static inline bool kpi_metric_plan_counts(const struct kpi_metric_plan *p, const bool *has)
{
	if (p->never)
		return false;
	if (p->n == 0) {
		for (size_t k = 0; k < p->n_map; k++)
			if (p->map[k] >= 0 && has[p->map[k]])
				return true;
		return false;
	}
	for (size_t i = 0; i < p->n; i++)
		if (!has[p->idx[i]])
			return false;
	return true;
}
/*
 * Add one cell (val, has over u's counters) to acc when it holds all of p's counters
 * (inline: a report adds every cell to each of its playbook's metrics).
 */
static inline void kpi_metric_plan_add(const struct kpi_metric_plan *p, const double *val,
				       const bool *has, struct kpi_plan_acc *acc)
{
	if (!kpi_metric_plan_counts(p, has))
		return;
	acc->cells++;
	for (size_t i = 0; i < p->n; i++)
		acc->sum[i] += val[p->idx[i]];
}
/*
 * The same for a kept week's sums over `cells` days, each holding the counters has marks;
 * a counter with days[k] (not whole: revenue) adds each day's value in turn instead.
 */
static inline void kpi_metric_plan_add_days(const struct kpi_metric_plan *p, const double *val,
					    const bool *has, const double *const *days, int cells,
					    struct kpi_plan_acc *acc)
{
	if (!kpi_metric_plan_counts(p, has))
		return;
	acc->cells += cells;
	for (size_t i = 0; i < p->n; i++) {
		const double *d = days[p->idx[i]];
		if (!d) {
			acc->sum[i] += val[p->idx[i]];
			continue;
		}
		for (int j = 0; j < cells; j++)
			acc->sum[i] += d[j];
	}
}
/* p's metric over the cells added to acc, in the order they came (false: undefined). */
bool kpi_metric_plan_result(const struct kpi_metric_plan *p, const struct kpi_plan_acc *acc,
			    double *value);
/*
 * kpi_metric_eval of p's metric over the cells [first, end) of s (one group's,
 * sums over u): the same sums in the same order, so the same value.
 */
bool kpi_metric_eval_plan(const struct kpi_metric_plan *p, const struct kpi_sums *s,
			  size_t first, size_t end, double *value);

/*
 * The decimal number [s, end) (JSON grammar) as strtod reads it, when that can
 * be had without strtod: false for the few it leaves to strtod.
 */
bool kpi_decimal_exact(const char *s, const char *end, double *v);

/* kpi_sums_load over the groups ids[0..n) only, one statement. */
int kpi_sums_load_groups(struct db *db, const struct playbook *pb, const int64_t *ids, size_t n,
			 int from, int to, struct kpi_sums *out, char **cause);

/* Keep only the cells of the groups in ids (by_cell sums) and sum them again. */
void kpi_sums_keep(struct kpi_sums *s, const int64_t *ids, size_t n);

/*
 * The latest stored "members" before day `before` of each group in ids (a JSON
 * array): has[i], value[i] for ids' i-th entry. One statement.
 */
int kpi_members_before(struct db *db, const int64_t *ids, size_t n, int before, bool *has,
		       double *value, char **cause);

/* Posted content's slots: posted, on a day in [?1, ?2]; every item, one (?3), or a list (?4). */
#define KPI_POSTED_WHEN "status = 'posted' AND day BETWEEN ?1 AND ?2"
#define KPI_POSTED_COND_EVERY "s.content_id IS NOT NULL AND ?3 = 0 AND ?4 IS NULL"
#define KPI_POSTED_COND_ITEM "s.content_id = ?3 AND ?4 IS NULL"
#define KPI_POSTED_COND_LIST "s.content_id IN (SELECT value FROM json_each(?4)) AND ?3 = 0"
enum kpi_posted_filter { KPI_POSTED_EVERY, KPI_POSTED_ITEM, KPI_POSTED_LIST };

/*
 * The counters (those pb has) of the group/days on which
 * content was posted in [from, to] (from "" = since ever), each distinct
 * (item, group, day) once, ordered by item then group and day: cell(ctx, item,
 * group, day, k, value) with k pb's counter index. One statement.
 */
int kpi_posted_cells(struct db *db, const struct playbook *pb, enum kpi_posted_filter which,
		     int64_t item, const char *list, const char *from, const char *to,
		     void (*cell)(void *ctx, int64_t item, int64_t group_id, int day, int k,
				  double v),
		     void *ctx, char **cause);

/*
 * Kept weeks (model/kpi-weeks.c, migration 037): a week of a group summed by the
 * set of counters its days hold. A span is a group's days [from, to].
 */
struct kpi_span {
	int64_t group_id;
	int from, to;
};
/* The weeks of the spans (whole weeks) summed again from their cells, in the caller's
   transaction. */
int kpi_weeks_rebuild(struct db *db, const struct kpi_span *spans, size_t n, char **cause);
/* Every group's weeks summed again (the first open after migration 037, the demo). */
int kpi_weeks_rebuild_all(struct db *db, char **cause);
/*
 * One kept week (week: days [day, day + 6], `cells` of them holding counters) or one
 * day cell (week false, cells 1) of a group: val, has over the reader's counters, and
 * for a week days[k]: counter k's value on each of its days in order when it is kept
 * day by day (not whole), else NULL (val[k] is its sum).
 */
typedef void kpi_span_fn(void *ctx, int64_t group_id, int day, bool week, int cells,
			 const double *val, const bool *has, const double *const *days);
/*
 * For each group ids[i] (each once) over [pf[i], to[i]] with a window boundary at
 * from[i] (no kept week spans it): its whole kept weeks and its other days' cells,
 * in day order, group after group in the order of their ids. Three statements.
 * A key kept day by day (not whole: revenue) is added day by day (days), so every
 * sum is added as the days' cells add it; redo[i] is set for a group whose sums could
 * differ (a whole week's sum after a key's fraction), to be read again by day. 1
 * (nothing handed over) when an id or day is beyond what the packed ranges hold, or
 * no window holds a whole week.
 */
int kpi_weeks_each(struct db *db, const struct playbook *u, const int64_t *ids, const int *pf,
		   const int *from, const int *to, size_t n, kpi_span_fn *each, void *ctx,
		   bool *redo, char **cause);
/* The latest stored "members" of each group ids[i] on a day up to upto[i]. One statement. */
int kpi_members_upto(struct db *db, const int64_t *ids, const int *upto, size_t n, bool *has,
		     double *value, char **cause);

/*
 * Fill the reports of g[0..n) (each with its group and playbook set) over
 * [from, to] and the window before it, from one read of the counters.
 */
int kpi_reports_fill(struct db *db, int today, struct kpi_group_report *g, size_t n, int from,
		     int to, char **cause);
/* kpi_reports_build through the kept weeks (kept) or every day's cell (the tests' yardstick). */
int kpi_reports_build_by(struct db *db, const struct playbook_set *set, int today,
			 const struct group *groups, size_t n, const int *from, const int *to,
			 bool kept, struct kpi_report *out, char **cause);
/* Free one group's results; its group is cleared only when owned. */
void kpi_group_report_clear(struct kpi_group_report *g, bool owned);

#endif
