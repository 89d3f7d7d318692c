/*
 * The daily checklist: recurrence across week, month and year ends and leap
 * years, cold start, node countdowns, stage and type filters (pure, on a
 * playbook built in memory), then building, ordering and ticking on a database.
 */
#include <stdio.h>

#include "testutil.h"
#include "testsql.h"
#include "today.h"
#include "action-text.h"
#include "internal.h"
#include "calendar.h"
#include "checklist.h"
#include "content.h"
#include "group.h"
#include "kpi.h"
#include "playbook.h"

#define MON (1u << 0)
#define TUE (1u << 1)
#define WED (1u << 2)
#define THU (1u << 3)
#define FRI (1u << 4)
#define SAT (1u << 5)
#define SUN (1u << 6)
#define EVERYDAY 0x7Fu
#define WEEKDAYS 0x1Fu

static char *launch_only[] = {"launch"};
static char *later_stages[] = {"activation", "monetisation", "retention"};

static struct pb_stage stages[] = {
	{.key = "launch", .name = "初建期", .from_day = 0, .to_day = 7},
	{.key = "activation", .name = "激活期", .from_day = 7, .to_day = 30},
	{.key = "monetisation", .name = "变现期", .from_day = 30, .to_day = 90},
	{.key = "retention", .name = "留存期", .from_day = 90, .to_day = -1},
};

static int qixi_dates[2];

static struct pb_node nodes[] = {
	{.name = "女王节", .month = 3, .day = 8},
	{.name = "元旦", .month = 1, .day = 1},
	{.name = "七夕", .dates = qixi_dates, .n_dates = 2},
};

/* Playbook order matters for ties: keep these in the order the tests expect. */
static struct pb_action actions[] = {
	{.id = "morning", .title = "早安问候", .at = 8 * 60 + 30, .every = EVERY_WEEKDAYS,
	 .weekdays = EVERYDAY},
	{.id = "knowledge", .title = "育儿干货", .at = 10 * 60, .every = EVERY_WEEKDAYS,
	 .weekdays = WEEKDAYS},
	{.id = "brief", .title = "周一行业早报", .at = 9 * 60, .every = EVERY_WEEKDAYS,
	 .weekdays = MON},
	{.id = "flash", .title = "限时秒杀/会员日", .at = 20 * 60, .every = EVERY_WEEKDAYS,
	 .weekdays = WED | FRI},
	{.id = "plan", .title = "月初主题策划", .at = -1, .every = EVERY_MONTH_START},
	{.id = "review", .title = "月末数据复盘", .at = 18 * 60, .every = EVERY_MONTH_END},
	{.id = "d31", .title = "31号对账", .at = -1, .every = EVERY_MONTH_DAY, .month_day = 31},
	{.id = "survey", .title = "月中用户调研", .at = 15 * 60, .every = EVERY_MONTH_DAY,
	 .month_day = 15},
	{.id = "welcome", .title = "入群欢迎语+群规", .at = 9 * 60, .group_day = 1},
	{.id = "first-topic", .title = "首次互动话题", .at = 15 * 60, .group_day = 3},
	{.id = "queen", .title = "女王节倒计时", .at = 12 * 60, .before_node = "女王节",
	 .days_before = {3, 1}, .n_days_before = 2, .stages = later_stages, .n_stages = 3,
	 .group_types = (1u << GROUP_PROMOTION) | (1u << GROUP_SEGMENTED)},
	{.id = "newyear", .title = "元旦倒计时", .at = -1, .before_node = "元旦",
	 .days_before = {3}, .n_days_before = 1},
	{.id = "qixi", .title = "七夕预热", .at = -1, .before_node = "七夕",
	 .days_before = {7, 0}, .n_days_before = 2},
	{.id = "after-sales", .title = "售后答疑汇总", .at = 17 * 60, .every = EVERY_WEEKDAYS,
	 .weekdays = EVERYDAY, .group_types = 1u << GROUP_SERVICE},
	{.id = "checkin", .title = "连续签到", .at = 8 * 60 + 30, .every = EVERY_WEEKDAYS,
	 .weekdays = EVERYDAY, .stages = launch_only, .n_stages = 1},
};

static struct playbook pb = {
	.name = "test",
	.stages = stages, .n_stages = ARRAY_LEN(stages),
	.nodes = nodes, .n_nodes = ARRAY_LEN(nodes),
	.actions = actions, .n_actions = ARRAY_LEN(actions),
};

static const struct pb_action *A(const char *id)
{
	for (size_t i = 0; i < ARRAY_LEN(actions); i++)
		if (strcmp(actions[i].id, id) == 0)
			return &actions[i];
	fail_msg("no test action %s", id);
	return NULL;
}

/* A group created long ago (retention stage) of the given type. */
static struct group G(enum group_type type, const char *created)
{
	struct group g = {.id = 1, .name = "群", .type = type, .created = D(created)};
	return g;
}

static bool due(const char *action, const struct group *g, const char *day)
{
	return playbook_action_due(&pb, A(action), g, D(day), NULL);
}

static int setup_pb(void **state)
{
	(void)state;
	qixi_dates[0] = D("2025-08-29");
	qixi_dates[1] = D("2026-08-19");
	return 0;
}

static void weekly_across_week_and_year_ends(void **state)
{
	(void)state;
	struct group g = G(GROUP_PROMOTION, "2020-01-01");
	/* Fri 2026-03-06, Sat, Sun, Mon 2026-03-09. */
	assert_true(due("knowledge", &g, "2026-03-06"));
	assert_false(due("knowledge", &g, "2026-03-07"));
	assert_false(due("knowledge", &g, "2026-03-08"));
	assert_true(due("knowledge", &g, "2026-03-09"));
	assert_true(due("morning", &g, "2026-03-07"));
	assert_true(due("morning", &g, "2026-03-08"));
	assert_true(due("brief", &g, "2026-03-09"));
	assert_false(due("brief", &g, "2026-03-10"));
	/* Across the year end: Mon 2025-12-29 and Mon 2026-01-05, nothing on Thu 2026-01-01. */
	assert_true(due("brief", &g, "2025-12-29"));
	assert_false(due("brief", &g, "2026-01-01"));
	assert_true(due("brief", &g, "2026-01-05"));
	/* A list of days: Wednesday and Friday only. */
	assert_true(due("flash", &g, "2026-03-04"));
	assert_false(due("flash", &g, "2026-03-05"));
	assert_true(due("flash", &g, "2026-03-06"));
	assert_true(due("flash", &g, "2026-12-30"));
	assert_true(due("flash", &g, "2027-01-01"));
	assert_false(due("flash", &g, "2026-12-31"));
	/* A whole week of the mask. */
	int n = 0;
	for (int d = D("2026-03-02"); d < D("2026-03-09"); d++)
		n += playbook_action_due(&pb, A("knowledge"), &g, d, NULL);
	assert_int_equal(n, 5);
}

static void monthly_across_month_ends_and_leap_years(void **state)
{
	(void)state;
	struct group g = G(GROUP_SEGMENTED, "2020-01-01");
	assert_true(due("review", &g, "2024-02-29"));
	assert_false(due("review", &g, "2024-02-28"));
	assert_true(due("review", &g, "2025-02-28"));
	assert_true(due("review", &g, "2025-12-31"));
	assert_false(due("review", &g, "2025-12-30"));
	assert_true(due("review", &g, "2026-04-30"));
	assert_true(due("plan", &g, "2026-01-01"));
	assert_true(due("plan", &g, "2024-03-01"));
	assert_false(due("plan", &g, "2025-12-31"));
	assert_false(due("plan", &g, "2026-03-02"));
	/* month-day 31: clamped to the last day of shorter months. */
	assert_true(due("d31", &g, "2026-04-30"));
	assert_false(due("d31", &g, "2026-04-29"));
	assert_false(due("d31", &g, "2026-05-30"));
	assert_true(due("d31", &g, "2026-05-31"));
	assert_true(due("d31", &g, "2024-02-29"));
	assert_false(due("d31", &g, "2024-02-28"));
	assert_true(due("d31", &g, "2025-02-28"));
	assert_true(due("survey", &g, "2026-02-15"));
	assert_false(due("survey", &g, "2026-02-14"));
	/* Exactly once a month over a leap year. */
	int n = 0;
	for (int d = D("2024-01-01"); d <= D("2024-12-31"); d++)
		n += playbook_action_due(&pb, A("d31"), &g, d, NULL);
	assert_int_equal(n, 12);
}

static void cold_start_days(void **state)
{
	(void)state;
	struct group g = G(GROUP_PROMOTION, "2026-03-04");
	assert_true(due("welcome", &g, "2026-03-04"));   /* day 1 = creation day */
	assert_false(due("welcome", &g, "2026-03-05"));
	assert_false(due("first-topic", &g, "2026-03-05"));
	assert_true(due("first-topic", &g, "2026-03-06")); /* day 3 */
	assert_false(due("first-topic", &g, "2026-03-07"));
	/* Nothing before the group exists. */
	assert_false(due("morning", &g, "2026-03-03"));
	assert_false(due("welcome", &g, "2026-03-03"));
	assert_true(due("morning", &g, "2026-03-04"));
	/* Cold start across a month end. */
	struct group h = G(GROUP_SERVICE, "2026-02-27");
	assert_true(due("first-topic", &h, "2026-03-01"));
	assert_int_equal(group_age(&h, D("2026-03-01")), 2);
}

static void node_countdowns(void **state)
{
	(void)state;
	struct group g = G(GROUP_PROMOTION, "2025-01-01");
	int left = -1;
	assert_true(playbook_action_due(&pb, A("queen"), &g, D("2026-03-05"), &left));
	assert_int_equal(left, 3);
	assert_false(due("queen", &g, "2026-03-06"));
	assert_true(playbook_action_due(&pb, A("queen"), &g, D("2026-03-07"), &left));
	assert_int_equal(left, 1);
	assert_false(due("queen", &g, "2026-03-08"));
	/* A node in January counted down from December. */
	assert_true(playbook_action_due(&pb, A("newyear"), &g, D("2025-12-29"), &left));
	assert_int_equal(left, 3);
	assert_false(due("newyear", &g, "2025-12-30"));
	assert_false(due("newyear", &g, "2026-01-01"));
	/* Explicit (lunar) dates: 7 days before and on the day; another year's date too. */
	assert_true(playbook_action_due(&pb, A("qixi"), &g, D("2026-08-12"), &left));
	assert_int_equal(left, 7);
	assert_true(playbook_action_due(&pb, A("qixi"), &g, D("2026-08-19"), &left));
	assert_int_equal(left, 0);
	assert_true(due("qixi", &g, "2025-08-22"));
	assert_false(due("qixi", &g, "2026-08-29")); /* last year's date is not this year's */
}

static void stage_boundaries_and_type_filters(void **state)
{
	(void)state;
	/* Created 2026-02-26: age 6 on 03-04 (launch), age 7 on 03-05 (activation). */
	struct group g = G(GROUP_SEGMENTED, "2026-02-26");
	assert_true(due("checkin", &g, "2026-03-04"));
	assert_false(due("checkin", &g, "2026-03-05"));
	assert_true(due("queen", &g, "2026-03-05"));   /* activation: allowed */
	struct group young = G(GROUP_SEGMENTED, "2026-02-28");
	assert_false(due("queen", &young, "2026-03-05")); /* age 5: launch, filtered */
	assert_true(due("queen", &young, "2026-03-07"));  /* age 7: activation */
	/* Types: the countdown is not for service groups; after-sales only for them. */
	struct group svc = G(GROUP_SERVICE, "2025-01-01");
	assert_false(due("queen", &svc, "2026-03-05"));
	assert_true(due("after-sales", &svc, "2026-03-05"));
	assert_false(due("after-sales", &g, "2026-03-05"));
	/* Stage lookup at the edges. */
	assert_string_equal(playbook_stage_for_age(&pb, 0)->key, "launch");
	assert_string_equal(playbook_stage_for_age(&pb, 6)->key, "launch");
	assert_string_equal(playbook_stage_for_age(&pb, 7)->key, "activation");
	assert_string_equal(playbook_stage_for_age(&pb, 29)->key, "activation");
	assert_string_equal(playbook_stage_for_age(&pb, 30)->key, "monetisation");
	assert_string_equal(playbook_stage_for_age(&pb, 90)->key, "retention");
	assert_string_equal(playbook_stage_for_age(&pb, 5000)->key, "retention");
}

static void overdue_and_ids(void **state)
{
	(void)state;
	struct checklist_item it = {.action = A("morning")};
	assert_false(checklist_item_overdue(&it, 8 * 60 + 30));
	assert_true(checklist_item_overdue(&it, 8 * 60 + 31));
	it.ticked = true;
	assert_false(checklist_item_overdue(&it, 23 * 60));
	struct checklist_item any = {.action = A("plan")};
	assert_false(checklist_item_overdue(&any, 23 * 60 + 59));

	int64_t gid;
	char *aid, *cause = NULL;
	assert_int_equal(checklist_parse_id("3:morning", &gid, &aid, &cause), 0);
	assert_int_equal(gid, 3);
	assert_string_equal(aid, "morning");
	free(aid);
	assert_int_equal(checklist_parse_id("12:first-topic", &gid, &aid, &cause), 0);
	assert_int_equal(gid, 12);
	assert_string_equal(aid, "first-topic");
	free(aid);
	const char *bad[] = {"morning", ":morning", "3:", "x3:morning", "3 :a", "3:a b", "", "3:a:b",
			     "99999999999999999999:a"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		cause = NULL;
		if (checklist_parse_id(bad[i], &gid, &aid, &cause) == 0)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(strstr(cause, "GROUPID:ACTIONID"));
		free(cause), cause = NULL;
	}
}

/* ---- on a database ---- */

/* One number from SQL, for checking what was written. */
static long long sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char test_playbook[] =
	"playbook: 测试SOP\n"
	"version: \"1.0\"\n"
	"stages:\n"
	"  - {key: launch, name: 初建期, from_day: 0, to_day: 7}\n"
	"  - {key: activation, name: 激活期, from_day: 7, to_day: 30}\n"
	"  - {key: monetisation, name: 变现期, from_day: 30, to_day: 90}\n"
	"  - {key: retention, name: 留存期, from_day: 90}\n"
	"actions:\n"
	"  - {id: evening, title: 福利推送, at: \"20:00\", every: day}\n"
	"  - {id: morning, title: 早安问候, at: \"08:30\", every: day}\n"
	"  - {id: review, title: 月末数据复盘, every: month-end}\n"
	"  - {id: knowledge, title: 育儿干货, at: \"10:00\", every: weekday}\n"
	"  - {id: welcome, title: 入群欢迎语, at: \"08:30\", on_group_day: 1}\n"
	"  - {id: wed, title: 周三直播预告, at: \"15:00\", every: [wed]}\n"
	"nodes:\n"
	"  - {name: 女王节, date: \"03-08\"}\n";

/* A database with the test playbook active and three groups; returns their ids by name. */
static struct db *db_with_groups(int64_t ids[3])
{
	struct db *db = test_db();
	struct playbook *p;
	char *cause = NULL;
	if (playbook_parse(test_playbook, strlen(test_playbook), "test.yaml", &p, &cause) < 0 ||
	    playbook_store(db, p, test_playbook, "test.yaml", "tester", &cause) < 0)
		fail_msg("test playbook: %s", cause);
	playbook_free(p);
	test_groups(db, "- {name: 乙群, platform: wecom, type: promotion, created: 2026-01-01}\n"
			"- {name: 甲群, platform: wechat, type: 客户服务型, created: 2026-03-04}\n"
			"- {name: 未来群, platform: wecom, type: segmented, created: 2026-03-10}\n",
		    false);
	const char *names[] = {"乙群", "甲群", "未来群"};
	for (int i = 0; i < 3; i++)
		ids[i] = test_group_id(db, names[i]);
	return db;
}

static struct playbook *active(struct db *db)
{
	struct playbook *p;
	char *cause = NULL;
	if (playbook_load_active(db, &p, &cause) < 0)
		fail_msg("load: %s", cause);
	return p;
}

/* Every playbook of the workspace, as the Today screen loads them. */
static struct playbook_set *set_of(struct db *db)
{
	struct playbook_set *s;
	char *cause = NULL;
	if (playbook_set_load(db, &s, &cause) < 0)
		fail_msg("load: %s", cause);
	return s;
}

static void build_orders_by_group_then_time(void **state)
{
	(void)state;
	int64_t id[3];
	struct db *db = db_with_groups(id);
	struct playbook *p = active(db);
	struct playbook_set *s = set_of(db);
	struct checklist cl;
	char *cause = NULL;
	/* Wednesday 2026-03-04: 甲群 is on day 1. */
	assert_int_equal(today_build(db, s, D("2026-03-04"), NULL, &cl, &cause), 0);
	/* The future group is not listed; groups by name in pinyin (jiǎ before yǐ), not by
	   code point (乙 U+4E59 < 甲 U+7532). */
	assert_int_equal(cl.n_groups, 2);
	assert_string_equal(cl.groups[0].name, "甲群");
	assert_string_equal(cl.groups[1].name, "乙群");
	struct buf got = {0};
	for (size_t i = 0; i < cl.n_items; i++)
		buf_addf(&got, "%s:%s ", cl.groups[cl.items[i].group].name, cl.items[i].action->id);
	assert_string_equal(buf_str(&got),
			    "甲群:morning 甲群:welcome 甲群:knowledge 甲群:wed 甲群:evening "
			    "乙群:morning 乙群:knowledge 乙群:wed 乙群:evening ");
	buf_free(&got);
	checklist_free(&cl);

	/* Month end on a Saturday: no weekday action, the any-time review last. */
	assert_int_equal(today_build(db, s, D("2026-01-31"), NULL, &cl, &cause), 0);
	assert_int_equal(cl.n_groups, 1);
	assert_int_equal(cl.n_items, 3);
	assert_string_equal(cl.items[0].action->id, "morning");
	assert_string_equal(cl.items[1].action->id, "evening");
	assert_string_equal(cl.items[2].action->id, "review");
	checklist_free(&cl);

	/* One group by name; an unknown name is an error. */
	assert_int_equal(today_build(db, s, D("2026-03-04"), "甲群", &cl, &cause), 0);
	assert_int_equal(cl.n_groups, 1);
	assert_int_equal(cl.n_items, 5);
	checklist_free(&cl);
	assert_int_equal(today_build(db, s, D("2026-03-04"), "没有这个群", &cl, &cause), -1);
	assert_non_null(strstr(cause, "没有这个群"));
	free(cause), cause = NULL;
	playbook_set_free(s);
	playbook_free(p);
	db_close(db);
}

static void tick_untick_recorded_with_operator(void **state)
{
	(void)state;
	int64_t id[3];
	struct db *db = db_with_groups(id);
	struct playbook *p = active(db);
	struct playbook_set *s = set_of(db);
	char *cause = NULL;
	int day = D("2026-03-04");
	assert_int_equal(today_tick(db, id[1], "welcome", day, "小美", &cause), 0);
	assert_int_equal(today_tick(db, id[0], "morning", day, "阿杰", &cause), 0);
	/* Ticking again keeps the first operator. */
	assert_int_equal(today_tick(db, id[1], "welcome", day, "tester", &cause), 0);

	struct checklist cl;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	size_t done, total;
	checklist_progress(&cl, (size_t)-1, &done, &total);
	assert_int_equal(done, 2);
	assert_int_equal(total, 9);
	/* Pinyin order: 甲群 (jiǎ) is group 0, 乙群 (yǐ) group 1. */
	checklist_progress(&cl, 0, &done, &total);
	assert_int_equal(done, 1);
	assert_int_equal(total, 5);
	checklist_progress(&cl, 1, &done, &total);
	assert_int_equal(done, 1);
	assert_int_equal(total, 4);
	for (size_t i = 0; i < cl.n_items; i++) {
		const struct checklist_item *it = &cl.items[i];
		bool want = (it->group == 0 && strcmp(it->action->id, "welcome") == 0) ||
			    (it->group == 1 && strcmp(it->action->id, "morning") == 0);
		assert_int_equal(it->ticked, want);
		if (want) {
			assert_string_equal(it->ticked_by, it->group == 0 ? "小美" : "阿杰");
			/* Stored in UTC, ISO 8601 with Z. */
			assert_int_equal(strlen(it->ticked_at), 20);
			assert_int_equal(it->ticked_at[19], 'Z');
		}
	}
	checklist_free(&cl);

	/* The next day starts fresh. */
	assert_int_equal(today_build(db, s, day + 1, NULL, &cl, &cause), 0);
	checklist_progress(&cl, (size_t)-1, &done, &total);
	assert_int_equal(done, 0);
	checklist_free(&cl);

	/* Untick, then untick again is an error that says so. */
	assert_int_equal(today_untick(db, id[1], "welcome", day, "tester", &cause), 0);
	assert_int_equal(today_untick(db, id[1], "welcome", day, "tester", &cause), -1);
	assert_non_null(strstr(cause, "not ticked"));
	free(cause), cause = NULL;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	checklist_progress(&cl, (size_t)-1, &done, &total);
	assert_int_equal(done, 1);
	checklist_free(&cl);
	/* Audited: two ticks (the repeated one changed nothing) and one untick. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE kind = 'tick'"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE kind = 'untick' AND "
				     "detail LIKE '%:welcome 2026-03-04' AND operator = 'tester'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM tick"), 1);
	playbook_set_free(s);
	playbook_free(p);
	db_close(db);
}

static void tick_refuses_what_is_not_due(void **state)
{
	(void)state;
	int64_t id[3];
	struct db *db = db_with_groups(id);
	char *cause = NULL;
	int day = D("2026-03-04");
	char want[128];
	/* Welcome is day 1 of 甲群, not of 乙群. */
	assert_int_equal(today_tick(db, id[0], "welcome", day, "t", &cause), -1);
	snprintf(want, sizeof want, "%lld:welcome is not on the checklist for 2026-03-04",
		 (long long)id[0]);
	assert_non_null(strstr(cause, want));
	free(cause), cause = NULL;
	/* Unknown action. */
	assert_int_equal(today_tick(db, id[0], "foo", day, "t", &cause), -1);
	snprintf(want, sizeof want, "%lld:foo is not on the checklist for 2026-03-04",
		 (long long)id[0]);
	assert_non_null(strstr(cause, want));
	free(cause), cause = NULL;
	/* Unknown group; a group before its creation day. */
	assert_int_equal(today_tick(db, 999, "morning", day, "t", &cause), -1);
	assert_non_null(strstr(cause, "no group with id 999"));
	free(cause), cause = NULL;
	assert_int_equal(today_tick(db, id[2], "morning", day, "t", &cause), -1);
	free(cause), cause = NULL;
	/* Not a weekday. */
	assert_int_equal(today_tick(db, id[0], "knowledge", D("2026-03-07"), "t", &cause), -1);
	free(cause), cause = NULL;
	assert_int_equal(today_tick(db, id[0], "knowledge", D("2026-03-06"), "t", &cause), 0);
	db_close(db);
}

/* Set seven days of counters before 2026-03-04 for one group. */
static void set_week(struct db *db, const struct playbook *p, int64_t group, double speakers)
{
	char *cause = NULL;
	for (int d = 0; d < 7; d++) {
		struct kpi_counter_value v[] = {
			{"members", true, 100}, {"speakers", true, speakers}, {"delivered", true, 100},
			{"opens", true, 30}, {"participants", true, 20}, {"left", true, 0}};
		if (kpi_set_day(db, p, group, D("2026-02-25") + d, D("2026-03-04"), v, ARRAY_LEN(v), "tester",
				&cause) < 0)
			fail_msg("%s", cause);
	}
}

/*
 * Two groups in the activation stage (day 13) with a week of counters: the weak one's
 * speaker rate 5/100 = 5% is under the playbook's 10%, the fine one's 30% is not;
 * more_rows adds groups after them.
 */
static void weak_and_fine(struct db *db, const struct playbook *p, const char *more_rows,
			  struct group *weak, struct group *fine)
{
	char *cause = NULL;
	char *csv = xasprintf("name,platform,type,created\n"
			      "宝妈育儿交流群,wecom,segmented,2026-02-20\n"
			      "健康群,wecom,segmented,2026-02-20\n%s", more_rows);
	test_groups(db, csv, true);
	free(csv);
	assert_int_equal(group_find(db, "宝妈育儿交流群", weak, &cause), 0);
	assert_int_equal(group_find(db, "健康群", fine, &cause), 0);
	set_week(db, p, weak->id, 5);
	set_week(db, p, fine->id, 30);
}

static void kpi_advice_becomes_an_item(void **state)
{
	(void)state;
	test_locale();
	struct db *db = test_db();
	char *cause = NULL;
	struct group weak, fine;
	struct playbook *p = active(db);
	weak_and_fine(db, p, "", &weak, &fine);
	struct playbook_set *s = set_of(db);
	int day = D("2026-03-04");
	struct checklist cl;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	size_t kpi_items = 0;
	const struct checklist_item *adv = NULL;
	for (size_t i = 0; i < cl.n_items; i++) {
		if (!cl.items[i].kpi_action)
			continue;
		kpi_items++;
		adv = &cl.items[i];
		/* After the group's playbook actions: the last of its items. */
		assert_true(i + 1 == cl.n_items || cl.items[i + 1].group != adv->group);
	}
	assert_int_equal(kpi_items, 1);
	assert_int_equal(cl.groups[adv->group].id, weak.id);
	assert_string_equal(adv->action->id, "kpi-speaker_rate");
	assert_string_equal(adv->metric->key, "speaker_rate");
	/* English (the tests' language): the playbook's name_en and advice_en. */
	assert_non_null(strstr(adv->action->title, "KPI alert · speaker rate"));
	assert_non_null(strstr(adv->action->title, "add interaction topics"));
	assert_non_null(strstr(adv->action->title, "5.0%"));
	checklist_free(&cl);

	/* It ticks like an action (recorded, audited); advice the group does not have does not. */
	assert_int_equal(today_tick(db, weak.id, "kpi-speaker_rate", day, "小美", &cause), 0);
	assert_int_equal(today_tick(db, fine.id, "kpi-speaker_rate", day, "小美", &cause), -1);
	assert_non_null(strstr(cause, "no KPI advice on 'speaker_rate'"));
	free(cause), cause = NULL;
	assert_int_equal(today_build(db, s, day, "宝妈育儿交流群", &cl, &cause), 0);
	size_t done, total;
	checklist_progress(&cl, (size_t)-1, &done, &total);
	assert_int_equal(done, 1);
	assert_true(cl.items[cl.n_items - 1].ticked);
	assert_string_equal(cl.items[cl.n_items - 1].ticked_by, "小美");
	checklist_free(&cl);

	/* Once the numbers recover, the advice is gone from the list. */
	set_week(db, p, weak.id, 25);
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	for (size_t i = 0; i < cl.n_items; i++)
		assert_null(cl.items[i].kpi_action);
	checklist_free(&cl);
	group_clear(&weak);
	group_clear(&fine);
	playbook_set_free(s);
	playbook_free(p);
	db_close(db);
}

/* The item of action id for the only group, or NULL. */
static const struct checklist_item *item_of(const struct checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->n_items; i++)
		if (strcmp(cl->items[i].action->id, id) == 0)
			return &cl->items[i];
	return NULL;
}

static void scheduled_content_on_the_item(void **state)
{
	(void)state;
	test_locale();
	struct db *db = test_db();
	char *cause = NULL;
	test_groups(db, "name,platform,type,created\n宝妈育儿交流群,wecom,segmented,2026-02-20\n",
		    true);
	struct group g;
	assert_int_equal(group_find(db, "宝妈育儿交流群", &g, &cause), 0);
	struct playbook *p = active(db);
	struct playbook_set *s = set_of(db);
	int day = D("2026-03-04");
	struct cal_fill f = {.topic = "早安图：春季育儿小贴士", .status = -1, .action_id = "morning"};
	if (calendar_fill(db, p, g.id, day, 8 * 60 + 30, &f, "小美", &cause) < 0)
		fail_msg("%s", cause);
	struct checklist cl;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	const struct checklist_item *m = item_of(&cl, "morning");
	assert_non_null(m);
	assert_true(m->has_slot);
	assert_string_equal(m->slot_label, "早安图：春季育儿小贴士");
	assert_int_equal(m->slot_status, SLOT_PLANNED);
	assert_int_equal(m->slot_content_id, 0);
	/* Nothing is scheduled for the evening perks: no slot on that item. */
	assert_false(item_of(&cl, "perks")->has_slot);
	checklist_free(&cl);

	/* Ticking the action posts its content; the checklist shows it posted. */
	assert_int_equal(today_tick(db, g.id, "morning", day, "小美", &cause), 0);
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	assert_int_equal(item_of(&cl, "morning")->slot_status, SLOT_POSTED);
	checklist_free(&cl);
	/* The next day has nothing scheduled. */
	assert_int_equal(today_build(db, s, day + 1, NULL, &cl, &cause), 0);
	assert_false(item_of(&cl, "morning")->has_slot);
	checklist_free(&cl);

	/* A library item on the next day: its body is the text, read when asked for. */
	struct content_item c = {.title = "春季育儿小贴士", .category = "", .zone = "",
				 .form = "text", .style = "", .source = "", .body = "宝妈们早，春捂秋冻",
				 .date = day};
	assert_int_equal(content_add(db, &c, "小美", &cause), 0);
	struct cal_fill f2 = {.content_id = c.id, .status = -1, .action_id = "morning"};
	if (calendar_fill(db, p, g.id, day + 1, 8 * 60 + 30, &f2, "小美", &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(today_build(db, s, day + 1, NULL, &cl, &cause), 0);
	m = item_of(&cl, "morning");
	assert_int_equal(m->slot_content_id, c.id);
	assert_null(m->slot_body); /* a screen shows no body: not read for every item */
	struct action_text t;
	assert_int_equal(action_text_item(db, &cl, m, "小美", &t, &cause), 0);
	assert_string_equal(t.text, "宝妈们早，春捂秋冻");
	assert_string_equal(t.content_title, "春季育儿小贴士");
	assert_string_equal(t.content_form, "text");
	action_text_clear(&t);
	/* today --json reads every body at once, the same text. */
	assert_int_equal(today_load_bodies(db, &cl, &cause), 0);
	assert_string_equal(m->slot_body, "宝妈们早，春捂秋冻");
	assert_int_equal(action_text_item(db, &cl, m, "小美", &t, &cause), 0);
	assert_string_equal(t.text, "宝妈们早，春捂秋冻");
	assert_string_equal(t.content_title, "春季育儿小贴士");
	assert_string_equal(t.content_form, "text");
	action_text_clear(&t);
	checklist_free(&cl);
	group_clear(&g);
	playbook_set_free(s);
	playbook_free(p);
	db_close(db);
}

/*
 * The bodies today --json reads at once (content_bodies, read in id order): each asked
 * place gets its own item's body whatever the order, an id asked twice both times, an item
 * that is gone "", and nothing asked nothing read.
 */
static void bodies_in_any_order(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	int64_t id[4];
	const char *body[4] = {"一号正文", "二号正文", "", "四号正文，较长的一段"};
	for (int i = 0; i < 4; i++) {
		char title[32];
		snprintf(title, sizeof title, "条目%d", i);
		struct content_item c = {.title = title, .category = "", .zone = "", .form = "",
					 .style = "", .source = "", .body = (char *)body[i],
					 .date = D("2026-03-01")};
		assert_int_equal(content_add(db, &c, "小美", &cause), 0);
		id[i] = c.id;
	}
	int64_t ask[7] = {id[3], id[0], id[3], id[1] + 1000, id[1], id[0], id[2]};
	const char *want[7] = {body[3], body[0], body[3], "", body[1], body[0], ""};
	char **got;
	assert_int_equal(content_bodies(db, ask, 7, &got, &cause), 0);
	for (int i = 0; i < 7; i++) {
		assert_string_equal(got[i], want[i]);
		free(got[i]);
	}
	free(got);
	assert_int_equal(content_bodies(db, ask, 0, &got, &cause), 0);
	free(got);
	db_close(db);
}

/* A second business line: its own "morning" (same id, another title and time), a workout and a node. */
static const char fitness_playbook[] =
	"playbook: 健身SOP\n"
	"version: \"3.1\"\n"
	"stages:\n"
	"  - {key: launch, name: 新手期, from_day: 0, to_day: 14}\n"
	"  - {key: habit, name: 习惯期, from_day: 14}\n"
	"actions:\n"
	"  - {id: morning, title: 晨练打卡, at: \"07:00\", every: day, template: morning}\n"
	"  - {id: workout, title: 晚间训练营, at: \"18:30\", every: day}\n"
	"  - {id: burn-week, title: 燃脂周预告, at: \"12:00\", before_node: 燃脂周, days_before: 3,"
	" template: countdown}\n"
	"nodes:\n"
	"  - {name: 燃脂周, date: \"03-07\"}\n"
	"templates:\n"
	"  morning: \"{group}的伙伴们早！今天{stage}，先打卡再出门\"\n"
	"  countdown: \"距{node}还有{days}天\"\n";

/* The items of one group, "id=title@HH:MM" each, in order. */
static char *items_of(const struct checklist *cl, const char *group)
{
	struct buf b = {0};
	for (size_t i = 0; i < cl->n_items; i++) {
		const struct checklist_item *it = &cl->items[i];
		if (strcmp(cl->groups[it->group].name, group) != 0)
			continue;
		buf_addf(&b, "%s=%s@%02d:%02d ", it->action->id, it->action->title,
			 it->action->at / 60, it->action->at % 60);
	}
	return b.data ? b.data : xstrdup("");
}

/* The item of action id for the group called group, or NULL. */
static const struct checklist_item *item_in(const struct checklist *cl, const char *group,
					    const char *id)
{
	for (size_t i = 0; i < cl->n_items; i++)
		if (strcmp(cl->groups[cl->items[i].group].name, group) == 0 &&
		    strcmp(cl->items[i].action->id, id) == 0)
			return &cl->items[i];
	return NULL;
}

static void each_group_on_its_own_playbook(void **state)
{
	(void)state;
	test_locale();
	struct db *db = test_db();
	char *cause = NULL;
	struct playbook *p;
	if (playbook_parse(test_playbook, strlen(test_playbook), "test.yaml", &p, &cause) < 0 ||
	    playbook_store(db, p, test_playbook, "test.yaml", "tester", &cause) < 0)
		fail_msg("test playbook: %s", cause);
	playbook_free(p);
	if (playbook_parse(fitness_playbook, strlen(fitness_playbook), "fit.yaml", &p, &cause) < 0 ||
	    playbook_store(db, p, fitness_playbook, "fit.yaml", "tester", &cause) < 0)
		fail_msg("fitness playbook: %s", cause);
	playbook_free(p);
	/* 无名群 names none: it runs on the default, the playbook imported last (健身SOP). */
	const char *csv = "name,platform,type,created,playbook\n"
			  "宝妈一群,wecom,promotion,2026-01-01,测试SOP\n"
			  "健身一群,wechat,segmented,2026-02-25,健身SOP\n"
			  "无名群,wecom,promotion,2026-01-01,\n";
	size_t n;
	if (group_import_text(db, csv, strlen(csv), "g.csv", true, "tester", &n, &cause) < 0)
		fail_msg("groups: %s", cause);
	struct playbook_set *s = set_of(db);
	int day = D("2026-03-04");
	struct checklist cl;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	char *got = items_of(&cl, "宝妈一群");
	assert_string_equal(got, "morning=早安问候@08:30 knowledge=育儿干货@10:00 "
			    "wed=周三直播预告@15:00 evening=福利推送@20:00 ");
	free(got);
	got = items_of(&cl, "健身一群");
	assert_string_equal(got, "morning=晨练打卡@07:00 burn-week=燃脂周预告@12:00 "
			    "workout=晚间训练营@18:30 ");
	free(got);
	got = items_of(&cl, "无名群");
	assert_string_equal(got, "morning=晨练打卡@07:00 burn-week=燃脂周预告@12:00 "
			    "workout=晚间训练营@18:30 ");
	free(got);
	/* The group's own playbook, its stage names, its node countdown and its templates. */
	const struct checklist_item *fm = item_in(&cl, "健身一群", "morning");
	const struct checklist_item *bm = item_in(&cl, "宝妈一群", "morning");
	const struct checklist_item *bw = item_in(&cl, "健身一群", "burn-week");
	assert_string_equal(checklist_playbook(&cl, fm->group)->name, "健身SOP");
	assert_string_equal(checklist_playbook(&cl, bm->group)->name, "测试SOP");
	assert_string_equal(bw->node, "燃脂周");
	assert_int_equal(bw->node_days, 3);
	struct action_text t;
	assert_int_equal(action_text_item(db, &cl, fm, "小美", &t, &cause), 0);
	assert_string_equal(t.text, "健身一群的伙伴们早！今天新手期，先打卡再出门");
	action_text_clear(&t);
	assert_int_equal(action_text_item(db, &cl, bm, "小美", &t, &cause), 0);
	assert_string_equal(t.text, "早安问候");
	action_text_clear(&t);
	assert_int_equal(action_text_item(db, &cl, bw, "小美", &t, &cause), 0);
	assert_string_equal(t.text, "距燃脂周还有3天");
	action_text_clear(&t);
	int64_t mom = cl.groups[bm->group].id, fit = cl.groups[fm->group].id;
	checklist_free(&cl);

	/* "morning" is two actions: ticking one group's leaves the other's open. */
	assert_int_equal(today_tick(db, fit, "morning", day, "阿杰", &cause), 0);
	assert_int_equal(today_tick(db, fit, "workout", day, "阿杰", &cause), 0);
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	assert_true(item_in(&cl, "健身一群", "morning")->ticked);
	assert_true(item_in(&cl, "健身一群", "workout")->ticked);
	assert_false(item_in(&cl, "宝妈一群", "morning")->ticked);
	assert_false(item_in(&cl, "无名群", "morning")->ticked);
	checklist_free(&cl);
	/* An action of the other playbook is refused, naming the group's playbook. */
	assert_int_equal(today_tick(db, mom, "workout", day, "阿杰", &cause), -1);
	assert_non_null(strstr(cause, "group '宝妈一群' runs on playbook '测试SOP', which has no "
				      "action 'workout'"));
	free(cause), cause = NULL;
	assert_int_equal(today_tick(db, fit, "knowledge", day, "阿杰", &cause), -1);
	assert_non_null(strstr(cause, "playbook '健身SOP', which has no action 'knowledge'"));
	free(cause), cause = NULL;
	assert_int_equal(today_untick(db, fit, "morning", day, "阿杰", &cause), 0);
	assert_int_equal(today_tick(db, mom, "morning", day, "小美", &cause), 0);
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	assert_false(item_in(&cl, "健身一群", "morning")->ticked);
	assert_true(item_in(&cl, "宝妈一群", "morning")->ticked);
	assert_string_equal(item_in(&cl, "宝妈一群", "morning")->ticked_by, "小美");
	checklist_free(&cl);
	playbook_set_free(s);

	/* `playbook default 测试SOP`: the group that names none follows the new default. */
	assert_int_equal(playbook_set_default(db, "测试SOP", "tester", &cause), 0);
	s = set_of(db);
	assert_int_equal(today_build(db, s, day, "无名群", &cl, &cause), 0);
	got = items_of(&cl, "无名群");
	assert_string_equal(got, "morning=早安问候@08:30 knowledge=育儿干货@10:00 "
			    "wed=周三直播预告@15:00 evening=福利推送@20:00 ");
	free(got);
	checklist_free(&cl);
	playbook_set_free(s);
	db_close(db);
}

/* Every item of cl as text: group, action, tick, slot, advice (what the Today tab shows). */
static char *checklist_text(const struct checklist *cl)
{
	struct buf b = {0};
	for (size_t i = 0; i < cl->n_items; i++) {
		const struct checklist_item *it = &cl->items[i];
		buf_addf(&b, "%lld:%s %s %s slot=%d:%s:%d %s\n", (long long)cl->groups[it->group].id,
			 it->action->id, it->ticked ? "x" : "-", it->ticked ? it->ticked_by : "",
			 it->has_slot, it->has_slot ? it->slot_label : "", it->slot_status,
			 it->action->title);
	}
	char *t = xstrdup(buf_str(&b));
	buf_free(&b);
	return t;
}

/* A tick builds its group again in place (today_refresh_group): the same as building all. */
static void refresh_one_group_after_a_tick(void **state)
{
	(void)state;
	test_locale();
	struct db *db = test_db();
	char *cause = NULL;
	struct group weak, fine;
	struct playbook *p = active(db);
	weak_and_fine(db, p, "新群,wecom,segmented,2026-03-01\n", &weak, &fine);
	struct playbook_set *s = set_of(db);
	int day = D("2026-03-04");
	struct cal_fill f = {.topic = "早安图", .status = -1, .action_id = "morning"};
	if (calendar_fill(db, p, weak.id, day, 8 * 60 + 30, &f, "小美", &cause) < 0)
		fail_msg("%s", cause);
	struct checklist cl, all;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	size_t g = 0;
	while (cl.groups[g].id != weak.id)
		g++;
	/* Ticks of the group (its slot posted, its KPI item) and of another group meanwhile. */
	assert_int_equal(today_tick(db, weak.id, "morning", day, "小美", &cause), 0);
	assert_int_equal(today_tick(db, weak.id, "kpi-speaker_rate", day, "小美", &cause), 0);
	assert_int_equal(today_refresh_group(db, s, &cl, g, &cause), 0);
	assert_int_equal(today_build(db, s, day, NULL, &all, &cause), 0);
	char *a = checklist_text(&cl), *b = checklist_text(&all);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, ":morning x 小美 slot=1:早安图:3"));
	free(a);
	free(b);
	checklist_free(&all);
	/* The KPI item goes when the numbers recover; an untick; every group after it moves. */
	set_week(db, p, weak.id, 25);
	assert_int_equal(today_untick(db, weak.id, "morning", day, "小美", &cause), 0);
	assert_int_equal(today_refresh_group(db, s, &cl, g, &cause), 0);
	assert_int_equal(today_build(db, s, day, NULL, &all, &cause), 0);
	a = checklist_text(&cl);
	b = checklist_text(&all);
	assert_string_equal(a, b);
	assert_null(strstr(a, "kpi-speaker_rate"));
	free(a);
	free(b);
	checklist_free(&all);
	assert_int_equal(today_refresh_group(db, s, &cl, cl.n_groups, &cause), -1);
	free(cause);
	cause = NULL;
	/* The console's first screen of n rows: every group's items and ticks (the day's
	   counts are whole), the slots and advice titles of the groups whose rows begin
	   within n rows; the others' after it (today_load_slots), then exactly the whole
	   list. */
	struct cal_fill f2 = {.topic = "晚安图", .status = -1, .action_id = "morning"};
	if (calendar_fill(db, p, fine.id, day, 8 * 60 + 30, &f2, "小美", &cause) < 0)
		fail_msg("%s", cause);
	/* The second group (健康群) advised on: its item's title waits on a first screen. */
	set_week(db, p, fine.id, 5);
	checklist_free(&cl);
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	bool deferred = false, untitled = false;
	for (size_t n = 1; n <= cl.n_items + cl.n_groups + 1; n++) {
		struct checklist first;
		size_t shown = SIZE_MAX;
		assert_int_equal(today_build_first(db, s, day, n, &shown, &first, &cause), 0);
		assert_int_equal(first.n_groups, cl.n_groups);
		assert_int_equal(first.n_items, cl.n_items);
		/* The groups slotted are those whose header row is within the n rows. */
		size_t k = 0, rows = 0, gi = 0;
		for (; gi < cl.n_groups && rows < n; gi++)
			for (rows++; k < cl.n_items && cl.items[k].group == gi; k++)
				rows++;
		assert_int_equal(shown, gi);
		struct checklist head = cl, fhead = first;
		head.n_items = k;
		fhead.n_items = k;
		a = checklist_text(&fhead);
		b = checklist_text(&head);
		assert_string_equal(a, b);
		free(a);
		free(b);
		for (size_t i = k; i < first.n_items; i++) {
			assert_false(first.items[i].has_slot);
			assert_int_equal(first.items[i].ticked, cl.items[i].ticked);
			deferred = deferred || cl.items[i].has_slot;
			/* An advice item beyond the first n groups has its title after the frame. */
			const struct pb_action *ka = first.items[i].kpi_action;
			if (ka && first.items[i].group >= n)
				assert_null(ka->title);
			untitled = untitled || (ka && !ka->title);
		}
		assert_int_equal(today_load_slots(db, &first, shown, &cause), 0);
		a = checklist_text(&first);
		b = checklist_text(&cl);
		assert_string_equal(a, b);
		free(a);
		free(b);
		checklist_free(&first);
	}
	/* Some group after the first has a slot, and one an advice item: the test saw
	   both deferred and loaded. */
	assert_true(deferred);
	assert_true(untitled);
	checklist_free(&cl);
	group_clear(&weak);
	group_clear(&fine);
	playbook_set_free(s);
	playbook_free(p);
	db_close(db);
}

/* The console's tick: the transaction left open shows the tick to its own reads, is
   one transaction with the audit entry, and is saved by the commit or undone whole. */
static void tick_begin_then_commit_or_rollback(void **state)
{
	(void)state;
	int64_t id[3];
	struct db *db = db_with_groups(id);
	struct playbook *p = active(db);
	struct playbook_set *s = set_of(db);
	char *cause = NULL;
	int day = D("2026-03-04");
	struct checklist cl;
	size_t done, total;
	assert_int_equal(today_build(db, s, day, NULL, &cl, &cause), 0);
	int64_t audits = test_sql_int(db, "SELECT count(*) FROM audit");
	/* Open: its own reads (the group built again) see it. */
	assert_int_equal(today_tick_begin(db, id[1], "welcome", day, "小美", &cause), 0);
	assert_int_equal(today_refresh_group(db, s, &cl, 0, &cause), 0);
	checklist_progress(&cl, 0, &done, &total);
	assert_int_equal(done, 1);
	/* Rolled back: no tick, no audit entry. */
	db_rollback(db);
	assert_int_equal(today_refresh_group(db, s, &cl, 0, &cause), 0);
	checklist_progress(&cl, 0, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit"), audits);
	/* Committed: saved with its audit entry; an untick the same way. */
	assert_int_equal(today_tick_begin(db, id[1], "welcome", day, "小美", &cause), 0);
	assert_int_equal(db_commit(db, &cause), 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit"), audits + 1);
	assert_int_equal(today_untick_begin(db, id[1], "welcome", day, "小美", &cause), 0);
	assert_int_equal(db_commit(db, &cause), 0);
	assert_int_equal(today_refresh_group(db, s, &cl, 0, &cause), 0);
	checklist_progress(&cl, 0, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit"), audits + 2);
	/* A refused tick leaves nothing open: a new transaction can begin. */
	assert_int_equal(today_tick_begin(db, id[1], "no-such-action", day, "小美", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(db_begin(db, &cause), 0);
	db_rollback(db);
	checklist_free(&cl);
	playbook_set_free(s);
	playbook_free(p);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weekly_across_week_and_year_ends),
		cmocka_unit_test(monthly_across_month_ends_and_leap_years),
		cmocka_unit_test(cold_start_days),
		cmocka_unit_test(node_countdowns),
		cmocka_unit_test(stage_boundaries_and_type_filters),
		cmocka_unit_test(overdue_and_ids),
		cmocka_unit_test(build_orders_by_group_then_time),
		cmocka_unit_test(tick_untick_recorded_with_operator),
		cmocka_unit_test(tick_begin_then_commit_or_rollback),
		cmocka_unit_test(tick_refuses_what_is_not_due),
		cmocka_unit_test(kpi_advice_becomes_an_item),
		cmocka_unit_test(scheduled_content_on_the_item),
		cmocka_unit_test(bodies_in_any_order),
		cmocka_unit_test(refresh_one_group_after_a_tick),
		cmocka_unit_test(each_group_on_its_own_playbook),
	};
	return cmocka_run_group_tests(tests, setup_pb, NULL);
}
