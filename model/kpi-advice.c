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

/* The advice of one group's report: the metrics it shows that warn. */
static void advice_of(const struct kpi_group_report *g, struct kpi_advice_list *out)
{
	for (size_t i = 0; i < g->n_shown; i++) {
		const struct kpi_metric_result *m = &g->metrics[g->shown[i]];
		if (m->status != KPI_WARN)
			continue;
		char v[48], t[64];
		kpi_format_value(m->metric, true, m->value, v, sizeof v);
		kpi_format_threshold(m->metric, t, sizeof t);
		const char *what = kpi_advice_text(m->metric, m->value);
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct kpi_advice){
			m->metric, kpi_display_value(m->metric, m->value),
			xasprintf("%s %s (%s): %s", i18n_title(m->metric->name, m->metric->name_en), v, t, what)};
	}
}

/* Advice of groups[i] on its playbook pbs[i], over the dashboard's 7-day window. */
static int advice_fill(struct db *db, const struct playbook *const *pbs, int day,
		       const struct group *groups, size_t n, struct kpi_advice_list **out,
		       char **cause)
{
	*out = xcalloc(n + 1, sizeof **out);
	/* The panel's and `sopdeck kpi`'s 7-day window, so advice and dashboard agree. */
	int from, to;
	kpi_window_last(day, KPI_ADVICE_DAYS, &from, &to);
	struct kpi_group_report *g = xcalloc(n + 1, sizeof *g);
	for (size_t i = 0; i < n; i++) {
		g[i].group = groups[i]; /* borrowed: never cleared here */
		g[i].pb = pbs[i];
	}
	int rc = kpi_reports_fill(db, day, g, n, from, to, cause);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			advice_of(&g[i], &(*out)[i]);
		kpi_group_report_clear(&g[i], false);
	}
	free(g);
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
