/* The Library tab: a placeholder until its issue lands; replace this file wholesale. */
#include <stdlib.h>

#include "draw.h"
#include "util.h"
#include "view.h"

struct view_library {
	struct app *app;
};

static void *view_library_init(struct app *app)
{
	struct view_library *v = xcalloc(1, sizeof *v);
	v->app = app;
	return v;
}

static void view_library_free(void *state)
{
	free(state);
}

static void view_library_draw(void *state, WINDOW *win, const struct rect *r)
{
	draw_clear(win, r, pal(PAL_NORMAL));
	draw_text(win, r->y + 1, r->x + 2, "Library: coming with issue 3 — the content library (素材库): search, tags, categories", r->w - 4,
		  pal(PAL_DIM));
}

static int view_library_key(void *state, int key)
{
	return VIEW_IGNORED;
}

const struct view_ops view_library = {
	.name = "Library",
	.keys = NULL,
	.init = view_library_init,
	.free = view_library_free,
	.draw = view_library_draw,
	.key = view_library_key,
};
