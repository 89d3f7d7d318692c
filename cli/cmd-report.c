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
#include "playbook.h"
#include "report.h"
#include "util.h"

static void json_day(int day)
{
	char d[11];
	date_format(day, d);
	printf("\"%s\"", d);
}

static void json_number_or_null(bool defined, double v)
{
	if (defined)
		printf("%.17g", v);
	else
		printf("null");
}

static void print_json(const struct report *r, const struct playbook *pb)
{
	static const char *const kinds[] = {"day", "week", "month"};
	printf("{\"kind\":\"%s\",\"period\":", kinds[r->kind]);
	json_string(stdout, r->label);
	printf(",\"from\":");
	json_day(r->from);
	printf(",\"to\":");
	json_day(r->to);
	printf(",\"actions\":{\"due\":%d,\"done\":%d,\"missed\":%d},\"groups\":[", r->due, r->done,
	       r->missed);
	for (size_t i = 0; i < r->n_groups; i++) {
		printf("%s{\"name\":", i ? "," : "");
		json_string(stdout, r->groups[i].name);
		printf(",\"owner\":");
		json_string(stdout, r->groups[i].owner);
		printf(",\"due\":%d,\"done\":%d,\"missed\":%d}", r->groups[i].due, r->groups[i].done,
		       r->groups[i].missed);
	}
	printf("],\"operators\":[");
	for (size_t i = 0; i < r->n_operators; i++) {
		const struct report_operator *o = &r->operators[i];
		printf("%s{\"name\":", i ? "," : "");
		json_string(stdout, o->name);
		printf(",\"due\":%d,\"done\":%d,\"missed\":%d,\"ticks\":%d}", o->due, o->done,
		       o->missed, o->ticks);
	}
	printf("],\"content\":{\"posted\":%d,\"categories\":[", r->posted);
	bool first = true;
	for (size_t i = 0; i < r->n_categories; i++) {
		const struct report_category *c = &r->categories[i];
		if (!c->category && !c->posted)
			continue;
		printf("%s{\"key\":", first ? "" : ",");
		first = false;
		if (c->category) {
			json_string(stdout, c->category->key);
			printf(",\"name\":");
			json_string(stdout, c->category->name);
			printf(",\"target\":%d", c->category->share);
		} else {
			printf("null,\"name\":\"未分类\",\"target\":null");
		}
		printf(",\"posted\":%d}", c->posted);
	}
	printf("]},\"kpi\":[");
	for (size_t i = 0; i < r->n_metrics; i++) {
		const struct report_metric *m = &r->metrics[i];
		printf("%s{\"key\":", i ? "," : "");
		json_string(stdout, m->metric->key);
		printf(",\"name\":");
		json_string(stdout, m->metric->name);
		printf(",\"value\":");
		json_number_or_null(m->defined, kpi_display_value(m->metric, m->value));
		printf(",\"previous\":");
		json_number_or_null(m->prev_defined, kpi_display_value(m->metric, m->prev));
		printf(",\"status\":\"%s\",\"groups_below\":%d}", kpi_status_key(m->status),
		       m->groups_below);
	}
	printf("],\"ab\":[");
	for (size_t i = 0; i < r->n_ab; i++) {
		const struct report_ab *a = &r->ab[i];
		const struct pb_metric *m = playbook_metric(pb, a->test.metric);
		printf("%s{\"name\":", i ? "," : "");
		json_string(stdout, a->test.name);
		printf(",\"action\":");
		json_string(stdout, a->test.action_id);
		printf(",\"a\":");
		json_number_or_null(a->standing.arm[0].defined,
				    kpi_display_value(m, a->standing.arm[0].value));
		printf(",\"b\":");
		json_number_or_null(a->standing.arm[1].defined,
				    kpi_display_value(m, a->standing.arm[1].value));
		printf(",\"significant\":%s,\"winner\":", a->standing.significant ? "true" : "false");
		if (a->standing.winner)
			printf("\"%c\"}", a->standing.winner);
		else
			printf("null}");
	}
	printf("],\"feedback\":{");
	for (int q = 0; q < FEEDBACK_QUADRANTS; q++)
		printf("%s\"%s\":{\"open\":%d,\"total\":%d}", q ? "," : "",
		       feedback_quadrant_key((enum feedback_quadrant)q), r->feedback.open[q],
		       r->feedback.total[q]);
	printf(",\"open_items\":[");
	for (size_t i = 0; i < r->n_open_feedback; i++) {
		const struct feedback *f = &r->open_feedback[i];
		printf("%s{\"id\":%lld,\"group\":", i ? "," : "", (long long)f->id);
		json_string(stdout, f->group);
		printf(",\"quadrant\":\"%s\",\"text\":", feedback_quadrant_key(f->quadrant));
		json_string(stdout, f->body);
		printf("}");
	}
	printf("]},\"versions\":[");
	for (size_t i = 0; i < r->n_versions; i++) {
		printf("%s{\"version\":", i ? "," : "");
		json_string(stdout, r->versions[i].version);
		printf(",\"day\":");
		json_day(r->versions[i].day);
		printf(",\"note\":");
		json_string(stdout, r->versions[i].note);
		printf("}");
	}
	printf("]}\n");
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
	struct playbook *pb = NULL;
	struct report r;
	int rc = EXIT_OK;
	if (playbook_load_active(db, &pb, &cause) < 0 ||
	    report_build(db, pb, kind, label, from, to, cli->today, group,
			 mine ? cli->operator : cli->owner, &r, &cause) < 0) {
		rc = cli_fail(cause);
	} else {
		if (strcmp(format, "json") == 0) {
			print_json(&r, pb);
		} else {
			char *md = report_markdown(&r, pb);
			fputs(md, stdout);
			free(md);
		}
		report_free(&r);
	}
	if (pb)
		playbook_free(pb);
	free(cause);
	db_close(db);
	return rc;
}
