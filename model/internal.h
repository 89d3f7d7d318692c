/* Shared inside model/ only: the SQLite handle and statement helpers. */
#ifndef SOPDECK_MODEL_INTERNAL_H
#define SOPDECK_MODEL_INTERNAL_H

#include <stdbool.h>

#include <sqlite3.h>

#include "db.h"

sqlite3 *db_sqlite(struct db *db);

/* Prepare sql; on failure sets cause with SQLite's message. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, char **cause);
/*
 * The statement for sql from the connection's cache, prepared on first use and
 * reset with bindings cleared on every later call: loops and repeated screen
 * loads reuse it instead of preparing again. Never finalize it; db_close does.
 * sql should be a string literal (the cache keys on its text).
 */
sqlite3_stmt *db_cached(struct db *db, const char *sql, char **cause);
/* Run sql that returns no rows. */
int db_exec(struct db *db, const char *sql, char **cause);
/* Wait for another writer's lock as usual (true), or give up at once (false). */
void db_busy_wait(struct db *db, bool wait);
/* Set cause from the connection's last error, prefixed with what. */
int db_fail(struct db *db, const char *what, char **cause);

/*
 * A bulk write (an import): a page cache of cache_kib KiB, so a transaction that
 * touches tens of megabytes keeps its pages instead of spilling each one to the WAL
 * again and again, and statement journals in memory; 0 restores the defaults. Call it
 * before db_begin (SQLite places statement journals when a transaction starts).
 * Journaling and syncing stay as they are.
 */
void db_bulk(struct db *db, int cache_kib);

/* The connection's group scope (group_scope_set in group.c): an owner, or NULL. */
const char *db_group_owner(const struct db *db);
void db_set_group_owner(struct db *db, const char *owner);

/*
 * Make the sort keys of the groups that have none (x'': inserted, renamed) in
 * the caller's transaction: every writer of chat_group calls it before commit.
 */
int db_sort_keys_fill(struct db *db, char **cause);
/* Is every group's stored sort key made, under the running ICU (else group_list uses ICU)? */
bool db_sort_keys_valid(const struct db *db);

/* Column text that is never NULL. */
const char *db_col_text(sqlite3_stmt *st, int col);

#endif
