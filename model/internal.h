/* Shared inside model/ only: the SQLite handle and statement helpers. */
#ifndef SOPDECK_MODEL_INTERNAL_H
#define SOPDECK_MODEL_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

sqlite3 *db_sqlite(struct db *db);

/* Prepare sql; on failure sets cause with SQLite's message. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, char **cause);
/* Run sql that returns no rows. */
int db_exec(struct db *db, const char *sql, char **cause);
/* Set cause from the connection's last error, prefixed with what. */
int db_fail(struct db *db, const char *what, char **cause);

/* Column text that is never NULL. */
const char *db_col_text(sqlite3_stmt *st, int col);

#endif
