/* Groups (社群): platform, type, creation date; stage and day follow from the date. */
#ifndef SOPDECK_GROUP_H
#define SOPDECK_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "playbook.h"

struct db;

enum group_platform { PLATFORM_WECOM = 0, PLATFORM_WECHAT = 1 };

struct group {
	int64_t id;
	char *name;
	enum group_platform platform;
	enum group_type type;
	int created;        /* day number */
	char *owner, *positioning;
};

/* All groups ordered by name. */
int group_list(struct db *db, struct group **out, size_t *n, char **cause);
/* By exact name; 0 found, -1 not found or error (cause says which). */
int group_find(struct db *db, const char *name, struct group *out, char **cause);
/* By id; 0 found, -1 not found ("no group with id 3") or error. */
int group_find_id(struct db *db, int64_t id, struct group *out, char **cause);
void group_clear(struct group *g);
void group_list_free(struct group *groups, size_t n);

/* Age in days: 0 on the creation day. */
int group_age(const struct group *g, int today);

/*
 * Import groups from YAML (a list) or CSV (by file extension): one transaction,
 * a group with an existing name is updated. Errors name the file and line.
 * *count gets how many groups were written.
 */
int group_import_file(struct db *db, const char *path, const char *operator, size_t *count,
		      char **cause);
int group_import_text(struct db *db, const char *text, size_t len, const char *name,
		      bool is_csv, const char *operator, size_t *count, char **cause);

/* Parse "wecom"/"企业微信"... and "promotion"/"群发推广型"...; -1 if unknown. */
int group_platform_parse(const char *s);
int group_type_parse(const char *s);
const char *group_platform_key(enum group_platform p);
const char *group_platform_name(enum group_platform p); /* Chinese */
const char *group_type_key(enum group_type t);
const char *group_type_name(enum group_type t); /* Chinese */

#endif
