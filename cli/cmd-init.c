/*
 * sopdeck init [--playbook FILE] [--shared] [--timezone ZONE]: create the database,
 * optionally with a playbook of one's own and the workspace's time zone; --shared
 * makes it 0660 in a 2770 directory (docs/sharing.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "cli.h"
#include "config.h"
#include "dates.h"
#include "db.h"
#include "playbook.h"
#include "util.h"
#include "setting.h"
#include "workspace.h"

/* Say (never change) when the database's directory keeps the group out: an existing
   directory may be the operator's home, which sopdeck must not open to a group. */
static void init_check_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	struct stat st;
	if (stat(slash ? dir : ".", &st) == 0 && (st.st_mode & 0070) != 0070)
		fprintf(stderr, _("sopdeck: note: %s is mode %04o: group members also need to "
			"create the -wal/-shm files there (chmod 2770 it; see docs/sharing.md)\n"),
			slash ? dir : ".", (unsigned)(st.st_mode & 07777));
	free(dir);
}

int cmd_init(struct cli *cli)
{
	const char *playbook_file = NULL, *zone = NULL;
	bool shared = false;
	for (int i = 1; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--shared") == 0) {
			db_set_shared(true);
			shared = true;
			continue;
		}
		int r = cli_opt_value(cli->argc, cli->argv, &i, "--timezone", &zone);
		if (r < 0)
			return cli_usage("init", _("--timezone needs a zone such as Asia/Shanghai"));
		if (r > 0)
			continue;
		r = cli_opt_value(cli->argc, cli->argv, &i, "--playbook", &playbook_file);
		if (r < 0)
			return cli_usage("init", _("--playbook needs a file"));
		if (r == 0)
			return cli_unknown("init", cli->argv[i]);
	}
	/* Without --timezone, the config file's `timezone:` is the new workspace's zone. */
	if (!zone && cli->config && cli->config->v[CONFIG_TIMEZONE].value)
		zone = cli->config->v[CONFIG_TIMEZONE].value;
	if (zone && !date_zone_valid(zone))
		return cli_usage("init", _("--timezone: unknown time zone '%s' (e.g. Asia/Shanghai, "
				 "America/Los_Angeles, UTC)"), zone);
	/* init is the one command that may create the database's directory. */
	cli->create_dirs = true;
	/* Check the playbook before creating anything, so a bad file leaves no database. */
	char *cause = NULL, *text = NULL;
	size_t len = 0;
	struct playbook *pb = NULL;
	if (playbook_file &&
	    (read_file(playbook_file, PLAYBOOK_MAX_BYTES, &text, &len, &cause) < 0 ||
	     playbook_parse(text, len, playbook_file, &pb, &cause) < 0)) {
		free(text);
		int rc = cli_fail(cause);
		free(cause);
		return rc;
	}
	struct db *db = cli_open_db(cli);
	int rc = db ? EXIT_OK : EXIT_FAIL;
	if (db && pb) {
		if (playbook_store(db, pb, text, playbook_file, cli->operator, &cause) < 0)
			rc = cli_fail(cause);
	}
	if (rc == EXIT_OK && zone &&
	    (setting_set(db, "timezone", zone, cli->operator, &cause) < 0 ||
	     setting_zone_apply(db, &cause) < 0))
		rc = cli_fail(cause);
	if (rc == EXIT_OK && shared && db_share_files(db_path(db), &cause) < 0)
		rc = cli_fail(cause);
	if (rc == EXIT_OK && shared)
		init_check_dir(db_path(db));
	if (rc == EXIT_OK)
		printf(_("sopdeck: database ready at %s%s (time zone %s)\n"), db_path(db),
		       shared ? " (0660, group-shared)" : "", date_zone());
	free(cause);
	free(text);
	playbook_free(pb);
	db_close(db);
	return rc;
}
