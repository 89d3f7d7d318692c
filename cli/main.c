/* sopdeck's entry point: global options, then a subcommand or the console. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "config.h"
#include "dates.h"
#include "db.h"
#include "demo.h"
#include "group.h"
#include "i18n.h"
#include "tui.h"
#include "text.h"
#include "util.h"
#include "setting.h"
#include "workspace.h"

#ifndef SOPDECK_VERSION
#define SOPDECK_VERSION "0.1.0"
#endif

int cli_fail(const char *cause)
{
	/* Causes quote the data that failed: never let its controls reach the terminal. */
	char *safe = text_sanitize(cause ? cause : "failed", true);
	fprintf(stderr, _("sopdeck: %s\n"), safe);
	free(safe);
	return EXIT_FAIL;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, _("sopdeck%s%s: "), cmd ? " " : "", cmd ? cmd : "");
	vfprintf(stderr, fmt, ap);
	if (cmd)
		fprintf(stderr, _("\n(see sopdeck help %.*s)\n"), (int)strcspn(cmd, " "), cmd);
	else
		fprintf(stderr, "%s", _("\n(see sopdeck --help)\n"));
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

/* A mistyped --db must not leave a new directory tree and an empty database behind. */
static int check_db_dir(const struct cli *cli)
{
	/* The demo workspace's place is sopdeck's own to make. */
	if (!cli->db_explicit || cli->create_dirs || cli->demo ||
	    strcmp(cli->db_path, ":memory:") == 0)
		return 0;
	char *dir = xstrdup(cli->db_path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		struct stat sb;
		if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			char *cause = xasprintf(_("%s: directory %s does not exist (check --db; "
						"`sopdeck init` creates it)"), cli->db_path, dir);
			cli_fail(cause);
			free(cause);
			rc = -1;
		}
	}
	free(dir);
	return rc;
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
	if (check_db_dir(cli) < 0)
		return NULL;
	bool fresh = access(cli->db_path, F_OK) != 0;
	if (workspace_open(cli->db_path, cli->operator, &db, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		return NULL;
	}
	/* Made on first use, a workspace takes the config's `timezone:` as init does (init
	   sets it itself, after --timezone). */
	const char *zone = cli->config ? cli->config->v[CONFIG_TIMEZONE].value : NULL;
	if (fresh && zone && !cli->create_dirs &&
	    setting_set(db, "timezone", zone, cli->operator, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		db_close(db);
		return NULL;
	}
	/* The workspace's day, not the server's: a UTC host at 07:30 Beijing is on Beijing's day. */
	if (setting_zone_apply(db, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		db_close(db);
		return NULL;
	}
	if (!cli->today_fixed)
		cli->today = date_today();
	if (cli->demo && demo_populate(db, cli->today, cli->operator, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		db_close(db);
		return NULL;
	}
	if (cli->owner)
		group_scope_set(db, cli->owner);
	return db;
}

/* The views that can keep to one owner's groups (--mine, --owner NAME). */
static const char *const scoped_commands[] = {"today", "calendar", "kpi", "report"};

/* Take --mine / --owner NAME out of a scoped command's arguments. */
static int parse_scope(struct cli *cli)
{
	bool scoped = false;
	for (size_t i = 0; cli->argc > 0 && i < ARRAY_LEN(scoped_commands); i++)
		scoped |= strcmp(cli->argv[0], scoped_commands[i]) == 0;
	if (!scoped)
		return 0;
	int n = 1;
	bool mine = false;
	for (int i = 1; i < cli->argc; i++) {
		const char *v;
		int r = cli_opt_value(cli->argc, cli->argv, &i, "--owner", &v);
		if (r < 0)
			return cli_usage(cli->argv[0], _("--owner needs an operator name"));
		if (r > 0)
			cli->owner = v;
		else if (strcmp(cli->argv[i], "--mine") == 0)
			mine = true;
		else
			cli->argv[n++] = cli->argv[i];
	}
	if (mine && cli->owner)
		return cli_usage(cli->argv[0], _("--mine and --owner: choose one"));
	if (mine)
		cli->owner = cli->operator;
	cli->argc = n;
	cli->argv[n] = NULL;
	return 0;
}

/* Where a config value came from: "config FILE:LINE". */
static char *config_origin(const struct config *cfg, enum config_key k)
{
	return xasprintf("config %s:%d", cfg->path, cfg->v[k].line);
}

/*
 * The language: --lang, $SOPDECK_LANG, the config's language, the locale, else Chinese.
 * file_lang: what a config file that then failed named before its error, or -1.
 */
static int resolve_lang(struct cli *cli, const char *flag, int file_lang)
{
	const char *e = getenv("SOPDECK_LANG");
	const char *cfg = cli->config->v[CONFIG_LANGUAGE].value;
	int l;
	if (flag) {
		l = i18n_lang_parse(flag);
		cli->lang_from = xstrdup("flag --lang");
	} else if (e && *e) {
		if ((l = i18n_lang_parse(e)) < 0) {
			cli_usage(NULL, _("SOPDECK_LANG: '%s' is not a language (zh or en)"), e);
			return -1;
		}
		cli->lang_from = xstrdup("env SOPDECK_LANG");
	} else if (cfg) {
		l = i18n_lang_parse(cfg);
		cli->lang_from = config_origin(cli->config, CONFIG_LANGUAGE);
	} else if (file_lang >= 0) {
		/* Its error was written in that language: so is the rest. */
		l = file_lang;
		cli->lang_from = xasprintf("config %s", cli->config->path);
	} else if ((l = i18n_lang_from_locale()) >= 0) {
		cli->lang_from = xstrdup("locale");
	} else {
		l = I18N_ZH;
		cli->lang_from = xstrdup("default");
	}
	i18n_set(l == I18N_EN ? I18N_EN : I18N_ZH);
	return 0;
}

/*
 * Pull the global options out of argv wherever they stand; the rest stays in order.
 * Each setting takes the first of: flag, environment, config file, default; where it
 * came from is kept for `sopdeck config`.
 */
static int parse_globals(int argc, char **argv, struct cli *cli)
{
	const char *db = NULL, *today = NULL, *op = NULL, *lang = NULL;
	/* A first guess for the errors met before the config is read. */
	int guess = i18n_lang_parse(getenv("SOPDECK_LANG"));
	if (guess < 0)
		guess = i18n_lang_from_locale();
	i18n_set(guess == I18N_EN ? I18N_EN : I18N_ZH);
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
		} else if (strcmp(argv[i], "--no-mouse") == 0) {
			/* Anywhere, like --db: no command takes an option of that name. */
			cli->no_mouse = true;
		} else if ((r = cli_opt_value(argc, argv, &i, "--lang", &v)) != 0) {
			if (r < 0)
				goto missing;
			lang = v;
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
		return cli_usage(NULL, _("%s needs a value"), argv[i]);
	}
	cli->argc = n;
	cli->argv = rest;
	if (lang && i18n_lang_parse(lang) < 0)
		return cli_usage(NULL, _("--lang: '%s' is not a language (zh or en)"), lang);
	/*
	 * The config file's errors are written while it loads: in the language --lang names,
	 * else $SOPDECK_LANG's, else the file's own language: line's once it is read, else the
	 * first guess (the locale), as everything after them is.
	 */
	if (lang)
		i18n_set(i18n_lang_parse(lang) == I18N_EN ? I18N_EN : I18N_ZH);
	const char *env_lang = getenv("SOPDECK_LANG");
	bool follow = !lang && !(env_lang && *env_lang);
	int file_lang = -1;

	char *path = config_default_path();
	char *cause = NULL;
	if (config_load_lang(path, follow, &file_lang, &cli->config, &cause) < 0) {
		cli->config_error = cause;
		cli->config = xcalloc(1, sizeof *cli->config);
		cli->config->path = xstrdup(path);
	}
	free(path);
	const struct config *cfg = cli->config;

	const char *e;
	if (resolve_lang(cli, lang, cli->config_error && follow ? file_lang : -1) < 0)
		return EXIT_USAGE;
	if (today && *today) {
		cli->today_from = xstrdup("flag --today");
	} else if ((e = getenv("SOPDECK_TODAY")) && *e) {
		today = e;
		cli->today_from = xstrdup("env SOPDECK_TODAY");
	}
	cli->today_fixed = today != NULL;
	if (today) {
		cli->today = date_parse(today);
		if (cli->today == DATE_INVALID)
			return cli_usage(NULL, _("--today: '%s' is not a date (YYYY-MM-DD, 1900-01-01 "
					 "to 9998-12-31)"), today);
		/* Weeks, months and countdowns reach ahead of today: keep them in range. */
		if (cli->today > DATE_TODAY_MAX)
			return cli_usage(NULL, _("--today: '%s' is too late: sopdeck plans up to "
					 "9999-12-31, so today can be at most 9998-12-31"), today);
	} else {
		cli->today = date_today();
		cli->today_from = xstrdup("default (today in the workspace's time zone)");
	}

	if (op && *op) {
		cli->operator_from = xstrdup("flag --operator");
	} else if ((e = getenv("SOPDECK_OPERATOR")) && *e) {
		op = e;
		cli->operator_from = xstrdup("env SOPDECK_OPERATOR");
	} else if (cfg->v[CONFIG_OPERATOR].value) {
		op = cfg->v[CONFIG_OPERATOR].value;
		cli->operator_from = config_origin(cfg, CONFIG_OPERATOR);
	} else if ((e = getenv("USER")) && *e) {
		op = e;
		cli->operator_from = xstrdup("default ($USER)");
	} else {
		op = "operator";
		cli->operator_from = xstrdup("default");
	}
	cli->operator = xstrdup(op);

	if (cli->demo && db_given) {
		return cli_usage(NULL, _("--demo always uses its own demo.db; it cannot be combined "
				 "with --db"));
	}
	/* The demo never goes near the real workspace, whatever $SOPDECK_DB or the config say. */
	if (cli->demo) {
		cli->db_path = demo_path();
		cli->db_from = xstrdup("flag --demo");
	} else if (db && *db) {
		cli->db_path = xstrdup(db);
		cli->db_from = xstrdup("flag --db");
	} else if ((e = getenv("SOPDECK_DB")) && *e) {
		cli->db_path = xstrdup(e);
		cli->db_from = xstrdup("env SOPDECK_DB");
	} else if (cfg->v[CONFIG_DB].value) {
		cli->db_path = xstrdup(cfg->v[CONFIG_DB].value);
		cli->db_from = config_origin(cfg, CONFIG_DB);
	} else {
		cli->db_path = db_default_path();
		cli->db_from = xstrdup("default ($XDG_DATA_HOME/sopdeck/sopdeck.db)");
	}
	/* A database the user named must be in a directory that exists (issue 11). */
	cli->db_explicit = !cli->demo && strncmp(cli->db_from, "default", 7) != 0;
	return 0;
}

/* Commands that work whatever the config file says: help must help with a broken one. */
static bool config_optional(const struct cli *cli)
{
	if (cli->argc == 0)
		return false;
	const char *c = cli->argv[0];
	if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help") ||
	    !strcmp(c, "--version"))
		return true;
	for (int i = 1; i < cli->argc; i++)
		if (!strcmp(cli->argv[i], "--help") || !strcmp(cli->argv[i], "-h"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	tui_ensure_utf8_ctype();
	/* One thread writes stdout: a listing is 100,000 putc and fwrite calls, and each took
	   and gave back the stream's lock (a tenth of `calendar --json`); every command gains. */
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	struct cli cli = {0};
	int rc = parse_globals(argc, argv, &cli);
	if (rc == 0)
		rc = parse_scope(&cli);
	if (rc != 0)
		goto out;
	if (cli.config_error && !config_optional(&cli)) {
		rc = cli_fail(cli.config_error);
	} else if (cli.argc > 0 && (strcmp(cli.argv[0], "--help") == 0 ||
				    strcmp(cli.argv[0], "-h") == 0)) {
		cmd_print_help(stdout);
		rc = EXIT_OK;
	} else if (cli.argc > 0 && strcmp(cli.argv[0], "--version") == 0) {
		printf(_("sopdeck %s\n"), SOPDECK_VERSION);
		rc = EXIT_OK;
	} else if (cli.argc == 0) {
		tui_prepare();
		struct db *db = cli_open_db(&cli);
		const char *m = cli.config->v[CONFIG_MOUSE].value;
		struct tui_options opt = {.mouse = !cli.no_mouse && !(m && strcmp(m, "false") == 0),
					  .config = cli.config};
		rc = db ? tui_run(db, cli.today, cli.operator, &opt) : EXIT_FAIL;
		db_close(db);
	} else {
		/* A command's memory in huge pages (util.h); not the console's, which lives long
		   and is held to its RSS. */
		heap_huge_pages((size_t)32 << 20);
		rc = cmd_dispatch(&cli);
	}
out:
	free(cli.argv);
	free(cli.db_path);
	free(cli.operator);
	free(cli.db_from);
	free(cli.operator_from);
	free(cli.today_from);
	free(cli.lang_from);
	free(cli.config_error);
	config_free(cli.config);
	return rc;
}
