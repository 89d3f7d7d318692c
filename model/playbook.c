/* Placeholder: the playbook loader is being written (issue 2). */
#include <stdlib.h>

#include "assets.h"
#include "playbook.h"
#include "util.h"

int playbook_parse(const char *text, size_t len, const char *filename, struct playbook **out,
		   char **cause)
{
	(void)text, (void)len, (void)out;
	return set_cause(cause, "%s: playbook loader not built yet", filename);
}
void playbook_free(struct playbook *pb) { free(pb); }
const char *playbook_builtin_text(size_t *len)
{
	const struct asset *a = asset_find("playbook.yaml");
	*len = a->len;
	return a->data;
}
int playbook_store(struct db *db, struct playbook *pb, const char *yaml_text, const char *source,
		   const char *operator, char **cause)
{
	(void)db, (void)pb, (void)yaml_text, (void)source, (void)operator;
	return set_cause(cause, "not built yet");
}
int playbook_load_active(struct db *db, struct playbook **out, char **cause)
{
	(void)db, (void)out;
	return set_cause(cause, "not built yet");
}
const struct pb_stage *playbook_stage_for_age(const struct playbook *pb, int age_days)
{
	for (size_t i = 0; i < pb->n_stages; i++)
		if (age_days >= pb->stages[i].from_day &&
		    (pb->stages[i].to_day < 0 || age_days < pb->stages[i].to_day))
			return &pb->stages[i];
	return NULL;
}

/* Temporary lookups so the checklist builds until the loader lands (branch pb replaces this). */
#include <string.h>
#include "dates.h"
const struct pb_node *playbook_node(const struct playbook *pb, const char *name)
{
	for (size_t i = 0; i < pb->n_nodes; i++)
		if (strcmp(pb->nodes[i].name, name) == 0)
			return &pb->nodes[i];
	return NULL;
}
const struct pb_action *playbook_action(const struct playbook *pb, const char *id)
{
	for (size_t i = 0; i < pb->n_actions; i++)
		if (strcmp(pb->actions[i].id, id) == 0)
			return &pb->actions[i];
	return NULL;
}
int playbook_node_next(const struct pb_node *node, int from)
{
	for (int day = from; day < from + 800; day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		if ((node->month == m && node->day == d) || node->monthly_day == d)
			return day;
		for (size_t i = 0; i < node->n_dates; i++)
			if (node->dates[i] == day)
				return day;
	}
	return DATE_INVALID;
}
/* Temporary lookups for the console until the loader lands (branch pb replaces this). */
const struct pb_template *playbook_template(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_templates; i++)
		if (strcmp(pb->templates[i].key, key) == 0)
			return &pb->templates[i];
	return NULL;
}
const struct pb_category *playbook_category(const struct playbook *pb, const char *key_or_name)
{
	for (size_t i = 0; i < pb->n_categories; i++)
		if (strcmp(pb->categories[i].key, key_or_name) == 0 ||
		    strcmp(pb->categories[i].name, key_or_name) == 0)
			return &pb->categories[i];
	return NULL;
}
