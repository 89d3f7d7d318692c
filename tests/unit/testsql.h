/*
 * Reading the database straight from a unit test, to check what a model function
 * wrote (model/internal.h: for model/ and the tests only).
 */
#ifndef SOPDECK_TEST_SQL_H
#define SOPDECK_TEST_SQL_H

#include "testutil.h"
#include "internal.h"

/* The one number sql selects (a count); fails the test when it cannot be read. */
static inline int64_t test_sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *cause = NULL;
	if (db_prepare(db, sql, &st, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#endif
