/* The content filter options shared by `content` and `export content` (cli/cmd-content.c). */
#ifndef SOPDECK_CONTENT_ARGS_H
#define SOPDECK_CONTENT_ARGS_H

#include "content.h"

struct db;

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

/*
 * The category key of v (a key or a Chinese name) in any playbook of the
 * workspace, the default's first: the library is shared by every business
 * line. 1 found (*key malloc'd), 0 unknown, -1 error (*cause set).
 */
int content_category_any(struct db *db, const char *v, char **key, char **cause);

#endif
