/*
 * The one command table (as tmux's cmd_entry): every subcommand is a row with its
 * name, its argument spec, a one-line summary, its options and its handler. The
 * dispatch, `--help`, `SUB --help`, `help SUB`, "did you mean" and the completion
 * (`sopdeck complete`) are all read from it, so they cannot drift apart.
 */
#ifndef SOPDECK_COMMANDS_H
#define SOPDECK_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli;

/* One option of a command: "--group" and its value's name ("NAME"), NULL for a flag. */
struct cmd_option {
	const char *name;
	const char *arg;
};

#define CMD_HIDDEN 0x1   /* not in --help nor in `complete commands` (sopdeck complete) */

struct cmd_entry {
	const char *name;
	const char *usage;     /* after "sopdeck NAME"; '\n' separates the alternative forms */
	const char *summary;   /* one line: what it does */
	const char *words;     /* the first argument's words ("playbook groups ..."), or NULL */
	const struct cmd_option *options;   /* ended by {NULL, NULL}; NULL = none */
	int (*run)(struct cli *);
	unsigned flags;
};

extern const struct cmd_entry cmd_table[];
extern const size_t cmd_table_len;
/* The global options (stand before or after the subcommand). */
extern const struct cmd_option cmd_global_options[];

/* The row named name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);
/* Damerau-Levenshtein distance (adjacent transpositions count one), by bytes. */
size_t cmd_distance(const char *a, const char *b);
/* The nearest of names[0..n) to word at distance <= 2, or NULL. */
const char *cmd_nearest(const char *word, const char *const *names, size_t n);
/* The nearest command name to word, or NULL. */
const char *cmd_nearest_command(const char *word);
/* The nearest option of the command to word ("--grup" -> "--group"), or NULL. */
const char *cmd_nearest_option(const struct cmd_entry *e, const char *word);

/* "usage: sopdeck NAME ..." with every form, the summary and the options. */
void cmd_print_usage(FILE *out, const struct cmd_entry *e);
/* The whole program's usage, generated from the table (sopdeck --help). */
void cmd_print_help(FILE *out);
/* Run the subcommand in cli->argv[0] through the table; handles SUB --help. */
int cmd_dispatch(struct cli *cli);

#endif
