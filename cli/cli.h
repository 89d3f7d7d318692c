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
int cmd_content(struct cli *cli);
int cmd_export(struct cli *cli);

/* The content filter options shared by `content` and `export content` (cli/cmd-content.c). */
#include "content.h"
struct content_args {
	int argc;
	char **argv;
	struct content_filter filter;
	const char **tags;    /* --tag values (point into argv) */
	char *category;       /* resolved key */
};
/*
 * If argv[*i] is --tag, --category, --zone, --form, --from, --to or --search,
 * take it (and its value): returns 0; -1 when it is none of them; else an exit
 * status after printing the error.
 */
int content_args_parse(struct db *db, const char *cmd, int *i, struct content_args *a);
void content_args_free(struct content_args *a);

/* JSON output. */
void json_string(FILE *out, const char *s);

#endif
