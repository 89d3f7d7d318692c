/* Issue 15: the pinyin collation, in C and as COLLATE PINYIN on every connection. */
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "collate.h"
#include "content.h"
#include "group.h"
#include "internal.h"

static int setup_zh(void **state)
{
	(void)state;
	char *cause = NULL;
	if (collate_set_language("zh", &cause) < 0)
		fail_msg("%s", cause);
	return 0;
}

/* Each string sorts strictly before the next. */
static void assert_ascending(const char *const *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (collate_strcmp(s[i - 1], s[i]) >= 0)
			fail_msg("%s should sort before %s", s[i - 1], s[i]);
		if (collate_strcmp(s[i], s[i - 1]) <= 0)
			fail_msg("%s should sort after %s", s[i], s[i - 1]);
	}
}

static void pinyin_order(void **state)
{
	(void)state;
	assert_string_equal(collate_language(), "zh");
	/* ā (阿) < bǎo (宝) < shòu (售): not code points (售 U+552E < 宝 U+5B9D < 阿 U+963F). */
	const char *names[] = {"阿姨团", "宝妈一群", "售后群A", "中秋群"};
	assert_ascending(names, ARRAY_LEN(names));
	assert_true(strcmp("售后群A", "宝妈一群") < 0); /* what byte order said */
	/* jiǎ before yǐ, whatever the code points say (乙 U+4E59 < 甲 U+7532). */
	assert_true(collate_strcmp("甲群", "乙群") < 0);
	/* Numbers by value: 2 before 10 (bytes put "10" first). */
	const char *numbered[] = {"宝妈2群", "宝妈10群", "宝妈一群"};
	assert_ascending(numbered, ARRAY_LEN(numbered));
	/* Latin case-insensitively first, then case; Han before Latin in the zh order. */
	const char *latin[] = {"apple", "Apple", "banana", "Zumba"};
	assert_ascending(latin, ARRAY_LEN(latin));
	assert_true(collate_strcmp("阿", "apple") < 0);
}

/* Equal to the collator yet different bytes: still a strict order, equal only when identical. */
static void total_order(void **state)
{
	(void)state;
	assert_int_equal(collate_strcmp("宝妈群", "宝妈群"), 0);
	assert_int_equal(collate_strcmp(NULL, ""), 0);
	/* Full-width Ａ and A, a zero-width joiner: the collator alone might call them equal. */
	const char *pairs[][2] = {{"A群", "Ａ群"}, {"ab", "a\u200db"}, {"群", "群\u200b"}};
	for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
		int ab = collate_strcmp(pairs[i][0], pairs[i][1]);
		int ba = collate_strcmp(pairs[i][1], pairs[i][0]);
		assert_int_not_equal(ab, 0);
		assert_int_equal(ab, -ba);
	}
	/* Lengths are honoured: no reading past n, a prefix first. */
	assert_true(collate_compare("宝妈一群", 6, "宝妈一群", 12) < 0);
	assert_int_equal(collate_compare("宝妈xyz", 6, "宝妈", 6), 0);
}

/* The language hook: the English interface keeps pinyin for Chinese names. */
static void language_switch(void **state)
{
	(void)state;
	char *cause = NULL;
	assert_int_equal(collate_set_language("en", &cause), 0);
	assert_string_equal(collate_language(), "zh");
	assert_true(collate_strcmp("阿", "宝") < 0);    /* ā before bǎo, not by radical */
	assert_true(collate_strcmp("item 2", "item 10") < 0);
	assert_int_equal(collate_set_language("zh_CN.UTF-8", &cause), 0);
	assert_string_equal(collate_language(), "zh");
	assert_true(collate_strcmp("阿", "宝") < 0);
}

/* Rows of one column, joined with commas, from SQL run on the test's connection. */
static char *sql_list(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_sqlite(db)));
	struct buf b = {0};
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_addf(&b, "%s%s", b.len ? "," : "", db_col_text(st, 0));
	sqlite3_finalize(st);
	buf_str(&b);
	return b.data;
}

static void registered_on_the_connection(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *s = sql_list(db, "SELECT column1 FROM (VALUES ('售后群A'), ('宝妈一群'), ('阿姨团'), "
			       "('宝妈10群'), ('宝妈2群')) ORDER BY column1 COLLATE PINYIN");
	assert_string_equal(s, "阿姨团,宝妈2群,宝妈10群,宝妈一群,售后群A");
	free(s);
	/* Without it, bytes: the order people do not read. */
	s = sql_list(db, "SELECT column1 FROM (VALUES ('宝妈一群'), ('售后群A')) ORDER BY column1");
	assert_string_equal(s, "售后群A,宝妈一群");
	free(s);
	db_close(db);
}

static const char groups_csv[] = "name,platform,type,created\n"
				 "售后群A,wecom,service,2026-01-05\n"
				 "中秋福利群,wecom,promotion,2026-01-05\n"
				 "宝妈一群,wecom,promotion,2026-01-05\n"
				 "阿姨团,wechat,segmented,2026-01-05\n"
				 "宝妈10群,wecom,promotion,2026-01-05\n"
				 "宝妈2群,wecom,promotion,2026-01-05\n";

/* group_list feeds the groups command, Today, KPI, the calendar's rows, completion. */
static void group_lists_in_pinyin(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *s;
	size_t n;
	if (group_import_text(db, groups_csv, strlen(groups_csv), "g.csv", true, "t", &n,
			      &cause) < 0)
		fail_msg("%s", cause);
	const char *want = "阿姨团,宝妈2群,宝妈10群,宝妈一群,售后群A,中秋福利群";
	assert_string_equal(s = test_group_names(db, false), want), free(s);
	assert_string_equal(s = test_group_names(db, true), want), free(s);
	db_close(db);
}

/* Titles by COLLATE PINYIN, and keyset pages that agree with it (none skipped or repeated). */
static void titles_in_pinyin_with_pages(void **state)
{
	(void)state;
	struct db *db = test_db();
	static const char csv[] = "title,date\n"
				  "早安问候,2026-01-01\n"
				  "阿姨带娃经验,2026-01-02\n"
				  "宝宝辅食,2026-01-03\n"
				  "育儿误区,2026-01-04\n"
				  "宝宝辅食,2026-01-05\n"
				  "Baby tips,2026-01-06\n"
				  "售后答疑,2026-01-07\n";
	char *cause = NULL;
	size_t n;
	if (content_import_text(db, csv, strlen(csv), "c.csv", true, "t", &n, &cause) < 0)
		fail_msg("%s", cause);
	struct content_filter f;
	content_filter_init(&f);
	struct content_item *items;
	assert_int_equal(content_query(db, &f, CONTENT_SORT_TITLE, NULL, false, 100, &items, &n,
				       &cause), 0);
	struct buf all = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&all, "%s,", items[i].title);
	assert_string_equal(buf_str(&all),
			    "阿姨带娃经验,宝宝辅食,宝宝辅食,售后答疑,育儿误区,早安问候,Baby tips,");
	/* Pages of two, forward by the cursor, give the same sequence. */
	struct buf paged = {0};
	struct content_item last = {0};
	struct content_cursor cur;
	bool first = true;
	for (;;) {
		struct content_item *page;
		size_t np;
		assert_int_equal(content_query(db, &f, CONTENT_SORT_TITLE, first ? NULL : &cur,
					       false, 2, &page, &np, &cause), 0);
		for (size_t i = 0; i < np; i++)
			buf_addf(&paged, "%s,", page[i].title);
		if (np) {
			content_item_clear(&last);
			content_item_copy(&last, &page[np - 1]);
			cur = content_cursor_at(&last);
			first = false;
		}
		content_items_free(page, np);
		if (np < 2)
			break;
	}
	assert_string_equal(buf_str(&paged), buf_str(&all));
	content_item_clear(&last);
	content_items_free(items, n);
	buf_free(&all);
	buf_free(&paged);
	db_close(db);
}

/* Names that test the order: pinyin, numbers, Latin, and pairs the collator alone calls equal. */
static const char *const tricky[] = {
	"中秋福利群", "宝妈10群", "售后群A", "阿姨团", "宝妈2群", "宝妈一群", "Zumba群", "apple群",
	"Apple群", "A群", "Ａ群", "ab", "a\u200db", "群", "群\u200b", "甲群", "乙群", "宝妈02群",
};

/* Import names as groups (a CSV through group_import_text); fails the test on an error. */
static void import_names(struct db *db, const char *const *names, size_t n)
{
	struct buf csv = {0};
	buf_adds(&csv, "name,platform,type,created\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&csv, "%s,wecom,promotion,2026-01-05\n", names[i]);
	char *cause = NULL;
	size_t count;
	if (group_import_text(db, buf_str(&csv), csv.len, "g.csv", true, "t", &count, &cause) < 0)
		fail_msg("%s", cause);
	buf_free(&csv);
}

static int by_collator(const void *a, const void *b)
{
	return collate_strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names sorted by the collator (collate_strcmp, byte tie-break), joined by ','. */
static char *collator_order(const char *const *names, size_t n)
{
	const char **v = xmalloc(n * sizeof *v);
	memcpy(v, names, n * sizeof *v);
	qsort(v, n, sizeof *v, by_collator);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? "," : "", v[i]);
	free(v);
	buf_str(&b);
	return b.data;
}

static long long sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_sqlite(db)));
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void sql_run(struct db *db, const char *sql)
{
	char *cause = NULL;
	if (db_exec(db, sql, &cause) < 0)
		fail_msg("%s", cause);
}

/*
 * Issue 9: group_list orders by the stored sort keys (migration 020), in exactly
 * the collator's order, ties by bytes included; and it reads the stored keys
 * (a key changed behind its back moves the group), so no ICU is needed to list.
 */
static void stored_keys_are_the_collators_order(void **state)
{
	(void)state;
	struct db *db = test_db();
	import_names(db, tricky, ARRAY_LEN(tricky));
	assert_true(db_sort_keys_valid(db));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM chat_group WHERE sort_key = x''"), 0);
	char *want = collator_order(tricky, ARRAY_LEN(tricky)), *s;
	assert_string_equal(s = test_group_names(db, false), want), free(s);
	assert_string_equal(s = test_group_names(db, true), want), free(s);
	/* The same order as COLLATE PINYIN in SQL. */
	s = sql_list(db, "SELECT name FROM chat_group ORDER BY name COLLATE PINYIN, id");
	assert_string_equal(s, want), free(s);
	/* The list follows the stored key: 阿姨团 given a key above every other goes last. */
	sql_run(db, "UPDATE chat_group SET sort_key = x'FFFF' WHERE name = '阿姨团'");
	s = test_group_names(db, false);
	assert_true(strncmp(s, "阿姨团,", strlen("阿姨团,")) != 0);
	assert_string_equal(s + strlen(s) - strlen(",阿姨团"), ",阿姨团"), free(s);
	free(want);
	db_close(db);
}

/* A renamed group sorts by its new name: group_change, and a rename by another program. */
static void renamed_group_resorts(void **state)
{
	(void)state;
	struct db *db = test_db();
	import_names(db, tricky, 6);
	char *cause = NULL, *s;
	assert_string_equal(s = test_group_names(db, false),
			    "阿姨团,宝妈2群,宝妈10群,宝妈一群,售后群A,中秋福利群"), free(s);
	/* 阿姨团 (ā) becomes 左邻群 (zuǒ): last, by its new key, made in the rename. */
	struct group_change c = {.name = "左邻群"};
	if (group_change(db, "阿姨团", &c, "t", &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM chat_group WHERE sort_key = x''"), 0);
	assert_int_equal(sql_int(db, "SELECT sort_key = sopdeck_sort_key(name) FROM chat_group "
				     "WHERE name = '左邻群'"), 1);
	assert_string_equal(s = test_group_names(db, false),
			    "宝妈2群,宝妈10群,宝妈一群,售后群A,中秋福利群,左邻群"), free(s);
	/* Another program renames in SQL (no sopdeck_sort_key there): the trigger clears the
	   key and group_list still has the collator's order, 中秋福利群 (zhōng) now 爱心群 (ài). */
	sql_run(db, "UPDATE chat_group SET name = '爱心群' WHERE name = '中秋福利群'");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM chat_group WHERE sort_key = x''"), 1);
	assert_string_equal(s = test_group_names(db, false),
			    "爱心群,宝妈2群,宝妈10群,宝妈一群,售后群A,左邻群"), free(s);
	/* So is a group another program inserts without a key. */
	sql_run(db, "INSERT INTO chat_group (name, platform, type, created) VALUES "
		    "('阿福群', 'wecom', 'service', '2026-01-05')");
	assert_string_equal(s = test_group_names(db, true),
			    "阿福群,爱心群,宝妈2群,宝妈10群,宝妈一群,售后群A,左邻群"), free(s);
	/* The next write of groups makes the missing keys. */
	import_names(db, (const char *const[]){"宝妈3群"}, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM chat_group WHERE sort_key = x''"), 0);
	s = test_group_names(db, true);
	assert_string_equal(s, "阿福群,爱心群,宝妈2群,宝妈3群,宝妈10群,宝妈一群,售后群A,左邻群");
	free(s);
	db_close(db);
}

/*
 * Keys are made again when the file opens: all of them when they were made under
 * another ICU (collation_key.version), the missing ones when another program wrote.
 */
static void keys_made_again_on_open(void **state)
{
	(void)state;
	char path[] = "/tmp/sopdeck-sortkey-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct db *db;
	char *cause = NULL, *s;
	if (workspace_open(path, "t", &db, &cause) < 0)
		fail_msg("%s", cause);
	import_names(db, tricky, ARRAY_LEN(tricky));
	char *want = collator_order(tricky, ARRAY_LEN(tricky));
	/* Another ICU's keys (here: nonsense, in reverse order) and version. */
	sql_run(db, "UPDATE chat_group SET sort_key = zeroblob(0) || x'01' || cast(-id AS TEXT); "
		    "UPDATE collation_key SET version = 'ICU 0.1 zh numeric'");
	db_close(db);
	if (workspace_open(path, "t", &db, &cause) < 0)
		fail_msg("%s", cause);
	assert_true(db_sort_keys_valid(db));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM chat_group WHERE "
				     "sort_key IS NOT sopdeck_sort_key(name)"), 0);
	s = sql_list(db, "SELECT version FROM collation_key");
	assert_string_equal(s, collate_key_version()), free(s);
	assert_string_equal(s = test_group_names(db, false), want), free(s);
	/* A group another program inserted gets its key at the next open. */
	sql_run(db, "INSERT INTO chat_group (name, platform, type, created) VALUES "
		    "('阿福群', 'wecom', 'service', '2026-01-05')");
	db_close(db);
	if (workspace_open(path, "t", &db, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(sql_int(db, "SELECT length(sort_key) > 0 FROM chat_group WHERE "
				     "name = '阿福群'"), 1);
	db_close(db);

	/* Migration 020 on a workspace of schema 19 (taken back on sopdeck's own connection,
	   which has the search tokenizer the schema's triggers name): every key made. */
	if (workspace_open(path, "t", &db, &cause) < 0)
		fail_msg("%s", cause);
	sql_run(db, "DROP TRIGGER chat_group_sort_key_rename; DROP INDEX chat_group_by_sort_key; "
		    "DROP TABLE collation_key; ALTER TABLE chat_group DROP COLUMN sort_key; "
		    /* and migration 022's, applied again after 020 */
		    "DROP TABLE content_mix_day; DROP TRIGGER content_mix_slot_insert; "
		    "DROP TRIGGER content_mix_slot_delete; DROP TRIGGER content_mix_slot_update; "
		    "DROP TRIGGER content_mix_category; DROP TRIGGER content_mix_content_delete; "
		    /* and migration 023's */
		    "DROP TRIGGER slot_kept_insert; DROP TRIGGER slot_kept_delete; "
		    "DROP TRIGGER slot_kept_update; DROP TRIGGER slot_kept_category; "
		    /* and 028's (before 023's columns: its triggers name them) */
		    "DROP TRIGGER slot_kept_title; ALTER TABLE slot DROP COLUMN title; "
		    "ALTER TABLE slot DROP COLUMN content_form; "
		    "ALTER TABLE slot DROP COLUMN category; ALTER TABLE slot DROP COLUMN dup_day; "
		    "CREATE INDEX slot_by_action ON slot(group_id, day, action_id); "
		    /* and 027's and 032's */
		    "DROP INDEX content_perf_report; DROP INDEX content_perf_retire; "
		    "DROP INDEX tick_by_day; "
		    "ALTER TABLE content_perf DROP COLUMN win_pos; "
		    "ALTER TABLE content_perf DROP COLUMN win_posts; "
		    "ALTER TABLE content_perf DROP COLUMN win_open_rate; "
		    "ALTER TABLE content_perf DROP COLUMN win_interact_rate; "
		    /* and migration 024's */
		    "DROP TABLE kpi_advice_memo; DROP TRIGGER kpi_advice_memo_cell_insert; "
		    "DROP TRIGGER kpi_advice_memo_cell_update; "
		    "DROP TRIGGER kpi_advice_memo_cell_delete; "
		    "DROP TRIGGER kpi_advice_memo_group_update; "
		    /* and 037's */
		    "DROP TRIGGER kpi_week_cell_insert; DROP TRIGGER kpi_week_cell_update; "
		    "DROP TRIGGER kpi_week_cell_delete; DROP TRIGGER kpi_week_cell_move; "
		    "DROP TABLE kpi_week; DROP TABLE kpi_keyset; "
		    "DROP TABLE kpi_week_todo; CREATE INDEX kpi_cell_by_day ON kpi_cell(day, group_id); "
		    "PRAGMA user_version = 19");
	db_close(db);
	if (workspace_open(path, "t", &db, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(sql_int(db, "PRAGMA user_version"), db_schema_version());
	assert_true(db_sort_keys_valid(db));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM chat_group WHERE "
				     "sort_key IS NOT sopdeck_sort_key(name)"), 0);
	/* 阿福群 (ā fú), inserted by another program above, first. */
	char *all = xasprintf("阿福群,%s", want);
	assert_string_equal(s = test_group_names(db, false), all), free(s);
	free(all);
	db_close(db);
	free(want);
	for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal") {
		char *p = xasprintf("%s%s", path, suffix);
		unlink(p);
		free(p);
	}
	char *shm = xasprintf("%s-shm", path);
	unlink(shm);
	free(shm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(pinyin_order, setup_zh),
		cmocka_unit_test_setup(total_order, setup_zh),
		cmocka_unit_test_setup(language_switch, setup_zh),
		cmocka_unit_test_setup(registered_on_the_connection, setup_zh),
		cmocka_unit_test_setup(group_lists_in_pinyin, setup_zh),
		cmocka_unit_test_setup(titles_in_pinyin_with_pages, setup_zh),
		cmocka_unit_test_setup(stored_keys_are_the_collators_order, setup_zh),
		cmocka_unit_test_setup(renamed_group_resorts, setup_zh),
		cmocka_unit_test_setup(keys_made_again_on_open, setup_zh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
