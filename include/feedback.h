/*
 * User feedback in four quadrants (用户反馈四象限), the "Check" of the SOP's
 * PDCA loop: what members say in public, what they complain about in private,
 * who left silently, who engages. Entries stay open until closed with a note.
 */
#ifndef SOPDECK_FEEDBACK_H
#define SOPDECK_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum feedback_quadrant {
	FEEDBACK_PUBLIC,  /* 公开建议 */
	FEEDBACK_PRIVATE, /* 私聊吐槽 */
	FEEDBACK_SILENT,  /* 沉默流失 */
	FEEDBACK_ACTIVE,  /* 积极互动 */
	FEEDBACK_QUADRANTS
};

struct feedback {
	int64_t id;
	int64_t group_id;
	char *group;              /* the group's name */
	enum feedback_quadrant quadrant;
	char *body, *member;
	int day;                  /* day number */
	char *created_at, *created_by;
	bool closed;
	char *closed_at, *closed_by, *note; /* "" while open */
	char *version;            /* the answering playbook version, "" if none */
};

/* Which entries: NULL / -1 / false mean "any". */
struct feedback_filter {
	const char *group;
	int quadrant;
	bool open_only;
};

/* Per group: open and total entries by quadrant. */
struct feedback_count {
	char *group;
	int open[FEEDBACK_QUADRANTS];
	int total[FEEDBACK_QUADRANTS];
};

/* "public"/"公开建议"/"公开"... to a quadrant; -1 if none. */
int feedback_quadrant_parse(const char *s);
const char *feedback_quadrant_key(enum feedback_quadrant q);
const char *feedback_quadrant_name(enum feedback_quadrant q); /* Chinese */
/* The name shown: the Chinese name in Chinese, the key in English. */
const char *feedback_quadrant_label(enum feedback_quadrant q);

/* Add one entry for the named group; audited. *id gets the new entry's id. */
int feedback_add(struct db *db, const char *group, enum feedback_quadrant q, const char *body,
		 const char *member, int day, const char *operator, int64_t *id, char **cause);

/*
 * Entries matching filter, open ones first, then newest day first; at most
 * limit (0 = no limit). The console asks for a screen's worth.
 */
int feedback_list(struct db *db, const struct feedback_filter *filter, size_t limit,
		  struct feedback **out, size_t *n, char **cause);
void feedback_free(struct feedback *f, size_t n);
/* The strings of one entry (the array itself is the caller's). */
void feedback_free_one(struct feedback *f);

/* Counts per group (ordered by name) over the entries filter selects, in one query. */
int feedback_counts(struct db *db, const struct feedback_filter *filter,
		    struct feedback_count **out, size_t *n, char **cause);
void feedback_counts_free(struct feedback_count *c, size_t n);

/*
 * Close entry id with a note saying what was done; version (may be NULL) names
 * the playbook version that answered it ("2.1"). Audited. Closing a closed
 * entry is an error that says who closed it and when.
 */
int feedback_close(struct db *db, int64_t id, const char *note, const char *version,
		   const char *operator, char **cause);

/*
 * Silent leavers from a WeCom member export (CSV: group, member, when they
 * left) as 沉默流失 entries: one transaction, every bad row named with its
 * line, nothing written on error. A row already imported (same group, member
 * and day) is skipped, so the same export can be imported again. A row with no
 * leave time is a member still in the group: passed over and counted. *added,
 * *skipped and *current get the counts. A day after today is an error, as in
 * `feedback add`.
 */
int feedback_import_leavers(struct db *db, const char *path, int today, const char *operator,
			    size_t *added, size_t *skipped, size_t *current, char **cause);

#endif
