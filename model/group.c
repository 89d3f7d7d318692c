/* Placeholder: groups are being written (issue 2). */
#include "group.h"
#include "util.h"

int group_import_file(struct db *db, const char *path, const char *operator, size_t *count,
		      char **cause)
{
	(void)db, (void)operator, (void)count;
	return set_cause(cause, "%s: not built yet", path);
}
int group_age(const struct group *g, int today) { return today - g->created; }
const char *group_platform_key(enum group_platform p) { return p ? "wechat" : "wecom"; }
const char *group_type_key(enum group_type t) { (void)t; return "promotion"; }
