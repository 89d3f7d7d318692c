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

/* Each lookup of the convention, asked for something no fresh workspace holds. */
static int ask_group(struct db *db, char **cause)
{
	struct group g;
	return group_find(db, "无此群", &g, cause);
}

static int ask_group_id(struct db *db, char **cause)
{
	struct group g;
	return group_find_id(db, 42, &g, cause);
}

static int ask_content(struct db *db, char **cause)
{
	struct content_item it;
	return content_get(db, 42, &it, cause);
}

static int ask_tick(struct db *db, char **cause)
{
	char *by = NULL, *at = NULL;
	return checklist_ticked_by(db, 1, "morning", D("2026-03-04"), &by, &at, cause);
}

static int ask_setting(struct db *db, char **cause)
{
	char *value = NULL;
	return setting_get(db, "no-such-setting", &value, cause);
}

static int ask_ab(struct db *db, char **cause)
{
	struct ab_test t;
	return ab_find(db, "无此测试", &t, cause);
}

static int ask_playbook(struct db *db, char **cause)
{
	return playbook_find_name(db, "无此SOP", cause);
}

static const struct {
	const char *name, *table;   /* the function, and the table it reads */
	int (*ask)(struct db *db, char **cause);
} lookups[] = {
	{"group_find", "chat_group", ask_group},
	{"group_find_id", "chat_group", ask_group_id},
	{"content_get", "content", ask_content},
	{"checklist_ticked_by", "tick", ask_tick},
	{"setting_get", "setting", ask_setting},
	{"ab_find", "ab_test", ask_ab},
	{"playbook_find_name", "playbook_version", ask_playbook},
};

static void absent_is_one_without_cause(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	for (size_t i = 0; i < ARRAY_LEN(lookups); i++) {
		if (lookups[i].ask(db, &cause) != 1 || cause)
			fail_msg("%s: absent must be 1 without a cause (%s)", lookups[i].name,
				 cause ? cause : "no cause");
	}
	/* The _require forms make absence the error, with what was missing. */
	struct group g;
	struct content_item it;
	assert_error(group_require(db, "无此群", &g, &cause), &cause, "no group named '无此群'");
	assert_error(group_require_id(db, 42, &g, &cause), &cause, "no group with id 42");
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
	for (size_t i = 0; i < ARRAY_LEN(lookups); i++) {
		struct db *db = test_db();
		char *cause = NULL;
		/* Asked once (its statement cached), then the table goes: never "absent". */
		assert_int_equal(lookups[i].ask(db, &cause), 1);
		drop(db, lookups[i].table);
		int rc = lookups[i].ask(db, &cause);
		if (rc != -1 || !cause || !strstr(cause, lookups[i].table))
			fail_msg("%s without its table: %d (%s)", lookups[i].name, rc,
				 cause ? cause : "no cause");
		free(cause);
		db_close(db);
	}
	struct db *db = test_db();
	char *cause = NULL;
	struct group g;
	drop(db, "chat_group");
	assert_error(group_require(db, "宝妈群", &g, &cause), &cause, "chat_group");
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
