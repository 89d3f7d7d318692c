/* Placeholder: the checklist is being written (issue 2). */
#include "checklist.h"
#include "util.h"

int checklist_build(struct db *db, const struct playbook *pb, int day, const char *group_name,
		    struct checklist *out, char **cause)
{
	(void)db, (void)pb, (void)day, (void)group_name, (void)out;
	return set_cause(cause, "not built yet");
}
void checklist_free(struct checklist *cl) { (void)cl; }
void checklist_progress(const struct checklist *cl, size_t group, size_t *done, size_t *total)
{
	(void)cl, (void)group;
	*done = *total = 0;
}
int checklist_tick(struct db *db, int64_t group_id, const char *action_id, int day,
		   const char *operator, char **cause)
{
	(void)db, (void)group_id, (void)action_id, (void)day, (void)operator;
	return set_cause(cause, "not built yet");
}
int checklist_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		     const char *operator, char **cause)
{
	(void)db, (void)group_id, (void)action_id, (void)day, (void)operator;
	return set_cause(cause, "not built yet");
}
int checklist_parse_id(const char *id, int64_t *group_id, char **action_id, char **cause)
{
	(void)group_id, (void)action_id;
	return set_cause(cause, "%s: not built yet", id);
}
