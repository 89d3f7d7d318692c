/* The audit log reader: keyset pages newest first, and the operator/kind/since filters. */
#include <stdio.h>

#include "testutil.h"

#include "audit.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_pages),
		cmocka_unit_test(test_audit_filters),
		cmocka_unit_test(test_audit_content_edit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
