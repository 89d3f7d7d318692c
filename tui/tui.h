/* The console: the only entry point the command line calls into tui/. */
#ifndef SOPDECK_TUI_H
#define SOPDECK_TUI_H

#include <stdbool.h>

struct config;
struct db;

/* What the console takes from the command line and the config file. */
struct tui_options {
	bool mouse;                   /* clicks and the wheel (off: --no-mouse, `mouse: false`) */
	const struct config *config;  /* theme, week_start, default_view, keys; may be NULL */
};

/* Run the console until the operator quits; returns an exit status. */
int tui_run(struct db *db, int today, const char *operator, const struct tui_options *opt);

/*
 * Before the console opens its database: the heap in huge pages from there on, so
 * that opening it (SQLite's schema) faults no 4 KiB pages either. tui_run does it
 * when this was not called.
 */
void tui_prepare(void);

/* If LC_CTYPE is not UTF-8, switch it to C.UTF-8 when available: widths need it. */
void tui_ensure_utf8_ctype(void);

#endif
