/*
 * The KPI tab's SOP version effects in a pager (`V`: each version's metrics 30
 * days before vs after, the PDCA metric that moved most first); the content
 * effect report (`c`) is a list of its own (kpi-content.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "kpi.h"
#include "util.h"

/* Show text in the pager under title. */
static void view_kpi_pager_show(struct view_kpi *v, const char *title, struct buf *b)
{
	free(v->pager_title);
	v->pager_title = xstrdup(title);
	widget_pager_set_text(&v->pager, buf_str(b));
	buf_free(b);
	v->pager_open = true;
}

void kpiv_versions_open(struct view_kpi *v)
{
	struct kpi_version_effect *e;
	size_t n;
	char *cause = NULL;
	int64_t gid = v->panel ? v->panel_gid : 0;
	/* The panel's group's own playbook's versions, else the default's. */
	size_t gi = v->panel ? kpiv_find(v, gid) : v->n;
	const struct playbook *pb = gi < v->n ? kpiv_group(v, gi)->pb : v->set->fallback;
	if (kpi_versions(v->app->db, pb, gid, v->app->today, &e, &n, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return;
	}
	struct buf b = {0};
	buf_addf(&b, _("Each version: 30 days before its import vs 30 days after (%s)\n"),
		 gid ? _("this group") : _("all groups"));
	for (size_t i = 0; i < n; i++) {
		/* The headline: the PDCA metric that moved most. */
		const struct kpi_version_metric *best = NULL;
		for (size_t k = 0; k < e[i].n_metrics; k++) {
			const struct kpi_version_metric *m = &e[i].metrics[k];
			if (kpi_metric_is_pdca(m->metric->key) && m->has_change &&
			    (!best || fabs(m->change) > fabs(best->change)))
				best = m;
		}
		buf_addf(&b, "\nV%s", e[i].version);
		if (best)
			buf_addf(&b, ": %s %+.0f%%", i18n_title(best->metric->name, best->metric->name_en),
				 best->change * 100);
		/* Stored in UTC, shown in the workspace's zone. */
		char at[20];
		date_stamp_show(e[i].imported_at ? e[i].imported_at : "", at);
		buf_addf(&b, "\n  %s  %s\n", at, e[i].note);
		for (size_t k = 0; k < e[i].n_metrics; k++) {
			const struct kpi_version_metric *m = &e[i].metrics[k];
			char change[128];
			if (!kpi_format_change(m, change, sizeof change))
				continue;
			buf_addf(&b, "  %s: %s\n", i18n_title(m->metric->name, m->metric->name_en), change);
		}
	}
	kpi_versions_free(e, n);
	view_kpi_pager_show(v, _("SOP version effects"), &b);
}

void kpiv_pager_draw(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, r->h, r->w - 4 < 76 ? r->w - 4 : 76);
	struct rect in = draw_box(win, &box, v->pager_title, pal(PAL_BORDER));
	widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
}

int kpiv_pager_key(struct view_kpi *v, int key)
{
	if (key == 27 || key == 'q' || key == '\n' || key == KEY_ENTER) {
		v->pager_open = false;
		return VIEW_HANDLED;
	}
	return widget_pager_key(&v->pager, key) | VIEW_HANDLED;
}
