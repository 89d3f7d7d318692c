/*
 * sopdeck groups [--all] [--json]: the groups with owner, type, platform, stage,
 * playbook, archived. sopdeck group archive|unarchive|delete NAME and
 * sopdeck group set NAME [--owner O] [--name NEW] [--type T] [--playbook P].
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "group.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

/* Each group's playbook, loaded once per name: a list shows a stage per group. */
struct pb_cache {
	char **names;
	struct playbook **pbs;
	size_t n;
};

/* The playbook g runs on, or NULL if it cannot be loaded (a name since removed). */
static struct playbook *pb_for(struct db *db, struct pb_cache *c, const struct group *g)
{
	const char *name = g->playbook && *g->playbook ? g->playbook : "";
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return c->pbs[i];
	struct playbook *pb = NULL;
	char *cause = NULL;
	if (playbook_load_for_group(db, g, &pb, &cause) < 0)
		pb = NULL;
	free(cause);
	c->names = xrealloc(c->names, (c->n + 1) * sizeof *c->names);
	c->pbs = xrealloc(c->pbs, (c->n + 1) * sizeof *c->pbs);
	c->names[c->n] = xstrdup(name);
	c->pbs[c->n++] = pb;
	return pb;
}

static void pb_cache_free(struct pb_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->names[i]);
		playbook_free(c->pbs[i]);
	}
	free(c->names);
	free(c->pbs);
}

static void print_groups(struct db *db, const struct group *g, size_t n, int today, bool json)
{
	struct pb_cache cache = {0};
	struct json j;
	json_init(&j, stdout);
	if (json) {
		json_array(&j);
	} else if (n == 0) {
		printf(_("no groups: add them with `sopdeck import groups FILE.yaml|FILE.csv`\n"));
	} else {
		out_cell(stdout, "ID", 4, " ");
		out_cell(stdout, _("name"), 20, " ");
		out_cell(stdout, _("owner"), 10, " ");
		out_cell(stdout, _("type"), 14, " ");
		out_cell(stdout, _("platform"), 10, " ");
		out_cell(stdout, _("stage"), i18n_lang() == I18N_EN ? 12 : 8, " ");
		out_cell(stdout, _("playbook"), 20, " ");
		out_cell_end(stdout, _("status"), -1);
	}
	for (size_t i = 0; i < n; i++) {
		struct playbook *pb = pb_for(db, &cache, &g[i]);
		const struct pb_stage *st =
			pb && g[i].created != DATE_INVALID && g[i].created <= today
				? playbook_stage_for_age(pb, group_age(&g[i], today)) : NULL;
		const char *pbname = pb ? pb->name : g[i].playbook;
		char created[11];
		date_format(g[i].created, created);
		if (json) {
			json_object(&j);
			json_key(&j, "id");
			json_int(&j, g[i].id);
			json_key(&j, "name");
			json_text(&j, g[i].name);
			json_key(&j, "owner");
			json_text(&j, g[i].owner);
			json_key(&j, "type");
			json_str(&j, group_type_key(g[i].type));
			json_key(&j, "platform");
			json_str(&j, group_platform_key(g[i].platform));
			json_key(&j, "created");
			json_str(&j, created);
			json_key(&j, "stage");
			json_str(&j, st ? st->key : "");
			/* The playbook it runs on; "playbook_default": it follows the default. */
			json_key(&j, "playbook");
			json_text(&j, pbname);
			json_key(&j, "playbook_default");
			json_bool(&j, !*g[i].playbook);
			json_key(&j, "archived");
			json_bool(&j, g[i].archived);
			json_end(&j);
			continue;
		}
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)g[i].id);
		out_cell(stdout, id, 4, " ");
		out_cell(stdout, g[i].name, 20, " ");
		out_cell(stdout, *g[i].owner ? g[i].owner : "-", 10, " ");
		/* Type and platform as the interface's language words (the keys in English). */
		bool en = i18n_lang() == I18N_EN;
		out_cell(stdout, en ? group_type_key(g[i].type) : group_type_name(g[i].type), 14,
			 " ");
		out_cell(stdout, en ? group_platform_key(g[i].platform)
				    : group_platform_name(g[i].platform), 10, " ");
		/* English stage names are longer than the Chinese three characters. */
		out_cell(stdout, playbook_stage_name(st, "-"), en ? 12 : 8, " ");
		out_cell(stdout, pbname, 20, " ");
		out_cell_end(stdout, g[i].archived ? _("archived") : "", -1);
	}
	if (json)
		json_end(&j);
	pb_cache_free(&cache);
}

int cmd_groups(struct cli *cli)
{
	bool all = false, json = false;
	for (int i = 1; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--all") == 0)
			all = true;
		else if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else
			return cli_usage("groups", _("unexpected argument '%s'"), cli->argv[i]);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	struct group *g = NULL;
	size_t n = 0;
	char *cause = NULL;
	int rc = EXIT_OK;
	if ((all ? group_list_all(db, &g, &n, &cause) : group_list(db, &g, &n, &cause)) < 0)
		rc = cli_fail(cause);
	else
		print_groups(db, g, n, cli->today, json);
	group_list_free(g, n);
	free(cause);
	db_close(db);
	return rc;
}

/* group set NAME [--owner O] [--name NEW] [--type T] [--playbook P]: options into c. */
static int parse_set(struct cli *cli, struct group_change *c)
{
	static const char *const opts[] = {"--owner", "--name", "--type", "--playbook"};
	const char **dst[] = {&c->owner, &c->name, &c->type, &c->playbook};
	for (int i = 3; i < cli->argc; i++) {
		int r = 0;
		for (size_t k = 0; k < ARRAY_LEN(opts) && r == 0; k++) {
			r = cli_opt_value(cli->argc, cli->argv, &i, opts[k], dst[k]);
			if (r < 0)
				return cli_usage("group set", _("%s needs a value"), opts[k]);
		}
		if (r == 0)
			return cli_usage("group set", _("unexpected argument '%s'"), cli->argv[i]);
	}
	if (!c->owner && !c->name && !c->type && !c->playbook)
		return cli_usage("group set", _("nothing to change: --owner, --name, --type or "
				 "--playbook"));
	if (c->type && group_type_parse(c->type) < 0)
		return cli_usage("group set", _("--type: unknown group type '%s' (promotion, "
				 "segmented, service)"), c->type);
	return 0;
}

int cmd_group(struct cli *cli)
{
	if (cli->argc < 3)
		return cli_usage("group", _("expected archive|unarchive|delete|set NAME"));
	const char *verb = cli->argv[1], *name = cli->argv[2];
	bool yes = false, purge = false;
	struct group_change change = {0};
	if (strcmp(verb, "set") == 0) {
		int r = parse_set(cli, &change);
		if (r != 0)
			return r;
	} else if (strcmp(verb, "archive") == 0 || strcmp(verb, "unarchive") == 0 ||
		   strcmp(verb, "delete") == 0) {
		for (int i = 3; i < cli->argc; i++) {
			if (strcmp(verb, "delete") == 0 && strcmp(cli->argv[i], "--yes") == 0)
				yes = true;
			else if (strcmp(verb, "delete") == 0 && strcmp(cli->argv[i], "--purge") == 0)
				purge = true;
			else
				return cli_usage("group", _("unexpected argument '%s'"), cli->argv[i]);
		}
		if (strcmp(verb, "delete") == 0 && !yes)
			return cli_usage("group delete", _("deleting '%s' cannot be undone: add --yes "
					 "(or archive it: `sopdeck group archive`)"), name);
	} else {
		return cli_usage("group", _("unknown action '%s' (archive, unarchive, delete, set)"),
				 verb);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int r;
	if (strcmp(verb, "set") == 0)
		r = group_change(db, name, &change, cli->operator, &cause);
	else if (strcmp(verb, "delete") == 0)
		r = group_delete(db, name, purge, cli->operator, &cause);
	else
		r = group_set_archived(db, name, strcmp(verb, "archive") == 0, cli->operator,
				       &cause);
	int rc = EXIT_OK;
	if (r < 0) {
		rc = cli_fail(cause);
	} else {
		char *safe = text_sanitize(name, false);
		if (strcmp(verb, "set") == 0)
			printf(_("changed group %s\n"), safe);
		else if (strcmp(verb, "delete") == 0)
			printf(_("deleted group %s\n"), safe);
		else if (strcmp(verb, "archive") == 0)
			printf(_("archived group %s\n"), safe);
		else
			printf(_("unarchived group %s\n"), safe);
		free(safe);
	}
	free(cause);
	db_close(db);
	return rc;
}
