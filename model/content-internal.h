/* Shared by model/content*.c only. */
#ifndef SOPDECK_CONTENT_INTERNAL_H
#define SOPDECK_CONTENT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "content.h"
#include "text.h"

/* Check an item before it is stored: title, date, known category, zone, form. */
int content_item_check(struct db *db, const struct content_item *it, char **cause);

/*
 * Insert (it->id 0) or replace one item inside the caller's transaction, tags
 * normalised; sets *id. The caller has checked it.
 */
int content_store(struct db *db, const struct content_item *it, int64_t *id, char **cause);
/*
 * content_store with tags false: the row alone, its content_tag rows left to the caller
 * (a first import makes every item's at once, after the items: content_tags_from_rows).
 */
int content_store_row(struct db *db, const struct content_item *it, bool tags, int64_t *id,
		      char **cause);

/*
 * The item's slots by day: all of them (from DATE_INVALID), or those a delete on
 * day `from` would empty: not posted, on that day or later (content_pending_slots).
 */
int content_slots_read(struct db *db, int64_t id, int from, struct content_use **out,
		       size_t *n, char **cause);

/* Search folding is text's (text_fold in text.h); the content module's name for it. */
static inline char *content_fold(const char *s)
{
	return text_fold(s);
}
/* EXPLAIN QUERY PLAN of the first page for f, one step a line (tests check the indexes). */
int content_explain(struct db *db, const struct content_filter *f, enum content_sort sort,
		    char **plan, char **cause);

#endif
