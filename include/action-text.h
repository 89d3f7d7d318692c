/*
 * The one text of an action (what the operator copies and posts): the body of
 * the content scheduled for it, else its template filled in, else its title.
 * The Today tab shows and copies it; `today --json` carries it as "text".
 */
#ifndef SOPDECK_ACTION_TEXT_H
#define SOPDECK_ACTION_TEXT_H

#include <stdbool.h>

struct db;
struct playbook;
struct pb_action;
struct group;
struct checklist;
struct checklist_item;

enum action_text_source { ACTION_TEXT_CONTENT, ACTION_TEXT_TEMPLATE, ACTION_TEXT_TITLE };

/*
 * a's template filled in for group g on day (node and node_days when due
 * through a countdown, else NULL), or NULL when a has no template. strict
 * keeps an empty placeholder without a default as written (what the playbook
 * loader guards against: tests look for it); otherwise it is written as nothing.
 */
char *action_text_template(const struct playbook *pb, const struct pb_action *a,
			   const struct group *g, int day, const char *node, int node_days,
			   const char *operator, bool strict);

struct action_text {
	char *text;                      /* what gets posted */
	enum action_text_source source;
	bool has_slot;                   /* the calendar has a filled slot for the action */
	char *content_title;             /* the content's title or the placeholder topic, or "" */
	char *content_form;              /* the content's form key, or "" */
	int slot_status;                 /* enum slot_status when has_slot */
};

/*
 * The text of checklist item it of cl (reads the scheduled content's body; the
 * template is that of the item's group's own playbook).
 */
int action_text_item(struct db *db, const struct checklist *cl, const struct checklist_item *it,
		     const char *operator, struct action_text *out, char **cause);
void action_text_clear(struct action_text *t);
/* "content" | "template" | "title". */
const char *action_text_source_key(enum action_text_source s);

#endif
