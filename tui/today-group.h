/*
 * The Today tab's group form (issue 11: the group lifecycle in the console):
 * `e` on a row opens it for that row's group; owner, name, type and playbook
 * are edited with the one line editor, archive and delete asked with y. Each
 * change is the model's (group_change, group_set_archived, group_delete),
 * audited as on the command line.
 */
#ifndef SOPDECK_TUI_TODAY_GROUP_H
#define SOPDECK_TUI_TODAY_GROUP_H

#include <curses.h>
#include <stdbool.h>

#include "group.h"
#include "view.h"
#include "widget.h"

/* Where the form is: closed, the menu of changes, one field, or a question. */
enum today_group_step {
	TG_CLOSED,
	TG_MENU,
	TG_OWNER,
	TG_NAME,
	TG_TYPE,
	TG_PLAYBOOK,
	TG_ARCHIVE,
	TG_DELETE,
};

struct today_group {
	enum today_group_step step;
	char *name;            /* the group being changed */
	char *owner, *type, *playbook;  /* its values, to start each field from */
	struct widget_input in;
};

void today_group_init(struct today_group *f);
void today_group_free(struct today_group *f);
/* Open the menu for g; playbook is the one it runs on ("" when it names none). */
void today_group_open(struct today_group *f, const struct group *g, const char *playbook);
/* Keys while the form is open (it takes them all); VIEW_* flags. */
int today_group_key(struct today_group *f, struct app *app, int key);
/* The form's line at row y (the tab's last row). */
void today_group_draw(struct today_group *f, WINDOW *win, int y, int x, int cols);

#endif
