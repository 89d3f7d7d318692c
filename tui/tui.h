/* The console: the only entry point the command line calls into tui/. */
#ifndef SOPDECK_TUI_H
#define SOPDECK_TUI_H

struct db;

/* Run the console until the operator quits; returns an exit status. */
int tui_run(struct db *db, int today, const char *operator);

/* If LC_CTYPE is not UTF-8, switch it to C.UTF-8 when available: widths need it. */
void tui_ensure_utf8_ctype(void);

#endif
