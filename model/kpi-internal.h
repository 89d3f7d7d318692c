/*
 * Shared by the KPI files of model/ only: the counter sums' cells and the
 * metric evaluation over them. Every statement that reads the counters
 * (table kpi_day) is in model/kpi-sums.c, so a change of the storage touches
 * that one file.
 */
#ifndef SOPDECK_KPI_INTERNAL_H
#define SOPDECK_KPI_INTERNAL_H

#include "kpi.h"

/* The index of counter key in pb, or -1. */
int kpi_counter_index(const struct playbook *pb, const char *key);
/* Empty sums over pb's counters (by_cell: per (group, day) cells too). */
void kpi_sums_init(struct kpi_sums *s, const struct playbook *pb, bool by_cell);
/* Add value v of counter k on (group, day); rows arrive ordered by group then day. */
void kpi_sums_put(struct kpi_sums *s, int64_t group_id, int day, int k, double v);
/* Metric m over the cells of s on only_day, or over all of them (DATE_INVALID). */
bool kpi_metric_eval_cells(const struct pb_metric *m, const struct kpi_sums *s, int only_day,
			   double *value);

/*
 * The latest stored "members" before day `before` of each group in ids (a JSON
 * array): has[i], value[i] for ids' i-th entry. One statement.
 */
int kpi_members_before(struct db *db, const int64_t *ids, size_t n, int before, bool *has,
		       double *value, char **cause);

/*
 * Fill the reports of g[0..n) (each with its group and playbook set) over
 * [from, to] and the window before it, from one read of the counters.
 */
int kpi_reports_fill(struct db *db, int today, struct kpi_group_report *g, size_t n, int from,
		     int to, char **cause);
/* Free one group's results; its group is cleared only when owned. */
void kpi_group_report_clear(struct kpi_group_report *g, bool owned);

#endif
