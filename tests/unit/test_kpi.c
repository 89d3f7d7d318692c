/*
 * KPIs: metrics as ratios of sums checked against numbers computed by hand,
 * undefined values, the CSV import (GBK, BOM, CRLF, quotes, percent columns,
 * bad rows with line numbers, partial imports, re-import) and the reports.
 */
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "testsql.h"
#include "content.h"
#include "group.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"

/* Doubles equal within eps (this cmocka has no assert_double_equal). */
#define assert_near(a, b, eps) do { \
	double a_ = (a), b_ = (b); \
	if (fabs(a_ - b_) > (eps)) \
		fail_msg("%.12g != %.12g (%s)", a_, b_, #a); \
} while (0)

/* The shared fixture's teardown (testutil.h), by the short name the cases use. */
static int (*const teardown)(void **state) = test_fx_teardown;

/* f->a: 宝妈育儿交流群 (created 2026-02-20), f->b: 职场穿搭研究所 (2025-10-01). */
static int setup(void **state)
{
	*state = test_fx_open("name,platform,type,created\n"
			      "宝妈育儿交流群,wecom,segmented,2026-02-20\n"
			      "职场穿搭研究所,wechat,promotion,2025-10-01\n", true,
			      "宝妈育儿交流群", "职场穿搭研究所");
	return 0;
}

static int import(struct test_fx *f, const char *csv, size_t len, bool partial,
		  struct kpi_import_result *res, char **cause)
{
	return kpi_import_mem(f->db, f->set, csv, len, "k.csv", partial, DATE_MAX, "tester", res,
			      cause);
}

static void import_ok(struct test_fx *f, const char *csv)
{
	struct kpi_import_result res;
	char *cause = NULL;
	if (import(f, csv, strlen(csv), false, &res, &cause) < 0)
		fail_msg("import failed: %s", cause);
	kpi_import_result_free(&res);
}

/* The stored value of one counter, or -1 if none. */
static double stored(struct test_fx *f, int64_t gid, const char *day, const char *key)
{
	bool present[64];
	double value[64];
	char *cause = NULL;
	assert_true(f->pb->n_counters <= 64);
	if (kpi_get_day(f->db, f->pb, gid, D(day), present, value, &cause) < 0)
		fail_msg("%s", cause);
	for (size_t i = 0; i < f->pb->n_counters; i++)
		if (!strcmp(f->pb->counters[i].key, key))
			return present[i] ? value[i] : -1;
	fail_msg("no counter %s", key);
	return -1;
}

/* How many values are stored in all. */
static int stored_rows(struct test_fx *f)
{
	struct kpi_sums s;
	char *cause = NULL;
	if (kpi_sums_load(f->db, f->pb, 0, D("2000-01-01"), D("2100-01-01"), &s, &cause) < 0)
		fail_msg("%s", cause);
	int n = 0;
	for (size_t i = 0; i < f->pb->n_counters; i++)
		n += s.rows[i];
	kpi_sums_free(&s);
	return n;
}

static const struct kpi_metric_result *metric(const struct kpi_report *r, size_t g,
					      const char *key)
{
	const struct kpi_metric_result *m = kpi_group_metric(&r->groups[g], key);
	assert_non_null(m);
	return m;
}

/*
 * Day 1: 1 of 10 opened (10%); day 2: 90 of 100 (90%). The mean of the daily
 * ratios is 50%; the ratio of the sums, which is what must show, is 91/110.
 */
static void ratio_of_sums_not_mean_of_ratios(void **state)
{
	struct test_fx *f = *state;
	import_ok(f, "日期,群名,推送触达数,打开数,群成员数,退群成员数\n"
		     "2026-03-01,职场穿搭研究所,10,1,200,0\n"
		     "2026-03-02,职场穿搭研究所,100,90,200,4\n"
		     "2026-02-27,职场穿搭研究所,100,10,190,0\n"   /* previous window */
		     "2026-02-20,职场穿搭研究所,100,99,190,0\n"); /* outside both */
	struct kpi_report r;
	char *cause = NULL;
	assert_int_equal(kpi_report_build(f->db, f->set, D("2026-03-04"), D("2026-03-01"),
					  D("2026-03-04"), "职场穿搭研究所", &r, &cause), 0);
	assert_int_equal(r.n_groups, 1);
	const struct kpi_metric_result *m = metric(&r, 0, "open_rate");
	assert_true(m->defined);
	assert_near(m->value, 91.0 / 110.0, 1e-12);
	assert_true(fabs(m->value - 0.5) > 0.3); /* not the mean of daily ratios */
	assert_int_equal(m->status, KPI_OK);
	/* Previous window 2026-02-26..2026-02-28: 10 of 100. */
	assert_true(m->prev_defined);
	assert_near(m->prev, 0.1, 1e-12);
	assert_int_equal(m->trend, KPI_TREND_UP);
	char buf[64];
	kpi_format_value(m->metric, m->defined, m->value, buf, sizeof buf);
	assert_string_equal(buf, "82.7%");
	/* Leave rate: 4 left over 400 member-days = 1%, under the 5% ceiling. */
	m = metric(&r, 0, "leave_rate");
	assert_near(m->value, 0.01, 1e-12);
	assert_int_equal(m->status, KPI_OK);
	/* A group 155 days old is in 留存期 until day 180. */
	assert_string_equal(r.groups[0].stage->key, "retention");
	assert_int_equal(r.groups[0].age, 154);
	assert_int_equal(r.groups[0].days_to_next, 180 - 154);
	assert_true(r.groups[0].has_members);
	assert_near(r.groups[0].members, 200, 0);
	kpi_report_free(&r);

	/* The daily series shows each day's own ratio, with gaps where nothing is known. */
	double v[4];
	bool def[4];
	assert_int_equal(kpi_series(f->db, f->pb, f->b, playbook_metric(f->pb, "open_rate"),
				    D("2026-03-01"), D("2026-03-04"), v, def, &cause), 0);
	assert_true(def[0] && def[1] && !def[2] && !def[3]);
	assert_near(v[0], 0.1, 1e-12);
	assert_near(v[1], 0.9, 1e-12);
	char *spark = kpi_sparkline(v, def, 4, false);
	assert_string_equal(spark, "▁█  ");
	free(spark);
	spark = kpi_sparkline(v, def, 4, true);
	assert_string_equal(spark, "_@  ");
	free(spark);
}

/*
 * Members known on three days, speakers on one: the speaker rate is 10 of 100
 * on the day both are known, not 10 of the 300 member-days.
 */
static void sums_only_over_days_with_every_counter(void **state)
{
	struct test_fx *f = *state;
	import_ok(f, "日期,群名,群成员数,发言人数\n"
		     "2026-03-01,宝妈育儿交流群,100,\n"
		     "2026-03-02,宝妈育儿交流群,100,10\n"
		     "2026-03-03,宝妈育儿交流群,100,\n");
	struct kpi_report r;
	char *cause = NULL;
	assert_int_equal(kpi_report_build(f->db, f->set, D("2026-03-04"), D("2026-02-26"),
					  D("2026-03-04"), NULL, &r, &cause), 0);
	const struct kpi_metric_result *m = metric(&r, 0, "speaker_rate");
	assert_true(m->defined);
	assert_near(m->value, 0.10, 1e-12);
	assert_int_equal(m->status, KPI_OK);
	kpi_report_free(&r);
}

/*
 * All groups together: a (group, day) counts only when that group has every
 * counter of the formula on that day. A 03-01 50/100, 03-02 30/100; B 03-01
 * 20/200, 03-02 opens blank of 100. Opens (50+30+20) / delivered (100+100+200)
 * = 25%; merging the groups per day first would give 03-02 30/200 and 20%.
 */
static void all_groups_sum_per_group_and_day(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	import_ok(f, "日期,群名,推送触达数,打开数\n"
		     "2026-03-01,宝妈育儿交流群,100,50\n"
		     "2026-03-02,宝妈育儿交流群,100,30\n"
		     "2026-03-01,职场穿搭研究所,200,20\n"
		     "2026-03-02,职场穿搭研究所,100,\n");
	const struct pb_metric *open = playbook_metric(f->pb, "open_rate");
	struct kpi_sums s;
	double v;
	assert_int_equal(kpi_sums_load(f->db, f->pb, 0, D("2026-03-01"), D("2026-03-02"), &s,
				       &cause), 0);
	assert_true(kpi_metric_eval(open, &s, &v));
	assert_near(v, 100.0 / 400.0, 1e-12);
	kpi_sums_free(&s);
	/* The reviewer's case: one day, A 50/100, B 100 with opens blank: A's 50%. */
	assert_int_equal(kpi_sums_load(f->db, f->pb, 0, D("2026-03-02"), D("2026-03-02"), &s,
				       &cause), 0);
	assert_true(kpi_metric_eval(open, &s, &v));
	assert_near(v, 30.0 / 100.0, 1e-12);
	kpi_sums_free(&s);
	/* The daily series over all groups obeys the same rule: 70/300, then 30/100. */
	double vals[2];
	bool def[2];
	assert_int_equal(kpi_series(f->db, f->pb, 0, open, D("2026-03-01"), D("2026-03-02"), vals,
				    def, &cause), 0);
	assert_true(def[0] && def[1]);
	assert_near(vals[0], 70.0 / 300.0, 1e-12);
	assert_near(vals[1], 30.0 / 100.0, 1e-12);
}

static void zero_denominator_is_undefined(void **state)
{
	struct test_fx *f = *state;
	import_ok(f, "date,group,delivered,opens,members\n"
		     "2026-03-03,宝妈育儿交流群,0,0,80\n");
	struct kpi_report r;
	char *cause = NULL;
	assert_int_equal(kpi_report_build(f->db, f->set, D("2026-03-04"), D("2026-02-26"),
					  D("2026-03-04"), "宝妈育儿交流群", &r, &cause), 0);
	const struct kpi_metric_result *m = metric(&r, 0, "open_rate");
	assert_false(m->defined);
	assert_int_equal(m->status, KPI_NO_DATA);
	char buf[64];
	kpi_format_value(m->metric, m->defined, m->value, buf, sizeof buf);
	assert_string_equal(buf, "—");
	/* Counters with no rows at all: no data, not 0 (contribution = ugc + referred). */
	m = metric(&r, 0, "contribution");
	assert_false(m->defined);
	assert_int_equal(m->status, KPI_NO_DATA);
	/* Members present but no buyers column: conversion has no data either. */
	assert_false(metric(&r, 0, "conversion")->defined);
	assert_int_equal(r.groups[0].health, KPI_HEALTH_NO_DATA);
	/* Launch stage (age 12 → activation). */
	assert_string_equal(r.groups[0].stage->key, "activation");
	kpi_report_free(&r);
}

/* Convert UTF-8 to GB18030 bytes; the caller frees. */
static char *to_gb18030(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t cap = strlen(utf8) * 2 + 16, in_left = strlen(utf8), out_left = cap;
	char *out = xmalloc(cap), *in = (char *)utf8, *o = out;
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	iconv_close(cd);
	*len = cap - out_left;
	return out;
}

static void gbk_file_with_crlf(void **state)
{
	struct test_fx *f = *state;
	size_t len;
	char *gbk = to_gb18030("日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数,群聊消息总数\r\n"
			       "2026/3/2,宝妈育儿交流群,\"1,234\",12,3,56,789\r\n", &len);
	assert_false(utf8_valid(gbk, len));
	char path[] = "/tmp/sopdeck-kpi-XXXXXX.csv";
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, gbk, len), (ssize_t)len);
	close(fd);
	struct kpi_import_result res;
	char *cause = NULL;
	if (kpi_import_file(f->db, f->set, path, false, DATE_MAX, "tester", &res, &cause) < 0)
		fail_msg("%s", cause);
	unlink(path);
	assert_string_equal(res.encoding, "GB18030");
	assert_int_equal(res.rows, 1);
	assert_int_equal(res.values, 5);
	kpi_import_result_free(&res);
	free(gbk);
	assert_near(stored(f, f->a, "2026-03-02", "members"), 1234, 0);
	assert_near(stored(f, f->a, "2026-03-02", "speakers"), 56, 0);
	assert_near(stored(f, f->a, "2026-03-02", "messages"), 789, 0);
}

static void bom_quotes_and_percent_columns(void **state)
{
	struct test_fx *f = *state;
	const char *csv = "\xEF\xBB\xBF群名称,日期,群成员数,打开率,打开数,推送触达数,活动参与人数\r\n"
			  "\"宝妈育儿交流群\",2026-03-01,\"2,001\",12%,\"1,000\",\"5,000\",7%\r\n"
			  "宝妈育儿交流群,2026-03-02,2010,13.5%,900,4000,8%\r\n";
	struct kpi_import_result res;
	char *cause = NULL;
	if (import(f, csv, strlen(csv), false, &res, &cause) < 0)
		fail_msg("%s", cause);
	assert_string_equal(res.encoding, "UTF-8 (BOM)");
	/* 打开率 has a % in its values; 活动参与人数 is a counter's alias, but holds percentages. */
	assert_int_equal(res.n_columns, 3);
	assert_int_equal(res.n_ignored, 0);
	assert_int_equal(res.n_percent, 2);
	assert_string_equal(res.percent[0], "打开率");
	assert_string_equal(res.percent[1], "活动参与人数");
	kpi_import_result_free(&res);
	assert_near(stored(f, f->a, "2026-03-01", "members"), 2001, 0);
	assert_near(stored(f, f->a, "2026-03-01", "opens"), 1000, 0);
	assert_near(stored(f, f->a, "2026-03-01", "delivered"), 5000, 0);
	assert_near(stored(f, f->a, "2026-03-01", "participants"), -1, 0);
	assert_int_equal(stored_rows(f), 6);
}

static const char bad_file[] =
	"日期,群名,群成员数,退群成员数\n"            /* 1 */
	"2026-03-01,宝妈育儿交流群,100,1\n"          /* 2 good */
	"2026-03-01,不存在的群,100,1\n"              /* 3 unknown group */
	"2026-03-02,职场穿搭研究所,100,2\n"          /* 4 good */
	"2026-03-02,宝妈育儿交流群,abc,1\n"          /* 5 not a number */
	"2026-02-30,宝妈育儿交流群,100,1\n"          /* 6 no such date */
	"2026-03-01,宝妈育儿交流群,101,1\n"          /* 7 duplicate of line 2 */
	"2026-03-03,宝妈育儿交流群,\"12,34\",1\n";   /* 8 bad thousands separators */

static void bad_rows_refuse_everything(void **state)
{
	struct test_fx *f = *state;
	struct kpi_import_result res;
	char *cause = NULL;
	assert_int_equal(import(f, bad_file, strlen(bad_file), false, &res, &cause), -1);
	const char *want[] = {"5 bad rows", "k.csv:3: unknown group '不存在的群'",
			      "k.csv:5: column '群成员数': 'abc' is not a number",
			      "k.csv:6: bad date '2026-02-30'", "k.csv:7: the same group and day as line 2",
			      "k.csv:8: column '群成员数': '12,34'"};
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		if (!strstr(cause, want[i]))
			fail_msg("'%s' not in: %s", want[i], cause);
	assert_int_equal(res.n_problems, 5);
	assert_int_equal(res.rows, 0);
	free(cause);
	kpi_import_result_free(&res);
	assert_int_equal(stored_rows(f), 0);
}

static void partial_imports_the_good_rows(void **state)
{
	struct test_fx *f = *state;
	struct kpi_import_result res;
	char *cause = NULL;
	if (import(f, bad_file, strlen(bad_file), true, &res, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.skipped, 5);
	assert_int_equal(res.n_problems, 5);
	assert_non_null(strstr(res.problems[0], "k.csv:3:"));
	kpi_import_result_free(&res);
	assert_int_equal(stored_rows(f), 4);
	assert_near(stored(f, f->a, "2026-03-01", "members"), 100, 0);
	assert_near(stored(f, f->b, "2026-03-02", "left"), 2, 0);
}

static void reimport_replaces(void **state)
{
	struct test_fx *f = *state;
	import_ok(f, "日期,群名,群成员数,退群成员数\n2026-03-01,宝妈育儿交流群,100,1\n");
	import_ok(f, "日期,群名,下单人数\n2026-03-01,宝妈育儿交流群,7\n");
	import_ok(f, "日期,群名,群成员数,退群成员数\n2026-03-01,宝妈育儿交流群,120,\n");
	assert_near(stored(f, f->a, "2026-03-01", "members"), 120, 0);
	/* An empty cell in a column the file carries clears that day's value. */
	assert_near(stored(f, f->a, "2026-03-01", "left"), -1, 0);
	/* A counter the file does not carry (from the shop's export) stays. */
	assert_near(stored(f, f->a, "2026-03-01", "buyers"), 7, 0);
	assert_int_equal(stored_rows(f), 2);
}

/*
 * A WeCom-style export in GBK: a title line above the header, columns the
 * playbook does not know (打开次数, 群成员数(人)), a percent column, amounts
 * with the full-width yen ￥ and a 合计 totals row at the end. The title and
 * the totals are skipped with notes, the rest imported: revenue 12345.50 and
 * 100 (not refused), members 1000 and 1015, and nothing from the totals row
 * (it would be a "no group name" problem otherwise).
 */
static void title_line_totals_and_notes(void **state)
{
	struct test_fx *f = *state;
	size_t len;
	char *gbk = to_gb18030("客户群统计（2026-03-01 至 2026-03-02）,,,,,,,,\r\n"
			       "日期,群名,群成员数,群成员数(人),打开次数,推送触达数,打开数,消息打开率,成交金额\r\n"
			       "2026/3/1,宝妈育儿交流群,1000,1000,350,\"1,000\",100,10%,\"￥12,345.50\"\r\n"
			       "2026/3/2,宝妈育儿交流群,1015,1015,500,\"1,000\",300,30%,￥100\r\n"
			       "合计,,2015,2015,850,\"2,000\",400,20%,\"￥12,445.50\"\r\n", &len);
	assert_false(utf8_valid(gbk, len));
	struct kpi_import_result res;
	char *cause = NULL;
	if (import(f, gbk, len, false, &res, &cause) < 0)
		fail_msg("%s", cause);
	free(gbk);
	assert_string_equal(res.encoding, "GB18030");
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.values, 8); /* members, delivered, opens, revenue on two days */
	assert_int_equal(res.n_ignored, 2);
	assert_string_equal(res.ignored[0], "群成员数(人)");
	assert_string_equal(res.ignored[1], "打开次数");
	assert_int_equal(res.n_percent, 1);
	assert_string_equal(res.percent[0], "消息打开率");
	assert_int_equal(res.n_notes, 2);
	assert_string_equal(res.notes[0], "k.csv:1: line above the header skipped: "
					  "'客户群统计（2026-03-01 至 2026-03-02）'");
	assert_string_equal(res.notes[1], "k.csv:5: totals row skipped");
	assert_int_equal(res.n_problems, 0);
	kpi_import_result_free(&res);
	assert_near(stored(f, f->a, "2026-03-01", "revenue"), 12345.5, 0);
	assert_near(stored(f, f->a, "2026-03-02", "revenue"), 100, 0);
	assert_near(stored(f, f->a, "2026-03-02", "members"), 1015, 0);
	assert_int_equal(stored_rows(f), 8);

	/* 总计 as the group name, date blank: skipped too. A title over six lines is not a
	   header: the first line is judged as one and refused. */
	const char *tot = "日期,群名,打开数\n2026-03-03,宝妈育儿交流群,5\n,总计：,5\n";
	assert_int_equal(import(f, tot, strlen(tot), false, &res, &cause), 0);
	assert_int_equal(res.rows, 1);
	assert_int_equal(res.n_notes, 1);
	assert_string_equal(res.notes[0], "k.csv:3: totals row skipped");
	kpi_import_result_free(&res);
	const char *deep = "a\nb\nc\nd\ne\n日期,群名,打开数\n2026-03-03,宝妈育儿交流群,5\n";
	assert_int_equal(import(f, deep, strlen(deep), false, &res, &cause), -1);
	assert_non_null(strstr(cause, "k.csv:1: no date column"));
	free(cause);
	kpi_import_result_free(&res);
}

static void header_errors(void **state)
{
	struct test_fx *f = *state;
	struct kpi_import_result res;
	char *cause = NULL;
	const char *no_group = "日期,群成员数\n2026-03-01,1\n";
	assert_int_equal(import(f, no_group, strlen(no_group), true, &res, &cause), -1);
	assert_non_null(strstr(cause, "k.csv:1: no group column"));
	free(cause);
	kpi_import_result_free(&res);
	cause = NULL;
	const char *no_counter = "日期,群名,备注\n2026-03-01,宝妈育儿交流群,x\n";
	assert_int_equal(import(f, no_counter, strlen(no_counter), false, &res, &cause), -1);
	assert_non_null(strstr(cause, "no counter columns"));
	free(cause);
	kpi_import_result_free(&res);
}

static void parse_days_and_numbers(void **state)
{
	(void)state;
	assert_int_equal(kpi_parse_day("2026-03-04"), D("2026-03-04"));
	assert_int_equal(kpi_parse_day("2026/3/4"), D("2026-03-04"));
	assert_int_equal(kpi_parse_day(" 2026/03/04 0:00:00 "), D("2026-03-04"));
	assert_int_equal(kpi_parse_day("2026年3月4日"), D("2026-03-04"));
	assert_int_equal(kpi_parse_day("2026-02-29"), DATE_INVALID);
	assert_int_equal(kpi_parse_day("3/4/2026"), DATE_INVALID);
	assert_int_equal(kpi_parse_day("2026-03-04x"), DATE_INVALID);
	double v;
	assert_true(kpi_parse_number("1,234", &v));
	assert_near(v, 1234, 0);
	assert_true(kpi_parse_number("1，234,567.5", &v));
	assert_near(v, 1234567.5, 0);
	assert_true(kpi_parse_number("¥88.50", &v));
	assert_near(v, 88.5, 0);
	assert_true(kpi_parse_number("￥12,345.50", &v)); /* full-width yen, U+FFE5 */
	assert_near(v, 12345.5, 0);
	assert_true(kpi_parse_number("12元", &v));
	assert_near(v, 12, 0);
	assert_true(kpi_parse_number(" 0 ", &v));
	assert_false(kpi_parse_number("12,34", &v));
	assert_false(kpi_parse_number("-3", &v));
	assert_false(kpi_parse_number("1e3", &v));
	assert_false(kpi_parse_number("", &v));
	assert_false(kpi_parse_number("12%", &v));
}

static void manual_entry_status_and_advice(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	/* Activation-stage group: speaker rate 5 of 100 = 5% is under 10%. */
	for (int d = 0; d < 7; d++) {
		struct kpi_counter_value v[] = {
			{"members", true, 100}, {"speakers", true, 5}, {"delivered", true, 100},
			{"opens", true, 30}, {"participants", true, 20}, {"left", true, 0}};
		if (kpi_set_day(f->db, f->pb, f->a, D("2026-02-25") + d, D("2026-03-04"), v,
				ARRAY_LEN(v), "tester", &cause) < 0)
			fail_msg("%s", cause);
	}
	struct kpi_counter_value bad = {"nope", true, 1};
	assert_int_equal(kpi_set_day(f->db, f->pb, f->a, D("2026-03-01"), D("2026-03-04"), &bad, 1,
				     "t", &cause), -1);
	assert_non_null(strstr(cause, "unknown counter 'nope'"));
	free(cause);
	cause = NULL;
	struct kpi_counter_value clear = {"opens", false, 0};
	assert_int_equal(kpi_set_day(f->db, f->pb, f->a, D("2026-03-03"), D("2026-03-04"), &clear, 1,
				     "t", &cause), 0);
	/* Tomorrow and the day before the group was created (2026-02-20): refused, nothing stored. */
	struct kpi_counter_value one = {"members", true, 7};
	assert_int_equal(kpi_set_day(f->db, f->pb, f->a, D("2026-03-05"), D("2026-03-04"), &one, 1,
				     "t", &cause), -1);
	assert_string_equal(cause, "2026-03-05 is in the future (today is 2026-03-04): no numbers "
				   "exist for it yet");
	free(cause);
	cause = NULL;
	assert_int_equal(kpi_set_day(f->db, f->pb, f->a, D("2026-02-19"), D("2026-03-04"), &one, 1,
				     "t", &cause), -1);
	assert_string_equal(cause, "2026-02-19 is before 宝妈育儿交流群 was created (2026-02-20)");
	free(cause);
	cause = NULL;
	assert_near(stored(f, f->a, "2026-03-05", "members"), -1, 0);
	assert_near(stored(f, f->a, "2026-02-19", "members"), -1, 0);
	/* Today itself and the creation day are fine. */
	assert_int_equal(kpi_set_day(f->db, f->pb, f->a, D("2026-02-20"), D("2026-03-04"), &one, 1,
				     "t", &cause), 0);
	assert_near(stored(f, f->a, "2026-02-20", "members"), 7, 0);
	assert_near(stored(f, f->a, "2026-03-03", "opens"), -1, 0);
	assert_near(stored(f, f->a, "2026-03-03", "members"), 100, 0);

	struct kpi_advice *adv;
	size_t n;
	if (kpi_advice(f->db, f->pb, f->a, D("2026-03-04"), &adv, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 1);
	assert_string_equal(adv[0].metric->key, "speaker_rate");
	assert_near(adv[0].value, 5, 1e-9);
	assert_non_null(strstr(adv[0].text, "speaker rate"));
	assert_non_null(strstr(adv[0].text, "add interaction topics"));
	assert_non_null(strstr(adv[0].text, "5.0%"));
	kpi_advice_free(adv, n);
	/* In Chinese: the playbook's own name and advice. */
	i18n_set(I18N_ZH);
	int zrc = kpi_advice(f->db, f->pb, f->a, D("2026-03-04"), &adv, &n, &cause);
	i18n_set(I18N_EN);
	if (zrc < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 1);
	assert_non_null(strstr(adv[0].text, "用户发言率"));
	assert_non_null(strstr(adv[0].text, "增加互动话题"));
	kpi_advice_free(adv, n);

	struct kpi_report r;
	assert_int_equal(kpi_report_build(f->db, f->set, D("2026-03-04"), D("2026-02-25"),
					  D("2026-03-03"), NULL, &r, &cause), 0);
	assert_int_equal(r.n_groups, 2);
	/* Groups by name: 宝妈… sorts first. */
	const struct kpi_group_report *g = &r.groups[0];
	assert_int_equal(g->group.id, f->a);
	assert_int_equal(kpi_group_metric(g, "speaker_rate")->status, KPI_WARN);
	assert_true(kpi_group_metric(g, "speaker_rate")->in_stage);
	assert_int_equal(kpi_group_metric(g, "open_rate")->status, KPI_OK);
	assert_int_equal(g->health, KPI_HEALTH_WARN);
	assert_int_equal(r.groups[1].health, KPI_HEALTH_NO_DATA);
	kpi_report_free(&r);

	/* Audited: seven days, the clear and the creation day; not the refused ones. */
	assert_int_equal(test_sql_int(f->db, "SELECT COUNT(*) FROM audit WHERE kind = 'kpi'"), 9);
}

/*
 * The 7-day window ends yesterday, for the dashboard and for advice alike:
 * today 03-04 gives 02-25..03-03. Speakers 5 of 100 each of those days, and
 * a (partial, early) 100 of 100 today, which neither may count: 35/700 = 5%.
 */
static void window_ends_yesterday_for_dashboard_and_advice(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	int from, to;
	kpi_window_last(D("2026-03-04"), 7, &from, &to);
	assert_int_equal(from, D("2026-02-25"));
	assert_int_equal(to, D("2026-03-03"));
	kpi_window_last(D("2026-03-04"), 1, &from, &to);
	assert_int_equal(from, D("2026-03-03"));
	assert_int_equal(to, D("2026-03-03"));
	struct buf csv = {0};
	buf_adds(&csv, "日期,群名,群成员数,发过消息的群成员数\n");
	for (int d = D("2026-02-25"); d <= D("2026-03-03"); d++) {
		char day[11];
		date_format(d, day);
		buf_addf(&csv, "%s,宝妈育儿交流群,100,5\n", day);
	}
	buf_adds(&csv, "2026-03-04,宝妈育儿交流群,100,100\n");
	import_ok(f, buf_str(&csv));
	buf_free(&csv);
	kpi_window_last(D("2026-03-04"), KPI_ADVICE_DAYS, &from, &to);
	struct kpi_report r;
	assert_int_equal(kpi_report_build(f->db, f->set, D("2026-03-04"), from, to, "宝妈育儿交流群",
					  &r, &cause), 0);
	const struct kpi_metric_result *m = metric(&r, 0, "speaker_rate");
	assert_near(m->value, 35.0 / 700.0, 1e-12);
	assert_int_equal(m->status, KPI_WARN);
	kpi_report_free(&r);
	struct kpi_advice *adv;
	size_t n;
	assert_int_equal(kpi_advice(f->db, f->pb, f->a, D("2026-03-04"), &adv, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(adv[0].metric->key, "speaker_rate");
	assert_near(adv[0].value, 5, 1e-9);
	kpi_advice_free(adv, n);
}

/* Both groups' counters from 02-20 to 03-03, varying by day, as an export's CSV. */
static void two_weeks_of_counters(struct buf *csv)
{
	buf_adds(csv, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n");
	for (int d = D("2026-02-20"); d < D("2026-03-04"); d++) {
		char day[11];
		date_format(d, day);
		buf_addf(csv, "%s,宝妈育儿交流群,200,%d,100,%d\n", day, 10 + d % 7, 3 + d % 5);
		buf_addf(csv, "%s,职场穿搭研究所,300,%d,250,40\n", day, 120 + d % 11);
	}
}

/*
 * The set-based builds give what the one-group build gives: the KPI tab's
 * reports with a window per group (kpi_reports_build) and every group's
 * advice at once (kpi_advice_groups), groups with and without counters alike.
 */
static void set_based_equals_one_by_one(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	struct buf csv = {0};
	two_weeks_of_counters(&csv);
	import_ok(f, buf_str(&csv));
	buf_free(&csv);
	struct group *groups;
	size_t n;
	assert_int_equal(group_list(f->db, &groups, &n, &cause), 0);
	assert_int_equal(n, 2);
	/* The first group again over another window: a report of its own. */
	struct group three[3] = {groups[0], groups[1], groups[0]};
	int from[3], to[3];
	kpi_window_stage(f->pb, &groups[0], D("2026-03-04"), &from[0], &to[0]);
	kpi_window_last(D("2026-03-04"), 30, &from[1], &to[1]);
	kpi_window_last(D("2026-03-04"), 7, &from[2], &to[2]);
	struct kpi_report all[3];
	assert_int_equal(kpi_reports_build(f->db, f->set, D("2026-03-04"), three, 3, from, to, all,
					   &cause), 0);
	struct kpi_advice_list *adv;
	assert_int_equal(kpi_advice_groups(f->db, f->set, D("2026-03-04"), groups, n, &adv, &cause),
			 0);
	for (size_t g = 0; g < 3; g++) {
		struct kpi_report one;
		assert_int_equal(kpi_report_build(f->db, f->set, D("2026-03-04"), from[g], to[g],
						  three[g].name, &one, &cause), 0);
		assert_int_equal(all[g].n_groups, 1);
		assert_int_equal(all[g].from, one.from);
		assert_int_equal(all[g].prev_to, one.prev_to);
		const struct kpi_group_report *x = &all[g].groups[0], *y = &one.groups[0];
		assert_string_equal(x->group.name, y->group.name);
		assert_int_equal(x->has_members, y->has_members);
		assert_true(x->members == y->members);
		assert_int_equal(x->health, y->health);
		for (size_t i = 0; i < y->n_metrics; i++) {
			assert_int_equal(x->metrics[i].defined, y->metrics[i].defined);
			assert_true(x->metrics[i].value == y->metrics[i].value);
			assert_int_equal(x->metrics[i].prev_defined, y->metrics[i].prev_defined);
			assert_int_equal(x->metrics[i].status, y->metrics[i].status);
			assert_int_equal(x->metrics[i].trend, y->metrics[i].trend);
		}
		kpi_report_free(&one);
		kpi_report_free(&all[g]);
		if (g == 2)
			break;
		struct kpi_advice *a;
		size_t na;
		assert_int_equal(kpi_advice(f->db, f->pb, groups[g].id, D("2026-03-04"), &a, &na,
					    &cause), 0);
		assert_int_equal(adv[g].n, na);
		for (size_t i = 0; i < na; i++)
			assert_string_equal(adv[g].items[i].text, a[i].text);
		kpi_advice_free(a, na);
	}
	/* The weak group opens 5-8%: advice says so, for that group only. */
	assert_true(adv[0].n + adv[1].n > 0);
	kpi_advice_lists_free(adv, n);
	group_list_free(groups, n);
}

/* Two advice lists alike: the same items, texts and values to the bit. */
static void assert_same_advice(const struct kpi_advice_list *x, const struct kpi_advice_list *y)
{
	assert_int_equal(x->n, y->n);
	for (size_t i = 0; i < x->n; i++) {
		assert_string_equal(x->items[i].metric->key, y->items[i].metric->key);
		assert_string_equal(x->items[i].text, y->items[i].text);
		assert_memory_equal(&x->items[i].value, &y->items[i].value, sizeof(double));
		assert_memory_equal(&x->items[i].formula, &y->items[i].formula, sizeof(double));
	}
}

/* Every group's advice again, after the memo: fresh[i] says which were worked out now. */
static struct kpi_advice_list *advice_again(struct test_fx *f, int day, const struct group *groups,
					     size_t n, const bool *fresh)
{
	struct kpi_advice_list *adv;
	char *cause = NULL;
	if (kpi_advice_groups(f->db, f->set, day, groups, n, &adv, &cause) < 0)
		fail_msg("%s", cause);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(adv[i].fresh, fresh[i]);
		/* And what one group's advice, which never reads the memo, says. */
		struct kpi_advice_list one = {0};
		if (kpi_advice_group(f->db, f->pb, &groups[i], day, &one.items, &one.n, &cause) < 0)
			fail_msg("%s", cause);
		assert_same_advice(&adv[i], &one);
		kpi_advice_free(one.items, one.n);
	}
	return adv;
}

/*
 * The day's advice kept per group (kpi_advice_memo, migration 024) gives what
 * working it out gives, and is never stale: a change of a group's counters or
 * of the group takes its row away in the same transaction, another day or
 * another playbook version is not read, a save after another writer is none.
 */
static void advice_memo_never_stale(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	struct buf csv = {0};
	two_weeks_of_counters(&csv);
	import_ok(f, buf_str(&csv));
	struct group *groups;
	size_t n;
	assert_int_equal(group_list(f->db, &groups, &n, &cause), 0);
	assert_int_equal(n, 2);
	int day = D("2026-03-04");
	const bool all_fresh[2] = {true, true}, none_fresh[2] = {false, false};
	int64_t dv = db_data_version(f->db);
	struct kpi_advice_list *adv = advice_again(f, day, groups, n, all_fresh);
	assert_true(adv[0].n + adv[1].n > 0);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo"), 0);
	assert_int_equal(kpi_advice_memo_save(f->db, f->set, day, groups, adv, n, dv, &cause), 0);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo"), 2);
	/* Read back: the same items, texts and values to the bit. */
	struct kpi_advice_list *back = advice_again(f, day, groups, n, none_fresh);
	for (size_t i = 0; i < n; i++)
		assert_same_advice(&back[i], &adv[i]);
	kpi_advice_lists_free(back, n);
	/* Another day's advice is worked out. */
	kpi_advice_lists_free(advice_again(f, day + 1, groups, n, all_fresh), n);
	/* A counter of group a changed by hand: its row goes, b's stays. */
	struct kpi_counter_value v = {"opens", true, 190};
	size_t a = groups[0].id == f->a ? 0 : 1;
	assert_int_equal(kpi_set_day(f->db, f->pb, f->a, day - 2, day, &v, 1, "tester", &cause), 0);
	bool only_a[2] = {false, false};
	only_a[a] = true;
	kpi_advice_lists_free(advice_again(f, day, groups, n, only_a), n);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo"), 1);
	/* A change of the group (its creation day sets its stage) takes b's row. */
	assert_int_equal(db_exec(f->db, "UPDATE chat_group SET created = '2025-09-01' "
				 "WHERE name = '职场穿搭研究所'", &cause), 0);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo"), 0);
	group_list_free(groups, n);
	assert_int_equal(group_list(f->db, &groups, &n, &cause), 0);
	/* A save after another connection's write (data_version moved on) keeps nothing. */
	kpi_advice_lists_free(adv, n);
	adv = advice_again(f, day, groups, n, all_fresh);
	assert_int_equal(kpi_advice_memo_save(f->db, f->set, day, groups, adv, n, dv - 1, &cause), 0);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo"), 0);
	assert_int_equal(kpi_advice_memo_save(f->db, f->set, day, groups, adv, n,
					      db_data_version(f->db), &cause), 0);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo"), 2);
	kpi_advice_lists_free(adv, n);
	/* Rows of another playbook version are not read. */
	assert_int_equal(db_exec(f->db, "UPDATE kpi_advice_memo SET version_id = version_id + 1",
				 &cause), 0);
	kpi_advice_lists_free(advice_again(f, day, groups, n, all_fresh), n);
	/* An import for a day keeps every group's advice of that day with its counters. */
	struct kpi_import_result res;
	if (kpi_import_mem(f->db, f->set, buf_str(&csv), csv.len, "k.csv", false, day, "tester",
			   &res, &cause) < 0)
		fail_msg("%s", cause);
	kpi_import_result_free(&res);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_advice_memo WHERE day = "
				      "'2026-03-04' AND version_id IN (SELECT id FROM playbook_version)"),
			 2);
	kpi_advice_lists_free(advice_again(f, day, groups, n, none_fresh), n);
	buf_free(&csv);
	group_list_free(groups, n);
}

static void formats_and_thresholds(void **state)
{
	struct test_fx *f = *state;
	char buf[64];
	const struct pb_metric *churn = playbook_metric(f->pb, "churn");
	kpi_format_threshold(churn, buf, sizeof buf);
	assert_string_equal(buf, "≤10%");
	assert_int_equal(kpi_metric_status(churn, true, 0.11), KPI_WARN);
	assert_int_equal(kpi_metric_status(churn, true, 0.10), KPI_OK);
	assert_false(kpi_higher_is_better(churn));
	const struct pb_metric *aov = playbook_metric(f->pb, "aov");
	kpi_format_value(aov, true, 128.5, buf, sizeof buf);
	assert_string_equal(buf, "¥128.50");
	kpi_format_threshold(aov, buf, sizeof buf);
	assert_string_equal(buf, "≥¥100");
	assert_int_equal(kpi_trend_of(aov, true, 100, true, 100.01), KPI_TREND_FLAT);
	assert_int_equal(kpi_trend_of(aov, true, 100, false, 0), KPI_TREND_NONE);
}

/* n library items titled PREFIX0, PREFIX1 ... dated day; their ids into ids. */
static void add_items(struct test_fx *f, const char *prefix, int n, int day, int64_t *ids)
{
	char *cause = NULL;
	for (int i = 0; i < n; i++) {
		char title[32];
		snprintf(title, sizeof title, "%s%d", prefix, i);
		struct content_item item = {.title = title, .category = "", .zone = "", .form = "",
					    .style = "", .source = "", .body = "", .date = day};
		assert_int_equal(content_add(f->db, &item, "tester", &cause), 0);
		ids[i] = item.id;
	}
}

/* Two reports are the same line for line: items, posts, titles, rates, retirement. */
static void assert_same_report(const struct kpi_content_row *a, size_t na,
			       const struct kpi_content_row *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].content_id, b[i].content_id);
		assert_int_equal(a[i].posts, b[i].posts);
		assert_string_equal(a[i].title, b[i].title);
		assert_int_equal(a[i].open_defined, b[i].open_defined);
		assert_int_equal(a[i].interact_defined, b[i].interact_defined);
		assert_true(a[i].open_rate == b[i].open_rate);
		assert_true(a[i].interact_rate == b[i].interact_rate);
		assert_int_equal(a[i].retire, b[i].retire);
		assert_int_equal(a[i].position, b[i].position);
	}
}

/*
 * The last 30 days' report as kept (read from content_perf, which it leaves valid) into
 * *kept, checked line for line against the report computed afresh: inside a transaction
 * nothing is kept, so it is computed; the transaction is rolled back.
 */
static void report_kept_and_computed(struct test_fx *f, struct kpi_content_row **kept,
				     size_t *nk)
{
	char *cause = NULL;
	struct kpi_content_row *computed;
	size_t nc;
	assert_int_equal(kpi_content_report(f->db, f->set, D("2026-03-04"), 30, kept, nk, &cause),
			 0);
	assert_int_equal(test_sql_int(f->db, "SELECT valid FROM content_perf_state"), 1);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM content_perf WHERE win_posts > 0"),
			 (long long)*nk);
	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(db_exec(f->db, "UPDATE content_perf_state SET valid = 0", &cause), 0);
	assert_int_equal(kpi_content_report(f->db, f->set, D("2026-03-04"), 30, &computed, &nc,
					    &cause), 0);
	db_rollback(f->db);
	assert_same_report(*kept, *nk, computed, nc);
	kpi_content_report_free(computed, nc);
}

/*
 * The last 30 days' content report is read from the kept performance (migration 027): it is
 * the report computed afresh (inside a transaction nothing is kept, so it is computed), and
 * a change of the counters is in it at once (the triggers mark the kept one stale).
 */
static void content_report_kept_equals_computed(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	int64_t ids[4];
	add_items(f, "内容", 4, D("2026-02-01"), ids);
	struct buf csv = {0};
	buf_adds(&csv, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n");
	/* Items 0-2 twice each in the window (02-10 and 03-0x), item 3 only before it (01-20). */
	for (int i = 0; i < 4; i++) {
		char sql[400];
		snprintf(sql, sizeof sql, "INSERT INTO slot (group_id, day, at, content_id, status, "
			 "updated_at, updated_by) VALUES (%lld, '%s', '20:00', %lld, 'posted', 'now', "
			 "'tester'), (%lld, '2026-02-1%d', '21:00', %lld, 'posted', 'now', 'tester')",
			 (long long)f->b, i < 3 ? (i == 0 ? "2026-03-01" : i == 1 ? "2026-03-02"
						   : "2026-03-03") : "2026-01-20",
			 (long long)ids[i], (long long)f->b, i, (long long)ids[i]);
		assert_int_equal(db_exec(f->db, sql, &cause), 0);
		buf_addf(&csv, "2026-02-1%d,职场穿搭研究所,100,%d,100,%d\n", i, 20 + 5 * i, 3 + i);
	}
	buf_adds(&csv, "2026-03-01,职场穿搭研究所,100,40,100,5\n2026-03-02,职场穿搭研究所,100,30,"
		       "100,4\n2026-03-03,职场穿搭研究所,100,30,100,9\n");
	import_ok(f, buf_str(&csv));
	buf_free(&csv);

	struct kpi_content_row *kept;
	size_t nk;
	report_kept_and_computed(f, &kept, &nk);
	assert_int_equal(nk, 4);
	/* Item 3 was posted once in the window (02-13) and once before it. */
	for (size_t i = 0; i < nk; i++)
		assert_int_equal(kept[i].posts, kept[i].content_id == ids[3] ? 1 : 2);
	kpi_content_report_free(kept, nk);

	/* New counters for 03-03 (item 2's day): the kept report follows at once. */
	import_ok(f, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n"
		     "2026-03-03,职场穿搭研究所,100,90,100,9\n");
	report_kept_and_computed(f, &kept, &nk);
	assert_int_equal(kept[0].content_id, ids[2]);  /* (90 + 30) / 200 opens: now the best */
	assert_near(kept[0].open_rate, 0.6, 1e-12);
	/* The report a screen at a time (the console's c): its shape and any run of its
	   lines are those of the whole report, kept (read through the indexes) or, inside a
	   transaction, computed. */
	size_t r_from = 0, r_to = 0;
	for (size_t i = 0; i < nk; i++) {
		assert_int_equal(kept[i].position, i + 1);
		if (kept[i].retire) {
			r_from = r_from ? r_from : i + 1;
			r_to = i + 1;
		}
	}
	assert_true(r_from > 0);
	for (int computed = 0; computed < 2; computed++) {
		if (computed) {
			assert_int_equal(db_begin(f->db, &cause), 0);
			assert_int_equal(db_exec(f->db, "UPDATE content_perf_state SET valid = 0",
						 &cause), 0);
		}
		size_t total, from, to;
		assert_int_equal(kpi_content_report_shape(f->db, f->set, D("2026-03-04"), &total,
							  &from, &to, &cause), 0);
		assert_int_equal(total, nk);
		assert_int_equal(from, r_from);
		assert_int_equal(to, r_to);
		for (size_t lo = 1; lo <= nk; lo++)
			for (size_t hi = lo; hi <= nk + 1; hi++) {
				struct kpi_content_row *part;
				size_t np;
				assert_int_equal(kpi_content_report_lines(f->db, f->set,
									  D("2026-03-04"), lo, hi,
									  &part, &np, &cause), 0);
				assert_int_equal(np, (hi > nk ? nk : hi) - lo + 1);
				assert_same_report(part, np, &kept[lo - 1], np);
				kpi_content_report_free(part, np);
			}
		if (computed)
			db_rollback(f->db);
	}
	kpi_content_report_free(kept, nk);
}

/* The lines kpi_content_report_each hands out, each copied (titles live only for the call). */
struct each_lines {
	struct kpi_content_row rows[1300];
	size_t n;
};

static void each_line(void *ctx, const struct kpi_content_row *row)
{
	struct each_lines *e = ctx;
	assert_true(e->n < ARRAY_LEN(e->rows));
	e->rows[e->n] = *row;
	e->rows[e->n++].title = xstrdup(row->title);
}

/*
 * kpi_content_report_each, kept: 600 lines whose titles (450 KB) outgrow the first blocks
 * of the titles' memory and move it (into huge pages), each line with its own item's title
 * in the report's order, the same as computed afresh; an item whose row is gone is "#ID".
 */
static void content_report_each_long_titles(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	/* Each title a number and 250 characters (753 bytes). */
	assert_int_equal(db_exec(f->db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
				 "FROM n WHERE i < 600) INSERT INTO content (title, date, created_at, "
				 "updated_at) SELECT printf('%03d', i) || replace(hex(zeroblob(250)), "
				 "'00', '长'), '2026-02-01', 'now', 'now' FROM n", &cause), 0);
	char sql[400];
	snprintf(sql, sizeof sql, "INSERT INTO slot (group_id, day, at, content_id, status, "
		 "updated_at, updated_by) SELECT %lld, '2026-03-0' || (1 + id %% 3), "
		 "printf('%%02d:%%02d', id / 60 %% 24, id %% 60), id, 'posted', 'now', 'tester' "
		 "FROM content", (long long)f->b);
	assert_int_equal(db_exec(f->db, sql, &cause), 0);
	import_ok(f, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n"
		     "2026-03-01,职场穿搭研究所,100,40,100,5\n2026-03-02,职场穿搭研究所,100,30,"
		     "100,4\n2026-03-03,职场穿搭研究所,100,20,100,9\n");
	/* The second time the performance is kept (the first computes and stores it). */
	for (int gone = 0; gone < 2; gone++) {
		struct each_lines *kept = xcalloc(1, sizeof *kept),
				  *computed = xcalloc(1, sizeof *computed);
		assert_int_equal(kpi_content_report_each(f->db, f->set, D("2026-03-04"), 30,
							 each_line, kept, &cause), 0);
		assert_int_equal(test_sql_int(f->db, "SELECT valid FROM content_perf_state"), 1);
		assert_int_equal(kpi_content_report_each(f->db, f->set, D("2026-03-04"), 30,
							 each_line, kept, &cause), 0);
		assert_int_equal(kept->n, 1200);
		assert_int_equal(db_begin(f->db, &cause), 0);
		assert_int_equal(db_exec(f->db, "UPDATE content_perf_state SET valid = 0", &cause),
				 0);
		assert_int_equal(kpi_content_report_each(f->db, f->set, D("2026-03-04"), 30,
							 each_line, computed, &cause), 0);
		db_rollback(f->db);
		/* Kept, the first time computed and stored, then read back: all the same. */
		assert_same_report(kept->rows, 600, computed->rows, computed->n);
		assert_same_report(kept->rows + 600, 600, computed->rows, computed->n);
		for (size_t i = 0; i < 600; i++) {
			const struct kpi_content_row *r = &kept->rows[600 + i];
			assert_int_equal(r->position, i + 1);
			if (gone && r->content_id == 7) {
				assert_string_equal(r->title, "#7");
				continue;
			}
			/* The item's own title: its number, then 250 characters. */
			char want[4];
			snprintf(want, sizeof want, "%03lld", (long long)r->content_id);
			assert_int_equal(strlen(r->title), 753);
			assert_memory_equal(r->title, want, 3);
			assert_memory_equal(r->title + 750, "长", 3);
		}
		for (size_t i = 0; i < 1200; i++)
			free(kept->rows[i].title);
		for (size_t i = 0; i < computed->n; i++)
			free(computed->rows[i].title);
		free(kept);
		free(computed);
		/* Item 7's row gone behind the slots' back (foreign keys off): its number. */
		assert_int_equal(db_exec(f->db, "PRAGMA foreign_keys = OFF; DELETE FROM content "
					 "WHERE id = 7; PRAGMA foreign_keys = ON", &cause), 0);
	}
}

static void content_report_and_versions(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	struct kpi_content_row *rows;
	size_t n = 99;
	/* Nothing posted yet: an empty report, no error. */
	assert_int_equal(kpi_content_report(f->db, f->set, D("2026-03-04"), 30, &rows, &n, &cause), 0);
	assert_int_equal(n, 0);
	/* Five posts on days with known open rates 50%, 40%, 30%, 20%, 10%; a sixth
	   item only planned, which must not be ranked. */
	int64_t ids[6];
	add_items(f, "帖子", 6, D("2026-03-01"), ids);
	struct buf csv = {0};
	buf_adds(&csv, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n");
	for (int i = 0; i < 6; i++) {
		char sql[300];
		snprintf(sql, sizeof sql, "INSERT INTO slot (group_id, day, at, content_id, status, "
			 "updated_at, updated_by) VALUES (%lld, '2026-03-0%d', '20:00', %lld, '%s', "
			 "'now', 'tester')", (long long)f->b, i + 1, (long long)ids[i],
			 i < 5 ? "posted" : "planned");
		assert_int_equal(db_exec(f->db, sql, &cause), 0);
		if (i < 5)
			buf_addf(&csv, "2026-03-0%d,职场穿搭研究所,100,%d,100,%d\n", i + 1, 50 - 10 * i, 5);
	}
	import_ok(f, buf_str(&csv));
	buf_free(&csv);
	assert_int_equal(kpi_content_report(f->db, f->set, D("2026-03-04"), 30, &rows, &n, &cause), 0);
	assert_int_equal(n, 4); /* the post on 03-05 is in the future */
	assert_int_equal(rows[0].content_id, ids[0]);
	assert_near(rows[0].open_rate, 0.5, 1e-12);
	assert_near(rows[0].interact_rate, 0.05, 1e-12);
	assert_string_equal(rows[0].title, "帖子0");
	assert_false(rows[2].retire);
	assert_true(rows[3].retire);
	assert_int_equal(rows[3].content_id, ids[3]);
	kpi_content_report_free(rows, n);

	struct kpi_version_effect *v;
	assert_int_equal(kpi_versions(f->db, f->pb, 0, D("2026-03-04"), &v, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].version, f->pb->version);
	kpi_versions_free(v, n);
}

/* A content item titled title; its id. */
static int64_t add_item(struct test_fx *f, const char *title)
{
	char *cause = NULL;
	struct content_item item = {.title = (char *)title, .category = "", .zone = "", .form = "",
				    .style = "", .source = "", .body = "", .date = D("2026-03-01")};
	if (content_add(f->db, &item, "tester", &cause) < 0)
		fail_msg("%s", cause);
	return item.id;
}

static void slot(struct test_fx *f, int64_t gid, const char *day, const char *at, int64_t cid,
		 const char *status)
{
	char sql[300], *cause = NULL;
	snprintf(sql, sizeof sql, "INSERT INTO slot (group_id, day, at, content_id, status, "
		 "updated_at, updated_by) VALUES (%lld, '%s', '%s', %lld, '%s', 'now', 'tester')",
		 (long long)gid, day, at, (long long)cid, status);
	if (db_exec(f->db, sql, &cause) < 0)
		fail_msg("%s", cause);
}

/*
 * One item's performance: its posted slots up to today, each group/day once,
 * ratio of sums; planned and future slots left out; rank among the last 30 days.
 */
static void content_performance(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	int today = D("2026-03-04");
	int64_t x = add_item(f, "X 育儿误区"), y = add_item(f, "Y 无数据"), z = add_item(f, "Z 未发");
	int64_t w[4];
	for (int i = 0; i < 4; i++)
		w[i] = add_item(f, "W");
	struct kpi_content_perf p;
	/* Before anything is posted: nothing, and no error. */
	assert_int_equal(kpi_content_performance(f->db, f->set, x, today, &p, &cause), 0);
	assert_int_equal(p.posts, 0);
	assert_false(p.open_defined);
	assert_false(p.interact_defined);
	assert_int_equal(p.rank, 0);

	slot(f, f->b, "2026-03-01", "08:00", x, "posted");
	slot(f, f->b, "2026-03-01", "20:00", x, "posted");   /* same group/day: counted once */
	slot(f, f->a, "2026-03-02", "20:00", x, "posted");
	slot(f, f->b, "2026-03-03", "20:00", x, "posted");
	slot(f, f->a, "2026-03-03", "20:00", x, "planned");  /* not posted: ignored */
	slot(f, f->b, "2026-03-06", "20:00", x, "posted");   /* after today: ignored */
	slot(f, f->b, "2026-03-02", "20:00", y, "posted");   /* no counters that day */
	slot(f, f->a, "2026-03-04", "20:00", z, "planned");
	static const char *const w_at[4] = {"10:00", "11:00", "12:00", "13:00"};
	for (int i = 0; i < 4; i++)
		slot(f, f->a, "2026-03-01", w_at[i], w[i], "posted");
	import_ok(f, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n"
		     "2026-03-01,职场穿搭研究所,100,30,200,10\n"
		     "2026-03-03,职场穿搭研究所,50,5,200,30\n"
		     "2026-03-02,宝妈育儿交流群,40,20,100,2\n"
		     "2026-03-03,宝妈育儿交流群,1000,1000,1000,1000\n"
		     "2026-03-06,职场穿搭研究所,1000,1000,1000,1000\n"
		     "2026-03-01,宝妈育儿交流群,100,90,100,50\n");

	/* Opens (30+5+20)/(100+50+40); speakers (10+30+2)/(200+200+100). */
	assert_int_equal(kpi_content_performance(f->db, f->set, x, today, &p, &cause), 0);
	assert_int_equal(p.content_id, x);
	assert_int_equal(p.posts, 4);
	assert_true(p.open_defined);
	assert_near(p.open_rate, 55.0 / 190.0, 1e-12);
	assert_true(p.interact_defined);
	assert_near(p.interact_rate, 42.0 / 500.0, 1e-12);
	/* The four W at 90% rank first; X is last of five, the bottom 20%. */
	assert_int_equal(p.rank, 5);
	assert_int_equal(p.ranked, 5);
	assert_true(p.retire);

	/* Posted, but no counters for its group/day: undefined, not 0%, not ranked. */
	assert_int_equal(kpi_content_performance(f->db, f->set, y, today, &p, &cause), 0);
	assert_int_equal(p.posts, 1);
	assert_false(p.open_defined);
	assert_false(p.interact_defined);
	assert_int_equal(p.rank, 0);
	assert_false(p.retire);
	/* Only planned: nothing. */
	assert_int_equal(kpi_content_performance(f->db, f->set, z, today, &p, &cause), 0);
	assert_int_equal(p.posts, 0);
	assert_false(p.open_defined);

	/* Outside the 30-day window the numbers stay, the rank goes. */
	assert_int_equal(kpi_content_performance(f->db, f->set, x, D("2026-04-15"), &p, &cause), 0);
	assert_int_equal(p.posts, 5);
	assert_near(p.open_rate, 1055.0 / 1190.0, 1e-12);
	assert_int_equal(p.rank, 0);
	assert_int_equal(p.ranked, 0);

	/* Every item at once agrees with one at a time. */
	struct kpi_content_perf *all;
	size_t n;
	assert_int_equal(kpi_content_performance_all(f->db, f->set, today, &all, &n, &cause), 0);
	assert_int_equal(n, 6); /* x, y and the four w; z only planned */
	const struct kpi_content_perf *px = kpi_content_perf_find(all, n, x);
	assert_non_null(px);
	assert_int_equal(px->posts, 4);
	assert_near(px->open_rate, 55.0 / 190.0, 1e-12);
	assert_int_equal(px->rank, 5);
	assert_true(px->retire);
	const struct kpi_content_perf *pw = kpi_content_perf_find(all, n, w[0]);
	assert_non_null(pw);
	assert_int_equal(pw->rank, 1);
	assert_near(pw->open_rate, 0.9, 1e-12);
	assert_false(pw->retire);
	assert_null(kpi_content_perf_find(all, n, z));
	free(all);
}

/*
 * Items posted in one group on one day share that group-day's numbers, so they
 * tie; the id must not decide which of them is retired. Today 03-04: 50%, 40%,
 * 30% and T1, T2 both on 03-04 at 20%. Five measured, bottom fifth = 1, but the
 * last one kept (T1) ties with T2: nothing retired, T1 and T2 both rank 4.
 * Today 03-06, with P7 60% on 03-06 and U1, U2 both 10% on 03-05: eight
 * measured, bottom fifth = 2, the lowest kept is a 20% item, both 10% retired.
 */
static void content_ties_never_decided_by_id(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	int64_t p0 = add_item(f, "P0"), p1 = add_item(f, "P1"), p2 = add_item(f, "P2");
	int64_t t1 = add_item(f, "T1"), t2 = add_item(f, "T2");
	int64_t u1 = add_item(f, "U1"), u2 = add_item(f, "U2"), p7 = add_item(f, "P7");
	slot(f, f->b, "2026-03-01", "20:00", p0, "posted");
	slot(f, f->b, "2026-03-02", "20:00", p1, "posted");
	slot(f, f->b, "2026-03-03", "20:00", p2, "posted");
	slot(f, f->b, "2026-03-04", "10:00", t1, "posted");
	slot(f, f->b, "2026-03-04", "20:00", t2, "posted");
	slot(f, f->b, "2026-03-05", "10:00", u1, "posted");
	slot(f, f->b, "2026-03-05", "20:00", u2, "posted");
	slot(f, f->b, "2026-03-06", "20:00", p7, "posted");
	import_ok(f, "日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n"
		     "2026-03-01,职场穿搭研究所,100,50,100,5\n"
		     "2026-03-02,职场穿搭研究所,100,40,100,5\n"
		     "2026-03-03,职场穿搭研究所,100,30,100,5\n"
		     "2026-03-04,职场穿搭研究所,100,20,100,5\n"
		     "2026-03-05,职场穿搭研究所,100,10,100,5\n"
		     "2026-03-06,职场穿搭研究所,100,60,100,5\n");
	struct kpi_content_row *rows;
	size_t n;
	assert_int_equal(kpi_content_report(f->db, f->set, D("2026-03-04"), 30, &rows, &n, &cause), 0);
	assert_int_equal(n, 5);
	assert_int_equal(rows[3].content_id, t1);
	assert_int_equal(rows[4].content_id, t2);
	assert_near(rows[3].open_rate, 0.2, 1e-12);
	assert_near(rows[4].open_rate, 0.2, 1e-12);
	for (size_t i = 0; i < n; i++)
		assert_false(rows[i].retire);
	kpi_content_report_free(rows, n);
	struct kpi_content_perf p;
	assert_int_equal(kpi_content_performance(f->db, f->set, t1, D("2026-03-04"), &p, &cause), 0);
	assert_int_equal(p.rank, 4);
	assert_false(p.retire);
	assert_int_equal(kpi_content_performance(f->db, f->set, t2, D("2026-03-04"), &p, &cause), 0);
	assert_int_equal(p.rank, 4);
	assert_int_equal(p.ranked, 5);
	assert_false(p.retire);

	assert_int_equal(kpi_content_report(f->db, f->set, D("2026-03-06"), 30, &rows, &n, &cause), 0);
	assert_int_equal(n, 8);
	assert_int_equal(rows[0].content_id, p7);
	for (size_t i = 0; i < 6; i++)
		assert_false(rows[i].retire);
	assert_true(rows[6].retire);
	assert_true(rows[7].retire);
	assert_true((rows[6].content_id == u1 && rows[7].content_id == u2));
	kpi_content_report_free(rows, n);
	assert_int_equal(kpi_content_performance(f->db, f->set, u2, D("2026-03-06"), &p, &cause), 0);
	assert_int_equal(p.rank, 7);
	assert_true(p.retire);
	assert_int_equal(kpi_content_performance(f->db, f->set, t2, D("2026-03-06"), &p, &cause), 0);
	assert_int_equal(p.rank, 5);
	assert_false(p.retire);
}

/* kpi_format_rate writes what snprintf's "%.1f%%" writes, ties and edges included. */
static void rate_format_is_printf(void **state)
{
	(void)state;
	char got[16], want[16];
	/* Every ratio a/b a report can show for up to 400 members (ties at .x5 among them). */
	for (int b = 1; b <= 400; b++)
		for (int a = 0; a <= b; a++) {
			double r = (double)a / b;
			kpi_format_rate(true, r, got, sizeof got);
			snprintf(want, sizeof want, "%.1f%%", r * 100);
			assert_string_equal(got, want);
		}
	static const double edge[] = {0, -0.0, 0.00049999, 0.0005, 0.00051, 0.41449999999,
				      0.4145, 0.99995, 1, 12.3456, -0.25, 1e12, NAN, INFINITY};
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
		kpi_format_rate(true, edge[i], got, sizeof got);
		snprintf(want, sizeof want, "%.1f%%", edge[i] * 100);
		assert_string_equal(got, want);
	}
	kpi_format_rate(false, 0.5, got, sizeof got);
	assert_string_equal(got, "—");
	/* A small buffer is cut as snprintf cuts. */
	char small[4];
	kpi_format_rate(true, 0.414, small, sizeof small);
	assert_string_equal(small, "41.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_format_is_printf),
		cmocka_unit_test_setup_teardown(ratio_of_sums_not_mean_of_ratios, setup, teardown),
		cmocka_unit_test_setup_teardown(sums_only_over_days_with_every_counter, setup, teardown),
		cmocka_unit_test_setup_teardown(all_groups_sum_per_group_and_day, setup, teardown),
		cmocka_unit_test_setup_teardown(zero_denominator_is_undefined, setup, teardown),
		cmocka_unit_test_setup_teardown(gbk_file_with_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(bom_quotes_and_percent_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_rows_refuse_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(partial_imports_the_good_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(title_line_totals_and_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(header_errors, setup, teardown),
		cmocka_unit_test(parse_days_and_numbers),
		cmocka_unit_test_setup_teardown(manual_entry_status_and_advice, setup, teardown),
		cmocka_unit_test_setup_teardown(window_ends_yesterday_for_dashboard_and_advice, setup,
						teardown),
		cmocka_unit_test_setup_teardown(advice_memo_never_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(formats_and_thresholds, setup, teardown),
		cmocka_unit_test_setup_teardown(set_based_equals_one_by_one, setup, teardown),
		cmocka_unit_test_setup_teardown(content_report_and_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(content_report_kept_equals_computed, setup, teardown),
		cmocka_unit_test_setup_teardown(content_report_each_long_titles, setup, teardown),
		cmocka_unit_test_setup_teardown(content_performance, setup, teardown),
		cmocka_unit_test_setup_teardown(content_ties_never_decided_by_id, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
