/* sopdeck content [filters] [--json]: the content library, filtered, newest first. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "content-args.h"
#include "content.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

#define PAGE 500

void content_args_free(struct content_args *a)
{
	free(a->tags);
	free(a->category);
	memset(a, 0, sizeof *a);
}

/* A date option: YYYY-MM-DD, or YYYYMM (the month's first day, or its last for --to). */
static int parse_date_opt(const char *cmd, const char *opt, const char *v, bool end, int *day)
{
	*day = content_parse_date(v);
	if (*day == DATE_INVALID)
		return cli_usage(cmd, "%s: '%s' is not a date (YYYY-MM-DD or YYYYMM)", opt, v);
	if (end && strlen(v) == 6) {
		int y, m, d;
		date_to_ymd(*day, &y, &m, &d);
		*day += date_days_in_month(y, m) - 1;
	}
	return 0;
}

/* --from after --to matches nothing: say so instead of printing an empty list. */
static int range_check(const char *cmd, const struct content_filter *f)
{
	if (f->from != DATE_INVALID && f->to != DATE_INVALID && f->from > f->to) {
		char from[11], to[11];
		date_format(f->from, from);
		date_format(f->to, to);
		return cli_usage(cmd, "--from %s is after --to %s: the date range is reversed",
				 from, to);
	}
	return 0;
}

int content_args_parse(struct db *db, const char *cmd, int *i, struct content_args *a)
{
	int argc = a->argc;
	char **argv = a->argv;
	const char *v;
	int r;
	if ((r = cli_opt_value(argc, argv, i, "--tag", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, "--tag needs a value");
		a->tags = xrealloc(a->tags, (a->filter.n_tags + 1) * sizeof *a->tags);
		a->tags[a->filter.n_tags++] = v;
		a->filter.tags = a->tags;
	} else if ((r = cli_opt_value(argc, argv, i, "--category", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, "--category needs a value");
		struct playbook *pb;
		char *cause = NULL;
		if (playbook_load_active(db, &pb, &cause) < 0) {
			cli_fail(cause);
			free(cause);
			return EXIT_FAIL;
		}
		const char *key = content_category_parse(pb, v);
		if (key)
			a->category = xstrdup(key);
		playbook_free(pb);
		if (!key)
			return cli_usage(cmd, "--category: unknown category '%s'", v);
		a->filter.category = a->category;
	} else if ((r = cli_opt_value(argc, argv, i, "--zone", &v)) != 0) {
		if (r < 0 || !(a->filter.zone = content_zone_parse(v)) || !*a->filter.zone)
			return cli_usage(cmd, "--zone: want knowledge|visual|campaign|ugc");
	} else if ((r = cli_opt_value(argc, argv, i, "--form", &v)) != 0) {
		if (r < 0 || !(a->filter.form = content_form_parse(v)) || !*a->filter.form)
			return cli_usage(cmd, "--form: want text|video|voice|live|qa");
	} else if ((r = cli_opt_value(argc, argv, i, "--from", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, "--from needs a date");
		if ((r = parse_date_opt(cmd, "--from", v, false, &a->filter.from)) != 0)
			return r;
		return range_check(cmd, &a->filter);
	} else if ((r = cli_opt_value(argc, argv, i, "--to", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, "--to needs a date");
		if ((r = parse_date_opt(cmd, "--to", v, true, &a->filter.to)) != 0)
			return r;
		return range_check(cmd, &a->filter);
	} else if ((r = cli_opt_value(argc, argv, i, "--search", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, "--search needs a value");
		a->filter.search = v;
	} else {
		return -1;
	}
	return 0;
}

static void print_json_rate(const char *name, bool defined, double v)
{
	printf(",\"%s\":", name);
	if (defined)
		printf("%.10g", v * 100);
	else
		printf("null");
}

/*
 * "performance": posted slots up to today, open and interaction rates in percent
 * (as `kpi --json`; null when undefined), rank over the last 30 days (null if
 * not ranked) out of ranked, retire (bottom 20%).
 */
static void print_json_perf(const struct kpi_content_perf *p)
{
	struct kpi_content_perf none = {0};
	if (!p)
		p = &none;
	printf(",\"performance\":{\"posts\":%zu", p->posts);
	print_json_rate("open_rate", p->open_defined, p->open_rate);
	print_json_rate("interact_rate", p->interact_defined, p->interact_rate);
	if (p->rank)
		printf(",\"rank\":%zu", p->rank);
	else
		printf(",\"rank\":null");
	printf(",\"ranked\":%zu,\"retire\":%s}", p->ranked, p->retire ? "true" : "false");
}

static void print_json_item(const struct content_item *it, bool first,
			    const struct kpi_content_perf *perf, size_t n_perf)
{
	char date[11];
	date_format(it->date, date);
	printf("%s\n{\"id\":%lld,\"title\":", first ? "" : ",", (long long)it->id);
	json_string(stdout, it->title);
	printf(",\"category\":");
	json_string(stdout, it->category);
	printf(",\"zone\":");
	json_string(stdout, it->zone);
	printf(",\"form\":");
	json_string(stdout, it->form);
	printf(",\"style\":");
	json_string(stdout, it->style);
	printf(",\"date\":\"%s\",\"source\":", date);
	json_string(stdout, it->source);
	printf(",\"tags\":[");
	for (size_t t = 0; t < it->n_tags; t++) {
		if (t)
			putchar(',');
		json_string(stdout, it->tags[t]);
	}
	printf("],\"body\":");
	json_string(stdout, it->body);
	print_json_perf(kpi_content_perf_find(perf, n_perf, it->id));
	putchar('}');
}

static void print_cell(const char *s, int cols, bool last)
{
	char *safe = text_sanitize(s, false);
	char *fit = text_fit(safe, cols, !last);
	fputs(fit, stdout);
	fputs(last ? "\n" : "  ", stdout);
	free(fit);
	free(safe);
}

static void print_text_item(const struct content_item *it)
{
	char id[24], date[11];
	snprintf(id, sizeof id, "%lld", (long long)it->id);
	date_format(it->date, date);
	struct buf tags = {0};
	for (size_t t = 0; t < it->n_tags; t++) {
		if (t)
			buf_adds(&tags, "、");
		buf_adds(&tags, it->tags[t]);
	}
	print_cell(id, 6, false);
	print_cell(date, 10, false);
	print_cell(it->category, 8, false);
	print_cell(content_form_name(it->form), 6, false);
	print_cell(it->title, 40, false);
	print_cell(buf_str(&tags), 40, true);
	buf_free(&tags);
}

int cmd_content(struct cli *cli)
{
	if (cli->argc > 1 && cmd_content_is_edit(cli->argv[1]))
		return cmd_content_edit(cli);
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	struct content_args a = {.argc = cli->argc, .argv = cli->argv};
	content_filter_init(&a.filter);
	bool json = false, by_title = false;
	int rc = EXIT_OK;
	for (int i = 1; i < cli->argc && rc == EXIT_OK; i++) {
		int r = content_args_parse(db, "content", &i, &a);
		if (r > 0)
			rc = r;
		else if (r == 0)
			continue;
		else if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else if (strcmp(cli->argv[i], "--archived") == 0)
			a.filter.archived = true;
		else if (strcmp(cli->argv[i], "--sort=title") == 0)
			by_title = true;
		else if (strcmp(cli->argv[i], "--sort=date") == 0)
			by_title = false;
		else
			rc = cli_usage("content", "unknown option '%s'", cli->argv[i]);
	}
	if (rc != EXIT_OK) {
		content_args_free(&a);
		db_close(db);
		return rc;
	}
	/* Page through the matches so memory stays bounded on a large library. */
	char *cause = NULL;
	size_t total = 0, n;
	struct content_item *page, last = {0};
	struct content_cursor cur;
	enum content_sort sort = by_title ? CONTENT_SORT_TITLE : CONTENT_SORT_DATE;
	/* Performance of every posted item in two queries, looked up per item below. */
	struct kpi_content_perf *perf = NULL;
	size_t n_perf = 0;
	if (json) {
		struct playbook *pb = NULL;
		if (playbook_load_active(db, &pb, &cause) < 0 ||
		    kpi_content_performance_all(db, pb, cli->today, &perf, &n_perf, &cause) < 0)
			rc = cli_fail(cause);
		playbook_free(pb);
		if (rc != EXIT_OK) {
			free(cause);
			content_args_free(&a);
			db_close(db);
			return rc;
		}
		printf("{\"items\":[");
	}
	for (;;) {
		if (content_query(db, &a.filter, sort, total ? &cur : NULL, false, PAGE, &page, &n,
				  &cause) < 0) {
			rc = cli_fail(cause);
			break;
		}
		for (size_t i = 0; i < n; i++) {
			if (json)
				print_json_item(&page[i], total + i == 0, perf, n_perf);
			else
				print_text_item(&page[i]);
		}
		total += n;
		if (n) {
			content_item_clear(&last);
			content_item_copy(&last, &page[n - 1]);
			cur = content_cursor_at(&last);
		}
		content_items_free(page, n);
		if (n < PAGE)
			break;
	}
	content_item_clear(&last);
	free(perf);
	if (json && rc == EXIT_OK)
		printf("\n],\"count\":%zu}\n", total);
	else if (rc == EXIT_OK && total == 0)
		fprintf(stderr, "sopdeck: no content matches\n");
	free(cause);
	content_args_free(&a);
	db_close(db);
	return rc;
}
