/* The command table and everything generated from it: dispatch, usage, suggestions. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

static const struct cmd_option opts_init[] = {
	{"--playbook", "FILE"}, {"--shared", NULL}, {"--timezone", "ZONE"}, {NULL, NULL}};
static const struct cmd_option opts_import[] = {
	{"--partial", NULL}, {"--encoding", "ENCODING"}, {NULL, NULL}};
static const struct cmd_option opts_today[] = {
	{"--group", "NAME"}, {"--mine", NULL}, {"--owner", "NAME"}, {"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_groups[] = {{"--all", NULL}, {"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_group[] = {
	{"--yes", NULL}, {"--purge", NULL}, {"--owner", "NAME"}, {"--name", "NEW"},
	{"--type", "TYPE"}, {"--playbook", "NAME"}, {NULL, NULL}};
static const struct cmd_option opts_json[] = {{"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_log[] = {
	{"--limit", "N"}, {"--by", "OPERATOR"}, {"--kind", "KIND"}, {"--since", "YYYY-MM-DD"},
	{"--json", NULL}, {"--verify", NULL}, {NULL, NULL}};
static const struct cmd_option opts_content[] = {
	{"--tag", "TAG"}, {"--category", "C"}, {"--zone", "ZONE"}, {"--form", "FORM"},
	{"--from", "DATE"}, {"--to", "DATE"}, {"--search", "TEXT"}, {"--sort=title", NULL},
	{"--sort=date", NULL}, {"--limit", "N"}, {"--after", "ID"}, {"--archived", NULL},
	{"--count", NULL}, {"--json", NULL}, {"--title", "TEXT"}, {"--style", "TEXT"},
	{"--tags", "T1;T2"}, {"--date", "DATE"}, {"--source", "TEXT"}, {"--body", "TEXT"},
	{"--body-file", "FILE"}, {"--yes", NULL}, {"--restore", NULL}, {NULL, NULL}};
static const struct cmd_option opts_export[] = {
	{"--format", "FORMAT"}, {"-o", "FILE"}, {"--output", "FILE"}, {"--group", "NAME"},
	{"--week", "YYYY-Www"}, {"--month", "YYYY-MM"}, {"--days", "N"}, {"--tag", "TAG"},
	{"--category", "C"}, {"--zone", "ZONE"}, {"--form", "FORM"}, {"--from", "DATE"},
	{"--to", "DATE"}, {"--search", "TEXT"}, {"--with-empty", NULL}, {"--with-body", NULL},
	{NULL, NULL}};
static const struct cmd_option opts_kpi[] = {
	{"--group", "NAME"}, {"--days", "N"}, {"--versions", NULL}, {"--content", NULL},
	{"--mine", NULL}, {"--owner", "NAME"}, {"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_calendar[] = {
	{"--week", "YYYY-Www"}, {"--month", "YYYY-MM"}, {"--group", "NAME"}, {"--mine", NULL},
	{"--owner", "NAME"}, {"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_schedule[] = {
	{"--group", "NAME"}, {"--date", "YYYY-MM-DD"}, {"--slot", "HH:MM"}, {"--action", "ID"},
	{"--content", "ID"}, {"--topic", "TEXT"}, {"--form", "FORM"}, {"--owner", "NAME"},
	{"--status", "STATUS"}, {"--clear", NULL}, {"--move-to-date", "DATE"},
	{"--move-to-slot", "HH:MM"}, {"--copy-to-date", "DATE"}, {"--copy-to-slot", "HH:MM"},
	{"--to-group", "NAME"}, {"--copy-week", "YYYY-Www"}, {"--undo", NULL}, {"--redo", NULL},
	{NULL, NULL}};
static const struct cmd_option opts_config[] = {{"--json", NULL}, {NULL, NULL}};

static const struct cmd_option opts_ab[] = {
	{"--action", "ID"}, {"--metric", "KEY"}, {"--copy", NULL}, {"--times", NULL},
	{"--groups", "G1,G2"}, {"--from", "DATE"}, {"--days", "N"}, {"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_feedback[] = {
	{"--group", "NAME"}, {"--quadrant", "Q"}, {"--text", "TEXT"}, {"--member", "NAME"},
	{"--date", "DATE"}, {"--open", NULL}, {"--limit", "N"}, {"--note", "TEXT"},
	{"--version", "V"}, {"--json", NULL}, {NULL, NULL}};
static const struct cmd_option opts_report[] = {
	{"--day", "DATE"}, {"--week", "YYYY-Www"}, {"--month", "YYYY-MM"}, {"--group", "NAME"},
	{"--mine", NULL}, {"--owner", "NAME"}, {"--format", "md|json"}, {"--json", NULL},
	{NULL, NULL}};
const struct cmd_option cmd_global_options[] = {
	{"--db", "PATH"}, {"--today", "YYYY-MM-DD"}, {"--operator", "NAME"}, {"--lang", "zh|en"},
	{"--demo", NULL}, {"--no-mouse", NULL}, {"--help", NULL}, {"--version", NULL}, {NULL, NULL}};

/* Handlers in this file. */
static int cmd_help(struct cli *cli);

/* Keep in step with docs/man/sopdeck.1: tests/cli/test_help.sh checks every row is there. */
const struct cmd_entry cmd_table[] = {
	{"init", "[--playbook FILE] [--shared] [--timezone ZONE]",
	 N_("create the database (--shared: 0660 for a Unix group)"), NULL, opts_init, cmd_init, 0},
	{"import", "playbook|groups|content|kpi|calendar FILE [--partial] [--encoding E]",
	 N_("load a file in one transaction (--partial: the good kpi rows; E: utf-8|gb18030|gbk)"),
	 "playbook groups content kpi calendar", opts_import, cmd_import, 0},
	{"today", "[--group NAME] [--mine | --owner NAME] [--json]",
	 N_("today's checklist (--mine: the groups you own)"), NULL, opts_today, cmd_today, 0},
	{"tick", "ID", N_("tick an item off (ID as in `today`: 3:morning or GROUP:morning)"),
	 NULL, NULL, cmd_tick, 0},
	{"untick", "ID", N_("take a tick back"), NULL, NULL, cmd_tick, 0},
	{"content",
	 "[--tag T]... [--category C] [--zone Z] [--form F] [--from D] [--to D] [--search TEXT] "
	 "[--sort=title|--sort=date] [--limit N] [--after ID] [--archived] [--count] [--json]\n"
	 "add --title T [--category C] [--zone Z] [--form F] [--style S] [--tags T] [--date D] "
	 "[--source S] [--body TEXT | --body-file FILE]\n"
	 "edit ID [--title T] [--category C] [--zone Z] [--form F] [--style S] [--tags T] "
	 "[--date D] [--source S] [--body TEXT | --body-file FILE]\n"
	 "delete ID [--yes]\narchive ID [--restore]",
	 N_("the content library: list (filtered), add, edit, delete, archive"), "add edit delete archive", opts_content, cmd_content,
	 0},
	{"calendar",
	 "[--week YYYY-Www | --month YYYY-MM] [--group NAME] [--mine | --owner NAME] [--json]",
	 N_("the content calendar: a week or a month"), NULL, opts_calendar, cmd_calendar, 0},
	{"schedule",
	 "--group NAME --date D --slot HH:MM [--action ID] --content ID [--topic T] [--form F]\n"
	 "--group NAME --date D --slot HH:MM --topic T [--form F] [--owner O]\n"
	 "--group NAME --date D --slot HH:MM --status planned|drafted|reviewed|posted | --clear\n"
	 "--group NAME --date D --slot HH:MM --move-to-date D2 [--move-to-slot T2] [--to-group G]\n"
	 "--group NAME --date D --slot HH:MM --copy-to-date D2 [--copy-to-slot T2] [--to-group G]\n"
	 "[--group NAME] --copy-week YYYY-Www\n"
	 "--undo | --redo",
	 N_("fill, change, move or copy a calendar slot; undo your last change"), NULL,
	 opts_schedule, cmd_schedule, 0},
	{"kpi",
	 "[--group NAME] [--mine | --owner NAME] [--days N] [--versions | --content] [--json]",
	 N_("KPI metrics per group, SOP versions, content effect"), NULL, opts_kpi, cmd_kpi, 0},
	{"export",
	 "calendar [--format csv|md|ics] [--week YYYY-Www | --month YYYY-MM] [--group NAME] "
	 "[--with-empty] [--with-body] [-o|--output FILE]\n"
	 "content [--format csv|yaml] [--tag T]... [--category C] [--zone Z] [--form F] "
	 "[--from D] [--to D] [--search TEXT] [-o|--output FILE]\n"
	 "kpi [--format csv|md] [--group NAME] [--days N] [-o|--output FILE]",
	 N_("export to CSV, Markdown, iCalendar or YAML"), "calendar content kpi", opts_export,
	 cmd_export, 0},
	{"log", "[--limit N] [--by OPERATOR] [--kind K] [--since YYYY-MM-DD] [--json]\n--verify",
	 N_("the audit log: who changed what; --verify checks its hash chain"), NULL, opts_log,
	 cmd_log, 0},
	{"groups", "[--all] [--json]", N_("the groups with owner, type, stage, playbook, archived"),
	 NULL, opts_groups, cmd_groups, 0},
	{"group",
	 "archive NAME\nunarchive NAME\ndelete NAME --yes [--purge]\n"
	 "set NAME [--owner O] [--name NEW] [--type T] [--playbook P]",
	 N_("archive, delete or change a group (audited)"), "archive unarchive delete set", opts_group,
	 cmd_group, 0},
	{"playbooks", "[--json]", N_("the playbooks with their versions and group counts"), NULL,
	 opts_json, cmd_playbooks, 0},
	{"playbook", "default NAME", N_("the playbook groups run on unless they name one"), "default",
	 NULL, cmd_playbook, 0},
	{"ab",
	 "new NAME --action ID --metric KEY (--copy A B | --times T1 T2) [--groups G1,G2] "
	 "[--from D] [--days N]\n[--json]\nshow NAME [--json]\nstop NAME\nadopt NAME A|B",
	 N_("A/B tests of an action's copy or time: days alternate A, B in every group"),
	 "new show stop adopt", opts_ab, cmd_ab, 0},
	{"feedback",
	 "add --group G --quadrant Q --text T [--member M] [--date D]\n"
	 "[--group G] [--quadrant Q] [--open] [--limit N] [--json]\n"
	 "close ID --note TEXT [--version V]\nimport FILE.csv",
	 N_("user feedback in four quadrants: public private silent active"), "add close import",
	 opts_feedback, cmd_feedback, 0},
	{"report",
	 "--day D | --week YYYY-Www | --month YYYY-MM [--group NAME] [--mine | --owner NAME] "
	 "[--format md|json | --json]",
	 N_("day/week/month review: done, missed, content, KPI, A/B, feedback, versions"), NULL,
	 opts_report, cmd_report, 0},
	{"backup", "FILE", N_("online backup of the database, checked"), NULL, NULL, cmd_backup, 0},
	{"restore", "FILE", N_("replace the database with a checked backup"), NULL, NULL, cmd_restore,
	 0},
	{"check", "", N_("integrity, foreign keys, schema and the log's chain"), NULL, NULL, cmd_check,
	 0},
	{"config", "[--json]", N_("every setting in effect and where it came from"), NULL,
	 opts_config, cmd_config, 0},
	{"help", "[COMMAND]", N_("the usage of a command (or of them all)"), NULL, NULL, cmd_help, 0},
	{"complete",
	 "commands|options [COMMAND]|valued [COMMAND]|words COMMAND|groups|tags|playbooks|actions|"
	 "items",
	 N_("names for the shell's completion, one a line"), NULL, NULL, cmd_complete, CMD_HIDDEN},
};
const size_t cmd_table_len = ARRAY_LEN(cmd_table);

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; i < cmd_table_len; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

/* Optimal string alignment distance: a typo's swapped pair ("todya") costs one, not two. */
size_t cmd_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return (size_t)-1;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

/* Ties go to the first name: the table's order puts the common commands first. */
const char *cmd_nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = cmd_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

const char *cmd_nearest_command(const char *word)
{
	const char *names[ARRAY_LEN(cmd_table)];
	size_t n = 0;
	for (size_t i = 0; i < cmd_table_len; i++)
		if (!(cmd_table[i].flags & CMD_HIDDEN))
			names[n++] = cmd_table[i].name;
	return cmd_nearest(word, names, n);
}

/* A command's own options, then the global ones: `today --oprator` means --operator. */
const char *cmd_nearest_option(const struct cmd_entry *e, const char *word)
{
	const char *names[64];
	size_t n = 0;
	for (const struct cmd_option *o = e ? e->options : NULL; o && o->name && n < 58; o++)
		names[n++] = o->name;
	for (const struct cmd_option *o = cmd_global_options; o->name && n < 64; o++)
		names[n++] = o->name;
	char *bare = xstrdup(word);
	char *eq = strchr(bare, '=');
	if (eq && strncmp(bare, "--sort=", 7) != 0)
		*eq = '\0';
	const char *best = cmd_nearest(bare, names, n);
	free(bare);
	return best;
}

int cli_unknown(const char *cmd, const char *arg)
{
	char word[64];
	size_t k = strcspn(cmd, " ");
	snprintf(word, sizeof word, "%.*s", (int)(k < 63 ? k : 63), cmd);
	const char *near = arg[0] == '-' ? cmd_nearest_option(cmd_find(word), arg) : NULL;
	/* An option known but not taken here is no typo: never "did you mean" itself. */
	if (near && strcmp(near, arg) == 0)
		near = NULL;
	char *safe = text_sanitize(arg, true);
	int rc;
	if (near)
		rc = cli_usage(cmd, _("unknown option '%s'; did you mean '%s'?"), safe, near);
	else if (arg[0] == '-')
		rc = cli_usage(cmd, _("unknown option '%s'"), safe);
	else
		rc = cli_usage(cmd, _("unexpected argument '%s'"), safe);
	free(safe);
	return rc;
}

int cli_unknown_kind(const char *cmd, const char *word)
{
	const struct cmd_entry *e = cmd_find(cmd);
	const char *names[16];
	size_t n = 0;
	char *words = xstrdup(e && e->words ? e->words : "");
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w && n < ARRAY_LEN(names);
	     w = strtok_r(NULL, " ", &save))
		names[n++] = w;
	const char *near = cmd_nearest(word, names, n);
	char *safe = text_sanitize(word, true);
	int rc = near ? cli_usage(cmd, _("unknown kind '%s'; did you mean '%s'?"), safe, near)
		      : cli_usage(cmd, _("unknown kind '%s'"), safe);
	free(safe);
	free(words);
	return rc;
}

#define CMD_HELP_COLS 80

/*
 * Print one unbreakable unit at *col: after a space, or on a new line indented by
 * indent when it would pass CMD_HELP_COLS (widths by display columns). At column
 * 0 or just after an indent there is no space.
 */
static void cmd_wrap_unit(FILE *out, int *col, int indent, bool *bol, const char *unit,
			  size_t len)
{
	char *word = xstrndup(unit, len);
	int width = text_width(word);
	if (!*bol && *col + 1 + width > CMD_HELP_COLS) {
		fprintf(out, "\n%*s", indent, "");
		*col = indent;
		*bol = true;
	}
	if (!*bol) {
		fputc(' ', out);
		(*col)++;
	}
	fputs(word, out);
	*col += width;
	*bol = false;
	free(word);
}

/* How much deeper in [ ] and ( ) the bytes [p, end) leave a usage form. */
static int cmd_bracket_depth(const char *p, const char *end)
{
	int depth = 0;
	for (; p < end; p++)
		depth += (*p == '[' || *p == '(') - (*p == ']' || *p == ')');
	return depth;
}

/*
 * Print len bytes of text word by word (see cmd_wrap_unit); returns the column reached.
 * With groups (a usage form), a bracketed group such as "[--from D]" is one unit, so
 * an option is never split from its value's name, unless the group alone is too wide.
 */
static int cmd_wrap(FILE *out, int col, int indent, bool bol, bool groups, const char *text,
		    size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (groups && p > w) {
			const char *q = p;
			int depth = cmd_bracket_depth(w, p);
			while (depth > 0 && q < end) {
				const char *r = q + 1;
				while (r < end && *r != ' ')
					r++;
				depth += cmd_bracket_depth(q, r);
				q = r;
			}
			char *unit = xstrndup(w, (size_t)(q - w));
			bool fits = depth <= 0 && text_width(unit) <= CMD_HELP_COLS - indent;
			free(unit);
			if (fits)
				p = q;
		}
		if (p > w)
			cmd_wrap_unit(out, &col, indent, &bol, w, (size_t)(p - w));
	}
	return col;
}

/* "LABEL sopdeck NAME FORM" for each form, wrapped at 80 columns under the first. */
static void cmd_print_forms(FILE *out, const struct cmd_entry *e, const char *label, int indent)
{
	const char *u = e->usage;
	bool first = true;
	do {
		size_t len = strcspn(u, "\n");
		fprintf(out, "%s%*ssopdeck %s", first ? label : "", first ? 0 : indent, "", e->name);
		int col = indent + (int)strlen("sopdeck ") + (int)strlen(e->name);
		/* A form's later lines hang a little under its first. */
		cmd_wrap(out, col, indent + 10, false, true, u, len);
		fputc('\n', out);
		first = false;
		u += len;
	} while (*u++ == '\n');
}

void cmd_print_usage(FILE *out, const struct cmd_entry *e)
{
	const char *label = _("usage:");
	char *lead = xasprintf("%s ", label);
	cmd_print_forms(out, e, lead, text_width(lead));
	free(lead);
	fputc('\n', out);
	cmd_wrap(out, 0, 0, true, false, _(e->summary), strlen(_(e->summary)));
	fputc('\n', out);
	if (e->options && e->options->name) {
		fputc('\n', out);
		const char *opts = _("options:");
		fputs(opts, out);
		int col = text_width(opts);
		bool bol = false;
		for (const struct cmd_option *o = e->options; o->name; o++) {
			/* An option and its value's name stay on one line. */
			char *unit = xasprintf("%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
			cmd_wrap_unit(out, &col, 2, &bol, unit, strlen(unit));
			free(unit);
		}
		fputc('\n', out);
	}
	fprintf(out, "%s\n", _("global options: --db PATH, --today YYYY-MM-DD, --operator NAME,\n"
			       "  --lang zh|en, --demo"));
	fprintf(out, "%s\n", _("see also: man sopdeck, man 5 sopdeck-formats"));
}

/* A short form fits beside its summary; a long one gets the summary on the next line. */
void cmd_print_help(FILE *out)
{
	fprintf(out, "%s\n\n  sopdeck\n      %s\n",
		_("usage: sopdeck [--db PATH] [--today YYYY-MM-DD] [--operator NAME] [--lang zh|en]\n"
		  "               [--no-mouse] [COMMAND ...]"),
		_("open the console (--demo: a demo workspace)"));
	for (size_t i = 0; i < cmd_table_len; i++) {
		const struct cmd_entry *e = &cmd_table[i];
		if (e->flags & CMD_HIDDEN)
			continue;
		const char *u = e->usage;
		int col = 0;
		/* Several forms, or one too long for a line: the summary goes below. */
		bool forms = strchr(u, '\n') != NULL ||
			     (int)strlen("  sopdeck  ") + (int)strlen(e->name) + text_width(u) >
				     CMD_HELP_COLS;
		do {
			size_t len = strcspn(u, "\n");
			col = fprintf(out, "  sopdeck %s", e->name);
			col = cmd_wrap(out, col, 12, false, true, u, len);
			u += len;
			if (*u == '\n')
				fputc('\n', out);
		} while (*u++ == '\n');
		const char *summary = _(e->summary);
		/* By display columns: a Chinese summary is twice as wide as its bytes suggest. */
		if (!forms && col <= 42 && 44 + text_width(summary) <= CMD_HELP_COLS) {
			fprintf(out, "%*s%s\n", 44 - col, "", summary);
		} else {
			fputs("\n      ", out);
			cmd_wrap(out, 6, 6, true, false, summary, strlen(summary));
			fputc('\n', out);
		}
	}
	fprintf(out, "  sopdeck --help | --version\n\n%s",
		_("Global options stand before or after the command. Database: --db, else\n"
		  "$SOPDECK_DB, else `db` in the config file, else\n"
		  "$XDG_DATA_HOME/sopdeck/sopdeck.db.\n"
		  "--today (or $SOPDECK_TODAY) fixes the date; --operator (else $SOPDECK_OPERATOR,\n"
		  "the config's `operator`, $USER) is who ticks. --lang zh|en (else $SOPDECK_LANG,\n"
		  "the config's `language`, the locale; Chinese by default) is the language.\n"
		  "`sopdeck help COMMAND` for one command; `sopdeck config` shows the settings in\n"
		  "effect; man sopdeck for the keys.\n"));
	fputs(_("--no-mouse (or `mouse: false` in the config): the console ignores the mouse.\n"),
	      out);
}

/* `sopdeck help [COMMAND]`. */
static int cmd_help(struct cli *cli)
{
	if (cli->argc < 2) {
		cmd_print_help(stdout);
		return EXIT_OK;
	}
	if (cli->argc > 2)
		return cli_usage("help", "%s", _("expected one command name"));
	const struct cmd_entry *e = cmd_find(cli->argv[1]);
	if (!e) {
		const char *near = cmd_nearest_command(cli->argv[1]);
		char *safe = text_sanitize(cli->argv[1], true);
		int rc = near ? cli_usage("help", _("unknown command '%s'; did you mean '%s'?"), safe,
					  near)
			      : cli_usage("help", _("unknown command '%s'"), safe);
		free(safe);
		return rc;
	}
	cmd_print_usage(stdout, e);
	return EXIT_OK;
}

/* The command in argv[0]: its --help, or its handler; an unknown name gets a suggestion. */
int cmd_dispatch(struct cli *cli)
{
	const struct cmd_entry *e = cmd_find(cli->argv[0]);
	if (!e) {
		const char *near = cmd_nearest_command(cli->argv[0]);
		char *safe = text_sanitize(cli->argv[0], true);
		int rc = near ? cli_usage(NULL, _("unknown command '%s'; did you mean '%s'?"), safe,
					  near)
			      : cli_usage(NULL, _("unknown command '%s'"), safe);
		free(safe);
		return rc;
	}
	/* A hidden command's later words are data (`complete options today --help`). */
	if (e->flags & CMD_HIDDEN) {
		if (cli->argc > 1 && strcmp(cli->argv[1], "--help") == 0) {
			cmd_print_usage(stdout, e);
			return EXIT_OK;
		}
	} else
		for (int i = 1; i < cli->argc; i++) {
			if (strcmp(cli->argv[i], "--") == 0)
				break;
			if (strcmp(cli->argv[i], "--help") == 0 || strcmp(cli->argv[i], "-h") == 0) {
				cmd_print_usage(stdout, e);
				return EXIT_OK;
			}
		}
	return e->run(cli);
}
