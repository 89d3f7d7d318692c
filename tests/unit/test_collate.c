/* Issue 15: the pinyin collation, in C and as COLLATE PINYIN on every connection. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(pinyin_order, setup_zh),
		cmocka_unit_test_setup(total_order, setup_zh),
		cmocka_unit_test_setup(language_switch, setup_zh),
		cmocka_unit_test_setup(registered_on_the_connection, setup_zh),
		cmocka_unit_test_setup(group_lists_in_pinyin, setup_zh),
		cmocka_unit_test_setup(titles_in_pinyin_with_pages, setup_zh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
