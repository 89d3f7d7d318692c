/*
 * SOP version effects (PDCA's Act): each metric of a playbook over the 30
 * days before and after each of its versions was imported, with the relative
 * change ("V2.0 ... 消息打开率提升 18%").
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "kpi-internal.h"
#include "util.h"

/*
 * The groups running on pb when the workspace holds other playbooks too
 * (*filter false when it does not: every group counts): a version's effect is
 * measured on the groups it was written for.
 */
static int groups_on(struct db *db, const struct playbook *pb, const struct pb_version_info *v,
		     size_t nv, bool *filter, int64_t **ids, size_t *n, char **cause)
{
	*filter = false;
	*ids = NULL;
	*n = 0;
	for (size_t i = 0; i < nv && !*filter; i++)
		*filter = v[i].name && pb->name && strcmp(v[i].name, pb->name) != 0;
	if (!*filter)
		return 0;
	char *dflt = NULL;
	struct group *g;
	size_t ng;
	if (playbook_default_name(db, &dflt, cause) < 0)
		return -1;
	if (group_list(db, &g, &ng, cause) < 0) {
		free(dflt);
		return -1;
	}
	*ids = xcalloc(ng + 1, sizeof **ids);
	for (size_t i = 0; i < ng; i++) {
		/* Its own playbook while it exists, else the default (as playbook_set_for). */
		const char *on = dflt;
		for (size_t k = 0; k < nv && g[i].playbook && *g[i].playbook; k++)
			if (v[k].name && !strcmp(v[k].name, g[i].playbook))
				on = g[i].playbook;
		if (!strcmp(on, pb->name))
			(*ids)[(*n)++] = g[i].id;
	}
	group_list_free(g, ng);
	free(dflt);
	return 0;
}

int kpi_versions(struct db *db, const struct playbook *pb, int64_t group_id, int today,
		 struct kpi_version_effect **out, size_t *n, char **cause)
{
	struct pb_version_info *v;
	size_t nv;
	*out = NULL;
	*n = 0;
	if (playbook_versions(db, &v, &nv, cause) < 0)
		return -1;
	bool filter = false;
	int64_t *ids = NULL;
	size_t n_ids = 0;
	if (group_id == 0 && groups_on(db, pb, v, nv, &filter, &ids, &n_ids, cause) < 0) {
		playbook_versions_free(v, nv);
		return -1;
	}
	struct kpi_version_effect *e = xcalloc(nv + 1, sizeof *e);
	int rc = 0;
	for (size_t vi = 0, i = 0; rc == 0 && vi < nv; vi++) {
		/* Only the versions of pb's own playbook (one per business line). */
		if (pb->name && v[vi].name && strcmp(v[vi].name, pb->name) != 0)
			continue;
		i = (*n)++;
		e[i].version = xstrdup(v[vi].version ? v[vi].version : "");
		e[i].note = xstrdup(v[vi].note ? v[vi].note : "");
		e[i].imported_at = xstrdup(v[vi].imported_at ? v[vi].imported_at : "");
		/* Stored in UTC: the workspace's day it was imported on. */
		e[i].day = date_stamp_day(v[vi].imported_at ? v[vi].imported_at : "");
		e[i].metrics = xcalloc(pb->n_metrics + 1, sizeof *e[i].metrics);
		e[i].n_metrics = pb->n_metrics;
		if (e[i].day == DATE_INVALID)
			continue;
		struct kpi_sums before, after;
		int after_to = e[i].day + 29 < today ? e[i].day + 29 : today;
		if (kpi_sums_load(db, pb, group_id, e[i].day - 30, e[i].day - 1, &before, cause) < 0) {
			rc = -1;
			break;
		}
		if (kpi_sums_load(db, pb, group_id, e[i].day, after_to, &after, cause) < 0) {
			kpi_sums_free(&before);
			rc = -1;
			break;
		}
		if (filter) {
			kpi_sums_keep(&before, ids, n_ids);
			kpi_sums_keep(&after, ids, n_ids);
		}
		for (size_t k = 0; k < pb->n_metrics; k++) {
			struct kpi_version_metric *m = &e[i].metrics[k];
			m->metric = &pb->metrics[k];
			m->before_defined = kpi_metric_eval(m->metric, &before, &m->before);
			m->after_defined = after_to >= e[i].day &&
					   kpi_metric_eval(m->metric, &after, &m->after);
			m->has_change = m->before_defined && m->after_defined && m->before != 0;
			if (m->has_change)
				m->change = m->after / m->before - 1;
		}
		kpi_sums_free(&before);
		kpi_sums_free(&after);
	}
	playbook_versions_free(v, nv);
	free(ids);
	if (rc < 0) {
		kpi_versions_free(e, *n);
		*n = 0;
		return -1;
	}
	*out = e;
	return 0;
}

void kpi_versions_free(struct kpi_version_effect *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].version);
		free(v[i].note);
		free(v[i].imported_at);
		free(v[i].metrics);
	}
	free(v);
}

