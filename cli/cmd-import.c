/* sopdeck import KIND FILE: every import is one transaction; a failed one changes nothing. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "content.h"
#include "db.h"
#include "group.h"
#include "playbook.h"
#include "util.h"

static int import_playbook(struct db *db, const char *file, const char *operator, char **cause)
{
	char *text;
	size_t len;
	struct playbook *pb;
	if (read_file(file, PLAYBOOK_MAX_BYTES, &text, &len, cause) < 0)
		return -1;
	if (playbook_parse(text, len, file, &pb, cause) < 0) {
		free(text);
		return -1;
	}
	int rc = playbook_store(db, pb, text, file, operator, cause);
	if (rc == 0)
		printf("imported playbook %s version %s (stored as #%lld)\n", pb->name,
		       pb->version, (long long)pb->version_id);
	playbook_free(pb);
	free(text);
	return rc;
}

static int import_groups(struct db *db, const char *file, const char *operator, char **cause)
{
	size_t n;
	if (group_import_file(db, file, operator, &n, cause) < 0)
		return -1;
	printf("imported %zu group%s from %s\n", n, n == 1 ? "" : "s", file);
	return 0;
}

static int import_content(struct db *db, const char *file, const char *operator, char **cause)
{
	size_t n;
	if (content_import_file(db, file, operator, &n, cause) < 0)
		return -1;
	printf("imported %zu content item%s from %s\n", n, n == 1 ? "" : "s", file);
	return 0;
}

struct importer {
	const char *kind;
	int (*run)(struct db *, const char *file, const char *operator, char **cause);
};

static const struct importer importers[] = {
	{"playbook", import_playbook},
	{"groups", import_groups},
	{"content", import_content},
};

int cmd_import(struct cli *cli)
{
	if (cli->argc != 3)
		return cli_usage("import", "expected: import playbook|groups|content|kpi FILE");
	const struct importer *imp = NULL;
	for (size_t i = 0; i < ARRAY_LEN(importers); i++)
		if (strcmp(cli->argv[1], importers[i].kind) == 0)
			imp = &importers[i];
	if (!imp)
		return cli_usage("import", "unknown kind '%s'", cli->argv[1]);
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int rc = imp->run(db, cli->argv[2], cli->operator, &cause) < 0 ? cli_fail(cause) : EXIT_OK;
	free(cause);
	db_close(db);
	return rc;
}
