/* sopdeck's entry point: global options, then a subcommand or the console. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dates.h"
#include "db.h"
#include "demo.h"
#include "tui.h"
#include "text.h"
#include "util.h"
#include "workspace.h"

#ifndef SOPDECK_VERSION
#define SOPDECK_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: sopdeck [--db PATH] [--today YYYY-MM-DD] [--operator NAME]   open the console\n"
	"       sopdeck --demo                                      the console on a demo workspace\n"
	"       sopdeck init [--playbook FILE] [--shared]           create the database (--shared: 0660 for a group)\n"
	"       sopdeck import playbook|groups|content|kpi|calendar FILE  load a file (one transaction)\n"
	"         [--encoding utf-8|gb18030|gbk]                     a CSV's encoding (default: detected)\n"
	"       sopdeck today [--group NAME] [--json]               today's checklist\n"
	"       sopdeck tick ID | untick ID                         tick an item (ID as in `today`)\n"
	"       sopdeck content [--tag T]... [--category C] [--from D] [--to D] [--search TEXT] [--json]\n"
	"       sopdeck calendar [--week YYYY-Www | --month YYYY-MM] [--group NAME] [--json]\n"
	"       sopdeck schedule --group NAME --date D --slot HH:MM [--action ID] WHAT\n"
	"         WHAT: --content ID [--topic T] [--form F] [--owner O] [--status S]\n"
	"             | --topic T [--form F] [--owner O] [--status S]     a placeholder\n"
	"             | --status planned|drafted|reviewed|posted | --clear\n"
	"             | --move-to-date D2 [--move-to-slot T2] [--to-group NAME]\n"
	"             | --copy-to-date D2 [--copy-to-slot T2] [--to-group NAME]\n"
	"       sopdeck schedule [--group NAME] --copy-week YYYY-Www  copy the week before into it\n"
	"       sopdeck schedule --undo                              undo your last calendar change\n"
	"       sopdeck kpi [--group NAME] [--days N] [--versions | --content] [--json]\n"
	"       sopdeck export calendar|content|kpi [--format csv|md|ics]\n"
	"       sopdeck log [--limit N] [--by OPERATOR] [--kind K] [--since YYYY-MM-DD] [--json]\n"
	"                                                            the audit log: who changed what\n"
	"       sopdeck log --verify                                check the audit log's hash chain\n"
	"       sopdeck backup FILE | restore FILE                  online backup; checked restore\n"
	"       sopdeck check                                       integrity, foreign keys, schema, log chain\n"
	"       sopdeck ab new NAME --action ID --metric KEY (--copy A B | --times T1 T2)\n"
	"                  [--groups G1,G2] [--from D] [--days N]     an A/B test (days alternate)\n"
	"       sopdeck ab [--json] | ab show NAME [--json] | ab stop NAME | ab adopt NAME A|B\n"
	"       sopdeck report --day D | --week YYYY-Www | --month YYYY-MM [--group NAME] [--mine]\n"
	"                      [--format md|json]       收工报告 / 周报 / 月度复盘\n"
	"       sopdeck feedback add --group G --quadrant Q --text T [--member M] [--date D]\n"
	"       sopdeck feedback [--group G] [--quadrant Q] [--open] [--json]   the four quadrants\n"
	"       sopdeck feedback close ID --note TEXT [--version V] | feedback import FILE.csv\n"
	"       sopdeck --help | --version\n"
	"\n"
	"Database: --db, else $SOPDECK_DB, else $XDG_DATA_HOME/sopdeck/sopdeck.db.\n"
	"--today (or $SOPDECK_TODAY) fixes the date; --operator (default $USER) is who ticks.\n";

struct command {
	const char *name;
	int (*run)(struct cli *);
};

static const struct command commands[] = {
	{"init", cmd_init},
	{"import", cmd_import},
	{"today", cmd_today},
	{"tick", cmd_tick},
	{"untick", cmd_tick},
	{"log", cmd_log},
	{"backup", cmd_backup},
	{"restore", cmd_restore},
	{"check", cmd_check},
	{"content", cmd_content},
	{"export", cmd_export},
	{"kpi", cmd_kpi},
	{"calendar", cmd_calendar},
	{"schedule", cmd_schedule},
	{"feedback", cmd_feedback},
	{"ab", cmd_ab},
	{"report", cmd_report},
};

int cli_fail(const char *cause)
{
	/* Causes quote the data that failed: never let its controls reach the terminal. */
	char *safe = text_sanitize(cause ? cause : "failed", true);
	fprintf(stderr, "sopdeck: %s\n", safe);
	free(safe);
	return EXIT_FAIL;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "sopdeck%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n(see sopdeck --help)\n");
	va_end(ap);
	return EXIT_USAGE;
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

static char *demo_path(void)
{
	char *def = db_default_path();
	char *slash = strrchr(def, '/');
	*slash = '\0';
	char *p = xasprintf("%s/demo.db", def);
	free(def);
	return p;
}

/*
 * Open the database the global options name. With --demo that is always demo.db,
 * filled here: commands open the database only once their arguments are parsed,
 * so a usage error never creates or fills a demo workspace.
 */
struct db *cli_open_db(struct cli *cli)
{
	struct db *db;
	char *cause = NULL;
	if (workspace_open(cli->db_path, cli->operator, &db, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		return NULL;
	}
	if (cli->demo && demo_populate(db, cli->today, cli->operator, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		db_close(db);
		return NULL;
	}
	return db;
}

/* Pull the global options out of argv wherever they stand; the rest stays in order. */
static int parse_globals(int argc, char **argv, struct cli *cli)
{
	const char *db = getenv("SOPDECK_DB"), *today = getenv("SOPDECK_TODAY");
	const char *op = getenv("USER");
	char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
	int n = 0;
	bool db_given = false;
	for (int i = 1; i < argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
			if (r < 0)
				goto missing;
			db = v;
			db_given = true;
		} else if ((r = cli_opt_value(argc, argv, &i, "--today", &v)) != 0) {
			if (r < 0)
				goto missing;
			today = v;
		} else if ((r = cli_opt_value(argc, argv, &i, "--operator", &v)) != 0) {
			if (r < 0)
				goto missing;
			op = v;
		} else if (n == 0 && strcmp(argv[i], "--demo") == 0) {
			/* Only before the command: after it, "--demo" is an option's value
			   (content --search --demo) or the command's to refuse. */
			cli->demo = true;
		} else {
			rest[n++] = argv[i];
		}
		continue;
missing:
		free(rest);
		return cli_usage(NULL, "%s needs a value", argv[i]);
	}
	cli->argc = n;
	cli->argv = rest;
	if (today && *today) {
		cli->today = date_parse(today);
		if (cli->today == DATE_INVALID)
			return cli_usage(NULL, "--today: '%s' is not a date (YYYY-MM-DD, 1900-01-01 "
					 "to 9998-12-31)", today);
		/* Weeks, months and countdowns reach ahead of today: keep them in range. */
		if (cli->today > DATE_TODAY_MAX)
			return cli_usage(NULL, "--today: '%s' is too late: sopdeck plans up to "
					 "9999-12-31, so today can be at most 9998-12-31", today);
	} else {
		cli->today = date_today();
	}
	cli->operator = xstrdup(op && *op ? op : "operator");
	if (cli->demo && db_given) {
		free(rest);
		cli->argv = NULL;
		return cli_usage(NULL, "--demo always uses its own demo.db; it cannot be combined "
				 "with --db");
	}
	/* The demo never goes near the real workspace, whatever $SOPDECK_DB says. */
	if (cli->demo)
		cli->db_path = demo_path();
	else
		cli->db_path = db && *db ? xstrdup(db) : db_default_path();
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	tui_ensure_utf8_ctype();
	struct cli cli = {0};
	int rc = parse_globals(argc, argv, &cli);
	if (rc != 0)
		return rc;
	if (cli.argc > 0 && (strcmp(cli.argv[0], "--help") == 0 || strcmp(cli.argv[0], "-h") == 0 ||
			     strcmp(cli.argv[0], "help") == 0)) {
		fputs(usage_text, stdout);
		rc = EXIT_OK;
	} else if (cli.argc > 0 && strcmp(cli.argv[0], "--version") == 0) {
		printf("sopdeck %s\n", SOPDECK_VERSION);
		rc = EXIT_OK;
	} else if (cli.argc == 0) {
		struct db *db = cli_open_db(&cli);
		rc = db ? tui_run(db, cli.today, cli.operator) : EXIT_FAIL;
		db_close(db);
	} else {
		rc = -1;
		for (size_t i = 0; i < ARRAY_LEN(commands); i++)
			if (strcmp(cli.argv[0], commands[i].name) == 0)
				rc = commands[i].run(&cli);
		if (rc < 0)
			rc = cli_usage(NULL, "unknown command '%s'", cli.argv[0]);
	}
	free(cli.argv);
	free(cli.db_path);
	free(cli.operator);
	return rc;
}
