/* The audit log reader: keyset pages newest first, and the operator/kind/since filters. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"

#include "chain.h"
#include "audit.h"
#include "dates.h"
#include "internal.h"
#include "content.h"

/* Write one entry in its own transaction. */
static void add(struct db *db, const char *op, const char *kind, const char *detail)
{
	char *cause = NULL;
	assert_int_equal(db_begin(db, &cause), 0);
	assert_int_equal(db_audit(db, op, kind, detail, &cause), 0);
	assert_int_equal(db_commit(db, &cause), 0);
}

/* A log of 25 entries by two operators and two kinds, after the built-in playbook's. */
static struct db *log_db(void)
{
	struct db *db = test_db();
	char detail[16];
	for (int i = 0; i < 25; i++) {
		snprintf(detail, sizeof detail, "n%d", i);
		add(db, i % 2 ? "bob" : "alice", i % 5 ? "tick" : "import groups", detail);
	}
	return db;
}

static void test_audit_pages(void **state)
{
	struct db *db = log_db();
	struct audit_entry *e;
	size_t n, seen = 0;
	int64_t before = 0, last = INT64_MAX;
	char *cause = NULL;
	/* Pages of 7 walk every entry exactly once, ids strictly falling. */
	do {
		assert_int_equal(audit_list(db, before, 7, &e, &n, &cause), 0);
		assert_true(n <= 7);
		for (size_t i = 0; i < n; i++) {
			assert_true(e[i].id < last);
			last = e[i].id;
		}
		if (n)
			before = e[n - 1].id;
		seen += n;
		audit_free(e, n);
	} while (n == 7);
	assert_int_equal(seen, 26); /* 25 + the built-in playbook */
	assert_int_equal(audit_list(db, 0, 1, &e, &n, &cause), 0);
	assert_string_equal(e[0].detail, "n24");
	audit_free(e, n);
	db_close(db);
}

static void test_audit_filters(void **state)
{
	struct db *db = log_db();
	struct audit_entry *e;
	size_t n;
	char *cause = NULL;
	struct audit_filter f = {.operator = "bob"};
	assert_int_equal(audit_query(db, &f, 0, 100, &e, &n, &cause), 0);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(e[i].operator, "bob");
	audit_free(e, n);

	/* Kind matches a part: "import" finds "import groups" (and alice's playbook). */
	f = (struct audit_filter){.operator = "alice", .kind = "import"};
	assert_int_equal(audit_query(db, &f, 0, 100, &e, &n, &cause), 0);
	/* i = 0, 10, 20 are alice's imports; test_db's playbook is by tester. */
	assert_int_equal(n, 3);
	assert_string_equal(e[0].detail, "n20");
	audit_free(e, n);

	/* A filtered page stops after limit matches and pages on from the last id. */
	f = (struct audit_filter){.kind = "tick"};
	assert_int_equal(audit_query(db, &f, 0, 3, &e, &n, &cause), 0);
	assert_int_equal(n, 3);
	int64_t before = e[2].id;
	audit_free(e, n);
	assert_int_equal(audit_query(db, &f, before, 100, &e, &n, &cause), 0);
	assert_int_equal(n, 20 - 3);
	audit_free(e, n);

	f = (struct audit_filter){.since = "2999-01-01"};
	assert_int_equal(audit_query(db, &f, 0, 100, &e, &n, &cause), 0);
	assert_int_equal(n, 0);
	audit_free(e, n);
	f = (struct audit_filter){.since = "2000-01-01", .operator = ""};
	assert_int_equal(audit_query(db, &f, 0, 100, &e, &n, &cause), 0);
	assert_int_equal(n, 26);
	audit_free(e, n);
	db_close(db);
}

/*
 * --since DAY is midnight in the workspace's zone for both kinds of stamp: UTC with Z
 * (since migration 009) and the naive local text written before it. West of UTC the
 * day's UTC midnight bound sorts after every naive stamp of that day as text.
 */
static void test_audit_since_naive(void **state)
{
	struct db *db = test_db();
	char *cause = NULL;
	assert_int_equal(date_zone_set("America/Los_Angeles", &cause), 0);
	assert_int_equal(db_exec(db, "DELETE FROM audit; INSERT INTO audit (at, operator, kind, "
				 "detail) VALUES ('2026-03-03 23:59:59', 'old', 'tick', 'before'), "
				 "('2026-03-04 05:00:00', 'old', 'tick', 'naive'), "
				 "('2026-03-04T07:59:59Z', 'new', 'tick', 'utc before'), "
				 "('2026-03-04T08:00:00Z', 'new', 'tick', 'utc midnight')",
				 &cause), 0);
	struct audit_filter f = {.since = "2026-03-04"};
	struct audit_entry *e;
	size_t n;
	assert_int_equal(audit_query(db, &f, 0, 100, &e, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].detail, "utc midnight");
	assert_string_equal(e[1].detail, "naive");
	audit_free(e, n);
	assert_int_equal(date_zone_set("Asia/Shanghai", &cause), 0);
	assert_int_equal(audit_query(db, &f, 0, 100, &e, &n, &cause), 0);
	assert_int_equal(n, 3);
	audit_free(e, n);
	db_close(db);
}

/* An edit's entry says which fields changed, the title with its old and new text. */
static void test_audit_content_edit(void **state)
{
	struct db *db = test_db();
	char *cause = NULL;
	char *tags[] = {"早安"};
	struct content_item it = {.title = "早安问候", .category = "", .zone = "", .form = "",
				  .style = "", .source = "", .body = "正文", .date = D("2026-03-01"),
				  .tags = tags, .n_tags = 1};
	if (content_add(db, &it, "alice", &cause) < 0)
		fail_msg("content_add: %s", cause);
	struct content_item got;
	assert_int_equal(content_get(db, 1, &got, &cause), 0);
	free(got.title);
	got.title = xstrdup("早安问候 v2");
	free(got.body);
	got.body = xstrdup("新的正文");
	if (content_update(db, &got, "bob", &cause) < 0)
		fail_msg("content_update: %s", cause);
	content_item_clear(&got);
	struct audit_entry *e;
	size_t n;
	struct audit_filter f = {.kind = "content-edit"};
	assert_int_equal(audit_query(db, &f, 0, 10, &e, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].operator, "bob");
	assert_string_equal(e[0].detail, "#1 早安问候 v2: title 早安问候 → 早安问候 v2; body");
	audit_free(e, n);
	db_close(db);
}

/* Run one statement straight on the file, as someone with the sqlite3 shell would. */
static void raw_sql(struct db *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db_sqlite(db), sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

/* verify's verdict: NULL when intact, else its problem (caller frees). */
static char *verify(struct db *db, int64_t *bad_id, size_t *rows)
{
	struct audit_check c;
	char *cause = NULL;
	if (audit_verify(db, &c, &cause) < 0)
		fail_msg("audit_verify: %s", cause);
	if (bad_id)
		*bad_id = c.bad_id;
	if (rows)
		*rows = c.rows;
	return c.problem;
}

/* Each entry carries the Unix account, and the chain holds over an untouched log. */
static void test_audit_chain_intact(void **state)
{
	struct db *db = log_db();
	size_t rows;
	char *p = verify(db, NULL, &rows);
	assert_null(p);
	assert_int_equal(rows, 26);
	struct audit_entry *e;
	size_t n;
	char *cause = NULL;
	assert_int_equal(audit_list(db, 0, 1, &e, &n, &cause), 0);
	struct passwd *pw = getpwuid(geteuid());
	assert_non_null(pw);
	assert_string_equal(e[0].account, pw->pw_name);
	assert_string_equal(e[0].operator, "alice");
	audit_free(e, n);
	/* A name with any bytes in it still hashes the same way. */
	add(db, "王\x1b[2J", "tick", "第二行\n逗号,引号\"");
	assert_null(verify(db, NULL, NULL));
	db_close(db);
}

/* Editing any hashed field of an entry is caught at that entry. */
static void test_audit_chain_edit(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit SET operator = 'mallory' WHERE id = 10",
		"UPDATE audit SET account = 'someone-else' WHERE id = 10",
		"UPDATE audit SET detail = 'n0 ' WHERE id = 10",
		"UPDATE audit SET at = '2020-01-01 00:00:00' WHERE id = 10",
		"UPDATE audit SET kind = 'untick' WHERE id = 10",
	};
	for (size_t i = 0; i < ARRAY_LEN(edits); i++) {
		struct db *db = log_db();
		raw_sql(db, edits[i]);
		int64_t bad;
		char *p = verify(db, &bad, NULL);
		assert_non_null(p);
		assert_int_equal(bad, 10);
		assert_non_null(strstr(p, "edited"));
		free(p);
		db_close(db);
	}
}

/* Deleting an entry in the middle, at the start, or at the end is caught. */
static void test_audit_chain_delete(void **state)
{
	struct db *db = log_db();
	raw_sql(db, "DELETE FROM audit WHERE id = 7");
	int64_t bad;
	char *p = verify(db, &bad, NULL);
	assert_non_null(p);
	assert_int_equal(bad, 8);
	assert_non_null(strstr(p, "predecessor is missing"));
	free(p);
	db_close(db);

	db = log_db();
	raw_sql(db, "DELETE FROM audit WHERE id = 1");
	p = verify(db, &bad, NULL);
	assert_int_equal(bad, 2);
	free(p);
	db_close(db);

	db = log_db();
	raw_sql(db, "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)");
	p = verify(db, &bad, NULL);
	assert_non_null(p);
	assert_non_null(strstr(p, "at the end were deleted"));
	free(p);
	/* A row inserted by hand has no hash. */
	db_close(db);
	db = log_db();
	raw_sql(db, "INSERT INTO audit (at, operator, kind, detail) VALUES ('x', 'py', 'tick', 'y')");
	p = verify(db, &bad, NULL);
	assert_non_null(p);
	assert_non_null(strstr(p, "no hash"));
	free(p);
	/* Rehashing one row without the rest of the chain is still caught. */
	db_close(db);
	db = log_db();
	char h[CHAIN_HASH_HEX];
	chain_hash_entry("", "x", "x", "x", "x", "x", h);
	char *sql = xasprintf("UPDATE audit SET hash = '%s', prev_hash = '' WHERE id = 5", h);
	raw_sql(db, sql);
	free(sql);
	p = verify(db, &bad, NULL);
	assert_non_null(p);
	assert_int_equal(bad, 5);
	free(p);
	db_close(db);
}

/* The hash input is length-prefixed: moving bytes between fields changes it. */
static void test_audit_hash_fields(void **state)
{
	char a[CHAIN_HASH_HEX], b[CHAIN_HASH_HEX];
	chain_hash_entry("", "2026-03-04 08:00:00", "ab", "c", "tick", "d", a);
	chain_hash_entry("", "2026-03-04 08:00:00", "a", "bc", "tick", "d", b);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	chain_hash_entry("", "", "", "", "", "", a);
	/* SHA-256 of "0:\n" six times, checked with sha256sum. */
	assert_string_equal(a, "7c5d681e93382f8c263c31c85746f160d1d6c75a7e3ad78c024d8e949bd8d4ce");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_pages),
		cmocka_unit_test(test_audit_filters),
		cmocka_unit_test(test_audit_since_naive),
		cmocka_unit_test(test_audit_content_edit),
		cmocka_unit_test(test_audit_chain_intact),
		cmocka_unit_test(test_audit_chain_edit),
		cmocka_unit_test(test_audit_chain_delete),
		cmocka_unit_test(test_audit_hash_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
