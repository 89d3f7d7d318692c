/*
 * sopdeck log [--limit N] [--by OPERATOR] [--kind K] [--since YYYY-MM-DD] [--json]:
 * the audit log, newest first. The operator filter is --by because --operator is
 * the global option saying who is running the command.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "text.h"
#include "util.h"

int cmd_log(struct cli *cli)
{
	bool json = false;
	long limit = 50;
	struct audit_filter filter = {0};
	char since[DATE_STAMP_SIZE];
	int since_day = DATE_INVALID;
	for (int i = 1; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--by", &v)) != 0) {
			if (r < 0)
				return cli_usage("log", "--by needs an operator name");
			filter.operator = v;
			continue;
		}
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--kind", &v)) != 0) {
			if (r < 0)
				return cli_usage("log", "--kind needs a kind (tick, import, schedule...)");
			filter.kind = v;
			continue;
		}
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--since", &v)) != 0) {
			int day = r > 0 ? date_parse(v) : DATE_INVALID;
			if (day == DATE_INVALID)
				return cli_usage("log", "--since needs a date YYYY-MM-DD");
			since_day = day;
			continue;
		}
		r = cli_opt_value(cli->argc, cli->argv, &i, "--limit", &v);
		if (r < 0)
			return cli_usage("log", "--limit needs a number");
		if (r > 0) {
			char *end;
			limit = strtol(v, &end, 10);
			if (*end || limit <= 0)
				return cli_usage("log", "--limit: '%s' is not a positive number", v);
		} else if (strcmp(cli->argv[i], "--json") == 0) {
			json = true;
		} else {
			return cli_usage("log", "unexpected argument '%s'", cli->argv[i]);
		}
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	/* Stored times are UTC: the day starts at midnight in the workspace's zone. */
	if (since_day != DATE_INVALID) {
		date_stamp_utc(date_local_instant(since_day, 0), since);
		filter.since = since;
	}
	struct audit_entry *e = NULL;
	size_t n = 0;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (audit_query(db, &filter, 0, (size_t)limit, &e, &n, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (json) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"id\":%lld,\"at\":", i ? "," : "", (long long)e[i].id);
			json_string(stdout, e[i].at);
			printf(",\"operator\":");
			json_string(stdout, e[i].operator);
			printf(",\"kind\":");
			json_string(stdout, e[i].kind);
			printf(",\"detail\":");
			json_string(stdout, e[i].detail);
			printf("}");
		}
		printf("]\n");
	} else {
		for (size_t i = 0; i < n; i++) {
			/* Padded by display columns: operators may have Chinese names. */
			char *safe_op = text_sanitize(e[i].operator, false);
			char *safe_kind = text_sanitize(e[i].kind, false);
			char *op = text_fit(safe_op, 12, true), *kind = text_fit(safe_kind, 16, true);
			char *detail = text_sanitize(e[i].detail, false);
			/* Shown in the workspace's zone; --json keeps the stored UTC. */
			char at[20];
			date_stamp_show(e[i].at, at);
			char *safe_at = text_sanitize(at, false);
			printf("%s  %s %s %s\n", safe_at, op, kind, detail);
			free(safe_at);
			free(safe_op);
			free(safe_kind);
			free(op);
			free(kind);
			free(detail);
		}
	}
	audit_free(e, n);
	free(cause);
	db_close(db);
	return rc;
}
