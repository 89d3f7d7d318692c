/* The search index's tokenizer (model/db-fts.c), for db_open and the tests; model/ only. */
#ifndef SOPDECK_DB_FTS_H
#define SOPDECK_DB_FTS_H

#include <sqlite3.h>

/*
 * Register the FTS5 tokenizer `sopdeck_char` of the content search index
 * (content_fts, migration 007) on a connection: db_open calls it before migrating.
 */
int db_fts_register(sqlite3 *db, char **cause);
/*
 * The tokens of text as the search index sees them: each character of
 * text_fold(text) one token, each white-space run one " "; emit gets each with
 * its byte offsets in text. Stops at emit's first non-zero and returns it.
 */
int db_fts_tokenize(const char *text, int len,
		    int (*emit)(void *ctx, const char *tok, int n, int start, int end), void *ctx);

#endif
