/*
 * The Library's typing: `/` searches as you type (each whole character
 * refilters; Enter keeps the search, Esc goes back to the one before) and the
 * one-line prompt used by the form's fields and the date range. Both edit
 * through widget_input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "library.h"
#include "text.h"
#include "util.h"

#define LIB_SEARCH_HINT N_(" (Enter keeps · Esc drops)")

void lib_search_open(struct view_library *v)
{
	free(v->search_before);
	v->search_before = xstrdup(widget_input_text(&v->search));
	v->mode = LIB_SEARCH;
}

int lib_search_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
		widget_input_set(&v->search, v->search_before ? v->search_before : "");
		v->mode = LIB_LIST;
		lib_list_refilter(v);
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	}
	/* Half a Chinese character is no query: the widget waits for the rest. */
	if (widget_input_key(&v->search, key) == WIDGET_INPUT_CHANGED)
		lib_list_refilter(v);
	return VIEW_HANDLED;
}

void lib_search_draw(struct view_library *v, WINDOW *win, int y, int x, int cols)
{
	attr_t a = pal(PAL_MESSAGE);
	int hint = text_width(_(LIB_SEARCH_HINT));
	draw_fill(win, y, x, cols, a);
	int w = draw_str(win, y, x, "/", cols, a);
	int iw = cols - w - hint;
	if (iw < 4) {
		iw = cols - w;
		hint = 0;
	}
	widget_input_draw(&v->search, win, y, x + w, iw, a);
	if (hint)
		draw_str(win, y, x + w + iw, _(LIB_SEARCH_HINT), hint, a);
}

void lib_prompt(struct view_library *v, const char *label, const char *initial,
		void (*done)(struct view_library *, const char *))
{
	widget_input_set(&v->input, initial ? initial : "");
	v->input_label = label;
	v->input_done = done;
	v->mode = LIB_INPUT;
}

int lib_prompt_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
		v->mode = v->input_done == lib_field_done ? LIB_FORM : LIB_LIST;
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER: {
		char *text = xstrdup(widget_input_text(&v->input));
		v->input_done(v, text);
		free(text);
		return VIEW_HANDLED;
	}
	}
	widget_input_key(&v->input, key);
	return VIEW_HANDLED;
}

void lib_prompt_draw(struct view_library *v, WINDOW *win, int y, int x, int cols)
{
	attr_t a = pal(PAL_MESSAGE);
	char *label = xasprintf("%s: ", v->input_label);
	draw_fill(win, y, x, cols, a);
	int w = draw_str(win, y, x, label, cols, a);
	free(label);
	widget_input_draw(&v->input, win, y, x + w, cols - w, a);
}

/* The `P` prompt's answer: FROM TO as dates (YYYY-MM-DD) or months (YYYYMM). */
void lib_range_done(struct view_library *v, const char *text)
{
	char from[32] = "", to[32] = "";
	v->mode = LIB_LIST;
	if (sscanf(text, "%31s %31s", from, to) != 2) {
		app_error(v->app, "%s", _("date range: want 'FROM TO' (YYYY-MM-DD or YYYYMM)"));
		return;
	}
	int f = content_parse_date(from), t = content_parse_date(to);
	if (f != DATE_INVALID && strlen(to) == 6) {
		int y, m, d;
		date_to_ymd(t, &y, &m, &d);
		t += date_days_in_month(y, m) - 1;
	}
	if (f == DATE_INVALID || t == DATE_INVALID || t < f) {
		app_error(v->app, _("date range: '%s' is not FROM TO"), text);
		return;
	}
	v->range_from = f;
	v->range_to = t;
	v->period = PERIOD_RANGE;
	lib_list_refilter(v);
}
