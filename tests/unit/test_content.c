/* The content library: filters, exact tags, normalisation, naming rule, Chinese search, paging, import, delete. */
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "testsql.h"
#include "assets.h"
#include "content.h"
#include "content-internal.h"
#include "db-fts.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "workspace.h"

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
	/* NFKC (issue 15): half-width katakana, circled characters, case beyond ASCII. */
	static const char more[] = "- {title: ﾃｽﾄ 直播, date: 2026-02-04, body: ㊙福利 ①号}\n"
				   "- {title: ÉTUDE 面膜, date: 2026-02-05}\n";
	size_t added = 0;
	char *why = NULL;
	if (content_import_text(db, more, strlen(more), "m.yaml", false, "t", &added, &why) < 0)
		fail_msg("import: %s", why);
	assert_search(db, "テスト", "ﾃｽﾄ 直播");
	assert_search(db, "秘福利", "ﾃｽﾄ 直播");
	assert_search(db, "1号", "ﾃｽﾄ 直播");
	assert_search(db, "étude", "ÉTUDE 面膜");
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
	/* Words of every length are looked up in the index; a few matches (at most 1000)
	   are read by id and sorted, not looked for along the whole date index. */
	const char *words[] = {"育儿干货", "误区", "育", "ｑ", "育 二胎"};
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		f.search = words[i];
		assert_plan(db, &f, "content_fts VIRTUAL TABLE INDEX");
		assert_plan(db, &f, "USING INTEGER PRIMARY KEY (rowid=?)");
		assert_plan(db, &f, "TEMP B-TREE FOR ORDER BY");
		assert_plan_lacks(db, &f, "content_by_date");
		assert_plan_lacks(db, &f, "SCAN c\n");
	}
	content_filter_init(&f);
	const char *tags[] = {"育儿"};
	f.tags = tags;
	f.n_tags = 1;
	assert_plan(db, &f, "content_tag_by_tag (tag=?)");
	assert_plan_lacks(db, &f, "content_by_date");
	/* Many matches: a page walks the date index and stops when it is full (no sort). */
	struct buf y = {0};
	for (int i = 0; i < 1001; i++)
		buf_addf(&y, "- title: 育儿干货误区 %d\n  date: 2025-%02d-%02d\n  tags: 育儿\n",
			 i, 1 + i % 12, 1 + i % 28);
	size_t n;
	char *cause = NULL;
	assert_int_equal(content_import_text(db, buf_str(&y), y.len, "many.yaml", false, "t", &n,
					     &cause), 0);
	buf_free(&y);
	assert_plan(db, &f, "content_tag_by_tag (tag=?)");
	assert_plan(db, &f, "content_by_date");
	assert_plan_lacks(db, &f, "TEMP B-TREE");
	content_filter_init(&f);
	for (size_t i = 0; i < 3; i++) {
		f.search = words[i];
		assert_plan(db, &f, "content_fts VIRTUAL TABLE INDEX");
		assert_plan(db, &f, "content_by_date");
		assert_plan_lacks(db, &f, "TEMP B-TREE");
		assert_plan_lacks(db, &f, "SCAN c\n");
	}
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
	/* Capped, the search's index leading: stops at cap + 1. */
	size_t n;
	bool more;
	char *cause = NULL;
	assert_int_equal(content_count_upto(db, &f, 1, &n, &more, &cause), 0);
	assert_int_equal(n, 1);
	assert_true(more);
	assert_int_equal(content_count_upto(db, &f, 2, &n, &more, &cause), 0);
	assert_int_equal(n, 2);
	assert_false(more);
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

/* The tag facets of f as "tag:count|...". */
static char *facet_text(struct db *db, const struct content_filter *f)
{
	struct content_facet *fc;
	size_t n;
	char *cause = NULL;
	if (content_facet_tags(db, f, 0, &fc, &n, &cause) < 0)
		fail_msg("facets: %s", cause);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s:%zu", i ? "|" : "", fc[i].value, fc[i].count);
	content_facets_free(fc, n);
	buf_str(&b);
	return b.data ? b.data : xstrdup("");
}

/* The category facets of f as "key:count|...". */
static char *category_text(struct db *db, const struct content_filter *f)
{
	struct content_facet *fc;
	size_t n;
	char *cause = NULL;
	if (content_facet_categories(db, f, &fc, &n, &cause) < 0)
		fail_msg("facets: %s", cause);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s:%zu", i ? "|" : "", fc[i].value, fc[i].count);
	content_facets_free(fc, n);
	buf_str(&b);
	return b.data ? b.data : xstrdup("");
}

/*
 * The count of a search or tags alone is taken from their indexes (set_select): the
 * same as through the items (a date range that holds them all), archived items out,
 * or only them with archived set; several tags and a search narrow each other.
 */
static void test_set_counts_match_item_counts(void **state)
{
	struct db *db = library_db();
	char *cause = NULL;
	struct content_filter f;
	content_filter_init(&f);
	f.search = "会员日满";
	struct content_item *items;
	size_t n;
	assert_int_equal(content_query(db, &f, CONTENT_SORT_DATE, NULL, false, 5, &items, &n,
				       &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(content_archive(db, items[0].id, true, "t", &cause), 0);
	content_items_free(items, n);
	const char *parenting[] = {"育儿"}, *two[] = {"育儿干货", "辅食"}, *none[] = {"育儿", "早安"};
	struct {
		const char *search;
		const char *const *tags;
		size_t n_tags;
		bool archived;
		size_t want;
	} cases[] = {
		{"育", NULL, 0, false, 2},     /* 误区 (干货 tag) and 品牌故事 (body) */
		{"育", NULL, 0, true, 1},      /* 会员日 (tag 育儿), archived */
		{NULL, parenting, 1, false, 0},     /* its one item is archived */
		{NULL, parenting, 1, true, 1},
		{NULL, two, 2, false, 1},
		{"误区", two, 2, false, 1},
		{"早安", two, 2, false, 0},
		{NULL, none, 2, false, 0},
		{"二胎 品牌", NULL, 0, false, 1},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		content_filter_init(&f);
		f.search = cases[i].search;
		f.tags = cases[i].tags;
		f.n_tags = cases[i].n_tags;
		f.archived = cases[i].archived;
		size_t direct, capped, exact;
		bool more;
		assert_int_equal(content_count_upto(db, &f, 1000, &capped, &more, &cause), 0);
		assert_int_equal(content_count(db, &f, &exact, &cause), 0);
		f.from = D("2000-01-01");
		assert_int_equal(content_count(db, &f, &direct, &cause), 0);
		if (capped != cases[i].want || exact != cases[i].want || direct != cases[i].want)
			fail_msg("case %zu: %zu %zu %zu, want %zu", i, capped, exact, direct,
				 cases[i].want);
		assert_false(more);
		/* The facets too: through the sets (no range) as through the items. */
		char *via_items = facet_text(db, &f);
		f.from = DATE_INVALID;
		char *via_sets = facet_text(db, &f);
		assert_string_equal(via_sets, via_items);
		free(via_items);
		free(via_sets);
	}
	/* The whole library's categories from the category index less the archived item's
	   (会员日满, 转化 = convert), as a range that holds every item counts them. */
	content_filter_init(&f);
	char *all = category_text(db, &f);
	f.from = D("2000-01-01");
	char *dated = category_text(db, &f);
	assert_string_equal(all, dated);
	assert_string_equal(all, "engage:2|brand:1");
	free(all);
	free(dated);
	db_close(db);
}

/* The whole library's tag counts (taken from the tag index less the archived items'). */
static void test_library_tag_facets_leave_archived_out(void **state)
{
	struct db *db = library_db();
	char *cause = NULL;
	struct content_filter all, dated, archived;
	content_filter_init(&all);
	/* The same items through the general route: a date range that holds every item. */
	content_filter_init(&dated);
	dated.from = D("2000-01-01");
	content_filter_init(&archived);
	archived.archived = true;
	char *a = facet_text(db, &all), *d = facet_text(db, &dated);
	assert_string_equal(a, d);
	assert_non_null(strstr(a, "育儿:1"));
	free(a);
	free(d);
	/* 会员日满 199 减 50 (会员日, 育儿) archived: its tags leave the counts. */
	int64_t id = 0;
	struct content_item *items;
	size_t n;
	content_filter_init(&dated);
	dated.search = "会员日满";
	assert_int_equal(content_query(db, &dated, CONTENT_SORT_DATE, NULL, false, 5, &items, &n,
				       &cause), 0);
	assert_int_equal(n, 1);
	id = items[0].id;
	content_items_free(items, n);
	assert_int_equal(content_archive(db, id, true, "t", &cause), 0);
	content_filter_init(&dated);
	dated.from = D("2000-01-01");
	a = facet_text(db, &all);
	d = facet_text(db, &dated);
	assert_string_equal(a, d);
	assert_string_equal(a, "品牌故事:1|日常:1|早安:1|育儿干货:1|辅食:1");
	free(a);
	free(d);
	a = facet_text(db, &archived);
	assert_string_equal(a, "会员日:1|育儿:1");
	free(a);
	/* Brought back, they count again. */
	assert_int_equal(content_archive(db, id, false, "t", &cause), 0);
	a = facet_text(db, &all);
	assert_non_null(strstr(a, "会员日:1"));
	free(a);
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
	/* An unquoted comma in the body: the words after it would be lost, so refused. */
	expect_import_error(db, "title,date,body\na,2026-01-01,ok\nb,2026-01-02,你好,世界\n", true,
			    "x.csv", "x.csv:3: 4 fields, but the header has 3");
	expect_import_error(db, "title,,date\na,lost,2026-01-01\n", true, "u.csv",
			    "u.csv:2: a value in column 2, which has no name in the header");
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
	/* On 2026-03-01 both slots lie ahead: they are cleared and the item goes. */
	bool archived = true;
	assert_int_equal(content_delete_on(db, it.id, D("2026-03-01"), "t", &unscheduled, &archived,
					   &cause), 0);
	assert_int_equal(unscheduled, 2);
	assert_false(archived);  /* never posted: deleted, not archived */
	assert_int_equal(content_get(db, it.id, &got, &cause), 1);
	assert_null(cause);
	assert_int_equal(content_require(db, it.id, &got, &cause), -1);
	assert_non_null(strstr(cause, "no content item"));
	free(cause);
	db_close(db);
}

static void test_mix_without_calendar_is_an_error(void **state)
{
	struct db *db = library_db();
	struct playbook *pb;
	char *cause = NULL;
	assert_int_equal(playbook_load_active(db, &pb, &cause), 0);
	/* The migrations always create the mix's table (022): its absence is a broken file. */
	assert_int_equal(db_exec(db, "DROP TABLE content_mix_day", &cause), 0);
	struct content_mix *mix = NULL;
	size_t n, total;
	assert_int_equal(content_mix(db, pb, D("2026-03-04"), &mix, &n, &total, &cause), -1);
	assert_non_null(strstr(cause, "content_mix_day"));
	assert_null(mix);
	free(cause);
	playbook_free(pb);
	db_close(db);
}

/* Every (day, category) count kept in content_mix_day against a count of the slots. */
static void assert_mix_kept(struct db *db)
{
	/* Rows kept at 0 are as good as absent; any other difference is drift. */
	int64_t bad = test_sql_int(
		db, "SELECT count(*) FROM (SELECT day, category, slots FROM content_mix_day "
		    "WHERE slots <> 0 EXCEPT SELECT s.day, c.category, count(*) FROM slot s "
		    "JOIN content c ON c.id = s.content_id GROUP BY 1, 2) "
		    "UNION ALL SELECT count(*) FROM (SELECT s.day, c.category, count(*) FROM slot s "
		    "JOIN content c ON c.id = s.content_id GROUP BY 1, 2 EXCEPT "
		    "SELECT day, category, slots FROM content_mix_day) ORDER BY 1 DESC LIMIT 1");
	assert_int_equal(bad, 0);
}

/*
 * The mix is kept by triggers (migration 022): slots added, given other content,
 * moved, emptied, removed; an item's category changed; an item deleted under its
 * slots; groups purged. After each, the kept counts are the recount's, and
 * content_mix reports them.
 */
static void test_mix_kept_through_changes(void **state)
{
	struct db *db = library_db();
	char *cause = NULL;
	const char *steps[] = {
		"INSERT INTO chat_group (name, platform, type, created) VALUES "
		"('一群', 'wecom', 'promotion', '2026-01-01'), "
		"('二群', 'wecom', 'promotion', '2026-01-01')",
		"INSERT INTO slot (group_id, day, at, content_id, updated_at, updated_by) VALUES "
		"(1, '2026-03-01', '08:00', 1, '', ''), (1, '2026-03-01', '09:00', 2, '', ''), "
		"(2, '2026-03-01', '08:00', 1, '', ''), (2, '2026-03-02', '08:00', 3, '', ''), "
		"(1, '2026-03-03', '08:00', NULL, '', ''), (2, '2026-03-04', '10:00', 4, '', '')",
		"UPDATE slot SET content_id = 2 WHERE group_id = 2 AND day = '2026-03-02'",
		"UPDATE slot SET content_id = 3 WHERE content_id IS NULL",
		"UPDATE slot SET day = '2026-03-04' WHERE group_id = 1 AND at = '09:00'",
		"UPDATE slot SET content_id = NULL WHERE group_id = 2 AND day = '2026-03-04'",
		"INSERT INTO slot (group_id, day, at, content_id, updated_at, updated_by) VALUES "
		"(1, '2026-03-01', '08:00', 4, '', '') ON CONFLICT (group_id, day, at, action_id) "
		"DO UPDATE SET content_id = excluded.content_id",
		"UPDATE content SET category = 'brand' WHERE id = 1",
		"UPDATE content SET category = '' WHERE id = 2",
		"DELETE FROM slot WHERE group_id = 1 AND day = '2026-03-03'",
		"DELETE FROM content WHERE id = 2",
		"DELETE FROM chat_group WHERE id = 2",
	};
	assert_mix_kept(db);
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		if (db_exec(db, steps[i], &cause) < 0)
			fail_msg("step %zu: %s", i, cause);
		assert_mix_kept(db);
		if (i == 1)
			assert_int_equal(test_sql_int(db, "SELECT sum(slots) FROM content_mix_day"), 5);
	}
	/* What is left: group 1's 2026-03-01 08:00 (item 4) in the 30 days to 2026-03-04. */
	struct playbook *pb;
	assert_int_equal(playbook_load_active(db, &pb, &cause), 0);
	struct content_mix *mix;
	size_t n, total;
	assert_int_equal(content_mix(db, pb, D("2026-03-04"), &mix, &n, &total, &cause), 0);
	assert_int_equal(total, (size_t)test_sql_int(db, "SELECT count(*) FROM slot s JOIN "
							   "content c ON c.id = s.content_id"));
	assert_true(total > 0);
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

/* ---- the search index against a substring search (migration 007) ---- */

/* xorshift32: a fixed sequence, so a failure replays the same way. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Characters in every width and case, the search's white space, and FTS5 syntax. */
static const char *const pieces[] = {
	"育", "儿", "误", "区", "夜", "醒", "怎", "么", "办", "宝", "？", "?", "：", ":", "Ａ",
	"a", "A", "ｂ", "b", "B", "1", "１", "#", "&", "\"", "*", "-", "(", "é", " ", "　", "；",
	"x", "X", "ｘ", "育", "儿", "误", "区",
};

/* n random pieces; no white space at either end (titles are trimmed on import). */
static void rnd_text(uint32_t *seed, struct buf *b, size_t n, bool newlines)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rnd(seed) % ARRAY_LEN(pieces)];
		if ((i == 0 || i + 1 == n) && (!strcmp(p, " ") || !strcmp(p, "　")))
			p = "育";
		if (newlines && rnd(seed) % 13 == 0)
			p = "\n";
		buf_adds(b, p);
	}
}

/* s as a quoted CSV field. */
static void csv_quoted(struct buf *b, const char *s, const char *end)
{
	buf_adds(b, "\"");
	for (; *s; s++)
		buf_adds(b, *s == '"' ? "\"\"" : (char[]){*s, '\0'});
	buf_adds(b, "\"");
	buf_adds(b, end);
}

/* A CSV of n random items; every seventh repeats an earlier title and date (an update). */
static char *rnd_csv(uint32_t *seed, size_t n, const char *prefix)
{
	static const char *const tagset[] = {"育儿", "ＡＢ", "误区 x", "夜醒", "q&a", "宝宝"};
	struct buf b = {0}, title = {0};
	buf_adds(&b, "title,date,tags,body\n");
	char last[200] = "";
	int last_day = 1;
	for (size_t i = 0; i < n; i++) {
		int day = 1 + (int)(rnd(seed) % 28);
		title.len = 0;
		if (i % 7 == 6 && *last) {
			buf_adds(&title, last);
			day = last_day;
		} else {
			buf_adds(&title, prefix);
			rnd_text(seed, &title, 1 + rnd(seed) % 10, false);
		}
		snprintf(last, sizeof last, "%s", buf_str(&title));
		last_day = day;
		csv_quoted(&b, buf_str(&title), ",");
		buf_addf(&b, "2026-01-%02d,", day);
		struct buf tags = {0};
		for (uint32_t t = rnd(seed) % 3; t > 0; t--)
			buf_addf(&tags, "%s;", tagset[rnd(seed) % ARRAY_LEN(tagset)]);
		csv_quoted(&b, buf_str(&tags), ",");
		buf_free(&tags);
		struct buf body = {0};
		rnd_text(seed, &body, rnd(seed) % 30, true);
		csv_quoted(&b, buf_str(&body), "\n");
		buf_free(&body);
	}
	buf_free(&title);
	buf_str(&b);
	return b.data;
}

/* The ids (in list order) of items whose folded fields contain every folded word of q. */
static char *substring_ids(const struct content_item *items, size_t n, const char *q)
{
	char *fq = content_fold(q);
	char *words[16];
	size_t nw = 0;
	for (char *save = NULL, *w = strtok_r(fq, " \t\r\n", &save); w && nw < 16;
	     w = strtok_r(NULL, " \t\r\n", &save))
		words[nw++] = w;
	struct buf ids = {0};
	/* No word at all (white space only) filters nothing. */
	for (size_t i = 0; i < n; i++) {
		struct buf tags = {0};
		for (size_t t = 0; t < items[i].n_tags; t++)
			buf_addf(&tags, "%s%s", t ? ";" : "", items[i].tags[t]);
		char *f[3] = {content_fold(items[i].title), content_fold(buf_str(&tags)),
			      content_fold(items[i].body)};
		bool all = true;
		for (size_t w = 0; w < nw && all; w++)
			all = strstr(f[0], words[w]) || strstr(f[1], words[w]) ||
			      strstr(f[2], words[w]);
		if (all)
			buf_addf(&ids, "%lld,", (long long)items[i].id);
		for (int k = 0; k < 3; k++)
			free(f[k]);
		buf_free(&tags);
	}
	free(fq);
	buf_str(&ids);
	return ids.data;
}

/* The ids content_query finds for q, in list order; the count must agree. */
static char *index_ids(struct db *db, const char *q)
{
	struct content_filter f;
	content_filter_init(&f);
	f.search = q;
	struct content_item *items;
	size_t n, count;
	char *cause = NULL;
	if (content_query(db, &f, CONTENT_SORT_DATE, NULL, false, 100000, &items, &n, &cause) < 0)
		fail_msg("query '%s': %s", q, cause);
	struct buf ids = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&ids, "%lld,", (long long)items[i].id);
	content_items_free(items, n);
	assert_int_equal(content_count(db, &f, &count, &cause), 0);
	assert_int_equal(count, n);
	buf_str(&ids);
	return ids.data;
}

/* Every query of qs finds through the index exactly what a substring search finds. */
static void check_equivalence(struct db *db, uint32_t *seed, size_t queries)
{
	struct content_item *all;
	size_t n;
	char *cause = NULL;
	assert_int_equal(content_query(db, NULL, CONTENT_SORT_DATE, NULL, false, 100000, &all, &n,
				       &cause), 0);
	size_t hits = 0;
	for (size_t q = 0; q < queries; q++) {
		struct buf query = {0};
		uint32_t kind = rnd(seed) % 4;
		if (kind == 0 || !n) {
			rnd_text(seed, &query, 1 + rnd(seed) % 4, false);
		} else {
			/* A piece of a stored field, 1 to 6 characters, sometimes two of them. */
			for (uint32_t w = kind == 3 ? 2 : 1; w > 0; w--) {
				const struct content_item *it = &all[rnd(seed) % n];
				const char *field = rnd(seed) % 2 ? it->title : it->body;
				if (!*field)
					field = it->title;
				size_t chars = 0, start, len;
				for (const char *p = field; *p; p++)
					chars += ((unsigned char)*p & 0xC0) != 0x80;
				start = rnd(seed) % chars;
				len = 1 + rnd(seed) % 6;
				size_t c = 0;
				for (const char *p = field; *p; p++) {
					bool lead = ((unsigned char)*p & 0xC0) != 0x80;
					if (lead)
						c++;
					if (c > start && c <= start + len)
						buf_add(&query, p, 1);
				}
				buf_adds(&query, " ");
			}
		}
		char *want = substring_ids(all, n, buf_str(&query));
		char *got = index_ids(db, buf_str(&query));
		if (strcmp(want, got) != 0)
			fail_msg("query '%s': index found [%s], substring search [%s]",
				 buf_str(&query), got, want);
		hits += *want != '\0';
		free(want);
		free(got);
		buf_free(&query);
	}
	/* The generated queries must mostly find something, or the test proves little. */
	assert_true(hits > queries / 2);
	content_items_free(all, n);
}

static void test_index_equals_substring_search(void **state)
{
	uint32_t seed = 20260304;
	struct db *db = test_db();
	char *cause = NULL;
	size_t n;
	/* A bulk import (the index filled at its end), with updates inside it. */
	char *csv = rnd_csv(&seed, 300, "");
	if (content_import_text(db, csv, strlen(csv), "g.csv", true, "t", &n, &cause) < 0)
		fail_msg("import: %s", cause);
	free(csv);
	check_equivalence(db, &seed, 400);
	/* A second import that updates rows already indexed and adds new ones. */
	seed = 20260304;
	csv = rnd_csv(&seed, 120, "");
	char *more = rnd_csv(&seed, 80, "新");
	struct buf both = {0};
	buf_adds(&both, csv);
	buf_adds(&both, strchr(more, '\n') + 1);
	if (content_import_text(db, both.data, both.len, "g2.csv", true, "t", &n, &cause) < 0)
		fail_msg("import 2: %s", cause);
	free(csv);
	free(more);
	buf_free(&both);
	/* Single edits and deletes through the triggers. */
	struct content_item *items;
	assert_int_equal(content_query(db, NULL, CONTENT_SORT_DATE, NULL, false, 60, &items, &n,
				       &cause), 0);
	for (size_t i = 0; i < n; i++) {
		if (i % 3 == 0) {
			assert_int_equal(content_delete(db, items[i].id, "t", NULL, NULL, &cause), 0);
		} else {
			struct buf body = {0};
			rnd_text(&seed, &body, 5 + rnd(&seed) % 20, true);
			free(items[i].body);
			items[i].body = body.data ? body.data : xstrdup("");
			assert_int_equal(content_update(db, &items[i], "t", &cause), 0);
		}
	}
	content_items_free(items, n);
	struct content_item one = {.title = "夜醒怎么办？ＡＢＣ", .body = "宝宝夜醒 abc", .date = D("2026-02-01")};
	assert_int_equal(content_add(db, &one, "t", &cause), 0);
	check_equivalence(db, &seed, 400);
	if (db_exec(db, "INSERT INTO content_fts(content_fts) VALUES ('integrity-check')",
		    &cause) < 0)
		fail_msg("integrity-check: %s", cause);
	size_t left;
	assert_int_equal(db_exec(db, "SELECT 1 FROM content_fts_defer", &cause), 0);
	struct content_filter f;
	content_filter_init(&f);
	/* The named queries of the issue, mixed widths and case included. */
	const char *named[] = {"育", "误区", "夜醒怎么办", "ABC", "ａｂｃ", "夜醒怎么办?", "醒 abc"};
	for (size_t i = 0; i < ARRAY_LEN(named); i++) {
		f.search = named[i];
		assert_int_equal(content_count(db, &f, &left, &cause), 0);
		assert_true(left >= 1);
		char *want = NULL, *got = index_ids(db, named[i]);
		struct content_item *every;
		size_t ne;
		assert_int_equal(content_query(db, NULL, CONTENT_SORT_DATE, NULL, false, 100000,
					       &every, &ne, &cause), 0);
		want = substring_ids(every, ne, named[i]);
		assert_string_equal(got, want);
		content_items_free(every, ne);
		free(want);
		free(got);
	}
	db_close(db);
}

/* What the tokenizer emits: one token a character, folded, a white-space run one " ". */
static int collect_token(void *ctx, const char *tok, int n, int start, int end)
{
	buf_addf(ctx, "%.*s@%d-%d|", n, tok, start, end);
	return 0;
}

static void test_tokenizer(void **state)
{
	struct buf b = {0};
	const char *text = "育儿 ＡＢc\n\t　x?";
	assert_int_equal(db_fts_tokenize(text, (int)strlen(text), collect_token, &b), 0);
	/* 育 0-3, 儿 3-6, " " 6-7, Ａ→a 7-10, Ｂ→b 10-13, c 13-14, "\n\t　" 14-19, x, ?. */
	assert_string_equal(buf_str(&b),
			    "育@0-3|儿@3-6| @6-7|a@7-10|b@10-13|c@13-14| @14-19|x@19-20|?@20-21|");
	buf_free(&b);
	/* Only len bytes are read. */
	assert_int_equal(db_fts_tokenize("误区ignored", 6, collect_token, &b), 0);
	assert_string_equal(buf_str(&b), "误@0-3|区@3-6|");
	buf_free(&b);
}

/* FTS5 query syntax typed into the search box is text to find, never an operator. */
static void test_search_syntax_is_data(void **state)
{
	struct db *db = test_db();
	char *cause = NULL;
	size_t n;
	const char yaml[] = "- title: 'NEAR(a b) AND x* -y \"q\" ^z'\n  date: 2026-01-01\n"
			    "- title: a b x y q z\n  date: 2026-01-02\n";
	assert_int_equal(content_import_text(db, yaml, strlen(yaml), "s.yaml", false, "t", &n,
					     &cause), 0);
	assert_search(db, "NEAR(a", "NEAR(a b) AND x* -y \"q\" ^z");
	assert_search(db, "x*", "NEAR(a b) AND x* -y \"q\" ^z");
	assert_search(db, "-y", "NEAR(a b) AND x* -y \"q\" ^z");
	assert_search(db, "\"q\"", "NEAR(a b) AND x* -y \"q\" ^z");
	assert_search(db, "AND", "NEAR(a b) AND x* -y \"q\" ^z");
	assert_search(db, "^z", "NEAR(a b) AND x* -y \"q\" ^z");
	/* Words are ANDed substrings: OR is a word to find, here in neither title. */
	assert_search(db, "a q", "a b x y q z|NEAR(a b) AND x* -y \"q\" ^z");
	assert_search(db, "a OR q", "");
	db_close(db);
}

/* content_each hands over the same rows as pages, in order, and stops when asked. */
static int each_ids(struct content_item *it, void *ctx, char **cause)
{
	struct buf *b = ctx;
	buf_addf(b, "%lld,", (long long)it->id);
	return strcmp(it->title, "stop") == 0 ? 1 : 0;
}

static void test_each_streams_in_order(void **state)
{
	struct db *db = test_db();
	struct buf csv = {0};
	buf_adds(&csv, "title,date\n");
	for (int i = 0; i < 50; i++)
		buf_addf(&csv, "育儿 %d,2026-01-%02d\n", i, 1 + i % 9);
	char *cause = NULL;
	size_t n;
	assert_int_equal(content_import_text(db, csv.data, csv.len, "e.csv", true, "t", &n, &cause),
			 0);
	buf_free(&csv);
	struct content_filter f;
	content_filter_init(&f);
	f.search = "育";
	for (int sort = CONTENT_SORT_DATE; sort <= CONTENT_SORT_TITLE; sort++) {
		struct content_item *items;
		assert_int_equal(content_query(db, &f, sort, NULL, false, 100, &items, &n, &cause),
				 0);
		assert_int_equal(n, 50);
		struct buf want = {0}, got = {0}, rest = {0};
		for (size_t i = 0; i < n; i++)
			buf_addf(&want, "%lld,", (long long)items[i].id);
		assert_int_equal(content_each(db, &f, sort, NULL, 0, each_ids, &got, &cause), 0);
		assert_string_equal(buf_str(&got), buf_str(&want));
		/* After item 9, at most 5. */
		struct content_cursor cur = content_cursor_at(&items[9]);
		assert_int_equal(content_each(db, &f, sort, &cur, 5, each_ids, &rest, &cause), 0);
		struct buf want5 = {0};
		for (size_t i = 10; i < 15; i++)
			buf_addf(&want5, "%lld,", (long long)items[i].id);
		assert_string_equal(buf_str(&rest), buf_str(&want5));
		buf_free(&want);
		buf_free(&got);
		buf_free(&rest);
		buf_free(&want5);
		content_items_free(items, n);
	}
	/* The callback stops the walk: 1 is not an error. */
	struct content_item stop = {.title = "stop", .date = D("2026-02-01")};
	assert_int_equal(content_add(db, &stop, "t", &cause), 0);
	struct buf got = {0};
	assert_int_equal(content_each(db, NULL, CONTENT_SORT_DATE, NULL, 0, each_ids, &got, &cause),
			 0);
	char want[32];
	snprintf(want, sizeof want, "%lld,", (long long)stop.id);
	assert_string_equal(buf_str(&got), want);
	buf_free(&got);
	db_close(db);
}

/* content_each_line: the same rows and order as content_each, read either way. */
static int each_full(struct content_item *it, void *ctx, char **cause)
{
	(void)cause;
	struct buf *b = ctx;
	char date[11];
	date_format(it->date, date);
	buf_addf(b, "%lld|%s|%s|%s|%s|", (long long)it->id, date, it->category, it->form,
		 it->title);
	for (size_t t = 0; t < it->n_tags; t++)
		buf_addf(b, "%s%s", t ? ";" : "", it->tags[t]);
	buf_adds(b, "\n");
	return 0;
}

static int each_line(const struct content_line *l, void *ctx, char **cause)
{
	(void)cause;
	struct buf *b = ctx;
	buf_addf(b, "%lld|%s|%s|%s|%s|%s\n", (long long)l->id, l->date, l->category, l->form,
		 l->title, l->tags);
	return strcmp(l->title, "stop") == 0 ? 1 : 0;
}

static void test_each_line_as_each(void **state)
{
	struct db *db = test_db();
	struct buf csv = {0};
	buf_adds(&csv, "title,date,form,tags\n");
	/* Many items share a date (the id breaks the tie), ids not in date order. */
	for (int i = 0; i < 120; i++)
		buf_addf(&csv, "%s %d,2026-%02d-%02d,%s,%s\n", i % 3 ? "育儿" : "辅食", i,
			 1 + (i * 7) % 3, 1 + (i * 5) % 4, i % 2 ? "video" : "text",
			 i % 4 ? "早教;打卡" : "打卡");
	char *cause = NULL;
	size_t n;
	assert_int_equal(content_import_text(db, csv.data, csv.len, "e.csv", true, "t", &n, &cause),
			 0);
	buf_free(&csv);
	struct content_filter fs[5];
	for (int i = 0; i < 5; i++)
		content_filter_init(&fs[i]);
	const char *tag = "早教";
	fs[1].search = "育";
	fs[2].tags = &tag;
	fs[2].n_tags = 1;
	fs[3].from = D("2026-02-01");
	fs[3].to = D("2026-02-03");
	fs[4].search = "育儿";
	fs[4].tags = &tag;
	fs[4].n_tags = 1;
	for (int k = 0; k < 5; k++)
		for (int sort = CONTENT_SORT_DATE; sort <= CONTENT_SORT_TITLE; sort++)
			for (size_t limit = 0; limit <= 7; limit += 7) {
				struct buf want = {0}, got = {0};
				assert_int_equal(content_each(db, &fs[k], sort, NULL, limit, each_full,
							      &want, &cause),
						 0);
				assert_int_equal(content_each_line(db, &fs[k], sort, NULL, limit,
								   each_line, &got, &cause),
						 0);
				assert_true(want.len > 0);
				assert_string_equal(buf_str(&got), buf_str(&want));
				buf_free(&want);
				buf_free(&got);
			}
	/* The whole list, sorted before it is handed out, still stops when asked. */
	struct content_item stop = {.title = "stop", .date = D("2026-02-02")};
	assert_int_equal(content_add(db, &stop, "t", &cause), 0);
	struct buf got = {0};
	assert_int_equal(content_each_line(db, NULL, CONTENT_SORT_DATE, NULL, 0, each_line, &got,
					   &cause),
			 0);
	/* Mid-list by its date: items older than it follow in the list, but are not handed out. */
	const char *at = strstr(buf_str(&got), "|stop|");
	assert_non_null(at);
	assert_string_equal(strchr(at, '\n'), "\n");
	assert_true(at - got.data > 40);
	buf_free(&got);
	db_close(db);
}

/* A row as each_line writes it, with its body and performance (content_render's test). */
static void line_text(struct buf *b, const struct content_line *l)
{
	buf_addf(b, "%lld|%s|%s|%s|%s|%s|%s|%zu|%d:%lld:%lld\n", (long long)l->id, l->date,
		 l->category, l->form, l->title, l->tags, l->body, l->body_len, l->perf.has,
		 (long long)l->perf.posts, (long long)l->perf.rank);
}

static int each_line_full(const struct content_line *l, void *ctx, char **cause)
{
	(void)cause;
	line_text(ctx, l);
	return 0;
}

static void render_row(const struct content_line *l, void *ctx, struct buf *out)
{
	(void)ctx;
	assert_int_equal(l->rows, 0);
	line_text(out, l);
}

struct emitted {
	struct buf text;
	int stop_after;  /* -1 after this many rows; 0 never */
	int rows;
	int ends;        /* emit(NULL)s: after every row, once */
	const char *held;  /* the first row's text, read again at the end: still there */
	struct buf first;
};

static int emit_row(const char *text, size_t len, void *ctx, char **cause)
{
	struct emitted *e = ctx;
	if (!text) {
		assert_int_equal(len, 0);
		e->ends++;
		/* The texts stay where they were handed out until the call returns. */
		if (e->held)
			assert_memory_equal(e->held, e->first.data, e->first.len);
		return 0;
	}
	assert_int_equal(e->ends, 0);
	if (e->stop_after && e->rows == e->stop_after)
		return set_cause(cause, "stopped");
	if (!e->held) {
		e->held = text;
		buf_add(&e->first, text, len);
	}
	buf_add(&e->text, text, len);
	e->rows++;
	return 0;
}

/* content_render: the rows and order of content_each_line / _perf without a limit, by
   date, each row's text rendered while it is read; an error of emit stops it. */
static void test_render_as_each_line(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct buf csv = {0};
	buf_adds(&csv, "title,date,form,tags,body\n");
	/* Ids not in date order, many dates shared. */
	for (int i = 0; i < 150; i++)
		buf_addf(&csv, "%s %d,2026-%02d-%02d,%s,%s,正文%d\n", i % 3 ? "育儿" : "辅食",
			 i, 1 + (i * 7) % 3, 1 + (i * 5) % 4, i % 2 ? "video" : "text",
			 i % 4 ? "早教;打卡" : "打卡", i);
	char *cause = NULL;
	size_t n;
	assert_int_equal(content_import_text(db, csv.data, csv.len, "r.csv", true, "t", &n, &cause),
			 0);
	buf_free(&csv);
	/* Stored performance for some items (every third, and a run of neighbours). */
	assert_int_equal(db_exec(db,
				 "INSERT INTO content_perf (content_id, posts, open_rate, rank)"
				 " SELECT id, id % 5, 0.25, id FROM content"
				 " WHERE id % 3 = 0 OR id BETWEEN 40 AND 60",
				 &cause),
			 0);
	struct content_filter fs[4];
	for (int i = 0; i < 4; i++)
		content_filter_init(&fs[i]);
	const char *tag = "早教";
	fs[1].search = "育";
	fs[2].tags = &tag;
	fs[2].n_tags = 1;
	fs[3].from = D("2026-02-01");
	fs[3].to = D("2026-03-03");
	struct content_item mid;
	/* Item 71 is of 2026-02-03, mid-list. */
	assert_int_equal(content_get(db, 71, &mid, &cause), 0);
	struct content_cursor at = content_cursor_at(&mid);
	for (int k = 0; k < 4; k++)
		for (int c = 0; c < 2; c++)
			for (int cols = CONTENT_COLUMNS_LINE; cols <= CONTENT_COLUMNS_PERF;
			     cols++) {
				const struct content_cursor *cur = c ? &at : NULL;
				struct buf want = {0};
				struct emitted got = {0};
				int (*each)(struct db *, const struct content_filter *,
					    enum content_sort, const struct content_cursor *,
					    size_t, content_line_fn *, void *, char **) =
					cols == CONTENT_COLUMNS_LINE   ? content_each_line
					: cols == CONTENT_COLUMNS_FULL ? content_each_full
								       : content_each_perf;
				assert_int_equal(each(db, &fs[k], CONTENT_SORT_DATE, cur, 0,
						      each_line_full, &want, &cause),
						 0);
				assert_int_equal(content_render(db, &fs[k], cur, cols, render_row,
								emit_row, &got, &cause),
						 0);
				if (want.len == 0)
					fail_msg("no rows: filter %d cursor %d columns %d", k,
						 c, cols);
				assert_string_equal(buf_str(&got.text), buf_str(&want));
				/* Told once, after the last row. */
				assert_int_equal(got.ends, 1);
				/* The performance is the stored one's, where there is one. */
				assert_true((strstr(want.data, "|1:") != NULL) ==
					    (cols == CONTENT_COLUMNS_PERF));
				/* Only the full rows carry the body. */
				assert_true((strstr(want.data, "|正文") != NULL) ==
					    (cols != CONTENT_COLUMNS_LINE));
				buf_free(&want);
				buf_free(&got.text);
				buf_free(&got.first);
			}
	content_item_clear(&mid);
	/* An error of emit is the call's, with its cause; the rows after it are not handed. */
	struct emitted stop = {.stop_after = 5};
	assert_int_equal(content_render(db, NULL, NULL, CONTENT_COLUMNS_FULL, render_row, emit_row,
					&stop, &cause),
			 -1);
	assert_string_equal(cause, "stopped");
	assert_int_equal(stop.rows, 5);
	assert_int_equal(stop.ends, 0);
	free(cause);
	buf_free(&stop.text);
	buf_free(&stop.first);
	db_close(db);
}

/* Statements an import prepares: the same for 20 items as for 400 (none per item). */
static long import_prepares(size_t items)
{
	struct db *db = test_db();
	struct buf csv = {0};
	buf_adds(&csv, "title,date,tags,category\n");
	for (size_t i = 0; i < items; i++)
		buf_addf(&csv, "育儿 %zu,2026-01-%02zu,育儿;辅食,engage\n", i, 1 + i % 28);
	/* And each item once more: the updates take their own statements, once. */
	for (size_t i = 0; i < items; i++)
		buf_addf(&csv, "育儿 %zu,2026-01-%02zu,早安,brand\n", i, 1 + i % 28);
	char *cause = NULL;
	size_t n;
	long before = db_stats(db).prepared;
	if (content_import_text(db, csv.data, csv.len, "n.csv", true, "t", &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 2 * items);
	long prepared = db_stats(db).prepared - before;
	buf_free(&csv);
	struct content_filter f;
	content_filter_init(&f);
	const char *tag[] = {"早安"};
	f.tags = tag;
	f.n_tags = 1;
	size_t count;
	assert_int_equal(content_count(db, &f, &count, &cause), 0);
	assert_int_equal(count, items);
	db_close(db);
	return prepared;
}

/* An import skips content's CHECKs (values checked in C); after it, on or failed, they hold. */
static void test_import_leaves_checks_on(void **state)
{
	struct db *db = library_db();
	char *cause = NULL;
	const char *bad = "INSERT INTO content (title, zone, date, created_at, updated_at) "
			  "VALUES ('x', 'nowhere', '2026-01-01', 't', 't')";
	assert_int_equal(db_exec(db, bad, &cause), -1);
	free(cause);
	cause = NULL;
	/* A failed import (an unknown zone, refused in C) leaves them on too. */
	const char *csv = "title,date,zone\n好,2026-01-02,knowledge\n坏,2026-01-03,nowhere\n";
	size_t n = 0;
	assert_int_equal(content_import_text(db, csv, strlen(csv), "z.csv", true, "t", &n, &cause),
			 -1);
	assert_non_null(strstr(cause, "unknown zone 'nowhere'"));
	free(cause);
	cause = NULL;
	assert_int_equal(db_exec(db, bad, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(db_exec(db, "INSERT INTO content (title, date, created_at, updated_at) "
				 "VALUES ('', '2026-01-01', 't', 't')", &cause), -1);
	free(cause);
	db_close(db);
}

static void test_import_prepares_once(void **state)
{
	long few = import_prepares(20), many = import_prepares(400);
	assert_int_equal(few, many);
	/* 21: a first import's two more (its indexes read and dropped, then made again). */
	assert_true(few < 24);
}

/* ---- an item's performance and its rank (model/kpi.c) ---- */

/* Better first by open rate, then interaction rate, undefined last: the report's judgement. */
static int score_cmp(const struct kpi_content_perf *x, const struct kpi_content_perf *y)
{
	if (x->open_defined != y->open_defined)
		return x->open_defined ? -1 : 1;
	if (x->open_defined && x->open_rate != y->open_rate)
		return x->open_rate > y->open_rate ? -1 : 1;
	if (x->interact_defined != y->interact_defined)
		return x->interact_defined ? -1 : 1;
	if (x->interact_defined && x->interact_rate != y->interact_rate)
		return x->interact_rate > y->interact_rate ? -1 : 1;
	return 0;
}

/*
 * Check every item's rank against the definition, item by item (quadratic on
 * purpose: the reference, not the code under test): among the items posted in
 * the last 30 days that have an open rate, 1 + how many are strictly better.
 */
static void check_ranks(struct db *db, const struct playbook_set *set, int today, const int64_t *ids,
			size_t n)
{
	char *cause = NULL;
	struct kpi_content_row *rep;
	size_t nrep;
	assert_int_equal(kpi_content_report(db, set, today, KPI_CONTENT_RANK_DAYS, &rep, &nrep,
					    &cause), 0);
	struct kpi_content_perf *window = xcalloc(nrep + 1, sizeof *window);
	size_t ranked = 0;
	for (size_t i = 0; i < nrep; i++) {
		window[i] = (struct kpi_content_perf){
			.content_id = rep[i].content_id, .open_defined = rep[i].open_defined,
			.open_rate = rep[i].open_rate, .interact_defined = rep[i].interact_defined,
			.interact_rate = rep[i].interact_rate, .retire = rep[i].retire};
		ranked += rep[i].open_defined;
	}
	struct kpi_content_perf *list = xcalloc(n + 1, sizeof *list);
	assert_int_equal(kpi_content_performance_list(db, set, today, ids, n, list, &cause), 0);
	struct kpi_content_perf *all;
	size_t nall;
	assert_int_equal(kpi_content_performance_all(db, set, today, &all, &nall, &cause), 0);
	for (size_t i = 0; i < n; i++) {
		struct kpi_content_perf p;
		assert_int_equal(kpi_content_performance(db, set, ids[i], today, &p, &cause), 0);
		const struct kpi_content_perf *w = NULL;
		for (size_t j = 0; j < nrep; j++)
			if (window[j].content_id == ids[i] && window[j].open_defined)
				w = &window[j];
		size_t want = 0;
		if (w) {
			want = 1;
			for (size_t j = 0; j < nrep; j++)
				if (window[j].open_defined && score_cmp(&window[j], w) < 0)
					want++;
		}
		if (p.rank != want)
			fail_msg("item %lld: rank %zu, want %zu", (long long)ids[i], p.rank, want);
		assert_int_equal(p.ranked, p.posts ? ranked : 0);
		assert_int_equal(p.retire, w ? w->retire : false);
		/* One at a time, a list and every item at once agree. */
		assert_memory_equal(&p, &list[i], sizeof p);
		const struct kpi_content_perf *a = kpi_content_perf_find(all, nall, ids[i]);
		if (p.posts) {
			assert_non_null(a);
			assert_memory_equal(&p, a, sizeof p);
		} else {
			assert_null(a);
		}
	}
	free(all);
	free(list);
	free(window);
	kpi_content_report_free(rep, nrep);
}

/* Groups, posted slots and daily counters for n items over 40 days; the item ids. */
static int64_t *perf_fixture(struct db *db, uint32_t *seed, size_t n)
{
	char *cause = NULL;
	struct buf sql = {0};
	buf_adds(&sql, "INSERT INTO chat_group (id, name, platform, type, created) VALUES "
		       "(1, '宝妈一群', 'wecom', 'promotion', '2025-01-01'), "
		       "(2, '宝妈二群', 'wecom', 'promotion', '2025-01-01'), "
		       "(3, '宝妈三群', 'wechat', 'service', '2025-01-01');");
	int64_t *ids = xcalloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		char title[48];
		snprintf(title, sizeof title, "育儿帖子 %zu", i);
		struct content_item it = {.title = title, .date = D("2026-01-01")};
		assert_int_equal(content_add(db, &it, "t", &cause), 0);
		ids[i] = it.id;
	}
	/* Each item posted (or planned) once or twice on a group-day; the last few never. */
	static const char *const at[] = {"08:00", "12:00", "20:00"};
	for (size_t i = 0; i + 3 < n; i++)
		for (uint32_t k = 1 + rnd(seed) % 2; k > 0; k--) {
			char day[11];
			date_format(D("2026-03-04") - (int)(rnd(seed) % 40), day);
			buf_addf(&sql, "INSERT OR IGNORE INTO slot (group_id, day, at, action_id, "
				 "content_id, status, updated_at, updated_by) VALUES (%u, '%s', '%s', "
				 "'a%zu', %lld, '%s', 'now', 't');",
				 1 + rnd(seed) % 3, day, at[rnd(seed) % 3], i, (long long)ids[i],
				 rnd(seed) % 6 ? "posted" : "planned");
		}
	/* Counters on most group-days; a few days lack opens (open rate undefined). */
	for (int g = 1; g <= 3; g++)
		for (int d = 0; d < 40; d++) {
			char day[11];
			date_format(D("2026-03-04") - d, day);
			if (rnd(seed) % 9 == 0)
				continue;
			buf_addf(&sql, "INSERT INTO kpi_day (group_id, day, counter, value, imported_at) "
				 "VALUES (%d, '%s', 'delivered', 100, 'now'), (%d, '%s', 'members', 200, "
				 "'now'), (%d, '%s', 'speakers', %u, 'now');",
				 g, day, g, day, g, day, rnd(seed) % 50);
			if (rnd(seed) % 7)
				buf_addf(&sql, "INSERT INTO kpi_day (group_id, day, counter, value, "
					 "imported_at) VALUES (%d, '%s', 'opens', %u, 'now');",
					 g, day, rnd(seed) % 8 * 10);
		}
	if (db_exec(db, buf_str(&sql), &cause) < 0)
		fail_msg("%s", cause);
	buf_free(&sql);
	return ids;
}

static void test_performance_rank_by_definition(void **state)
{
	uint32_t seed = 7;
	struct db *db = test_db();
	struct playbook_set *set;
	char *cause = NULL;
	assert_int_equal(playbook_set_load(db, &set, &cause), 0);
	size_t n = 60;
	int64_t *ids = perf_fixture(db, &seed, n);
	int today = D("2026-03-04");
	check_ranks(db, set, today, ids, n);
	/* Another day: another window, the ranking follows. */
	check_ranks(db, set, today - 9, ids, n);
	/* A change of this connection's data is seen at once (the kept ranking is dropped). */
	assert_int_equal(db_exec(db, "UPDATE kpi_day SET value = value * 3 + 7 WHERE "
				     "counter = 'opens' AND group_id = 2", &cause), 0);
	check_ranks(db, set, today, ids, n);
	assert_int_equal(db_exec(db, "DELETE FROM slot WHERE group_id = 1", &cause), 0);
	check_ranks(db, set, today, ids, n);
	playbook_set_free(set);
	free(ids);
	db_close(db);

	/*
	 * Two connections, one after the other, with the same number of changes but
	 * other numbers: the second must never get the first one's ranking.
	 */
	const char *const twist[] = {"value * 3 + 7", "80 - value"};
	for (int k = 0; k < 2; k++) {
		seed = 99;
		db = test_db();
		assert_int_equal(playbook_set_load(db, &set, &cause), 0);
		ids = perf_fixture(db, &seed, n);
		char *sql = xasprintf("UPDATE kpi_day SET value = %s WHERE counter = 'opens'",
				      twist[k]);
		assert_int_equal(db_exec(db, sql, &cause), 0);
		free(sql);
		check_ranks(db, set, today, ids, n);
		playbook_set_free(set);
		free(ids);
		db_close(db);
	}
}

/* Another process's change is seen: two connections to one file. */
static void test_performance_sees_other_connection(void **state)
{
	char path[] = "/tmp/sopdeck-perf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct db *a, *b;
	char *cause = NULL;
	assert_int_equal(workspace_open(path, "t", &a, &cause), 0);
	uint32_t seed = 5;
	int64_t *ids = perf_fixture(a, &seed, 30);
	assert_int_equal(workspace_open(path, "t", &b, &cause), 0);
	struct playbook_set *set;
	assert_int_equal(playbook_set_load(a, &set, &cause), 0);
	int today = D("2026-03-04");
	check_ranks(a, set, today, ids, 30);
	assert_int_equal(db_exec(b, "UPDATE kpi_day SET value = 0 WHERE counter = 'opens' AND "
				    "group_id = 3", &cause), 0);
	check_ranks(a, set, today, ids, 30);
	playbook_set_free(set);
	free(ids);
	db_close(b);
	db_close(a);
	char side[64];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/*
 * A cursor move in the Library (one item's performance) prepares nothing new
 * and does not rebuild the 30-day ranking; a page of items takes the same
 * statements as one item.
 */
static void test_performance_statements(void **state)
{
	uint32_t seed = 11;
	struct db *db = test_db();
	struct playbook_set *set;
	char *cause = NULL;
	assert_int_equal(playbook_set_load(db, &set, &cause), 0);
	int64_t *ids = perf_fixture(db, &seed, 60);
	int today = D("2026-03-04");
	struct kpi_content_perf p, list[60];
	/* Find a ranked item: the first call builds the ranking. */
	size_t r = 0;
	for (; r < 60; r++) {
		assert_int_equal(kpi_content_performance(db, set, ids[r], today, &p, &cause), 0);
		if (p.rank)
			break;
	}
	assert_true(r < 60);
	struct db_stats s0 = db_stats(db);
	for (size_t i = 0; i < 60; i++)
		assert_int_equal(kpi_content_performance(db, set, ids[i], today, &p, &cause), 0);
	struct db_stats s1 = db_stats(db);
	assert_int_equal(s1.prepared, s0.prepared);
	/* Per move: the item's two queries and the two checks that nothing changed. */
	assert_true(s1.run - s0.run <= 60 * 4);
	assert_int_equal(kpi_content_performance_list(db, set, today, ids, 5, list, &cause), 0);
	struct db_stats s2 = db_stats(db);
	assert_int_equal(kpi_content_performance_list(db, set, today, ids, 60, list, &cause), 0);
	struct db_stats s3 = db_stats(db);
	assert_int_equal(kpi_content_performance_list(db, set, today, ids, 7, list, &cause), 0);
	struct db_stats s4 = db_stats(db);
	assert_int_equal(s3.prepared, s2.prepared);
	assert_int_equal(s3.run - s2.run, s4.run - s3.run);
	playbook_set_free(set);
	free(ids);
	db_close(db);
}

/*
 * A re-import of items stored as they are leaves them untouched (no new updated_at, no
 * rewrite of the row, its tags or its search index); a changed one is updated, and found
 * by its new words only.
 */
static void test_reimport_unchanged_untouched(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	static const char csv[] = "title,category,date,tags,body\n"
				  "夜醒怎么办,,2026-02-01,育儿;睡眠,先看作息\n"
				  "辅食添加,,2026-02-02,育儿,从米粉开始\n";
	size_t n;
	assert_int_equal(content_import_text(db, csv, strlen(csv), "a.csv", true, "t", &n, &cause),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_exec(db, "UPDATE content SET updated_at = '2000-01-01T00:00:00Z'",
				 &cause), 0);
	/* Every write to the items and their tags counted (in main: an import's bulk
	   settings drop the temp schema). */
	assert_int_equal(db_exec(db, "CREATE TABLE writes (n INTEGER); "
				 "INSERT INTO writes VALUES (0); "
				 "CREATE TRIGGER w1 AFTER UPDATE ON content "
				 "BEGIN UPDATE writes SET n = n + 1; END; "
				 "CREATE TRIGGER w2 AFTER INSERT ON content_tag "
				 "BEGIN UPDATE writes SET n = n + 1; END; "
				 "CREATE TRIGGER w3 AFTER DELETE ON content_tag "
				 "BEGIN UPDATE writes SET n = n + 1; END", &cause), 0);
	assert_int_equal(content_import_text(db, csv, strlen(csv), "a.csv", true, "t", &n, &cause),
			 0);
	assert_int_equal(n, 2);  /* both read and matched: imported, nothing to change */
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content WHERE updated_at = "
				      "'2000-01-01T00:00:00Z'"), 2);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content_tag"), 3);
	/* Not a row written: the items and their tags (so their search index) as they were. */
	assert_int_equal(test_sql_int(db, "SELECT n FROM writes"), 0);
	static const char edited[] = "title,category,date,tags,body\n"
				     "夜醒怎么办,,2026-02-01,育儿,先看作息再看环境\n"
				     "辅食添加,,2026-02-02,育儿,从米粉开始\n";
	assert_int_equal(content_import_text(db, edited, strlen(edited), "b.csv", true, "t", &n,
					     &cause), 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content WHERE updated_at = "
				      "'2000-01-01T00:00:00Z'"), 1);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content_tag WHERE tag = '睡眠'"), 0);
	/* The one item updated, its two tags deleted and one inserted. */
	assert_int_equal(test_sql_int(db, "SELECT n FROM writes"), 4);
	assert_search(db, "环境", "夜醒怎么办");
	assert_search(db, "米粉", "辅食添加");
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content"), 2);
	db_close(db);
}

/* The one text sql selects, a copy. */
static char *sql_text(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *cause = NULL;
	if (db_prepare(db, sql, &st, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *text = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

/* The indexes of content and content_tag as sqlite_schema holds them, one text. */
static char *content_indexes(struct db *db)
{
	return sql_text(db, "SELECT group_concat(name || ': ' || sql, char(10)) FROM (SELECT "
			    "name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN "
			    "('content', 'content_tag') ORDER BY name)");
}

/* Every item's tags by its title, as content_tag holds them. */
#define TAGS_BY_TITLE                                                                   \
	"SELECT group_concat(title || '=' || tag, '|') FROM (SELECT title, tag FROM content " \
	"JOIN content_tag ON content_id = id ORDER BY title, tag)"

/*
 * A first import into an empty library makes content's indexes after its rows: the same
 * indexes (sqlite_schema's text), each its own run of pages after the items' (not
 * between them), the same title and date within the file still one item; a failed one
 * leaves the indexes, and an import into a library with items goes as before.
 */
static void test_first_import_indexes_after_rows(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	char *before = content_indexes(db);
	assert_non_null(strstr(before, "content_by_title: CREATE INDEX"));
	assert_non_null(strstr(before, "content_archived: CREATE INDEX"));
	/* A bad last row: nothing imported, the indexes as they were. */
	static const char bad[] = "title,date\na,2026-01-01\nb,2026-02-30\n";
	size_t n;
	assert_int_equal(content_import_text(db, bad, strlen(bad), "bad.csv", true, "t", &n, &cause),
			 -1);
	free(cause);
	cause = NULL;
	char *after_bad = content_indexes(db);
	assert_string_equal(after_bad, before);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content"), 0);
	/* 600 rows, the last one the first's title and date again: 599 items. */
	struct buf csv = {0};
	buf_adds(&csv, "title,category,date,tags,body\n");
	for (int i = 0; i < 599; i++)
		buf_addf(&csv, "第%d条育儿干货,engage,2026-%02d-%02d,育儿;辅食%d,正文%d\n", i,
			 1 + i % 12, 1 + i % 28, i % 7, i);
	buf_adds(&csv, "第0条育儿干货,brand,2026-01-01,育儿,改过的正文\n");
	assert_int_equal(content_import_text(db, csv.data, csv.len, "a.csv", true, "t", &n, &cause),
			 0);
	assert_int_equal(n, 600);
	char *after = content_indexes(db);
	assert_string_equal(after, before);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content"), 599);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content WHERE title = '第0条育儿干货' "
				      "AND category = 'brand' AND body = '改过的正文'"), 1);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content_tag WHERE content_id = "
				      "(SELECT id FROM content WHERE title = '第0条育儿干货')"), 1);
	/* The indexes work (the planner uses them) and hold every row. */
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content INDEXED BY content_by_title "
				      "WHERE title > ''"), 599);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content_tag INDEXED BY "
				      "content_tag_by_tag WHERE tag = '育儿'"), 599);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM pragma_integrity_check "
				      "WHERE integrity_check <> 'ok'"), 0);
	/* Every index page after the items' last one, and content_tag's too (but its root,
	   made with the table by its migration). */
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM dbstat WHERE (name IN "
				      "('content_by_date', 'content_by_title', 'content_by_category', "
				      "'content_tag_by_tag') OR (name = 'content_tag' AND path <> '/')) "
				      "AND pageno < (SELECT max(pageno) FROM dbstat WHERE name = "
				      "'content')"), 0);
	assert_true(test_sql_int(db, "SELECT count(*) FROM dbstat WHERE name = 'content_tag'") > 3);
	/* The tags are what an import into a library with items makes of the same file:
	   598 items with two, the one updated with one. */
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content_tag"), 2 * 598 + 1);
	struct db *other = test_db();
	static const char one[] = "title,date\n先有的一条,2025-12-31\n";
	assert_int_equal(content_import_text(other, one, strlen(one), "o.csv", true, "t", &n,
					     &cause), 0);
	assert_int_equal(content_import_text(other, csv.data, csv.len, "a.csv", true, "t", &n,
					     &cause), 0);
	char *fresh_tags = sql_text(db, TAGS_BY_TITLE), *other_tags = sql_text(other, TAGS_BY_TITLE);
	assert_string_equal(fresh_tags, other_tags);
	assert_non_null(strstr(fresh_tags, "第0条育儿干货=育儿|第100条育儿干货=育儿|"));
	free(fresh_tags);
	free(other_tags);
	db_close(other);
	/* Into a library with items: looked up by title and date in the table, as before. */
	static const char more[] = "title,date,body\n第1条育儿干货,2026-02-02,又改了\n新的一条,2026-03-03,新\n";
	assert_int_equal(content_import_text(db, more, strlen(more), "m.csv", true, "t", &n, &cause),
			 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content"), 600);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM content WHERE body = '又改了'"), 1);
	char *again = content_indexes(db);
	assert_string_equal(again, before);
	assert_search(db, "又改了", "第1条育儿干货");
	free(again);
	free(after);
	free(after_bad);
	free(before);
	buf_free(&csv);
	db_close(db);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_search_any_length),
		cmocka_unit_test(test_reimport_unchanged_untouched),
		cmocka_unit_test(test_first_import_indexes_after_rows),
		cmocka_unit_test(test_search_folds_both_sides),
		cmocka_unit_test(test_migrations_005_007_on_existing_rows),
		cmocka_unit_test(test_search_and_filters_use_indexes),
		cmocka_unit_test(test_count_upto),
		cmocka_unit_test(test_filters_combine),
		cmocka_unit_test(test_tags_exact_and_all),
		cmocka_unit_test(test_library_tag_facets_leave_archived_out),
		cmocka_unit_test(test_set_counts_match_item_counts),
		cmocka_unit_test(test_tag_normalisation),
		cmocka_unit_test(test_naming_rule),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_pagination_stable_and_complete),
		cmocka_unit_test(test_import_errors_nothing_imported),
		cmocka_unit_test(test_crud_and_usage),
		cmocka_unit_test(test_mix_without_calendar_is_an_error),
		cmocka_unit_test(test_mix_kept_through_changes),
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_demo_content),
		cmocka_unit_test(test_index_equals_substring_search),
		cmocka_unit_test(test_tokenizer),
		cmocka_unit_test(test_search_syntax_is_data),
		cmocka_unit_test(test_each_streams_in_order),
		cmocka_unit_test(test_each_line_as_each),
		cmocka_unit_test(test_render_as_each_line),
		cmocka_unit_test(test_import_prepares_once),
		cmocka_unit_test(test_import_leaves_checks_on),
		cmocka_unit_test(test_performance_rank_by_definition),
		cmocka_unit_test(test_performance_sees_other_connection),
		cmocka_unit_test(test_performance_statements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
