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
	bool archived;      /* a disbanded group: no actions, out of the views, history kept */
	char *playbook;     /* the playbook it runs on; "" = the workspace's default */
	char *strings;      /* when read from the database: the four strings' one block */
};

/*
 * The groups the views work on, ordered by name: not archived, and only the
 * connection's owner's when a scope is set (group_scope_set). The checklist,
 * the calendar and the KPI overview all list groups through here.
 */
int group_list(struct db *db, struct group **out, size_t *n, char **cause);
/* Every group, archived too, whatever the scope: history, imports, `groups --all`. */
int group_list_all(struct db *db, struct group **out, size_t *n, char **cause);

/*
 * "My groups": group_list keeps to owner's groups on this connection from now
 * on (NULL = everyone's again). The console and `--mine`/`--owner` set it.
 */
void group_scope_set(struct db *db, const char *owner);
/* The scope's owner, or NULL. */
const char *group_scope(struct db *db);
/* How many groups (not archived) owner owns. */
int group_count_owned(struct db *db, const char *owner, size_t *n, char **cause);

/* By exact name (a lookup): 0 found, 1 absent (*cause untouched), -1 error with cause. */
int group_find(struct db *db, const char *name, struct group *out, char **cause);
/* By id (a lookup): 0 found, 1 absent, -1 error with cause. */
int group_find_id(struct db *db, int64_t id, struct group *out, char **cause);
/* The group must exist: 0 found, -1 with "no group named 'X'" or the error's cause. */
int group_require(struct db *db, const char *name, struct group *out, char **cause);
/* By id: 0 found, -1 with "no group with id 3" or the error's cause. */
int group_require_id(struct db *db, int64_t id, struct group *out, char **cause);
void group_clear(struct group *g);
/* A copy of g that owns its strings (group_clear frees them). */
struct group group_copy(const struct group *g);
void group_list_free(struct group *groups, size_t n);

/*
 * A list's groups found by id: an open-addressing table of their indexes, made in
 * one pass (a sort of 500 ids and a binary search per row were 300,000
 * instructions of the console's first load). group_ids_find: the index, or
 * SIZE_MAX when no group of the list has that id.
 */
struct group_ids {
	const struct group *groups;
	size_t *slot;  /* index + 1, 0 = empty */
	size_t mask;
};
void group_ids_build(struct group_ids *t, const struct group *groups, size_t n);
size_t group_ids_find(const struct group_ids *t, int64_t id);
void group_ids_free(struct group_ids *t);

/*
 * An item ID as typed: "GROUPID:ACTION" or "GROUP-NAME:ACTION" (split at the
 * last ':', so a name may hold ':'). A number is a group id first, else a name.
 * 0 with *group_id and a malloc'd *action_id; -1 with cause (no such group, or
 * not an item ID).
 */
int group_parse_item(struct db *db, const char *id, int64_t *group_id, char **action_id,
		     char **cause);

/* ---- the lifecycle: each change audited, one transaction ---- */

/* Archive (true) or bring back (false) the group named name. */
int group_set_archived(struct db *db, const char *name, bool archived, const char *operator,
		       char **cause);

/* What a group's history holds: ticks, KPI days (group, day), calendar slots. */
struct group_history {
	long ticks, kpi_days, slots;
};
int group_history(struct db *db, int64_t id, struct group_history *out, char **cause);

/*
 * Delete the group named name. With history (group_history not all zero) it is
 * refused unless purge, which deletes the history with it.
 */
int group_delete(struct db *db, const char *name, bool purge, const char *operator,
		 char **cause);

/* group set: each field NULL = unchanged. */
struct group_change {
	const char *owner, *name, *type, *playbook;
};
int group_change(struct db *db, const char *name, const struct group_change *c,
		 const char *operator, char **cause);

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
