/* The content library: filters, exact tags, normalisation, naming rule, Chinese search, paging, import, delete. */
#include <stdio.h>

#include "testutil.h"
#include "assets.h"
#include "content.h"
#include "content-internal.h"
#include "internal.h"
#include "playbook.h"

static const char library_yaml[] =
	"- title: 宝宝辅食添加的三个误区\n"
	"  category: engage\n"
	"  zone: knowledge\n"
	"  form: text\n"
	"  tags: [育儿干货, 辅食]\n"
	"  date: 2026-02-10\n"
	"  body: 太早加盐、只喂米糊、一次加好几种。\n"
	"- title: 早安问候\n"
	"  category: 促活型\n"
	"  zone: 视觉素材区\n"
	"  form: 短图文\n"
	"  tags: 早安、日常\n"
	"  date: 2026-02-20\n"
	"  body: 早上好，今天也要元气满满\n"
	"- title: 会员日满 199 减 50\n"
	"  category: 转化\n"
	"  zone: campaign\n"
	"  form: text\n"
	"  tags: [会员日, 育儿]\n"
	"  date: 2026-03-01\n"
	"  body: 专属福利仅限今晚 24 点\n"
	"- title: 品牌故事\n"
	"  category: brand\n"
	"  zone: knowledge\n"
	"  form: video\n"
	"  tags: [品牌故事]\n"
	"  date: 2026-01-15\n"
	"  body: 创始人是一位二胎妈妈，育儿路上\n";

static struct db *library_db(void)
{
	struct db *db = test_db();
	char *cause = NULL;
	size_t n = 0;
	if (content_import_text(db, library_yaml, strlen(library_yaml), "lib.yaml", false, "t",
				&n, &cause) < 0)
		fail_msg("import: %s", cause);
	assert_int_equal(n, 4);
	return db;
}

/* The titles matching f, newest first, joined by '|'. */
static char *titles(struct db *db, const struct content_filter *f)
{
	struct content_item *items;
	size_t n;
	char *cause = NULL;
	if (content_query(db, f, CONTENT_SORT_DATE, NULL, false, 100, &items, &n, &cause) < 0)
		fail_msg("query: %s", cause);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? "|" : "", items[i].title);
	content_items_free(items, n);
	size_t count;
	assert_int_equal(content_count(db, f, &count, &cause), 0);
	assert_int_equal(count, n);
	buf_str(&b);
	return b.data;
}

#define assert_titles(db, f, want)                        \
	do {                                              \
		char *got_ = titles(db, f);               \
		assert_string_equal(got_, want);          \
		free(got_);                               \
	} while (0)

static char *search_titles(struct db *db, const char *text)
{
	struct content_filter f;
	content_filter_init(&f);
	f.search = text;
	return titles(db, &f);
}

static void test_chinese_search_any_length(void **state)
{
	struct db *db = library_db();
	char *s;
	/* Three or more characters go through the trigram index. */
	assert_string_equal(s = search_titles(db, "育儿干货"), "宝宝辅食添加的三个误区"), free(s);
	assert_string_equal(s = search_titles(db, "元气满满"), "早安问候"), free(s);
	/* Two characters: the trigram table finds nothing on SQLite 3.40, instr() must. */
	assert_string_equal(s = search_titles(db, "误区"), "宝宝辅食添加的三个误区"), free(s);
	assert_string_equal(s = search_titles(db, "福利"), "会员日满 199 减 50"), free(s);
	/* One character, in title, tags or body. */
	assert_string_equal(s = search_titles(db, "育"),
			    "会员日满 199 减 50|宝宝辅食添加的三个误区|品牌故事"), free(s);
	/* Several words: all must match, each of any length. */
	assert_string_equal(s = search_titles(db, "育儿 二胎妈妈"), "品牌故事"), free(s);
	/* Full-width spaces separate words too; nothing matches a stray word. */
	assert_string_equal(s = search_titles(db, "育儿　不存在的词"), ""), free(s);
	/* Quotes in a query are data, not FTS syntax. */
	assert_string_equal(s = search_titles(db, "\"早上好"), ""), free(s);
	db_close(db);
}

/* Items with full-width punctuation, letters and digits in the stored text. */
static const char wide_yaml[] =
	"- title: 宝宝发烧怎么办？\n"
	"  date: 2026-02-01\n"
	"  body: 第一步：物理降温\n"
	"- title: 直播Ｑ&Ａ 答疑\n"
	"  date: 2026-02-02\n"
	"  tags: [２０２５０７复盘]\n"
	"- title: Plain Q&A\n"
	"  date: 2026-02-03\n"
	"  body: 202507 ok?\n";

static struct db *wide_db(void)
{
	struct db *db = test_db();
	char *cause = NULL;
	size_t n = 0;
	if (content_import_text(db, wide_yaml, strlen(wide_yaml), "w.yaml", false, "t", &n,
				&cause) < 0)
		fail_msg("import: %s", cause);
	assert_int_equal(n, 3);
	return db;
}

#define assert_search(db, q, want)                                \
	do {                                                      \
		char *got_ = search_titles(db, q);                \
		assert_string_equal(got_, want);                  \
		free(got_);                                       \
	} while (0)

static void test_search_folds_both_sides(void **state)
{
	struct db *db = wide_db();
	/* 3+ characters (trigram index), full-width in the data, either in the query. */
	assert_search(db, "怎么办？", "宝宝发烧怎么办？");
	assert_search(db, "怎么办?", "宝宝发烧怎么办？");
	assert_search(db, "：物理", "宝宝发烧怎么办？");
	assert_search(db, ":物理", "宝宝发烧怎么办？");
	/* ASCII case and full-width letters fold together, both ways. */
	assert_search(db, "Q&A", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "q&a", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "ｑ＆ａ", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "PLAIN", "Plain Q&A");
	/* Full-width digits in a tag, half-width in a body. */
	assert_search(db, "２０２５０７", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "202507", "Plain Q&A|直播Ｑ&Ａ 答疑");
	/* Two characters (instr on the folded column). */
	assert_search(db, "：物", "宝宝发烧怎么办？");
	assert_search(db, "Ｑ&", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "办?", "宝宝发烧怎么办？");
	/* One character. */
	assert_search(db, "？", "Plain Q&A|宝宝发烧怎么办？");
	assert_search(db, "ａ", "Plain Q&A|直播Ｑ&Ａ 答疑");
	/* No match across fields: title end + tag start. */
	assert_search(db, "答疑２０", "");
	/* An edit keeps the folded column (and its index) in step. */
	struct content_filter f;
	content_filter_init(&f);
	f.search = "怎么办";
	struct content_item *items;
	size_t n;
	char *cause = NULL;
	assert_int_equal(content_query(db, &f, CONTENT_SORT_DATE, NULL, false, 5, &items, &n,
				       &cause), 0);
	assert_int_equal(n, 1);
	free(items[0].title);
	items[0].title = xstrdup("宝宝发烧ＨＯＷ？");
	assert_int_equal(content_update(db, &items[0], "t", &cause), 0);
	content_items_free(items, n);
	assert_search(db, "怎么办", "");
	assert_search(db, "how?", "宝宝发烧ＨＯＷ？");
	assert_search(db, "ow", "宝宝发烧ＨＯＷ？");
	db_close(db);
}

/* Run migrations 005 and 007 again on a library that has the schema of 004. */
static void test_migrations_005_007_on_existing_rows(void **state)
{
	struct db *db = wide_db();
	char *cause = NULL;
	/* Back to the 004 schema: the three-column trigram index, no search column. */
	const char *back =
		"DROP TRIGGER content_fts_insert; DROP TRIGGER content_fts_delete;"
		"DROP TRIGGER content_fts_update; DROP TABLE content_fts;"
		"DROP TABLE content_fts_defer;"
		"CREATE VIRTUAL TABLE content_fts USING fts5(title, tags, body,"
		" content = 'content', content_rowid = 'id', tokenize = 'trigram');"
		"INSERT INTO content_fts(content_fts) VALUES ('rebuild');"
		"CREATE TRIGGER content_fts_insert AFTER INSERT ON content BEGIN"
		" INSERT INTO content_fts(rowid, title, tags, body)"
		" VALUES (new.id, new.title, new.tags, new.body); END;"
		"CREATE TRIGGER content_fts_delete AFTER DELETE ON content BEGIN"
		" INSERT INTO content_fts(content_fts, rowid, title, tags, body)"
		" VALUES ('delete', old.id, old.title, old.tags, old.body); END;"
		"CREATE TRIGGER content_fts_update AFTER UPDATE OF title, tags, body ON content BEGIN"
		" SELECT 1; END;";
	if (db_exec(db, back, &cause) < 0)
		fail_msg("back to 004: %s", cause);
	const struct asset *m5 = asset_find("migrations/005-content-search.sql");
	const struct asset *m7 = asset_find("migrations/007-content-ngram.sql");
	assert_non_null(m5);
	assert_non_null(m7);
	if (db_exec(db, m5->data, &cause) < 0)
		fail_msg("005: %s", cause);
	/* The index is filled inside 007 from the rows that are there. */
	if (db_exec(db, m7->data, &cause) < 0)
		fail_msg("007: %s", cause);
	assert_search(db, "怎么办?", "宝宝发烧怎么办？");
	assert_search(db, "q&", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "202507", "Plain Q&A|直播Ｑ&Ａ 答疑");
	assert_search(db, "烧", "宝宝发烧怎么办？");
	assert_search(db, "：物", "宝宝发烧怎么办？");
	if (db_exec(db, "INSERT INTO content_fts(content_fts) VALUES ('integrity-check')",
		    &cause) < 0)
		fail_msg("integrity-check: %s", cause);
	db_close(db);
}

/* The plan of the first page for f, which must contain want. */
static void assert_plan(struct db *db, const struct content_filter *f, const char *want)
{
	char *plan = NULL, *cause = NULL;
	if (content_explain(db, f, CONTENT_SORT_DATE, &plan, &cause) < 0)
		fail_msg("explain: %s", cause);
	if (!strstr(plan, want))
		fail_msg("plan does not use '%s':\n%s", want, plan);
	free(plan);
}

/* The plan of the first page for f, which must not contain bad. */
static void assert_plan_lacks(struct db *db, const struct content_filter *f, const char *bad)
{
	char *plan = NULL, *cause = NULL;
	if (content_explain(db, f, CONTENT_SORT_DATE, &plan, &cause) < 0)
		fail_msg("explain: %s", cause);
	if (strstr(plan, bad))
		fail_msg("plan has '%s':\n%s", bad, plan);
	free(plan);
}

static void test_search_and_filters_use_indexes(void **state)
{
	struct db *db = library_db();
	struct content_filter f;
	content_filter_init(&f);
	/* Words of every length are looked up in the index; pages walk the date index. */
	const char *words[] = {"育儿干货", "误区", "育", "ｑ", "育 二胎"};
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		f.search = words[i];
		assert_plan(db, &f, "content_fts VIRTUAL TABLE INDEX");
		assert_plan(db, &f, "content_by_date");
		assert_plan_lacks(db, &f, "TEMP B-TREE");
		assert_plan_lacks(db, &f, "SCAN c\n");
	}
	content_filter_init(&f);
	const char *tags[] = {"育儿"};
	f.tags = tags;
	f.n_tags = 1;
	assert_plan(db, &f, "content_tag_by_tag (tag=?)");
	assert_plan_lacks(db, &f, "TEMP B-TREE");
	content_filter_init(&f);
	f.from = D("2026-02-01");
	f.to = D("2026-02-28");
	assert_plan(db, &f, "USING INDEX content_by_date (date>? AND date<?)");
	content_filter_init(&f);
	f.category = "engage";
	assert_plan(db, &f, "content_by_category (category=?)");
	db_close(db);
}

static void test_count_upto(void **state)
{
	struct db *db = test_db();
	char *cause = NULL;
	struct buf y = {0};
	for (int i = 0; i < 30; i++)
		buf_addf(&y, "- title: 育儿宝宝 %d\n  date: 2026-01-%02d\n", i, 1 + i % 28);
	size_t n;
	assert_int_equal(content_import_text(db, buf_str(&y), y.len, "c.yaml", false, "t", &n,
					     &cause), 0);
	buf_free(&y);
	struct content_filter f;
	content_filter_init(&f);
	bool more;
	/* Every count for a header stops at cap: one character, three, none at all. */
	const char *words[] = {"育", "育儿宝", NULL, "育儿宝 1"};
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		f.search = words[i];
		assert_int_equal(content_count_upto(db, &f, 10, &n, &more, &cause), 0);
		assert_int_equal(n, 10);
		assert_true(more);
		assert_int_equal(content_count_upto(db, &f, 100, &n, &more, &cause), 0);
		assert_int_equal(n, i == 3 ? 12 : 30); /* 1, 10-19, 21 */
		assert_false(more);
		assert_int_equal(content_count_upto(db, &f, 0, &n, &more, &cause), 0);
		assert_int_equal(n, i == 3 ? 12 : 30);
		assert_false(more);
	}
	/* Exactly cap is not "more". */
	f.search = "育儿宝 1";
	assert_int_equal(content_count_upto(db, &f, 12, &n, &more, &cause), 0);
	assert_int_equal(n, 12);
	assert_false(more);
	db_close(db);
}

static void test_filters_combine(void **state)
{
	struct db *db = library_db();
	struct content_filter f;
	content_filter_init(&f);
	f.category = "engage";
	assert_titles(db, &f, "早安问候|宝宝辅食添加的三个误区");
	f.zone = "knowledge";
	assert_titles(db, &f, "宝宝辅食添加的三个误区");
	f.form = "video";
	assert_titles(db, &f, "");
	content_filter_init(&f);
	f.from = D("2026-02-01");
	f.to = D("2026-02-28");
	assert_titles(db, &f, "早安问候|宝宝辅食添加的三个误区");
	f.search = "辅食";
	assert_titles(db, &f, "宝宝辅食添加的三个误区");
	content_filter_init(&f);
	f.zone = "knowledge";
	f.search = "育";
	assert_titles(db, &f, "宝宝辅食添加的三个误区|品牌故事");
	db_close(db);
}

static void test_tags_exact_and_all(void **state)
{
	struct db *db = library_db();
	struct content_filter f;
	content_filter_init(&f);
	const char *one[] = {"育儿"};
	f.tags = one;
	f.n_tags = 1;
	/* 育儿 does not match 育儿干货. */
	assert_titles(db, &f, "会员日满 199 减 50");
	const char *two[] = {"育儿干货", "辅食"};
	f.tags = two;
	f.n_tags = 2;
	assert_titles(db, &f, "宝宝辅食添加的三个误区");
	const char *clash[] = {"育儿干货", "早安"};
	f.tags = clash;
	assert_titles(db, &f, "");
	/* Tag facets for the current filter. */
	content_filter_init(&f);
	f.category = "engage";
	struct content_facet *fc;
	size_t n;
	char *cause = NULL;
	assert_int_equal(content_facet_tags(db, &f, 0, &fc, &n, &cause), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fc[i].count, 1);
	content_facets_free(fc, n);
	content_filter_init(&f);
	assert_int_equal(content_facet_categories(db, &f, &fc, &n, &cause), 0);
	assert_int_equal(n, 3);
	assert_string_equal(fc[0].value, "engage");
	assert_int_equal(fc[0].count, 2);
	content_facets_free(fc, n);
	db_close(db);
}

static void test_tag_normalisation(void **state)
{
	char **tags;
	size_t n = content_tags_split(" 育儿；辅食 、育儿,ＡＢＣ，　早安　;;", &tags);
	assert_int_equal(n, 4);
	assert_string_equal(tags[0], "育儿");
	assert_string_equal(tags[1], "辅食");
	assert_string_equal(tags[2], "ABC");
	assert_string_equal(tags[3], "早安");
	assert_null(tags[4]);
	content_tags_free(tags, n);
	n = content_tags_split("", &tags);
	assert_int_equal(n, 0);
	content_tags_free(tags, n);
}

static void test_naming_rule(void **state)
{
	int day;
	char *cat;
	const char *form;
	assert_true(content_naming_rule("202503 促活-育儿干货-图文", &day, &cat, &form));
	assert_int_equal(day, D("2025-03-01"));
	assert_string_equal(cat, "促活");
	assert_string_equal(form, "text");
	free(cat);
	/* Full-width digits and dashes fold; a topic may hold dashes itself. */
	assert_true(content_naming_rule("２０２６１２ 转化－双11-预热-短视频", &day, &cat, &form));
	assert_int_equal(day, D("2026-12-01"));
	assert_string_equal(cat, "转化");
	assert_string_equal(form, "video");
	free(cat);
	assert_false(content_naming_rule("202513 促活-育儿-图文", &day, &cat, &form));
	assert_false(content_naming_rule("早安问候", &day, &cat, &form));
	assert_false(content_naming_rule("202503 促活-图文", &day, &cat, &form));
	assert_false(content_naming_rule("202503 -育儿-图文", &day, &cat, &form));

	/* On import the rule fills a missing date, category and form. */
	struct db *db = test_db();
	char *cause = NULL;
	const char csv[] = "title,tags\r\n202503 品牌-创始人故事-短视频,品牌故事\r\n";
	size_t n;
	assert_int_equal(content_import_text(db, csv, strlen(csv), "n.csv", true, "t", &n, &cause),
			 0);
	struct content_item it;
	assert_int_equal(content_get(db, 1, &it, &cause), 0);
	assert_int_equal(it.date, D("2025-03-01"));
	assert_string_equal(it.category, "brand");
	assert_string_equal(it.form, "video");
	content_item_clear(&it);
	db_close(db);
}

static void test_parsers(void **state)
{
	assert_string_equal(content_zone_parse("用户UGC区"), "ugc");
	assert_string_equal(content_zone_parse("知识干货区"), "knowledge");
	assert_null(content_zone_parse("nowhere"));
	assert_string_equal(content_form_parse("社群问答"), "qa");
	assert_string_equal(content_form_parse("短视频"), "video");
	assert_string_equal(content_form_parse("直播"), "live");
	assert_null(content_form_parse("播客"));
	assert_int_equal(content_parse_date("202502"), D("2025-02-01"));
	assert_int_equal(content_parse_date("2025-02-29"), DATE_INVALID);
	struct db *db = test_db();
	struct playbook *pb;
	char *cause = NULL;
	assert_int_equal(playbook_load_active(db, &pb, &cause), 0);
	assert_string_equal(content_category_parse(pb, "促活"), "engage");
	assert_string_equal(content_category_parse(pb, "转化型"), "convert");
	assert_string_equal(content_category_parse(pb, "brand"), "brand");
	assert_null(content_category_parse(pb, "促"));
	playbook_free(pb);
	db_close(db);
}

/* Walk every page of size page, forward then backward, and compare with one big query. */
static void check_paging(struct db *db, const struct content_filter *f, enum content_sort sort,
			 size_t page)
{
	struct content_item *all, *items;
	size_t n_all, n;
	char *cause = NULL;
	assert_int_equal(content_query(db, f, sort, NULL, false, 100000, &all, &n_all, &cause), 0);
	size_t seen = 0;
	struct content_item last = {0};
	struct content_cursor cur;
	for (;;) {
		assert_int_equal(content_query(db, f, sort, seen ? &cur : NULL, false, page, &items,
					       &n, &cause), 0);
		for (size_t i = 0; i < n; i++, seen++) {
			assert_true(seen < n_all);
			assert_int_equal(items[i].id, all[seen].id);
		}
		if (n) {
			content_item_clear(&last);
			content_item_copy(&last, &items[n - 1]);
			cur = content_cursor_at(&last);
		}
		content_items_free(items, n);
		if (n < page)
			break;
	}
	assert_int_equal(seen, n_all);
	/* Backward from the end gives the same rows in the same order. */
	size_t end = n_all;
	while (end > 0) {
		assert_int_equal(content_query(db, f, sort, &cur, true, page, &items, &n, &cause),
				 0);
		if (end == n_all) {
			/* The first backward page starts before the last row: it is excluded. */
			end--;
		}
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(items[i].id, all[end - n + i].id);
		end -= n;
		content_item_clear(&last);
		content_item_copy(&last, &items[0]);
		cur = content_cursor_at(&last);
		content_items_free(items, n);
	}
	content_item_clear(&last);
	content_items_free(all, n_all);
}

static void test_pagination_stable_and_complete(void **state)
{
	struct db *db = test_db();
	struct buf csv = {0};
	buf_adds(&csv, "title,date,tags,category\n");
	/* Many items share a date and a title, so the id breaks ties. */
	for (int i = 0; i < 300; i++)
		buf_addf(&csv, "条目%d,2026-01-%02d,%s,%s\n", i % 37, 1 + i % 9,
			 i % 3 ? "育儿" : "早安", i % 2 ? "engage" : "brand");
	char *cause = NULL;
	size_t n;
	assert_int_equal(content_import_text(db, csv.data, csv.len, "p.csv", true, "t", &n,
					     &cause), 0);
	/* 37 titles x 9 dates: every (title, date) pair differs, so 300 items. */
	size_t count;
	assert_int_equal(content_count(db, NULL, &count, &cause), 0);
	assert_int_equal(count, 300);
	buf_free(&csv);
	struct content_filter f;
	content_filter_init(&f);
	check_paging(db, &f, CONTENT_SORT_DATE, 7);
	check_paging(db, &f, CONTENT_SORT_TITLE, 10);
	const char *tag[] = {"育儿"};
	f.tags = tag;
	f.n_tags = 1;
	f.category = "engage";
	check_paging(db, &f, CONTENT_SORT_DATE, 5);
	db_close(db);
}

static size_t count_all(struct db *db)
{
	size_t n;
	char *cause = NULL;
	assert_int_equal(content_count(db, NULL, &n, &cause), 0);
	return n;
}

static void expect_import_error(struct db *db, const char *text, bool is_csv, const char *name,
				const char *want)
{
	char *cause = NULL;
	size_t before = count_all(db), n = 0;
	assert_int_equal(content_import_text(db, text, strlen(text), name, is_csv, "t", &n, &cause),
			 -1);
	assert_non_null(cause);
	if (!strstr(cause, want))
		fail_msg("cause '%s' lacks '%s'", cause, want);
	free(cause);
	assert_int_equal(count_all(db), before);
}

static void test_import_errors_nothing_imported(void **state)
{
	struct db *db = library_db();
	/* Row 3 is fine and row 2 too: the bad row 4 must still roll them back. */
	expect_import_error(db,
			    "title,date,category\n"
			    "a,2026-01-01,engage\n"
			    "b,2026-01-02,brand\n"
			    "c,2026-02-30,brand\n",
			    true, "bad.csv", "bad.csv:4: bad date '2026-02-30'");
	expect_import_error(db, "title,date,category\na,2026-01-01,marketing\n", true, "c.csv",
			    "c.csv:2: unknown category 'marketing'");
	expect_import_error(db, "title,date,zone\na,2026-01-01,cellar\n", true, "z.csv",
			    "z.csv:2: unknown zone 'cellar'");
	expect_import_error(db, "title,colour\na,red\n", true, "h.csv",
			    "h.csv:1: unknown column 'colour'");
	expect_import_error(db, "title,date\n\"a\nb\",2026-01-01\nno date here,\n", true, "m.csv",
			    "m.csv:4: no date");
	expect_import_error(db,
			    "- title: ok\n  date: 2026-01-01\n"
			    "- title: bad\n  date: 2026-01-01\n  colour: red\n",
			    false, "k.yaml", "k.yaml:5:3: unknown key 'colour'");
	expect_import_error(db, "- title: ok\n  date: 2026-01-01\n- title: x\n  form: 播客\n  date: 202601\n",
			    false, "f.yaml", "f.yaml:4:9: unknown form '播客'");
	/* Each bad value at its own line:col, not the item's start. */
	expect_import_error(db,
			    "- title: ok\n  date: 2026-01-01\n"
			    "- title: x\n  date: 2026-01-01\n  category: engage\n  form: text\n"
			    "  zone: 地下室\n",
			    false, "z.yaml", "z.yaml:7:9: unknown zone '地下室'");
	expect_import_error(db, "- title: x\n  category: 营销\n  date: 2026-01-01\n", false,
			    "c.yaml", "c.yaml:2:13: unknown category '营销'");
	expect_import_error(db, "- title: x\n  tags: [a]\n  date: 2026-13-01\n", false,
			    "d.yaml", "d.yaml:3:9: bad date '2026-13-01'");
	expect_import_error(db, "- title: [unclosed\n", false, "s.yaml", "s.yaml:");
	expect_import_error(db, "title: not a list\n", false, "l.yaml", "l.yaml:1:1: expected a list");
	db_close(db);
}

static void test_crud_and_usage(void **state)
{
	struct db *db = library_db();
	char *cause = NULL;
	char *tags[] = {"新 标签", "ＡＢ", NULL};
	struct content_item it = {
		.title = "新条目", .category = "convert", .zone = "campaign", .form = "live",
		.style = "官方", .source = "原创", .body = "正文", .date = D("2026-03-03"),
		.tags = tags, .n_tags = 2,
	};
	assert_int_equal(content_add(db, &it, "t", &cause), 0);
	assert_true(it.id > 0);
	struct content_item got;
	assert_int_equal(content_get(db, it.id, &got, &cause), 0);
	assert_string_equal(got.tags[1], "AB");
	free(got.title);
	got.title = xstrdup("改过的标题");
	assert_int_equal(content_update(db, &got, "t", &cause), 0);
	char *s = search_titles(db, "改过的");
	assert_string_equal(s, "改过的标题");
	free(s);
	s = search_titles(db, "新条目");
	assert_string_equal(s, "");
	free(s);
	content_item_clear(&got);

	/* A bad category is refused before anything is written. */
	it.category = "nope";
	assert_int_equal(content_add(db, &it, "t", &cause), -1);
	assert_non_null(strstr(cause, "unknown category 'nope'"));
	free(cause);
	cause = NULL;

	/* Before the calendar exists, an item is scheduled nowhere. */
	struct content_use *use;
	size_t n;
	assert_int_equal(content_usage(db, it.id, &use, &n, &cause), 0);
	assert_int_equal(n, 0);
	/* The calendar's table (migration 004): the usage and the delete see it. */
	assert_int_equal(db_exec(db,
				 "INSERT INTO chat_group (name, platform, type, created) VALUES "
				 "('宝妈一群', 'wecom', 'promotion', '2026-01-01');",
				 &cause), 0);
	char *sql = xasprintf("INSERT INTO slot (group_id, day, at, content_id, updated_at, "
			      "updated_by) VALUES (1, '2026-03-05', '20:00', %lld, '', ''),"
			      "(1, '2026-03-02', '10:00', %lld, '', ''), "
			      "(1, '2026-03-01', '08:30', 1, '', '')",
			      (long long)it.id, (long long)it.id);
	assert_int_equal(db_exec(db, sql, &cause), 0);
	free(sql);
	assert_int_equal(content_usage(db, it.id, &use, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(use[0].group_name, "宝妈一群");
	assert_int_equal(use[0].day, D("2026-03-02"));
	assert_int_equal(use[0].at, 600);
	assert_int_equal(use[1].at, 1200);
	content_usage_free(use, n);

	/* The mix counts scheduled items now: 2 conversion, 1 engagement. */
	struct playbook *pb;
	assert_int_equal(playbook_load_active(db, &pb, &cause), 0);
	struct content_mix *mix;
	size_t total;
	assert_int_equal(content_mix(db, pb, D("2026-03-04"), &mix, &n, &total, &cause), 0);
	assert_int_equal(total, 2);  /* the 2026-03-05 slot is in the future */
	for (size_t i = 0; i < n; i++) {
		if (strcmp(mix[i].key, "convert") == 0)
			assert_int_equal(mix[i].used, 1);
		if (strcmp(mix[i].key, "engage") == 0) {
			assert_int_equal(mix[i].used, 1);
			assert_int_equal(mix[i].target, 50);
			assert_true(mix[i].share > 49.9 && mix[i].share < 50.1);
		}
	}
	free(mix);
	playbook_free(pb);

	size_t unscheduled = 0;
	assert_int_equal(content_delete(db, it.id, "t", &unscheduled, &cause), 0);
	assert_int_equal(unscheduled, 2);
	assert_int_equal(content_get(db, it.id, &got, &cause), -1);
	assert_non_null(strstr(cause, "no content item"));
	free(cause);
	db_close(db);
}

static void test_mix_by_date_without_calendar(void **state)
{
	struct db *db = library_db();
	struct playbook *pb;
	char *cause = NULL;
	assert_int_equal(playbook_load_active(db, &pb, &cause), 0);
	/* Without the calendar's table the mix goes by item date. */
	assert_int_equal(db_exec(db, "DROP TABLE slot", &cause), 0);
	struct content_mix *mix;
	size_t n, total;
	/* 30 days ending 2026-03-04: 02-10 engage, 02-20 engage, 03-01 convert (not 01-15). */
	assert_int_equal(content_mix(db, pb, D("2026-03-04"), &mix, &n, &total, &cause), 0);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	assert_string_equal(mix[0].key, "engage");
	assert_int_equal(mix[0].used, 2);
	assert_int_equal(mix[1].used, 1);
	assert_int_equal(mix[2].used, 0);
	free(mix);
	playbook_free(pb);
	db_close(db);
}

static void test_export_round_trip(void **state)
{
	struct db *db = library_db();
	for (int fmt = CONTENT_CSV; fmt <= CONTENT_YAML; fmt++) {
		char *a = NULL, *b = NULL;
		size_t la = 0, lb = 0, n;
		char *cause = NULL;
		FILE *f = open_memstream(&a, &la);
		assert_int_equal(content_export(db, NULL, fmt, f, &n, &cause), 0);
		fclose(f);
		assert_int_equal(n, 4);
		if (fmt == CONTENT_CSV)
			assert_memory_equal(a, "\xEF\xBB\xBFtitle,", 9);
		struct db *db2 = test_db();
		assert_int_equal(content_import_text(db2, a, la, "x", fmt == CONTENT_CSV, "t", &n,
						     &cause), 0);
		assert_int_equal(n, 4);
		f = open_memstream(&b, &lb);
		assert_int_equal(content_export(db2, NULL, fmt, f, &n, &cause), 0);
		fclose(f);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		free(a);
		free(b);
		db_close(db2);
	}
	db_close(db);
}

static void test_demo_content(void **state)
{
	struct db *db = test_db();
	char *cause = NULL;
	if (content_demo_populate(db, D("2026-03-04"), "t", &cause) < 0)
		fail_msg("%s", cause);
	size_t n = count_all(db);
	assert_true(n >= 30 && n <= 60);
	struct content_item *items;
	assert_int_equal(content_query(db, NULL, CONTENT_SORT_DATE, NULL, false, 1, &items, &n,
				       &cause), 0);
	assert_int_equal(items[0].date, D("2026-03-04"));
	content_items_free(items, n);
	db_close(db);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_search_any_length),
		cmocka_unit_test(test_search_folds_both_sides),
		cmocka_unit_test(test_migrations_005_007_on_existing_rows),
		cmocka_unit_test(test_search_and_filters_use_indexes),
		cmocka_unit_test(test_count_upto),
		cmocka_unit_test(test_filters_combine),
		cmocka_unit_test(test_tags_exact_and_all),
		cmocka_unit_test(test_tag_normalisation),
		cmocka_unit_test(test_naming_rule),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_pagination_stable_and_complete),
		cmocka_unit_test(test_import_errors_nothing_imported),
		cmocka_unit_test(test_crud_and_usage),
		cmocka_unit_test(test_mix_by_date_without_calendar),
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_demo_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
