/*
 * The KPI tab's reports in a pager: the SOP version effects (`V`: each
 * version's metrics 30 days before vs after, the PDCA metric that moved most
 * first) and the content effect report (`c`: posted content ranked by its
 * group-day's rates, the bottom fifth to retire).
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

/* The content report's best lines shown before the items to retire. */
#define KPIV_CONTENT_TOP 50

void kpiv_content_open(struct view_kpi *v)
{
	struct kpi_content_row *rows;
	size_t n;
	char *cause = NULL;
	if (kpi_content_report_ranked(v->app->db, v->set, v->app->today, &rows, &n, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return;
	}
	struct buf b = {0};
	/* The figures are the group-day's, not the item's own: say so, so nobody over-reads them. */
	buf_adds(&b, _("Content posted in the last 30 days, ranked by its group's open rate, then "
		       "speaker rate, on the day it was posted; the bottom fifth are to retire. Items "
		       "posted in one group on one day share the numbers; ties are never retired.\n\n"));
	if (n == 0)
		buf_adds(&b, _("no posted content yet (schedule and post content in the Calendar: it "
			       "is ranked here)\n"));
	/*
	 * What an operator acts on: the best KPIV_CONTENT_TOP and every item to retire. A
	 * team's month is 35,000 items; the lines between are counted, and `sopdeck kpi
	 * --content --days 30` lists them all (a pager of all of them took 12 MB and 80 ms).
	 */
	size_t first_retire = n;
	for (size_t i = 0; i < n && first_retire == n; i++)
		if (rows[i].retire)
			first_retire = i;
	size_t last_retire = first_retire;
	while (last_retire < n && rows[last_retire].retire)
		last_retire++;
	bool all = n <= KPIV_CONTENT_TOP + (last_retire - first_retire) + 1;
	/* Titles for the lines shown only (read in one statement). */
	size_t *shown = xcalloc(n + 1, sizeof *shown), k = 0;
	for (size_t i = 0; i < n; i++)
		if (all || i < KPIV_CONTENT_TOP || (i >= first_retire && i < last_retire))
			shown[k++] = i;
	if (kpi_content_titles(v->app->db, rows, shown, k, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		free(shown);
		kpi_content_report_free(rows, n);
		buf_free(&b);
		return;
	}
	free(shown);
	/* A line's rates are mostly the line before's (the items of a group-day come together). */
	const char *retire = _(" · retire");
	char o[16] = "", t[16] = "";
	const struct kpi_content_row *prev = NULL;  /* the last line written */
	for (size_t i = 0; i < n; i++) {
		if (!(all || i < KPIV_CONTENT_TOP || (i >= first_retire && i < last_retire))) {
			/* The run of lines left out, said once where it starts. */
			size_t end = i;
			while (end < n && !(end >= first_retire && end < last_retire))
				end++;
			buf_addf(&b, _("    … %zu more (sopdeck kpi --content --days 30 lists every "
				       "item)\n"), end - i);
			i = end - 1;
			continue;
		}
		if (!prev || rows[i].open_defined != prev->open_defined ||
		    rows[i].open_rate != prev->open_rate)
			kpi_format_rate(rows[i].open_defined, rows[i].open_rate, o, sizeof o);
		if (!prev || rows[i].interact_defined != prev->interact_defined ||
		    rows[i].interact_rate != prev->interact_rate)
			kpi_format_rate(rows[i].interact_defined, rows[i].interact_rate, t, sizeof t);
		prev = &rows[i];
		buf_addf(&b, _("%2zu. %s\n    group open rate that day %s · speaker rate %s · %zu "
			       "post%s%s\n"), i + 1, rows[i].title, o, t, rows[i].posts,
			 i18n_plural_s((long long)rows[i].posts), rows[i].retire ? retire : "");
	}
	kpi_content_report_free(rows, n);
	view_kpi_pager_show(v, _("content effect report"), &b);
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
