/*
 * sopdeck backup FILE    a consistent copy while others keep working (SQLite's backup API)
 * sopdeck restore FILE   checked, the replaced database kept beside it, audited
 * sopdeck check          integrity, foreign keys, schema version, the audit log's chain
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "backup.h"
#include "cli.h"
#include "db.h"
#include "util.h"

/* The one FILE argument of backup/restore, or a usage error. */
static int one_file(struct cli *cli, const char **file)
{
	if (cli->argc != 2 || cli->argv[1][0] == '-' || !cli->argv[1][0])
		return cli_usage(cli->argv[0], _("expected: sopdeck %s FILE"), cli->argv[0]);
	*file = cli->argv[1];
	return 0;
}

int cmd_backup(struct cli *cli)
{
	const char *file = NULL;
	int rc = one_file(cli, &file);
	if (rc)
		return rc;
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	long pages = 0;
	rc = EXIT_OK;
	if (backup_to(db, file, &pages, &cause) < 0)
		rc = cli_fail(cause);
	else
		printf(_("backed up %s to %s (%ld pages, integrity ok)\n"), db_path(db), file, pages);
	free(cause);
	db_close(db);
	return rc;
}

int cmd_restore(struct cli *cli)
{
	const char *file = NULL;
	int rc = one_file(cli, &file);
	if (rc)
		return rc;
	char *cause = NULL, *kept = NULL;
	int schema = 0;
	/* Not opened through db_open first: a damaged database must still be replaceable. */
	if (backup_restore(cli->db_path, file, &kept, &schema, &cause) < 0) {
		rc = cli_fail(cause);
		free(cause);
		free(kept);
		return rc;
	}
	/* Opening migrates a backup from an older sopdeck; then the restore is logged. */
	struct db *db = cli_open_db(cli);
	rc = db ? EXIT_OK : EXIT_FAIL;
	char *detail = xasprintf("from %s (schema %d)%s%s", file, schema,
				 kept ? "; the replaced database is kept as " : "", kept ? kept : "");
	if (db && (db_begin(db, &cause) < 0 || db_audit(db, cli->operator, "restore", detail,
							 &cause) < 0 ||
		   db_commit(db, &cause) < 0)) {
		db_rollback(db);
		rc = cli_fail(cause);
	}
	if (rc == EXIT_OK) {
		printf(_("restored %s from %s\n"), cli->db_path, file);
		if (kept)
			printf(_("the replaced database is kept as %s\n"), kept);
	}
	free(detail);
	free(kept);
	free(cause);
	db_close(db);
	return rc;
}

int cmd_check(struct cli *cli)
{
	if (cli->argc != 1)
		return cli_unknown("check", cli->argv[1]);
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct backup_check c;
	int rc = EXIT_OK;
	if (backup_check(db, &c, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (c.n_problems) {
		for (size_t i = 0; i < c.n_problems; i++)
			cli_fail(c.problems[i]);
		char *msg = xasprintf(_("check: %zu problem%s in %s"), c.n_problems,
				      i18n_plural_s(c.n_problems), db_path(db));
		rc = cli_fail(msg);
		free(msg);
	} else {
		printf(_("%s: integrity ok, foreign keys ok, schema version %d (current), audit log "
		       "%zu entries with an intact hash chain\n"), db_path(db), c.schema,
		       c.audit_rows);
	}
	backup_check_clear(&c);
	free(cause);
	db_close(db);
	return rc;
}
