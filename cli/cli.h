/* The command line: global options and one function per subcommand (cli/cmd-*.c). */
#ifndef SOPDECK_CLI_H
#define SOPDECK_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct db;

/* Exit statuses (FORMATS.md). */
#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

struct cli {
	char *db_path;        /* --db, $SOPDECK_DB, or the XDG default */
	int today;            /* --today, $SOPDECK_TODAY, or the local date */
	char *operator;       /* --operator, $USER */
	bool demo;            /* --demo */
	int argc;             /* the subcommand's own arguments, argv[0] = its name */
	char **argv;
};

/* Open the database named by the global options; prints the error and returns NULL on failure. */
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
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value);

int cmd_init(struct cli *cli);
int cmd_import(struct cli *cli);
int cmd_today(struct cli *cli);
int cmd_tick(struct cli *cli);     /* also untick, by argv[0] */
int cmd_log(struct cli *cli);
int cmd_content(struct cli *cli);
int cmd_export(struct cli *cli);
int cmd_kpi(struct cli *cli);
/* The `export kpi` exporter (cli/cmd-kpi.c). */
int cmd_kpi_export(struct cli *cli, struct db *db, const char *format, FILE *out);
int cmd_calendar(struct cli *cli);
int cmd_schedule(struct cli *cli);
int cmd_feedback(struct cli *cli);
int cmd_ab(struct cli *cli);
int cmd_report(struct cli *cli);
/* The calendar exporter for cmd-export.c's table (cli/cmd-calendar.c). */
int export_calendar(struct cli *cli, struct db *db, const char *format, FILE *out);

/* JSON output. */
void json_string(FILE *out, const char *s);

#endif
