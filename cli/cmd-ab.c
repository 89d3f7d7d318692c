/*
 * sopdeck ab: A/B tests of an action's copy or time.
 *   ab new NAME --action ID --metric KEY (--copy A B | --times T1 T2)
 *          [--groups G1,G2...] [--from D] [--days N]
 *   ab [--json]                    every test with its standing
 *   ab show NAME [--json]          per arm: group-days, the metric, the difference, significance
 *   ab stop NAME | ab adopt NAME A|B
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ab.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

#define AB_DEFAULT_DAYS 14

/* Print s through the sanitiser. */
static void put_safe(const char *s)
{
	char *safe = text_sanitize(s, false);
	fputs(safe, stdout);
	free(safe);
}

/* Split "a,b，c" into names (commas ASCII or full-width); returns the count. */
static size_t split_groups(const char *list, char ***out)
{
	char *copy = xstrdup(list);
	char **v = NULL;
	size_t n = 0;
	for (char *p = copy; p;) {
		char *comma = strchr(p, ',');
		char *wide = strstr(p, "，");
		char *next = NULL;
		if (wide && (!comma || wide < comma)) {
			*wide = '\0';
			next = wide + strlen("，");
		} else if (comma) {
			*comma = '\0';
			next = comma + 1;
		}
		char *name = text_trim(p);
		if (*name) {
			v = xrealloc(v, (n + 1) * sizeof *v);
			v[n++] = xstrdup(name);
		}
		p = next;
	}
	free(copy);
	*out = v;
	return n;
}

static int ab_new(struct cli *cli)
{
	if (cli->argc < 3 || cli->argv[2][0] == '-')
		return cli_usage("ab new", _("needs a NAME first"));
	struct ab_spec spec = {.name = cli->argv[2], .from = cli->today, .days = AB_DEFAULT_DAYS};
	const char *groups = NULL;
	bool have_arms = false;
	for (int i = 3; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--action", &v)) != 0) {
			spec.action_id = v;
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--metric", &v)) != 0) {
			spec.metric = v;
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--groups", &v)) != 0) {
			groups = v;
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--from", &v)) != 0) {
			spec.from = r > 0 ? date_parse(v) : DATE_INVALID;
			if (spec.from == DATE_INVALID)
				return cli_usage("ab new", _("--from needs a date YYYY-MM-DD"));
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--days", &v)) != 0) {
			char *end;
			spec.days = r > 0 ? (int)strtol(v, &end, 10) : 0;
			if (r < 0 || *end || spec.days <= 0)
				return cli_usage("ab new", _("--days needs a number of days"));
		} else if (strcmp(cli->argv[i], "--copy") == 0 || strcmp(cli->argv[i], "--times") == 0) {
			if (have_arms)
				return cli_usage("ab new", _("give --copy or --times once"));
			if (i + 2 >= cli->argc)
				return cli_usage("ab new", _("%s needs two values (arm A and arm B)"),
						 cli->argv[i]);
			spec.kind = cli->argv[i][2] == 'c' ? AB_COPY : AB_TIME;
			spec.arm[0] = cli->argv[++i];
			spec.arm[1] = cli->argv[++i];
			have_arms = true;
			r = 1;
		} else {
			return cli_usage("ab new", _("unexpected argument '%s'"), cli->argv[i]);
		}
		if (r < 0)
			return cli_usage("ab new", _("%s needs a value"), cli->argv[i]);
	}
	if (!spec.action_id || !spec.metric || !have_arms)
		return cli_usage("ab new", _("needs --action ID --metric KEY and --copy A B or --times "
					   "T1 T2"));
	char **names = NULL;
	spec.n_groups = groups ? split_groups(groups, &names) : 0;
	spec.groups = (const char *const *)names;
	if (groups && spec.n_groups == 0)
		return cli_usage("ab new", _("--groups names no group"));
	struct db *db = cli_open_db(cli);
	int rc = EXIT_FAIL;
	char *cause = NULL;
	struct playbook *pb = NULL;
	if (db && playbook_load_active(db, &pb, &cause) == 0 &&
	    ab_create(db, pb, &spec, cli->operator, &cause) == 0) {
		char from[11], to[11];
		date_format(spec.from, from);
		date_format(spec.from + spec.days - 1, to);
		printf(_("A/B test "));
		put_safe(spec.name);
		printf(_(" runs %s to %s: A on %s and every other day, B the days between\n"), from, to,
		       from);
		rc = EXIT_OK;
	} else if (db) {
		cli_fail(cause);
	}
	for (size_t i = 0; i < spec.n_groups; i++)
		free(names[i]);
	free(names);
	if (pb)
		playbook_free(pb);
	free(cause);
	db_close(db);
	return rc;
}

static const char *status_key(const struct ab_test *t, int today)
{
	if (*t->adopted)
		return "adopted";
	if (t->stopped)
		return "stopped";
	if (today < t->from)
		return "planned";
	return today > t->end ? "finished" : "running";
}

static const char *status_name(const char *key)
{
	if (strcmp(key, "adopted") == 0)
		return "已采用";
	if (strcmp(key, "stopped") == 0)
		return "已停止";
	if (strcmp(key, "planned") == 0)
		return "未开始";
	return strcmp(key, "finished") == 0 ? "已结束" : "进行中";
}

static void json_arm(const struct pb_metric *m, const struct ab_test *t, int i,
		     const struct ab_arm_result *a)
{
	char shown[64];
	kpi_format_value(m, a->defined, a->value, shown, sizeof shown);
	printf("{\"arm\":\"%c\",\"%s\":", 'A' + i, t->kind == AB_COPY ? "copy" : "time");
	json_string(stdout, t->arm[i]);
	printf(",\"group_days\":%d,\"numerator\":%.17g,\"denominator\":%.17g,\"value\":", a->group_days,
	       a->num, a->den);
	if (a->defined)
		printf("%.17g", kpi_display_value(m, a->value));
	else
		printf("null");
	printf(",\"shown\":");
	json_string(stdout, shown);
	printf("}");
}

static void json_test(const struct playbook *pb, const struct ab_test *t,
		      const struct ab_standing *s, int today)
{
	const struct pb_metric *m = playbook_metric(pb, t->metric);
	char from[11], end[11], to[11];
	date_format(t->from, from);
	date_format(t->end, end);
	date_format(s->measured_to, to);
	printf("{\"name\":");
	json_string(stdout, t->name);
	printf(",\"action\":");
	json_string(stdout, t->action_id);
	printf(",\"metric\":");
	json_string(stdout, t->metric);
	printf(",\"kind\":\"%s\",\"status\":\"%s\",\"from\":\"%s\",\"end\":\"%s\",\"days\":%d,"
	       "\"measured_to\":\"%s\",\"groups\":[",
	       t->kind == AB_COPY ? "copy" : "time", status_key(t, today), from, end, t->days,
	       s->measured_to >= t->from ? to : from);
	for (size_t g = 0; g < t->n_groups; g++) {
		if (g)
			putchar(',');
		json_string(stdout, t->group_names[g]);
	}
	printf("],\"arms\":[");
	for (int i = 0; i < 2; i++) {
		if (i)
			putchar(',');
		json_arm(m, t, i, &s->arm[i]);
	}
	printf("],\"difference\":");
	if (s->comparable)
		printf("%.17g,\"z\":%.6g", s->diff, s->z);
	else
		printf("null,\"z\":null");
	printf(",\"significant\":%s,\"winner\":", s->significant ? "true" : "false");
	if (s->winner)
		printf("\"%c\"", s->winner);
	else
		printf("null");
	printf(",\"more_group_days\":");
	if (s->more_group_days >= 0 && !s->significant)
		printf("%d", s->more_group_days);
	else
		printf("null");
	printf(",\"adopted\":");
	if (*t->adopted)
		json_string(stdout, t->adopted);
	else
		printf("null");
	printf("}");
}

static void print_verdict(const struct pb_metric *m, const struct ab_standing *s)
{
	char *v = ab_verdict(m, s);
	printf("%s\n", v);
	free(v);
}

static void print_show(const struct playbook *pb, const struct ab_test *t,
		       const struct ab_standing *s, int today)
{
	const struct pb_metric *m = playbook_metric(pb, t->metric);
	const struct pb_action *a = playbook_action(pb, t->action_id);
	char from[11], end[11];
	date_format(t->from, from);
	date_format(t->end, end);
	printf("A/B 测试 ");
	put_safe(t->name);
	printf("  [%s]\n%s：", status_name(status_key(t, today)),
	       t->kind == AB_COPY ? "话术" : "时段");
	put_safe(a ? a->title : t->action_id);
	printf(" (");
	put_safe(t->action_id);
	printf(")  指标：");
	put_safe(m ? m->name : t->metric);
	printf("  %s → %s，%zu 个群\n\n", from, end, t->n_groups);
	for (int i = 0; i < 2; i++) {
		char shown[64];
		kpi_format_value(m, s->arm[i].defined, s->arm[i].value, shown, sizeof shown);
		char *arm = text_sanitize(t->arm[i], false);
		char *fit = text_fit(arm, 36, true);
		printf("  %c  %s  %4d 群日  %8s  (%.0f/%.0f)\n", 'A' + i, fit, s->arm[i].group_days,
		       shown, s->arm[i].num, s->arm[i].den);
		free(fit);
		free(arm);
	}
	printf("\n");
	print_verdict(m, s);
}

static int with_test(struct cli *cli, const char *name, bool json)
{
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook *pb = NULL;
	struct ab_test t;
	struct ab_standing s;
	int rc = EXIT_FAIL;
	int f = -1;
	if (playbook_load_active(db, &pb, &cause) == 0)
		f = ab_find(db, name, &t, &cause);
	if (f == 1) {
		char *msg = xasprintf("no A/B test named '%s' (see sopdeck ab)", name);
		cli_fail(msg);
		free(msg);
	} else if (f == 0) {
		if (ab_standing(db, pb, &t, cli->today, &s, &cause) == 0) {
			if (json) {
				json_test(pb, &t, &s, cli->today);
				printf("\n");
			} else {
				print_show(pb, &t, &s, cli->today);
			}
			rc = EXIT_OK;
		} else {
			cli_fail(cause);
		}
		ab_test_clear(&t);
	} else {
		cli_fail(cause);
	}
	if (pb)
		playbook_free(pb);
	free(cause);
	db_close(db);
	return rc;
}

static int ab_list_cmd(struct cli *cli, bool json)
{
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook *pb = NULL;
	struct ab_test *tests = NULL;
	size_t n = 0;
	int rc = EXIT_OK;
	if (playbook_load_active(db, &pb, &cause) < 0 || ab_list(db, &tests, &n, &cause) < 0) {
		rc = cli_fail(cause);
		goto out;
	}
	if (json)
		printf("[");
	else if (n == 0)
		printf("没有 A/B 测试 (sopdeck ab new NAME ...)\n");
	for (size_t i = 0; i < n; i++) {
		struct ab_standing s;
		if (ab_standing(db, pb, &tests[i], cli->today, &s, &cause) < 0) {
			/* A test of a metric the newer playbook dropped still lists. */
			memset(&s, 0, sizeof s);
			free(cause);
			cause = NULL;
		}
		if (json) {
			if (i)
				putchar(',');
			json_test(pb, &tests[i], &s, cli->today);
			continue;
		}
		char *name = text_sanitize(tests[i].name, false);
		char *fit = text_fit(name, 20, true);
		printf("%s %-6s ", fit, status_name(status_key(&tests[i], cli->today)));
		free(fit);
		free(name);
		put_safe(tests[i].action_id);
		printf(" · ");
		print_verdict(playbook_metric(pb, tests[i].metric), &s);
	}
	if (json)
		printf("]\n");
out:
	ab_list_free(tests, n);
	if (pb)
		playbook_free(pb);
	free(cause);
	db_close(db);
	return rc;
}

static int ab_change(struct cli *cli, bool adopt)
{
	const char *sub = adopt ? "ab adopt" : "ab stop";
	if (cli->argc != (adopt ? 4 : 3))
		return cli_usage(sub, adopt ? "needs NAME and A or B" : "needs NAME");
	int arm = -1;
	if (adopt) {
		const char *a = cli->argv[3];
		arm = strcasecmp(a, "A") == 0 ? 0 : strcasecmp(a, "B") == 0 ? 1 : -1;
		if (arm < 0)
			return cli_usage(sub, _("'%s' is not A or B"), a);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL, *note = NULL;
	struct playbook *pb = NULL;
	int rc = EXIT_OK;
	if (!adopt) {
		if (ab_stop(db, cli->argv[2], cli->today, cli->operator, &cause) < 0)
			rc = cli_fail(cause);
		else
			printf(_("stopped; the days before today count\n"));
	} else if (playbook_load_active(db, &pb, &cause) < 0 ||
		   ab_adopt(db, pb, cli->argv[2], arm, cli->today, cli->operator, &note, &cause) <
			   0) {
		rc = cli_fail(cause);
	} else {
		printf(_("adopted %c as a new playbook version: "), 'A' + arm);
		put_safe(note);
		printf("\n");
	}
	if (pb)
		playbook_free(pb);
	free(note);
	free(cause);
	db_close(db);
	return rc;
}

int cmd_ab(struct cli *cli)
{
	const char *sub = cli->argc > 1 ? cli->argv[1] : "";
	if (strcmp(sub, "new") == 0)
		return ab_new(cli);
	if (strcmp(sub, "stop") == 0)
		return ab_change(cli, false);
	if (strcmp(sub, "adopt") == 0)
		return ab_change(cli, true);
	if (strcmp(sub, "show") == 0) {
		bool json = false;
		const char *name = NULL;
		for (int i = 2; i < cli->argc; i++) {
			if (strcmp(cli->argv[i], "--json") == 0)
				json = true;
			else if (!name)
				name = cli->argv[i];
			else
				return cli_usage("ab show", _("unexpected argument '%s'"), cli->argv[i]);
		}
		if (!name)
			return cli_usage("ab show", _("needs NAME"));
		return with_test(cli, name, json);
	}
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else
			return cli_usage("ab", _("unexpected argument '%s' (new, show, stop, adopt, "
					       "--json)"),
					 cli->argv[i]);
	}
	return ab_list_cmd(cli, json);
}
