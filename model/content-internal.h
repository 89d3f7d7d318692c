/* Shared by model/content.c and model/content-import.c only. */
#ifndef SOPDECK_CONTENT_INTERNAL_H
#define SOPDECK_CONTENT_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "content.h"

/* Check an item before it is stored: title, date, known category, zone, form. */
int content_item_check(struct db *db, const struct content_item *it, char **cause);

/*
 * Insert (it->id 0) or replace one item inside the caller's transaction, tags
 * normalised; sets *id. The caller has checked it.
 */
int content_store(struct db *db, const struct content_item *it, int64_t *id, char **cause);

/*
 * Fold text for search, both what is stored and what is typed: full-width
 * forms to half-width (text_fold_width), ASCII lower-cased. Caller frees.
 */
char *content_fold(const char *s);
/*
 * Register the FTS5 tokenizer `sopdeck_char` of the search index (content_fts,
 * migration 007) on a connection: db_open calls it before migrating.
 */
int content_fts_register(sqlite3 *db, char **cause);
/*
 * The tokens of text as the search index sees them (model/content-fts.c): each
 * character of content_fold(text) one token, each white-space run one " ";
 * emit gets each with its byte offsets in text. Stops at emit's first non-zero.
 */
int content_fts_tokenize(const char *text, int len,
			 int (*emit)(void *ctx, const char *tok, int n, int start, int end),
			 void *ctx);

/* EXPLAIN QUERY PLAN of the first page for f, one step a line (tests check the indexes). */
int content_explain(struct db *db, const struct content_filter *f, enum content_sort sort,
		    char **plan, char **cause);

#endif
