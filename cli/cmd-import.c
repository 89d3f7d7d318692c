/* sopdeck import KIND FILE: every import is one transaction; a failed one changes nothing. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "calendar.h"
#include "cli.h"
#include "content.h"
#include "csv.h"
#include "db.h"
#include "group.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

/*
 * After an import that changed the default playbook (the newest import is the default
 * unless `playbook default` set one), say how many groups naming no playbook moved onto
 * it: importing a second business line would otherwise switch them silently.
 */
static int default_moved_note(struct db *db, const char *before, char **cause)
{
	char *after = NULL;
	if (playbook_default_name(db, &after, cause) < 0)
		return -1;
	struct group *groups = NULL;
	size_t n = 0, following = 0;
	int rc = 0;
	if (strcmp(before, after) != 0 && (rc = group_list_all(db, &groups, &n, cause)) == 0) {
		for (size_t i = 0; i < n; i++)
			following += !groups[i].archived && !*groups[i].playbook;
		group_list_free(groups, n);
	}
	if (following) {
		char *name = text_sanitize(after, false);
		fprintf(stderr, _("note: %s is now the default playbook (the newest import); groups "
				  "naming no playbook run on it: %zu (`sopdeck playbook default "
				  "NAME` sets another, `sopdeck group set NAME --playbook P` pins "
				  "a group)\n"), name, following);
		free(name);
	}
	free(after);
	return rc;
}

static int import_playbook(struct db *db, const char *file, const char *operator, char **cause)
{
	char *text;
	size_t len;
	struct playbook *pb;
	if (read_file(file, PLAYBOOK_MAX_BYTES, &text, &len, cause) < 0)
		return -1;
	if (playbook_parse(text, len, file, &pb, cause) < 0) {
		free(text);
		return -1;
	}
	char *before = NULL;
	int rc = playbook_default_name(db, &before, cause);
	if (rc == 0)
		rc = playbook_store(db, pb, text, file, operator, cause);
	if (rc == 0) {
		char *name = text_sanitize(pb->name, false), *ver = text_sanitize(pb->version, false);
		printf(_("imported playbook %s version %s (stored as #%lld)\n"), name, ver,
		       (long long)pb->version_id);
		free(name);
		free(ver);
		fflush(stdout);
		rc = default_moved_note(db, before, cause);
	}
	free(before);
	playbook_free(pb);
	free(text);
	return rc;
}

static int import_groups(struct db *db, const char *file, const char *operator, char **cause)
{
	size_t n;
	if (group_import_file(db, file, operator, &n, cause) < 0)
		return -1;
	printf(_("imported %zu group%s from %s\n"), n, i18n_plural_s(n), file);
	return 0;
}

static int import_content(struct db *db, const char *file, const char *operator, char **cause)
{
	size_t n;
	if (content_import_file(db, file, operator, &n, cause) < 0)
		return -1;
	printf(_("imported %zu content item%s from %s\n"), n, i18n_plural_s(n), file);
	return 0;
}

/* --partial: import the good rows of a KPI file and report the rest. */
static bool import_partial;
/* --today: KPI rows for later days are refused. */
static int import_today;

/* "note: FILE: what: a, b" for a list of names, nothing when empty. */
static void note_list(FILE *out, const char *file, const char *what, char **names, size_t n)
{
	if (n == 0)
		return;
	char *f = text_sanitize(file, false);
	fprintf(out, _("note: %s: %s: "), f, what);
	free(f);
	for (size_t i = 0; i < n; i++) {
		char *safe = text_sanitize(names[i], false);
		fprintf(out, "%s%s", i ? _(", ") : "", safe);
		free(safe);
	}
	fputs("\n", out);
}

/* The KPI import's notes: unknown and percent columns, skipped title and totals lines. */
static void kpi_import_notes(FILE *out, const char *file, const struct kpi_import_result *res)
{
	note_list(out, file, _("ignored columns"), res->ignored, res->n_ignored);
	note_list(out, file, _("percent columns not imported"), res->percent, res->n_percent);
	for (size_t i = 0; i < res->n_notes; i++) {
		char *safe = text_sanitize(res->notes[i], false);
		fprintf(out, _("note: %s\n"), safe);
		free(safe);
	}
}

static int import_kpi(struct db *db, const char *file, const char *operator, char **cause)
{
	/* Every playbook, once: each row is read by its group's own (issue 11). */
	struct playbook_set *set;
	struct kpi_import_result res;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	int rc = kpi_import_file(db, set, file, import_partial, import_today, operator, &res,
				 cause);
	/* Left-out columns and lines are said, success or not: silence would hide lost data. */
	kpi_import_notes(stderr, file, &res);
	if (rc == 0) {
		for (size_t i = 0; i < res.n_problems; i++) {
			char *safe = text_sanitize(res.problems[i], false);
			fprintf(stderr, _("sopdeck: skipped %s\n"), safe);
			free(safe);
		}
		if (res.more_problems)
			fprintf(stderr, _("sopdeck: ... and %zu more skipped\n"), res.more_problems);
		printf(_("imported %zu group-day%s (%zu values, %zu group%s) from %s (%s)"), res.rows,
		       i18n_plural_s(res.rows), res.values, res.groups, i18n_plural_s(res.groups),
		       file, res.encoding);
		if (res.skipped)
			printf(_("; skipped %zu bad row%s"), res.skipped, i18n_plural_s(res.skipped));
		printf("\n");
	}
	kpi_import_result_free(&res);
	playbook_set_free(set);
	return rc;
}

/* The calendar sheet back from a spreadsheet: the slots of the weeks it covers, each
   group's 栏目 from its own playbook. */
static int import_calendar(struct db *db, const char *file, const char *operator, char **cause)
{
	struct playbook_set *set;
	struct cal_import_result res;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	int rc = calendar_import_file(db, set, file, operator, &res, cause);
	if (rc == 0) {
		char *f = text_sanitize(file, false);
		printf(_("imported calendar from %s: %zu row%s, %zu slot%s written, %zu cleared\n"), f,
		       res.rows, i18n_plural_s(res.rows), res.written, i18n_plural_s(res.written),
		       res.cleared);
		free(f);
	}
	playbook_set_free(set);
	return rc;
}

struct importer {
	const char *kind;
	int (*run)(struct db *, const char *file, const char *operator, char **cause);
};

static const struct importer importers[] = {
	{"playbook", import_playbook},
	{"groups", import_groups},
	{"content", import_content},
	{"kpi", import_kpi},
	{"calendar", import_calendar},
};

int cmd_import(struct cli *cli)
{
	for (int i = 1; i < cli->argc; i++)
		if (!strcmp(cli->argv[i], "--partial")) {
			import_partial = true;
			memmove(&cli->argv[i], &cli->argv[i + 1], (size_t)(cli->argc - i) * sizeof *cli->argv);
			cli->argc--;
			i--;
		}
	/* --encoding utf-8|gb18030|gbk: the operator's word over the detection (CSV only). */
	const char *encoding = NULL;
	for (int i = 1; i < cli->argc; i++) {
		int at = i;
		int r = cli_opt_value(cli->argc, cli->argv, &i, "--encoding", &encoding);
		if (r < 0)
			return cli_usage("import", _("--encoding needs utf-8, gb18030 or gbk"));
		if (r == 0)
			continue;
		int taken = i - at + 1;
		memmove(&cli->argv[at], &cli->argv[i + 1],
			(size_t)(cli->argc - i - 1 + 1) * sizeof *cli->argv);
		cli->argc -= taken;
		i = at - 1;
	}
	if (cli->argc != 3)
		return cli_usage("import", _("expected: import playbook|groups|content|kpi|calendar FILE"));
	size_t flen = strlen(cli->argv[2]);
	bool is_csv = flen >= 4 && strcasecmp(cli->argv[2] + flen - 4, ".csv") == 0;
	if (encoding && (!is_csv || strcmp(cli->argv[1], "playbook") == 0))
		return cli_usage("import", _("--encoding is for CSV files (groups, content, kpi, calendar)"));
	if (encoding && csv_set_encoding(encoding) < 0)
		return cli_usage("import", _("--encoding: want utf-8, gb18030 or gbk, not '%s'"),
				 encoding);
	if (import_partial && strcmp(cli->argv[1], "kpi") != 0)
		return cli_usage("import", _("--partial is for kpi files only"));
	const struct importer *imp = NULL;
	for (size_t i = 0; i < ARRAY_LEN(importers); i++)
		if (strcmp(cli->argv[1], importers[i].kind) == 0)
			imp = &importers[i];
	if (!imp)
		return cli_unknown_kind("import", cli->argv[1]);
	import_today = cli->today;
	/* A 32 MiB cache for the import's indexes (db_bulk), not the console's region. */
	db_page_cache_unbounded();
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int rc = imp->run(db, cli->argv[2], cli->operator, &cause) < 0 ? cli_fail(cause) : EXIT_OK;
	/* Say which encoding a CSV was read in when it was not plain UTF-8. */
	const char *enc = csv_last_encoding();
	if (rc == EXIT_OK && is_csv && strncmp(enc, "UTF-8", 5) != 0) {
		char *f = text_sanitize(cli->argv[2], false);
		if (encoding)
			fprintf(stderr, _("note: %s: read as %s (--encoding)\n"), f, enc);
		else
			fprintf(stderr, _("note: %s: read as %s (not UTF-8; --encoding "
					  "utf-8|gb18030 to say)\n"), f, enc);
		free(f);
	}
	free(cause);
	db_close(db);
	return rc;
}
