/* The table-valued function `sopdeck_ids` over a C array of ids (model/db-ids.c); model/ only. */
#ifndef SOPDECK_DB_IDS_H
#define SOPDECK_DB_IDS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* A list of ids bound to a statement: it must outlive the statement's steps. */
struct db_ids {
	const int64_t *id;
	size_t n;
};

/* Register `sopdeck_ids` on a connection: db_open calls it before migrating. */
int db_ids_register(sqlite3 *db, char **cause);
/*
 * Bind ids to parameter i of a statement reading `sopdeck_ids(?i)` (each id a
 * row, column `value`, in the array's order): what `json_each` of a JSON list
 * did, without writing and parsing 13,000 numbers' text twice per week.
 */
void db_ids_bind(sqlite3_stmt *st, int i, const struct db_ids *ids);

#endif
