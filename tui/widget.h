/*
 * Widgets shared by the views, drawn through callbacks so that data never
 * draws itself: a scrolling list with a cursor (widget-list.c), a scrollable
 * text pager with wrapping by display columns (widget-pager.c), the one line
 * editor (widget-input.c) and the one paged picker (widget-picker.c).
 */
#ifndef SOPDECK_TUI_WIDGET_H
#define SOPDECK_TUI_WIDGET_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"
#include "util.h"

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
	struct rect at;    /* where the last draw put the rows: for mouse clicks */
	widget_list_draw_fn *draw_row;
	widget_list_selectable_fn *selectable;  /* NULL: every row */
	void *ctx;
};

/* The keys widget_list_key understands, for a view's help table. */
#define WIDGET_LIST_KEYS                                   \
	{"j k ↓ ↑", N_("move down / up")},                         \
	{"g G Home End", N_("first / last")},                      \
	{"PgDn PgUp ^D ^U", N_("page down / up")}

void widget_list_init(struct widget_list *l, widget_list_draw_fn *draw_row,
		      widget_list_selectable_fn *selectable, void *ctx);
/* New row count: the cursor stays where it was, clamped and moved to a selectable row. */
void widget_list_set_count(struct widget_list *l, size_t n);
/* Put the cursor on row i (or the nearest selectable row). */
void widget_list_set_cursor(struct widget_list *l, size_t i);
/* Movement keys; returns VIEW_HANDLED|VIEW_REDRAW or VIEW_IGNORED. */
int widget_list_key(struct widget_list *l, int key);
/* A click at screen (y, x): the cursor on the selectable row drawn there.
   Returns VIEW_HANDLED|VIEW_REDRAW, or VIEW_IGNORED when no such row is there. */
int widget_list_click(struct widget_list *l, int y, int x);
/* Draw the visible rows into r, scrolling so the cursor shows. */
void widget_list_draw(struct widget_list *l, WINDOW *win, const struct rect *r);

struct widget_pager {
	char *text;        /* sanitised, newlines kept */
	size_t top;        /* first wrapped line shown */
	int page;          /* lines shown at the last draw */
	size_t lines;      /* wrapped lines at the last draw */
};

#define WIDGET_PAGER_KEYS                                  \
	{"j k ↓ ↑", N_("scroll")},                                 \
	{"g G PgDn PgUp", N_("top / bottom / page")}

/* Set the text (copied and sanitised); scrolls to the top. */
void widget_pager_set_text(struct widget_pager *p, const char *text);
void widget_pager_free(struct widget_pager *p);
/* Scrolling keys; returns VIEW_HANDLED|VIEW_REDRAW or VIEW_IGNORED. */
int widget_pager_key(struct widget_pager *p, int key);
/* Draw the text wrapped to r's width; if it does not fit, "3-10/40" goes on the row below r. */
void widget_pager_draw(struct widget_pager *p, WINDOW *win, const struct rect *r, attr_t attr);

/*
 * The one line editor: UTF-8 text edited by character (bytes from getch are
 * gathered into whole characters), the cursor moved by display column
 * (wcwidth: CJK is two columns), drawn in a fixed width that scrolls
 * sideways so the cursor always shows. Keys: ← → Home End (^A ^E), Backspace,
 * Delete, ^U (clear before the cursor), ^W (the word before the cursor).
 */
struct widget_input {
	struct buf text;     /* the text, NUL-terminated (text.data may be NULL when empty) */
	size_t cursor;       /* byte offset, always on a character boundary */
	int scroll;          /* display column shown first */
	size_t max;          /* most bytes (0: no limit) */
	char partial[4];     /* a character still arriving byte by byte */
	size_t n_partial;
	bool (*accept)(unsigned cp);  /* which characters may be typed; NULL: any printable */
	bool multiline;      /* newlines kept and insertable (the body editor; Enter is the caller's) */
};

/* What widget_input_key did. */
enum widget_input_result {
	WIDGET_INPUT_IGNORED,   /* not an editing key: the caller's (Enter, Esc, Tab, ...) */
	WIDGET_INPUT_MOVED,     /* handled; the text is the same (cursor, half a character) */
	WIDGET_INPUT_CHANGED,   /* handled; the text changed */
};

#define WIDGET_INPUT_KEYS                                  \
	{"← → Home End", N_("move in the text (by character)")},   \
	{"Backspace Del ^U ^W", N_("delete a character / to the start / a word")}

void widget_input_init(struct widget_input *in, size_t max);
/* Replace the text (sanitised; one line unless multiline; cut at max), cursor at the end. */
void widget_input_set(struct widget_input *in, const char *text);
/* The text; never NULL. */
const char *widget_input_text(const struct widget_input *in);
void widget_input_free(struct widget_input *in);
/* Insert s at the cursor (whole characters, within max): pastes, the body editor's newline. */
void widget_input_insert(struct widget_input *in, const char *s);
/* An editing key; returns enum widget_input_result. */
int widget_input_key(struct widget_input *in, int key);
/* Display columns from the start of the text to the cursor. */
int widget_input_cursor_col(const struct widget_input *in);
/* Draw the text in cols columns at (y, x), scrolled so the cursor shows (reverse video). */
void widget_input_draw(struct widget_input *in, WINDOW *win, int y, int x, int cols, attr_t attr);

/*
 * The one picker: a list of rows loaded a page at a time (keyset: each fetch
 * continues after the rows already loaded) and counted no further than
 * WIDGET_PICKER_COUNT_CAP ("1000+"). The rows live in the view; the picker
 * keeps the cursor, the paging and the count.
 */
#define WIDGET_PICKER_PAGE 200
#define WIDGET_PICKER_COUNT_CAP 1000

/* Append up to want rows after the have rows loaded; returns how many, -1 on error
   (the view reports it). */
typedef long widget_picker_fetch_fn(void *ctx, size_t have, size_t want);
/* Count the rows up to cap: *n, and *more when there are more than cap. */
typedef int widget_picker_count_fn(void *ctx, size_t cap, size_t *n, bool *more);

struct widget_picker {
	struct widget_list list;      /* the loaded rows: cursor and scrolling */
	bool more;                    /* fetch may have rows after the loaded ones */
	size_t total;                 /* the count (capped) */
	bool total_more;              /* more than total */
	widget_picker_fetch_fn *fetch;
	widget_picker_count_fn *count;  /* NULL: the count is what is loaded ("+" if more) */
	void *ctx;
};

void widget_picker_init(struct widget_picker *p, widget_list_draw_fn *draw_row,
			widget_picker_fetch_fn *fetch, widget_picker_count_fn *count, void *ctx);
/* Load from the start: the first page and the count; the cursor on row 0. -1 on error. */
int widget_picker_reset(struct widget_picker *p);
/* Put the cursor on row i of the loaded rows. */
void widget_picker_set_cursor(struct widget_picker *p, size_t i);
/* Movement: ↑ ↓ PgUp PgDn always; with letters also j k g G Home End. Loads the next
   page as the cursor nears the end. Returns VIEW_HANDLED|VIEW_REDRAW or VIEW_IGNORED. */
int widget_picker_key(struct widget_picker *p, int key, bool letters);
void widget_picker_draw(struct widget_picker *p, WINDOW *win, const struct rect *r);
/* The count as shown: "253" or "1000+". */
void widget_picker_count_text(const struct widget_picker *p, char *out, size_t size);

#endif
