/*
 * The playbook in memory: freeing, lookups and node dates. Parsing is in
 * playbook-parse.c, the database side in playbook-store.c.
 */
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "dates.h"
#include "formula.h"
#include "group.h"
#include "i18n.h"
#include "lunar.h"
#include "playbook.h"
#include "util.h"

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void playbook_free(struct playbook *pb)
{
	if (!pb)
		return;
	free(pb->name);
	free(pb->version);
	free(pb->note);
	for (size_t i = 0; i < pb->n_categories; i++) {
		free(pb->categories[i].key);
		free(pb->categories[i].name);
	}
	free(pb->categories);
	for (size_t i = 0; i < pb->n_counters; i++) {
		free(pb->counters[i].key);
		free_strv(pb->counters[i].aliases, pb->counters[i].n_aliases);
	}
	free(pb->counters);
	for (size_t i = 0; i < pb->n_metrics; i++) {
		struct pb_metric *m = &pb->metrics[i];
		free(m->key);
		free(m->name);
		free(m->formula_text);
		free(m->advice);
		free(m->name_en);
		free(m->advice_en);
		formula_free(m->formula);
	}
	free(pb->metrics);
	for (size_t i = 0; i < pb->n_stages; i++) {
		free(pb->stages[i].key);
		free(pb->stages[i].name);
		free(pb->stages[i].name_en);
		free_strv(pb->stages[i].metrics, pb->stages[i].n_metrics);
	}
	free(pb->stages);
	for (size_t i = 0; i < pb->n_actions; i++) {
		struct pb_action *a = &pb->actions[i];
		free(a->id);
		free(a->title);
		free(a->title_en);
		free(a->category);
		free(a->template_key);
		free(a->before_node);
		free_strv(a->stages, a->n_stages);
	}
	free(pb->actions);
	for (size_t i = 0; i < pb->n_nodes; i++) {
		free(pb->nodes[i].name);
		free(pb->nodes[i].dates);
	}
	free(pb->nodes);
	for (size_t i = 0; i < pb->n_templates; i++) {
		free(pb->templates[i].key);
		free(pb->templates[i].body);
	}
	free(pb->templates);
	free(pb);
}

const char *playbook_builtin_text(size_t *len)
{
	const struct asset *a = asset_find("playbook.yaml");
	*len = a->len;
	return a->data;
}

const char *metric_unit_name(enum metric_unit u)
{
	switch (u) {
	case UNIT_PERCENT: return "percent";
	case UNIT_CURRENCY: return "currency";
	case UNIT_COUNT: return "count";
	case UNIT_RATIO: return "ratio";
	}
	return "ratio";
}

/* Stages are [from_day, to_day) of the group's age; the first that holds it wins. */
const struct pb_stage *playbook_stage_for_age(const struct playbook *pb, int age_days)
{
	if (age_days < 0)
		return NULL;
	for (size_t i = 0; i < pb->n_stages; i++) {
		const struct pb_stage *s = &pb->stages[i];
		if (age_days >= s->from_day && (s->to_day < 0 || age_days < s->to_day))
			return s;
	}
	return NULL;
}

/* The interface's language decides: name_en in English when the playbook gives one. */
const char *playbook_stage_name(const struct pb_stage *st, const char *none)
{
	return st ? i18n_title(st->name, st->name_en) : none;
}

const struct pb_stage *playbook_stage(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_stages; i++)
		if (pb->stages[i].key && !strcmp(pb->stages[i].key, key))
			return &pb->stages[i];
	return NULL;
}

const struct pb_metric *playbook_metric(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_metrics; i++)
		if (pb->metrics[i].key && !strcmp(pb->metrics[i].key, key))
			return &pb->metrics[i];
	return NULL;
}

const struct pb_counter *playbook_counter(const struct playbook *pb, const char *key_or_alias)
{
	for (size_t i = 0; i < pb->n_counters; i++) {
		const struct pb_counter *c = &pb->counters[i];
		if (c->key && !strcmp(c->key, key_or_alias))
			return c;
		for (size_t a = 0; a < c->n_aliases; a++)
			if (c->aliases[a] && !strcmp(c->aliases[a], key_or_alias))
				return c;
	}
	return NULL;
}

const struct pb_category *playbook_category(const struct playbook *pb, const char *key_or_name)
{
	for (size_t i = 0; i < pb->n_categories; i++) {
		const struct pb_category *c = &pb->categories[i];
		if ((c->key && !strcmp(c->key, key_or_name)) ||
		    (c->name && !strcmp(c->name, key_or_name)))
			return c;
	}
	return NULL;
}

const struct pb_template *playbook_template(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_templates; i++)
		if (pb->templates[i].key && !strcmp(pb->templates[i].key, key))
			return &pb->templates[i];
	return NULL;
}

const struct pb_node *playbook_node(const struct playbook *pb, const char *name)
{
	for (size_t i = 0; i < pb->n_nodes; i++)
		if (pb->nodes[i].name && !strcmp(pb->nodes[i].name, name))
			return &pb->nodes[i];
	return NULL;
}

const struct pb_action *playbook_action(const struct playbook *pb, const char *id)
{
	for (size_t i = 0; i < pb->n_actions; i++)
		if (pb->actions[i].id && !strcmp(pb->actions[i].id, id))
			return &pb->actions[i];
	return NULL;
}

/*
 * The first day >= from on which the node falls. Yearly dates look up to 8
 * years ahead so that a 02-29 node finds the next leap year; monthly nodes on
 * a day the month lacks (31 in April, 30 in February) fall on the month's last
 * day instead; nodes with a `dates:` list only have their listed dates; lunar
 * nodes fall on their lunar date (plus offset) of any year.
 */
static int node_next(const struct pb_node *node, int from)
{
	if (node->lunar_month > 0)
		return lunar_next(node->lunar_month, node->lunar_day, node->offset, from);
	if (node->n_dates) {
		for (size_t i = 0; i < node->n_dates; i++)
			if (node->dates[i] >= from)
				return node->dates[i];
		return DATE_INVALID;
	}
	int y, m, d;
	date_to_ymd(from, &y, &m, &d);
	if (node->monthly_day > 0) {
		for (int k = 0; k < 2; k++) {
			int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1;
			int dim = date_days_in_month(yy, mm);
			int day = date_from_ymd(yy, mm, node->monthly_day < dim ? node->monthly_day
										: dim);
			if (day >= from)
				return day;
		}
		return DATE_INVALID;
	}
	if (node->month > 0) {
		for (int yy = y; yy <= y + 8; yy++) {
			if (!date_valid_ymd(yy, node->month, node->day))
				continue;
			int day = date_from_ymd(yy, node->month, node->day);
			if (day >= from)
				return day;
		}
	}
	return DATE_INVALID;
}

/*
 * node_next's answers for nodes computed from their rule (lunar, monthly,
 * yearly), keyed by the rule's values and the day: the due rule asks the same
 * node about the same days for every group and action (a week of 500 groups:
 * 57,000 questions, a few hundred distinct). A `dates:` list is read as is.
 */
struct node_memo {
	int lunar_month, lunar_day, offset, monthly_day, month, day, from, next;
	bool used;
};
#define NODE_MEMO_SIZE 1024
/* On the heap, made on the first question: as a static array its 36 KiB were 8 page
   faults of the binary's zeroed data (14 us each on this kind of VM), not one. */
static struct node_memo *node_memo;

int playbook_node_next(const struct pb_node *node, int from)
{
	if (from == DATE_INVALID)
		return DATE_INVALID;
	if (node->lunar_month <= 0 && node->n_dates)
		return node_next(node, from);
	unsigned h = (unsigned)from * 2654435761u;
	h ^= (unsigned)(node->lunar_month * 31 + node->lunar_day) * 40503u;
	h ^= (unsigned)(node->offset * 7 + node->monthly_day * 131 + node->month * 37 + node->day) *
	     2246822519u;
	if (!node_memo)
		node_memo = xcalloc(NODE_MEMO_SIZE, sizeof *node_memo);
	struct node_memo *e = &node_memo[(h >> 7) % NODE_MEMO_SIZE];
	if (e->used && e->from == from && e->lunar_month == node->lunar_month &&
	    e->lunar_day == node->lunar_day && e->offset == node->offset &&
	    e->monthly_day == node->monthly_day && e->month == node->month && e->day == node->day)
		return e->next;
	*e = (struct node_memo){node->lunar_month, node->lunar_day, node->offset,
				node->monthly_day, node->month, node->day, from,
				node_next(node, from), true};
	return e->next;
}

/* Does the action's stage filter let a group of this age through? */
static bool stage_matches(const struct playbook *pb, const struct pb_action *a, int age)
{
	if (a->n_stages == 0)
		return true;
	const struct pb_stage *st = playbook_stage_for_age(pb, age);
	if (!st)
		return false;
	for (size_t i = 0; i < a->n_stages; i++)
		if (strcmp(a->stages[i], st->key) == 0)
			return true;
	return false;
}

/* Does the recurrence rule (every: ...) fall on day? */
static bool every_matches(const struct pb_action *a, int day)
{
	if (a->every == EVERY_NONE)
		return true;
	if (a->every == EVERY_WEEKDAYS)
		return (a->weekdays >> date_weekday(day)) & 1u;
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	switch (a->every) {
	case EVERY_NONE:
	case EVERY_WEEKDAYS:
		return false; /* answered above */
	case EVERY_MONTH_START:
		return d == 1;
	case EVERY_MONTH_END:
		return d == date_days_in_month(y, m);
	case EVERY_MONTH_DAY: {
		int last = date_days_in_month(y, m);
		return d == (a->month_day < last ? a->month_day : last);
	}
	}
	return false;
}

/* Is day one of the action's countdown days before its node? Sets *left to the days left. */
static bool node_matches(const struct playbook *pb, const struct pb_action *a, int day,
			 int *left)
{
	const struct pb_node *node = playbook_node(pb, a->before_node);
	if (!node)
		return false;
	bool due = false;
	for (size_t i = 0; i < a->n_days_before; i++) {
		int k = a->days_before[i];
		if (k < 0 || playbook_node_next(node, day + k) != day + k)
			continue;
		if (!due || k < *left)
			*left = k;
		due = true;
	}
	return due;
}

bool playbook_action_due_day(const struct playbook *pb, const struct pb_action *a, int day,
			     int *node_days)
{
	/* An action with no rule at all is never due (the loader should not allow it). */
	if (a->every == EVERY_NONE && a->group_day <= 0 && !a->before_node)
		return false;
	/* Each rule the action has must hold. */
	if (!every_matches(a, day))
		return false;
	if (a->before_node) {
		int left = 0;
		if (!node_matches(pb, a, day, &left))
			return false;
		if (node_days)
			*node_days = left;
	}
	return true;
}

bool playbook_action_due_group(const struct playbook *pb, const struct pb_action *a,
			       const struct group *g, int day)
{
	/* Not before the group exists (nor for a group whose date is unreadable). */
	if (g->created == DATE_INVALID || day < g->created)
		return false;
	int age = group_age(g, day);
	if (a->group_types && !((a->group_types >> g->type) & 1u))
		return false;
	if (!stage_matches(pb, a, age))
		return false;
	return a->group_day <= 0 || age + 1 == a->group_day;
}

bool playbook_action_due(const struct playbook *pb, const struct pb_action *a,
			 const struct group *g, int day, int *node_days)
{
	return playbook_action_due_group(pb, a, g, day) &&
	       playbook_action_due_day(pb, a, day, node_days);
}
