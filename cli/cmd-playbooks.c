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
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"name\":", i ? "," : "");
		json_string(stdout, l[i].name);
		printf(",\"default\":%s,\"groups\":%ld,\"versions\":[",
		       l[i].is_default ? "true" : "false", l[i].groups);
		for (size_t k = 0; k < l[i].n_versions; k++) {
			const struct pb_version_info *v = &l[i].versions[k];
			printf("%s{\"id\":%lld,\"version\":", k ? "," : "", (long long)v->id);
			json_string(stdout, v->version);
			printf(",\"note\":");
			json_string(stdout, v->note);
			printf(",\"source\":");
			json_string(stdout, v->source);
			printf(",\"imported_at\":");
			json_string(stdout, v->imported_at);
			printf(",\"imported_by\":");
			json_string(stdout, v->imported_by);
			putchar('}');
		}
		printf("]}");
	}
	printf("]\n");
}

static void print_text(const struct pb_lineage *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *name = text_sanitize(l[i].name, false);
		printf(_("%s%s  %ld groups%s\n"), i ? "\n" : "", name, l[i].groups,
		       l[i].is_default ? "  (default)" : "");
		free(name);
		for (size_t k = 0; k < l[i].n_versions; k++) {
			const struct pb_version_info *v = &l[i].versions[k];
			char at[20];
			date_stamp_show(v->imported_at, at);
			char *ver = text_sanitize(v->version, false);
			char *note = text_sanitize(v->note, false);
			char *by = text_sanitize(v->imported_by, false);
			printf("  v%s  %s  %s  %s\n", ver, at, by, note);
			free(ver);
			free(note);
			free(by);
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
