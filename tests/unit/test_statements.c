/*
 * Statement counts: each screen's load runs a fixed number of SQL statements,
 * whatever the number of groups, slots and counters. A workspace of N groups
 * and one of 10N, each group with KPI days, calendar slots (placeholders and
 * library content) and ticks, must run the same number of statements
 * (db_stats run deltas) for: today's checklist, the week grid, the month view,
 * the KPI overview with every group's advice, and a content page with its
 * count. A per-item query (one per action, per cell, per group) fails here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "calendar.h"
#include "checklist.h"
#include "content.h"
#include "group.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "report.h"
#include "today.h"

#define DAY "2026-03-04"
#define MONDAY "2026-03-02"

/* The statement counts of each load, for one workspace. */
struct counts {
	long today, today_one, refresh, first, week, month, kpi, advice, content, report;
	long week_first, week_page;  /* the console's: the week without titles, a page's titles */
	long content_report;         /* the console's c: the report's shape and a screen of it */
	long kpi_tab;                /* the console's overview sorted by a figure: every group
					over its stage window, through the kept weeks */
	size_t report_lines;         /* lines the content report has */
};

/* Statements run since *mark; moves the mark. */
static long ran(struct db *db, long *mark)
{
	long now = db_stats(db).run, d = now - *mark;
	*mark = now;
	return d;
}

#define LINE2 "穿搭社群SOP"

/*
 * A second business line: the built-in playbook under another name, with one
 * action of its own, so that its groups' checklists differ from the others'.
 */
static void second_playbook(struct db *db)
{
	size_t len;
	const char *text = playbook_builtin_text(&len);
	const char *name = strstr(text, "\nplaybook: "), *eol = name ? strchr(name + 1, '\n') : NULL;
	const char *acts = strstr(text, "\nactions:\n");
	if (!eol || !acts || acts < eol)
		fail_msg("the built-in playbook changed shape");
	struct buf b = {0};
	buf_add(&b, text, (size_t)(name - text));
	buf_adds(&b, "\nplaybook: " LINE2);
	buf_add(&b, eol, (size_t)(acts - eol));
	buf_adds(&b, "\nactions:\n  - {id: outfit, title: 今日穿搭, at: \"11:00\", every: day, "
		     "category: engage}");
	buf_add(&b, acts + strlen("\nactions:"), len - (size_t)(acts + strlen("\nactions:") - text));
	struct playbook *p;
	char *cause = NULL;
	if (playbook_parse(buf_str(&b), b.len, "line2.yaml", &p, &cause) < 0 ||
	    playbook_store(db, p, buf_str(&b), "line2.yaml", "tester", &cause) < 0)
		fail_msg("second playbook: %s", cause);
	playbook_free(p);
	buf_free(&b);
}

/*
 * n groups of every type and age, 14 days of counters each, slots, ticks,
 * library content; with lines = 2, every other group runs on a second playbook.
 */
static struct db *workspace(size_t n, int lines, struct playbook **pb)
{
	struct db *db = test_db();
	char *cause = NULL;
	if (lines == 2) {
		second_playbook(db);
		/* The built-in one stays the default: the importers below read its counters. */
		if (playbook_set_default(db, "私域社群标准SOP (standard community SOP)", "tester",
					 &cause) < 0)
			fail_msg("default: %s", cause);
	}
	struct buf g = {0}, k = {0}, c = {0};
	static const char *const types[] = {"promotion", "segmented", "service"};
	buf_adds(&g, "name,platform,type,created,owner,positioning,playbook\n");
	buf_adds(&k, "日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数,群聊消息总数,"
		     "推送触达数,打开数\n");
	for (size_t i = 0; i < n; i++) {
		/* Ages from a few days to most of a year: every stage has groups. */
		int created = D(DAY) - (int)((i * 37) % 300) - 3;
		char cd[11];
		date_format(created, cd);
		buf_addf(&g, "第%03zu群·宝妈育儿,wecom,%s,%s,运营%zu,育儿干货,%s\n", i, types[i % 3], cd,
			 i % 4, lines == 2 && i % 2 ? LINE2 : "");
		for (int d = 1; d <= 14; d++) {
			char day[11];
			date_format(D(DAY) - d, day);
			/* Some groups open poorly, so that advice has items to give. */
			buf_addf(&k, "%s,第%03zu群·宝妈育儿,%zu,3,1,%zu,80,200,%zu\n", day, i, 200 + i,
				 10 + (i + (size_t)d) % 30, (size_t)(i % 2 ? 90 : 10));
		}
	}
	buf_adds(&c, "title,category,zone,form,style,tags,date,source,body\n");
	for (size_t i = 0; i < 20; i++)
		buf_addf(&c, "育儿干货第%zu篇,engage,knowledge,text,,育儿;干货,2026-02-01,,正文%zu\n", i,
			 i);
	size_t count;
	struct kpi_import_result res = {0};
	struct playbook_set *set = NULL;
	/* Content first: its categories are checked against the newest playbook stored. */
	if (content_import_text(db, buf_str(&c), c.len, "content.csv", true, "tester", &count,
				&cause) < 0)
		fail_msg("workspace: %s", cause);
	if (group_import_text(db, buf_str(&g), g.len, "groups.csv", true, "tester", &count,
			      &cause) < 0 ||
	    playbook_load_active(db, pb, &cause) < 0 ||
	    playbook_set_load(db, &set, &cause) < 0 ||
	    kpi_import_mem(db, set, buf_str(&k), k.len, "kpi.csv", false, DATE_MAX, "tester", &res,
			   &cause) < 0)
		fail_msg("workspace: %s", cause);
	kpi_import_result_free(&res);
	buf_free(&g);
	buf_free(&k);
	buf_free(&c);
	/* This week's due content actions: placeholders and library items, a few posted by ticks. */
	struct group *groups;
	size_t ng;
	if (group_list(db, &groups, &ng, &cause) < 0)
		fail_msg("%s", cause);
	struct cal_due due = {0};
	for (size_t i = 0; i < ng; i++)
		for (int d = 0; d < 7; d++) {
			int day = D(MONDAY) + d;
			/* Each group's slots are its own playbook's actions. */
			const struct playbook *own = playbook_set_for(set, &groups[i]);
			calendar_due_actions(own, &groups[i], day, -1, &due);
			for (size_t a = 0; a < due.n && a < 3; a++) {
				struct cal_fill f = {.status = -1, .action_id = due.a[a]->id};
				if ((i + a + (size_t)d) % 2)
					f.content_id = 1 + (int64_t)((i + a) % 20);
				else
					f.topic = "育儿问答";
				if (calendar_fill(db, own, groups[i].id, day, due.a[a]->at, &f, "tester",
						  &cause) < 0)
					fail_msg("fill: %s", cause);
			}
			if (day == D(DAY) && due.n &&
			    today_tick(db, groups[i].id, due.a[0]->id, day, "小美", &cause) < 0)
				fail_msg("tick: %s", cause);
		}
	cal_due_free(&due);
	group_list_free(groups, ng);
	playbook_set_free(set);
	return db;
}

/*
 * No statement the loads above ran reads a whole table that grows with the days: a plan
 * step "SCAN tick" (the day's ticks among a year of them), "SCAN slot", "SCAN kpi_cell".
 * (The bench's workspace has only today's ticks: its times would never show such a scan.)
 */
static void assert_no_growing_scan(struct db *db)
{
	static const char *const grows[] = {"tick", "slot", "kpi_cell"};
	for (int i = 0; i < db_cached_count(db); i++) {
		const char *sql = db_cached_text(db, i);
		char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_sqlite(db), q, -1, &st, NULL) != SQLITE_OK)
			fail_msg("plan of %s: %s", sql, sqlite3_errmsg(db_sqlite(db)));
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 3);
			if (getenv("PLANS"))
				printf("# %s\n#   %s\n", sql, d);
			for (size_t g = 0; g < sizeof grows / sizeof *grows; g++) {
				size_t n = strlen(grows[g]);
				/* "SCAN tick" or "SCAN tick AS t"/"SCAN t" is the alias: name only. */
				if (strncmp(d, "SCAN ", 5) == 0 && strncmp(d + 5, grows[g], n) == 0 &&
				    (d[5 + n] == '\0' || d[5 + n] == ' '))
					fail_msg("%s\n  scans %s: %s", sql, grows[g], d);
			}
		}
		sqlite3_finalize(st);
		free(q);
	}
}

/* Run every load once and count its statements. */
static struct counts measure(size_t n, int lines)
{
	struct playbook *pb;
	struct db *db = workspace(n, lines, &pb);
	char *cause = NULL;
	struct counts c = {0};
	struct playbook_set *set;
	if (playbook_set_load(db, &set, &cause) < 0)
		fail_msg("set: %s", cause);
	assert_int_equal(set->n, (size_t)lines);
	long mark = db_stats(db).run;

	struct checklist cl;
	if (today_build(db, set, D(DAY), NULL, &cl, &cause) < 0)
		fail_msg("today: %s", cause);
	c.today = ran(db, &mark);
	/* The workspace is what it claims: slots, advice and ticks are on the checklist. */
	size_t slots = 0, advice = 0, ticked = 0;
	for (size_t i = 0; i < cl.n_items; i++) {
		slots += cl.items[i].has_slot;
		advice += cl.items[i].kpi_action != NULL;
		ticked += cl.items[i].ticked;
	}
	assert_true(slots >= n);
	assert_true(advice >= n / 2);
	assert_true(ticked >= n / 2);
	/* With two lines, the second line's groups (odd) have its action and the others not. */
	size_t outfits = 0;
	for (size_t i = 0; i < cl.n_items; i++)
		if (strcmp(cl.items[i].action->id, "outfit") == 0) {
			outfits++;
			assert_string_equal(cl.groups[cl.items[i].group].playbook, LINE2);
			assert_string_equal(checklist_playbook(&cl, cl.items[i].group)->name, LINE2);
		}
	assert_int_equal(outfits, lines == 2 ? n / 2 : 0);
	checklist_free(&cl);

	if (today_build(db, set, D(DAY), "第001群·宝妈育儿", &cl, &cause) < 0)
		fail_msg("today one: %s", cause);
	c.today_one = ran(db, &mark);
	checklist_free(&cl);

	/* After a tick the console builds that group again in place (today_refresh_group). */
	if (today_build(db, set, D(DAY), NULL, &cl, &cause) < 0)
		fail_msg("today: %s", cause);
	mark = db_stats(db).run;
	if (today_refresh_group(db, set, &cl, cl.n_groups / 2, &cause) < 0)
		fail_msg("refresh: %s", cause);
	c.refresh = ran(db, &mark);
	checklist_free(&cl);
	size_t slotted;
	if (today_build_first(db, set, D(DAY), 3, &slotted, &cl, &cause) < 0)
		fail_msg("first: %s", cause);
	c.first = ran(db, &mark);
	checklist_free(&cl);

	struct cal_week w;
	if (calendar_week(db, pb, D(MONDAY), NULL, (int64_t)D(DAY) * 1440, &w, &cause) < 0)
		fail_msg("week: %s", cause);
	c.week = ran(db, &mark);
	assert_true(w.n_filled >= 3 * n);
	size_t filled = w.n_filled;
	calendar_week_free(&w);

	/* The console's first visit: the week's totals without titles, then a screen's. */
	struct playbook *one = pb;
	struct playbook_set only_pb = {.pbs = &one, .n = 1, .fallback = one};
	if (calendar_week_untitled(db, &only_pb, D(MONDAY), NULL, (int64_t)D(DAY) * 1440, &w,
				   &cause) < 0)
		fail_msg("week untitled: %s", cause);
	assert_int_equal(w.n_filled, filled);
	if (calendar_week_titles(db, &w, 0, 3, &cause) < 0)
		fail_msg("titles: %s", cause);
	c.week_first = ran(db, &mark);
	/* Scrolled: the next page's titles, those read already not again. */
	if (calendar_week_titles(db, &w, 2, 5, &cause) < 0)
		fail_msg("titles: %s", cause);
	c.week_page = ran(db, &mark);
	calendar_week_free(&w);

	struct cal_month m;
	if (calendar_month(db, pb, 2026, 3, NULL, D(DAY), &m, &cause) < 0)
		fail_msg("month: %s", cause);
	c.month = ran(db, &mark);
	calendar_month_free(&m);

	struct kpi_report r;
	int from, to;
	kpi_window_last(D(DAY), KPI_ADVICE_DAYS, &from, &to);
	if (kpi_report_build(db, set, D(DAY), from, to, NULL, &r, &cause) < 0)
		fail_msg("kpi: %s", cause);
	c.kpi = ran(db, &mark);
	assert_int_equal(r.n_groups, n);
	/* The groups run on the playbooks the workspace says. */
	size_t fitness = 0;
	for (size_t i = 0; i < r.n_groups; i++)
		fitness += strcmp(r.groups[i].pb->name, LINE2) == 0;
	assert_int_equal(fitness, lines == 2 ? n / 2 : 0);
	/* Each group over its own stage window, as the console sorted by a figure reads them:
	   the whole weeks kept (migration 037) and the days at the ends. */
	struct group *tab;
	size_t nt;
	if (group_list(db, &tab, &nt, &cause) < 0)
		fail_msg("%s", cause);
	int *tf = xcalloc(nt + 1, sizeof *tf), *tt = xcalloc(nt + 1, sizeof *tt);
	for (size_t i = 0; i < nt; i++)
		kpi_window_stage(playbook_set_for(set, &tab[i]), &tab[i], D(DAY), &tf[i], &tt[i]);
	struct kpi_report *tr = xcalloc(nt + 1, sizeof *tr);
	mark = db_stats(db).run;
	if (kpi_reports_build(db, set, D(DAY), tab, nt, tf, tt, tr, &cause) < 0)
		fail_msg("kpi tab: %s", cause);
	c.kpi_tab = ran(db, &mark);
	for (size_t i = 0; i < nt; i++)
		kpi_report_free(&tr[i]);
	free(tr);
	free(tf);
	free(tt);
	group_list_free(tab, nt);
	struct kpi_advice_list *adv;
	if (kpi_advice_groups(db, set, D(DAY), &r.groups[0].group, 1, &adv, &cause) < 0)
		fail_msg("advice: %s", cause);
	kpi_advice_lists_free(adv, 1);
	mark = db_stats(db).run;
	/* Every group's advice, as the overview's advice column and the checklist read it. */
	struct group *groups = xcalloc(r.n_groups, sizeof *groups);
	for (size_t i = 0; i < r.n_groups; i++)
		groups[i] = r.groups[i].group;
	if (kpi_advice_groups(db, set, D(DAY), groups, r.n_groups, &adv, &cause) < 0)
		fail_msg("advice: %s", cause);
	c.advice = ran(db, &mark);
	kpi_advice_lists_free(adv, r.n_groups);
	free(groups);
	kpi_report_free(&r);

	struct content_filter f;
	content_filter_init(&f);
	f.search = "育儿";
	struct content_item *items;
	size_t ni, total;
	bool more;
	if (content_query(db, &f, CONTENT_SORT_DATE, NULL, false, 10, &items, &ni, &cause) < 0 ||
	    content_count_upto(db, &f, 1000, &total, &more, &cause) < 0)
		fail_msg("content: %s", cause);
	c.content = ran(db, &mark);
	content_items_free(items, ni);

	/* The week's review report: each group's due rule from its own playbook, and every
	   version dated into the week, so that each version's effect is measured too. */
	if (sqlite3_exec(db_sqlite(db), "UPDATE playbook_version SET imported_at = "
			 "'2026-03-03T01:00:00Z'", NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("dating the versions");
	mark = db_stats(db).run;
	struct report rep;
	if (report_build(db, set, REPORT_WEEK, "2026-W10", D(MONDAY), D(MONDAY) + 6, D(DAY), NULL,
			 NULL, &rep, &cause) < 0)
		fail_msg("report: %s", cause);
	c.report = ran(db, &mark);
	assert_int_equal(rep.n_groups, n);
	assert_int_equal(rep.n_playbooks, (size_t)lines);
	assert_int_equal(rep.n_versions, (size_t)lines);
	report_free(&rep);

	/* The console's content report (c): its shape and a screen of its lines, once the
	   performance is kept (computing it is once a day, not per screen). */
	size_t lines_total, rf, rt;
	if (kpi_content_report_shape(db, set, D(DAY), &lines_total, &rf, &rt, &cause) < 0)
		fail_msg("content report: %s", cause);
	mark = db_stats(db).run;
	struct kpi_content_row *rows;
	size_t nrows;
	if (kpi_content_report_shape(db, set, D(DAY), &lines_total, &rf, &rt, &cause) < 0 ||
	    kpi_content_report_lines(db, set, D(DAY), 1, 20, &rows, &nrows, &cause) < 0)
		fail_msg("content report: %s", cause);
	c.content_report = ran(db, &mark);
	c.report_lines = lines_total;
	assert_int_equal(nrows, lines_total < 20 ? lines_total : 20);
	kpi_content_report_free(rows, nrows);

	assert_no_growing_scan(db);
	playbook_set_free(set);
	playbook_free(pb);
	db_close(db);
	return c;
}

/* Print the counts, so that a failure shows which load grew. */
static void show(const char *what, const struct counts *c)
{
	printf("# %s: today %ld, today one group %ld, refresh %ld, week %ld, month %ld, kpi %ld, "
	       "advice %ld, content %ld, report %ld, content report %ld, kpi tab %ld\n", what,
	       c->today, c->today_one, c->refresh, c->week, c->month, c->kpi, c->advice, c->content,
	       c->report, c->content_report, c->kpi_tab);
}

static void counts_do_not_grow(void **state)
{
	(void)state;
	struct counts small = measure(5, 1), large = measure(50, 1);
	/* Two business lines: each group on its own playbook, still the same counts. */
	struct counts small2 = measure(6, 2), large2 = measure(50, 2);
	show("5 groups", &small);
	show("50 groups", &large);
	show("6 groups, 2 playbooks", &small2);
	show("50 groups, 2 playbooks", &large2);
	assert_int_equal(small2.today, small.today);
	assert_int_equal(large2.today, small.today);
	assert_int_equal(small2.today_one, small.today_one);
	assert_int_equal(large2.today_one, small.today_one);
	assert_int_equal(large.report, small.report);
	assert_int_equal(large2.report, small2.report);
	assert_int_equal(large.today, small.today);
	assert_int_equal(large.today_one, small.today_one);
	assert_int_equal(large.refresh, small.refresh);
	assert_int_equal(large2.refresh, small.refresh);
	assert_int_equal(large.first, small.first);
	assert_int_equal(large2.first, small.first);
	assert_int_equal(large.week, small.week);
	assert_int_equal(large.week_first, small.week_first);
	assert_int_equal(large.week_page, small.week_page);
	assert_int_equal(large.week_page, 1);
	/* The whole week's titles come in its one slot read (the slot rows keep them,
	   migration 028); the console's first visit reads the slots without them, then a
	   screen's titles: one statement more, never one per group. */
	assert_true(large.week_first <= large.week + 1);
	assert_int_equal(large.month, small.month);
	assert_int_equal(large.kpi, small.kpi);
	assert_int_equal(large.kpi_tab, small.kpi_tab);
	assert_int_equal(large2.kpi_tab, small.kpi_tab);
	assert_int_equal(large.advice, small.advice);
	assert_int_equal(large.content, small.content);
	/* More groups post more content: the report is longer, its screen the same statements. */
	assert_true(large.report_lines > small.report_lines);
	assert_int_equal(large.content_report, small.content_report);
	assert_true(large.content_report <= 4);
	/* And few: a screen is a handful of set-based queries. */
	assert_true(large.today <= 8);
	assert_true(large.week <= 6);
	assert_true(large.kpi <= 4);
	assert_true(large.kpi_tab <= 4);
	assert_true(large.advice <= 3);
}

/* Groups on two playbooks: the KPI overview and advice still run the same few statements. */
static void two_playbooks_counts_fixed(void **state)
{
	(void)state;
	struct counts one = measure(5, 1), small = measure(5, 2), large = measure(50, 2);
	show("5 groups, two playbooks", &small);
	show("50 groups, two playbooks", &large);
	assert_int_equal(large.kpi, small.kpi);
	assert_int_equal(large.advice, small.advice);
	assert_int_equal(small.kpi, one.kpi);
	assert_int_equal(small.advice, one.advice);
}

/* The single-group calls the console makes per key stay fixed too. */
static void lookups_are_cached(void **state)
{
	(void)state;
	struct playbook *pb;
	struct db *db = workspace(5, 1, &pb);
	char *cause = NULL;
	const struct pb_action *a = playbook_action(pb, "morning");
	struct cal_slot s;
	/* Warm the cache, then the same lookup prepares nothing. */
	int r = calendar_slot_for_action(db, a, 1, D(DAY), &s, &cause);
	assert_true(r >= 0);
	if (r == 0)
		cal_slot_clear(&s);
	struct db_stats before = db_stats(db);
	for (int i = 0; i < 20; i++) {
		r = calendar_slot_for_action(db, a, 1 + i % 5, D(DAY), &s, &cause);
		assert_true(r >= 0);
		if (r == 0)
			cal_slot_clear(&s);
	}
	struct db_stats after = db_stats(db);
	assert_int_equal(after.prepared, before.prepared);
	assert_int_equal(after.run - before.run, 20);
	playbook_free(pb);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_do_not_grow),
		cmocka_unit_test(two_playbooks_counts_fixed),
		cmocka_unit_test(lookups_are_cached),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
