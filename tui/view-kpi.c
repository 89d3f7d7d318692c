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
	v->reports = NULL;
	v->order = NULL;
	v->rows = NULL;
	v->error = NULL;
	v->n = v->n_rows = 0;
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
	kpiv_sort(v);
	for (size_t i = 0; i < v->n; i++)
		if (kpiv_group(v, v->order[i])->group.id == keep_gid)
			widget_list_set_cursor(&v->list, i);
	if (v->panel)
		kpiv_panel_load(v);
}

/* ---- view_ops ---- */

static void *view_kpi_init(struct app *app)
{
	struct view_kpi *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->ascii = view_kpi_want_ascii();
	v->sort = SORT_NAME;
	kpiv_overview_init(v);
	return v;
}

static void view_kpi_free(void *state)
{
	struct view_kpi *v = state;
	kpiv_form_free(v);
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
	return v->panel ? kpiv_panel_key(v, key) : kpiv_overview_key(v, key);
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
