/*
 * The KPI tab's overview: a row per group with its stage, members, the PDCA
 * five (value and trend arrow, coloured by status) and a health mark; `s`
 * sorts by the next column, `S` reverses.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "draw.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

/* The PDCA five's column heads, in the order of kpi_pdca_keys: at most 6 columns wide. */
static const char *const kpi_pdca_heads[KPI_PDCA_N] = {
	N_("opens"), N_("engage"), N_("conv."), N_("leaves"), N_("contr."),
};

attr_t kpiv_status_attr(enum kpi_status s, bool selected)
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

const char *kpiv_health_mark(const struct view_kpi *v, enum kpi_health h)
{
	static const char *const u[] = {"—", "●", "▲", "✖"}, *const a[] = {"-", "o", "!", "X"};
	return v->ascii ? a[h] : u[h];
}

const char *kpiv_status_word(enum kpi_status s)
{
	return s == KPI_OK ? _("ok") : s == KPI_WARN ? _("warn") : _("no data");
}

const char *kpiv_health_word(enum kpi_health h)
{
	static const char *const w[] = {N_("no data"), N_("good"), N_("warning"), N_("bad")};
	return _(w[h]);
}

/*
 * The stage column's width: English stage names are longer than the Chinese three
 * characters. At 80 columns the group name keeps 15 (14 shown and a gap) and the stage
 * 14 ("monetisation" is cut, its day whole); from 84 the stage has all 16.
 */
static int view_kpi_stage_w(int cols)
{
	if (i18n_lang() != I18N_EN)
		return KPI_STAGE_W;
	return cols >= 84 ? KPI_STAGE_W_EN : KPI_STAGE_W_EN - 2;
}

/* A row's stage and day ("activation 13d"); a long name is cut, the day stays whole. */
static void view_kpi_draw_stage(WINDOW *win, int y, int x, int w,
				const struct kpi_group_report *g, attr_t attr)
{
	const char *name = playbook_stage_name(g->stage, "—");
	char *all = xasprintf(_("%s %dd"), name, g->age + 1);
	if (text_width(all) <= w) {
		draw_text(win, y, x, all, w, attr);
	} else {
		char *day = xasprintf(_("%s %dd"), "", g->age + 1);
		int dw = text_width(day);
		draw_fill(win, y, x, w, attr);
		int nw = draw_str(win, y, x, name, w - dw, attr);
		draw_str(win, y, x + nw, day, dw, attr);
		free(day);
	}
	free(all);
}

/* Overview column widths for cols: the name takes what is left. */
static int view_kpi_name_w(int cols)
{
	int w = cols - 2 - view_kpi_stage_w(cols) - KPI_MEMBERS_W - KPI_PDCA_N * KPI_CELL_W - KPI_HEALTH_W;
	return w < 8 ? 8 : w;
}

static void view_kpi_draw_cell(struct view_kpi *v, WINDOW *win, int y, int x,
			       const struct kpi_metric_result *m, bool selected)
{
	char val[48] = "—";
	if (m)
		kpi_format_value(m->metric, m->defined, m->value, val, sizeof val);
	/* The value right-aligned in 6 columns; the arrow follows. */
	attr_t a = kpiv_status_attr(m ? m->status : KPI_NO_DATA, selected);
	draw_text_right(win, y, x, val, KPI_CELL_W - 1, a);
	draw_text(win, y, x + KPI_CELL_W - 1, m ? kpi_trend_arrow(m->trend, v->ascii) : " ", 1, a);
}

static void view_kpi_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			      bool selected)
{
	struct view_kpi *v = ctx;
	const struct kpi_group_report *g = kpiv_group(v, v->order[i]);
	attr_t base = pal(selected ? PAL_SELECTED : PAL_NORMAL);
	draw_fill(win, y, x, cols, base);
	int nw = view_kpi_name_w(cols);
	draw_text(win, y, x, selected ? "▸" : " ", 2, base);
	/* A column's gap after the name: a name as wide as the column never touches the stage. */
	draw_text(win, y, x + 2, g->group.name, nw - 1, base);
	int cx = x + 2 + nw;
	view_kpi_draw_stage(win, y, cx, view_kpi_stage_w(cols), g, selected ? base : pal(PAL_DIM));
	cx += view_kpi_stage_w(cols);
	char mem[32] = "—";
	if (g->has_members)
		snprintf(mem, sizeof mem, "%.0f", g->members);
	draw_text_right(win, y, cx, mem, KPI_MEMBERS_W - 1, base);
	cx += KPI_MEMBERS_W;
	for (size_t k = 0; k < KPI_PDCA_N; k++, cx += KPI_CELL_W)
		view_kpi_draw_cell(v, win, y, cx, kpi_group_metric(g, kpi_pdca_keys[k]), selected);
	draw_text(win, y, cx + 2, kpiv_health_mark(v, g->health), 2,
		  selected ? base : view_kpi_health_attr(g->health));
}

static const char *view_kpi_sort_name(enum kpi_sort s)
{
	static const char *const n[] = {N_("group"), N_("stage"), N_("members")};
	if (s < SORT_PDCA0)
		return _(n[s]);
	if (s == SORT_HEALTH)
		return _("health");
	return _(kpi_pdca_heads[s - SORT_PDCA0]);
}

/* A sort key: a metric value (display units), or a group property. */
static bool view_kpi_sort_value(struct view_kpi *v, size_t i, double *out)
{
	const struct kpi_group_report *g = kpiv_group(v, i);
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

/* The sort's keys, worked out once a row before sorting (a metric is found by name). */
static struct view_kpi *view_kpi_sorting;
static double *view_kpi_key;
static bool *view_kpi_has;

static int view_kpi_cmp(const void *a, const void *b)
{
	struct view_kpi *v = view_kpi_sorting;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double vx = view_kpi_key[x], vy = view_kpi_key[y];
	bool hx = view_kpi_has[x], hy = view_kpi_has[y];
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

void kpiv_sort(struct view_kpi *v)
{
	if (v->sort != SORT_NAME)
		kpiv_load_all(v);  /* a figure's order needs every row's figure */
	size_t cur = v->n && v->list.cursor < v->n ? v->order[v->list.cursor] : 0;
	view_kpi_sorting = v;
	view_kpi_key = xcalloc(v->n + 1, sizeof *view_kpi_key);
	view_kpi_has = xcalloc(v->n + 1, sizeof *view_kpi_has);
	for (size_t i = 0; i < v->n; i++)
		view_kpi_has[i] = view_kpi_sort_value(v, i, &view_kpi_key[i]);
	qsort(v->order, v->n, sizeof *v->order, view_kpi_cmp);
	free(view_kpi_key);
	free(view_kpi_has);
	view_kpi_key = NULL;
	view_kpi_has = NULL;
	for (size_t i = 0; i < v->n; i++)
		if (v->order[i] == cur)
			widget_list_set_cursor(&v->list, i);
}

void kpiv_overview_init(struct view_kpi *v)
{
	widget_list_init(&v->list, view_kpi_draw_row, NULL, v);
}

void kpiv_overview_draw(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	const char *dir = v->sort_desc ? (v->ascii ? " v" : " ↓") : (v->ascii ? " ^" : " ↑");
	draw_textf(win, r->y, r->x, r->w, pal(PAL_HEADER),
		   _(" KPI dashboard · window %s · sort %s%s · %zu group%s"),
		   kpiv_window_name(v->win), view_kpi_sort_name(v->sort), dir, v->n,
		   i18n_plural_s((long long)v->n));
	int nw = view_kpi_name_w(r->w);
	int y = r->y + 1, x = r->x;
	attr_t dim = pal(PAL_DIM);
	draw_fill(win, y, x, r->w, dim);
	draw_text(win, y, x + 2, _("group"), nw, dim);
	int cx = x + 2 + nw;
	draw_text(win, y, cx, _("stage"), view_kpi_stage_w(r->w), dim);
	cx += view_kpi_stage_w(r->w);
	/* Right-aligned over the numbers; a head wider than them takes the gap column too. */
	const char *mem = _("members");
	draw_text_right(win, y, cx, mem, KPI_MEMBERS_W - (text_width(mem) < KPI_MEMBERS_W), dim);
	cx += KPI_MEMBERS_W;
	for (size_t k = 0; k < KPI_PDCA_N; k++, cx += KPI_CELL_W)
		draw_text_right(win, y, cx, _(kpi_pdca_heads[k]), KPI_CELL_W - 1, dim);
	draw_text(win, y, cx + 1, _("health"), KPI_HEALTH_W - 1, dim);
	struct rect body = {r->y + 2, r->x, r->h - 3, r->w};
	if (v->error)
		draw_text(win, body.y, 2, v->error, r->w - 4, pal(PAL_ERROR));
	else if (v->n == 0)
		draw_text(win, body.y, 2, _("no groups yet: sopdeck import groups FILE"), r->w - 4,
			  dim);
	else
		widget_list_draw(&v->list, win, &body);
	draw_text(win, r->y + r->h - 1, r->x,
		  _(" Enter panel · s sort · w window · m type in · V versions · c content · r reload"),
		  r->w, dim);
}

int kpiv_overview_key(struct view_kpi *v, int key)
{
	switch (key) {
	case 's':
	case 'S':
		if (key == 's')
			v->sort = (v->sort + 1) % SORT_COUNT;
		else
			v->sort_desc = !v->sort_desc;
		kpiv_sort(v);
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		kpiv_panel_open(v);
		return VIEW_HANDLED;
	}
	return widget_list_key(&v->list, key);
}
