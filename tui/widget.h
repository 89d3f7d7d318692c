/*
 * Widgets shared by the views, drawn through callbacks so that data never
 * draws itself: a scrolling list with a cursor (widget-list.c) and a
 * scrollable text pager with wrapping by display columns (widget-pager.c).
 */
#ifndef SOPDECK_TUI_WIDGET_H
#define SOPDECK_TUI_WIDGET_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "view.h"

/* Draw row i in cols columns at (y, x); selected when it is under the cursor. */
typedef void widget_list_draw_fn(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
				 bool selected);
/* Can the cursor rest on row i? (section headers say no) */
typedef bool widget_list_selectable_fn(void *ctx, size_t i);

struct widget_list {
	size_t n;          /* rows */
	size_t cursor;     /* row under the cursor (meaningless when n == 0) */
	size_t top;        /* first row shown */
	int page;          /* rows shown at the last draw: PgUp/PgDn move by this */
	widget_list_draw_fn *draw_row;
	widget_list_selectable_fn *selectable;  /* NULL: every row */
	void *ctx;
};

/* The keys widget_list_key understands, for a view's help table. */
#define WIDGET_LIST_KEYS                                   \
	{"j k ↓ ↑", "move down / up"},                         \
	{"g G Home End", "first / last"},                      \
	{"PgDn PgUp ^D ^U", "page down / up"}

void widget_list_init(struct widget_list *l, widget_list_draw_fn *draw_row,
		      widget_list_selectable_fn *selectable, void *ctx);
/* New row count: the cursor stays where it was, clamped and moved to a selectable row. */
void widget_list_set_count(struct widget_list *l, size_t n);
/* Put the cursor on row i (or the nearest selectable row). */
void widget_list_set_cursor(struct widget_list *l, size_t i);
/* Movement keys; returns VIEW_HANDLED|VIEW_REDRAW or VIEW_IGNORED. */
int widget_list_key(struct widget_list *l, int key);
/* Draw the visible rows into r, scrolling so the cursor shows. */
void widget_list_draw(struct widget_list *l, WINDOW *win, const struct rect *r);

struct widget_pager {
	char *text;        /* sanitised, newlines kept */
	size_t top;        /* first wrapped line shown */
	int page;          /* lines shown at the last draw */
	size_t lines;      /* wrapped lines at the last draw */
};

#define WIDGET_PAGER_KEYS                                  \
	{"j k ↓ ↑", "scroll"},                                 \
	{"g G PgDn PgUp", "top / bottom / page"}

/* Set the text (copied and sanitised); scrolls to the top. */
void widget_pager_set_text(struct widget_pager *p, const char *text);
void widget_pager_free(struct widget_pager *p);
/* Scrolling keys; returns VIEW_HANDLED|VIEW_REDRAW or VIEW_IGNORED. */
int widget_pager_key(struct widget_pager *p, int key);
/* Draw the text wrapped to r's width; if it does not fit, "3-10/40" goes on the row below r. */
void widget_pager_draw(struct widget_pager *p, WINDOW *win, const struct rect *r, attr_t attr);

#endif
