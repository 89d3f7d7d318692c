/*
 * sopdeck feedback: the four quadrants of user feedback.
 *   feedback add --group G --quadrant Q --text T [--member M] [--date D]
 *   feedback [--group G] [--quadrant Q] [--open] [--limit N] [--json]
 *   feedback close ID --note N [--version V]
 *   feedback import FILE.csv          silent leavers from a WeCom member export
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "feedback.h"
#include "text.h"
#include "util.h"

/* Either word is taken; Chinese lists 公开建议|私聊吐槽|沉默流失|积极互动 first. */
#define QUADRANT_HELP _("public|private|silent|active")

static int feedback_add_cmd(struct cli *cli)
{
	const char *group = NULL, *quadrant = NULL, *body = NULL, *member = "", *date = NULL;
	for (int i = 2; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &v)) != 0)
			group = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--quadrant", &v)) != 0)
			quadrant = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--text", &v)) != 0)
			body = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--member", &v)) != 0)
			member = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--date", &v)) != 0)
			date = v;
		else
			return cli_usage("feedback add", _("unexpected argument '%s'"), cli->argv[i]);
		if (r < 0)
			return cli_usage("feedback add", _("%s needs a value"), cli->argv[i]);
	}
	if (!group || !quadrant || !body)
		return cli_usage("feedback add", _("needs --group G --quadrant Q --text T"));
	int q = feedback_quadrant_parse(quadrant);
	if (q < 0)
		return cli_usage("feedback add", _("--quadrant: '%s' is not one of %s"),
				 quadrant, QUADRANT_HELP);
	int day = cli->today;
	if (date) {
		day = date_parse(date);
		if (day == DATE_INVALID)
			return cli_usage("feedback add", _("--date: '%s' is not a date (YYYY-MM-DD)"),
					 date);
		if (day > cli->today)
			return cli_fail(_("feedback add: --date is in the future"));
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int64_t id;
	int rc = EXIT_OK;
	if (feedback_add(db, group, (enum feedback_quadrant)q, body, member, day, cli->operator,
			 &id, &cause) < 0)
		rc = cli_fail(cause);
	else
		printf(_("feedback #%lld added (%s)\n"), (long long)id,
		       feedback_quadrant_label((enum feedback_quadrant)q));
	free(cause);
	db_close(db);
	return rc;
}

static int feedback_close_cmd(struct cli *cli)
{
	const char *note = NULL, *version = NULL, *idarg = NULL;
	for (int i = 2; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--note", &v)) != 0)
			note = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--version", &v)) != 0)
			version = v;
		else if (!idarg && cli->argv[i][0] != '-')
			idarg = cli->argv[i];
		else
			return cli_usage("feedback close", _("unexpected argument '%s'"), cli->argv[i]);
		if (r < 0)
			return cli_usage("feedback close", _("%s needs a value"), cli->argv[i]);
	}
	char *end = NULL;
	long long id = idarg ? strtoll(idarg[0] == '#' ? idarg + 1 : idarg, &end, 10) : 0;
	if (!idarg || *end || id <= 0)
		return cli_usage("feedback close", _("needs an ID (as in `sopdeck feedback`) and --note"));
	if (!note)
		return cli_usage("feedback close", _("needs --note \"what was done\""));
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (feedback_close(db, id, note, version, cli->operator, &cause) < 0)
		rc = cli_fail(cause);
	else
		printf(_("feedback #%lld closed\n"), id);
	free(cause);
	db_close(db);
	return rc;
}

static int feedback_import_cmd(struct cli *cli)
{
	if (cli->argc != 3)
		return cli_usage("feedback import", _("needs one FILE.csv (group, member, date)"));
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	size_t added = 0, skipped = 0, current = 0;
	int rc = EXIT_OK;
	if (feedback_import_leavers(db, cli->argv[2], cli->today, cli->operator, &added, &skipped,
				    &current, &cause) < 0) {
		rc = cli_fail(cause);
	} else {
		printf(_("%zu silent leavers added as silent (%zu already there)\n"), added, skipped);
		if (current)
			printf(_("%zu members still in their group passed over (no leave time)\n"),
			       current);
	}
	free(cause);
	db_close(db);
	return rc;
}

static void print_json_entry(struct json *j, const struct feedback *f)
{
	char day[11];
	date_format(f->day, day);
	json_object(j);
	json_key(j, "id");
	json_int(j, f->id);
	json_key(j, "group");
	json_str(j, f->group);
	json_key(j, "quadrant");
	json_str(j, feedback_quadrant_key(f->quadrant));
	json_key(j, "quadrant_name");
	json_str(j, feedback_quadrant_name(f->quadrant));
	json_key(j, "text");
	json_str(j, f->body);
	json_key(j, "member");
	json_str(j, f->member);
	json_key(j, "date");
	json_str(j, day);
	json_key(j, "created_at");
	json_str(j, f->created_at);
	json_key(j, "created_by");
	json_str(j, f->created_by);
	json_key(j, "open");
	json_bool(j, !f->closed);
	if (f->closed) {
		json_key(j, "closed_at");
		json_str(j, f->closed_at);
		json_key(j, "closed_by");
		json_str(j, f->closed_by);
		json_key(j, "note");
		json_str(j, f->note);
		json_key(j, "version");
		json_str_or_null(j, f->version);
	}
	json_end(j);
}

static void print_json(const struct feedback *items, size_t n, const struct feedback_count *c,
		       size_t nc)
{
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "counts");
	json_array(&j);
	for (size_t i = 0; i < nc; i++) {
		json_object(&j);
		json_key(&j, "group");
		json_str(&j, c[i].group);
		for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
			json_key(&j, feedback_quadrant_key((enum feedback_quadrant)q));
			json_object(&j);
			json_key(&j, "open");
			json_int(&j, c[i].open[q]);
			json_key(&j, "total");
			json_int(&j, c[i].total[q]);
			json_end(&j);
		}
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "items");
	json_array(&j);
	for (size_t i = 0; i < n; i++)
		print_json_entry(&j, &items[i]);
	json_end(&j);
	json_end(&j);
}

static void print_text(const struct feedback *items, size_t n, const struct feedback_count *c,
		       size_t nc)
{
	if (nc == 0) {
		printf("%s\n", _("no feedback"));
		return;
	}
	printf("%s\n", _("feedback by quadrant (open/all)"));
	out_cell(stdout, _("Group"), 20, " ");
	for (int q = 0; q < FEEDBACK_QUADRANTS; q++)
		out_cell(stdout, feedback_quadrant_label((enum feedback_quadrant)q), 10, " ");
	printf("\n");
	int open[FEEDBACK_QUADRANTS] = {0}, total[FEEDBACK_QUADRANTS] = {0};
	for (size_t i = 0; i < nc; i++) {
		out_cell(stdout, c[i].group, 20, " ");
		for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
			char cell[32];
			snprintf(cell, sizeof cell, "%d/%d", c[i].open[q], c[i].total[q]);
			out_cell(stdout, cell, 10, " ");
			open[q] += c[i].open[q];
			total[q] += c[i].total[q];
		}
		printf("\n");
	}
	if (nc > 1) {
		out_cell(stdout, _("Total"), 20, " ");
		for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
			char cell[32];
			snprintf(cell, sizeof cell, "%d/%d", open[q], total[q]);
			out_cell(stdout, cell, 10, " ");
		}
		printf("\n");
	}
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		const struct feedback *f = &items[i];
		char day[11], id[24];
		date_format(f->day, day);
		snprintf(id, sizeof id, "#%lld", (long long)f->id);
		out_cell(stdout, id, 6, " ");
		out_cell(stdout, day, 10, " ");
		out_cell(stdout, f->group, 14, " ");
		out_cell(stdout, feedback_quadrant_label(f->quadrant), 8, " ");
		out_cell(stdout, f->closed ? _("done") : _("open"), 6, " ");
		out_text(stdout, f->body);
		if (*f->member) {
			printf(" (");
			out_text(stdout, f->member);
			printf(")");
		}
		if (f->closed) {
			printf("  → ");
			out_text(stdout, f->note);
			if (*f->version) {
				printf(" [v");
				out_text(stdout, f->version);
				printf("]");
			}
		}
		printf("\n");
	}
}

int cmd_feedback(struct cli *cli)
{
	if (cli->argc > 1 && strcmp(cli->argv[1], "add") == 0)
		return feedback_add_cmd(cli);
	if (cli->argc > 1 && strcmp(cli->argv[1], "close") == 0)
		return feedback_close_cmd(cli);
	if (cli->argc > 1 && strcmp(cli->argv[1], "import") == 0)
		return feedback_import_cmd(cli);
	struct feedback_filter filter = {.quadrant = -1};
	bool json = false;
	long limit = 200;
	for (int i = 1; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &v)) != 0) {
			if (r < 0)
				return cli_usage("feedback", _("--group needs a name"));
			filter.group = v;
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--quadrant", &v)) != 0) {
			filter.quadrant = r > 0 ? feedback_quadrant_parse(v) : -1;
			if (filter.quadrant < 0)
				return cli_usage("feedback", _("--quadrant needs one of %s"), QUADRANT_HELP);
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--limit", &v)) != 0) {
			char *end;
			limit = r > 0 ? strtol(v, &end, 10) : 0;
			if (r < 0 || *end || limit <= 0)
				return cli_usage("feedback", _("--limit needs a positive number"));
		} else if (strcmp(cli->argv[i], "--open") == 0) {
			filter.open_only = true;
		} else if (strcmp(cli->argv[i], "--json") == 0) {
			json = true;
		} else {
			return cli_usage("feedback", _("unexpected argument '%s' (add, close, import, "
						     "or --group/--quadrant/--open/--json)"),
					 cli->argv[i]);
		}
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct feedback *items = NULL;
	struct feedback_count *counts = NULL;
	size_t n = 0, nc = 0;
	int rc = EXIT_OK;
	if (feedback_counts(db, &filter, &counts, &nc, &cause) < 0 ||
	    feedback_list(db, &filter, (size_t)limit, &items, &n, &cause) < 0)
		rc = cli_fail(cause);
	else if (json)
		print_json(items, n, counts, nc);
	else
		print_text(items, n, counts, nc);
	feedback_free(items, n);
	feedback_counts_free(counts, nc);
	free(cause);
	db_close(db);
	return rc;
}
