/*
 * The content calendar: ISO weeks across year ends, month views with leap days,
 * the week grid from the built-in playbook, fill / clear / move / copy /
 * copy-week / undo, the 14-day duplicate, 48-hour empty and stage warnings,
 * posting through a checklist tick, node flags, and the iCalendar helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"
#include "testsql.h"
#include "today.h"
#include "internal.h"
#include "calendar.h"
#include "cal-internal.h"
#include "checklist.h"
#include "content.h"
#include "group.h"
#include "playbook.h"
#include "text.h"
#include "workspace.h"

#define HM(h, m) ((h) * 60 + (m))

static const char groups_yaml[] =
	"- {name: 宝妈成长营, platform: wecom, type: promotion, created: 2026-03-01, owner: 小林}\n"
	"- {name: 老客复购群, platform: wecom, type: promotion, created: 2025-12-01, owner: 阿杰}\n";

static const char content_yaml[] =
	"- {title: 宝宝辅食添加的三个误区, category: engage, form: text, date: 2026-02-10}\n"
	"- {title: 会员日满199减50, category: convert, form: text, date: 2026-03-01}\n"
	"- {title: 创始人故事, category: brand, form: video, date: 2026-02-01}\n"
	"- {title: 女王节专属礼盒, category: convert, form: text, date: 2026-03-01}\n";

struct fx {
	struct db *db;
	struct playbook *pb;
	int64_t young, old;   /* group ids: launch stage, monetisation stage (in March 2026) */
};

static int setup(void **state)
{
	test_locale();
	struct fx *f = xcalloc(1, sizeof *f);
	f->db = test_db();
	char *cause = NULL;
	size_t n;
	test_groups(f->db, groups_yaml, false);
	if (content_import_text(f->db, content_yaml, strlen(content_yaml), "content.yaml", false,
				"tester", &n, &cause) < 0)
		fail_msg("setup: %s", cause);
	f->pb = test_active_playbook(f->db);
	f->young = test_group_id(f->db, "宝妈成长营");
	f->old = test_group_id(f->db, "老客复购群");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	playbook_free(f->pb);
	db_close(f->db);
	free(f);
	return 0;
}

static void fill_content(struct fx *f, int64_t gid, const char *day, int at, int64_t id)
{
	char *cause = NULL;
	struct cal_fill fl = {.content_id = id, .status = -1};
	if (calendar_fill(f->db, f->pb, gid, D(day), at, &fl, "tester", &cause) < 0)
		fail_msg("fill %s: %s", day, cause);
}

/* The stored slot's content id, 0 for a placeholder, -1 when nothing is stored. */
static int64_t slot_content(struct fx *f, int64_t gid, const char *day, int at)
{
	struct cal_slot s;
	char *cause = NULL;
	int rc = calendar_slot_get(f->db, gid, D(day), at, NULL, &s, &cause);
	if (rc < 0)
		fail_msg("%s", cause);
	if (rc == 1)
		return -1;
	int64_t id = s.content_id;
	cal_slot_clear(&s);
	return id;
}

static void test_iso_weeks(void **state)
{
	int y, w;
	/* The brief said 2026-W53 does not exist, but 2026 starts on a Thursday, so it
	   has 53 ISO weeks (Python's isocalendar agrees); 2025 has 52. */
	assert_int_equal(date_parse_iso_week("2025-W53"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("2026-W53"), D("2026-12-28"));
	assert_int_equal(date_parse_iso_week("2027-W53"), DATE_INVALID);
	date_iso_week(D("2027-01-03"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	date_iso_week(D("2025-12-31"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 1);
	assert_int_equal(date_parse_iso_week("2020-W53"), D("2020-12-28"));
	date_iso_week(D("2021-01-03"), &y, &w);
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	date_iso_week(D("2024-12-30"), &y, &w);
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
	assert_int_equal(calendar_week_start(D("2021-01-03")), D("2020-12-28"));
	assert_int_equal(calendar_week_start(D("2024-12-30")), D("2024-12-30"));
	assert_int_equal(calendar_week_start(D("2025-01-05")), D("2024-12-30"));
	/* The week grid of 2020-W53 runs into 2021 and names the week correctly. */
	struct fx *f = *state;
	struct cal_week wk;
	char *cause = NULL;
	if (calendar_week(f->db, f->pb, calendar_week_start(D("2021-01-01")), NULL, 0, &wk, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(wk.start, D("2020-12-28"));
	assert_int_equal(wk.iso_year, 2020);
	assert_int_equal(wk.iso_week, 53);
	calendar_week_free(&wk);
	/* The week after 2026-W53 is 2027-W01; after 2025-W52 comes 2026-W01. */
	assert_int_equal(date_parse_iso_week("2026-W53") + 7, date_parse_iso_week("2027-W01"));
	assert_int_equal(date_parse_iso_week("2025-W52") + 7, date_parse_iso_week("2026-W01"));
}

/*
 * The console's week_start (issue 15): a week may start on Sunday. The grid
 * takes its first day as given, names the ISO week of most of its days, and
 * copy-week copies the seven days before that Sunday, not an ISO week.
 */
static void test_week_sunday(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	assert_int_equal(calendar_week_first(D("2026-03-04"), 6), D("2026-03-01"));
	assert_int_equal(calendar_week_first(D("2026-03-01"), 6), D("2026-03-01"));
	assert_int_equal(calendar_week_first(D("2026-03-07"), 6), D("2026-03-01"));
	assert_int_equal(calendar_week_first(D("2026-03-08"), 6), D("2026-03-08"));
	assert_int_equal(calendar_week_first(D("2026-03-08"), 0), calendar_week_start(D("2026-03-08")));
	assert_int_equal(calendar_week_first(D("2021-01-03"), 0), D("2020-12-28"));
	fill_content(f, f->old, "2026-03-01", HM(8, 30), 1);
	struct cal_week w;
	if (calendar_week(f->db, f->pb, D("2026-03-01"), NULL, 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.start, D("2026-03-01"));
	assert_int_equal(w.iso_year, 2026);
	assert_int_equal(w.iso_week, 10);
	bool found = false;
	for (size_t g = 0; g < w.n_groups; g++)
		for (size_t r = 0; r < w.n_rows; r++)
			if (w.groups[g].group.id == f->old && w.rows[r].at == HM(8, 30) &&
			    calendar_cell(&w, g, r, 0)->slot)
				found = calendar_cell(&w, g, r, 0)->slot->content_id == 1;
	assert_true(found);
	calendar_week_free(&w);
	/* The Sunday week 2021-01-03 .. 09 is mostly 2021-W01. */
	if (calendar_week(f->db, f->pb, D("2021-01-03"), NULL, 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.iso_year, 2021);
	assert_int_equal(w.iso_week, 1);
	calendar_week_free(&w);
	size_t copied, skipped;
	assert_int_equal(calendar_copy_week(f->db, f->pb, D("2026-03-08"), f->old, "tester",
					    &copied, &skipped, &cause), 0);
	assert_int_equal(copied, 1);
	assert_int_equal(slot_content(f, f->old, "2026-03-08", HM(8, 30)), 1);
}

static void test_grid_rows(void **state)
{
	struct fx *f = *state;
	struct cal_week w;
	char *cause = NULL;
	if (calendar_week(f->db, f->pb, calendar_week_start(D("2026-03-04")), NULL,
			  (int64_t)D("2026-03-04") * 1440, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.start, D("2026-03-02"));
	assert_int_equal(w.n_groups, 2);
	/* One row per recurring action (and one-off rows), in time order. */
	size_t morning = SIZE_MAX, brief = SIZE_MAX, flash = SIZE_MAX;
	size_t perks = SIZE_MAX, member = SIZE_MAX, lane20 = SIZE_MAX;
	size_t live = SIZE_MAX, showcase = SIZE_MAX;
	for (size_t r = 0; r < w.n_rows; r++) {
		if (r)
			assert_true(w.rows[r - 1].at <= w.rows[r].at);
		const char *id = w.rows[r].action_id ? w.rows[r].action_id : "";
		size_t *hit = strcmp(id, "morning") == 0     ? &morning
			    : strcmp(id, "mon-brief") == 0   ? &brief
			    : strcmp(id, "wed-flash") == 0   ? &flash
			    : strcmp(id, "perks") == 0       ? &perks
			    : strcmp(id, "fri-member") == 0  ? &member
			    : strcmp(id, "wed-live") == 0    ? &live
			    : strcmp(id, "fri-showcase") == 0 ? &showcase
			    : !id[0] && w.rows[r].at == HM(20, 0) ? &lane20 : NULL;
		if (hit) {
			assert_int_equal(*hit, SIZE_MAX);
			*hit = r;
		}
		/* Internal tasks (no category) are never a row. */
		assert_string_not_equal(id, "month-theme");
		assert_string_not_equal(id, "weekly-report");
	}
	assert_true(perks != SIZE_MAX && member != SIZE_MAX && lane20 != SIZE_MAX);
	assert_true(live != SIZE_MAX && showcase != SIZE_MAX);
	assert_string_equal(w.rows[lane20].label, "专项");
	assert_string_equal(w.rows[showcase].label, "周五学员成果展");
	assert_true(morning != SIZE_MAX && brief != SIZE_MAX && flash != SIZE_MAX);
	assert_string_equal(w.rows[morning].label, "早安问候");
	assert_true(w.rows[morning].daily);
	assert_string_equal(w.rows[brief].label, "周一行业早报");
	assert_false(w.rows[brief].daily);
	/* 周一行业早报 is fillable on Monday only. */
	size_t g = w.groups[0].group.id == f->old ? 0 : 1;
	assert_non_null(calendar_cell(&w, g, brief, 0)->action);
	assert_string_equal(calendar_cell(&w, g, brief, 0)->action->id, "mon-brief");
	assert_null(calendar_cell(&w, g, brief, 1)->action);
	/* The Wednesday flash sale is for monetisation groups: the old group, not the young. */
	assert_non_null(calendar_cell(&w, g, flash, 2)->action);
	assert_null(calendar_cell(&w, 1 - g, flash, 2)->action);
	/* Friday 20:00: the member day column and the daily perks are two rows, two slots. */
	assert_string_equal(calendar_cell(&w, g, member, 4)->action->id, "fri-member");
	assert_string_equal(calendar_cell(&w, g, perks, 4)->action->id, "perks");
	assert_null(calendar_cell(&w, g, member, 3)->action);
	/* The showcase is a Friday row of its own, not part of the Wednesday live's. */
	assert_string_equal(calendar_cell(&w, g, showcase, 4)->action->id, "fri-showcase");
	assert_null(calendar_cell(&w, g, live, 4)->action);
	/* Thursday 03-05 is 3 days before 女王节: the countdown is in the one-off row. */
	assert_string_equal(calendar_cell(&w, g, lane20, 3)->action->id, "queen-day");
	assert_string_equal(calendar_cell(&w, g, perks, 3)->action->id, "perks");
	assert_null(calendar_cell(&w, g, lane20, 1)->action);
	/* The young group did not exist on Saturday 2026-02-28 ... but it does all this week. */
	assert_non_null(calendar_cell(&w, 1 - g, morning, 0)->action);
	calendar_week_free(&w);
}

static void test_month_view(void **state)
{
	struct fx *f = *state;
	struct cal_month m;
	char *cause = NULL;
	if (calendar_month(f->db, f->pb, 2024, 2, NULL, D("2024-02-01"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(m.n_days, 29);
	assert_int_equal(m.days[28].day, D("2024-02-29"));
	assert_int_equal(m.days[17].n_nodes, 1);  /* 会员日 on the 18th */
	assert_string_equal(m.days[17].nodes[0], "会员日");
	calendar_month_free(&m);
	if (calendar_month(f->db, f->pb, 2026, 2, NULL, D("2026-02-01"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(m.n_days, 28);
	assert_int_equal(m.days[27].day, D("2026-02-28"));
	/* 春节 2026-02-17 is a lunar node with an explicit date. */
	assert_string_equal(m.days[16].nodes[0], "春节");
	calendar_month_free(&m);
	if (calendar_month(f->db, f->pb, 2026, 12, NULL, D("2026-12-20"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(m.n_days, 31);
	assert_int_equal(m.days[30].day, D("2026-12-31"));
	/* Countdowns run into next year: 元旦 is 12 days off and within its 14-day lead. */
	assert_int_equal(m.upcoming[0].date, D("2027-01-01"));
	assert_int_equal(m.upcoming[0].days_left, 12);
	assert_true(m.upcoming[0].in_lead);
	assert_true(m.upcoming[0].flagged);
	calendar_month_free(&m);
	assert_int_equal(calendar_month(f->db, f->pb, 2026, 13, NULL, 0, &m, &cause), -1);
	free(cause);
	/* Month-end on a leap day: the 17:00 review is due on 2024-02-29, but it is the
	   operator's own task (no category): never a content slot. */
	struct group g = {.id = 1, .name = "x", .created = D("2023-01-01")};
	struct cal_due due = {0};
	const struct pb_action *review = playbook_action(f->pb, "month-review");
	assert_true(playbook_action_due(f->pb, review, &g, D("2024-02-29"), NULL));
	assert_false(calendar_action_is_content(review));
	assert_int_equal(calendar_due_actions(f->pb, &g, D("2024-02-29"), HM(17, 0), &due), 0);
	/* On the 1st, 月初主题策划 no longer takes the 10:00 knowledge slot. */
	assert_int_equal(calendar_due_actions(f->pb, &g, D("2026-04-01"), HM(10, 0), &due), 1);
	assert_string_equal(due.a[0]->id, "knowledge");
	cal_due_free(&due);
}

/* Six nodes on one day: the month view keeps every one, in the playbook's order (it once
   kept four and dropped the rest silently). */
static void test_month_many_nodes(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = {"劳动节", "会员日", "店庆", "新品日", "直播节", "清仓日"};
	struct pb_node nodes[6];
	memset(nodes, 0, sizeof nodes);
	for (int i = 0; i < 6; i++)
		nodes[i] = (struct pb_node){.name = (char *)names[i], .month = 5, .day = 1};
	struct playbook pb = {.name = (char *)"six", .nodes = nodes, .n_nodes = 6};
	struct cal_month m;
	char *cause = NULL;
	if (calendar_month(f->db, &pb, 2026, 5, NULL, D("2026-03-01"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(m.days[0].n_nodes, 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(m.days[0].nodes[i], names[i]);
	assert_int_equal(m.days[1].n_nodes, 0);
	assert_int_equal(m.n_upcoming, 6);
	calendar_month_free(&m);
}

/* Twelve content actions due at one time: none is dropped (the lists once stopped at 8). */
static void test_many_due_at_once(void **state)
{
	(void)state;
	struct pb_action acts[12];
	char ids[12][32];
	memset(acts, 0, sizeof acts);
	for (int i = 0; i < 12; i++) {
		snprintf(ids[i], sizeof ids[i], "推送%02d", i);
		acts[i] = (struct pb_action){.id = ids[i], .title = ids[i], .at = HM(20, 0),
					     .every = EVERY_WEEKDAYS, .weekdays = 0x7f,
					     .category = (char *)"engage"};
	}
	struct playbook pb = {.actions = acts, .n_actions = 12};
	struct group g = {.id = 1, .name = (char *)"宝妈群", .created = D("2026-01-01")};
	struct cal_due due = {0};
	assert_int_equal(calendar_due_actions(&pb, &g, D("2026-03-04"), HM(20, 0), &due), 12);
	for (int i = 0; i < 12; i++)
		assert_string_equal(due.a[i]->id, ids[i]);
	assert_int_equal(calendar_due_actions(&pb, &g, D("2026-03-04"), -1, &due), 12);
	cal_due_free(&due);
}

static void test_node_flag(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct cal_month m;
	/* 女王节 03-08 is 4 days off on 03-04: flagged for both groups. */
	if (calendar_month(f->db, f->pb, 2026, 3, NULL, D("2026-03-04"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_string_equal(m.upcoming[0].node->name, "女王节");
	assert_true(m.upcoming[0].flagged);
	assert_non_null(strstr(m.upcoming[0].missing, "宝妈成长营"));
	calendar_month_free(&m);
	/* Content named after the node, scheduled before it, plans it for that group. */
	fill_content(f, f->young, "2026-03-06", HM(20, 0), 4);
	if (calendar_month(f->db, f->pb, 2026, 3, NULL, D("2026-03-04"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_true(m.upcoming[0].flagged);
	assert_null(strstr(m.upcoming[0].missing, "宝妈成长营"));
	assert_non_null(strstr(m.upcoming[0].missing, "老客复购群"));
	calendar_month_free(&m);
	if (calendar_month(f->db, f->pb, 2026, 3, "宝妈成长营", D("2026-03-04"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_false(m.upcoming[0].flagged);
	calendar_month_free(&m);
}

static void test_fill_clear_undo(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, *what = NULL;
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 1);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), 1);
	/* A placeholder replaces it; owner and form are kept. */
	struct cal_fill p = {.topic = "辅食误区答疑", .form = "直播", .owner = "小林", .status = -1};
	assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-04"), HM(8, 30), &p,
				       "tester", &cause), 0);
	struct cal_slot s;
	assert_int_equal(calendar_slot_get(f->db, f->young, D("2026-03-04"), HM(8, 30), NULL, &s, &cause),
			 0);
	assert_int_equal(s.content_id, 0);
	assert_string_equal(s.topic, "辅食误区答疑");
	assert_string_equal(s.owner, "小林");
	assert_string_equal(s.action_id, "morning");
	assert_int_equal(s.status, SLOT_PLANNED);
	cal_slot_clear(&s);
	/* Not fillable: no action at 11:00, and 周一行业早报 is not due on a Wednesday. */
	assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-04"), HM(11, 0), &p,
				       "tester", &cause), -1);
	assert_non_null(strstr(cause, "nothing due"));
	free(cause);
	cause = NULL;
	assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-04"), HM(9, 0), &p,
				       "tester", &cause), -1);
	free(cause);
	cause = NULL;
	/* An unknown content id fails and changes nothing. */
	struct cal_fill bad = {.content_id = 999, .status = -1};
	assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-05"), HM(8, 30), &bad,
				       "tester", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(slot_content(f, f->young, "2026-03-05", HM(8, 30)), -1);
	/* Clear, then undo twice: back to the placeholder, then to the content. */
	assert_int_equal(calendar_clear(f->db, f->young, D("2026-03-04"), HM(8, 30), NULL, "tester",
					&cause), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), -1);
	assert_int_equal(calendar_clear(f->db, f->young, D("2026-03-04"), HM(8, 30), NULL, "tester",
					&cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(calendar_undo(f->db, "tester", &what, &cause), 0);
	assert_non_null(strstr(what, "clear"));
	free(what);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), 0);
	/* Another operator's undo does not touch tester's changes. */
	assert_int_equal(calendar_undo(f->db, "someone-else", NULL, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), 1);
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), -1);
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), -1);
	assert_non_null(strstr(cause, "nothing to undo"));
	free(cause);
}

static void test_status(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->young, "2026-03-04", HM(10, 0), 2);
	enum slot_status st;
	assert_int_equal(calendar_cycle_status(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, "tester",
					       &st, &cause), 0);
	assert_int_equal(st, SLOT_DRAFTED);
	calendar_cycle_status(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, "tester", &st, &cause);
	assert_int_equal(st, SLOT_REVIEWED);
	calendar_cycle_status(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, "tester", &st, &cause);
	assert_int_equal(st, SLOT_POSTED);
	calendar_cycle_status(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, "tester", &st, &cause);
	assert_int_equal(st, SLOT_PLANNED);
	/* Refilling with the same content keeps the status; new content resets it. */
	calendar_set_status(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, SLOT_REVIEWED, "tester",
			    &cause);
	fill_content(f, f->young, "2026-03-04", HM(10, 0), 2);
	struct cal_slot s;
	calendar_slot_get(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, &s, &cause);
	assert_int_equal(s.status, SLOT_REVIEWED);
	cal_slot_clear(&s);
	fill_content(f, f->young, "2026-03-04", HM(10, 0), 3);
	calendar_slot_get(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, &s, &cause);
	assert_int_equal(s.status, SLOT_PLANNED);
	cal_slot_clear(&s);
	assert_int_equal(slot_status_parse("已审"), SLOT_REVIEWED);
	assert_int_equal(slot_status_parse("posted"), SLOT_POSTED);
	assert_int_equal(slot_status_parse("done"), -1);
}

static void test_move_copy(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 1);
	calendar_set_status(f->db, f->young, D("2026-03-04"), HM(8, 30), NULL, SLOT_DRAFTED, "tester",
			    &cause);
	struct cal_pos a = {f->young, D("2026-03-04"), HM(8, 30), NULL};
	struct cal_pos b = {f->young, D("2026-03-05"), HM(15, 0), NULL};
	struct cal_pos c = {f->old, D("2026-03-06"), HM(10, 0), NULL};
	assert_int_equal(calendar_move(f->db, f->pb, a, b, false, "tester", &cause), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), -1);
	assert_int_equal(slot_content(f, f->young, "2026-03-05", HM(15, 0)), 1);
	struct cal_slot s;
	calendar_slot_get(f->db, f->young, D("2026-03-05"), HM(15, 0), NULL, &s, &cause);
	assert_int_equal(s.status, SLOT_DRAFTED);       /* a move keeps the status */
	assert_string_equal(s.action_id, "afternoon");  /* and takes the target's action */
	cal_slot_clear(&s);
	/* Copy to another group: the source stays, the copy starts planned. */
	assert_int_equal(calendar_move(f->db, f->pb, b, c, true, "tester", &cause), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-05", HM(15, 0)), 1);
	assert_int_equal(slot_content(f, f->old, "2026-03-06", HM(10, 0)), 1);
	calendar_slot_get(f->db, f->old, D("2026-03-06"), HM(10, 0), NULL, &s, &cause);
	assert_int_equal(s.status, SLOT_PLANNED);
	cal_slot_clear(&s);
	/* A filled target refuses; a target with nothing due refuses; an empty source refuses. */
	assert_int_equal(calendar_move(f->db, f->pb, b, c, false, "tester", &cause), -1);
	assert_non_null(strstr(cause, "already filled"));
	free(cause);
	cause = NULL;
	struct cal_pos nowhere = {f->young, D("2026-03-05"), HM(11, 0), NULL};
	assert_int_equal(calendar_move(f->db, f->pb, b, nowhere, false, "tester", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(calendar_move(f->db, f->pb, a, b, false, "tester", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(slot_content(f, f->young, "2026-03-05", HM(15, 0)), 1);
	/* Undo the copy, then the move: each one step, both positions restored. */
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	assert_int_equal(slot_content(f, f->old, "2026-03-06", HM(10, 0)), -1);
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-04", HM(8, 30)), 1);
	assert_int_equal(slot_content(f, f->young, "2026-03-05", HM(15, 0)), -1);
}

static void test_copy_week(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	/* Last week (W10): three slots of the old group, one already taken in W11. */
	fill_content(f, f->old, "2026-03-02", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-04", HM(20, 30), 2);   /* Wednesday flash sale */
	struct cal_fill p = {.topic = "周末话题", .owner = "阿杰", .status = SLOT_POSTED};
	assert_int_equal(calendar_fill(f->db, f->pb, f->old, D("2026-03-07"), HM(15, 0), &p,
				       "tester", &cause), 0);
	fill_content(f, f->old, "2026-03-09", HM(8, 30), 3);
	fill_content(f, f->young, "2026-03-03", HM(10, 0), 1);
	size_t copied, skipped;
	assert_int_equal(calendar_copy_week(f->db, f->pb, D("2026-03-09"), f->old, "tester",
					    &copied, &skipped, &cause), 0);
	assert_int_equal(copied, 2);
	assert_int_equal(skipped, 1);
	assert_int_equal(slot_content(f, f->old, "2026-03-09", HM(8, 30)), 3);  /* untouched */
	assert_int_equal(slot_content(f, f->old, "2026-03-11", HM(20, 30)), 2);
	assert_int_equal(slot_content(f, f->old, "2026-03-14", HM(15, 0)), 0);
	assert_int_equal(slot_content(f, f->young, "2026-03-10", HM(10, 0)), -1);  /* other group */
	struct cal_slot s;
	calendar_slot_get(f->db, f->old, D("2026-03-14"), HM(15, 0), NULL, &s, &cause);
	assert_string_equal(s.topic, "周末话题");
	assert_int_equal(s.status, SLOT_PLANNED);
	cal_slot_clear(&s);
	/* One undo step takes back the whole copy. */
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	assert_int_equal(slot_content(f, f->old, "2026-03-11", HM(20, 30)), -1);
	assert_int_equal(slot_content(f, f->old, "2026-03-14", HM(15, 0)), -1);
	assert_int_equal(slot_content(f, f->old, "2026-03-09", HM(8, 30)), 3);
	/* All groups at once. */
	assert_int_equal(calendar_copy_week(f->db, f->pb, D("2026-03-09"), 0, "tester", &copied,
					    &skipped, &cause), 0);
	assert_int_equal(copied, 3);
	assert_int_equal(slot_content(f, f->young, "2026-03-10", HM(10, 0)), 1);
}

/* The warning bits of one group's cell at day/time in the week containing day. */
static unsigned warn_at(struct fx *f, int64_t gid, const char *day, int at, int64_t now)
{
	struct cal_week w;
	char *cause = NULL;
	if (calendar_week(f->db, f->pb, calendar_week_start(D(day)), NULL, now, &w, &cause) < 0)
		fail_msg("%s", cause);
	unsigned warn = 0;
	/* The first row at that time: the recurring action's, not the one-off row. */
	bool found = false;
	for (size_t g = 0; g < w.n_groups; g++)
		for (size_t r = 0; r < w.n_rows && !found; r++)
			if (w.groups[g].group.id == gid && w.rows[r].at == at) {
				warn = calendar_cell(&w, g, r, date_weekday(D(day)))->warn;
				found = true;
			}
	calendar_week_free(&w);
	return warn;
}

static void test_duplicate_warning(void **state)
{
	struct fx *f = *state;
	int64_t now = (int64_t)D("2026-03-01") * 1440;
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 1);
	assert_false(warn_at(f, f->old, "2026-03-04", HM(8, 30), now) & CAL_WARN_DUPLICATE);
	/* 13 days later: within 14 days, both slots warn. */
	fill_content(f, f->old, "2026-03-17", HM(8, 30), 1);
	assert_true(warn_at(f, f->old, "2026-03-04", HM(8, 30), now) & CAL_WARN_DUPLICATE);
	assert_true(warn_at(f, f->old, "2026-03-17", HM(8, 30), now) & CAL_WARN_DUPLICATE);
	/* Another group may use the same content. */
	fill_content(f, f->young, "2026-03-05", HM(8, 30), 1);
	assert_false(warn_at(f, f->young, "2026-03-05", HM(8, 30), now) & CAL_WARN_DUPLICATE);
	/* 14 days apart is fine. */
	char *cause = NULL;
	calendar_clear(f->db, f->old, D("2026-03-17"), HM(8, 30), NULL, "tester", &cause);
	fill_content(f, f->old, "2026-03-18", HM(8, 30), 1);
	assert_false(warn_at(f, f->old, "2026-03-04", HM(8, 30), now) & CAL_WARN_DUPLICATE);
	assert_false(warn_at(f, f->old, "2026-03-18", HM(8, 30), now) & CAL_WARN_DUPLICATE);

	/* What the picker marks: the group's content within 14 days either side, once each. */
	fill_content(f, f->old, "2026-03-06", HM(10, 0), 2);
	int64_t *ids;
	size_t n;
	assert_int_equal(calendar_recent_content(f->db, f->old, D("2026-03-17"), &ids, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);   /* 03-04 (13 days before) and 03-18 */
	assert_int_equal(ids[1], 2);   /* 03-06 */
	free(ids);
	/* 03-18 + 14 = 04-01: out of reach of everything but the 03-18 slot. */
	assert_int_equal(calendar_recent_content(f->db, f->old, D("2026-03-31"), &ids, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 1);
	free(ids);
	assert_int_equal(calendar_recent_content(f->db, f->old, D("2026-04-01"), &ids, &n, &cause), 0);
	assert_int_equal(n, 0);
	free(ids);
}

/* A 转化型 item in the 促活型 早安问候 column is placed, and its cell warns. */
static void test_category_warning(void **state)
{
	struct fx *f = *state;
	int64_t now = (int64_t)D("2026-03-01") * 1440;
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 2);   /* convert in an engage column */
	assert_int_equal(slot_content(f, f->old, "2026-03-04", HM(8, 30)), 2);
	assert_true(warn_at(f, f->old, "2026-03-04", HM(8, 30), now) & CAL_WARN_CATEGORY);
	fill_content(f, f->old, "2026-03-05", HM(8, 30), 1);   /* engage: the column's own */
	assert_false(warn_at(f, f->old, "2026-03-05", HM(8, 30), now) & CAL_WARN_CATEGORY);
	char *w = calendar_warn_text(CAL_WARN_CATEGORY);
	assert_string_equal(w, "wrong category");
	free(w);
	i18n_set(I18N_ZH);
	w = calendar_warn_text(CAL_WARN_CATEGORY);
	i18n_set(I18N_EN);
	assert_string_equal(w, "分类不符");
	free(w);
}

/*
 * Deleting a scheduled library item on 2026-03-04: past slots, posted or not, stay
 * as history (the item is archived); only unposted slots from today on are cleared.
 */
static void test_delete_keeps_past(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	int today = D("2026-03-04");
	fill_content(f, f->old, "2026-03-02", HM(8, 30), 2);   /* past, planned */
	fill_content(f, f->old, "2026-03-03", HM(8, 30), 2);   /* past, posted */
	assert_int_equal(calendar_set_status(f->db, f->old, D("2026-03-03"), HM(8, 30), NULL,
					     SLOT_POSTED, "tester", &cause), 0);
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 2);   /* today */
	fill_content(f, f->young, "2026-03-09", HM(8, 30), 2); /* ahead */
	struct content_use *use;
	size_t n;
	assert_int_equal(content_pending_slots(f->db, 2, today, &use, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(use[0].day, today);
	assert_int_equal(use[1].day, D("2026-03-09"));
	content_usage_free(use, n);
	size_t cleared = 0;
	bool archived = false;
	assert_int_equal(content_delete_on(f->db, 2, today, "tester", &cleared, &archived,
					   &cause), 0);
	assert_int_equal(cleared, 2);
	assert_true(archived);
	assert_int_equal(slot_content(f, f->old, "2026-03-02", HM(8, 30)), 2);
	assert_int_equal(slot_content(f, f->old, "2026-03-03", HM(8, 30)), 2);
	assert_int_equal(slot_content(f, f->old, "2026-03-04", HM(8, 30)), -1);
	assert_int_equal(slot_content(f, f->young, "2026-03-09", HM(8, 30)), -1);
	/* Only a past slot that was never posted: history too, so archived, not deleted. */
	fill_content(f, f->old, "2026-03-01", HM(10, 0), 3);
	assert_int_equal(content_delete_on(f->db, 3, today, "tester", &cleared, &archived,
					   &cause), 0);
	assert_int_equal(cleared, 0);
	assert_true(archived);
	assert_int_equal(slot_content(f, f->old, "2026-03-01", HM(10, 0)), 3);
	/* Only a plan ahead: the item goes, and its slots with it. */
	fill_content(f, f->old, "2026-03-06", HM(10, 0), 4);
	assert_int_equal(content_delete_on(f->db, 4, today, "tester", &cleared, &archived,
					   &cause), 0);
	assert_int_equal(cleared, 1);
	assert_false(archived);
	free(cause);
	assert_int_equal(slot_content(f, f->old, "2026-03-06", HM(10, 0)), -1);
}

/* The row of action id in a week, or -1. */
static int row_of(const struct cal_week *w, const char *id)
{
	for (size_t r = 0; r < w->n_rows; r++)
		if (w->rows[r].action_id && strcmp(w->rows[r].action_id, id) == 0)
			return (int)r;
	return -1;
}

/* The index of group gid in a week. */
static size_t group_of(const struct cal_week *w, int64_t gid)
{
	for (size_t g = 0; g < w->n_groups; g++)
		if (w->groups[g].group.id == gid)
			return g;
	fail_msg("group %lld not in the week", (long long)gid);
	return 0;
}

/*
 * Two playbooks whose Monday columns differ: each group's week follows its own
 * (group->playbook), and so does the category its column warns against; the
 * week costs as many statements with two playbooks as with one.
 */
static void test_week_per_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	size_t len;
	const char *text = playbook_builtin_text(&len);
	char *yaml = xstrndup(text, len);
	const char *name_line = "playbook: 私域社群标准SOP (standard community SOP)";
	const char *mon = "{id: mon-brief,   title: 周一行业早报, title_en: Monday industry brief, "
			  "at: \"09:00\", every: mon,\n     category: brand}";
	char *at_name = strstr(yaml, name_line), *at_mon = strstr(yaml, mon);
	assert_non_null(at_name);
	assert_non_null(at_mon);
	struct buf b = {0};
	buf_addf(&b, "%.*s%s", (int)(at_name - yaml), yaml, "playbook: 团购SOP");
	buf_addf(&b, "%.*s", (int)(at_mon - at_name - strlen(name_line)), at_name + strlen(name_line));
	buf_adds(&b, "{id: mon-deal, title: 周一团购开团 (Monday group buy), at: \"11:00\", every: mon,\n"
		     "     category: convert}");
	buf_adds(&b, at_mon + strlen(mon));
	struct playbook *deal;
	if (playbook_parse(buf_str(&b), b.len, "deal.yaml", &deal, &cause) < 0 ||
	    playbook_store(f->db, deal, b.data, "deal.yaml", "tester", &cause) < 0)
		fail_msg("%s", cause);
	playbook_free(deal);
	buf_free(&b);
	free(yaml);
	/* The default stays the built-in one; 老客复购群 runs on 团购SOP. */
	if (playbook_set_default(f->db, f->pb->name, "tester", &cause) < 0)
		fail_msg("%s", cause);
	char *dflt = NULL;
	assert_int_equal(playbook_default_name(f->db, &dflt, &cause), 0);
	assert_string_equal(dflt, f->pb->name);
	free(dflt);
	struct group_change ch = {.playbook = "团购SOP"};
	if (group_change(f->db, "老客复购群", &ch, "tester", &cause) < 0)
		fail_msg("%s", cause);
	struct playbook_set *set;
	if (playbook_set_load(f->db, &set, &cause) < 0)
		fail_msg("%s", cause);
	struct cal_week w;
	long mark = db_stats(f->db).run;
	if (calendar_week_set(f->db, set, D("2026-03-02"), NULL, (int64_t)D("2026-03-01") * 1440,
			      &w, &cause) < 0)
		fail_msg("%s", cause);
	long with_set = db_stats(f->db).run - mark;
	int brief = row_of(&w, "mon-brief"), dealr = row_of(&w, "mon-deal");
	assert_true(brief >= 0 && dealr >= 0);
	size_t old = group_of(&w, f->old), young = group_of(&w, f->young);
	assert_string_equal(w.groups[old].pb->name, "团购SOP");
	assert_ptr_equal(w.groups[young].pb, set->fallback);
	/* Monday: the old group's column is the group buy, the young group's the brief. */
	const struct cal_cell *c = calendar_cell(&w, old, (size_t)dealr, 0);
	assert_non_null(c->action);
	assert_string_equal(c->action->id, "mon-deal");
	assert_null(calendar_cell(&w, old, (size_t)brief, 0)->action);
	assert_non_null(calendar_cell(&w, young, (size_t)brief, 0)->action);
	assert_null(calendar_cell(&w, young, (size_t)dealr, 0)->action);
	assert_string_equal(w.rows[dealr].label, "周一团购开团");
	/* A row of the other playbook holds no cells of the group (row_cell): it reads as
	   an empty cell, and the week's counts are the sum of what the cells say. */
	assert_int_equal(w.groups[old].row_cell[brief], SIZE_MAX);
	c = calendar_cell(&w, old, (size_t)brief, 3);
	assert_true(!c->slot && !c->warn && !c->n_due && c->dup_day == DATE_INVALID);
	assert_true(w.groups[young].row_cell[brief] != SIZE_MAX);
	size_t due = 0, filled = 0;
	for (size_t g = 0; g < w.n_groups; g++)
		for (size_t r = 0; r < w.n_rows; r++)
			for (int d = 0; d < 7; d++) {
				c = calendar_cell(&w, g, r, d);
				due += c->action != NULL;
				filled += c->action && c->slot && !cal_slot_empty(c->slot);
			}
	assert_int_equal(due, w.n_due);
	assert_true(due > 0);
	assert_int_equal(filled, w.n_filled);
	calendar_week_free(&w);
	/* The same statements as one playbook's week. */
	mark = db_stats(f->db).run;
	if (calendar_week(f->db, f->pb, D("2026-03-02"), NULL, 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(db_stats(f->db).run - mark, with_set);
	calendar_week_free(&w);
	/* A conversion item suits the group-buy column; an engagement one warns there. */
	struct playbook *opb = playbook_set_named(set, "团购SOP");
	struct cal_fill fl = {.content_id = 2, .status = -1};
	assert_int_equal(calendar_fill(f->db, opb, f->old, D("2026-03-02"), HM(11, 0), &fl, "tester",
				       &cause), 0);
	if (calendar_week_set(f->db, set, D("2026-03-02"), "老客复购群", 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_false(calendar_cell(&w, 0, (size_t)row_of(&w, "mon-deal"), 0)->warn &
		     CAL_WARN_CATEGORY);
	calendar_week_free(&w);
	fl.content_id = 1;
	assert_int_equal(calendar_fill(f->db, opb, f->old, D("2026-03-02"), HM(11, 0), &fl, "tester",
				       &cause), 0);
	if (calendar_week_set(f->db, set, D("2026-03-02"), "老客复购群", 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_true(calendar_cell(&w, 0, (size_t)row_of(&w, "mon-deal"), 0)->warn &
		    CAL_WARN_CATEGORY);
	calendar_week_free(&w);
	playbook_set_free(set);
}

/* Run sql on db, failing the test on an error. */
static void sql_exec_ok(struct db *db, const char *sql)
{
	char *cause = NULL;
	if (db_exec(db, sql, &cause) < 0)
		fail_msg("%s: %s", sql, cause);
}

/* A slot's kept columns (migrations 023 and 028) as "category|dup_day" ("-" for NULL), or
   with title true as "title|content_form". */
static char *kept_cols(struct fx *f, int64_t gid, const char *day, int at, bool title)
{
	char *sql = xasprintf("SELECT %s FROM slot WHERE "
			      "group_id = %lld AND day = '%s' AND at = '%02d:%02d'",
			      title ? "title || '|' || content_form"
				    : "category || '|' || coalesce(dup_day, '-')",
			      (long long)gid, day, at / 60, at % 60), *cause = NULL;
	sqlite3_stmt *st;
	if (db_prepare(f->db, sql, &st, &cause) < 0)
		fail_msg("%s", cause);
	free(sql);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

#define assert_kept(f, gid, day, at, want)                                               \
	do {                                                                             \
		char *got_ = kept_cols(f, gid, day, at, false);                          \
		assert_string_equal(got_, want);                                         \
		free(got_);                                                              \
	} while (0)

#define assert_kept_title(f, gid, day, at, want)                                         \
	do {                                                                             \
		char *got_ = kept_cols(f, gid, day, at, true);                           \
		assert_string_equal(got_, want);                                         \
		free(got_);                                                              \
	} while (0)

/*
 * The slot row keeps its item's category and its nearest repeat within 14 days (the
 * earlier day on a tie) through every change: fill, refill, move, clear, the item's
 * category changed, the item deleted; the week's cells read them, and the migration
 * computes them for the slots stored before it.
 */
static void test_slot_kept(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 1);
	assert_kept(f, f->old, "2026-03-04", HM(8, 30), "engage|-");
	fill_content(f, f->old, "2026-03-10", HM(8, 30), 1);
	assert_kept(f, f->old, "2026-03-04", HM(8, 30), "engage|2026-03-10");
	assert_kept(f, f->old, "2026-03-10", HM(8, 30), "engage|2026-03-04");
	/* Another group's use is no repeat. */
	fill_content(f, f->young, "2026-03-05", HM(8, 30), 1);
	assert_kept(f, f->young, "2026-03-05", HM(8, 30), "engage|-");
	/* 03-07 is 3 days from both: each takes it, and it takes the earlier one. */
	fill_content(f, f->old, "2026-03-07", HM(8, 30), 1);
	assert_kept(f, f->old, "2026-03-04", HM(8, 30), "engage|2026-03-07");
	assert_kept(f, f->old, "2026-03-10", HM(8, 30), "engage|2026-03-07");
	assert_kept(f, f->old, "2026-03-07", HM(8, 30), "engage|2026-03-04");
	/* Moved to 03-20: 10 days from 03-10, 16 from 03-04. */
	struct cal_pos from = {f->old, D("2026-03-07"), HM(8, 30), NULL};
	struct cal_pos to = {f->old, D("2026-03-20"), HM(8, 30), NULL};
	if (calendar_move(f->db, f->pb, from, to, false, "tester", &cause) < 0)
		fail_msg("%s", cause);
	assert_kept(f, f->old, "2026-03-04", HM(8, 30), "engage|2026-03-10");
	assert_kept(f, f->old, "2026-03-10", HM(8, 30), "engage|2026-03-04");
	assert_kept(f, f->old, "2026-03-20", HM(8, 30), "engage|2026-03-10");
	/* Cleared: the others lose it. */
	assert_int_equal(calendar_clear(f->db, f->old, D("2026-03-10"), HM(8, 30), NULL, "tester",
					&cause), 0);
	assert_kept(f, f->old, "2026-03-04", HM(8, 30), "engage|-");
	assert_kept(f, f->old, "2026-03-20", HM(8, 30), "engage|-");
	/* Other content in place: the new item's category, no repeat. */
	fill_content(f, f->old, "2026-03-20", HM(8, 30), 2);
	assert_kept(f, f->old, "2026-03-20", HM(8, 30), "convert|-");
	/* The item's category changed, then the item deleted (its slots keep no category). */
	sql_exec_ok(f->db, "UPDATE content SET category = 'brand' WHERE id = 2");
	assert_kept(f, f->old, "2026-03-20", HM(8, 30), "brand|-");
	struct cal_week w;
	if (calendar_week(f->db, f->pb, D("2026-03-16"), "老客复购群", 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.mix_total, 1);
	bool brand = false;
	for (size_t i = 0; i < w.n_mix; i++)
		brand = brand || (strcmp(w.mix[i].key, "brand") == 0 && w.mix[i].used == 1);
	assert_true(brand);
	calendar_week_free(&w);
	sql_exec_ok(f->db, "DELETE FROM content WHERE id = 2");
	assert_kept(f, f->old, "2026-03-20", HM(8, 30), "|-");
	/* The week's cells read the kept repeat: 03-04 and 03-10 again. */
	fill_content(f, f->old, "2026-03-10", HM(8, 30), 1);
	if (calendar_week(f->db, f->pb, D("2026-03-02"), "老客复购群", 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	int r = row_of(&w, "morning");
	assert_true(r >= 0);
	const struct cal_cell *c = calendar_cell(&w, 0, (size_t)r, 2);
	assert_true(c->warn & CAL_WARN_DUPLICATE);
	assert_int_equal(c->dup_day, D("2026-03-10"));
	calendar_week_free(&w);
}

/* The title cell c shows in the week of 2026-03-02 for 老客复购群 at 08:30 on 03-04, whole
   (calendar_week) or as the console reads it (untitled, then the group's titles). */
static void assert_week_title(struct fx *f, const char *want)
{
	char *cause = NULL;
	struct playbook *one = f->pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	struct cal_week w, u;
	if (calendar_week(f->db, f->pb, D("2026-03-02"), "老客复购群", 0, &w, &cause) < 0 ||
	    calendar_week_untitled(f->db, &set, D("2026-03-02"), "老客复购群", 0, &u, &cause) < 0 ||
	    calendar_week_titles(f->db, &u, 0, 1, &cause) < 0)
		fail_msg("%s", cause);
	int r = row_of(&w, "morning");
	assert_true(r >= 0);
	const struct cal_slot *s = calendar_cell(&w, 0, (size_t)r, 2)->slot;
	const struct cal_slot *us = calendar_cell(&u, 0, (size_t)r, 2)->slot;
	assert_non_null(s);
	assert_non_null(us);
	assert_string_equal(s->title, want);
	assert_string_equal(us->title, want);
	assert_string_equal(cal_slot_label(s), cal_slot_label(us));
	calendar_week_free(&w);
	calendar_week_free(&u);
}

/*
 * The slot row keeps its item's title and form (migration 028) through every change: a
 * fill, other content, the item's title or form edited, a placeholder, undo, the item
 * deleted; the week, the console's week and calendar_slot_get read them from the row.
 */
static void test_slot_title_kept(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 1);
	assert_kept_title(f, f->old, "2026-03-04", HM(8, 30), "宝宝辅食添加的三个误区|text");
	assert_week_title(f, "宝宝辅食添加的三个误区");
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 3);
	assert_kept_title(f, f->old, "2026-03-04", HM(8, 30), "创始人故事|video");
	assert_week_title(f, "创始人故事");
	/* The item edited: its slots follow in the same statement's transaction. */
	sql_exec_ok(f->db, "UPDATE content SET title = '创始人的故事', form = 'live' WHERE id = 3");
	assert_kept_title(f, f->old, "2026-03-04", HM(8, 30), "创始人的故事|live");
	assert_week_title(f, "创始人的故事");
	struct cal_slot one;
	assert_int_equal(calendar_slot_get(f->db, f->old, D("2026-03-04"), HM(8, 30), NULL, &one,
					   &cause), 0);
	assert_string_equal(one.title, "创始人的故事");
	assert_string_equal(one.content_form, "live");
	cal_slot_clear(&one);
	/* Undone: item 1 again, with its title. */
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	assert_kept_title(f, f->old, "2026-03-04", HM(8, 30), "宝宝辅食添加的三个误区|text");
	/* A placeholder: no title, the topic shown. */
	struct cal_fill topic = {.topic = "春季选题", .status = -1};
	if (calendar_fill(f->db, f->pb, f->old, D("2026-03-05"), HM(8, 30), &topic, "tester",
			  &cause) < 0)
		fail_msg("%s", cause);
	assert_kept_title(f, f->old, "2026-03-05", HM(8, 30), "|");
	/* The item deleted: its slot keeps neither title nor form, as the week shows. */
	sql_exec_ok(f->db, "DELETE FROM content WHERE id = 1");
	assert_kept_title(f, f->old, "2026-03-04", HM(8, 30), "|");
	assert_week_title(f, "");
}

/* Migration 023 on a workspace whose slots were stored before it: the same values made. */
static void test_slot_kept_migration(void **state)
{
	(void)state;
	char path[] = "/tmp/sopdeck-kept-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct fx fx = {0}, *f = &fx;
	char *cause = NULL;
	size_t n;
	if (workspace_open(path, "t", &f->db, &cause) < 0)
		fail_msg("%s", cause);
	test_groups(f->db, groups_yaml, false);
	if (content_import_text(f->db, content_yaml, strlen(content_yaml), "content.yaml", false,
				"tester", &n, &cause) < 0)
		fail_msg("%s", cause);
	f->pb = test_active_playbook(f->db);
	f->young = test_group_id(f->db, "宝妈成长营");
	f->old = test_group_id(f->db, "老客复购群");
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-07", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-10", HM(8, 30), 1);
	fill_content(f, f->young, "2026-03-05", HM(8, 30), 2);
	fill_content(f, f->old, "2026-03-30", HM(8, 30), 1);
	/* Back to schema 22: the slots as they were stored then. */
	sql_exec_ok(f->db, "DROP TRIGGER slot_kept_insert; DROP TRIGGER slot_kept_delete; "
		    "DROP TRIGGER slot_kept_update; DROP TRIGGER slot_kept_category; "
		    /* (028's columns first: the triggers above name them) */
		    "DROP TRIGGER slot_kept_title; ALTER TABLE slot DROP COLUMN title; "
		    "ALTER TABLE slot DROP COLUMN content_form; "
		    "ALTER TABLE slot DROP COLUMN category; ALTER TABLE slot DROP COLUMN dup_day; "
		    "CREATE INDEX slot_by_action ON slot(group_id, day, action_id); "
		    /* and the later migrations', applied again after 023 */
		    "DROP TABLE kpi_advice_memo; DROP TRIGGER kpi_advice_memo_cell_insert; "
		    "DROP TRIGGER kpi_advice_memo_cell_update; "
		    "DROP TRIGGER kpi_advice_memo_cell_delete; "
		    "DROP TRIGGER kpi_advice_memo_group_update; "
		    "DROP INDEX content_perf_report; DROP INDEX content_perf_retire; "
		    "DROP INDEX tick_by_day; "
		    "ALTER TABLE content_perf DROP COLUMN win_pos; "
		    "ALTER TABLE content_perf DROP COLUMN win_posts; "
		    "ALTER TABLE content_perf DROP COLUMN win_open_rate; "
		    "ALTER TABLE content_perf DROP COLUMN win_interact_rate; "
		    "DROP TRIGGER kpi_week_cell_insert; DROP TRIGGER kpi_week_cell_update; "
		    "DROP TRIGGER kpi_week_cell_delete; DROP TRIGGER kpi_week_cell_move; "
		    "DROP TABLE kpi_week; DROP TABLE kpi_keyset; "
		    "DROP TABLE kpi_week_todo; CREATE INDEX kpi_cell_by_day ON kpi_cell(day, group_id); "
		    "PRAGMA user_version = 22");
	db_close(f->db);
	if (workspace_open(path, "t", &f->db, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(test_sql_int(f->db, "PRAGMA user_version"), db_schema_version());
	assert_kept(f, f->old, "2026-03-04", HM(8, 30), "engage|2026-03-07");
	assert_kept(f, f->old, "2026-03-07", HM(8, 30), "engage|2026-03-04");
	assert_kept(f, f->old, "2026-03-10", HM(8, 30), "engage|2026-03-07");
	assert_kept(f, f->young, "2026-03-05", HM(8, 30), "convert|-");
	assert_kept(f, f->old, "2026-03-30", HM(8, 30), "engage|-");
	/* and migration 028's titles and forms */
	assert_kept_title(f, f->old, "2026-03-07", HM(8, 30), "宝宝辅食添加的三个误区|text");
	assert_kept_title(f, f->young, "2026-03-05", HM(8, 30), "会员日满199减50|text");
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE "
					"name = 'slot_by_action'"), 0);
	playbook_free(f->pb);
	db_close(f->db);
	unlink(path);
}

/*
 * The console's week: built without titles, the same totals, warnings and mix as the
 * whole week; calendar_week_titles reads a range of groups' titles (and content forms),
 * the others' stay "" until asked for.
 */
static void test_week_untitled(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 3);
	fill_content(f, f->old, "2026-03-05", HM(8, 30), 3);
	struct playbook *one = f->pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	struct cal_week all, w;
	int64_t now = (int64_t)D("2026-03-01") * 1440;
	if (calendar_week_set(f->db, &set, D("2026-03-02"), NULL, now, &all, &cause) < 0 ||
	    calendar_week_untitled(f->db, &set, D("2026-03-02"), NULL, now, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.n_groups, 2);
	assert_int_equal(w.n_filled, all.n_filled);
	assert_int_equal(w.n_due, all.n_due);
	assert_int_equal(w.n_warnings, all.n_warnings);
	assert_true(w.n_warnings > 0);
	assert_int_equal(w.mix_total, all.mix_total);
	for (size_t i = 0; i < w.n_mix; i++)
		assert_int_equal(w.mix[i].used, all.mix[i].used);
	int r = row_of(&w, "morning");
	size_t young = w.groups[0].group.id == f->young ? 0 : 1, old = 1 - young;
	const struct cal_slot *ys = calendar_cell(&w, young, (size_t)r, 2)->slot;
	const struct cal_slot *os = calendar_cell(&w, old, (size_t)r, 2)->slot;
	assert_non_null(ys);
	assert_non_null(os);
	assert_false(w.groups[young].titled);
	assert_string_equal(ys->title, "");
	assert_string_equal(os->category, "brand");   /* the slot's own, no title needed */
	/* One group's titles: the other's are still unread. */
	if (calendar_week_titles(f->db, &w, young, young + 1, &cause) < 0)
		fail_msg("%s", cause);
	assert_true(w.groups[young].titled);
	assert_string_equal(ys->title, "宝宝辅食添加的三个误区");
	assert_string_equal(ys->content_form, "text");
	assert_string_equal(os->title, "");
	if (calendar_week_titles(f->db, &w, 0, w.n_groups, &cause) < 0)
		fail_msg("%s", cause);
	assert_string_equal(os->title, "创始人故事");
	assert_string_equal(os->content_form, "video");
	assert_string_equal(ys->title, "宝宝辅食添加的三个误区");
	calendar_week_free(&w);
	calendar_week_free(&all);
}

/*
 * The printers' weeks (calendar_week_read) read only what they print: the same cells,
 * totals, warnings and mix as the whole week, the same fields printed, the others "".
 */
static void test_week_read_sets(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-10", HM(8, 30), 1);
	struct cal_fill topic = {.topic = "春季选题", .form = "video", .owner = "小王", .status = 1};
	if (calendar_fill(f->db, f->pb, f->young, D("2026-03-05"), HM(8, 30), &topic, "tester",
			  &cause) < 0)
		fail_msg("%s", cause);
	struct playbook *one = f->pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	int64_t now = (int64_t)D("2026-03-01") * 1440;
	struct cal_week all, w[2];
	enum cal_week_read what[2] = {CAL_READ_JSON, CAL_READ_GRID};
	if (calendar_week_set(f->db, &set, D("2026-03-02"), NULL, now, &all, &cause) < 0)
		fail_msg("%s", cause);
	for (int k = 0; k < 2; k++)
		if (calendar_week_read(f->db, &set, D("2026-03-02"), NULL, now, what[k], &w[k],
				       &cause) < 0)
			fail_msg("%s", cause);
	int r = row_of(&all, "morning");
	assert_true(r >= 0);
	size_t slots = 0;
	for (int k = 0; k < 2; k++) {
		assert_int_equal(w[k].n_rows, all.n_rows);
		assert_int_equal(w[k].n_filled, all.n_filled);
		assert_int_equal(w[k].n_due, all.n_due);
		assert_int_equal(w[k].n_warnings, all.n_warnings);
		assert_int_equal(w[k].mix_total, all.mix_total);
		for (size_t g = 0; g < all.n_groups; g++)
			for (size_t row = 0; row < all.n_rows; row++)
				for (int d = 0; d < 7; d++) {
					const struct cal_cell *a = calendar_cell(&all, g, row, d);
					const struct cal_cell *c = calendar_cell(&w[k], g, row, d);
					assert_int_equal(c->warn, a->warn);
					assert_int_equal(c->dup_day, a->dup_day);
					assert_ptr_equal(c->action, a->action);
					assert_int_equal(!c->slot, !a->slot);
					if (!a->slot)
						continue;
					slots++;
					const struct cal_slot *x = a->slot, *y = c->slot;
					assert_int_equal(y->id, x->id);
					assert_int_equal(y->content_id, x->content_id);
					assert_string_equal(y->title, x->title);
					assert_string_equal(y->topic, x->topic);
					assert_string_equal(y->category, x->category);
					/* The text grid prints none of these; JSON all but the stamp. */
					assert_string_equal(y->owner, k == 0 ? x->owner : "");
					assert_string_equal(y->form, k == 0 ? x->form : "");
					assert_string_equal(y->updated_by, k == 0 ? x->updated_by : "");
					assert_int_equal(y->status, k == 0 ? x->status : SLOT_PLANNED);
					assert_string_equal(y->updated_at, "");
					assert_string_equal(y->content_form, "");
				}
	}
	assert_int_equal(slots, 2 * 2);  /* 03-04 and 03-05 in each of the two */
	const struct cal_slot *placeholder = calendar_cell(&all, all.groups[0].group.id == f->young
							   ? 0 : 1, (size_t)r, 3)->slot;
	assert_non_null(placeholder);
	assert_string_equal(placeholder->owner, "小王");
	assert_int_equal(placeholder->status, SLOT_DRAFTED);
	calendar_week_free(&all);
	calendar_week_free(&w[0]);
	calendar_week_free(&w[1]);
}

/* The week's big blocks: malloc'd while small, then in a huge-page mapping, what was
   written kept through every move; never mapped when huge is false. */
static void test_big_blocks(void **state)
{
	(void)state;
	for (int huge = 0; huge < 2; huge++) {
		char *p = NULL;
		size_t cap = 0, mapped = 0, used = 0;
		while (used < ((size_t)5 << 20)) {
			cal_big_reserve(&p, used, used + 4096, &cap, &mapped, huge);
			assert_true(cap >= used + 4096);
			memset(p + used, (int)(used / 4096 % 251), 4096);
			used += 4096;
		}
		assert_true(huge ? mapped >= used : mapped == 0);
		for (size_t i = 0; i < used; i += 4096)
			assert_int_equal((unsigned char)p[i + 17], i / 4096 % 251);
		cal_big_free(p, mapped);
	}
}

/* Is there a statement in db's cache whose SQL holds part? */
static bool statement_cached(struct db *db, const char *part)
{
	sqlite3 *h = db_sqlite(db);
	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st))
		if (strstr(sqlite3_sql(st), part))
			return true;
	return false;
}

/* EXPLAIN QUERY PLAN of the statement in db's cache whose SQL holds part, one string. */
static char *cached_plan(struct db *db, const char *part)
{
	sqlite3 *h = db_sqlite(db);
	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st)) {
		if (!strstr(sqlite3_sql(st), part))
			continue;
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(st)), *cause = NULL;
		sqlite3_stmt *e;
		if (db_prepare(db, sql, &e, &cause) < 0)
			fail_msg("%s", cause);
		free(sql);
		struct buf plan = {0};
		while (sqlite3_step(e) == SQLITE_ROW)
			buf_addf(&plan, "%s\n", (const char *)sqlite3_column_text(e, 3));
		sqlite3_finalize(e);
		char *text = xstrdup(buf_str(&plan));
		buf_free(&plan);
		return text;
	}
	fail_msg("no cached statement has '%s'", part);
	return NULL;
}

/*
 * The week's reads go through indexes that fit them: all groups' slots by day, one
 * group's by its own key (not every group's slots of the week, filtered) and the items'
 * titles by id; the 14-day repeats are on the slot rows (migration 023), so nothing
 * reads the days around the week.
 */
static void test_week_plans(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 2);
	struct cal_week w;
	if (calendar_week(f->db, f->pb, D("2026-03-02"), NULL, 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	calendar_week_free(&w);
	char *all = cached_plan(f->db, "FROM slot WHERE day BETWEEN");
	assert_non_null(strstr(all, "slot_by_day"));
	free(all);
	assert_false(statement_cached(f->db, "JOIN slot s ON s.content_id"));
	/* The titles are the slot rows' (migration 028): the content table is not read. */
	assert_false(statement_cached(f->db, "JOIN content c ON c.id"));
	/* The console's titles of a screen: the slot rows by id. */
	struct playbook *pb1 = f->pb;
	struct playbook_set set = {.pbs = &pb1, .n = 1, .fallback = pb1};
	if (calendar_week_untitled(f->db, &set, D("2026-03-02"), NULL, 0, &w, &cause) < 0 ||
	    calendar_week_titles(f->db, &w, 0, w.n_groups, &cause) < 0)
		fail_msg("%s", cause);
	calendar_week_free(&w);
	char *titles = cached_plan(f->db, "JOIN slot s ON s.id");
	assert_non_null(strstr(titles, "INTEGER PRIMARY KEY"));
	free(titles);
	if (calendar_week(f->db, f->pb, D("2026-03-02"), "宝妈成长营", 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.n_groups, 1);
	calendar_week_free(&w);
	char *one = cached_plan(f->db, "FROM slot WHERE group_id = ?3");
	assert_non_null(strstr(one, "(group_id=? AND day>? AND day<?)"));
	assert_null(strstr(one, "slot_by_day"));
	free(one);
}

/*
 * The week runs the due rule once per class of alike groups (playbook, creation day,
 * type, platform): each group's cells are still those of its own week (the group
 * alone), twins and groups that differ by a day, a type or a platform alike.
 */
static void test_week_due_classes(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	test_groups(f->db,
		    "- {name: 双胞胎一群, platform: wecom, type: promotion, created: 2026-03-01}\n"
		    "- {name: 双胞胎二群, platform: wecom, type: promotion, created: 2026-03-01}\n"
		    "- {name: 同日售后群, platform: wecom, type: service, created: 2026-03-01}\n"
		    "- {name: 同日个微群, platform: wechat, type: promotion, created: 2026-03-01}\n"
		    "- {name: 晚一天的群, platform: wecom, type: promotion, created: 2026-03-02}\n",
		    false);
	struct cal_week all, one;
	if (calendar_week(f->db, f->pb, D("2026-03-02"), NULL, 0, &all, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(all.n_groups, 7);
	size_t due_all = 0, due_ones = 0;
	for (size_t g = 0; g < all.n_groups; g++) {
		if (calendar_week(f->db, f->pb, D("2026-03-02"), all.groups[g].group.name, 0, &one,
				  &cause) < 0)
			fail_msg("%s", cause);
		for (size_t r = 0; r < one.n_rows; r++) {
			size_t ra = 0;
			while (ra < all.n_rows &&
			       (all.rows[ra].at != one.rows[r].at ||
				!all.rows[ra].action_id != !one.rows[r].action_id ||
				(one.rows[r].action_id &&
				 strcmp(all.rows[ra].action_id, one.rows[r].action_id) != 0)))
				ra++;
			assert_true(ra < all.n_rows);
			for (int d = 0; d < 7; d++) {
				const struct cal_cell *x = calendar_cell(&one, 0, r, d);
				const struct cal_cell *y = calendar_cell(&all, g, ra, d);
				assert_ptr_equal(x->action, y->action);
				assert_int_equal(x->n_due, y->n_due);
				due_ones += x->action != NULL;
			}
		}
		calendar_week_free(&one);
	}
	for (size_t g = 0; g < all.n_groups; g++)
		for (size_t r = 0; r < all.n_rows; r++)
			for (int d = 0; d < 7; d++)
				due_all += calendar_cell(&all, g, r, d)->action != NULL;
	assert_int_equal(due_all, due_ones);
	assert_int_equal(due_all, all.n_due);
	calendar_week_free(&all);
}

static void test_empty_warning(void **state)
{
	struct fx *f = *state;
	int64_t now = (int64_t)D("2026-03-04") * 1440 + HM(10, 0);
	/* Past slots do not warn; 03-06 08:30 is 46.5 hours away, 03-06 10:30 would be 48.5. */
	assert_false(warn_at(f, f->old, "2026-03-04", HM(8, 30), now) & CAL_WARN_EMPTY_SOON);
	assert_true(warn_at(f, f->old, "2026-03-04", HM(15, 0), now) & CAL_WARN_EMPTY_SOON);
	assert_true(warn_at(f, f->old, "2026-03-06", HM(8, 30), now) & CAL_WARN_EMPTY_SOON);
	assert_false(warn_at(f, f->old, "2026-03-06", HM(15, 0), now) & CAL_WARN_EMPTY_SOON);
	/* A placeholder is a plan: no longer empty. */
	struct cal_fill p = {.topic = "早安图", .status = -1};
	char *cause = NULL;
	assert_int_equal(calendar_fill(f->db, f->pb, f->old, D("2026-03-06"), HM(8, 30), &p,
				       "tester", &cause), 0);
	assert_false(warn_at(f, f->old, "2026-03-06", HM(8, 30), now) & CAL_WARN_EMPTY_SOON);
}

static void test_stage_warning(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	/* The flash sale slot is filled while the group is in monetisation ... */
	fill_content(f, f->old, "2026-03-04", HM(20, 30), 2);
	int64_t now = (int64_t)D("2026-03-01") * 1440;
	assert_int_equal(warn_at(f, f->old, "2026-03-04", HM(20, 30), now) & CAL_WARN_STAGE, 0);
	/* ... then its creation date is corrected: a launch group has no flash sale. */
	assert_int_equal(db_exec(f->db, "UPDATE chat_group SET created = '2026-03-01' WHERE "
				 "name = '老客复购群'", &cause), 0);
	assert_true(warn_at(f, f->old, "2026-03-04", HM(20, 30), now) & CAL_WARN_STAGE);
	char *text = calendar_warn_text(CAL_WARN_STAGE | CAL_WARN_DUPLICATE);
	assert_string_equal(text, "repeat wrong stage");
	free(text);
	i18n_set(I18N_ZH);
	text = calendar_warn_text(CAL_WARN_STAGE | CAL_WARN_DUPLICATE);
	i18n_set(I18N_EN);
	assert_string_equal(text, "14天内重复 阶段不符");
	free(text);
}

static void test_tick_posts(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 1);
	fill_content(f, f->young, "2026-03-04", HM(10, 0), 2);
	if (today_tick(f->db, f->young, "morning", D("2026-03-04"), "tester", &cause) < 0)
		fail_msg("%s", cause);
	struct cal_slot s;
	calendar_slot_get(f->db, f->young, D("2026-03-04"), HM(8, 30), NULL, &s, &cause);
	assert_int_equal(s.status, SLOT_POSTED);
	cal_slot_clear(&s);
	calendar_slot_get(f->db, f->young, D("2026-03-04"), HM(10, 0), NULL, &s, &cause);
	assert_int_equal(s.status, SLOT_PLANNED);
	cal_slot_clear(&s);
	/* A tick with no slot behind it still works. */
	assert_int_equal(today_tick(f->db, f->young, "afternoon", D("2026-03-04"), "tester",
					&cause), 0);
}

/* The stored slot of one action, or fail. */
static struct cal_slot get_action(struct fx *f, int64_t gid, const char *day, int at,
				  const char *action)
{
	struct cal_slot s;
	char *cause = NULL;
	if (calendar_slot_get(f->db, gid, D(day), at, action, &s, &cause) != 0)
		fail_msg("no slot %s %s: %s", day, action, cause ? cause : "not stored");
	return s;
}

static void test_per_action_slots(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	/* Friday 2026-03-06 20:00 for the monetisation group: 福利推送 and 周五会员日福利. */
	struct cal_fill a = {.topic = "晚间福利", .status = -1, .action_id = "perks"};
	struct cal_fill b = {.content_id = 2, .status = -1, .action_id = "fri-member"};
	assert_int_equal(calendar_fill(f->db, f->pb, f->old, D("2026-03-06"), HM(20, 0), &a,
				       "tester", &cause), 0);
	assert_int_equal(calendar_fill(f->db, f->pb, f->old, D("2026-03-06"), HM(20, 0), &b,
				       "tester", &cause), 0);
	struct cal_slot s = get_action(f, f->old, "2026-03-06", HM(20, 0), "perks");
	assert_string_equal(s.topic, "晚间福利");
	cal_slot_clear(&s);
	s = get_action(f, f->old, "2026-03-06", HM(20, 0), "fri-member");
	assert_int_equal(s.content_id, 2);
	cal_slot_clear(&s);
	/* Without an action the time is ambiguous now: an error, not a guess. */
	assert_int_equal(calendar_slot_get(f->db, f->old, D("2026-03-06"), HM(20, 0), NULL, &s,
					   &cause), -1);
	assert_non_null(strstr(cause, "several"));
	free(cause);
	cause = NULL;
	/* An action not due then is refused. */
	struct cal_fill c = {.topic = "x", .status = -1, .action_id = "fri-member"};
	assert_int_equal(calendar_fill(f->db, f->pb, f->old, D("2026-03-05"), HM(20, 0), &c,
				       "tester", &cause), -1);
	free(cause);
	cause = NULL;
	/* Ticking the member perks posts its slot only. */
	if (today_tick(f->db, f->old, "fri-member", D("2026-03-06"), "tester", &cause) < 0)
		fail_msg("%s", cause);
	s = get_action(f, f->old, "2026-03-06", HM(20, 0), "fri-member");
	assert_int_equal(s.status, SLOT_POSTED);
	cal_slot_clear(&s);
	s = get_action(f, f->old, "2026-03-06", HM(20, 0), "perks");
	assert_int_equal(s.status, SLOT_PLANNED);
	cal_slot_clear(&s);
	/* The Today tab's lookup finds each action's own slot. */
	assert_int_equal(calendar_slot_for_action(f->db, playbook_action(f->pb, "perks"), f->old,
						  D("2026-03-06"), &s, &cause), 0);
	assert_string_equal(s.topic, "晚间福利");
	cal_slot_clear(&s);
	assert_int_equal(calendar_slot_for_action(f->db, playbook_action(f->pb, "morning"), f->old,
						  D("2026-03-06"), &s, &cause), 1);
	/* The week shows both, each in its row; clearing one leaves the other; undo restores. */
	assert_int_equal(calendar_clear(f->db, f->old, D("2026-03-06"), HM(20, 0), "perks",
					"tester", &cause), 0);
	s = get_action(f, f->old, "2026-03-06", HM(20, 0), "fri-member");
	cal_slot_clear(&s);
	assert_int_equal(calendar_undo(f->db, "tester", NULL, &cause), 0);
	s = get_action(f, f->old, "2026-03-06", HM(20, 0), "perks");
	cal_slot_clear(&s);
	/* Copy the week: both go to the next Friday, each to its own action. */
	size_t copied, skipped;
	assert_int_equal(calendar_copy_week(f->db, f->pb, D("2026-03-09"), f->old, "tester",
					    &copied, &skipped, &cause), 0);
	assert_int_equal(copied, 2);
	s = get_action(f, f->old, "2026-03-13", HM(20, 0), "fri-member");
	assert_int_equal(s.content_id, 2);
	cal_slot_clear(&s);
	s = get_action(f, f->old, "2026-03-13", HM(20, 0), "perks");
	cal_slot_clear(&s);
}

static void test_fill_keeps_plan(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct cal_fill p = {.topic = "辅食误区", .form = "图文", .owner = "小林", .status = -1};
	assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-04"), HM(8, 30), &p,
				       "tester", &cause), 0);
	/* Picking library content (topic/form/owner not given) keeps the plan. */
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 1);
	struct cal_slot s = get_action(f, f->young, "2026-03-04", HM(8, 30), "morning");
	assert_int_equal(s.content_id, 1);
	assert_string_equal(s.owner, "小林");
	assert_string_equal(s.topic, "辅食误区");
	assert_string_equal(s.form, "图文");
	assert_string_equal(cal_slot_label(&s), "宝宝辅食添加的三个误区");
	cal_slot_clear(&s);
	/* A new owner given replaces it. */
	struct cal_fill o = {.content_id = 1, .owner = "阿杰", .status = -1};
	assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-04"), HM(8, 30), &o,
				       "tester", &cause), 0);
	s = get_action(f, f->young, "2026-03-04", HM(8, 30), "morning");
	assert_string_equal(s.owner, "阿杰");
	assert_string_equal(s.topic, "辅食误区");
	cal_slot_clear(&s);
}

static void test_month_counts(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	/* A slot stored at a time nothing is due (11:00) does not count as filled. */
	char *sql = xasprintf("INSERT INTO slot (group_id, day, at, topic, updated_at, updated_by) "
			      "VALUES (%lld, '2026-03-04', '11:00', '手工', '', 'x')",
			      (long long)f->young);
	assert_int_equal(db_exec(f->db, sql, &cause), 0);
	free(sql);
	struct cal_month m;
	if (calendar_month(f->db, f->pb, 2026, 3, "宝妈成长营", D("2026-03-04"), &m, &cause) < 0)
		fail_msg("%s", cause);
	size_t due = m.days[3].n_due;
	assert_int_equal(m.days[3].n_filled, 0);
	calendar_month_free(&m);
	/* Fill every content action due that day: filled reaches due, never beyond. */
	struct group g;
	assert_int_equal(group_find_id(f->db, f->young, &g, &cause), 0);
	struct cal_due due_list = {0};
	size_t k = calendar_due_actions(f->pb, &g, D("2026-03-04"), -1, &due_list);
	const struct pb_action *const *acts = due_list.a;
	group_clear(&g);
	assert_int_equal(k, due);
	for (size_t i = 0; i < k; i++) {
		struct cal_fill p = {.topic = "t", .status = -1, .action_id = acts[i]->id};
		assert_int_equal(calendar_fill(f->db, f->pb, f->young, D("2026-03-04"), acts[i]->at,
					       &p, "tester", &cause), 0);
	}
	if (calendar_month(f->db, f->pb, 2026, 3, "宝妈成长营", D("2026-03-04"), &m, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(m.days[3].n_filled, due);
	assert_int_equal(m.days[3].n_due, due);
	calendar_month_free(&m);
	cal_due_free(&due_list);
}

static void test_node_groups(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	size_t n;
	static const char svc[] =
		"- {name: 售后服务群, platform: wecom, type: service, created: 2025-01-01}\n";
	if (group_import_text(f->db, svc, strlen(svc), "svc.yaml", false, "tester", &n,
			      &cause) < 0)
		fail_msg("%s", cause);
	/* 双12's warm-up is for promotion groups: the service group cannot miss it. */
	struct cal_month m;
	if (calendar_month(f->db, f->pb, 2026, 12, NULL, D("2026-12-05"), &m, &cause) < 0)
		fail_msg("%s", cause);
	bool seen = false;
	for (size_t i = 0; i < m.n_upcoming; i++)
		if (strcmp(m.upcoming[i].node->name, "双12") == 0) {
			seen = true;
			assert_true(m.upcoming[i].flagged);
			assert_non_null(strstr(m.upcoming[i].missing, "老客复购群"));
			assert_null(strstr(m.upcoming[i].missing, "售后服务群"));
		}
	assert_true(seen);
	calendar_month_free(&m);
}

/* "My groups" (calendar --mine, the console's O): the mix counts the groups shown only. */
static void test_week_mix_scope(void **state)
{
	struct fx *f = *state;
	fill_content(f, f->old, "2026-03-02", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-03", HM(8, 30), 3);
	fill_content(f, f->young, "2026-03-04", HM(8, 30), 2);
	group_scope_set(f->db, "小林");
	struct cal_week w;
	char *cause = NULL;
	if (calendar_week(f->db, f->pb, D("2026-03-02"), NULL, 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.n_groups, 1);
	assert_int_equal(w.n_filled, 1);
	assert_int_equal(w.mix_total, 1);
	assert_string_equal(w.mix[1].key, "convert");
	assert_int_equal(w.mix[1].used, 1);
	assert_int_equal(w.mix[0].used, 0);
	calendar_week_free(&w);
	group_scope_set(f->db, NULL);
}

static void test_week_mix(void **state)
{
	struct fx *f = *state;
	fill_content(f, f->old, "2026-03-02", HM(8, 30), 1);
	fill_content(f, f->old, "2026-03-03", HM(8, 30), 3);
	fill_content(f, f->old, "2026-03-04", HM(8, 30), 2);
	fill_content(f, f->old, "2026-03-05", HM(8, 30), 4);
	struct cal_week w;
	char *cause = NULL;
	if (calendar_week(f->db, f->pb, D("2026-03-02"), "老客复购群", 0, &w, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(w.n_groups, 1);
	assert_int_equal(w.mix_total, 4);
	assert_int_equal(w.n_filled, 4);
	assert_string_equal(w.mix[0].key, "engage");
	assert_int_equal(w.mix[0].used, 1);
	assert_int_equal(w.mix[1].used, 2);
	assert_true(w.mix[1].share > 49.9 && w.mix[1].share < 50.1);
	assert_int_equal(w.mix[1].target, 30);
	calendar_week_free(&w);
}

static void test_ics_helpers(void **state)
{
	char *e = ics_escape("a,b;c\\d\ne");
	assert_string_equal(e, "a\\,b\\;c\\\\d\\ne");
	free(e);
	/* 100 CJK characters (300 octets): every line at most 75 octets, no split character. */
	struct buf line = {0}, out = {0};
	buf_adds(&line, "SUMMARY:");
	for (int i = 0; i < 100; i++)
		buf_adds(&line, "排");
	ics_fold(buf_str(&line), &out);
	const char *p = buf_str(&out);
	struct buf unfolded = {0};
	int lines = 0;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 75);
		const char *start = lines ? p + 1 : p;
		if (lines)
			assert_int_equal(*p, ' ');
		assert_true(utf8_valid(start, (size_t)(eol - start)));
		buf_add(&unfolded, start, (size_t)(eol - start));
		p = eol + 2;
		lines++;
	}
	assert_true(lines >= 5);
	assert_string_equal(buf_str(&unfolded), buf_str(&line));
	buf_free(&line);
	buf_free(&out);
	buf_free(&unfolded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_iso_weeks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_sunday, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grid_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_many_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_clear_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_week, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_category_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_keeps_past, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_per_playbook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_due_classes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tick_posts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_mix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_mix_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_per_action_slots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_keeps_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ics_helpers, setup, teardown),
		cmocka_unit_test(test_many_due_at_once),
		cmocka_unit_test_setup_teardown(test_week_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slot_kept, setup, teardown),
		cmocka_unit_test(test_slot_kept_migration),
		cmocka_unit_test_setup_teardown(test_slot_title_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_read_sets, setup, teardown),
		cmocka_unit_test(test_big_blocks),
		cmocka_unit_test_setup_teardown(test_week_untitled, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
