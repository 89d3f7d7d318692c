/* The Calendar tab: a placeholder until its issue lands; replace this file wholesale. */
#include <stdlib.h>

#include "draw.h"
#include "util.h"
#include "view.h"

struct view_calendar {
	struct app *app;
};

static void *view_calendar_init(struct app *app)
{
	struct view_calendar *v = xcalloc(1, sizeof *v);
	v->app = app;
	return v;
}

static void view_calendar_free(void *state)
{
	free(state);
}

static void view_calendar_draw(void *state, WINDOW *win, const struct rect *r)
{
	draw_clear(win, r, pal(PAL_NORMAL));
	draw_text(win, r->y + 1, r->x + 2, "Calendar: coming with issue 4 — the content calendar (内容排期): the week's slots per group", r->w - 4,
		  pal(PAL_DIM));
}

static int view_calendar_key(void *state, int key)
{
	return VIEW_IGNORED;
}

const struct view_ops view_calendar = {
	.name = "Calendar",
	.keys = NULL,
	.init = view_calendar_init,
	.free = view_calendar_free,
	.draw = view_calendar_draw,
	.key = view_calendar_key,
};
