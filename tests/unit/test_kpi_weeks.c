/*
 * The kept weeks (migration 037): the console's reports read through them give the same
 * doubles, bit for bit, as reading every day's cell (kpi_reports_build_by), after an
 * import, a re-import that replaces days, a typed-in day, a write through the kpi_day
 * view that no writer sums again, days holding other counters, a group's delete, at
 * month and year edges, under another workspace time zone; and the first open of a
 * workspace whose weeks were never summed sums them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "testsql.h"
#include "group.h"
#include "kpi-internal.h"
#include "kpi.h"
#include "playbook.h"
#include "setting.h"

#define TODAY "2026-03-04"

static const char groups_yaml[] =
	"- {name: 周一群, platform: wecom, type: promotion, created: 2025-10-06}\n"
	"- {name: 跨年群, platform: wecom, type: segmented, created: 2025-12-31}\n"
	"- {name: 新群, platform: wechat, type: service, created: 2026-02-26}\n"
	"- {name: 小数群, platform: wecom, type: promotion, created: 2025-11-15}\n";

/*
 * Counters from from to to for every group: whole counts, and a revenue with cents
 * (its sums depend on the order they are added in), some days none; 小数群's revenue is
 * whole in February after fractions before (a week's sum may not stand for its days).
 */
static char *counters_csv(int from, int to, int salt)
{
	static const char *const names[] = {"周一群", "跨年群", "新群", "小数群"};
	struct buf b = {0};
	buf_adds(&b, "日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数,群聊消息总数,"
		     "推送触达数,打开数,活动参与人数,下单人数,订单数,成交金额\n");
	for (size_t g = 0; g < ARRAY_LEN(names); g++)
		for (int d = from; d <= to; d++) {
			char day[11];
			date_format(d, day);
			unsigned h = (unsigned)(d * 7 + (int)g * 13 + salt);
			unsigned orders = h % 5;
			char rev[32];
			if (orders == 0)
				snprintf(rev, sizeof rev, "0");
			else if (g == 3 && d >= D("2026-02-01"))
				snprintf(rev, sizeof rev, "%u", orders * 1000003u);
			else
				snprintf(rev, sizeof rev, "%u.%02u", 37 * orders + h % 90, h % 100);
			buf_addf(&b, "%s,%s,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%s\n", day, names[g],
				 200 + (unsigned)(d % 50), h % 6, h % 3, 10 + h % 40, 80 + h % 200,
				 200, 20 + h % 70, h % 25, orders ? 1 + orders / 2 : 0, orders, rev);
		}
	return buf_str(&b), b.data;
}

static void import(struct test_fx *f, const char *csv)
{
	struct kpi_import_result res = {0};
	char *cause = NULL;
	if (kpi_import_mem(f->db, f->set, csv, strlen(csv), "kpi.csv", false, D(TODAY), "tester",
			   &res, &cause) < 0)
		fail_msg("import: %s", cause);
	kpi_import_result_free(&res);
}

static int setup(void **state)
{
	struct test_fx *f = test_fx_open(groups_yaml, false, "周一群", "小数群");
	char *csv = counters_csv(D("2025-10-06"), D("2026-03-03"), 0);
	import(f, csv);
	free(csv);
	*state = f;
	return 0;
}

static bool same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Every group's report over [from[i], to[i]] the same through the kept weeks as by day. */
static void assert_windows_agree(struct test_fx *f, int today, const int *from, const int *to)
{
	struct group *g;
	size_t n;
	char *cause = NULL;
	if (group_list(f->db, &g, &n, &cause) < 0)
		fail_msg("%s", cause);
	struct kpi_report *kept = xcalloc(n + 1, sizeof *kept), *days = xcalloc(n + 1, sizeof *days);
	if (kpi_reports_build_by(f->db, f->set, today, g, n, from, to, true, kept, &cause) < 0 ||
	    kpi_reports_build_by(f->db, f->set, today, g, n, from, to, false, days, &cause) < 0)
		fail_msg("reports: %s", cause);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_group_report *a = &kept[i].groups[0], *b = &days[i].groups[0];
		assert_int_equal(a->has_members, b->has_members);
		assert_true(same_double(a->members, b->members));
		assert_int_equal(a->health, b->health);
		assert_int_equal(a->n_metrics, b->n_metrics);
		for (size_t k = 0; k < a->n_metrics; k++) {
			const struct kpi_metric_result *x = &a->metrics[k], *y = &b->metrics[k];
			assert_int_equal(x->defined, y->defined);
			assert_int_equal(x->prev_defined, y->prev_defined);
			assert_int_equal(x->status, y->status);
			assert_int_equal(x->trend, y->trend);
			if (x->defined && !same_double(x->value, y->value))
				fail_msg("%s %s [%d] %.17g by week, %.17g by day", a->group.name,
					 x->metric->key, from[i], x->value, y->value);
			if (x->prev_defined)
				assert_true(same_double(x->prev, y->prev));
		}
		kpi_report_free(&kept[i]);
		kpi_report_free(&days[i]);
	}
	free(kept);
	free(days);
	group_list_free(g, n);
}

/* The console's three windows and windows starting and ending on every weekday. */
static void assert_all_agree(struct test_fx *f, int today)
{
	struct group *g;
	size_t n;
	char *cause = NULL;
	if (group_list(f->db, &g, &n, &cause) < 0)
		fail_msg("%s", cause);
	int *from = xcalloc(n + 1, sizeof *from), *to = xcalloc(n + 1, sizeof *to);
	for (int kind = 0; kind < 3 + 14; kind++) {
		for (size_t i = 0; i < n; i++) {
			if (kind == 0 || kind == 1)
				kpi_window_last(today, kind ? 30 : KPI_ADVICE_DAYS, &from[i], &to[i]);
			else if (kind == 2)
				kpi_window_stage(playbook_set_for(f->set, &g[i]), &g[i], today,
						 &from[i], &to[i]);
			else {
				/* Ends across months and the year's end (2025-12-29 to 2026-01-04). */
				to[i] = today - 1 - (kind % 7) - 8 * (int)i;
				from[i] = to[i] - 20 - kind - 9 * (int)i;
			}
		}
		assert_windows_agree(f, today, from, to);
	}
	free(from);
	free(to);
	group_list_free(g, n);
}

static int64_t kept_weeks(struct test_fx *f)
{
	return test_sql_int(f->db, "SELECT count(*) FROM kpi_week");
}

/* The week of day (Monday to Sunday) of group id: its kept rows. */
static int64_t week_rows(struct test_fx *f, int64_t id, const char *day)
{
	char *sql = xasprintf("SELECT count(*) FROM kpi_week WHERE group_id = %lld AND week = "
			      "CAST(julianday('%s') + 0.5 AS INTEGER) / 7", (long long)id, day);
	int64_t n = test_sql_int(f->db, sql);
	free(sql);
	return n;
}

static void import_keeps_weeks(void **state)
{
	struct test_fx *f = *state;
	/* 2025-10-06 (a Monday) to 2026-03-03: 21 weeks and a Monday-Tuesday, each group. */
	assert_int_equal(kept_weeks(f), 4 * 22);
	assert_int_equal(week_rows(f, f->a, "2025-12-31"), 1);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_week_todo"), 0);
	assert_all_agree(f, D(TODAY));
	/* Another today: other edges, other weeks whole. */
	assert_all_agree(f, D("2026-01-02"));
	assert_all_agree(f, D("2026-02-01"));
}

static void reimport_replaces_weeks(void **state)
{
	struct test_fx *f = *state;
	int64_t before = kept_weeks(f);
	/* Mid-week days replaced with other numbers: their weeks summed again. */
	char *csv = counters_csv(D("2026-01-07"), D("2026-01-21"), 5);
	import(f, csv);
	free(csv);
	assert_int_equal(kept_weeks(f), before);
	assert_int_equal(week_rows(f, f->a, "2026-01-14"), 1);
	assert_all_agree(f, D(TODAY));
	/* A blank revenue removes it from a day: that week's days hold other counters. */
	const char *blank = "日期,群名,成交金额\n2026-01-28,周一群,\n";
	import(f, blank);
	assert_int_equal(week_rows(f, f->a, "2026-01-28"), 0);
	assert_int_equal(kept_weeks(f), before - 1);
	assert_all_agree(f, D(TODAY));
}

static void typed_day_sums_its_week(void **state)
{
	struct test_fx *f = *state;
	struct kpi_counter_value v[] = {{.key = "opens", .present = true, .value = 999},
					{.key = "revenue", .present = true, .value = 0.1}};
	char *cause = NULL;
	if (kpi_set_day(f->db, f->pb, f->b, D("2026-02-18"), D(TODAY), v, 2, "tester", &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(week_rows(f, f->b, "2026-02-18"), 1);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_week_todo"), 0);
	assert_all_agree(f, D(TODAY));
	/* A counter cleared by hand: that day holds fewer, its week is read by day. */
	struct kpi_counter_value gone = {.key = "opens", .present = false};
	if (kpi_set_day(f->db, f->pb, f->b, D("2026-02-18"), D(TODAY), &gone, 1, "tester",
			&cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(week_rows(f, f->b, "2026-02-18"), 0);
	assert_all_agree(f, D(TODAY));
}

static void view_write_drops_week(void **state)
{
	struct test_fx *f = *state;
	int64_t before = kept_weeks(f);
	char *sql = xasprintf("INSERT INTO kpi_day (group_id, day, counter, value, imported_at, "
			      "source) VALUES (%lld, '2026-02-10', 'opens', 7, "
			      "'2026-03-01T00:00:00Z', 'test')", (long long)f->a);
	char *cause = NULL;
	if (db_exec(f->db, sql, &cause) < 0)
		fail_msg("%s", cause);
	free(sql);
	/* Nobody summed it again: the week is gone and read from its days, with the new 7. */
	assert_int_equal(week_rows(f, f->a, "2026-02-10"), 0);
	assert_int_equal(kept_weeks(f), before - 1);
	assert_all_agree(f, D(TODAY));
}

static void group_delete_drops_weeks(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	if (group_delete(f->db, "新群", true, "tester", &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_week WHERE group_id NOT IN "
				     "(SELECT id FROM chat_group)"), 0);
	assert_int_equal(kept_weeks(f), 3 * 22);
	assert_all_agree(f, D(TODAY));
}

/*
 * 10.01 then a whole week of 15 and 39: (10.01 + 15) + 39 is 64.00999999999999, 10.01 + 54
 * is 64.01. The week's sum cannot stand for its days after a fraction: read by day.
 */
static void whole_week_after_a_fraction(void **state)
{
	struct test_fx *f = *state;
	test_groups(f->db, "- {name: 试算群, platform: wecom, type: promotion, "
			   "created: 2025-10-01}\n", false);
	import(f, "日期,群名,订单数,成交金额\n2026-01-18,试算群,1,10.01\n2026-01-19,试算群,1,15\n"
		  "2026-01-20,试算群,1,39\n2026-01-21,试算群,0,0\n2026-01-22,试算群,0,0\n"
		  "2026-01-23,试算群,0,0\n2026-01-24,试算群,0,0\n2026-01-25,试算群,0,0\n");
	int64_t id = test_group_id(f->db, "试算群");
	assert_int_equal(week_rows(f, id, "2026-01-20"), 1);
	int from[8], to[8];
	for (size_t i = 0; i < ARRAY_LEN(from); i++) {
		from[i] = D("2026-01-18");
		to[i] = D("2026-01-25");
	}
	assert_windows_agree(f, D(TODAY), from, to);
}

static void zone_changes_nothing(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	/* The stored days are the workspace's days: a zone moves today, not them. */
	if (setting_set(f->db, "timezone", "America/Los_Angeles", "tester", &cause) < 0 ||
	    setting_zone_apply(f->db, &cause) < 0)
		fail_msg("%s", cause);
	assert_all_agree(f, D(TODAY));
	if (setting_set(f->db, "timezone", "Asia/Shanghai", "tester", &cause) < 0 ||
	    setting_zone_apply(f->db, &cause) < 0)
		fail_msg("%s", cause);
	assert_all_agree(f, D(TODAY) - 1);
}

/* A workspace whose weeks were never summed (as migration 037 leaves one): the first open
   sums them, in one transaction. */
static void first_open_sums_weeks(void **state)
{
	(void)state;
	char path[] = "/tmp/sopdeck-weeks-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct test_fx *f = xcalloc(1, sizeof *f);
	char *cause = NULL;
	if (workspace_open(path, "tester", &f->db, &cause) < 0)
		fail_msg("%s", cause);
	test_groups(f->db, groups_yaml, false);
	f->pb = test_active_playbook(f->db);
	if (playbook_set_load(f->db, &f->set, &cause) < 0)
		fail_msg("%s", cause);
	char *csv = counters_csv(D("2026-01-01"), D("2026-03-03"), 3);
	import(f, csv);
	free(csv);
	int64_t kept = kept_weeks(f);
	assert_true(kept > 0);
	if (db_exec(f->db, "DELETE FROM kpi_week; INSERT INTO kpi_week_todo VALUES (1)", &cause) < 0)
		fail_msg("%s", cause);
	db_close(f->db);
	if (workspace_open(path, "tester", &f->db, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(kept_weeks(f), kept);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_week_todo"), 0);
	assert_all_agree(f, D(TODAY));
	test_fx_teardown((void **)&f);
	unlink(path);
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(import_keeps_weeks, setup, test_fx_teardown),
		cmocka_unit_test_setup_teardown(reimport_replaces_weeks, setup, test_fx_teardown),
		cmocka_unit_test_setup_teardown(typed_day_sums_its_week, setup, test_fx_teardown),
		cmocka_unit_test_setup_teardown(view_write_drops_week, setup, test_fx_teardown),
		cmocka_unit_test_setup_teardown(group_delete_drops_weeks, setup, test_fx_teardown),
		cmocka_unit_test_setup_teardown(whole_week_after_a_fraction, setup, test_fx_teardown),
		cmocka_unit_test_setup_teardown(zone_changes_nothing, setup, test_fx_teardown),
		cmocka_unit_test(first_open_sums_weeks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
