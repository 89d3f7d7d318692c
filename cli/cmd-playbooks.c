/*
 * sopdeck playbooks [--json]: the workspace's playbooks (one per business line)
 * with their versions and group counts; sopdeck playbook default NAME.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

static void print_json(const struct pb_lineage *l, size_t n)
{
	struct json j;
	json_init(&j, stdout);
	json_array(&j);
	for (size_t i = 0; i < n; i++) {
		json_object(&j);
		json_key(&j, "name");
		json_text(&j, l[i].name);
		json_key(&j, "default");
		json_bool(&j, l[i].is_default);
		json_key(&j, "groups");
		json_int(&j, l[i].groups);
		json_key(&j, "versions");
		json_array(&j);
		for (size_t k = 0; k < l[i].n_versions; k++) {
			const struct pb_version_info *v = &l[i].versions[k];
			json_object(&j);
			json_key(&j, "id");
			json_int(&j, v->id);
			json_key(&j, "version");
			json_text(&j, v->version);
			json_key(&j, "note");
			json_text(&j, v->note);
			json_key(&j, "source");
			json_text(&j, v->source);
			json_key(&j, "imported_at");
			json_text(&j, v->imported_at);
			json_key(&j, "imported_by");
			json_text(&j, v->imported_by);
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
}

static void print_text(const struct pb_lineage *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%s", i ? "\n" : "");
		out_text(stdout, l[i].name);
		printf(_("  %ld groups%s\n"), l[i].groups, l[i].is_default ? _("  (default)") : "");
		for (size_t k = 0; k < l[i].n_versions; k++) {
			const struct pb_version_info *v = &l[i].versions[k];
			char at[20];
			date_stamp_show(v->imported_at, at);
			printf("  v");
			out_text(stdout, v->version);
			printf("  %s  ", at);
			out_text(stdout, v->imported_by);
			printf("  ");
			out_text(stdout, v->note);
			printf("\n");
		}
	}
}

int cmd_playbooks(struct cli *cli)
{
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else
			return cli_usage("playbooks", _("unexpected argument '%s'"), cli->argv[i]);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	struct pb_lineage *l = NULL;
	size_t n = 0;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (playbook_lineages(db, &l, &n, &cause) < 0)
		rc = cli_fail(cause);
	else if (json)
		print_json(l, n);
	else
		print_text(l, n);
	playbook_lineages_free(l, n);
	free(cause);
	db_close(db);
	return rc;
}

int cmd_playbook(struct cli *cli)
{
	if (cli->argc != 3 || strcmp(cli->argv[1], "default") != 0)
		return cli_usage("playbook", _("expected: playbook default NAME"));
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (playbook_set_default(db, cli->argv[2], cli->operator, &cause) < 0) {
		rc = cli_fail(cause);
	} else {
		char *safe = text_sanitize(cli->argv[2], false);
		printf(_("default playbook: %s\n"), safe);
		free(safe);
	}
	free(cause);
	db_close(db);
	return rc;
}
