/*
 * The Library's pickers: tags (`t`, Space toggles, counts for the current
 * filter) and categories (`C`, 全部 / each category / 未分类 with what the
 * filter would show). Both are widget_picker: the rows live here, the widget
 * pages and counts them by the same rule as the Calendar's content picker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "draw.h"
#include "library.h"
#include "util.h"

/* A tag row: "[x] 育儿          12", x on the tags in the filter. */
static void lib_tag_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i, bool selected)
{
	struct view_library *v = ctx;
	bool on = false;
	for (size_t t = 0; t < v->n_tags; t++)
		on |= strcmp(v->tags[t], v->facets[i].value) == 0;
	char *s = xasprintf("[%s] %s", on ? "x" : " ", v->facets[i].value);
	attr_t a = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
	char count[24];
	snprintf(count, sizeof count, "%zu", v->facets[i].count);
	draw_text(win, y, x, s, cols - 7, a);
	draw_text(win, y, x + cols - 7, count, 7, a);
	free(s);
}

/* widget_picker's fetch for tags: the facet list is ranked by count, so a page after
   the have rows is the top have + want with the first have dropped. */
static long lib_tag_fetch(void *ctx, size_t have, size_t want)
{
	struct view_library *v = ctx;
	struct content_facet *f = NULL;
	size_t n = 0;
	char *cause = NULL;
	if (have == 0) {
		content_facets_free(v->facets, v->n_facets);
		v->facets = NULL;
		v->n_facets = 0;
	}
	if (content_facet_tags(v->app->db, &v->filter, have + want, &f, &n, &cause) < 0) {
		lib_error(v, cause);
		return -1;
	}
	size_t got = n > have ? n - have : 0;
	v->facets = xrealloc(v->facets, (v->n_facets + got + 1) * sizeof *v->facets);
	memcpy(v->facets + v->n_facets, f + have, got * sizeof *f);
	v->n_facets += got;
	/* The first have rows are already loaded: free only those copies. */
	content_facets_free(f, have < n ? have : n);
	return (long)got;
}

/* A category row: "● 促活型 (12)", the dot on the category in use. */
static void lib_cat_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i, bool selected)
{
	struct view_library *v = ctx;
	attr_t a = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
	char *s = xasprintf("%s %s (%zu)", i == v->category ? "●" : " ", v->cats[i].value,
			    v->cats[i].count);
	draw_text(win, y, x, s, cols, a);
	free(s);
}

/*
 * widget_picker's fetch for categories: 全部, each playbook category, 未分类,
 * each with how many items the current filter would show with that category
 * (the other filters kept), all in one page. Row i is the view's category index i.
 */
static long lib_cat_fetch(void *ctx, size_t have, size_t want)
{
	struct view_library *v = ctx;
	if (have > 0 || !v->pb)
		return 0;
	struct content_filter f = v->filter;
	f.category = NULL;
	struct content_facet *fc;
	size_t n;
	char *cause = NULL;
	if (content_facet_categories(v->app->db, &f, &fc, &n, &cause) < 0) {
		lib_error(v, cause);
		return -1;
	}
	content_facets_free(v->cats, v->n_cats);
	size_t nc = v->pb->n_categories;
	v->n_cats = nc + 2;
	v->cats = xcalloc(v->n_cats, sizeof *v->cats);
	size_t all = 0;
	for (size_t i = 0; i < n; i++)
		all += fc[i].count;
	v->cats[0] = (struct content_facet){xstrdup(_("all")), all};
	for (size_t c = 0; c < nc; c++) {
		v->cats[c + 1].value = xstrdup(v->pb->categories[c].name);
		for (size_t i = 0; i < n; i++)
			if (strcmp(fc[i].value, v->pb->categories[c].key) == 0)
				v->cats[c + 1].count = fc[i].count;
	}
	v->cats[nc + 1].value = xstrdup(_("uncategorised"));
	for (size_t i = 0; i < n; i++)
		if (!*fc[i].value)
			v->cats[nc + 1].count = fc[i].count;
	content_facets_free(fc, n);
	return (long)v->n_cats;
}

void lib_pickers_init(struct view_library *v)
{
	widget_picker_init(&v->tag_picker, lib_tag_row, lib_tag_fetch, NULL, v);
	widget_picker_init(&v->cat_picker, lib_cat_row, lib_cat_fetch, NULL, v);
}

void lib_pickers_free(struct view_library *v)
{
	content_facets_free(v->facets, v->n_facets);
	content_facets_free(v->cats, v->n_cats);
	v->facets = v->cats = NULL;
	v->n_facets = v->n_cats = 0;
}

void lib_tags_open(struct view_library *v)
{
	if (widget_picker_reset(&v->tag_picker) < 0)
		return;
	/* Chosen tags stay in the list even when the filter leaves them no other item. */
	v->mode = LIB_TAGS;
	if (!v->n_facets)
		app_message(v->app, "%s", _("no tags in the current list"));
}

static void lib_toggle_tag(struct view_library *v, const char *tag)
{
	for (size_t i = 0; i < v->n_tags; i++) {
		if (strcmp(v->tags[i], tag) == 0) {
			free(v->tags[i]);
			memmove(&v->tags[i], &v->tags[i + 1], (v->n_tags - i - 1) * sizeof *v->tags);
			v->n_tags--;
			lib_list_refilter(v);
			return;
		}
	}
	if (v->n_tags < LIB_TAGS_MAX) {
		v->tags[v->n_tags++] = xstrdup(tag);
		lib_list_refilter(v);
	}
}

int lib_tags_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
	case 't':
	case 'q':
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case ' ':
	case '\n':
	case KEY_ENTER:
		if (v->n_facets) {
			size_t cur = v->tag_picker.list.cursor;
			char *tag = xstrdup(v->facets[cur].value);
			lib_toggle_tag(v, tag);
			/* Counts follow the new filter and re-sort the list: keep the cursor
			   on the same tag, not the same row. */
			lib_tags_open(v);
			for (size_t i = 0; i < v->n_facets; i++)
				if (strcmp(v->facets[i].value, tag) == 0)
					cur = i;
			free(tag);
			widget_picker_set_cursor(&v->tag_picker, cur);
			if (key != ' ')
				v->mode = LIB_LIST;
		}
		return VIEW_HANDLED;
	}
	widget_picker_key(&v->tag_picker, key, true);
	return VIEW_HANDLED;
}

void lib_tags_draw(struct view_library *v, WINDOW *win, const struct rect *body)
{
	struct rect box = rect_centre(body, body->h, 40);
	draw_clear(win, &box, pal(PAL_NORMAL));
	char count[32];
	widget_picker_count_text(&v->tag_picker, count, sizeof count);
	char *title = xasprintf(_("tags %s (Space picks · Esc closes)"), count);
	struct rect in = draw_box(win, &box, title, pal(PAL_BORDER));
	free(title);
	widget_picker_draw(&v->tag_picker, win, &in);
}

void lib_categories_open(struct view_library *v)
{
	if (!v->pb || widget_picker_reset(&v->cat_picker) < 0)
		return;
	widget_picker_set_cursor(&v->cat_picker, v->category < v->n_cats ? v->category : 0);
	v->mode = LIB_CATEGORIES;
}

/* Keys in the category picker: Enter or Space picks the row, Esc closes. */
int lib_categories_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
	case 'C':
	case 'q':
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case ' ':
	case '\n':
	case KEY_ENTER:
		v->category = v->cat_picker.list.cursor;
		v->mode = LIB_LIST;
		lib_list_refilter(v);
		return VIEW_HANDLED;
	}
	widget_picker_key(&v->cat_picker, key, true);
	return VIEW_HANDLED;
}

void lib_categories_draw(struct view_library *v, WINDOW *win, const struct rect *body)
{
	int h = (int)v->n_cats + 2 < body->h ? (int)v->n_cats + 2 : body->h;
	struct rect box = rect_centre(body, h, 36);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, _("category (Enter picks · Esc closes)"), pal(PAL_BORDER));
	widget_picker_draw(&v->cat_picker, win, &in);
}
