/*
 * The one place that puts text on the terminal. Every string is sanitised
 * (no control characters from data reach the terminal) and cut by display
 * columns (CJK is two columns wide), so columns line up. Colours come from a
 * small palette that degrades to 8 colours and to plain attributes (NO_COLOR).
 */
#ifndef SOPDECK_TUI_DRAW_H
#define SOPDECK_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>

#include "view.h"

/* Roles, not colours: views ask for what a thing is. */
enum pal_role {
	PAL_NORMAL,
	PAL_TITLE,        /* program name in the tab bar */
	PAL_TAB,          /* tab bar background and inactive tabs */
	PAL_TAB_ACTIVE,
	PAL_STATUS,       /* status bar */
	PAL_MESSAGE,      /* message line: information */
	PAL_ERROR,        /* message line: errors */
	PAL_HEADER,       /* section headers (a group in Today) */
	PAL_SELECTED,     /* the cursor row */
	PAL_OVERDUE,      /* late and not done */
	PAL_DONE,         /* ticked */
	PAL_DIM,          /* secondary text */
	PAL_BAR_DONE,     /* progress bar, filled part */
	PAL_BAR_TODO,     /* progress bar, empty part */
	PAL_BORDER,       /* overlay frames */
	PAL_COUNT
};

/*
 * Set up colour pairs (after initscr) for the config's theme: "auto", "default", "dark"
 * (colours for a dark background), "light" (for a light one), "mono" (no colour,
 * attributes only); NULL is auto. Honours NO_COLOR and terminals without colour.
 */
void pal_init(const char *theme);
/* ASCII instead of box and block characters: SOPDECK_ASCII, or the user's locale is not UTF-8. */
bool draw_want_ascii(void);
/* The attributes for a role. */
attr_t pal(enum pal_role role);
/* "256", "8" or "none": what pal_init chose (for the help screen and tests). */
const char *pal_mode(void);

/*
 * Draw s at (y, x) in exactly cols columns with attr: sanitised, cut with "…"
 * if too wide, padded with spaces. Returns cols (0 if cols <= 0).
 */
int draw_text(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr);
/* Like draw_text without padding: returns the columns actually drawn. */
int draw_str(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr);
/* Like draw_text, but s right-aligned in the cols columns (numbers in a column). */
int draw_text_right(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr);
/* Like draw_str, but a string too wide keeps its end ("…/sopdeck/x.db"): paths. */
int draw_str_tail(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr);
/* printf into draw_text. */
int draw_textf(WINDOW *win, int y, int x, int cols, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Blank cols cells from (y, x) with attr. */
void draw_fill(WINDOW *win, int y, int x, int cols, attr_t attr);
/* Blank a whole area. */
void draw_clear(WINDOW *win, const struct rect *r, attr_t attr);
/* A frame around r with title on the top edge; returns the inner area. */
struct rect draw_box(WINDOW *win, const struct rect *r, const char *title, attr_t attr);
/* A progress bar of cols cells: done of total filled. */
void draw_bar(WINDOW *win, int y, int x, int cols, size_t done, size_t total);
/* Centre an area of h x w inside r (clamped to r). */
struct rect rect_centre(const struct rect *r, int h, int w);

#endif
