/*
 * SOP version effects (PDCA's Act): each metric of a playbook over the 30
 * days before and after each of its versions was imported, with the relative
 * change ("V2.0 ... 消息打开率提升 18%").
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "kpi.h"
#include "util.h"

int kpi_versions(struct db *db, const struct playbook *pb, int64_t group_id, int today,
		 struct kpi_version_effect **out, size_t *n, char **cause)
{
	struct pb_version_info *v;
	size_t nv;
	*out = NULL;
	*n = 0;
	if (playbook_versions(db, &v, &nv, cause) < 0)
		return -1;
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

