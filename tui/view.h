/*
 * The console's views (tabs) and what they share with the main loop (app.c).
 *
 * A view is one file, tui/view-<noun>.c, exporting one `const struct view_ops`;
 * everything else in the file is static. Only app.c calls through view_ops.
 * A view never refreshes the terminal or reads keys itself: its key handler
 * returns VIEW_* flags and app.c acts on them (redraw, mark every view stale,
 * quit). Only the visible view loads: app.c calls load() just before drawing
 * a view that is stale or whose area changed; draw() never reads the database.
 * Every string is drawn through draw.h (sanitised, cut by display columns).
 */
#ifndef SOPDECK_TUI_VIEW_H
#define SOPDECK_TUI_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* What a key handler (or tick) wants to happen next; combine with |. */
enum view_flags {
	VIEW_IGNORED = 0,       /* not mine: app.c tries its global keys */
	VIEW_HANDLED = 1 << 0,  /* consumed */
	VIEW_REDRAW = 1 << 1,   /* draw again (app.c redraws after every handled key anyway) */
	VIEW_RELOAD = 1 << 2,   /* data changed: every view is stale, the visible one loads */
	VIEW_QUIT = 1 << 3,     /* leave the console */
	/* data changed, and the visible view already shows it: every other view is stale */
	VIEW_CHANGED = 1 << 4,
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
	int week_start;         /* the weekday calendars start on: 0 Monday, 6 Sunday (config) */
	/* Set by a load that loaded the first screen only: app.c draws it, then loads again
	   at once, before reading a key. */
	bool load_again;
	/* Set by a key that left its write transaction open (a tick): app.c commits it
	   right after the screen showing it is out, before reading the next key. */
	bool commit_after_draw;
};

/* Show a message on the message line (until the next key). */
void app_message(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Show an error on the message line, highlighted. */
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * SOPDECK_DEBUG_LOADS=FILE appends "WHAT prepared=N run=M" for each load (N, M:
 * statements since before), so tests can prove which view loaded and that a
 * cursor move reads nothing it does not show. Nothing without the variable.
 */
void app_debug_load(const struct app *app, const char *what, struct db_stats before);
/*
 * Hand text to the operator's $EDITOR (run through /bin/sh, as git does) on a
 * temporary file, the screen suspended meanwhile; app.c is the only place that
 * suspends or refreshes the screen. On 0 *out is the edited text (final
 * newlines dropped, at most max bytes); on -1 *cause says why.
 */
int app_run_editor(struct app *app, const char *editor, const char *text, size_t max,
		   char **out, char **cause);
/*
 * The minute of the day to judge "overdue" by: the clock when the console shows
 * the real today, 24*60 (all late) for earlier days, -1 (none late) for later days.
 */
int app_now_minute(const struct app *app);

/*
 * Key dispatch (app.c): the help overlay if open; else the current view's key();
 * if that returns VIEW_IGNORED, the global keys (1-5, Tab, S-Tab, ?, ^L, q).
 * So a view may take over any key while it has an overlay open (return
 * VIEW_HANDLED), and must return VIEW_IGNORED for keys it does not use.
 * app.c redraws after every key and tick: draw() must draw all of r each time.
 */
struct view_ops {
	const char *name;                   /* tab title */
	const struct view_key *keys;        /* help table, ended by {NULL, NULL}; may be NULL */

	/* Create the view's state; loads nothing (load() runs when the view is first shown). */
	void *(*init)(struct app *app);
	void (*free)(void *state);
	/*
	 * Load (again) what the view shows in area r, keeping the cursor on the same
	 * item: called by app.c before a draw when the view is stale (never loaded,
	 * a change by any view or by another operator) or r changed size. Only the
	 * visible view is ever loaded; errors go to app_error.
	 */
	void (*load)(void *state, const struct rect *r);
	/* Draw into area r of win (between tab bar and status bar), overlays included.
	   Draws what load() and key() left in the state: never reads the database. */
	void (*draw)(void *state, WINDOW *win, const struct rect *r);
	/* A key from getch (a character or KEY_*); returns enum view_flags. */
	int (*key)(void *state, int key);
	/* About once a second while shown (clock-driven state); enum view_flags. May be NULL. */
	int (*tick)(void *state);
	/*
	 * A mouse click (button 1) at screen row y, column x inside the area last drawn:
	 * select what is there (a row, a cell); enum view_flags, VIEW_IGNORED when nothing
	 * is there or an overlay is open. May be NULL. The wheel comes as ↑ ↓ keys instead.
	 */
	int (*click)(void *state, int y, int x);
};

extern const struct view_ops view_today;
extern const struct view_ops view_calendar;
extern const struct view_ops view_library;
extern const struct view_ops view_kpi;
extern const struct view_ops view_log;
extern const struct view_ops view_review;
extern const struct view_ops view_groups;

#endif
