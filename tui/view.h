/*
 * The console's views (tabs) and what they share with the main loop (app.c).
 *
 * A view is one file, tui/view-<noun>.c, exporting one `const struct view_ops`;
 * everything else in the file is static. Only app.c calls through view_ops.
 * A view never refreshes the terminal or reads keys itself: its key handler
 * returns VIEW_* flags and app.c acts on them (redraw, reload every view, quit).
 * Every string is drawn through draw.h (sanitised, cut by display columns).
 */
#ifndef SOPDECK_TUI_VIEW_H
#define SOPDECK_TUI_VIEW_H

#include <curses.h>
#include <stdbool.h>

struct db;

/* What a key handler (or tick) wants to happen next; combine with |. */
enum view_flags {
	VIEW_IGNORED = 0,       /* not mine: app.c tries its global keys */
	VIEW_HANDLED = 1 << 0,  /* consumed */
	VIEW_REDRAW = 1 << 1,   /* draw again (app.c redraws after every handled key anyway) */
	VIEW_RELOAD = 1 << 2,   /* data changed: app.c calls reload on every view */
	VIEW_QUIT = 1 << 3,     /* leave the console */
};

/* A screen area: top row, left column, height, width. */
struct rect {
	int y, x, h, w;
};

/* One line of the `?` help: the key(s) as shown, and what they do. */
struct view_key {
	const char *keys;
	const char *help;
};

/* What every view may use: the database, the date, the operator, the message line. */
struct app {
	struct db *db;
	int today;              /* the date the console shows (--today or the local date) */
	const char *operator;
};

/* Show a message on the message line (until the next key). */
void app_message(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Show an error on the message line, highlighted. */
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Minute of the day to judge "overdue" by: the clock on the real today, 24*60 for past days, -1 for future days. */
int app_now_minute(const struct app *app);

struct view_ops {
	const char *name;                   /* tab title */
	const struct view_key *keys;        /* help table, ended by {NULL, NULL}; may be NULL */

	/* Create the view's state (load its data); NULL only if it cannot exist at all. */
	void *(*init)(struct app *app);
	void (*free)(void *state);
	/* Draw into area r of win (the body between tab bar and status bar). */
	void (*draw)(void *state, WINDOW *win, const struct rect *r);
	/* A key (from getch: a character or KEY_*); returns enum view_flags. */
	int (*key)(void *state, int key);
	/* The data changed (this or another view, or another operator): load it again. May be NULL. */
	void (*reload)(void *state);
	/* Called about once a second while the view is shown; returns enum view_flags. May be NULL. */
	int (*tick)(void *state);
};

extern const struct view_ops view_today;
extern const struct view_ops view_calendar;
extern const struct view_ops view_library;
extern const struct view_ops view_kpi;

#endif
