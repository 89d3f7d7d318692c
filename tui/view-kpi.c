/*
 * The KPI tab (数据看板): an overview of every group (stage, members, the
 * PDCA five with trend arrows, a health mark; sortable), a group panel (the
 * stage's metrics with threshold, status, a 30-day sparkline and the
 * playbook's advice; window 7/30/stage), a form to type in one day's
 * counters, the SOP version effects and the content effect report.
 * Every number comes from model/kpi.c; nothing here knows SQL.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "group.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define KPI_SPARK_DAYS 30
#define KPI_CELL_W 7      /* a PDCA value column: 6 for the value (right-aligned), 1 arrow */
#define KPI_MEMBERS_W 7
#define KPI_STAGE_W 12
#define KPI_HEALTH_W 4

enum kpi_window { WIN_7, WIN_30, WIN_STAGE, WIN_COUNT };
static const char *const kpi_window_names[] = {"7 天", "30 天", "本阶段"};

/* Overview sort columns. */
enum kpi_sort { SORT_NAME, SORT_STAGE, SORT_MEMBERS, SORT_PDCA0, SORT_HEALTH = SORT_PDCA0 + KPI_PDCA_N,
		SORT_COUNT };

/* A metric row of the group panel with its 30-day series. */
struct kpi_panel_row {
	const struct kpi_metric_result *r;
	double v[KPI_SPARK_DAYS];
	bool def[KPI_SPARK_DAYS];
};

struct view_kpi {
	struct app *app;
	struct playbook_set *set;        /* every playbook: each group runs on its own */
	char *error;
	struct kpi_report *reports;      /* one report of one group each, by group name */
	size_t n;
	size_t *order;                   /* overview rows: indexes into reports */
	struct widget_list list;
	enum kpi_sort sort;
	bool sort_desc;
	enum kpi_window win;
	bool ascii;

	bool panel;                      /* the group panel is open */
	int64_t panel_gid;
	struct kpi_panel_row *rows;
	size_t n_rows;

	bool form;                       /* the manual entry form is open */
	int64_t form_gid;
	const struct playbook *form_pb;  /* the group's own: the counters it has */
	char *form_group;
	int form_day;
	char **form_text;                /* by playbook counter */
	bool *form_changed;
	struct widget_list form_list;    /* row 0: the date; then the counters */
	size_t form_edit_row;            /* the row being typed in; another row's first key
					    replaces its pre-filled value */
	struct widget_input form_input;  /* the text of form_edit_row */
	int form_created;                /* the group's creation day: no earlier entries */

	bool pending;                    /* data changed while the form was open */
	bool pager_open;                 /* versions or content report */
	char *pager_title;
	struct widget_pager pager;
};

static const struct view_key view_kpi_keys[] = {
	WIDGET_LIST_KEYS,
	{"Enter", N_("open the group's panel (Esc back)")},
	{"s S", N_("sort by the next column / reverse the order")},
	{"w", N_("window: 7 days, 30 days, the current stage")},
	{"m", N_("type in one day's counters for the group")},
	{"V", N_("SOP versions: each metric 30 days before vs after")},
	{"c", N_("content effect report: posted content ranked, the bottom fifth to retire")},
	{"r", N_("reload")},
	{NULL, NULL},
};

static const char *const kpi_pdca_heads[KPI_PDCA_N] = {"打开率", "参与率", "转化率", "退群率", "贡献"};

/* ASCII bars and arrows for a non-UTF-8 locale, SOPDECK_ASCII, or NO_COLOR (plain output). */
static bool view_kpi_want_ascii(void)
{
	const char *e = getenv("NO_COLOR");
	return draw_want_ascii() || (e && *e);
}

static struct kpi_group_report *view_kpi_group(struct view_kpi *v, size_t i)
{
	return &v->reports[i].groups[0];
}

/* The report index of group id, or n. */
static size_t view_kpi_find(const struct view_kpi *v, int64_t gid)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->reports[i].groups[0].group.id == gid)
			return i;
	return v->n;
}

/* The window for a group under the current choice. */
static void view_kpi_window(const struct view_kpi *v, const struct group *g, int *from, int *to)
{
	if (v->win == WIN_STAGE) {
		kpi_window_stage(playbook_set_for(v->set, g), g, v->app->today, from, to);
	} else {
		kpi_window_last(v->app->today, v->win == WIN_7 ? KPI_ADVICE_DAYS : 30, from, to);
	}
}

static void view_kpi_clear(struct view_kpi *v)
{
	for (size_t i = 0; i < v->n; i++)
		kpi_report_free(&v->reports[i]);
	free(v->reports);
	free(v->order);
	free(v->rows);
	free(v->error);
	v->reports = NULL;
	v->order = NULL;
	v->rows = NULL;
	v->error = NULL;
	v->n = v->n_rows = 0;
}

/* A sort key: a metric value (display units), or a group property. */
static bool view_kpi_sort_value(struct view_kpi *v, size_t i, double *out)
{
	const struct kpi_group_report *g = view_kpi_group(v, i);
	switch (v->sort) {
	case SORT_NAME:
		return false;
	case SORT_STAGE:
		*out = g->age;
		return true;
	case SORT_MEMBERS:
		*out = g->members;
		return g->has_members;
	case SORT_HEALTH:
		*out = g->health == KPI_HEALTH_NO_DATA ? -1 : (double)g->health;
		return true;
	default: {
		const struct kpi_metric_result *m =
			kpi_group_metric(g, kpi_pdca_keys[v->sort - SORT_PDCA0]);
		if (!m || !m->defined)
			return false;
		*out = kpi_display_value(m->metric, m->value);
		return true;
	}
	}
}

static struct view_kpi *view_kpi_sorting;

static int view_kpi_cmp(const void *a, const void *b)
{
	struct view_kpi *v = view_kpi_sorting;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double vx = 0, vy = 0;
	bool hx = view_kpi_sort_value(v, x, &vx), hy = view_kpi_sort_value(v, y, &vy);
	int c = 0;
	if (hx != hy)
		return hx ? -1 : 1;  /* no data sorts last either way */
	if (hx && vx != vy)
		c = vx < vy ? -1 : 1;
	/* By name, and on ties: the report's order, which the model gives in pinyin. */
	if (c == 0)
		c = (x > y) - (x < y);
	return v->sort_desc ? -c : c;
}

static void view_kpi_sort(struct view_kpi *v)
{
	size_t cur = v->n && v->list.cursor < v->n ? v->order[v->list.cursor] : 0;
	view_kpi_sorting = v;
	qsort(v->order, v->n, sizeof *v->order, view_kpi_cmp);
	for (size_t i = 0; i < v->n; i++)
		if (v->order[i] == cur)
			widget_list_set_cursor(&v->list, i);
}

/* The panel's rows: the metrics the group shows (kpi_shown_metrics), 30-day series from one read. */
static void view_kpi_load_panel(struct view_kpi *v)
{
	free(v->rows);
	v->rows = NULL;
	v->n_rows = 0;
	size_t i = view_kpi_find(v, v->panel_gid);
	if (i == v->n) {
		v->panel = false;
		return;
	}
	const struct kpi_group_report *g = view_kpi_group(v, i);
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

static void view_kpi_load(struct view_kpi *v)
{
	size_t keep = v->n && v->list.cursor < v->n ? v->order[v->list.cursor] : 0;
	int64_t keep_gid = v->n ? view_kpi_group(v, keep)->group.id : 0;
	view_kpi_clear(v);
	char *cause = NULL;
	playbook_set_free(v->set);
	v->set = NULL;
	struct group *groups = NULL;
	size_t n = 0;
	if (playbook_set_load(v->app->db, &v->set, &cause) < 0 ||
	    group_list(v->app->db, &groups, &n, &cause) < 0) {
		v->error = cause;
		widget_list_set_count(&v->list, 0);
		return;
	}
	v->reports = xcalloc(n + 1, sizeof *v->reports);
	v->order = xcalloc(n + 1, sizeof *v->order);
	/* Every group's report at once, each over its own window (one pass over the counters). */
	int *from = xcalloc(n + 1, sizeof *from), *to = xcalloc(n + 1, sizeof *to);
	for (size_t i = 0; i < n; i++)
		view_kpi_window(v, &groups[i], &from[i], &to[i]);
	if (kpi_reports_build(v->app->db, v->set, v->app->today, groups, n, from, to, v->reports,
			      &cause) < 0) {
		free(v->error);
		v->error = cause;
		cause = NULL;
	} else {
		for (size_t i = 0; i < n; i++)
			v->order[i] = i;
		v->n = n;
	}
	free(from);
	free(to);
	group_list_free(groups, n);
	widget_list_set_count(&v->list, v->n);
	view_kpi_sort(v);
	for (size_t i = 0; i < v->n; i++)
		if (view_kpi_group(v, v->order[i])->group.id == keep_gid)
			widget_list_set_cursor(&v->list, i);
	if (v->panel)
		view_kpi_load_panel(v);
}

/* ---- Drawing: overview ---- */

static attr_t view_kpi_status_attr(enum kpi_status s, bool selected)
{
	if (selected)
		return pal(PAL_SELECTED);
	return pal(s == KPI_WARN ? PAL_OVERDUE : s == KPI_OK ? PAL_NORMAL : PAL_DIM);
}

static attr_t view_kpi_health_attr(enum kpi_health h)
{
	return pal(h == KPI_HEALTH_GOOD ? PAL_DONE : h == KPI_HEALTH_BAD ? PAL_OVERDUE
		   : h == KPI_HEALTH_WARN ? PAL_HEADER : PAL_DIM);
}

/* A health mark that reads without colour too. */
static const char *view_kpi_health_mark(const struct view_kpi *v, enum kpi_health h)
{
	static const char *const u[] = {"—", "●", "▲", "✖"}, *const a[] = {"-", "o", "!", "X"};
	return v->ascii ? a[h] : u[h];
}

/* Overview column widths for cols: the name takes what is left. */
static int view_kpi_name_w(int cols)
{
	int w = cols - 2 - KPI_STAGE_W - KPI_MEMBERS_W - 5 * KPI_CELL_W - KPI_HEALTH_W;
	return w < 8 ? 8 : w;
}

static void view_kpi_draw_cell(struct view_kpi *v, WINDOW *win, int y, int x,
			       const struct kpi_metric_result *m, bool selected)
{
	char val[48] = "—", cell[64];
	if (m)
		kpi_format_value(m->metric, m->defined, m->value, val, sizeof val);
	/* Right-align the value in 6 columns; the arrow follows. */
	int pad = 6 - text_width(val);
	snprintf(cell, sizeof cell, "%*s%s%s", pad > 0 ? pad : 0, "", val,
		 m ? kpi_trend_arrow(m->trend, v->ascii) : " ");
	draw_text(win, y, x, cell, KPI_CELL_W, view_kpi_status_attr(m ? m->status : KPI_NO_DATA,
								   selected));
}

static void view_kpi_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			      bool selected)
{
	struct view_kpi *v = ctx;
	const struct kpi_group_report *g = view_kpi_group(v, v->order[i]);
	attr_t base = pal(selected ? PAL_SELECTED : PAL_NORMAL);
	draw_fill(win, y, x, cols, base);
	int nw = view_kpi_name_w(cols);
	draw_text(win, y, x, selected ? "▸" : " ", 2, base);
	draw_text(win, y, x + 2, g->group.name, nw, base);
	int cx = x + 2 + nw;
	char *stage = xasprintf("%s %d天", g->stage ? g->stage->name : "—", g->age + 1);
	draw_text(win, y, cx, stage, KPI_STAGE_W, selected ? base : pal(PAL_DIM));
	free(stage);
	cx += KPI_STAGE_W;
	char mem[32] = "     —";
	if (g->has_members)
		snprintf(mem, sizeof mem, "%6.0f", g->members);
	draw_text(win, y, cx, mem, KPI_MEMBERS_W, base);
	cx += KPI_MEMBERS_W;
	for (size_t k = 0; k < KPI_PDCA_N; k++, cx += KPI_CELL_W)
		view_kpi_draw_cell(v, win, y, cx, kpi_group_metric(g, kpi_pdca_keys[k]), selected);
	draw_text(win, y, cx + 2, view_kpi_health_mark(v, g->health), 2,
		  selected ? base : view_kpi_health_attr(g->health));
}

static const char *view_kpi_sort_name(enum kpi_sort s)
{
	static const char *const n[] = {"群名", "阶段", "成员"};
	if (s < SORT_PDCA0)
		return n[s];
	if (s == SORT_HEALTH)
		return "健康";
	return kpi_pdca_heads[s - SORT_PDCA0];
}

static void view_kpi_draw_overview(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	char *head = xasprintf(" 数据看板 KPI · 窗口 %s · 排序 %s%s · %zu 个群",
			       kpi_window_names[v->win], view_kpi_sort_name(v->sort),
			       v->sort_desc ? (v->ascii ? " v" : " ↓") : (v->ascii ? " ^" : " ↑"), v->n);
	draw_text(win, r->y, r->x, head, r->w, pal(PAL_HEADER));
	free(head);
	int nw = view_kpi_name_w(r->w);
	int y = r->y + 1, x = r->x;
	draw_fill(win, y, x, r->w, pal(PAL_DIM));
	draw_text(win, y, x + 2, "群名", nw, pal(PAL_DIM));
	int cx = x + 2 + nw;
	draw_text(win, y, cx, "阶段", KPI_STAGE_W, pal(PAL_DIM));
	draw_text(win, y, cx + KPI_STAGE_W, "  成员", KPI_MEMBERS_W, pal(PAL_DIM));
	cx += KPI_STAGE_W + KPI_MEMBERS_W;
	for (size_t k = 0; k < KPI_PDCA_N; k++, cx += KPI_CELL_W) {
		char h[32];
		snprintf(h, sizeof h, "%*s%s", 6 - text_width(kpi_pdca_heads[k]), "",
			 kpi_pdca_heads[k]);
		draw_text(win, y, cx, h, KPI_CELL_W, pal(PAL_DIM));
	}
	draw_text(win, y, cx, "健康", KPI_HEALTH_W, pal(PAL_DIM));
	struct rect body = {r->y + 2, r->x, r->h - 3, r->w};
	if (v->error)
		draw_text(win, body.y, 2, v->error, r->w - 4, pal(PAL_ERROR));
	else if (v->n == 0)
		draw_text(win, body.y, 2, "还没有群：sopdeck import groups FILE", r->w - 4, pal(PAL_DIM));
	else
		widget_list_draw(&v->list, win, &body);
	draw_text(win, r->y + r->h - 1, r->x,
		  " Enter 详情 · s 排序 · w 窗口 · m 录入 · V 版本 · c 内容效果 · r 刷新", r->w,
		  pal(PAL_DIM));
}

/*
 * Draw s from row y on, wrapped to cols display columns (continuation lines
 * indented by indent), never splitting a character; a space near the end of a
 * line is preferred as the break so Latin words stay whole. Rows from last on
 * are not used: the final row ends in "…" if the rest does not fit. Returns
 * the row after the text.
 */
static int view_kpi_draw_wrapped(WINDOW *win, int y, int x, int cols, int indent, const char *s,
				 attr_t attr, int last)
{
	char *safe = text_sanitize(s ? s : "", false);
	const char *p = safe, *end = safe + strlen(safe);
	bool first = true;
	while (*p && y < last && cols > indent) {
		int lx = first ? x : x + indent, lw = first ? cols : cols - indent;
		/* How much fits: whole characters up to lw columns. */
		const char *q = p, *space = NULL;
		int w = 0;
		while (q < end) {
			unsigned cp;
			size_t len = utf8_decode(q, (size_t)(end - q), &cp);
			int cw = text_cp_width(cp);
			if (w + cw > lw)
				break;
			if (cp == ' ' && w > lw / 2)
				space = q;
			w += cw;
			q += len;
		}
		if (q < end && space)
			q = space;
		if (q == p) /* a character wider than the line: nothing more fits */
			break;
		char *line = xstrndup(p, (size_t)(q - p));
		if (q < end && y + 1 >= last)
			draw_text(win, y, lx, p, lw, attr); /* the last row: cut with "…" */
		else
			draw_text(win, y, lx, line, lw, attr);
		free(line);
		y++;
		p = q;
		while (*p == ' ')
			p++;
		first = false;
	}
	free(safe);
	return y;
}

/* ---- Drawing: the group panel ---- */

static void view_kpi_draw_panel(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	size_t gi = view_kpi_find(v, v->panel_gid);
	if (gi == v->n)
		return;
	const struct kpi_report *rep = &v->reports[gi];
	const struct kpi_group_report *g = &rep->groups[0];
	int y = r->y, bottom = r->y + r->h - 1;
	struct buf b = {0};
	buf_addf(&b, " %s · %s 第%d天", g->group.name, g->stage ? g->stage->name : "—", g->age + 1);
	if (g->next_stage)
		buf_addf(&b, " · %d 天后进入%s", g->days_to_next, g->next_stage->name);
	if (g->has_members)
		buf_addf(&b, " · 成员 %.0f", g->members);
	draw_text(win, y++, r->x, buf_str(&b), r->w, pal(PAL_HEADER));
	buf_free(&b);
	char fa[11], fb[11];
	date_format(rep->from, fa);
	date_format(rep->to, fb);
	/* With several business lines, say whose metrics these are. */
	char *w = xasprintf(" 窗口 %s %s..%s · 健康 %s %s%s%s", kpi_window_names[v->win], fa, fb,
			    view_kpi_health_mark(v, g->health), kpi_health_key(g->health),
			    v->set && v->set->n > 1 ? " · " : "",
			    v->set && v->set->n > 1 ? g->pb->name : "");
	draw_text(win, y++, r->x, w, r->w, pal(PAL_DIM));
	free(w);
	int spark_w = KPI_SPARK_DAYS + 1;
	int name_w = r->w - 2 - 9 - 8 - 8 - 2 - spark_w;
	if (name_w < 10) {
		spark_w = 0;
		name_w = r->w - 2 - 9 - 8 - 8 - 2;
	}
	y++;
	int x = r->x + 2;
	draw_text(win, y, x, "指标", name_w, pal(PAL_DIM));
	draw_text(win, y, x + name_w, "     值", 9, pal(PAL_DIM));
	draw_text(win, y, x + name_w + 9, " 阈值", 8, pal(PAL_DIM));
	draw_text(win, y, x + name_w + 17, "状态", 8, pal(PAL_DIM));
	if (spark_w)
		draw_text(win, y, x + name_w + 27, "近 30 天", spark_w, pal(PAL_DIM));
	y++;
	for (size_t i = 0; i < v->n_rows && y < bottom; i++, y++) {
		const struct kpi_panel_row *row = &v->rows[i];
		const struct kpi_metric_result *m = row->r;
		char val[48], thr[64], cell[80];
		kpi_format_value(m->metric, m->defined, m->value, val, sizeof val);
		kpi_format_threshold(m->metric, thr, sizeof thr);
		draw_text(win, y, x, i18n_title(m->metric->name, m->metric->name_en), name_w,
			  pal(PAL_NORMAL));
		int pad = 8 - text_width(val);
		snprintf(cell, sizeof cell, "%*s%s", pad > 0 ? pad : 0, "", val);
		draw_text(win, y, x + name_w, cell, 9, view_kpi_status_attr(m->status, false));
		snprintf(cell, sizeof cell, " %s", thr);
		draw_text(win, y, x + name_w + 9, cell, 8, pal(PAL_DIM));
		draw_text(win, y, x + name_w + 17, kpi_status_name(m->status), 8,
			  view_kpi_status_attr(m->status, false));
		draw_text(win, y, x + name_w + 25, kpi_trend_arrow(m->trend, v->ascii), 2,
			  pal(PAL_NORMAL));
		if (spark_w) {
			char *s = kpi_sparkline(row->v, row->def, KPI_SPARK_DAYS, v->ascii);
			draw_text(win, y, x + name_w + 27, s, spark_w, pal(PAL_HEADER));
			free(s);
		}
	}
	if (v->n_rows == 0 && y < bottom)
		draw_text(win, y++, x, "这个阶段没有指标", r->w - 4, pal(PAL_DIM));
	/* Advice: every metric shown below (or above) its threshold, as Today's reminders. */
	bool any = false;
	for (size_t i = 0; i < v->n_rows && y + 1 < bottom; i++) {
		const struct kpi_metric_result *m = v->rows[i].r;
		if (m->status != KPI_WARN)
			continue;
		if (!any) {
			draw_text(win, ++y, r->x, " 建议 advice", r->w, pal(PAL_HEADER));
			y++;
			any = true;
		}
		/* English mode shows the playbook's advice_en when it gives one. */
		const char *advice = kpi_advice_text(m->metric, m->value);
		if (advice == m->metric->advice)
			advice = i18n_title(m->metric->advice, m->metric->advice_en);
		char *a = xasprintf(_("%s %s: %s"), v->ascii ? "*" : "•",
				    i18n_title(m->metric->name, m->metric->name_en), advice);
		/* Wrapped: the advice is the point of the panel, cut it would say nothing. */
		y = view_kpi_draw_wrapped(win, y, x, r->w - 4, 2, a, pal(PAL_NORMAL), bottom);
		free(a);
	}
	if (!any && y + 1 < bottom)
		draw_text(win, ++y, x, "没有低于阈值的指标", r->w - 4, pal(PAL_DIM));
	draw_text(win, bottom, r->x, " Esc 返回 · w 窗口 · m 录入 · V 版本 · c 内容效果", r->w,
		  pal(PAL_DIM));
}

/* ---- The manual entry form ---- */

static void view_kpi_form_load(struct view_kpi *v)
{
	size_t n = v->form_pb->n_counters;
	bool *present = xcalloc(n + 1, sizeof *present);
	double *value = xcalloc(n + 1, sizeof *value);
	char *cause = NULL;
	if (kpi_get_day(v->app->db, v->form_pb, v->form_gid, v->form_day, present, value, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
	}
	for (size_t i = 0; i < n; i++) {
		free(v->form_text[i]);
		v->form_text[i] = present[i] ? xasprintf("%.10g", value[i]) : xstrdup("");
		v->form_changed[i] = false;
	}
	v->form_edit_row = SIZE_MAX;
	free(present);
	free(value);
}

static void view_kpi_form_free(struct view_kpi *v)
{
	for (size_t i = 0; v->form_text && i < v->form_pb->n_counters; i++)
		free(v->form_text[i]);
	free(v->form_text);
	free(v->form_changed);
	free(v->form_group);
	v->form_text = NULL;
	v->form_changed = NULL;
	v->form_group = NULL;
	v->form = false;
	widget_input_free(&v->form_input);
}

static void view_kpi_form_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			      bool selected)
{
	struct view_kpi *v = ctx;
	attr_t a = pal(selected ? PAL_SELECTED : PAL_NORMAL);
	draw_fill(win, y, x, cols, a);
	if (i == 0) {
		char d[11];
		date_format(v->form_day, d);
		char *s = xasprintf("日期 date     ← %s →", d);
		draw_text(win, y, x, s, cols, a);
		free(s);
		return;
	}
	const struct pb_counter *c = &v->form_pb->counters[i - 1];
	draw_text(win, y, x, c->key, 15, a);
	draw_text(win, y, x + 15, c->n_aliases ? c->aliases[0] : "", cols - 15 - 14, a);
	if (selected && v->form_edit_row == i) {
		/* Being typed in: the one line editor, its cursor at the end. */
		draw_text(win, y, x + cols - 13, "[", 1, a);
		widget_input_draw(&v->form_input, win, y, x + cols - 12, 10, a);
		draw_text(win, y, x + cols - 2, v->form_changed[i - 1] ? "]*" : "] ", 2, a);
		return;
	}
	char *val = xasprintf("[%10s]%s", v->form_text[i - 1], v->form_changed[i - 1] ? "*" : " ");
	draw_text(win, y, x + cols - 13, val, 13, a);
	free(val);
}

static void view_kpi_draw_form(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, r->h, 60);
	char *title = xasprintf("录入 %s", v->form_group);
	struct rect in = draw_box(win, &box, title, pal(PAL_BORDER));
	free(title);
	if (in.h < 3)
		return;
	struct rect list = {in.y, in.x, in.h - 1, in.w};
	widget_list_draw(&v->form_list, win, &list);
	draw_text(win, in.y + in.h - 1, in.x, "数字输入 · 空=清除 · ←→ 换日期 · Enter 保存 · Esc 取消",
		  in.w, pal(PAL_DIM));
}

/* A counter field takes a number: digits and the decimal point (or comma). */
static bool view_kpi_form_accept(unsigned cp)
{
	return (cp >= '0' && cp <= '9') || cp == '.' || cp == ',';
}

static void view_kpi_form_open(struct view_kpi *v)
{
	size_t i;
	if (v->panel)
		i = view_kpi_find(v, v->panel_gid);
	else
		i = v->n && v->list.cursor < v->n ? v->order[v->list.cursor] : v->n;
	if (i >= v->n || !v->set) {
		app_error(v->app, "%s", _("no group to enter numbers for"));
		return;
	}
	const struct group *g = &view_kpi_group(v, i)->group;
	const struct playbook *pb = view_kpi_group(v, i)->pb;
	v->form = true;
	v->form_pb = pb;
	v->form_gid = g->id;
	v->form_group = xstrdup(g->name);
	v->form_day = v->app->today - 1;
	v->form_created = g->created;
	if (v->form_day < g->created)
		v->form_day = g->created;
	v->form_text = xcalloc(pb->n_counters + 1, sizeof *v->form_text);
	v->form_changed = xcalloc(pb->n_counters + 1, sizeof *v->form_changed);
	widget_list_init(&v->form_list, view_kpi_form_row, NULL, v);
	widget_list_set_count(&v->form_list, pb->n_counters + 1);
	widget_list_set_cursor(&v->form_list, 1);
	widget_input_init(&v->form_input, 15);
	v->form_input.accept = view_kpi_form_accept;
	view_kpi_form_load(v);
}

/* Store the changed fields; numbers are checked first so nothing half-saves. */
static int view_kpi_form_save(struct view_kpi *v)
{
	size_t n = v->form_pb->n_counters, k = 0;
	struct kpi_counter_value *vals = xcalloc(n + 1, sizeof *vals);
	for (size_t i = 0; i < n; i++) {
		if (!v->form_changed[i])
			continue;
		vals[k].key = v->form_pb->counters[i].key;
		vals[k].present = *v->form_text[i] != '\0';
		if (vals[k].present && !kpi_parse_number(v->form_text[i], &vals[k].value)) {
			app_error(v->app, _("%s: '%s' is not a number"), vals[k].key, v->form_text[i]);
			widget_list_set_cursor(&v->form_list, i + 1);
			free(vals);
			return VIEW_HANDLED;
		}
		k++;
	}
	int flags = VIEW_HANDLED;
	char d[11];
	date_format(v->form_day, d);
	char *cause = NULL;
	if (k == 0) {
		app_message(v->app, "%s", _("nothing changed"));
	} else if (kpi_set_day(v->app->db, v->form_pb, v->form_gid, v->form_day, v->app->today, vals,
			       k, v->app->operator, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		free(vals);
		return VIEW_HANDLED;
	} else {
		app_message(v->app, _("saved %zu counter%s for %s on %s"), k, i18n_plural_s((long long)k),
			    v->form_group, d);
		flags |= VIEW_RELOAD;
	}
	free(vals);
	view_kpi_form_free(v);
	if (v->pending && !(flags & VIEW_RELOAD))
		view_kpi_load(v);
	v->pending = false;
	return flags;
}

static int view_kpi_form_key(struct view_kpi *v, int key)
{
	size_t cur = v->form_list.cursor;
	switch (key) {
	case 27:
		view_kpi_form_free(v);
		app_message(v->app, "%s", _("entry cancelled"));
		if (v->pending)
			view_kpi_load(v);
		v->pending = false;
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		return view_kpi_form_save(v);
	case KEY_LEFT:
	case KEY_RIGHT: {
		/* Stop at today and at the group's first day, saying why, as kpi_set_day would. */
		int day = v->form_day + (key == KEY_LEFT ? -1 : 1);
		struct group g = {.name = v->form_group, .created = v->form_created};
		char *why = kpi_day_refusal(&g, day, v->app->today);
		if (why) {
			app_error(v->app, "%s", why);
			free(why);
			return VIEW_HANDLED;
		}
		v->form_day = day;
		view_kpi_form_load(v);
		return VIEW_HANDLED;
	}
	}
	if (cur == 0)
		return widget_list_key(&v->form_list, key) | VIEW_HANDLED;
	bool number = (key >= '0' && key <= '9') || key == '.' || key == ',';
	bool edit = key == KEY_BACKSPACE || key == 127 || key == 8 || key == KEY_DC ||
		    key == ('u' & 0x1f) || key == ('w' & 0x1f);
	if (!number && !edit) {
		v->form_edit_row = SIZE_MAX;
		return widget_list_key(&v->form_list, key) | VIEW_HANDLED;
	}
	if (v->form_edit_row != cur) {
		/* The first key on a field types a new number: 5 on "23" is 5, not 235. */
		widget_input_set(&v->form_input, number ? "" : v->form_text[cur - 1]);
		v->form_edit_row = cur;
	}
	if (key == KEY_DC)
		widget_input_set(&v->form_input, "");
	else
		widget_input_key(&v->form_input, key);
	free(v->form_text[cur - 1]);
	v->form_text[cur - 1] = xstrdup(widget_input_text(&v->form_input));
	v->form_changed[cur - 1] = true;
	return VIEW_HANDLED;
}

/* ---- Versions and the content report (a pager) ---- */

static void view_kpi_open_versions(struct view_kpi *v)
{
	struct kpi_version_effect *e;
	size_t n;
	char *cause = NULL;
	int64_t gid = v->panel ? v->panel_gid : 0;
	/* The panel's group's own playbook's versions, else the default's. */
	size_t gi = v->panel ? view_kpi_find(v, gid) : v->n;
	const struct playbook *pb = gi < v->n ? view_kpi_group(v, gi)->pb : v->set->fallback;
	if (kpi_versions(v->app->db, pb, gid, v->app->today, &e, &n, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return;
	}
	struct buf b = {0};
	buf_addf(&b, "每个版本导入前 30 天 vs 导入后 30 天（%s）\n",
		 gid ? "this group" : "all groups");
	for (size_t i = 0; i < n; i++) {
		/* The headline: the PDCA metric that moved most. */
		const struct kpi_version_metric *best = NULL;
		for (size_t k = 0; k < e[i].n_metrics; k++) {
			const struct kpi_version_metric *m = &e[i].metrics[k];
			if (kpi_metric_is_pdca(m->metric->key) && m->has_change && (!best || fabs(m->change) > fabs(best->change)))
				best = m;
		}
		buf_addf(&b, "\nV%s", e[i].version);
		if (best)
			buf_addf(&b, ": %s %+.0f%%", i18n_title(best->metric->name, best->metric->name_en),
				 best->change * 100);
		buf_addf(&b, "\n  %s  %s\n", e[i].imported_at, e[i].note);
		for (size_t k = 0; k < e[i].n_metrics; k++) {
			const struct kpi_version_metric *m = &e[i].metrics[k];
			char change[128];
			if (!kpi_format_change(m, change, sizeof change))
				continue;
			buf_addf(&b, "  %s: %s\n", i18n_title(m->metric->name, m->metric->name_en), change);
		}
	}
	kpi_versions_free(e, n);
	free(v->pager_title);
	v->pager_title = xstrdup("SOP 版本效果 versions");
	widget_pager_set_text(&v->pager, buf_str(&b));
	buf_free(&b);
	v->pager_open = true;
}

static void view_kpi_open_content(struct view_kpi *v)
{
	struct kpi_content_row *rows;
	size_t n;
	char *cause = NULL;
	if (kpi_content_report(v->app->db, v->set, v->app->today, 30, &rows, &n, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return;
	}
	struct buf b = {0};
	/* The figures are the group-day's, not the item's own: say so, so nobody over-reads them. */
	buf_adds(&b, "近 30 天已发布内容，按发布当天群打开率、当天群发言率排序；末尾 20% 建议淘汰。"
		     "同群同日发布的内容数字相同，并列的不淘汰。\n\n");
	if (n == 0)
		buf_adds(&b, "no posted content yet（日历里排期并发布后，这里按效果排序）\n");
	for (size_t i = 0; i < n; i++) {
		char o[16] = "—", t[16] = "—";
		if (rows[i].open_defined)
			snprintf(o, sizeof o, "%.1f%%", rows[i].open_rate * 100);
		if (rows[i].interact_defined)
			snprintf(t, sizeof t, "%.1f%%", rows[i].interact_rate * 100);
		buf_addf(&b, "%2zu. %s\n    当天群打开率 %s · 当天群发言率 %s · %zu 次%s\n", i + 1,
			 rows[i].title, o, t,
			 rows[i].posts, rows[i].retire ? " · 淘汰 retire" : "");
	}
	kpi_content_report_free(rows, n);
	free(v->pager_title);
	v->pager_title = xstrdup("内容效果报表 content effect");
	widget_pager_set_text(&v->pager, buf_str(&b));
	buf_free(&b);
	v->pager_open = true;
}

/* ---- view_ops ---- */

static void *view_kpi_init(struct app *app)
{
	struct view_kpi *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->ascii = view_kpi_want_ascii();
	v->sort = SORT_NAME;
	widget_list_init(&v->list, view_kpi_draw_row, NULL, v);
	return v;
}

static void view_kpi_free(void *state)
{
	struct view_kpi *v = state;
	view_kpi_form_free(v);
	view_kpi_clear(v);
	widget_pager_free(&v->pager);
	free(v->pager_title);
	playbook_set_free(v->set);
	free(v);
}

/* Shown and stale. An open form keeps its playbook (counters are indexed by it):
   the load waits until the form closes. */
static void view_kpi_load_op(void *state, const struct rect *r)
{
	struct view_kpi *v = state;
	v->pending = v->form;
	if (!v->form)
		view_kpi_load(v);
}

static void view_kpi_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_kpi *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	/* Overlays stand alone: what is under them would show through cut in half. */
	if (!v->form && !v->pager_open) {
		if (v->panel)
			view_kpi_draw_panel(v, win, r);
		else
			view_kpi_draw_overview(v, win, r);
	}
	if (v->form) {
		view_kpi_draw_form(v, win, r);
	} else if (v->pager_open) {
		struct rect box = rect_centre(r, r->h, r->w - 4 < 76 ? r->w - 4 : 76);
		struct rect in = draw_box(win, &box, v->pager_title, pal(PAL_BORDER));
		widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
	}
}

static int view_kpi_key(void *state, int key)
{
	struct view_kpi *v = state;
	if (v->form)
		return view_kpi_form_key(v, key);
	if (v->pager_open) {
		if (key == 27 || key == 'q' || key == '\n' || key == KEY_ENTER) {
			v->pager_open = false;
			return VIEW_HANDLED;
		}
		return widget_pager_key(&v->pager, key) | VIEW_HANDLED;
	}
	switch (key) {
	case 'w':
		v->win = (v->win + 1) % WIN_COUNT;
		view_kpi_load(v);
		app_message(v->app, "window: %s", kpi_window_names[v->win]);
		return VIEW_HANDLED;
	case 'm':
		view_kpi_form_open(v);
		return VIEW_HANDLED;
	case 'V':
		if (v->set)
			view_kpi_open_versions(v);
		return VIEW_HANDLED;
	case 'c':
		if (v->set)
			view_kpi_open_content(v);
		return VIEW_HANDLED;
	case 'r':
		app_message(v->app, "%s", _("reloaded"));
		return VIEW_HANDLED | VIEW_RELOAD;
	}
	if (v->panel) {
		if (key == 27 || key == KEY_BACKSPACE || key == 127 || key == 'h' || key == KEY_LEFT) {
			v->panel = false;
			return VIEW_HANDLED;
		}
		return VIEW_IGNORED;
	}
	switch (key) {
	case 's':
	case 'S':
		if (key == 's')
			v->sort = (v->sort + 1) % SORT_COUNT;
		else
			v->sort_desc = !v->sort_desc;
		view_kpi_sort(v);
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		if (v->n && v->list.cursor < v->n) {
			v->panel = true;
			v->panel_gid = view_kpi_group(v, v->order[v->list.cursor])->group.id;
			view_kpi_load_panel(v);
		}
		return VIEW_HANDLED;
	}
	return widget_list_key(&v->list, key);
}

/* A click on a group's row of the overview selects it (not under a panel, form or pager). */
static int view_kpi_click(void *state, int y, int x)
{
	struct view_kpi *v = state;
	if (v->form || v->pager_open || v->panel)
		return VIEW_IGNORED;
	return widget_list_click(&v->list, y, x);
}

const struct view_ops view_kpi = {
	.name = N_("KPI"),
	.keys = view_kpi_keys,
	.init = view_kpi_init,
	.free = view_kpi_free,
	.load = view_kpi_load_op,
	.draw = view_kpi_draw,
	.key = view_kpi_key,
	.click = view_kpi_click,
};
