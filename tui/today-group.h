/*
 * The group form (issue 11: the group lifecycle in the console), shared by the
 * Today tab (`e` on a row) and the Groups tab (`e` and its direct keys): owner,
 * name, type and playbook are edited with the one line editor, archive and
 * delete asked with y, a group with history deleted only with P (purge), an
 * archived group brought back. Each change is the model's (group_change,
 * group_set_archived, group_delete), audited as on the command line, and
 * reported once (today_group_take) so a view can offer undo.
 */
#ifndef SOPDECK_TUI_TODAY_GROUP_H
#define SOPDECK_TUI_TODAY_GROUP_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

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
	TG_PURGE,      /* delete asked of a group with history: P purges, a archives */
	TG_UNARCHIVE,  /* only in a change record: brought back */
};

/* A change the form made: field is TG_OWNER..TG_PLAYBOOK, TG_ARCHIVE or TG_UNARCHIVE
   (TG_DELETE: gone, nothing to take back). */
struct today_group_change {
	enum today_group_step field;
	char *group;           /* the group's name after the change */
	char *before, *after;  /* the field's values (type as its Chinese word); NULL: archive */
};

struct today_group {
	enum today_group_step step;
	int64_t id;
	char *name;            /* the group being changed */
	char *owner, *type, *playbook;  /* its values, to start each field from */
	bool archived;         /* a: bring it back instead */
	struct group_history history;  /* TG_PURGE: what a purge deletes */
	struct widget_input in;
	const char *start;     /* the field's value when it opened (one of the above) */
	bool ask_discard;      /* Esc on a changed field: "discard changes? y/n" */
	struct today_group_change done;  /* the last change, until taken (field TG_CLOSED) */
};

void today_group_init(struct today_group *f);
void today_group_free(struct today_group *f);
/* Open the menu for g; playbook is the one it runs on ("" when it names none). */
void today_group_open(struct today_group *f, const struct group *g, const char *playbook);
/*
 * Keys while the form is open (it takes them all); VIEW_* flags. Opened, a menu
 * key (o n t p a D) goes straight to that change.
 */
int today_group_key(struct today_group *f, struct app *app, int key);
/* The form's line at row y (the tab's last row). */
void today_group_draw(struct today_group *f, WINDOW *win, int y, int x, int cols);
/* The change the form last made, once: true and *out filled (the caller frees it with
   today_group_change_clear), false when none since the last take. */
bool today_group_take(struct today_group *f, struct today_group_change *out);
void today_group_change_clear(struct today_group_change *c);

#endif
