/*
 * KPI advice: for each group, the metrics it shows (kpi_shown_metrics, its
 * own playbook) that cross their threshold over the dashboard's 7-day window,
 * each with the playbook's advice. Today's reminders and `tick kpi-METRIC`
 * read it; every group at once from one read of the counters.
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "kpi-internal.h"
#include "util.h"


const char *kpi_advice_text(const struct pb_metric *m, double value)
{
	/* A rate above 100% comes from wrong counters: the metric's advice would mislead. */
	if (kpi_value_impossible(m, value))
		return _("check the counters: this value is impossible");
	/* advice_en in English when the playbook gives one (i18n_title). */
	const char *advice = i18n_title(m->advice, m->advice_en);
	return advice && *advice ? advice : _("check it");
}

/* What advice needs of one playbook, made ready once rather than per group. */
struct advice_pb {
	const struct playbook *pb;
	int *map;                       /* its counters in the union's */
	struct kpi_metric_plan *plan;   /* by metric index */
	char **threshold;               /* kpi_format_threshold by metric, when first needed */
	size_t **shown;                 /* kpi_shown_metrics by stage index (n_stages: none) */
	size_t *n_shown;
};

static void advice_pb_init(struct advice_pb *a, const struct playbook *pb,
			   const struct playbook *u)
{
	a->pb = pb;
	a->map = kpi_counter_map(pb, u);
	a->plan = xcalloc(pb->n_metrics + 1, sizeof *a->plan);
	for (size_t i = 0; i < pb->n_metrics; i++)
		kpi_metric_plan_init(&a->plan[i], &pb->metrics[i], pb, a->map, u);
	a->threshold = xcalloc(pb->n_metrics + 1, sizeof *a->threshold);
	a->shown = xcalloc(pb->n_stages + 1, sizeof *a->shown);
	a->n_shown = xcalloc(pb->n_stages + 1, sizeof *a->n_shown);
}

static void advice_pb_free(struct advice_pb *a)
{
	for (size_t i = 0; i < a->pb->n_metrics; i++)
		free(a->threshold[i]);
	for (size_t i = 0; i <= a->pb->n_stages; i++)
		free(a->shown[i]);
	free(a->threshold);
	free(a->shown);
	free(a->n_shown);
	free(a->plan);
	free(a->map);
}

/*
 * The metrics group g shows on day: kpi_shown_metrics, which depends on the
 * group only through its stage, asked once per stage of the playbook.
 */
static const size_t *advice_shown(struct advice_pb *a, const struct group *g, int day,
				  size_t *n)
{
	const struct pb_stage *st = playbook_stage_for_age(a->pb, group_age(g, day));
	size_t s = st ? (size_t)(st - a->pb->stages) : a->pb->n_stages;
	if (!a->shown[s]) {
		a->shown[s] = xcalloc(a->pb->n_metrics + 1, sizeof *a->shown[s]);
		a->n_shown[s] = kpi_shown_metrics(a->pb, g, day, a->shown[s]);
	}
	*n = a->n_shown[s];
	return a->shown[s];
}

/* "name value (threshold): advice", as one string. */
static char *advice_line(const char *name, const char *v, const char *t, const char *what)
{
	size_t ln = strlen(name), lv = strlen(v), lt = strlen(t), lw = strlen(what);
	char *s = xmalloc(ln + lv + lt + lw + 7), *p = s;
	memcpy(p, name, ln);
	p += ln;
	*p++ = ' ';
	memcpy(p, v, lv);
	p += lv;
	memcpy(p, " (", 2);
	p += 2;
	memcpy(p, t, lt);
	p += lt;
	memcpy(p, "): ", 3);
	p += 3;
	memcpy(p, what, lw + 1);
	return s;
}

/* The advice of group g (cells [first, end) of s): the metrics it shows that warn. */
static void advice_of(struct advice_pb *a, const struct group *g, int day,
		      const struct kpi_sums *s, size_t first, size_t end,
		      struct kpi_advice_list *out)
{
	size_t n;
	const size_t *shown = advice_shown(a, g, day, &n);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_metric_plan *p = &a->plan[shown[i]];
		double value = 0;
		bool defined = kpi_metric_eval_plan(p, s, first, end, &value);
		if (kpi_metric_status(p->m, defined, value) != KPI_WARN)
			continue;
		char v[48];
		kpi_format_value(p->m, true, value, v, sizeof v);
		if (!a->threshold[shown[i]]) {
			char t[64];
			kpi_format_threshold(p->m, t, sizeof t);
			a->threshold[shown[i]] = xstrdup(t);
		}
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct kpi_advice){
			p->m, kpi_display_value(p->m, value),
			advice_line(i18n_title(p->m->name, p->m->name_en), v,
				    a->threshold[shown[i]], kpi_advice_text(p->m, value))};
	}
}

/* The cells of group gid in s (ordered by group, then day): [*first, *end). */
static void group_cells(const struct kpi_sums *s, int64_t gid, size_t *first, size_t *end)
{
	size_t lo = 0, hi = (size_t)s->n_days;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->cell_group[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (hi = lo; hi < (size_t)s->n_days && s->cell_group[hi] == gid; hi++)
		;
	*end = hi;
}

/*
 * Advice of groups[i] on its playbook pbs[i], over the dashboard's 7-day
 * window: one read of that window's counters for all of them (not the
 * report's two windows: advice has no trend), each group's metrics evaluated
 * over its own cells, what does not depend on the group made once per
 * playbook or stage.
 */
static int advice_fill(struct db *db, const struct playbook *const *pbs, int day,
		       const struct group *groups, size_t n, struct kpi_advice_list **out,
		       char **cause)
{
	*out = xcalloc(n + 1, sizeof **out);
	if (n == 0)
		return 0;
	/* The panel's and `sopdeck kpi`'s 7-day window, so advice and dashboard agree. */
	int from, to;
	kpi_window_last(day, KPI_ADVICE_DAYS, &from, &to);
	/* The distinct playbooks (a handful), each group's index among them. */
	const struct playbook **distinct = xcalloc(n + 1, sizeof *distinct);
	size_t *which = xcalloc(n + 1, sizeof *which), npb = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < npb && distinct[k] != pbs[i])
			k++;
		if (k == npb)
			distinct[npb++] = pbs[i];
		which[i] = k;
	}
	struct playbook u;
	kpi_counters_union(distinct, npb, &u);
	struct advice_pb *a = xcalloc(npb + 1, sizeof *a);
	for (size_t k = 0; k < npb; k++)
		advice_pb_init(&a[k], distinct[k], &u);
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = groups[i].id;
	struct kpi_sums s;
	int rc = kpi_sums_load_many(db, &u, ids, n, from, to, &s, cause);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t first, end;
		group_cells(&s, groups[i].id, &first, &end);
		advice_of(&a[which[i]], &groups[i], day, &s, first, end, &(*out)[i]);
	}
	if (rc == 0)
		kpi_sums_free(&s);
	free(ids);
	for (size_t k = 0; k < npb; k++)
		advice_pb_free(&a[k]);
	free(a);
	free(u.counters);
	free(which);
	free(distinct);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int kpi_advice_groups(struct db *db, const struct playbook_set *set, int day,
		      const struct group *groups, size_t n, struct kpi_advice_list **out,
		      char **cause)
{
	const struct playbook **pbs = xcalloc(n + 1, sizeof *pbs);
	for (size_t i = 0; i < n; i++)
		pbs[i] = playbook_set_for(set, &groups[i]);
	int rc = advice_fill(db, pbs, day, groups, n, out, cause);
	free(pbs);
	return rc;
}

void kpi_advice_lists_free(struct kpi_advice_list *l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		kpi_advice_free(l[i].items, l[i].n);
	free(l);
}

int kpi_advice_group(struct db *db, const struct playbook *pb, const struct group *g, int day,
		     struct kpi_advice **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	struct kpi_advice_list *l;
	if (advice_fill(db, &pb, day, g, 1, &l, cause) < 0)
		return -1;
	*out = l[0].items;
	*n = l[0].n;
	free(l);
	return 0;
}

int kpi_advice(struct db *db, const struct playbook *pb, int64_t group_id, int day,
	       struct kpi_advice **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	int rc = kpi_advice_group(db, pb, &g, day, out, n, cause);
	group_clear(&g);
	return rc;
}

void kpi_advice_free(struct kpi_advice *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a[i].text);
	free(a);
}
