/* The audit log: every tick, untick, edit, schedule change and import, with who and when. */
#ifndef SOPDECK_AUDIT_H
#define SOPDECK_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct audit_entry {
	int64_t id;
	char *at, *operator, *kind, *detail;
	char *account;   /* the Unix account that ran sopdeck ("" before schema 8) */
};

/*
 * Newest first: up to limit entries with id below before_id (0 = from the newest),
 * so a view pages through the log without loading all of it.
 */
int audit_list(struct db *db, int64_t before_id, size_t limit, struct audit_entry **out,
	       size_t *n, char **cause);
/* Which entries audit_query returns; NULL or "" fields do not filter. */
struct audit_filter {
	const char *operator;  /* exactly this operator */
	const char *kind;      /* kinds containing this ("import" matches "import groups") */
	const char *since;     /* on or after this day, "YYYY-MM-DD", in the workspace's zone */
};

/* audit_list with a filter (NULL = none); still one page, newest first. */
int audit_query(struct db *db, const struct audit_filter *f, int64_t before_id, size_t limit,
		struct audit_entry **out, size_t *n, char **cause);
void audit_free(struct audit_entry *entries, size_t n);

/*
 * The hash chain (schema 8): each entry carries SHA-256 over its predecessor's
 * hash and its own fields, and the table audit_head the last id, hash and count.
 * audit_verify recomputes it all: problem NULL means intact; else bad_id is the
 * first entry that fails and problem says how (edited, predecessor deleted, no
 * hash, end deleted). Returns -1 only when the log cannot be read.
 */
struct audit_check {
	size_t rows;       /* entries checked */
	int64_t bad_id;
	char *problem;     /* malloc'd, NULL when the chain holds */
};
int audit_verify(struct db *db, struct audit_check *out, char **cause);
void audit_check_clear(struct audit_check *c);

#endif
