/*
 * `sopdeck complete WHAT`: names for the bash and zsh completion scripts, one a
 * line, read from the command table or the database so the scripts cannot drift.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklist.h"
#include "cli.h"
#include "commands.h"
#include "content.h"
#include "db.h"
#include "group.h"
#include "i18n.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

/* One name on its own line: sanitised, so a hostile name cannot break the shell's list. */
static void complete_put(const char *name)
{
	if (!name || !*name)
		return;
	char *safe = text_sanitize(name, false);
	puts(safe);
	free(safe);
}

/* Every option, or (valued) only those that take a value: the shell then completes that. */
static void complete_options(const struct cmd_option *o, bool valued, bool sub)
{
	for (; o && o->name; o++)
		if ((!valued || o->arg) && !(sub && strcmp(o->name, "--version") == 0))
			complete_put(o->name);
}

static int complete_groups(struct cli *cli, struct db *db, char **cause)
{
	struct group *g;
	size_t n;
	if (group_list(db, &g, &n, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		complete_put(g[i].name);
	group_list_free(g, n);
	return 0;
}

static int complete_tags(struct cli *cli, struct db *db, char **cause)
{
	struct content_filter f;
	content_filter_init(&f);
	struct content_facet *t;
	size_t n;
	if (content_facet_tags(db, &f, 0, &t, &n, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		complete_put(t[i].value);
	content_facets_free(t, n);
	return 0;
}

/* Every playbook name ever imported, once each, newest first. */
static int complete_playbooks(struct cli *cli, struct db *db, char **cause)
{
	struct pb_version_info *v;
	size_t n;
	if (playbook_versions(db, &v, &n, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = v[k].name && v[i].name && strcmp(v[k].name, v[i].name) == 0;
		if (!seen)
			complete_put(v[i].name);
	}
	playbook_versions_free(v, n);
	return 0;
}

/* Was action id already offered: is it in the default or an earlier playbook of set? */
static bool action_offered(const struct playbook_set *set, size_t upto, const char *id)
{
	if (set->fallback != set->pbs[upto] && playbook_action(set->fallback, id))
		return true;
	for (size_t k = 0; k < upto; k++)
		if (set->pbs[k] != set->fallback && playbook_action(set->pbs[k], id))
			return true;
	return false;
}

/* Every playbook's action ids (groups run on different ones), the default's first, once each. */
static int complete_actions(struct cli *cli, struct db *db, char **cause)
{
	struct playbook_set *set;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	for (size_t i = 0; i < set->fallback->n_actions; i++)
		complete_put(set->fallback->actions[i].id);
	for (size_t p = 0; p < set->n; p++) {
		if (set->pbs[p] == set->fallback)
			continue;
		for (size_t i = 0; i < set->pbs[p]->n_actions; i++)
			if (!action_offered(set, p, set->pbs[p]->actions[i].id))
				complete_put(set->pbs[p]->actions[i].id);
	}
	playbook_set_free(set);
	return 0;
}

/* The day's checklist as `tick` takes it: GROUP-NAME:ACTION, in the list's order. */
static int complete_items(struct cli *cli, struct db *db, char **cause)
{
	struct playbook_set *set;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	struct checklist cl;
	int rc = checklist_build(db, set, cli->today, NULL, &cl, cause);
	if (rc == 0) {
		for (size_t i = 0; i < cl.n_items; i++) {
			char *id = xasprintf("%s:%s", cl.groups[cl.items[i].group].name,
					     cl.items[i].action->id);
			complete_put(id);
			free(id);
		}
		checklist_free(&cl);
	}
	playbook_set_free(set);
	return rc;
}

static const struct {
	const char *what;
	int (*list)(struct cli *, struct db *, char **);
} completers[] = {
	{"groups", complete_groups},
	{"tags", complete_tags},
	{"playbooks", complete_playbooks},
	{"actions", complete_actions},
	{"items", complete_items},
};

int cmd_complete(struct cli *cli)
{
	if (cli->argc < 2)
		return cli_usage("complete", _("expected: complete commands|options [COMMAND]|"
					       "valued [COMMAND]|words COMMAND|groups|tags|playbooks|"
					       "actions|items"));
	const char *what = cli->argv[1];
	if (strcmp(what, "commands") == 0) {
		for (size_t i = 0; i < cmd_table_len; i++)
			if (!(cmd_table[i].flags & CMD_HIDDEN))
				complete_put(cmd_table[i].name);
		return EXIT_OK;
	}
	bool valued = strcmp(what, "valued") == 0;
	if (strcmp(what, "options") == 0 || valued || strcmp(what, "words") == 0) {
		if (cli->argc < 3) {
			if (what[0] != 'w')
				complete_options(cmd_global_options, valued, false);
			return EXIT_OK;
		}
		const struct cmd_entry *e = cmd_find(cli->argv[2]);
		if (!e)
			return EXIT_OK;  /* nothing to offer for what is not a command */
		if (what[0] != 'w') {
			complete_options(e->options, valued, true);
			complete_options(cmd_global_options, valued, true);
		} else {
			for (const char *w = e->words; w && *w;) {
				size_t len = strcspn(w, " ");
				printf("%.*s\n", (int)len, w);
				w += len + (w[len] == ' ');
			}
		}
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(completers); i++) {
		if (strcmp(what, completers[i].what) != 0)
			continue;
		/* Completing must never create a database where there was none. */
		if (access(cli->db_path, F_OK) != 0)
			return EXIT_OK;
		struct db *db = cli_open_db(cli);
		if (!db)
			return EXIT_FAIL;
		char *cause = NULL;
		int rc = completers[i].list(cli, db, &cause) < 0 ? cli_fail(cause) : EXIT_OK;
		free(cause);
		db_close(db);
		return rc;
	}
	return cli_unknown("complete", what);
}
