/*
 * Every playbook a workspace holds, loaded once for a screen or a command, so
 * that each group runs on its own (issue 11: one playbook per business line)
 * without a load per group: the number of loads grows with the playbooks
 * (a handful), never with the groups.
 */
#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "playbook.h"
#include "util.h"

int playbook_set_load(struct db *db, struct playbook_set **out, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT name FROM playbook_version GROUP BY name "
					 "ORDER BY max(id) DESC", cause);
	if (!st)
		return -1;
	char **names = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(db_col_text(st, 0));
	}
	sqlite3_reset(st);
	struct playbook_set *set = xcalloc(1, sizeof *set);
	int result = 0;
	if (rc != SQLITE_DONE)
		result = db_fail(db, _("listing the playbooks"), cause);
	char *dflt = NULL;
	if (result == 0 && n == 0)
		result = set_cause(cause, _("%s: no playbook stored; import one with 'sopdeck "
					    "import playbook FILE'"), db_path(db));
	if (result == 0)
		result = playbook_default_name(db, &dflt, cause);
	set->pbs = xcalloc(n ? n : 1, sizeof *set->pbs);
	for (size_t i = 0; result == 0 && i < n; i++) {
		result = playbook_load_named(db, names[i], &set->pbs[i], cause);
		if (result == 0) {
			set->n++;
			if (strcmp(names[i], dflt) == 0)
				set->fallback = set->pbs[i];
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dflt);
	if (result == 0 && !set->fallback)
		result = set_cause(cause, _("the default playbook could not be found"));
	if (result < 0) {
		playbook_set_free(set);
		return -1;
	}
	*out = set;
	return 0;
}

struct playbook *playbook_set_named(const struct playbook_set *set, const char *name)
{
	if (!name || !*name)
		return set->fallback;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->pbs[i]->name, name) == 0)
			return set->pbs[i];
	return NULL;
}

struct playbook *playbook_set_for(const struct playbook_set *set, const struct group *g)
{
	/* A group naming a playbook that is gone runs on the default, as a new group would. */
	struct playbook *pb = playbook_set_named(set, g ? g->playbook : NULL);
	return pb ? pb : set->fallback;
}

void playbook_set_free(struct playbook_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		playbook_free(set->pbs[i]);
	free(set->pbs);
	free(set);
}
