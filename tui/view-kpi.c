/* The KPI tab: a placeholder until its issue lands; replace this file wholesale. */
#include <stdlib.h>

#include "draw.h"
#include "util.h"
#include "view.h"

struct view_kpi {
	struct app *app;
};

static void *view_kpi_init(struct app *app)
{
	struct view_kpi *v = xcalloc(1, sizeof *v);
	v->app = app;
	return v;
}

static void view_kpi_free(void *state)
{
	free(state);
}

static void view_kpi_draw(void *state, WINDOW *win, const struct rect *r)
{
	draw_clear(win, r, pal(PAL_NORMAL));
	draw_text(win, r->y + 1, r->x + 2, "KPI: coming with issue 5 — the KPI panels (数据看板): metrics per group with thresholds and advice", r->w - 4,
		  pal(PAL_DIM));
}

static int view_kpi_key(void *state, int key)
{
	return VIEW_IGNORED;
}

const struct view_ops view_kpi = {
	.name = "KPI",
	.keys = NULL,
	.init = view_kpi_init,
	.free = view_kpi_free,
	.draw = view_kpi_draw,
	.key = view_kpi_key,
};
