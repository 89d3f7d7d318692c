/*
 * The Library tab (素材库): a list of content items with a detail pane, filters
 * that combine (`c` clears them), `/` search as you type, tag and category
 * pickers with facet counts, add/edit/delete, `y` copies the body. This file
 * holds the tab's state, its load and the key and draw dispatch; each concern
 * is its own file (library.h lists them). Only the visible page is ever loaded.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "library.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

static const struct view_key view_library_keys[] = {
	{"j k ↓ ↑ PgDn PgUp g G", N_("move")},
	{"Enter", N_("open the item (Esc closes)")},
	{"/", N_("search as you type (Enter keeps, Esc drops)")},
	WIDGET_INPUT_KEYS,
	{"t", N_("pick tags (Space toggles)")},
	{"C", N_("pick a category (counts for the current filter)")},
	{"z f", N_("cycle zone / form")},
	{"p P", N_("cycle date range (week, month, 30 days) / type one")},
	{"s", N_("sort by date or title")},
	{"c Backspace", N_("clear every filter")},
	{"a e d", N_("add / edit / delete an item")},
	{"y", N_("copy the body (OSC 52)")},
	{NULL, NULL},
};

void lib_error(struct view_library *v, char *cause)
{
	app_error(v->app, "%s", cause ? cause : _("failed"));
	free(cause);
}

/* Shown and stale, or a new area: the playbook, the page and the mix again. */
static void view_library_load(void *state, const struct rect *r)
{
	struct view_library *v = state;
	v->area = *r;
	v->split = r->w >= LIB_SPLIT_COLS;
	/* Keep the cursor on the same item, not the same row: another operator's
	   add or delete shifts the rows. */
	int64_t keep = v->n && v->sel < v->n ? v->page[v->sel].id : 0;
	playbook_set_free(v->set);
	v->set = NULL;
	v->pb = NULL;
	free(v->error);
	v->error = NULL;
	char *cause = NULL;
	if (playbook_set_load(v->app->db, &v->set, &cause) < 0)
		v->error = cause;
	else
		v->pb = v->set->fallback;
	if (v->pb && v->category > v->pb->n_categories + 1)
		v->category = 0;
	lib_list_load(v);
	for (size_t i = 0; keep && i < v->n; i++)
		if (v->page[i].id == keep && i != v->sel) {
			v->sel = i;
			lib_detail_follow(v);
		}
	lib_list_load_mix(v);
	if (v->mode == LIB_DETAIL && v->n)
		lib_detail_open(v);
}

static void *view_library_init(struct app *app)
{
	struct view_library *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->range_from = v->range_to = DATE_INVALID;
	widget_input_init(&v->search, LIB_SEARCH_MAX);
	widget_input_init(&v->input, LIB_SEARCH_MAX);
	widget_input_init(&v->body, CONTENT_MAX_IMPORT_BYTES);
	v->body.multiline = true;
	lib_pickers_init(v);
	lib_detail_forget(v);
	return v;
}

static void view_library_free(void *state)
{
	struct view_library *v = state;
	for (size_t i = 0; i < v->n_tags; i++)
		free(v->tags[i]);
	content_items_free(v->page, v->n);
	content_item_clear(&v->prev);
	content_usage_free(v->use, v->n_use);
	lib_pickers_free(v);
	free(v->mix);
	widget_pager_free(&v->pager);
	lib_form_clear(v);
	widget_input_free(&v->search);
	widget_input_free(&v->input);
	widget_input_free(&v->body);
	free(v->search_before);
	free(v->confirm);
	free(v->error);
	playbook_set_free(v->set);
	free(v);
}

static void view_library_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_library *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	if (v->error && !v->pb) {
		draw_text(win, r->y + 1, r->x + 2, _("Cannot show the library:"), r->w - 4,
			  pal(PAL_ERROR));
		draw_text(win, r->y + 2, r->x + 2, v->error, r->w - 4, pal(PAL_NORMAL));
		return;
	}
	struct rect body;
	lib_list_draw(v, win, r, &body);
	switch (v->mode) {
	case LIB_DETAIL: lib_detail_draw(v, win, &body); break;
	case LIB_TAGS: lib_tags_draw(v, win, &body); break;
	case LIB_CATEGORIES: lib_categories_draw(v, win, &body); break;
	case LIB_FORM:
	case LIB_INPUT:
	case LIB_BODY: lib_form_draw(v, win, &body); break;
	case LIB_CONFIRM: lib_delete_draw(v, win, &body); break;
	case LIB_LIST:
	case LIB_SEARCH: break;
	}
	if (v->mode == LIB_INPUT)
		lib_prompt_draw(v, win, r->y + r->h - 1, r->x, r->w);
}

static size_t lib_cycle(size_t cur, size_t count)
{
	return (cur + 1) % (count + 1);
}

static size_t lib_count(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static int view_library_key(void *state, int key)
{
	struct view_library *v = state;
	switch (v->mode) {
	case LIB_SEARCH: return lib_search_key(v, key);
	case LIB_DETAIL: return lib_detail_key(v, key);
	case LIB_TAGS: return lib_tags_key(v, key);
	case LIB_CATEGORIES: return lib_categories_key(v, key);
	case LIB_FORM: return lib_form_key(v, key);
	case LIB_INPUT: return lib_prompt_key(v, key);
	case LIB_BODY: return lib_body_key(v, key);
	case LIB_CONFIRM: return lib_delete_key(v, key);
	case LIB_LIST: break;
	}
	switch (key) {
	case '/':
		lib_search_open(v);
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		lib_detail_open(v);
		return VIEW_HANDLED;
	case 't':
		lib_tags_open(v);
		return VIEW_HANDLED;
	case 'C':
		lib_categories_open(v);
		return VIEW_HANDLED;
	case 'z':
		v->zone = lib_cycle(v->zone, lib_count(content_zones));
		lib_list_refilter(v);
		return VIEW_HANDLED;
	case 'f':
		v->form = lib_cycle(v->form, lib_count(content_forms));
		lib_list_refilter(v);
		return VIEW_HANDLED;
	case 'p':
		v->period = v->period >= PERIOD_30 ? PERIOD_ALL : v->period + 1;
		lib_list_refilter(v);
		return VIEW_HANDLED;
	case 'P':
		lib_prompt(v, _("date range FROM TO"), "", lib_range_done);
		return VIEW_HANDLED;
	case 's':
		v->sort = v->sort == CONTENT_SORT_DATE ? CONTENT_SORT_TITLE : CONTENT_SORT_DATE;
		lib_list_refilter(v);
		return VIEW_HANDLED;
	case 'c':
	case KEY_BACKSPACE:
	case 127:
		lib_list_clear_filters(v);
		return VIEW_HANDLED;
	case 'a':
		lib_form_open(v, NULL);
		return VIEW_HANDLED;
	case 'e':
		if (v->n)
			lib_form_open(v, &v->page[v->sel]);
		return VIEW_HANDLED;
	case 'd':
		lib_delete_ask(v);
		return VIEW_HANDLED;
	case 'y':
		lib_detail_copy(v);
		return VIEW_HANDLED;
	case 'j': case 'k': case KEY_DOWN: case KEY_UP: case KEY_NPAGE: case KEY_PPAGE:
	case CTRL('d'): case CTRL('u'): case 'g': case 'G': case KEY_HOME: case KEY_END:
		lib_list_move(v, key);
		return VIEW_HANDLED;
	}
	return VIEW_IGNORED;
}

/* A click on a row of the list selects it (the list only, not under a form or picker). */
static int view_library_click(void *state, int y, int x)
{
	struct view_library *v = state;
	const struct rect *a = &v->rows_at;
	if (v->mode != LIB_LIST || y < a->y || y >= a->y + a->h || x < a->x || x >= a->x + a->w)
		return VIEW_IGNORED;
	v->sel = (size_t)(y - a->y);
	lib_detail_follow(v);
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_ops view_library = {
	.name = N_("Library"),
	.keys = view_library_keys,
	.init = view_library_init,
	.free = view_library_free,
	.load = view_library_load,
	.draw = view_library_draw,
	.key = view_library_key,
	.click = view_library_click,
};
