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
	(void)pb, (void)age_days;
	return NULL;
}
