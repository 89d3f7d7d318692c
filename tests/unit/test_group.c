/* Groups: YAML and CSV import, Chinese names, errors with their lines, all-or-nothing. */
#include <iconv.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "collate.h"
#include "group.h"

static size_t import(struct db *db, const char *text, bool csv, const char *name, char **cause)
{
	size_t n = 0;
	if (group_import_text(db, text, strlen(text), name, csv, "tester", &n, cause) < 0)
		return (size_t)-1;
	return n;
}

/* Import text that must fail; returns the message. */
static char *import_fails(struct db *db, const char *text, bool csv, const char *name)
{
	char *cause = NULL;
	if (import(db, text, csv, name, &cause) != (size_t)-1)
		fail_msg("import of %s succeeded:\n%s", name, text);
	assert_non_null(cause);
	return cause;
}

static void expect_error(struct db *db, const char *text, bool csv, const char *where,
			 const char *what)
{
	char *cause = import_fails(db, text, csv, csv ? "g.csv" : "g.yaml");
	if (!strstr(cause, where) || !strstr(cause, what))
		fail_msg("wanted '%s' ... '%s', got: %s", where, what, cause);
	free(cause), cause = NULL;
}

static size_t count_groups(struct db *db)
{
	struct group *g;
	size_t n;
	char *cause = NULL;
	if (group_list(db, &g, &n, &cause) < 0)
		fail_msg("%s", cause);
	group_list_free(g, n);
	return n;
}

static void yaml_import_with_chinese_names(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	const char *yaml =
		"# 我的社群\n"
		"- name: 宝妈育儿交流群\n"
		"  platform: 企业微信\n"
		"  type: 精细化运营型\n"
		"  created: 2026-02-01\n"
		"  owner: 林小雨\n"
		"  positioning: 为 0-3 岁宝宝的新手妈妈提供科学育儿指导\n"
		"- {name: 职场穿搭研究所, platform: wechat, type: promotion, created: \"2025-10-01\"}\n"
		"- 群名: 售后群\n"
		"  平台: 个人微信\n"
		"  类型: 客户服务型\n"
		"  创建日期: 2024-02-29\n"
		"  群主: ~\n";
	assert_int_equal(import(db, yaml, false, "g.yaml", &cause), 3);
	struct group g;
	assert_int_equal(group_find(db, "宝妈育儿交流群", &g, &cause), 0);
	assert_int_equal(g.platform, PLATFORM_WECOM);
	assert_int_equal(g.type, GROUP_SEGMENTED);
	assert_int_equal(g.created, D("2026-02-01"));
	assert_string_equal(g.owner, "林小雨");
	assert_string_equal(g.positioning, "为 0-3 岁宝宝的新手妈妈提供科学育儿指导");
	assert_int_equal(group_age(&g, D("2026-03-04")), 31);
	int64_t id = g.id;
	group_clear(&g);
	assert_int_equal(group_find(db, "售后群", &g, &cause), 0);
	assert_int_equal(g.platform, PLATFORM_WECHAT);
	assert_int_equal(g.type, GROUP_SERVICE);
	assert_string_equal(g.owner, "");
	group_clear(&g);
	assert_int_equal(group_find_id(db, id, &g, &cause), 0);
	assert_string_equal(g.name, "宝妈育儿交流群");
	group_clear(&g);

	/* Re-importing a name updates that group (same id), nothing is duplicated. */
	const char *again = "- {name: 宝妈育儿交流群, platform: wechat, type: 群发推广型, "
			    "created: 2026-02-02, owner: 新群主}\n";
	assert_int_equal(import(db, again, false, "again.yaml", &cause), 1);
	assert_int_equal(count_groups(db), 3);
	assert_int_equal(group_find(db, "宝妈育儿交流群", &g, &cause), 0);
	assert_int_equal(g.id, id);
	assert_int_equal(g.platform, PLATFORM_WECHAT);
	assert_int_equal(g.type, GROUP_PROMOTION);
	assert_string_equal(g.owner, "新群主");
	group_clear(&g);

	/* A lookup: absence is 1 with no cause; group_require makes it an error. */
	assert_int_equal(group_find(db, "nope", &g, &cause), 1);
	assert_null(cause);
	assert_int_equal(group_require(db, "nope", &g, &cause), -1);
	assert_non_null(strstr(cause, "no group named 'nope'"));
	free(cause), cause = NULL;
	assert_int_equal(group_find_id(db, 999999, &g, &cause), 1);
	assert_null(cause);
	assert_int_equal(group_require_id(db, 999999, &g, &cause), -1);
	assert_non_null(strstr(cause, "no group with id 999999"));
	free(cause), cause = NULL;
	db_close(db);
}

static void csv_import_with_chinese_header(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	const char *csv = "\xEF\xBB\xBF群名,平台,类型,创建日期,群主,定位\r\n"
			  "早安读书会,企业微信,群发推广型,2026-01-15,小美,\"每天 10 分钟，\"\"共读\"\"一本书\"\r\n"
			  "\r\n"
			  "健身打卡群,wechat,segmented,2025-12-31,陈教练,\"增肌/减脂/塑形\n分组打卡\"\r\n";
	assert_int_equal(import(db, csv, true, "g.csv", &cause), 2);
	struct group g;
	assert_int_equal(group_find(db, "早安读书会", &g, &cause), 0);
	assert_int_equal(g.type, GROUP_PROMOTION);
	assert_string_equal(g.positioning, "每天 10 分钟，\"共读\"一本书");
	group_clear(&g);
	assert_int_equal(group_find(db, "健身打卡群", &g, &cause), 0);
	assert_int_equal(g.platform, PLATFORM_WECHAT);
	assert_string_equal(g.positioning, "增肌/减脂/塑形\n分组打卡");
	group_clear(&g);

	/* English header, columns in another order, owner and positioning left out. */
	const char *en = "created,type,name,platform\n2026-03-01,service,售后群,wecom\n";
	assert_int_equal(import(db, en, true, "en.csv", &cause), 1);
	/* Empty columns a spreadsheet adds at the end are harmless. */
	const char *trailing = "name,platform,type,created,,\r\n 空格群 ,wecom,service,2026-03-02,,\r\n";
	assert_int_equal(import(db, trailing, true, "t.csv", &cause), 1);
	assert_int_equal(group_find(db, "空格群", &g, &cause), 0);
	group_clear(&g);
	/* Listed by name, in the collator's order (pinyin). */
	struct group *all;
	size_t n;
	assert_int_equal(group_list(db, &all, &n, &cause), 0);
	assert_int_equal(n, 4);
	for (size_t i = 1; i < n; i++)
		assert_true(collate_strcmp(all[i - 1].name, all[i].name) < 0);
	group_list_free(all, n);
	db_close(db);
}

static void csv_file_in_gbk(void **state)
{
	(void)state;
	struct db *db = test_db();
	const char *utf8 = "群名,平台,类型,创建日期\r\n宝妈福利群,企业微信,群发推广型,2026-02-01\r\n";
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char out[256], *in = (char *)utf8, *o = out;
	size_t in_left = strlen(utf8), out_left = sizeof out;
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	iconv_close(cd);
	char path[] = "/tmp/sopdeck-groups-XXXXXX.csv";
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out, sizeof out - out_left), (ssize_t)(sizeof out - out_left));
	close(fd);
	size_t n = 0;
	char *cause = NULL;
	if (group_import_file(db, path, "tester", &n, &cause) < 0)
		fail_msg("%s", cause);
	unlink(path);
	assert_int_equal(n, 1);
	struct group g;
	assert_int_equal(group_find(db, "宝妈福利群", &g, &cause), 0);
	group_clear(&g);
	db_close(db);
}

static void errors_name_file_and_line(void **state)
{
	(void)state;
	struct db *db = test_db();
	/* YAML: file:line:col. */
	expect_error(db, "- name: a\n  platfrom: wecom\n", false, "g.yaml:2:3:",
		     "unknown key 'platfrom'");
	expect_error(db, "- name: a\n  platform: qq\n  type: promotion\n  created: 2026-01-01\n",
		     false, "g.yaml:2:13:", "unknown platform 'qq'");
	expect_error(db, "- {name: a, platform: wecom, type: 推广群, created: 2026-01-01}\n",
		     false, "g.yaml:1:", "unknown group type '推广群'");
	expect_error(db,
		     "- {name: a, platform: wecom, type: service, created: 2026-01-01}\n"
		     "- {name: b, platform: wecom, type: service, created: 2026-02-29}\n",
		     false, "g.yaml:2:54:", "not a date");
	expect_error(db, "- {name: a, platform: wecom, type: service, created: 2026/01/01}\n",
		     false, "g.yaml:1:", "not a date");
	expect_error(db, "- {name: a, platform: wecom, type: service}\n", false, "g.yaml:1:3:",
		     "no 'created'");
	expect_error(db, "name: a\n", false, "g.yaml:1:1:", "expected a list");
	expect_error(db, "- [a, b]\n", false, "g.yaml:1:3:", "expected a group");
	expect_error(db, "- {name: [x], platform: wecom}\n", false, "g.yaml:1:10:",
		     "single value");
	expect_error(db, "- name: a\n  name: b\n", false, "g.yaml:2:3:", "twice");
	expect_error(db, "- {name: a\n- b\n", false, "g.yaml:", "");
	expect_error(db,
		     "- {name: 同名, platform: wecom, type: service, created: 2026-01-01}\n"
		     "- {name: 同名, platform: wecom, type: service, created: 2026-01-02}\n",
		     false, "g.yaml:2:", "appears twice (first on line 1)");
	/* Two names repeat: the error is at the earliest repeat in the file (乙 on line 5). */
	expect_error(db,
		     "name,platform,type,created\n甲,wecom,service,2026-01-01\n"
		     "乙,wecom,service,2026-01-01\n丙,wecom,service,2026-01-01\n"
		     "乙,wecom,service,2026-01-01\n甲,wecom,service,2026-01-01\n"
		     "乙,wecom,service,2026-01-01\n",
		     true, "g.csv:5:", "group '乙' appears twice (first on line 3)");
	/* CSV: file:line. */
	expect_error(db, "name,platfrom,type,created\n", true, "g.csv:1:", "unknown column 'platfrom'");
	expect_error(db, "name,type,created\n", true, "g.csv:1:", "no 'platform' column");
	expect_error(db,
		     "name,platform,type,created\n"
		     "a,wecom,service,2026-01-01\n"
		     "\"b\nb\",wecom,service,2026-01-01\n"
		     "c,wecom,服务群,2026-01-01\n",
		     true, "g.csv:5:", "unknown group type '服务群'");
	expect_error(db, "name,platform,type,created\na,wecom,service,2026-13-01\n", true,
		     "g.csv:2:", "not a date");
	expect_error(db, "name,platform,type,created\n,wecom,service,2026-01-01\n", true,
		     "g.csv:2:", "'name' is required");
	expect_error(db, "name,platform,type,created\na,wecom,service\n", true, "g.csv:2:",
		     "'created' is required");
	expect_error(db, "name,platform,type,created\na,wecom,service,2026-01-01,extra\n", true,
		     "g.csv:2:", "5 fields");
	expect_error(db, "name,platform,type,created\n\"a,wecom,service,2026-01-01\n", true,
		     "g.csv:2:", "never closed");
	expect_error(db, "", true, "g.csv", "empty");
	expect_error(db, "name,platform,type,created,,\na,wecom,service,2026-01-01,,备注\n", true,
		     "g.csv:2:", "column 6, which has no name");
	expect_error(db, "- {name: \"  \", platform: wecom, type: service, created: 2026-01-01}\n",
		     false, "g.yaml:1:10:", "'name' is required");
	assert_int_equal(count_groups(db), 0);

	char *cause = NULL;
	size_t n;
	assert_int_equal(group_import_file(db, "groups.txt", "t", &n, &cause), -1);
	assert_non_null(strstr(cause, "groups.txt"));
	free(cause), cause = NULL;
	db_close(db);
}

static void failed_import_changes_nothing(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	assert_int_equal(import(db, "- {name: 老群, platform: wecom, type: service, "
				    "created: 2025-01-01, owner: 原群主}\n",
				false, "a.yaml", &cause), 1);
	/* The first row would update 老群 and the second add a group, but the third is bad. */
	expect_error(db,
		     "- {name: 老群, platform: wechat, type: promotion, created: 2025-01-01, owner: 新}\n"
		     "- {name: 新群, platform: wecom, type: service, created: 2026-01-01}\n"
		     "- {name: 坏群, platform: wecom, type: service, created: 2026-02-30}\n",
		     false, "g.yaml:3:", "not a date");
	expect_error(db,
		     "name,platform,type,created\n"
		     "新群,wecom,service,2026-01-01\n"
		     "坏群,wecom,bad,2026-01-01\n",
		     true, "g.csv:3:", "unknown group type");
	assert_int_equal(count_groups(db), 1);
	struct group g;
	assert_int_equal(group_find(db, "老群", &g, &cause), 0);
	assert_string_equal(g.owner, "原群主");
	assert_int_equal(g.platform, PLATFORM_WECOM);
	group_clear(&g);
	db_close(db);
}

static void parse_names(void **state)
{
	(void)state;
	assert_int_equal(group_platform_parse("wecom"), PLATFORM_WECOM);
	assert_int_equal(group_platform_parse(" WeChat "), PLATFORM_WECHAT);
	assert_int_equal(group_platform_parse("企业微信"), PLATFORM_WECOM);
	assert_int_equal(group_platform_parse("个人微信"), PLATFORM_WECHAT);
	assert_int_equal(group_platform_parse("qq"), -1);
	assert_int_equal(group_type_parse("群发推广型"), GROUP_PROMOTION);
	assert_int_equal(group_type_parse("精细化运营型"), GROUP_SEGMENTED);
	assert_int_equal(group_type_parse("客户服务型"), GROUP_SERVICE);
	assert_int_equal(group_type_parse("service"), GROUP_SERVICE);
	assert_int_equal(group_type_parse(""), -1);
	assert_int_equal(group_type_parse(NULL), -1);
	for (int t = 0; t < GROUP_TYPE_COUNT; t++) {
		assert_int_equal(group_type_parse(group_type_key((enum group_type)t)), t);
		assert_int_equal(group_type_parse(group_type_name((enum group_type)t)), t);
	}
	assert_string_equal(group_platform_key(PLATFORM_WECHAT), "wechat");
	assert_string_equal(group_platform_name(PLATFORM_WECOM), "企业微信");
}

static const char team_csv[] =
	"群名,平台,类型,创建日期,群主\n"
	"宝妈早教群,企业微信,群发推广型,2025-01-10,小美\n"
	"健身打卡营,个人微信,精细化运营型,2025-02-01,阿杰\n"
	"VIP:一群,企业微信,客户服务型,2025-03-01,小美\n";

/* The list the views share keeps to the scope's owner and leaves archived groups out. */
static void scope_and_archive(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *s;
	assert_int_equal(import(db, team_csv, true, "t.csv", &cause), 3);
	group_scope_set(db, "小美");
	/* Pinyin order (bǎo, jiàn), Han before Latin as in the zh collation. */
	assert_string_equal(group_scope(db), "小美");
	assert_string_equal(s = test_group_names(db, false), "宝妈早教群,VIP:一群"), free(s);
	size_t n;
	assert_int_equal(group_count_owned(db, "小美", &n, &cause), 0);
	assert_int_equal(n, 2);
	group_scope_set(db, NULL);
	assert_int_equal(group_set_archived(db, "健身打卡营", true, "tester", &cause), 0);
	assert_string_equal(s = test_group_names(db, false), "宝妈早教群,VIP:一群"), free(s);
	assert_string_equal(s = test_group_names(db, true), "宝妈早教群,健身打卡营(归档),VIP:一群"), free(s);
	assert_int_equal(group_count_owned(db, "阿杰", &n, &cause), 0);
	assert_int_equal(n, 0);
	/* Twice is an error that says so. */
	assert_int_equal(group_set_archived(db, "健身打卡营", true, "tester", &cause), -1);
	assert_non_null(strstr(cause, "already"));
	free(cause), cause = NULL;
	assert_int_equal(group_set_archived(db, "健身打卡营", false, "tester", &cause), 0);
	assert_string_equal(s = test_group_names(db, false), "宝妈早教群,健身打卡营,VIP:一群"), free(s);
	db_close(db);
}

/* GROUPID:ACTION and GROUP-NAME:ACTION, split at the last ':'. */
static void item_ids_by_name(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *action = NULL;
	int64_t id = 0;
	assert_int_equal(import(db, team_csv, true, "t.csv", &cause), 3);
	assert_int_equal(group_parse_item(db, "健身打卡营:morning", &id, &action, &cause), 0);
	assert_int_equal(id, 2);
	assert_string_equal(action, "morning");
	free(action);
	assert_int_equal(group_parse_item(db, "VIP:一群:perks", &id, &action, &cause), 0);
	assert_int_equal(id, 3);
	assert_string_equal(action, "perks");
	free(action);
	assert_int_equal(group_parse_item(db, "1:morning", &id, &action, &cause), 0);
	assert_int_equal(id, 1);
	free(action);
	assert_int_equal(group_parse_item(db, "不存在:morning", &id, &action, &cause), -1);
	assert_non_null(strstr(cause, "不存在"));
	free(cause), cause = NULL;
	assert_int_equal(group_parse_item(db, "健身打卡营:", &id, &action, &cause), -1);
	free(cause), cause = NULL;
	assert_int_equal(group_parse_item(db, "morning", &id, &action, &cause), -1);
	free(cause);
	db_close(db);
}

/* Delete refuses a group with history unless purged; set renames, re-owns, re-types. */
static void delete_and_set(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL, *s;
	assert_int_equal(import(db, team_csv, true, "t.csv", &cause), 3);
	struct group_history h;
	assert_int_equal(group_history(db, 2, &h, &cause), 0);
	assert_true(h.ticks == 0 && h.kpi_days == 0 && h.slots == 0);
	assert_int_equal(group_delete(db, "VIP:一群", false, "tester", &cause), 0);
	assert_string_equal(s = test_group_names(db, true), "宝妈早教群,健身打卡营"), free(s);
	struct group_change c = {.owner = "小美", .name = "健身减脂营", .type = "service"};
	assert_int_equal(group_change(db, "健身打卡营", &c, "tester", &cause), 0);
	struct group g;
	assert_int_equal(group_find(db, "健身减脂营", &g, &cause), 0);
	assert_string_equal(g.owner, "小美");
	assert_int_equal(g.type, GROUP_SERVICE);
	assert_int_equal(g.id, 2);
	group_clear(&g);
	struct group_change taken = {.name = "宝妈早教群"};
	assert_int_equal(group_change(db, "健身减脂营", &taken, "tester", &cause), -1);
	assert_non_null(strstr(cause, "already exists"));
	free(cause), cause = NULL;
	struct group_change none = {0};
	assert_int_equal(group_change(db, "健身减脂营", &none, "tester", &cause), -1);
	free(cause), cause = NULL;
	db_close(db);
}

/* Groups by id: every one found, the absent not, colliding ids, a repeated id's first. */
static void ids_table(void **state)
{
	(void)state;
	enum { N = 600 };
	struct group *g = xcalloc(N + 1, sizeof *g);
	for (size_t i = 0; i < N; i++)
		g[i].id = (int64_t)(i * 4096 + 7);  /* ids in steps that share low bits */
	g[N - 1].id = g[10].id;                 /* the same id twice: its first group */
	struct group_ids t;
	group_ids_build(&t, g, N);
	for (size_t i = 0; i + 1 < N; i++)
		assert_int_equal(group_ids_find(&t, g[i].id), i);
	assert_int_equal(group_ids_find(&t, g[N - 1].id), 10);
	assert_true(group_ids_find(&t, 8) == SIZE_MAX);
	assert_true(group_ids_find(&t, -7) == SIZE_MAX);
	group_ids_free(&t);
	group_ids_build(&t, g, 0);
	assert_true(group_ids_find(&t, 7) == SIZE_MAX);
	group_ids_free(&t);
	free(g);
}

/* A listed group's strings (one block) read back, and a copy that outlives the list. */
static void listed_strings_and_copy(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	const char *csv = "群名,平台,类型,创建日期,群主,定位\n"
			  "宝妈早教群,wecom,promotion,2026-01-05,小美,0-3岁\n"
			  "健身减脂营,wechat,service,2026-02-01,,\n";
	assert_int_equal(import(db, csv, true, "g.csv", &cause), 2);
	struct group *all;
	size_t n;
	assert_int_equal(group_list(db, &all, &n, &cause), 0);
	assert_int_equal(n, 2);
	struct group copy = {0};
	for (size_t i = 0; i < n; i++) {
		assert_non_null(all[i].strings);
		if (strcmp(all[i].name, "宝妈早教群") == 0) {
			assert_string_equal(all[i].owner, "小美");
			assert_string_equal(all[i].positioning, "0-3岁");
			assert_string_equal(all[i].playbook, "");
			copy = group_copy(&all[i]);
		} else {
			assert_string_equal(all[i].name, "健身减脂营");
			assert_string_equal(all[i].owner, "");
		}
	}
	group_list_free(all, n);
	assert_null(copy.strings);
	assert_string_equal(copy.name, "宝妈早教群");
	assert_string_equal(copy.owner, "小美");
	group_clear(&copy);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yaml_import_with_chinese_names),
		cmocka_unit_test(csv_import_with_chinese_header),
		cmocka_unit_test(csv_file_in_gbk),
		cmocka_unit_test(errors_name_file_and_line),
		cmocka_unit_test(failed_import_changes_nothing),
		cmocka_unit_test(parse_names),
		cmocka_unit_test(scope_and_archive),
		cmocka_unit_test(item_ids_by_name),
		cmocka_unit_test(delete_and_set),
		cmocka_unit_test(ids_table),
		cmocka_unit_test(listed_strings_and_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
