/*
 * sopdeck report --day D | --week YYYY-Www | --month YYYY-MM [--group NAME]
 *                [--mine | --owner NAME] [--format md|json]
 * (--mine and --owner are taken out by main.c's parse_scope into cli->owner.)
 * The 收工报告 / 周报 / 月度复盘 (model/report.c); Markdown by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "report.h"
#include "util.h"

static void json_day(struct json *j, int day)
{
	char d[11];
	date_format(day, d);
	json_str(j, d);
}

/* Open and total counts of each feedback quadrant, as keys of the open object. */
static void json_quadrants(struct json *j, const int *open, const int *total)
{
	for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
		json_key(j, feedback_quadrant_key((enum feedback_quadrant)q));
		json_object(j);
		json_key(j, "open");
		json_int(j, open[q]);
		json_key(j, "total");
		json_int(j, total[q]);
		json_end(j);
	}
}

/* due, done, missed of a report row. */
static void json_counts(struct json *j, int due, int done, int missed)
{
	json_key(j, "due");
	json_int(j, due);
	json_key(j, "done");
	json_int(j, done);
	json_key(j, "missed");
	json_int(j, missed);
}

static void print_json(const struct report *r)
{
	static const char *const kinds[] = {"day", "week", "month"};
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "kind");
	json_str(&j, kinds[r->kind]);
	json_key(&j, "period");
	json_text(&j, r->label);
	json_key(&j, "from");
	json_day(&j, r->from);
	json_key(&j, "to");
	json_day(&j, r->to);
	json_key(&j, "actions");
	json_object(&j);
	json_counts(&j, r->due, r->done, r->missed);
	json_end(&j);
	json_key(&j, "groups");
	json_array(&j);
	for (size_t i = 0; i < r->n_groups; i++) {
		json_object(&j);
		json_key(&j, "name");
		json_text(&j, r->groups[i].name);
		json_key(&j, "owner");
		json_text(&j, r->groups[i].owner);
		json_key(&j, "playbook");
		json_text(&j, r->groups[i].playbook);
		json_counts(&j, r->groups[i].due, r->groups[i].done, r->groups[i].missed);
		json_end(&j);
	}
	json_end(&j);
	/* Due and done per playbook (business line). */
	json_key(&j, "playbooks");
	json_array(&j);
	for (size_t i = 0; i < r->n_playbooks; i++) {
		const struct report_playbook *p = &r->playbooks[i];
		json_object(&j);
		json_key(&j, "name");
		json_text(&j, p->name);
		json_key(&j, "default");
		json_bool(&j, p->is_default);
		json_key(&j, "groups");
		json_int(&j, p->groups);
		json_counts(&j, p->due, p->done, p->missed);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "operators");
	json_array(&j);
	for (size_t i = 0; i < r->n_operators; i++) {
		const struct report_operator *o = &r->operators[i];
		json_object(&j);
		json_key(&j, "name");
		json_text(&j, o->name);
		json_counts(&j, o->due, o->done, o->missed);
		json_key(&j, "ticks");
		json_int(&j, o->ticks);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "content");
	json_object(&j);
	json_key(&j, "posted");
	json_int(&j, r->posted);
	json_key(&j, "categories");
	json_array(&j);
	for (size_t i = 0; i < r->n_categories; i++) {
		const struct report_category *c = &r->categories[i];
		if (!c->category && !c->posted)
			continue;
		json_object(&j);
		json_key(&j, "key");
		if (c->category) {
			json_text(&j, c->category->key);
			json_key(&j, "name");
			json_text(&j, c->category->name);
			json_key(&j, "target");
			json_int(&j, c->category->share);
		} else {
			json_null(&j);
			json_key(&j, "name");
			json_str(&j, "未分类");
			json_key(&j, "target");
			json_null(&j);
		}
		json_key(&j, "posted");
		json_int(&j, c->posted);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_key(&j, "kpi");
	json_array(&j);
	for (size_t i = 0; i < r->n_metrics; i++) {
		const struct report_metric *m = &r->metrics[i];
		json_object(&j);
		json_key(&j, "key");
		json_text(&j, m->metric->key);
		json_key(&j, "name");
		json_text(&j, m->metric->name);
		json_key(&j, "value");
		if (m->defined)
			json_num_digits(&j, kpi_display_value(m->metric, m->value), 17);
		else
			json_null(&j);
		json_key(&j, "previous");
		if (m->prev_defined)
			json_num_digits(&j, kpi_display_value(m->metric, m->prev), 17);
		else
			json_null(&j);
		json_key(&j, "status");
		json_str(&j, kpi_status_key(m->status));
		json_key(&j, "groups_below");
		json_int(&j, m->groups_below);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "ab");
	json_array(&j);
	for (size_t i = 0; i < r->n_ab; i++) {
		const struct report_ab *a = &r->ab[i];
		const struct pb_metric *m = a->metric;
		json_object(&j);
		json_key(&j, "name");
		json_text(&j, a->test.name);
		json_key(&j, "playbook");
		json_text(&j, a->playbook);
		json_key(&j, "action");
		json_text(&j, a->test.action_id);
		for (int arm = 0; arm < 2; arm++) {
			json_key(&j, arm ? "b" : "a");
			if (a->standing.arm[arm].defined)
				json_num_digits(&j, kpi_display_value(m, a->standing.arm[arm].value),
						17);
			else
				json_null(&j);
		}
		json_key(&j, "significant");
		json_bool(&j, a->standing.significant);
		json_key(&j, "winner");
		char winner[2] = {a->standing.winner, '\0'};
		json_str_or_null(&j, winner);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "feedback");
	json_object(&j);
	json_quadrants(&j, r->feedback.open, r->feedback.total);
	json_key(&j, "open_items");
	json_array(&j);
	for (size_t i = 0; i < r->n_open_feedback; i++) {
		const struct feedback *f = &r->open_feedback[i];
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, f->id);
		json_key(&j, "group");
		json_text(&j, f->group);
		json_key(&j, "quadrant");
		json_str(&j, feedback_quadrant_key(f->quadrant));
		json_key(&j, "text");
		json_text(&j, f->body);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_key(&j, "versions");
	json_array(&j);
	for (size_t i = 0; i < r->n_versions; i++) {
		json_object(&j);
		json_key(&j, "playbook");
		json_text(&j, r->version_playbooks[i]);
		json_key(&j, "version");
		json_text(&j, r->versions[i].version);
		json_key(&j, "day");
		json_day(&j, r->versions[i].day);
		json_key(&j, "note");
		json_text(&j, r->versions[i].note);
		/* The measured effect, as the Markdown states it and `kpi --versions --json` keys it. */
		json_key(&j, "metrics");
		json_version_metrics(&j, r->versions[i].metrics, r->versions[i].n_metrics);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
}

int cmd_report(struct cli *cli)
{
	enum report_kind kind = REPORT_DAY;
	const char *period = NULL, *group = NULL, *format = "md";
	bool mine = false;
	for (int i = 1; i < cli->argc; i++) {
		const char *v;
		int r;
		static const char *const kinds[] = {"--day", "--week", "--month"};
		bool matched = false;
		for (int k = 0; k < 3 && !matched; k++) {
			if ((r = cli_opt_value(cli->argc, cli->argv, &i, kinds[k], &v)) != 0) {
				if (r < 0 || period)
					return cli_usage("report", _("give one of --day D, --week YYYY-Www "
								   "or --month YYYY-MM"));
				kind = (enum report_kind)k;
				period = v;
				matched = true;
			}
		}
		if (matched)
			continue;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &v)) != 0) {
			if (r < 0)
				return cli_usage("report", _("--group needs a name"));
			group = v;
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--format", &v)) != 0) {
			if (r < 0 || (strcmp(v, "md") != 0 && strcmp(v, "json") != 0))
				return cli_usage("report", _("--format is md or json"));
			format = v;
		} else if (strcmp(cli->argv[i], "--json") == 0) {
			format = "json";
		} else if (strcmp(cli->argv[i], "--mine") == 0) {
			mine = true;
		} else {
			return cli_usage("report", _("unexpected argument '%s'"), cli->argv[i]);
		}
	}
	char label[16];
	int from, to;
	if (!period) {
		/* Default: today's 收工报告. */
		date_format(cli->today, label);
		from = to = cli->today;
	} else if (report_period(kind, period, &from, &to, label) < 0) {
		return cli_usage("report", _("'%s' is not a %s"), period,
				 kind == REPORT_DAY ? "date (YYYY-MM-DD)"
				 : kind == REPORT_WEEK ? "week (YYYY-Www)" : "month (YYYY-MM)");
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook_set *set = NULL;
	struct report r;
	int rc = EXIT_OK;
	if (playbook_set_load(db, &set, &cause) < 0 ||
	    report_build(db, set, kind, label, from, to, cli->today, group,
			 mine ? cli->operator : cli->owner, &r, &cause) < 0) {
		rc = cli_fail(cause);
	} else {
		if (strcmp(format, "json") == 0) {
			print_json(&r);
		} else {
			char *md = report_markdown(&r);
			fputs(md, stdout);
			free(md);
		}
		report_free(&r);
	}
	playbook_set_free(set);
	free(cause);
	db_close(db);
	return rc;
}
