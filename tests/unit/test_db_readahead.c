/*
 * The read-ahead layer under SQLite (model/db-readahead.c): a file database goes through
 * it, a scan (or two at once) reads what is stored, and what it read ahead never outlives
 * a transaction: another connection's change (checkpointed into the file) is seen by the
 * next read, and not inside a read transaction begun before it.
 */
#include "testutil.h"

#include <stdio.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"

static char dir[] = "/tmp/sopdeck-readahead-XXXXXX";
static char path[64];

/* One integer from sql on db. */
static long long one(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void exec_ok(struct db *db, const char *sql)
{
	char *cause = NULL;
	if (db_exec(db, sql, &cause) < 0)
		fail_msg("%s: %s", sql, cause);
}

static struct db *open_file(void)
{
	struct db *db = NULL;
	char *cause = NULL;
	if (db_open(path, &db, &cause) < 0)
		fail_msg("db_open: %s", cause);
	return db;
}

/* Rows from id from on whose value is all one letter: a scan of their pages counts them
   (the last pages first: what a scan before read ahead, were it kept, would give). */
static long long count_from(struct db *db, char letter, int from)
{
	sqlite3_stmt *st;
	const char *sql = "SELECT count(*) FROM ra WHERE id >= ?2 AND v = printf('%.*c', 300, ?1)";
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	char s[2] = {letter, 0};
	sqlite3_bind_text(st, 1, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, from);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long count_letter(struct db *db, char letter)
{
	return count_from(db, letter, 1);
}

static void test_readahead(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/ra.db", dir);
	struct db *a = open_file(), *b = open_file();
	/* The file is read through the layer, or this test would prove nothing. */
	char *vfs = NULL;
	assert_int_equal(sqlite3_file_control(db_sqlite(a), "main", SQLITE_FCNTL_VFSNAME, &vfs),
			 SQLITE_OK);
	assert_non_null(vfs);
	assert_non_null(strstr(vfs, "sopdeck-readahead"));
	sqlite3_free(vfs);
	/* 4,000 rows of 300 bytes: some 300 pages, each read by a scan. */
	exec_ok(a, "CREATE TABLE ra (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
	exec_ok(a, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
		   "INSERT INTO ra SELECT i, printf('%.*c', 300, 'a') FROM n");
	exec_ok(a, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(count_letter(a, 'a'), 4000);
	assert_int_equal(one(a, "SELECT sum(id) FROM ra"), 4000LL * 4001 / 2);

	/* Another connection changes every row and copies it into the file. */
	exec_ok(b, "UPDATE ra SET v = printf('%.*c', 300, 'b')");
	exec_ok(b, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(count_from(a, 'b', 3801), 200);
	assert_int_equal(count_letter(a, 'b'), 4000);
	assert_int_equal(count_letter(a, 'a'), 0);

	/* Inside a read transaction begun before a change, the scan keeps its snapshot. */
	exec_ok(a, "BEGIN");
	assert_int_equal(count_letter(a, 'b'), 4000);
	exec_ok(b, "UPDATE ra SET v = printf('%.*c', 300, 'c') WHERE id % 2 = 0");
	exec_ok(b, "PRAGMA wal_checkpoint");
	assert_int_equal(count_letter(a, 'b'), 4000);
	exec_ok(a, "COMMIT");
	assert_int_equal(count_letter(a, 'c'), 2000);
	exec_ok(b, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(count_from(a, 'c', 3801), 100);
	assert_int_equal(count_letter(a, 'b'), 2000);
	assert_int_equal(count_letter(a, 'c'), 2000);

	/* Two scans at once (a join: ra's pages in order, rb's by ascending seeks), each its
	   own stream of read-ahead, and neither outlives another connection's change. */
	exec_ok(a, "CREATE TABLE rb (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
	exec_ok(a, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
		   "INSERT INTO rb SELECT i, printf('%.*c', 300, 'x') FROM n");
	exec_ok(a, "PRAGMA wal_checkpoint(TRUNCATE)");
	const char *join = "SELECT count(*) FROM ra CROSS JOIN rb ON rb.id = ra.id "
			   "WHERE rb.v = printf('%.*c', 300, 'y') AND ra.v = printf('%.*c', 300, 'd')";
	assert_int_equal(one(a, join), 0);
	exec_ok(b, "UPDATE rb SET v = printf('%.*c', 300, 'y') WHERE id % 3 = 0");
	exec_ok(b, "UPDATE ra SET v = printf('%.*c', 300, 'd') WHERE id > 2000");
	exec_ok(b, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(one(a, join), 667);
	assert_int_equal(one(a, "SELECT count(*) FROM ra CROSS JOIN rb ON rb.id = ra.id WHERE "
			     "rb.v = printf('%.*c', 300, 'x') AND ra.v = printf('%.*c', 300, 'd')"),
			 1333);
	assert_int_equal(count_letter(a, 'd'), 2000);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(a), "PRAGMA integrity_check", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	db_close(a);
	db_close(b);
	char f[80];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readahead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
