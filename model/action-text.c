/* The one text of an action: scheduled content's body, else the filled template, else the title. */
#include <stdio.h>
#include <stdlib.h>

#include "action-text.h"
#include "checklist.h"
#include "content.h"
#include "dates.h"
#include "group.h"
#include "playbook.h"
#include "template.h"
#include "util.h"

/* body filled as action a's template for group g on day. */
static char *action_text_fill(const struct playbook *pb, const struct pb_action *a,
			      const char *body, const struct group *g, int day, const char *node,
			      int node_days, const char *operator, bool strict)
{
	char date_cn[16], date_iso[11], days[16], at[6] = "";
	template_date_cn(day, date_cn);
	date_format(day, date_iso);
	if (a->at >= 0)
		time_format_hhmm(a->at, at);
	snprintf(days, sizeof days, "%d", node_days);
	const struct pb_stage *st = playbook_stage_for_age(pb, group_age(g, day));
	const struct template_var vars[] = {
		{"group", g->name},
		{"date", date_cn},
		{"date_iso", date_iso},
		{"weekday", template_weekday_cn(day)},
		{"node", node},
		{"days", node ? days : NULL},
		{"owner", g->owner},
		{"positioning", g->positioning},
		{"stage", st ? st->name : NULL},
		{"operator", operator},
		{"title", a->title},
		{"time", a->at >= 0 ? at : NULL},
	};
	return strict ? template_fill(body, vars, ARRAY_LEN(vars))
		      : template_fill_clean(body, vars, ARRAY_LEN(vars));
}

char *action_text_template(const struct playbook *pb, const struct pb_action *a,
			   const struct group *g, int day, const char *node, int node_days,
			   const char *operator, bool strict)
{
	const struct pb_template *t = a->template_key ? playbook_template(pb, a->template_key)
						      : NULL;
	return t ? action_text_fill(pb, a, t->body, g, day, node, node_days, operator, strict)
		 : NULL;
}

/* A body imported from a CRLF sheet keeps its CRs; a chat message wants plain line ends. */
static char *plain_lines(const char *s)
{
	char *out = xstrdup(s), *w = out;
	for (const char *p = s; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*w++ = *p;
	*w = '\0';
	return out;
}

int action_text_item(struct db *db, const struct checklist *cl, const struct checklist_item *it,
		     const char *operator, struct action_text *out, char **cause)
{
	*out = (struct action_text){0};
	out->has_slot = it->has_slot;
	out->slot_status = it->slot_status;
	if (it->ab_copy) {
		/* An A/B test of this action's copy runs today: the day's arm is what gets
		   posted, whatever else is scheduled, or the test would measure that. */
		out->text = action_text_fill(checklist_playbook(cl, it->group), it->action,
					     it->ab_copy, &cl->groups[it->group], cl->day, it->node,
					     it->node_days, operator, false);
		out->source = ACTION_TEXT_TEMPLATE;
	}
	if (it->has_slot && it->slot_content_id && it->slot_body) {
		/* today_load_bodies loaded the body with every other item's. */
		out->content_title = xstrdup(it->slot_label ? it->slot_label : "");
		out->content_form = xstrdup(it->slot_form ? it->slot_form : "");
		if (*it->slot_body && !out->text) {
			out->text = plain_lines(it->slot_body);
			out->source = ACTION_TEXT_CONTENT;
		}
	} else if (it->has_slot && it->slot_content_id) {
		struct content_item c;
		if (content_require(db, it->slot_content_id, &c, cause) < 0)
			return -1;
		out->content_title = xstrdup(c.title);
		out->content_form = xstrdup(c.form);
		if (c.body && *c.body && !out->text) {
			out->text = plain_lines(c.body);
			out->source = ACTION_TEXT_CONTENT;
		}
		content_item_clear(&c);
	} else {
		out->content_title = xstrdup(it->has_slot ? it->slot_label : "");
		out->content_form = xstrdup("");
	}
	if (!out->text) {
		/* The template comes from the group's own playbook (issue 11). */
		const struct playbook *pb = checklist_playbook(cl, it->group);
		out->text = action_text_template(pb, it->action, &cl->groups[it->group], cl->day,
						 it->node, it->node_days, operator, false);
		out->source = ACTION_TEXT_TEMPLATE;
	}
	if (!out->text) {
		out->text = xstrdup(it->action->title);
		out->source = ACTION_TEXT_TITLE;
	}
	return 0;
}

void action_text_clear(struct action_text *t)
{
	free(t->text);
	free(t->content_title);
	free(t->content_form);
	*t = (struct action_text){0};
}

const char *action_text_source_key(enum action_text_source s)
{
	switch (s) {
	case ACTION_TEXT_CONTENT: return "content";
	case ACTION_TEXT_TEMPLATE: return "template";
	default: return "title";
	}
}
