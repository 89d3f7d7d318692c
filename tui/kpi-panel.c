/*
 * The KPI tab's group panel: the group's stage and window, then a row per
 * metric it shows (value, threshold, status, trend arrow and a 30-day
 * sparkline), then the advice (kpi-advice.c). The rows' series are read when
 * the panel opens or the tab loads, never while drawing.
 */
#include <stdlib.h>
#include <string.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "kpi.h"
#include "util.h"

void kpiv_panel_load(struct view_kpi *v)
{
	free(v->rows);
	v->rows = NULL;
	v->n_rows = 0;
	size_t i = kpiv_find(v, v->panel_gid);
	if (i == v->n) {
		v->panel = false;
		return;
	}
	const struct kpi_group_report *g = kpiv_group(v, i);
	v->rows = xcalloc(g->n_shown + 1, sizeof *v->rows);
	const struct pb_metric **m = xcalloc(g->n_shown + 1, sizeof *m);
	double *val = xcalloc(g->n_shown * KPI_SPARK_DAYS + 1, sizeof *val);
	bool *def = xcalloc(g->n_shown * KPI_SPARK_DAYS + 1, sizeof *def);
	for (size_t k = 0; k < g->n_shown; k++) {
		v->rows[k].r = &g->metrics[g->shown[k]];
		m[k] = v->rows[k].r->metric;
	}
	v->n_rows = g->n_shown;
	char *cause = NULL;
	int from, to;
	kpi_window_last(v->app->today, KPI_SPARK_DAYS, &from, &to);
	if (kpi_series_many(v->app->db, g->pb, g->group.id, m, g->n_shown, from, to, val, def,
			    &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
	}
	for (size_t k = 0; k < g->n_shown; k++) {
		memcpy(v->rows[k].v, &val[k * KPI_SPARK_DAYS], sizeof v->rows[k].v);
		memcpy(v->rows[k].def, &def[k * KPI_SPARK_DAYS], sizeof v->rows[k].def);
	}
	free(m);
	free(val);
	free(def);
}

void kpiv_panel_open(struct view_kpi *v)
{
	if (!v->n || v->list.cursor >= v->n)
		return;
	v->panel = true;
	v->panel_gid = kpiv_group(v, v->order[v->list.cursor])->group.id;
	kpiv_panel_load(v);
}

/* The two header lines: the group, its stage and members; the window and health. */
static int view_kpi_panel_head(struct view_kpi *v, WINDOW *win, const struct rect *r, size_t gi)
{
	const struct kpi_report *rep = &v->reports[gi];
	const struct kpi_group_report *g = &rep->groups[0];
	int y = r->y;
	struct buf b = {0};
	buf_addf(&b, _(" %s · %s day %d"), g->group.name, playbook_stage_name(g->stage, "—"),
		 g->age + 1);
	if (g->next_stage)
		buf_addf(&b, _(" · %d days until %s"), g->days_to_next,
			 playbook_stage_name(g->next_stage, "—"));
	if (g->has_members)
		buf_addf(&b, _(" · members %.0f"), g->members);
	draw_text(win, y++, r->x, buf_str(&b), r->w, pal(PAL_HEADER));
	buf_free(&b);
	char fa[11], fb[11];
	date_format(rep->from, fa);
	date_format(rep->to, fb);
	/* With several business lines, say whose metrics these are. */
	bool several = v->set && v->set->n > 1;
	draw_textf(win, y++, r->x, r->w, pal(PAL_DIM), _(" window %s %s..%s · health %s %s%s%s"),
		   kpiv_window_name(v->win), fa, fb, kpiv_health_mark(v, g->health),
		   kpiv_health_word(g->health), several ? " · " : "", several ? g->pb->name : "");
	return y;
}

void kpiv_panel_draw(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	size_t gi = kpiv_find(v, v->panel_gid);
	if (gi == v->n)
		return;
	int y = view_kpi_panel_head(v, win, r, gi), bottom = r->y + r->h - 1;
	/* Columns: name, value 9, threshold 8, status 8, arrow 2, the sparkline if it fits. */
	int spark_w = KPI_SPARK_DAYS + 1;
	int name_w = r->w - 2 - 9 - 8 - 8 - 2 - spark_w;
	if (name_w < 10) {
		spark_w = 0;
		name_w = r->w - 2 - 9 - 8 - 8 - 2;
	}
	y++;
	int x = r->x + 2;
	attr_t dim = pal(PAL_DIM);
	draw_text(win, y, x, _("metric"), name_w, dim);
	draw_text_right(win, y, x + name_w, _("value"), 8, dim);
	draw_text(win, y, x + name_w + 10, _("target"), 7, dim);
	draw_text(win, y, x + name_w + 17, _("status"), 8, dim);
	if (spark_w)
		draw_text(win, y, x + name_w + 27, _("last 30 days"), spark_w, dim);
	y++;
	for (size_t i = 0; i < v->n_rows && y < bottom; i++, y++) {
		const struct kpi_panel_row *row = &v->rows[i];
		const struct kpi_metric_result *m = row->r;
		char val[48], thr[64];
		kpi_format_value(m->metric, m->defined, m->value, val, sizeof val);
		kpi_format_threshold(m->metric, thr, sizeof thr);
		attr_t st = kpiv_status_attr(m->status, false);
		draw_text(win, y, x, i18n_title(m->metric->name, m->metric->name_en), name_w,
			  pal(PAL_NORMAL));
		draw_text_right(win, y, x + name_w, val, 8, st);
		draw_text(win, y, x + name_w + 10, thr, 7, dim);
		draw_text(win, y, x + name_w + 17, kpiv_status_word(m->status), 8, st);
		draw_text(win, y, x + name_w + 25, kpi_trend_arrow(m->trend, v->ascii), 2,
			  pal(PAL_NORMAL));
		if (spark_w) {
			char *s = kpi_sparkline(row->v, row->def, KPI_SPARK_DAYS, v->ascii);
			draw_text(win, y, x + name_w + 27, s, spark_w, pal(PAL_HEADER));
			free(s);
		}
	}
	if (v->n_rows == 0 && y < bottom)
		draw_text(win, y++, x, _("no metrics in this stage"), r->w - 4, dim);
	kpiv_advice_draw(v, win, r, y, bottom);
	draw_text(win, bottom, r->x, _(" Esc back · w window · m type in · V versions · c content"),
		  r->w, dim);
}

int kpiv_panel_key(struct view_kpi *v, int key)
{
	if (key == 27 || key == KEY_BACKSPACE || key == 127 || key == 'h' || key == KEY_LEFT) {
		v->panel = false;
		return VIEW_HANDLED;
	}
	return VIEW_IGNORED;
}
