/*
 * sopdeck log [--limit N] [--by OPERATOR] [--kind K] [--since YYYY-MM-DD] [--json]:
 * the audit log, newest first, each entry with the Unix account that wrote it.
 * sopdeck log --verify: check the entries' hash chain (exit 1 at the first break). The operator filter is --by because --operator is
 * the global option saying who is running the command.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "text.h"
#include "util.h"

/* log --verify: recompute the hash chain; OK with the count, or the first bad entry (exit 1). */
static int log_verify(struct db *db)
{
	struct audit_check c;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (audit_verify(db, &c, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (c.problem) {
		char *msg = xasprintf(_("audit log: %s (%zu entries checked)"), c.problem, c.rows);
		rc = cli_fail(msg);
		free(msg);
	} else {
		printf(_("audit log OK: %zu entries, hash chain intact\n"), c.rows);
	}
	audit_check_clear(&c);
	free(cause);
	return rc;
}

int cmd_log(struct cli *cli)
{
	bool json = false, verify = false;
	long limit = 50;
	struct audit_filter filter = {0};
	char since[DATE_STAMP_SIZE];
	int since_day = DATE_INVALID;
	for (int i = 1; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--by", &v)) != 0) {
			if (r < 0)
				return cli_usage("log", _("--by needs an operator name"));
			filter.operator = v;
			continue;
		}
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--kind", &v)) != 0) {
			if (r < 0)
				return cli_usage("log", _("--kind needs a kind (tick, import, schedule...)"));
			filter.kind = v;
			continue;
		}
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--since", &v)) != 0) {
			int day = r > 0 ? date_parse(v) : DATE_INVALID;
			if (day == DATE_INVALID)
				return cli_usage("log", _("--since needs a date YYYY-MM-DD"));
			since_day = day;
			continue;
		}
		r = cli_opt_value(cli->argc, cli->argv, &i, "--limit", &v);
		if (r < 0)
			return cli_usage("log", _("--limit needs a number"));
		if (r > 0) {
			char *end;
			limit = strtol(v, &end, 10);
			if (*end || limit <= 0)
				return cli_usage("log", _("--limit: '%s' is not a positive number"), v);
		} else if (strcmp(cli->argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(cli->argv[i], "--verify") == 0) {
			verify = true;
		} else {
			return cli_unknown("log", cli->argv[i]);
		}
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	if (verify) {
		int vrc = log_verify(db);
		db_close(db);
		return vrc;
	}
	/* The day starts at midnight in the workspace's zone (audit_query compares). */
	if (since_day != DATE_INVALID) {
		date_format(since_day, since);
		filter.since = since;
	}
	struct audit_entry *e = NULL;
	size_t n = 0;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (audit_query(db, &filter, 0, (size_t)limit, &e, &n, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (json) {
		struct json j;
		json_init(&j, stdout);
		json_array(&j);
		for (size_t i = 0; i < n; i++) {
			json_object(&j);
			json_key(&j, "id");
			json_int(&j, e[i].id);
			json_key(&j, "at");
			json_str(&j, e[i].at);
			json_key(&j, "operator");
			json_str(&j, e[i].operator);
			json_key(&j, "account");
			json_str(&j, e[i].account);
			json_key(&j, "kind");
			json_str(&j, e[i].kind);
			json_key(&j, "detail");
			json_str(&j, e[i].detail);
			json_end(&j);
		}
		json_end(&j);
	} else {
		for (size_t i = 0; i < n; i++) {
			/* Shown in the workspace's zone; --json keeps the stored UTC. */
			char at[20];
			date_stamp_show(e[i].at, at);
			out_cell(stdout, at, -1, "  ");
			/* The Unix account beside the display name: --operator is only a claim.
			   Padded by display columns: operators may have Chinese names. */
			out_cell(stdout, e[i].account, 10, " ");
			out_cell(stdout, e[i].operator, 12, " ");
			out_cell(stdout, e[i].kind, 16, " ");
			out_cell_end(stdout, e[i].detail, -1);
		}
	}
	audit_free(e, n);
	free(cause);
	db_close(db);
	return rc;
}
