/*
 * The KPI rules every screen and command shares, each in one function: which
 * metrics a group shows (its stage's in its own playbook, and the PDCA five),
 * the windows (the last N days, the current stage's) and the next stage. The
 * panel, the overview, `sopdeck kpi`, advice and Today's reminders all ask
 * here, so they cannot drift apart.
 */
#include <string.h>

#include "group.h"
#include "kpi.h"
#include "util.h"

const char *const kpi_pdca_keys[KPI_PDCA_N] = {"open_rate", "participation", "conversion",
					       "leave_rate", "contribution"};

bool kpi_metric_is_pdca(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(kpi_pdca_keys); i++)
		if (!strcmp(kpi_pdca_keys[i], key))
			return true;
	return false;
}

/* Does stage s list metric key? */
static bool stage_has(const struct pb_stage *s, const char *key)
{
	for (size_t i = 0; s && i < s->n_metrics; i++)
		if (!strcmp(s->metrics[i], key))
			return true;
	return false;
}

bool kpi_metric_in_stage(const struct pb_stage *stage, const char *key)
{
	return stage_has(stage, key);
}

size_t kpi_shown_metrics(const struct playbook *pb, const struct group *g, int day, size_t *idx)
{
	const struct pb_stage *stage = playbook_stage_for_age(pb, group_age(g, day));
	size_t n = 0;
	for (size_t i = 0; i < pb->n_metrics; i++)
		if (stage_has(stage, pb->metrics[i].key) || kpi_metric_is_pdca(pb->metrics[i].key))
			idx[n++] = i;
	return n;
}

/*
 * The window ends yesterday: exports come a day late, so today never has
 * numbers yet and would only dilute sums. kpi_advice uses the same window.
 */
void kpi_window_last(int today, int days, int *from, int *to)
{
	if (days < 1)
		days = 1;
	*to = today - 1;
	*from = today - days;
}

/* The stage's days run from its from_day after creation; the dashboard's
   stage window, so that the console and any other caller agree. */
void kpi_window_stage(const struct playbook *pb, const struct group *g, int today, int *from,
		      int *to)
{
	const struct pb_stage *st = playbook_stage_for_age(pb, group_age(g, today));
	*from = g->created + (st ? st->from_day : 0);
	*to = today - 1;
	if (*from > *to)
		*from = *to;
}

const struct pb_stage *kpi_next_stage(const struct playbook *pb, const struct pb_stage *st)
{
	if (!st || st->to_day < 0)
		return NULL;
	const struct pb_stage *best = NULL;
	for (size_t i = 0; i < pb->n_stages; i++) {
		const struct pb_stage *s = &pb->stages[i];
		if (s->from_day >= st->to_day && (!best || s->from_day < best->from_day))
			best = s;
	}
	return best;
}
