/*
 * sopdeck kpi [--group NAME] [--days N] [--json] [--versions] [--content]:
 * each group's metrics over the last N days (ratios of sums), with threshold,
 * status and trend against the previous N days. Also `export kpi`.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "csv.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

struct kpi_args {
	const char *group;
	int days;
	bool json, versions, content;
};

/* Parse the options after argv[first]; an exit status on error, else -1. */
static int parse_args(struct cli *cli, int first, const char *cmd, struct kpi_args *a)
{
	a->days = 7;
	for (int i = first; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &v)) != 0) {
			if (r < 0)
				return cli_usage(cmd, _("--group needs a name"));
			a->group = v;
		} else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--days", &v)) != 0) {
			char *end;
			long d = r < 0 ? 0 : strtol(v, &end, 10);
			if (r < 0 || *end || d < 1 || d > 3660)
				return cli_usage(cmd, _("--days wants a number of days from 1 to 3660"));
			a->days = (int)d;
		} else if (!strcmp(cli->argv[i], "--json")) {
			a->json = true;
		} else if (!strcmp(cli->argv[i], "--versions")) {
			a->versions = true;
		} else if (!strcmp(cli->argv[i], "--content")) {
			a->content = true;
		} else {
			return cli_unknown(cmd, cli->argv[i]);
		}
	}
	return -1;
}

/* Open a document with its window: "today" (when today is set), "from", "to", "days". */
static void json_window(struct json *j, FILE *out, int today, int from, int to, int days)
{
	char d[11];
	json_init(j, out);
	json_object(j);
	static const char *const keys[] = {"today", "from", "to"};
	const int when[] = {today, from, to};
	for (size_t i = today == DATE_INVALID ? 1 : 0; i < ARRAY_LEN(keys); i++) {
		date_format(when[i], d);
		json_key(j, keys[i]);
		json_str(j, d);
	}
	json_key(j, "days");
	json_int(j, days);
}

/*
 * A metric's threshold as text ("≥20%"), formatted once per metric: 500 groups show the
 * same few metrics, and a metric's threshold does not change while a command runs.
 */
static const char *threshold_text(const struct pb_metric *m)
{
	static struct {
		const struct pb_metric *m;
		char text[96];
	} memo[64];
	static size_t n;
	for (size_t i = 0; i < n; i++)
		if (memo[i].m == m)
			return memo[i].text;
	size_t i = n < ARRAY_LEN(memo) ? n++ : ARRAY_LEN(memo) - 1;
	memo[i].m = m;
	kpi_format_threshold(m, memo[i].text, sizeof memo[i].text);
	return memo[i].text;
}

static void print_json(FILE *out, const struct kpi_report *r, int days)
{
	struct json j;
	json_window(&j, out, r->today, r->from, r->to, days);
	json_key(&j, "groups");
	json_array(&j);
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct kpi_group_report *g = &r->groups[i];
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, g->group.id);
		json_key(&j, "name");
		json_str(&j, g->group.name);
		json_key(&j, "day");
		json_int(&j, g->age + 1);
		json_key(&j, "age");
		json_int(&j, g->age);
		json_key(&j, "playbook");
		json_str(&j, g->pb->name);
		json_key(&j, "stage");
		json_str(&j, g->stage ? g->stage->key : NULL);
		json_key(&j, "stage_name");
		json_str(&j, g->stage ? g->stage->name : NULL);
		json_key(&j, "stage_name_en");
		json_str(&j, g->stage ? g->stage->name_en : NULL);
		json_key(&j, "next_stage");
		json_str(&j, g->next_stage ? g->next_stage->key : NULL);
		json_key(&j, "days_to_next_stage");
		json_num_or_null(&j, g->days_to_next >= 0, g->days_to_next);
		json_key(&j, "members");
		json_num_or_null(&j, g->has_members, g->members);
		json_key(&j, "health");
		json_str(&j, kpi_health_key(g->health));
		/* What the panel and the text show, in their order (kpi_shown_metrics). */
		json_key(&j, "shown");
		json_array(&j);
		for (size_t k = 0; k < g->n_shown; k++)
			json_str(&j, g->metrics[g->shown[k]].metric->key);
		json_end(&j);
		json_key(&j, "metrics");
		json_object(&j);
		for (size_t k = 0; k < g->n_metrics; k++) {
			const struct kpi_metric_result *m = &g->metrics[k];
			const struct pb_metric *pm = m->metric;
			char disp[48];
			kpi_format_value(pm, m->defined, m->value, disp, sizeof disp);
			json_key(&j, pm->key);
			json_object(&j);
			json_key(&j, "name");
			json_str(&j, pm->name);
			json_key(&j, "value");
			json_num_or_null(&j, m->defined, kpi_display_value(pm, m->value));
			json_key(&j, "display");
			json_str(&j, disp);
			json_key(&j, "unit");
			json_str(&j, metric_unit_name(pm->unit));
			json_key(&j, "warn_below");
			json_num_or_null(&j, pm->has_warn_below, pm->warn_below);
			json_key(&j, "warn_above");
			json_num_or_null(&j, pm->has_warn_above, pm->warn_above);
			/* Issue 5's "threshold": as the panel and export kpi write it ("≥20%"). */
			const char *thr = threshold_text(pm);
			json_key(&j, "threshold");
			json_str(&j, *thr ? thr : NULL);
			json_key(&j, "status");
			json_str(&j, kpi_status_key(m->status));
			json_key(&j, "trend");
			json_str(&j, kpi_trend_key(m->trend));
			json_key(&j, "previous");
			json_num_or_null(&j, m->prev_defined, kpi_display_value(pm, m->prev));
			json_key(&j, "in_stage");
			json_bool(&j, m->in_stage);
			json_key(&j, "pdca");
			json_bool(&j, m->pdca);
			json_key(&j, "shown");
			json_bool(&j, m->shown);
			json_end(&j);
		}
		json_end(&j);
		json_key(&j, "advice");
		json_array(&j);
		for (size_t k = 0; k < g->n_shown; k++) {
			const struct kpi_metric_result *m = &g->metrics[g->shown[k]];
			if (m->status != KPI_WARN)
				continue;
			json_object(&j);
			json_key(&j, "metric");
			json_str(&j, m->metric->key);
			json_key(&j, "advice");
			json_str(&j, kpi_advice_text(m->metric, m->value));
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
}

/* One cell: sanitised, cut or padded to cols columns (the one column printer). */
static void cell(FILE *out, const char *s, int cols)
{
	out_cell(out, s, cols, NULL);
}

/* A group's health in the interface's language (the JSON keeps kpi_health_key). */
static const char *health_word(enum kpi_health h)
{
	static const char *const w[] = {N_("no data"), N_("good"), N_("warning"), N_("bad")};
	return _(w[h]);
}

/* Texts' widths by address: the playbooks' few advice texts, measured once each. */
struct widths {
	const char *text[16];
	int width[16];
	size_t n, next;
};

static int width_of(struct widths *w, const char *s)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->text[i] == s)
			return w->width[i];
	size_t at = w->n < ARRAY_LEN(w->text) ? w->n++ : w->next++ % ARRAY_LEN(w->text);
	w->text[at] = s;
	w->width[at] = text_width(s);
	return w->width[at];
}

static void print_text(FILE *out, const struct kpi_report *r)
{
	struct widths widths = {0};
	char a[11], b[11];
	date_format(r->from, a);
	date_format(r->to, b);
	fprintf(out, _("KPIs %s .. %s (trend vs the %d days before)\n"), a, b, r->to - r->from + 1);
	/* With groups on several playbooks, each says whose metrics it shows. */
	bool several = false;
	for (size_t i = 1; i < r->n_groups && !several; i++)
		several = r->groups[i].pb != r->groups[0].pb;
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct kpi_group_report *g = &r->groups[i];
		fputs("\n", out);
		cell(out, g->group.name, 24);
		fputs(" ", out);
		out_text(out, playbook_stage_name(g->stage, "-"));
		fprintf(out, _(" day %d"), g->age + 1);
		if (g->next_stage) {
			fputs(" (", out);
			out_text(out, playbook_stage_name(g->next_stage, "-"));
			fprintf(out, _(" in %d day%s)"), g->days_to_next,
				i18n_plural_s(g->days_to_next));
		}
		if (g->has_members)
			fprintf(out, _("  members %.0f"), g->members);
		fprintf(out, _("  health %s"), health_word(g->health));
		if (several) {
			fputs(_("  playbook "), out);
			out_text(out, g->pb->name);
		}
		fputs("\n", out);
		for (size_t k = 0; k < g->n_shown; k++) {
			const struct kpi_metric_result *m = &g->metrics[g->shown[k]];
			char v[48];
			kpi_format_value(m->metric, m->defined, m->value, v, sizeof v);
			fputs("  ", out);
			cell(out, i18n_title(m->metric->name, m->metric->name_en), 34);
			fputs(" ", out);
			cell(out, v, 9);
			cell(out, threshold_text(m->metric), 8);
			cell(out, kpi_status_name(m->status), 8);
			fprintf(out, "%s", kpi_trend_arrow(m->trend, false));
			if (m->status == KPI_WARN) {
				const char *what = kpi_advice_text(m->metric, m->value);
				fputs("  ", out);
				cell(out, what, width_of(&widths, what));
			}
			fputs("\n", out);
		}
	}
}

static void print_versions(FILE *out, const struct kpi_version_effect *v, size_t n,
			   const char *group)
{
	/* The group name is the user's: sanitised before it reaches the terminal. */
	char *who = text_sanitize(group ? group : _("all groups"), false);
	fprintf(out, _("SOP versions: each metric 30 days before vs after (%s)\n"), who);
	free(who);
	for (size_t i = 0; i < n; i++) {
		fputs("\nV", out);
		cell(out, v[i].version, text_width(v[i].version));
		/* Stored in UTC, shown in the workspace's zone (as `playbooks` shows it). */
		char at[20];
		date_stamp_show(v[i].imported_at ? v[i].imported_at : "", at);
		fputs("  ", out);
		out_text(out, at);
		fputs("  ", out);
		cell(out, v[i].note, text_width(v[i].note));
		fputs("\n", out);
		for (size_t k = 0; k < v[i].n_metrics; k++) {
			const struct kpi_version_metric *m = &v[i].metrics[k];
			char change[128];
			if (!kpi_format_change(m, change, sizeof change))
				continue;
			fputs("  ", out);
			cell(out, i18n_title(m->metric->name, m->metric->name_en), 34);
			fprintf(out, " %s\n", change);
		}
	}
}

/*
 * A playbook version's measured effect, one object per metric keyed by its key (also
 * `report --format json`'s versions). change_percent: +18 means 18% better than before.
 */
void json_version_metrics(struct json *j, const struct kpi_version_metric *metrics, size_t n)
{
	json_object(j);
	for (size_t k = 0; k < n; k++) {
		const struct kpi_version_metric *m = &metrics[k];
		const struct pb_metric *pm = m->metric;
		json_key(j, pm->key);
		json_object(j);
		json_key(j, "name");
		json_text(j, pm->name);
		json_key(j, "unit");
		json_str(j, metric_unit_name(pm->unit));
		json_key(j, "before");
		json_num_or_null(j, m->before_defined, kpi_display_value(pm, m->before));
		json_key(j, "after");
		json_num_or_null(j, m->after_defined, kpi_display_value(pm, m->after));
		json_key(j, "change_percent");
		json_num_or_null(j, m->has_change, m->change * 100);
		json_end(j);
	}
	json_end(j);
}

static void print_versions_json(FILE *out, const struct kpi_version_effect *v, size_t n,
				const char *group, const char *playbook, int today)
{
	char t[11];
	date_format(today, t);
	struct json j;
	json_init(&j, out);
	json_object(&j);
	json_key(&j, "today");
	json_str(&j, t);
	json_key(&j, "playbook");
	json_str(&j, playbook);
	json_key(&j, "group");
	json_str(&j, group);
	json_key(&j, "versions");
	json_array(&j);
	for (size_t i = 0; i < n; i++) {
		json_object(&j);
		json_key(&j, "version");
		json_str(&j, v[i].version ? v[i].version : "");
		json_key(&j, "note");
		json_str(&j, v[i].note ? v[i].note : "");
		json_key(&j, "imported_at");
		json_str(&j, v[i].imported_at ? v[i].imported_at : "");
		json_key(&j, "metrics");
		json_version_metrics(&j, v[i].metrics, v[i].n_metrics);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
}

/* What the content figures are: the group-day's rates, not the item's own counters. */
#define CONTENT_NOTE \
	"rates are those of the groups on the days the item was posted (当天群打开率, " \
	"当天群发言率): items posted in one group on one day share them; ties are never retired"

/* v in decimal into s (at least 21 bytes, NUL-terminated); its length. */
static size_t uint_text(size_t v, char *s)
{
	char rev[24];
	size_t n = 0;
	do
		rev[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	for (size_t i = 0; i < n; i++)
		s[i] = rev[n - 1 - i];
	s[n] = '\0';
	return n;
}

/*
 * The text report as its lines come: the words once, the rates of the line before. The
 * header is written with the first line (or at the end), so a failed read prints nothing.
 */
struct content_text {
	FILE *out;
	int days;
	bool begun;
	size_t lines;
	const char *posts, *open, *speak, *retire;
	char o[16], t[16];
	bool o_def, t_def;
	double o_val, t_val;
	/* The line's end as fitted for the last rates, and the posts cell for the last count:
	   both mostly those of the line before. */
	struct buf line, rates, posts_cell;
	size_t posts_n;
};

static void content_text_begin(struct content_text *c)
{
	FILE *out = c->out;
	c->begun = true;
	fprintf(out, _("Content effect, last %d days: posted content by its group's open rate on "
		       "the day, then speaker rate\n"), c->days);
	fputs(_("Items posted in one group on one day share its numbers; ties are never retired.\n"),
	      out);
	/* The words once (a month's report has 35,000 lines); the rates of a line are mostly
	   those of the line before (items of one group-day share them, and come together). */
	c->posts = _(" posts ");
	c->open = _("open rate ");
	c->speak = _(" speaker rate ");
	c->retire = _(" retire");
}

/* One line, built in one buffer and written once (35,000 lines: no printf per field). */
static void content_text_line(void *ctx, const struct kpi_content_row *row)
{
	struct content_text *c = ctx;
	bool first = c->lines == 0;
	if (!c->begun)
		content_text_begin(c);
	bool rates = first;
	if (first || row->open_defined != c->o_def || row->open_rate != c->o_val) {
		c->o_def = row->open_defined;
		c->o_val = row->open_rate;
		kpi_format_rate(c->o_def, c->o_val, c->o, sizeof c->o);
		rates = true;
	}
	if (first || row->interact_defined != c->t_def || row->interact_rate != c->t_val) {
		c->t_def = row->interact_defined;
		c->t_val = row->interact_rate;
		kpi_format_rate(c->t_def, c->t_val, c->t, sizeof c->t);
		rates = true;
	}
	/* The group-day's rates (当天群打开率 / 当天群发言率 in Chinese), padded cells. */
	if (rates) {
		c->rates.len = 0;
		out_cell_buf(&c->rates, c->o, 7, c->speak);
		out_cell_buf(&c->rates, c->t, 7, "");
	}
	char num[24];
	if (first || row->posts != c->posts_n) {
		c->posts_n = row->posts;
		c->posts_cell.len = 0;
		uint_text(row->posts, num);
		out_cell_buf(&c->posts_cell, num, 4, c->open);
	}
	c->lines++;
	struct buf *line = &c->line;
	line->len = 0;
	/* "%3zu. " */
	size_t w = uint_text(c->lines, num);
	buf_add(line, "   ", w < 3 ? 3 - w : 0);
	buf_add(line, num, w);
	buf_add(line, ". ", 2);
	/* A padded cell, then the words after it. */
	out_cell_buf(line, row->title, 36, c->posts);
	buf_add(line, c->posts_cell.data, c->posts_cell.len);
	buf_add(line, c->rates.data, c->rates.len);
	if (row->retire)
		buf_adds(line, c->retire);
	buf_add(line, "\n", 1);
	fwrite(line->data, 1, line->len, c->out);
}

static void content_text_end(struct content_text *c)
{
	if (!c->begun)
		content_text_begin(c);
	if (c->lines == 0)
		fputs(_("no posted content yet\n"), c->out);
}

/* The JSON report as its lines come, begun with the first line (or at the end) too. */
struct content_json {
	FILE *out;
	int today, days;
	bool begun;
	size_t lines;
	struct json j;
};

static void content_json_begin(struct content_json *c)
{
	c->begun = true;
	json_window(&c->j, c->out, DATE_INVALID, c->today - c->days + 1, c->today, c->days);
	json_key(&c->j, "note");
	json_str(&c->j, CONTENT_NOTE);
	json_key(&c->j, "content");
	json_array(&c->j);
}

static void content_json_line(void *ctx, const struct kpi_content_row *row)
{
	struct content_json *c = ctx;
	struct json *j = &c->j;
	if (!c->begun)
		content_json_begin(c);
	json_object(j);
	json_key(j, "position");
	json_int(j, (long long)++c->lines);
	json_key(j, "id");
	json_int(j, row->content_id);
	json_key(j, "title");
	json_str(j, row->title ? row->title : "");
	json_key(j, "posts");
	json_int(j, (long long)row->posts);
	json_key(j, "group_day_open_rate");
	json_num_or_null(j, row->open_defined, row->open_rate * 100);
	json_key(j, "group_day_speaker_rate");
	json_num_or_null(j, row->interact_defined, row->interact_rate * 100);
	json_key(j, "retire");
	json_bool(j, row->retire);
	json_end(j);
}

static void content_json_end(struct content_json *c)
{
	if (!c->begun)
		content_json_begin(c);
	json_end(&c->j);
	json_end(&c->j);
}

/* --versions: the versions of the group's own playbook (--group), else the default's. */
static int kpi_run_versions(struct cli *cli, struct db *db, const struct playbook_set *set,
			    const struct kpi_args *a, char **cause)
{
	struct group g = {0};
	if (a->group && group_require(db, a->group, &g, cause) < 0)
		return -1;
	const struct playbook *pb = playbook_set_for(set, a->group ? &g : NULL);
	struct kpi_version_effect *v;
	size_t n;
	int rc = kpi_versions(db, pb, g.id, cli->today, &v, &n, cause);
	group_clear(&g);
	if (rc < 0)
		return -1;
	if (a->json)
		print_versions_json(stdout, v, n, a->group, pb->name, cli->today);
	else
		print_versions(stdout, v, n, a->group);
	kpi_versions_free(v, n);
	return 0;
}

/* --content: the content effect report (each group by its own playbook's two rates). */
static int kpi_run_content(struct cli *cli, struct db *db, const struct playbook_set *set,
			   const struct kpi_args *a, char **cause)
{
	/* Each line printed as it is handed out: nothing of the report is copied. */
	int rc;
	if (a->json) {
		struct content_json c = {.out = stdout, .today = cli->today, .days = a->days};
		if ((rc = kpi_content_report_each(db, set, cli->today, a->days, content_json_line,
						  &c, cause)) == 0)
			content_json_end(&c);
	} else {
		struct content_text c = {.out = stdout, .days = a->days};
		rc = kpi_content_report_each(db, set, cli->today, a->days, content_text_line, &c,
					     cause);
		if (rc == 0)
			content_text_end(&c);
		buf_free(&c.line);
		buf_free(&c.rates);
		buf_free(&c.posts_cell);
	}
	return rc;
}

/* The report over the last --days days, each group on its own playbook. */
static int kpi_run_report(struct cli *cli, struct db *db, const struct playbook_set *set,
			  const struct kpi_args *a, struct kpi_report *r, char **cause)
{
	int from, to;
	kpi_window_last(cli->today, a->days, &from, &to);
	return kpi_report_build(db, set, cli->today, from, to, a->group, r, cause);
}

int cmd_kpi(struct cli *cli)
{
	struct kpi_args a = {0};
	int rc = parse_args(cli, 1, "kpi", &a);
	if (rc >= 0)
		return rc;
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook_set *set = NULL;
	struct kpi_report r;
	if (playbook_set_load(db, &set, &cause) < 0)
		rc = -1;
	else if (a.versions)
		rc = kpi_run_versions(cli, db, set, &a, &cause);
	else if (a.content)
		rc = kpi_run_content(cli, db, set, &a, &cause);
	else if ((rc = kpi_run_report(cli, db, set, &a, &r, &cause)) == 0) {
		if (a.json)
			print_json(stdout, &r, a.days);
		else
			print_text(stdout, &r);
		kpi_report_free(&r);
	}
	rc = rc < 0 ? cli_fail(cause) : EXIT_OK;
	free(cause);
	playbook_set_free(set);
	db_close(db);
	return rc;
}

/* A Markdown cell " text |": sanitised, pipes shown as '/', so a name cannot break the table. */
static void md_cell(FILE *out, const char *s)
{
	char *safe = text_sanitize(s ? s : "", false);
	for (char *p = safe; *p; p++)
		if (*p == '|')
			*p = '/';
	fprintf(out, " %s |", safe);
	free(safe);
}

/* export kpi --format csv|md [--group NAME] [--days N]: one row per group and metric. */
int cmd_kpi_export(struct cli *cli, struct db *db, const char *format, FILE *out)
{
	bool md = format && !strcmp(format, "md");
	if (format && !md && strcmp(format, "csv"))
		return cli_usage("export kpi", _("--format: want csv or md, not '%s'"), format);
	struct kpi_args a = {0};
	int rc = parse_args(cli, 2, "export kpi", &a);
	if (rc >= 0)
		return rc;
	char *cause = NULL;
	struct playbook_set *set = NULL;
	struct kpi_report r;
	if (playbook_set_load(db, &set, &cause) < 0 ||
	    kpi_run_report(cli, db, set, &a, &r, &cause) < 0) {
		rc = cli_fail(cause);
		free(cause);
		playbook_set_free(set);
		return rc;
	}
	int from = r.from, to = r.to;
	char fa[11], fb[11];
	date_format(from, fa);
	date_format(to, fb);
	static const char *const heads[] = {"group", "stage", "day", "from", "to", "metric",
					    "name", "value", "unit", "threshold", "status",
					    "trend"};
	if (md) {
		/* For people: the interface's language (the CSV's heads are keys). */
		fprintf(out, _("# KPI %s .. %s\n\n| group | stage | day | metric | value | "
			       "threshold | status | trend |\n"), fa, fb);
		fputs("|---|---|---|---|---|---|---|---|\n", out);
	} else {
		csv_write_bom(out);
		csv_write_row(out, heads, ARRAY_LEN(heads));
	}
	for (size_t i = 0; i < r.n_groups; i++) {
		const struct kpi_group_report *g = &r.groups[i];
		for (size_t k = 0; k < g->n_shown; k++) {
			const struct kpi_metric_result *m = &g->metrics[g->shown[k]];
			char v[48], t[64], day[16];
			kpi_format_value(m->metric, m->defined, m->value, v, sizeof v);
			kpi_format_threshold(m->metric, t, sizeof t);
			snprintf(day, sizeof day, "%d", g->age + 1);
			if (md) {
				/* Names come from users and the playbook: no control, pipe or
				   line break may reach a terminal or break a row. */
				fputs("|", out);
				md_cell(out, g->group.name);
				md_cell(out, playbook_stage_name(g->stage, "-"));
				fprintf(out, " %s |", day);
				md_cell(out, i18n_title(m->metric->name, m->metric->name_en));
				md_cell(out, v);
				md_cell(out, t);
				fprintf(out, " %s | %s |\n", kpi_status_name(m->status),
					kpi_trend_arrow(m->trend, false));
			} else {
				char value[48] = "";
				if (m->defined)
					snprintf(value, sizeof value, "%.10g",
						 kpi_display_value(m->metric, m->value));
				const char *row[] = {g->group.name, g->stage ? g->stage->key : "",
						     day, fa, fb, m->metric->key, m->metric->name,
						     value, metric_unit_name(m->metric->unit), t,
						     kpi_status_key(m->status),
						     kpi_trend_key(m->trend)};
				csv_write_row(out, row, ARRAY_LEN(row));
			}
		}
	}
	kpi_report_free(&r);
	playbook_set_free(set);
	return EXIT_OK;
}
