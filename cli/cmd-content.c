/*
 * sopdeck content [filters] [--sort=title] [--limit N] [--after ID] [--json]:
 * the content library, filtered, newest first (date, then id, both descending;
 * --sort=title: title, then id, ascending), written as it is read.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "content-args.h"
#include "content.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

/* JSON items held back to fetch their performance together. */
#define CHUNK 256

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
		return cli_usage(cmd, _("%s: '%s' is not a date (YYYY-MM-DD or YYYYMM)"), opt, v);
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
		return cli_usage(cmd, _("--from %s is after --to %s: the date range is reversed"),
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
			return cli_usage(cmd, _("--tag needs a value"));
		a->tags = xrealloc(a->tags, (a->filter.n_tags + 1) * sizeof *a->tags);
		a->tags[a->filter.n_tags++] = v;
		a->filter.tags = a->tags;
	} else if ((r = cli_opt_value(argc, argv, i, "--category", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--category needs a value"));
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
			return cli_usage(cmd, _("--category: unknown category '%s'"), v);
		a->filter.category = a->category;
	} else if ((r = cli_opt_value(argc, argv, i, "--zone", &v)) != 0) {
		if (r < 0 || !(a->filter.zone = content_zone_parse(v)) || !*a->filter.zone)
			return cli_usage(cmd, _("--zone: want knowledge|visual|campaign|ugc"));
	} else if ((r = cli_opt_value(argc, argv, i, "--form", &v)) != 0) {
		if (r < 0 || !(a->filter.form = content_form_parse(v)) || !*a->filter.form)
			return cli_usage(cmd, _("--form: want text|video|voice|live|qa"));
	} else if ((r = cli_opt_value(argc, argv, i, "--from", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--from needs a date"));
		if ((r = parse_date_opt(cmd, "--from", v, false, &a->filter.from)) != 0)
			return r;
		return range_check(cmd, &a->filter);
	} else if ((r = cli_opt_value(argc, argv, i, "--to", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--to needs a date"));
		if ((r = parse_date_opt(cmd, "--to", v, true, &a->filter.to)) != 0)
			return r;
		return range_check(cmd, &a->filter);
	} else if ((r = cli_opt_value(argc, argv, i, "--search", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--search needs a value"));
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
		json_double(stdout, v * 100);
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
			    const struct kpi_content_perf *perf)
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
	print_json_perf(perf);
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

/*
 * The stream's state: items are written as the query reads them; JSON holds
 * back at most CHUNK of them, so that their performance is one batch of
 * queries per chunk, never one per item nor every match's at once.
 */
struct stream {
	struct db *db;
	const struct playbook *pb;
	int today;
	bool json;
	size_t limit;           /* 0 = no limit */
	size_t written;         /* items written so far */
	bool more;              /* a row past the limit exists */
	int64_t last_id;        /* the last item written */
	struct content_item chunk[CHUNK];
	size_t n_chunk;
};

/* Write the held items with their performance (two queries for the lot). */
static int stream_flush(struct stream *s, char **cause)
{
	if (!s->n_chunk)
		return 0;
	int64_t ids[CHUNK];
	struct kpi_content_perf perf[CHUNK];
	for (size_t i = 0; i < s->n_chunk; i++)
		ids[i] = s->chunk[i].id;
	int rc = kpi_content_performance_list(s->db, s->pb, s->today, ids, s->n_chunk, perf,
					      cause);
	for (size_t i = 0; i < s->n_chunk; i++) {
		if (rc == 0)
			print_json_item(&s->chunk[i], s->written++ == 0, &perf[i]);
		content_item_clear(&s->chunk[i]);
	}
	s->n_chunk = 0;
	return rc;
}

/* content_each's callback: one row read, written now (text) or with its chunk (JSON). */
static int stream_item(struct content_item *it, void *ctx, char **cause)
{
	struct stream *s = ctx;
	if (s->limit && s->written + s->n_chunk == s->limit) {
		/* The one row asked for beyond the limit: there is a next page. */
		s->more = true;
		return 1;
	}
	s->last_id = it->id;
	if (!s->json) {
		print_text_item(it);
		s->written++;
		return 0;
	}
	s->chunk[s->n_chunk++] = *it;
	memset(it, 0, sizeof *it);
	return s->n_chunk == CHUNK ? stream_flush(s, cause) : 0;
}

/* A positive integer option value (--limit, --after), else a usage error. */
static int parse_count(const char *opt, const char *v, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (!*v || *end || errno || n == 0 || n > INT64_MAX || *v == '-' || *v == '+')
		return cli_usage("content", _("%s: '%s' is not a positive whole number"), opt, v);
	*out = (size_t)n;
	return 0;
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
	size_t limit = 0, after = 0;
	int rc = EXIT_OK;
	for (int i = 1; i < cli->argc && rc == EXIT_OK; i++) {
		const char *v;
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
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--limit", &v)) != 0)
			rc = r < 0 ? cli_usage("content", _("--limit needs a number"))
				   : parse_count("--limit", v, &limit);
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--after", &v)) != 0)
			rc = r < 0 ? cli_usage("content", _("--after needs an item id"))
				   : parse_count("--after", v, &after);
		else
			rc = cli_unknown("content", cli->argv[i]);
	}
	char *cause = NULL;
	enum content_sort sort = by_title ? CONTENT_SORT_TITLE : CONTENT_SORT_DATE;
	/* --after ID: the keyset of that item in the listing's order, continued strictly after. */
	struct content_item from = {0};
	struct content_cursor cur;
	if (rc == EXIT_OK && after) {
		if (content_get(db, (int64_t)after, &from, &cause) < 0)
			rc = cli_fail(cause);
		else
			cur = content_cursor_at(&from);
	}
	struct stream *s = xcalloc(1, sizeof *s);
	struct playbook *pb = NULL;
	if (rc == EXIT_OK && json && playbook_load_active(db, &pb, &cause) < 0)
		rc = cli_fail(cause);
	if (rc != EXIT_OK) {
		free(s);
		free(cause);
		content_item_clear(&from);
		content_args_free(&a);
		db_close(db);
		return rc;
	}
	*s = (struct stream){.db = db, .pb = pb, .today = cli->today, .json = json, .limit = limit};
	if (json)
		printf("{\"items\":[");
	/* One statement read row by row; limit + 1 rows to know whether a next page exists. */
	if (content_each(db, &a.filter, sort, after ? &cur : NULL, limit ? limit + 1 : 0,
			 stream_item, s, &cause) < 0 ||
	    (json && stream_flush(s, &cause) < 0))
		rc = cli_fail(cause);
	for (size_t i = 0; i < s->n_chunk; i++)
		content_item_clear(&s->chunk[i]);
	if (json && rc == EXIT_OK) {
		printf("\n],\"count\":%zu,\"next_after\":", s->written);
		if (s->more)
			printf("%lld}\n", (long long)s->last_id);
		else
			printf("null}\n");
	} else if (rc == EXIT_OK && s->written == 0) {
		fprintf(stderr, _("sopdeck: no content matches\n"));
	} else if (rc == EXIT_OK && s->more) {
		fprintf(stderr, _("sopdeck: more items follow: --after %lld\n"), (long long)s->last_id);
	}
	playbook_free(pb);
	free(s);
	free(cause);
	content_item_clear(&from);
	content_args_free(&a);
	db_close(db);
	return rc;
}
