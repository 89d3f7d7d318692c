/* The command line: global options and one function per subcommand (cli/cmd-*.c). */
#ifndef SOPDECK_CLI_H
#define SOPDECK_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct db;
struct config;

/* Exit statuses (FORMATS.md). */
#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

struct cli {
	char *db_path;        /* --db, $SOPDECK_DB, or the XDG default */
	int today;            /* --today, $SOPDECK_TODAY, or the local date */
	char *operator;       /* --operator, $USER */
	bool demo;            /* --demo */
	bool no_mouse;        /* --no-mouse: the console takes no mouse events */
	bool today_fixed;     /* --today or $SOPDECK_TODAY: the date stays what they say */
	bool db_explicit;     /* --db or $SOPDECK_DB: its directory must exist (init makes it) */
	bool create_dirs;     /* set by init: may create the database's directory */
	const char *owner;    /* today|calendar|kpi --owner NAME, or --mine (the operator) */
	int argc;             /* the subcommand's own arguments, argv[0] = its name */
	char **argv;
	char *db_from, *operator_from, *today_from;  /* where each came from (sopdeck config) */
	char *lang_from;         /* where the interface language came from (--lang, ...) */
	struct config *config;   /* the config file (empty when there is none) */
	char *config_error;      /* why the config file could not be read, or NULL */
};

/*
 * Open the database named by the global options and make the workspace's time
 * zone the process's (cli->today follows it unless fixed); prints the error and
 * returns NULL on failure.
 */
struct db *cli_open_db(struct cli *cli);

/* Print "sopdeck: message" on stderr and return EXIT_FAIL. */
int cli_fail(const char *cause);
/* Print a usage error for cmd and return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Simple option matching for subcommands: if argv[*i] is --name (with a value
 * in the next argument or after '='), set *value and advance. Returns 1 if
 * matched, 0 if not, -1 when the value is missing.
 */
/*
 * An argument the command does not take: "unknown option '--grup'; did you mean
 * '--group'?" from the command table (cli/commands.c), or "unexpected argument".
 * Returns EXIT_USAGE.
 */
int cli_unknown(const char *cmd, const char *arg);
/* The first argument is not one of the command's kinds (import gropus): suggest one. */
int cli_unknown_kind(const char *cmd, const char *word);

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value);

int cmd_init(struct cli *cli);
int cmd_import(struct cli *cli);
int cmd_today(struct cli *cli);
int cmd_tick(struct cli *cli);     /* also untick, by argv[0] */
int cmd_log(struct cli *cli);
int cmd_backup(struct cli *cli);   /* cli/cmd-backup.c */
int cmd_restore(struct cli *cli);
int cmd_check(struct cli *cli);
int cmd_content(struct cli *cli);
/* content add|edit|delete|archive (cli/cmd-content-edit.c). */
bool cmd_content_is_edit(const char *word);
int cmd_content_edit(struct cli *cli);
int cmd_export(struct cli *cli);
int cmd_kpi(struct cli *cli);
/* The `export kpi` exporter (cli/cmd-kpi.c). */
int cmd_kpi_export(struct cli *cli, struct db *db, const char *format, FILE *out);
int cmd_calendar(struct cli *cli);
/* sopdeck groups / sopdeck group archive|unarchive|delete|set (cli/cmd-groups.c). */
int cmd_groups(struct cli *cli);
int cmd_group(struct cli *cli);
/* sopdeck playbooks / sopdeck playbook default NAME (cli/cmd-playbooks.c). */
int cmd_playbooks(struct cli *cli);
int cmd_playbook(struct cli *cli);
int cmd_schedule(struct cli *cli);
int cmd_config(struct cli *cli);    /* cli/cmd-config.c */
int cmd_complete(struct cli *cli);  /* cli/cmd-complete.c: names for shell completion */
int cmd_feedback(struct cli *cli);
int cmd_ab(struct cli *cli);
int cmd_report(struct cli *cli);
/* The calendar exporter for cmd-export.c's table (cli/cmd-calendar.c). */
int export_calendar(struct cli *cli, struct db *db, const char *format, FILE *out);

/* Text output: s sanitised (controls shown as ^[ etc., line breaks as spaces). */
void out_text(FILE *out, const char *s);
/*
 * The one column printer for human tables (cli/out.c): s (NULL is "") sanitised,
 * cut at a character boundary with "…" and padded to exactly cols display
 * columns, then sep (NULL: nothing). cols < 0: the text's own width, uncut.
 */
void out_cell(FILE *out, const char *s, int cols, const char *sep);
/* The same, right-aligned (numbers). */
void out_cell_right(FILE *out, const char *s, int cols, const char *sep);
/* The last column of a row: cut to cols (< 0: uncut) but not padded, then "\n". */
void out_cell_end(FILE *out, const char *s, int cols);
/*
 * out_cell appended to a line being built (one write per row for long tables);
 * sep NULL makes it the row's last cell: not padded, and the caller ends the line.
 */
struct buf;
void out_cell_buf(struct buf *line, const char *s, int cols, const char *sep);

/*
 * JSON output (cli/json.c), the only way cli/ writes JSON: struct json writes whole
 * documents with the commas placed for the caller and every string escaped:
 *     json_object(&j); json_key(&j, "id"); json_int(&j, 3); json_end(&j);
 * The outermost json_end ends the document with a newline.
 */

#define JSON_MAX_DEPTH 16
struct json {
	FILE *out;
	struct buf *mem;                /* json_init_buf: written here instead of out */
	int depth;
	bool after_key;                 /* a key was written: the value needs no comma */
	bool newline;                   /* the next element starts a line (json_newline) */
	char close[JSON_MAX_DEPTH];     /* '}' or ']' per open container */
	unsigned count[JSON_MAX_DEPTH]; /* elements written in each */
};
void json_init(struct json *j, FILE *out);
/* Into b (appended, no NUL kept: buf_str ends it), for text put in place later. */
void json_init_buf(struct json *j, struct buf *b);
/* A value already written (by a json_init_buf writer, its newline dropped), placed as an
   element with its comma. */
void json_raw(struct json *j, const char *text, size_t n);
/* What json_raw would write before such a value (its comma, its newline: *n bytes), the
   value counted: for one the caller writes itself, from where it is held. */
const char *json_raw_sep(struct json *j, size_t *n);
void json_object(struct json *j);
void json_array(struct json *j);
void json_end(struct json *j);
/* The next element (or the next json_end's bracket) starts a new line: long streams. */
void json_newline(struct json *j);
void json_key(struct json *j, const char *key);
/* json_key for a string literal of printable ASCII but '"' and '\\': quoted with its
   colon by the compiler, nothing looked up (the keys of a long listing's items). */
#define json_key_lit(j, key) json_key_quoted((j), "\"" key "\":", sizeof(key) + 2)
void json_key_quoted(struct json *j, const char *text, size_t n);
void json_str(struct json *j, const char *s);          /* NULL is null */
void json_str_or_null(struct json *j, const char *s);  /* NULL and "" are null */
void json_text(struct json *j, const char *s);         /* NULL is "" */
void json_text_n(struct json *j, const char *s, size_t n);  /* s's n = strlen(s) bytes */
void json_int(struct json *j, long long v);
/*
 * Members of the open object, written before by this writer (keys, values and the commas
 * between them: a struct json of its own on a memory stream, after its "{"), n bytes: a
 * run of members many objects share is escaped once, then copied.
 */
void json_members(struct json *j, const char *text, size_t n);
void json_num(struct json *j, double v);               /* %.10g; inf/NaN are null */
void json_num_digits(struct json *j, double v, int digits);  /* %.*g (17: round-trips) */
void json_fixed(struct json *j, double v, int decimals);
void json_num_or_null(struct json *j, bool defined, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/*
 * The members of an object whose shape the caller fixes (a long listing's items, 24,000
 * of them in `content --search 误区 --json`): after json_object, the caller writes every
 * member's key and punctuation as literals of its own (json_put_lit: printable ASCII but
 * '"' and '\\', quoted by hand) and the values with these, then json_end; no comma is
 * placed and nothing counted, so no json_key may follow them in that object. A string
 * value is still escaped here (s's n bytes, one NUL after them, as json_text_n).
 */
void json_put(struct json *j, const char *text, size_t n);
#define json_put_lit(j, lit) json_put((j), lit, sizeof(lit) - 1)
void json_put_str(struct json *j, const char *s, size_t n);
/* json_put's text (a key and its punctuation), then json_put_str's string: one write. */
void json_put_member(struct json *j, const char *text, size_t text_len, const char *s, size_t n);
void json_put_int(struct json *j, long long v);
void json_put_num_or_null(struct json *j, bool defined, double v);  /* as json_num */
struct kpi_version_metric;
/* A playbook version's measured effect (kpi --versions --json, report --format json). */
void json_version_metrics(struct json *j, const struct kpi_version_metric *metrics, size_t n);

#endif
