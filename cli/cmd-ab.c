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
	struct playbook_set *set = NULL;
	if (db && playbook_set_load(db, &set, &cause) == 0 &&
	    ab_create(db, set, &spec, cli->operator, &cause) == 0) {
		char from[11], to[11];
		date_format(spec.from, from);
		date_format(spec.from + spec.days - 1, to);
		printf(_("A/B test "));
		out_text(stdout, spec.name);
		printf(_(" runs %s to %s: A on %s and every other day, B the days between\n"), from, to,
		       from);
		rc = EXIT_OK;
	} else if (db) {
		cli_fail(cause);
	}
	for (size_t i = 0; i < spec.n_groups; i++)
		free(names[i]);
	free(names);
	playbook_set_free(set);
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
		return _("adopted");
	if (strcmp(key, "stopped") == 0)
		return _("stopped");
	if (strcmp(key, "planned") == 0)
		return _("planned");
	return strcmp(key, "finished") == 0 ? _("finished") : _("running");
}

static void json_arm(struct json *j, const struct pb_metric *m, const struct ab_test *t, int i,
		     const struct ab_arm_result *a)
{
	char shown[64], arm[2] = {(char)('A' + i), '\0'};
	kpi_format_value(m, a->defined, a->value, shown, sizeof shown);
	json_object(j);
	json_key(j, "arm");
	json_str(j, arm);
	json_key(j, t->kind == AB_COPY ? "copy" : "time");
	json_text(j, t->arm[i]);
	json_key(j, "group_days");
	json_int(j, a->group_days);
	json_key(j, "numerator");
	json_num_digits(j, a->num, 17);
	json_key(j, "denominator");
	json_num_digits(j, a->den, 17);
	json_key(j, "value");
	if (a->defined)
		json_num_digits(j, kpi_display_value(m, a->value), 17);
	else
		json_null(j);
	json_key(j, "shown");
	json_text(j, shown);
	json_end(j);
}

/* One test as a JSON object (a document of its own when j is at depth 0). */
static void json_test(struct json *j, const struct playbook *pb, const struct ab_test *t,
		      const struct ab_standing *s, int today)
{
	const struct pb_metric *m = playbook_metric(pb, t->metric);
	char from[11], end[11], to[11];
	date_format(t->from, from);
	date_format(t->end, end);
	date_format(s->measured_to, to);
	json_object(j);
	json_key(j, "name");
	json_text(j, t->name);
	json_key(j, "action");
	json_text(j, t->action_id);
	json_key(j, "metric");
	json_text(j, t->metric);
	/* The playbook (business line) the test belongs to: its groups run on it. */
	json_key(j, "playbook");
	json_text(j, pb->name);
	json_key(j, "kind");
	json_str(j, t->kind == AB_COPY ? "copy" : "time");
	json_key(j, "status");
	json_str(j, status_key(t, today));
	json_key(j, "from");
	json_str(j, from);
	json_key(j, "end");
	json_str(j, end);
	json_key(j, "days");
	json_int(j, t->days);
	json_key(j, "measured_to");
	json_str(j, s->measured_to >= t->from ? to : from);
	json_key(j, "groups");
	json_array(j);
	for (size_t g = 0; g < t->n_groups; g++)
		json_text(j, t->group_names[g]);
	json_end(j);
	json_key(j, "arms");
	json_array(j);
	for (int i = 0; i < 2; i++)
		json_arm(j, m, t, i, &s->arm[i]);
	json_end(j);
	json_key(j, "difference");
	if (s->comparable)
		json_num_digits(j, s->diff, 17);
	else
		json_null(j);
	json_key(j, "z");
	if (s->comparable)
		json_num_digits(j, s->z, 6);
	else
		json_null(j);
	json_key(j, "significant");
	json_bool(j, s->significant);
	json_key(j, "winner");
	char winner[2] = {s->winner, '\0'};
	json_str_or_null(j, winner);
	json_key(j, "more_group_days");
	if (s->more_group_days >= 0 && !s->significant)
		json_int(j, s->more_group_days);
	else
		json_null(j);
	json_key(j, "adopted");
	json_str_or_null(j, t->adopted);
	json_end(j);
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
	printf("%s ", _("A/B test"));
	out_text(stdout, t->name);
	printf("  [%s]\n", status_name(status_key(t, today)));
	printf(_("%s: "), t->kind == AB_COPY ? _("copy") : _("time slot"));
	out_text(stdout, a ? i18n_title(a->title, a->title_en) : t->action_id);
	printf(" (");
	out_text(stdout, t->action_id);
	printf(")  %s", _("metric: "));
	out_text(stdout, m ? i18n_title(m->name, m->name_en) : t->metric);
	printf(_("  %s → %s, %zu groups  playbook "), from, end, t->n_groups);
	out_text(stdout, pb->name);
	printf("\n\n");
	for (int i = 0; i < 2; i++) {
		char shown[64];
		kpi_format_value(m, s->arm[i].defined, s->arm[i].value, shown, sizeof shown);
		printf("  %c  ", 'A' + i);
		out_cell(stdout, t->arm[i], 36, "  ");
		printf(_("%4d group-days  "), s->arm[i].group_days);
		out_cell_right(stdout, shown, 8, "  ");
		printf("(%.0f/%.0f)\n", s->arm[i].num, s->arm[i].den);
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
	struct playbook_set *set = NULL;
	struct ab_test t;
	struct ab_standing s;
	int rc = EXIT_FAIL;
	int f = -1;
	if (playbook_set_load(db, &set, &cause) == 0)
		f = ab_find(db, name, &t, &cause);
	if (f == 1) {
		char *msg = xasprintf(_("no A/B test named '%s' (see sopdeck ab)"), name);
		cli_fail(msg);
		free(msg);
	} else if (f == 0) {
		const struct playbook *pb = ab_test_playbook(set, &t);
		if (ab_standing(db, pb, &t, cli->today, &s, &cause) == 0) {
			if (json) {
				struct json j;
				json_init(&j, stdout);
				json_test(&j, pb, &t, &s, cli->today);
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
	playbook_set_free(set);
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
	struct playbook_set *set = NULL;
	struct ab_test *tests = NULL;
	size_t n = 0;
	int rc = EXIT_OK;
	if (playbook_set_load(db, &set, &cause) < 0 || ab_list(db, &tests, &n, &cause) < 0) {
		rc = cli_fail(cause);
		goto out;
	}
	struct json j;
	json_init(&j, stdout);
	if (json)
		json_array(&j);
	else if (n == 0)
		printf("%s", _("no A/B tests (sopdeck ab new NAME ...)\n"));
	for (size_t i = 0; i < n; i++) {
		struct ab_standing s;
		/* Each test is measured on its own playbook's metric. */
		const struct playbook *pb = ab_test_playbook(set, &tests[i]);
		if (ab_standing(db, pb, &tests[i], cli->today, &s, &cause) < 0) {
			/* A test of a metric the newer playbook dropped still lists. */
			memset(&s, 0, sizeof s);
			free(cause);
			cause = NULL;
		}
		if (json) {
			json_test(&j, pb, &tests[i], &s, cli->today);
			continue;
		}
		out_cell(stdout, tests[i].name, 20, " ");
		out_cell(stdout, status_name(status_key(&tests[i], cli->today)), 8, " ");
		out_text(stdout, tests[i].action_id);
		printf(" · ");
		print_verdict(playbook_metric(pb, tests[i].metric), &s);
	}
	if (json)
		json_end(&j);
out:
	ab_list_free(tests, n);
	playbook_set_free(set);
	free(cause);
	db_close(db);
	return rc;
}

static int ab_change(struct cli *cli, bool adopt)
{
	const char *sub = adopt ? "ab adopt" : "ab stop";
	if (cli->argc != (adopt ? 4 : 3))
		return cli_usage(sub, adopt ? _("needs NAME and A or B") : _("needs NAME"));
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
	struct playbook_set *set = NULL;
	int rc = EXIT_OK;
	if (!adopt) {
		if (ab_stop(db, cli->argv[2], cli->today, cli->operator, &cause) < 0)
			rc = cli_fail(cause);
		else
			printf(_("stopped; the days before today count\n"));
	} else if (playbook_set_load(db, &set, &cause) < 0 ||
		   ab_adopt(db, set, cli->argv[2], arm, cli->today, cli->operator, &note, &cause) <
			   0) {
		rc = cli_fail(cause);
	} else {
		printf(_("adopted %c as a new playbook version: "), 'A' + arm);
		out_text(stdout, note);
		printf("\n");
	}
	playbook_set_free(set);
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
