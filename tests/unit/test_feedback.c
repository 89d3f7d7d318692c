/* Feedback quadrants: add, list order and filters, counts per group, close, leavers import. */
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "feedback.h"
#include "group.h"

static struct db *db_with_groups(void)
{
	struct db *db = test_db();
	test_groups(db, "- {name: 宝妈育儿交流群, platform: wecom, type: segmented, created: "
			"2026-01-01}\n"
			"- {name: 职场穿搭研究所, platform: wechat, type: promotion, created: "
			"2026-01-01}\n", false);
	return db;
}

static int64_t add(struct db *db, const char *group, enum feedback_quadrant q, const char *text,
		   const char *day)
{
	char *cause = NULL;
	int64_t id = 0;
	if (feedback_add(db, group, q, text, "小美", D(day), "tester", &id, &cause) < 0)
		fail_msg("feedback_add: %s", cause);
	return id;
}

static void quadrant_names_parse_both_ways(void **state)
{
	(void)state;
	assert_int_equal(feedback_quadrant_parse("公开建议"), FEEDBACK_PUBLIC);
	assert_int_equal(feedback_quadrant_parse("private"), FEEDBACK_PRIVATE);
	assert_int_equal(feedback_quadrant_parse("沉默流失"), FEEDBACK_SILENT);
	assert_int_equal(feedback_quadrant_parse("ACTIVE"), FEEDBACK_ACTIVE);
	assert_int_equal(feedback_quadrant_parse("吐槽"), FEEDBACK_PRIVATE);
	assert_int_equal(feedback_quadrant_parse("其他"), -1);
	assert_string_equal(feedback_quadrant_name(FEEDBACK_SILENT), "沉默流失");
	assert_string_equal(feedback_quadrant_key(FEEDBACK_ACTIVE), "active");
}

static void list_puts_open_first_and_filters(void **state)
{
	(void)state;
	struct db *db = db_with_groups();
	char *cause = NULL;
	int64_t a = add(db, "宝妈育儿交流群", FEEDBACK_PUBLIC, "希望多发辅食食谱", "2026-03-01");
	int64_t b = add(db, "宝妈育儿交流群", FEEDBACK_PRIVATE, "推送太多了", "2026-03-03");
	int64_t c = add(db, "职场穿搭研究所", FEEDBACK_ACTIVE, "晒了穿搭", "2026-03-02");
	if (feedback_close(db, b, "改为每天两条", NULL, "tester", &cause) < 0)
		fail_msg("%s", cause);

	struct feedback *f;
	size_t n;
	struct feedback_filter all = {.quadrant = -1};
	assert_int_equal(feedback_list(db, &all, 0, &f, &n, &cause), 0);
	assert_int_equal(n, 3);
	/* Open first (newest day first), the closed one last. */
	assert_int_equal(f[0].id, c);
	assert_int_equal(f[1].id, a);
	assert_int_equal(f[2].id, b);
	assert_true(f[2].closed);
	assert_string_equal(f[2].note, "改为每天两条");
	assert_string_equal(f[2].closed_by, "tester");
	assert_string_equal(f[1].member, "小美");
	assert_string_equal(f[0].group, "职场穿搭研究所");
	feedback_free(f, n);

	struct feedback_filter open_bm = {.group = "宝妈育儿交流群", .quadrant = -1,
					  .open_only = true};
	assert_int_equal(feedback_list(db, &open_bm, 0, &f, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].id, a);
	feedback_free(f, n);

	struct feedback_filter active = {.quadrant = FEEDBACK_ACTIVE};
	assert_int_equal(feedback_list(db, &active, 0, &f, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].quadrant, FEEDBACK_ACTIVE);
	feedback_free(f, n);

	assert_int_equal(feedback_list(db, &all, 2, &f, &n, &cause), 0);
	assert_int_equal(n, 2);
	feedback_free(f, n);
	db_close(db);
}

static void counts_per_group_and_quadrant(void **state)
{
	(void)state;
	struct db *db = db_with_groups();
	char *cause = NULL;
	add(db, "宝妈育儿交流群", FEEDBACK_SILENT, "退群", "2026-03-01");
	int64_t s2 = add(db, "宝妈育儿交流群", FEEDBACK_SILENT, "退群", "2026-03-02");
	add(db, "宝妈育儿交流群", FEEDBACK_PUBLIC, "建议", "2026-03-02");
	add(db, "职场穿搭研究所", FEEDBACK_PRIVATE, "吐槽", "2026-03-02");
	assert_int_equal(feedback_close(db, s2, "私聊回访", NULL, "tester", &cause), 0);

	struct feedback_count *c;
	size_t n;
	struct feedback_filter all = {.quadrant = -1};
	assert_int_equal(feedback_counts(db, &all, &c, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].group, "宝妈育儿交流群");
	assert_int_equal(c[0].total[FEEDBACK_SILENT], 2);
	assert_int_equal(c[0].open[FEEDBACK_SILENT], 1);
	assert_int_equal(c[0].total[FEEDBACK_PUBLIC], 1);
	assert_int_equal(c[0].total[FEEDBACK_PRIVATE], 0);
	assert_int_equal(c[1].total[FEEDBACK_PRIVATE], 1);
	feedback_counts_free(c, n);
	db_close(db);
}

static void close_twice_and_unknown_version_fail(void **state)
{
	(void)state;
	struct db *db = db_with_groups();
	char *cause = NULL;
	int64_t a = add(db, "宝妈育儿交流群", FEEDBACK_PUBLIC, "建议", "2026-03-01");
	assert_int_equal(feedback_close(db, a, "做了", "9.9", "tester", &cause), -1);
	assert_non_null(strstr(cause, "9.9"));
	free(cause), cause = NULL;
	/* The failed close changed nothing: it can still be closed, naming a real version. */
	assert_int_equal(feedback_close(db, a, "加了辅食栏目", "1.0", "小王", &cause), 0);
	assert_int_equal(feedback_close(db, a, "again", NULL, "tester", &cause), -1);
	assert_non_null(strstr(cause, "already closed by 小王"));
	free(cause), cause = NULL;
	assert_int_equal(feedback_close(db, 999, "x", NULL, "tester", &cause), -1);
	assert_non_null(strstr(cause, "999"));
	free(cause), cause = NULL;
	assert_int_equal(feedback_close(db, a, "  ", NULL, "tester", &cause), -1);
	free(cause), cause = NULL;

	struct feedback *f;
	size_t n;
	struct feedback_filter all = {.quadrant = -1};
	assert_int_equal(feedback_list(db, &all, 0, &f, &n, &cause), 0);
	assert_string_equal(f[0].version, "1.0");
	feedback_free(f, n);
	db_close(db);
}

static void add_refuses_unknown_group_and_empty_text(void **state)
{
	(void)state;
	struct db *db = db_with_groups();
	char *cause = NULL;
	assert_int_equal(feedback_add(db, "没有这个群", FEEDBACK_PUBLIC, "x", "", D("2026-03-01"),
				      "tester", NULL, &cause),
			 -1);
	assert_non_null(strstr(cause, "没有这个群"));
	free(cause), cause = NULL;
	assert_int_equal(feedback_add(db, "宝妈育儿交流群", FEEDBACK_PUBLIC, " \n", "",
				      D("2026-03-01"), "tester", NULL, &cause),
			 -1);
	free(cause), cause = NULL;
	db_close(db);
}

static char *write_tmp(const char *text)
{
	char *path = xstrdup("/tmp/sopdeck-leavers-XXXXXX.csv");
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void leavers_import_all_or_nothing_and_idempotent(void **state)
{
	(void)state;
	struct db *db = db_with_groups();
	char *cause = NULL;
	size_t added = 0, skipped = 0, current = 0;
	char *bad = write_tmp("群名,成员,退群时间\r\n宝妈育儿交流群,张三,2026-03-01 10:00:00\r\n"
			      "不存在的群,李四,2026-03-02\r\n");
	assert_int_equal(feedback_import_leavers(db, bad, D("2026-03-04"), "tester", &added, &skipped, &current, &cause), -1);
	assert_non_null(strstr(cause, ":3:"));
	assert_non_null(strstr(cause, "不存在的群"));
	free(cause), cause = NULL;
	struct feedback_count *c;
	size_t n;
	struct feedback_filter all = {.quadrant = -1};
	assert_int_equal(feedback_counts(db, &all, &c, &n, &cause), 0);
	assert_int_equal(n, 0); /* nothing written */
	feedback_counts_free(c, n);

	/* A member export lists those still in the group too, without a leave time. */
	char *good = write_tmp("客户群名称,成员昵称,退群日期\n宝妈育儿交流群,张三,2026/03/01\n"
			       "宝妈育儿交流群,还在群里,\n职场穿搭研究所,李四,2026-03-02\n"
			       "职场穿搭研究所,也在, \n");
	assert_int_equal(feedback_import_leavers(db, good, D("2026-03-04"), "tester", &added, &skipped, &current, &cause), 0);
	assert_int_equal(added, 2);
	assert_int_equal(skipped, 0);
	assert_int_equal(current, 2);
	assert_int_equal(feedback_import_leavers(db, good, D("2026-03-04"), "tester", &added, &skipped, &current, &cause), 0);
	assert_int_equal(added, 0);
	assert_int_equal(skipped, 2);

	struct feedback *f;
	struct feedback_filter silent = {.quadrant = FEEDBACK_SILENT};
	assert_int_equal(feedback_list(db, &silent, 0, &f, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].member, "李四");
	assert_int_equal(f[1].day, D("2026-03-01"));
	feedback_free(f, n);

	/* A leaving day after today is refused with its line, as `feedback add --date` is. */
	char *future = write_tmp("群名,成员,退群时间\n宝妈育儿交流群,王五,2026-03-04\n"
				 "宝妈育儿交流群,赵六,2026-03-05\n");
	assert_int_equal(feedback_import_leavers(db, future, D("2026-03-04"), "tester", &added,
						 &skipped, &current, &cause), -1);
	assert_non_null(strstr(cause, ":3:"));
	assert_non_null(strstr(cause, "2026-03-05"));
	free(cause), cause = NULL;
	assert_int_equal(feedback_list(db, &silent, 0, &f, &n, &cause), 0);
	assert_int_equal(n, 2); /* nothing written */
	feedback_free(f, n);
	unlink(future);
	free(future);
	unlink(bad);
	unlink(good);
	free(bad);
	free(good);
	db_close(db);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quadrant_names_parse_both_ways),
		cmocka_unit_test(list_puts_open_first_and_filters),
		cmocka_unit_test(counts_per_group_and_quadrant),
		cmocka_unit_test(close_twice_and_unknown_version_fail),
		cmocka_unit_test(add_refuses_unknown_group_and_empty_text),
		cmocka_unit_test(leavers_import_all_or_nothing_and_idempotent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
