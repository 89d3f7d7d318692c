/*
 * A new workspace starts from the build's schema image (tools/schema-image.c), not from
 * the migrations run one by one: the image must be exactly what the migrations make
 * (every schema object, every row, the version), in memory and on disk, and a file
 * that exists is never replaced by it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db.h"
#include "internal.h"
#include "schema-image.h"
#include "util.h"
#include "testutil.h"

/* Append every row of sql as text, one "a|b|c" line each. */
static void dump_rows(sqlite3 *sql, const char *query, struct buf *out)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sql, query, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			buf_addf(out, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
		}
		buf_add(out, "\n", 1);
	}
	sqlite3_finalize(st);
}

/* The whole database as text: pragmas, the schema, then every ordinary table's rows. */
static char *dump(struct db *db)
{
	sqlite3 *sql = db_sqlite(db);
	struct buf out = {0};
	dump_rows(sql, "PRAGMA user_version", &out);
	dump_rows(sql, "PRAGMA application_id", &out);
	dump_rows(sql, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name", &out);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sql,
					    "SELECT name FROM sqlite_schema WHERE type = 'table' "
					    "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		buf_addf(&out, "-- %s\n", name);
		char *q = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY 1", name);
		dump_rows(sql, q, &out);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	return out.data ? out.data : xstrdup("");
}

static char *dump_path(const char *path, bool image)
{
	db_schema_image_use(image);
	struct db *db = NULL;
	char *cause = NULL;
	if (db_open(path, &db, &cause) < 0)
		fail_msg("db_open %s: %s", path, cause);
	db_schema_image_use(true);
	char *d = dump(db);
	db_close(db);
	return d;
}

static void test_memory_image_is_the_migrations(void **state)
{
	(void)state;
	/* The image is this binary's schema, so db_open uses it (a mismatch would fall back). */
	assert_int_equal(schema_image_version, db_schema_version());
	assert_true(schema_image_len >= 4096);
	char *migrated = dump_path(":memory:", false);
	char *imaged = dump_path(":memory:", true);
	assert_non_null(strstr(migrated, "CREATE TABLE"));
	char version[16];
	snprintf(version, sizeof version, "%d\n", db_schema_version());
	assert_memory_equal(migrated, version, strlen(version));
	assert_string_equal(imaged, migrated);
	free(migrated);
	free(imaged);
}

/* Names in dir beginning with prefix (temporary files left behind would show here). */
static int count_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static void test_file_image_is_the_migrations(void **state)
{
	(void)state;
	char dir[] = "/tmp/sopdeck-image-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *a = xasprintf("%s/migrated.db", dir), *b = xasprintf("%s/imaged.db", dir);
	char *migrated = dump_path(a, false);
	char *imaged = dump_path(b, true);
	assert_string_equal(imaged, migrated);
	struct stat st;
	assert_int_equal(stat(b, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count_prefixed(dir, "imaged.db.new-"), 0);

	/* Shared: the file is 0660 from its first byte, as a migrated one. */
	char *c = xasprintf("%s/shared.db", dir);
	db_set_shared(true);
	free(dump_path(c, true));
	db_set_shared(false);
	assert_int_equal(stat(c, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);

	/* A workspace that exists is opened, never replaced by the image. */
	struct db *db = NULL;
	char *cause = NULL;
	assert_int_equal(db_open(b, &db, &cause), 0);
	assert_int_equal(db_exec(db, "INSERT INTO setting (key, value) VALUES ('x-kept', '1')",
				 &cause), 0);
	db_close(db);
	char *again = dump_path(b, true);
	assert_non_null(strstr(again, "x-kept|1"));
	free(again);

	char *cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(migrated);
	free(imaged);
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_image_is_the_migrations),
		cmocka_unit_test(test_file_image_is_the_migrations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
