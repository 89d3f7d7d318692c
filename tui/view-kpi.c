/*
 * The KPI tab (数据看板): an overview of every group (stage, members, the
 * PDCA five with trend arrows, a health mark; sortable), a group panel (the
 * stage's metrics with threshold, status, a 30-day sparkline and the
 * playbook's advice; window 7/30/stage), a form to type in one day's
 * counters, the SOP version effects and the content effect report.
 * Every number comes from include/kpi.h; nothing here knows SQL. This file
 * holds the state, loading, key and draw dispatch and the ops table; the
 * parts are listed in tui/kpi-tab.h.
 */
#include <stdlib.h>
#include <string.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "draw.h"
#include "group.h"
#include "kpi.h"
#include "playbook.h"
#include "util.h"
#include "view.h"
#include "widget.h"

static const struct view_key view_kpi_keys[] = {
	WIDGET_LIST_KEYS,
	{"Enter", N_("open the group's panel (Esc back)")},
	{"s S", N_("sort by the next column / reverse the order")},
	{"w", N_("window: 7 days, 30 days, the current stage")},
	{"m", N_("type in one day's counters for the group")},
	{"V", N_("SOP versions: each metric 30 days before vs after")},
	{"c", N_("content effect report (the bottom fifth: retire)")},
	{"r", N_("reload")},
	{NULL, NULL},
};

const char *kpiv_window_name(enum kpi_window w)
{
	static const char *const names[] = {N_("7 days"), N_("30 days"), N_("this stage")};
	return _(names[w]);
}

/* ASCII bars and arrows for a non-UTF-8 locale, SOPDECK_ASCII, or NO_COLOR (plain output). */
static bool view_kpi_want_ascii(void)
{
	const char *e = getenv("NO_COLOR");
	return draw_want_ascii() || (e && *e);
}

struct kpi_group_report *kpiv_group(struct view_kpi *v, size_t i)
{
	return &v->reports[i].groups[0];
}

size_t kpiv_find(const struct view_kpi *v, int64_t gid)
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
	free(v->loaded);
	group_list_free(v->groups, v->n);
	free(v->win_from);
	free(v->win_to);
	v->reports = NULL;
	v->order = NULL;
	v->rows = NULL;
	v->error = NULL;
	v->loaded = NULL;
	v->groups = NULL;
	v->win_from = v->win_to = NULL;
	v->n = v->n_rows = v->n_loaded = 0;
}

/* The figures of the reports idx[0..k) (none loaded yet), in one build: a few statements. */
static void view_kpi_load_rows(struct view_kpi *v, const size_t *idx, size_t k)
{
	if (k == 0 || v->error)
		return;
	struct group *g = xcalloc(k + 1, sizeof *g);
	int *from = xcalloc(k + 1, sizeof *from), *to = xcalloc(k + 1, sizeof *to);
	for (size_t j = 0; j < k; j++) {
		g[j] = v->groups[idx[j]];  /* kpi_reports_build copies what it keeps */
		from[j] = v->win_from[idx[j]];
		to[j] = v->win_to[idx[j]];
	}
	struct kpi_report *out = xcalloc(k + 1, sizeof *out);
	char *cause = NULL;
	if (kpi_reports_build(v->app->db, v->set, v->app->today, g, k, from, to, out, &cause) < 0) {
		v->error = cause;
	} else {
		for (size_t j = 0; j < k; j++) {
			kpi_report_free(&v->reports[idx[j]]);
			v->reports[idx[j]] = out[j];
			v->loaded[idx[j]] = true;
		}
		v->n_loaded += k;
	}
	free(out);
	free(g);
	free(from);
	free(to);
}

void kpiv_load_all(struct view_kpi *v)
{
	if (v->n_loaded == v->n)
		return;
	size_t *idx = xcalloc(v->n + 1, sizeof *idx), k = 0;
	for (size_t i = 0; i < v->n; i++)
		if (!v->loaded[i])
			idx[k++] = i;
	view_kpi_load_rows(v, idx, k);
	free(idx);
}

void kpiv_load_near(struct view_kpi *v)
{
	if (v->n_loaded == v->n)
		return;
	/* A screen each way: a page key finds its rows there (each key loads what it comes near). */
	size_t reach = (size_t)(LINES > 24 ? LINES : 24), cur = v->list.cursor;
	size_t lo = cur > reach ? cur - reach : 0, hi = cur + reach < v->n ? cur + reach : v->n;
	size_t *idx = xcalloc(hi - lo + 1, sizeof *idx), k = 0;
	for (size_t p = lo; p < hi; p++)
		if (!v->loaded[v->order[p]])
			idx[k++] = v->order[p];
	view_kpi_load_rows(v, idx, k);
	free(idx);
}

void kpiv_load(struct view_kpi *v)
{
	size_t keep = v->n && v->list.cursor < v->n ? v->order[v->list.cursor] : 0;
	int64_t keep_gid = v->n ? kpiv_group(v, keep)->group.id : 0;
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
	/*
	 * Each group's report over its own window, the figures read set-at-a-time: all of them
	 * when the sort needs them, else only those of the rows near the cursor (sorted by
	 * name, the list needs nothing else to be in order); the rest as they come near.
	 */
	v->reports = xcalloc(n + 1, sizeof *v->reports);
	v->order = xcalloc(n + 1, sizeof *v->order);
	v->loaded = xcalloc(n + 1, sizeof *v->loaded);
	v->win_from = xcalloc(n + 1, sizeof *v->win_from);
	v->win_to = xcalloc(n + 1, sizeof *v->win_to);
	for (size_t i = 0; i < n; i++) {
		view_kpi_window(v, &groups[i], &v->win_from[i], &v->win_to[i]);
		v->reports[i].groups = xcalloc(2, sizeof *v->reports[i].groups);
		v->reports[i].n_groups = 1;
		v->reports[i].groups[0].group = group_copy(&groups[i]);
		v->reports[i].groups[0].pb = playbook_set_for(v->set, &groups[i]);
		v->order[i] = i;
	}
	v->groups = groups;
	v->n = n;
	if (v->sort != SORT_NAME)
		kpiv_load_all(v);
	widget_list_set_count(&v->list, v->n);
	kpiv_sort(v);
	for (size_t i = 0; i < v->n; i++)
		if (kpiv_group(v, v->order[i])->group.id == keep_gid)
			widget_list_set_cursor(&v->list, i);
	kpiv_load_near(v);
	if (v->error) {
		/* As before: a failed read shows its cause, not a list of groups without figures. */
		widget_list_set_count(&v->list, 0);
		return;
	}
	if (v->panel)
		kpiv_panel_load(v);
	if (v->content_open)
		kpiv_content_reload(v);
}

/* ---- view_ops ---- */

static void *view_kpi_init(struct app *app)
{
	struct view_kpi *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->ascii = view_kpi_want_ascii();
	v->sort = SORT_NAME;
	kpiv_overview_init(v);
	kpiv_content_init(v);
	return v;
}

static void view_kpi_free(void *state)
{
	struct view_kpi *v = state;
	kpiv_form_free(v);
	kpiv_content_free(v);
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
		kpiv_load(v);
}

static void view_kpi_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_kpi *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	/* Overlays stand alone: what is under them would show through cut in half. */
	if (v->form)
		kpiv_form_draw(v, win, r);
	else if (v->content_open)
		kpiv_content_draw(v, win, r);
	else if (v->pager_open)
		kpiv_pager_draw(v, win, r);
	else if (v->panel)
		kpiv_panel_draw(v, win, r);
	else
		kpiv_overview_draw(v, win, r);
}

static int view_kpi_key(void *state, int key)
{
	struct view_kpi *v = state;
	if (v->form)
		return kpiv_form_key(v, key);
	if (v->content_open)
		return kpiv_content_key(v, key);
	if (v->pager_open)
		return kpiv_pager_key(v, key);
	switch (key) {
	case 'w':
		v->win = (v->win + 1) % WIN_COUNT;
		kpiv_load(v);
		app_message(v->app, _("window: %s"), kpiv_window_name(v->win));
		return VIEW_HANDLED;
	case 'm':
		kpiv_form_open(v);
		return VIEW_HANDLED;
	case 'V':
		if (v->set)
			kpiv_versions_open(v);
		return VIEW_HANDLED;
	case 'c':
		if (v->set)
			kpiv_content_open(v);
		return VIEW_HANDLED;
	case 'r':
		app_message(v->app, "%s", _("reloaded"));
		return VIEW_HANDLED | VIEW_RELOAD;
	}
	if (v->panel)
		return kpiv_panel_key(v, key);
	int r = kpiv_overview_key(v, key);
	kpiv_load_near(v);  /* the rows the cursor came near */
	return r;
}

/* A click on a group's row of the overview selects it (not under a panel, form or pager). */
static int view_kpi_click(void *state, int y, int x)
{
	struct view_kpi *v = state;
	if (v->content_open && !v->form)
		return kpiv_content_click(v, y, x);
	if (v->form || v->pager_open || v->panel)
		return VIEW_IGNORED;
	int r = widget_list_click(&v->list, y, x);
	kpiv_load_near(v);
	return r;
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
