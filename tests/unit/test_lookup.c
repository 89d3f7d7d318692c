/*
 * The lookup convention (HACKING.md): every model lookup returns 0 found, 1 absent
 * with *cause untouched, -1 an error with a cause, never "absent" for a failed read.
 */
#include "testutil.h"

#include "ab.h"
#include "checklist.h"
#include "content.h"
#include "group.h"
#include "internal.h"
#include "setting.h"

/* Drop a table under the model's feet: every read of it is now an error. */
static void drop(struct db *db, const char *table)
{
	char *cause = NULL;
	char *sql = xasprintf("PRAGMA foreign_keys = OFF; DROP TABLE %s", table);
	if (db_exec(db, sql, &cause) < 0)
		fail_msg("%s: %s", sql, cause);
	free(sql);
}

/* -1 and a cause that says what failed; then the cause is freed. */
static void assert_error(int rc, char **cause, const char *says)
{
	assert_int_equal(rc, -1);
	assert_non_null(*cause);
	if (!strstr(*cause, says))
		fail_msg("cause '%s' does not say '%s'", *cause, says);
	free(*cause);
	*cause = NULL;
}

static void absent_is_one_without_cause(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *by = NULL, *at = NULL, *value = NULL;
	struct group g;
	struct content_item it;
	struct ab_test t;
	assert_int_equal(group_find(db, "无此群", &g, &cause), 1);
	assert_int_equal(group_find_id(db, 42, &g, &cause), 1);
	assert_int_equal(content_get(db, 42, &it, &cause), 1);
	assert_int_equal(checklist_ticked_by(db, 1, "morning", D("2026-03-04"), &by, &at, &cause),
			 1);
	assert_int_equal(setting_get(db, "no-such-setting", &value, &cause), 1);
	assert_int_equal(ab_find(db, "无此测试", &t, &cause), 1);
	assert_int_equal(playbook_find_name(db, "无此SOP", &cause), 1);
	assert_null(cause);
	assert_null(by);
	assert_null(value);
	/* The _require forms make absence the error, with what was missing. */
	assert_error(group_require(db, "无此群", &g, &cause), &cause, "no group named '无此群'");
	assert_error(content_require(db, 42, &it, &cause), &cause, "no content item 42");
	db_close(db);
}

static void found_is_zero(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *by = NULL, *at = NULL, *value = NULL;
	assert_int_equal(db_exec(db, "INSERT INTO chat_group (name, platform, type, created) "
				 "VALUES ('宝妈群', 'wecom', 'promotion', '2026-03-01')", &cause), 0);
	struct group g;
	assert_int_equal(group_find(db, "宝妈群", &g, &cause), 0);
	int64_t id = g.id;
	group_clear(&g);
	assert_int_equal(group_find_id(db, id, &g, &cause), 0);
	assert_string_equal(g.name, "宝妈群");
	group_clear(&g);
	assert_int_equal(checklist_tick_record(db, id, "morning", D("2026-03-04"), "小王", &cause),
			 0);
	assert_int_equal(checklist_ticked_by(db, id, "morning", D("2026-03-04"), &by, &at, &cause),
			 0);
	assert_string_equal(by, "小王");
	free(by);
	free(at);
	assert_int_equal(setting_set(db, "timezone", "Asia/Shanghai", "t", &cause), 0);
	assert_int_equal(setting_get(db, "timezone", &value, &cause), 0);
	assert_string_equal(value, "Asia/Shanghai");
	free(value);
	struct playbook *pb = test_active_playbook(db);
	assert_int_equal(playbook_find_name(db, pb->name, &cause), 0);
	playbook_free(pb);
	assert_null(cause);
	db_close(db);
}

static void a_failed_read_is_an_error_not_absent(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *by = NULL, *at = NULL, *value = NULL;
	struct group g;
	struct content_item it;
	struct ab_test t;
	/* Once cached, then the table goes: the cached statement must not say "absent". */
	assert_int_equal(group_find(db, "宝妈群", &g, &cause), 1);
	drop(db, "chat_group");
	assert_error(group_find(db, "宝妈群", &g, &cause), &cause, "chat_group");
	assert_error(group_find_id(db, 1, &g, &cause), &cause, "chat_group");
	assert_error(group_require(db, "宝妈群", &g, &cause), &cause, "chat_group");
	drop(db, "content");
	assert_error(content_get(db, 1, &it, &cause), &cause, "content");
	drop(db, "tick");
	assert_error(checklist_ticked_by(db, 1, "morning", D("2026-03-04"), &by, &at, &cause),
		     &cause, "tick");
	drop(db, "setting");
	assert_error(setting_get(db, "timezone", &value, &cause), &cause, "setting");
	drop(db, "ab_test");
	assert_error(ab_find(db, "福利话术", &t, &cause), &cause, "ab_test");
	drop(db, "playbook_version");
	assert_error(playbook_find_name(db, "私域社群标准SOP", &cause), &cause, "playbook_version");
	db_close(db);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(absent_is_one_without_cause),
		cmocka_unit_test(found_is_zero),
		cmocka_unit_test(a_failed_read_is_an_error_not_absent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
