/*
 * The per-group KPI report: every metric of each group's own playbook over a
 * window and the one before it, status, trend, the metrics the group shows
 * (kpi_shown_metrics), health and members. Set-based: one read of every
 * group's counters, sliced per group in memory, so 500 groups run the same
 * few statements as one, whatever playbooks they run on.
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "kpi-internal.h"
#include "util.h"

/* A group's window and the previous window of equal length. */
struct kpi_win {
	int from, to, prev_from, prev_to;
};

static struct kpi_win win_of(int from, int to)
{
	return (struct kpi_win){from, to, from - (to - from + 1), from - 1};
}

/* Health from the metrics the group shows: no warnings = good, one = warn, more = bad. */
static void health_of(struct kpi_group_report *g)
{
	size_t ok = 0, warn = 0;
	for (size_t i = 0; i < g->n_shown; i++) {
		const struct kpi_metric_result *r = &g->metrics[g->shown[i]];
		ok += r->status == KPI_OK;
		warn += r->status == KPI_WARN;
	}
	g->n_warn = warn;
	g->health = warn >= 2 ? KPI_HEALTH_BAD : warn == 1 ? KPI_HEALTH_WARN
			     : ok ? KPI_HEALTH_GOOD : KPI_HEALTH_NO_DATA;
}

/* One group's metrics (of its own playbook g->pb) from its sums over the window and the previous one. */
static void group_metrics(int today, struct kpi_group_report *g, const struct kpi_sums *cur,
			  const struct kpi_sums *prev)
{
	const struct playbook *pb = g->pb;
	g->age = group_age(&g->group, today);
	g->stage = playbook_stage_for_age(pb, g->age);
	g->next_stage = kpi_next_stage(pb, g->stage);
	g->days_to_next = g->next_stage ? g->next_stage->from_day - g->age : -1;
	g->stage_start = g->group.created + (g->stage ? g->stage->from_day : 0);
	g->n_metrics = pb->n_metrics;
	g->metrics = xcalloc(pb->n_metrics + 1, sizeof *g->metrics);
	g->shown = xcalloc(pb->n_metrics + 1, sizeof *g->shown);
	g->n_shown = kpi_shown_metrics(pb, &g->group, today, g->shown);
	for (size_t i = 0; i < pb->n_metrics; i++) {
		struct kpi_metric_result *m = &g->metrics[i];
		m->metric = &pb->metrics[i];
		m->defined = kpi_metric_eval(m->metric, cur, &m->value);
		m->prev_defined = kpi_metric_eval(m->metric, prev, &m->prev);
		m->status = kpi_metric_status(m->metric, m->defined, m->value);
		m->trend = kpi_trend_of(m->metric, m->defined, m->value, m->prev_defined, m->prev);
		m->in_stage = kpi_metric_in_stage(g->stage, m->metric->key);
		m->pdca = kpi_metric_is_pdca(m->metric->key);
	}
	for (size_t i = 0; i < g->n_shown; i++)
		g->metrics[g->shown[i]].shown = true;
	health_of(g);
}

/* Cell order by group then day (qsort_r is not C11: the cells are passed through a static). */
static const struct kpi_sums *order_sums;

static int cell_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct kpi_sums *s = order_sums;
	if (s->cell_group[x] != s->cell_group[y])
		return s->cell_group[x] < s->cell_group[y] ? -1 : 1;
	return (s->cell_day[x] > s->cell_day[y]) - (s->cell_day[x] < s->cell_day[y]);
}

/*
 * The cells of one group (order[first..end)) with day in [from, to], as sums
 * over its own playbook pb: map[k] is pb's counter k in all's counters (-1: none).
 */
static void sums_slice(const struct kpi_sums *all, const size_t *order, size_t first, size_t end,
		       int from, int to, const struct playbook *pb, const int *map,
		       struct kpi_sums *out)
{
	kpi_sums_init(out, pb, true);
	size_t nu = all->pb->n_counters;
	int *ks = xcalloc(pb->n_counters + 1, sizeof *ks);
	double *vs = xcalloc(pb->n_counters + 1, sizeof *vs);
	for (size_t i = first; i < end; i++) {
		size_t c = order[i];
		if (all->cell_day[c] < from || all->cell_day[c] > to)
			continue;
		/* A cell's counters gathered, then put at once (the cell found once, not per value). */
		size_t n = 0;
		for (size_t k = 0; k < pb->n_counters; k++)
			if (map[k] >= 0 && all->day_has[c * nu + (size_t)map[k]]) {
				ks[n] = (int)k;
				vs[n++] = all->day_val[c * nu + (size_t)map[k]];
			}
		kpi_sums_put_cell(out, all->cell_group[c], all->cell_day[c], ks, vs, n);
	}
	free(ks);
	free(vs);
}

/* The group's cells: a range of order, found by binary search. */
static void group_range(const struct kpi_sums *all, const size_t *order, int64_t gid,
			size_t *first, size_t *end)
{
	size_t nc = (size_t)all->n_days, lo = 0, hi = nc;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (all->cell_group[order[mid]] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (hi = lo; hi < nc && all->cell_group[order[hi]] == gid; hi++)
		;
	*end = hi;
}

/*
 * Fill the reports of groups g[0..n), each with its playbook g[i].pb and its
 * own window w[i], from one read of every group's counters (a fixed number of
 * statements, whatever the number of groups or playbooks): the set-based core
 * of the report, the KPI tab and advice.
 */
static int reports_fill(struct db *db, int today, struct kpi_group_report *g,
			const struct kpi_win *w, size_t n, char **cause)
{
	if (n == 0)
		return 0;
	int lo = w[0].prev_from, hi = w[0].to;
	for (size_t i = 1; i < n; i++) {
		lo = w[i].prev_from < lo ? w[i].prev_from : lo;
		hi = w[i].to > hi ? w[i].to : hi;
	}
	/* The distinct playbooks (a handful), each with its counters in the union's. */
	const struct playbook **pbs = xcalloc(n + 1, sizeof *pbs);
	size_t npb = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < npb && pbs[k] != g[i].pb)
			k++;
		if (k == npb)
			pbs[npb++] = g[i].pb;
	}
	struct playbook u;
	kpi_counters_union(pbs, npb, &u);
	int **maps = xcalloc(npb + 1, sizeof *maps);
	for (size_t k = 0; k < npb; k++)
		maps[k] = kpi_counter_map(pbs[k], &u);
	struct kpi_sums all;
	int rc;
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = g[i].group.id;
	rc = kpi_sums_load_many(db, &u, ids, n, lo, hi, &all, cause);
	free(ids);
	size_t nc = rc == 0 ? (size_t)all.n_days : 0;
	size_t *order = xcalloc(nc + 1, sizeof *order);
	for (size_t c = 0; c < nc; c++)
		order[c] = c;
	/*
	 * Cells come by group and day already (the statement's ORDER BY); sorted only if a plan
	 * ever gave them otherwise: the check is one pass, the sort of a month of 500 groups'
	 * cells was a third of `kpi --days 30`.
	 */
	order_sums = &all;
	bool sorted = true;
	for (size_t c = 1; c < nc && sorted; c++)
		sorted = cell_cmp(&order[c - 1], &order[c]) < 0;
	if (!sorted)
		qsort(order, nc, sizeof *order, cell_cmp);
	order_sums = NULL;
	int km = kpi_counter_index(&u, "members");
	size_t nk = u.n_counters;
	int64_t *lack = xcalloc(n + 1, sizeof *lack);
	size_t *lack_at = xcalloc(n + 1, sizeof *lack_at), n_lack = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t first, end, p = 0;
		while (pbs[p] != g[i].pb)
			p++;
		group_range(&all, order, g[i].group.id, &first, &end);
		struct kpi_sums cur, prev;
		sums_slice(&all, order, first, end, w[i].from, w[i].to, g[i].pb, maps[p], &cur);
		sums_slice(&all, order, first, end, w[i].prev_from, w[i].prev_to, g[i].pb, maps[p],
			   &prev);
		group_metrics(today, &g[i], &cur, &prev);
		kpi_sums_free(&cur);
		kpi_sums_free(&prev);
		/* The latest members up to the window's end: in memory when it is in the range. */
		g[i].has_members = false;
		for (size_t k = end; k > first && km >= 0 && !g[i].has_members; k--) {
			size_t c = order[k - 1];
			if (all.cell_day[c] <= w[i].to && all.day_has[c * nk + (size_t)km]) {
				g[i].has_members = true;
				g[i].members = all.day_val[c * nk + (size_t)km];
			}
		}
		if (!g[i].has_members) {
			lack_at[n_lack] = i;
			lack[n_lack++] = g[i].group.id;
		}
	}
	if (rc == 0)
		kpi_sums_free(&all);
	free(order);
	/* The others: the latest members before the loaded range, one query for all of them. */
	bool *has = xcalloc(n_lack + 1, sizeof *has);
	double *val = xcalloc(n_lack + 1, sizeof *val);
	if (rc == 0)
		rc = kpi_members_before(db, lack, n_lack, lo, has, val, cause);
	for (size_t i = 0; rc == 0 && i < n_lack; i++) {
		g[lack_at[i]].has_members = has[i];
		g[lack_at[i]].members = val[i];
	}
	free(has);
	free(val);
	free(lack);
	free(lack_at);
	for (size_t k = 0; k < npb; k++)
		free(maps[k]);
	free(maps);
	free(u.counters);
	free(pbs);
	return rc;
}

int kpi_reports_fill(struct db *db, int today, struct kpi_group_report *g, size_t n, int from,
		     int to, char **cause)
{
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i] = win_of(from, to);
	int rc = reports_fill(db, today, g, w, n, cause);
	free(w);
	return rc;
}

/* The report of one group alone, its window w and its playbook pb. */
static void report_of(struct kpi_report *r, int today, struct kpi_win w)
{
	r->today = today;
	r->from = w.from;
	r->to = w.to;
	r->prev_from = w.prev_from;
	r->prev_to = w.prev_to;
}

int kpi_report_build(struct db *db, const struct playbook_set *set, int today, int from, int to,
		     const char *group_name, struct kpi_report *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return set_cause(cause, _("empty window"));
	struct kpi_win win = win_of(from, to);
	report_of(out, today, win);
	struct group *groups;
	size_t n;
	if (group_name) {
		groups = xcalloc(1, sizeof *groups);
		n = 1;
		if (group_require(db, group_name, groups, cause) < 0) {
			free(groups);
			return -1;
		}
	} else if (group_list(db, &groups, &n, cause) < 0) {
		return -1;
	}
	out->groups = xcalloc(n + 1, sizeof *out->groups);
	out->n_groups = n;
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		out->groups[i].group = groups[i];
		out->groups[i].pb = playbook_set_for(set, &groups[i]);
		w[i] = win;
	}
	free(groups);
	int rc = reports_fill(db, today, out->groups, w, n, cause);
	free(w);
	if (rc < 0)
		kpi_report_free(out);
	return rc;
}

int kpi_reports_build(struct db *db, const struct playbook_set *set, int today,
		      const struct group *groups, size_t n, const int *from, const int *to,
		      struct kpi_report *out, char **cause)
{
	for (size_t i = 0; i < n; i++)
		if (to[i] < from[i])
			return set_cause(cause, _("%s: empty window"), groups[i].name);
	struct kpi_group_report *g = xcalloc(n + 1, sizeof *g);
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		w[i] = win_of(from[i], to[i]);
		g[i].group = group_copy(&groups[i]);
		g[i].pb = playbook_set_for(set, &groups[i]);
	}
	int rc = reports_fill(db, today, g, w, n, cause);
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		report_of(&out[i], today, w[i]);
		out[i].groups = xcalloc(2, sizeof *out[i].groups);
		out[i].groups[0] = g[i];
		out[i].n_groups = 1;
		if (rc < 0)
			kpi_report_free(&out[i]);
	}
	free(g);
	free(w);
	return rc;
}

void kpi_group_report_clear(struct kpi_group_report *g, bool owned)
{
	if (owned)
		group_clear(&g->group);
	free(g->metrics);
	free(g->shown);
	g->metrics = NULL;
	g->shown = NULL;
}

void kpi_report_free(struct kpi_report *r)
{
	for (size_t i = 0; i < r->n_groups; i++)
		kpi_group_report_clear(&r->groups[i], true);
	free(r->groups);
	memset(r, 0, sizeof *r);
}

const struct kpi_metric_result *kpi_group_metric(const struct kpi_group_report *g,
						 const char *key)
{
	for (size_t i = 0; i < g->n_metrics; i++)
		if (!strcmp(g->metrics[i].metric->key, key))
			return &g->metrics[i];
	return NULL;
}
