/*
 * KPIs per group's own playbook (issue 11) and one truth for what a group
 * shows (issue 12): two playbooks with different metrics, thresholds and
 * stages; each group's report, shown metrics, stage window, series and advice
 * come from its own; advice and health only ever count the metrics shown; an
 * impossible rate is never "ok".
 */
#include <math.h>
#include <stdio.h>

#include "testutil.h"
#include "internal.h"
#include "kpi-internal.h"
#include "content.h"
#include "group.h"
#include "kpi.h"
#include "playbook.h"
#include "fitness-playbook.h"
#include "i18n.h"

#define TODAY "2026-03-04"

/* Doubles equal within eps. */
#define assert_near(a, b, eps) do { \
	double a_ = (a), b_ = (b); \
	if (fabs(a_ - b_) > (eps)) \
		fail_msg("%.12g != %.12g (%s)", a_, b_, #a); \
} while (0)

struct fx {
	struct db *db;
	struct playbook_set *set;
	struct group fit, baby;  /* 健身一群 (fitness, day 44), 宝妈一群 (default, day 13) */
};

/* Counters of one group for the seven days before today, by hand, on its own playbook. */
static void week(struct fx *f, const struct group *g, const struct kpi_counter_value *v, size_t n)
{
	char *cause = NULL;
	const struct playbook *pb = playbook_set_for(f->set, g);
	for (int d = D(TODAY) - 7; d < D(TODAY); d++)
		if (kpi_set_day(f->db, pb, g->id, d, D(TODAY), v, n, "tester", &cause) < 0)
			fail_msg("%s: %s", g->name, cause);
}

static int setup(void **state)
{
	test_locale();
	struct fx *f = xcalloc(1, sizeof *f);
	f->db = test_db();
	char *cause = NULL;
	struct playbook *builtin = NULL, *fit = NULL;
	size_t len;
	char *fitness_yaml = fitness_yaml_read(&len);
	if (playbook_load_active(f->db, &builtin, &cause) < 0 ||
	    playbook_parse(fitness_yaml, len, "fitness.yaml", &fit, &cause) < 0 ||
	    playbook_store(f->db, fit, fitness_yaml, "fitness.yaml", "tester", &cause) < 0 ||
	    playbook_set_default(f->db, builtin->name, "tester", &cause) < 0)
		fail_msg("%s", cause);
	free(fitness_yaml);
	playbook_free(fit);
	playbook_free(builtin);
	const char *groups = "name,platform,type,created,playbook\n"
			     "健身一群,wecom,promotion,2026-01-20,健身SOP\n"
			     "宝妈一群,wecom,segmented,2026-02-20,\n";
	size_t n;
	if (group_import_text(f->db, groups, strlen(groups), "g.csv", true, "tester", &n,
			      &cause) < 0 ||
	    playbook_set_load(f->db, &f->set, &cause) < 0 ||
	    group_find(f->db, "健身一群", &f->fit, &cause) < 0 ||
	    group_find(f->db, "宝妈一群", &f->baby, &cause) < 0)
		fail_msg("%s", cause);
	/* The same numbers for both: 30% open, 20% speak; fitness also 50% check in. */
	const struct kpi_counter_value v[] = {{"members", true, 100}, {"speakers", true, 20},
					      {"delivered", true, 100}, {"opens", true, 30},
					      {"checkins", true, 50}};
	week(f, &f->fit, v, 5);
	week(f, &f->baby, v, 4);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	group_clear(&f->fit);
	group_clear(&f->baby);
	playbook_set_free(f->set);
	db_close(f->db);
	free(f);
	return 0;
}

/* The report's entry of the group called name. */
static const struct kpi_group_report *in_report(const struct kpi_report *r, const char *name)
{
	for (size_t i = 0; i < r->n_groups; i++)
		if (!strcmp(r->groups[i].group.name, name))
			return &r->groups[i];
	fail_msg("no group %s in the report", name);
	return NULL;
}

/* The keys a group shows, space-separated. */
static void shown_keys(const struct kpi_group_report *g, char *out, size_t size)
{
	*out = '\0';
	for (size_t i = 0; i < g->n_shown; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "",
			 g->metrics[g->shown[i]].metric->key);
}

/* Each group's metrics, thresholds, stage and shown metrics are its own playbook's. */
static void report_follows_each_groups_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, keys[256];
	int from, to;
	kpi_window_last(D(TODAY), KPI_ADVICE_DAYS, &from, &to);
	struct kpi_report r;
	assert_int_equal(kpi_report_build(f->db, f->set, D(TODAY), from, to, NULL, &r, &cause), 0);
	const struct kpi_group_report *fit = in_report(&r, "健身一群");
	const struct kpi_group_report *baby = in_report(&r, "宝妈一群");
	assert_string_equal(fit->pb->name, "健身SOP");
	assert_string_not_equal(baby->pb->name, "健身SOP");
	assert_int_equal(fit->n_metrics, 3);
	assert_string_equal(fit->stage->key, "keep");
	assert_null(fit->next_stage);
	assert_string_equal(baby->stage->key, "activation");
	/* Fitness: its stage's two, then open_rate (a PDCA key it defines), in its order. */
	shown_keys(fit, keys, sizeof keys);
	assert_string_equal(keys, "checkin_rate open_rate speaker_rate");
	shown_keys(baby, keys, sizeof keys);
	assert_string_equal(keys, "speaker_rate participation open_rate conversion leave_rate "
				  "contribution");
	/* The same 30% open rate: below the fitness line's 60%, above the default's 20%. */
	{
		const struct kpi_metric_result *a = kpi_group_metric(fit, "open_rate");
		const struct kpi_metric_result *b = kpi_group_metric(baby, "open_rate");
		assert_true(fabs(a->value - 0.3) < 1e-12 && fabs(b->value - 0.3) < 1e-12);
		assert_int_equal(a->status, KPI_WARN);
		assert_int_equal(b->status, KPI_OK);
		/* 20% speak: under fitness' 30%, over the default's 10%. */
		assert_int_equal(kpi_group_metric(fit, "speaker_rate")->status, KPI_WARN);
		assert_int_equal(kpi_group_metric(baby, "speaker_rate")->status, KPI_OK);
		assert_int_equal(kpi_group_metric(fit, "checkin_rate")->status, KPI_OK);
		assert_null(kpi_group_metric(baby, "checkin_rate"));
	}
	assert_int_equal(fit->health, KPI_HEALTH_BAD);
	assert_int_equal(fit->n_warn, 2);
	assert_int_equal(baby->n_warn, 0);
	/* Every group's shown list is the one rule's. */
	for (size_t i = 0; i < r.n_groups; i++) {
		const struct kpi_group_report *g = &r.groups[i];
		size_t idx[64];
		assert_true(g->pb->n_metrics <= 64);
		size_t n = kpi_shown_metrics(g->pb, &g->group, D(TODAY), idx);
		assert_int_equal(n, g->n_shown);
		for (size_t k = 0; k < n; k++) {
			assert_int_equal(idx[k], g->shown[k]);
			assert_true(g->metrics[idx[k]].shown);
		}
	}
	kpi_report_free(&r);
}

/* Advice, alone and for every group at once, warns on each group's own thresholds. */
static void advice_follows_each_groups_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct group both[2] = {f->fit, f->baby};
	struct kpi_advice_list *l;
	assert_int_equal(kpi_advice_groups(f->db, f->set, D(TODAY), both, 2, &l, &cause), 0);
	assert_int_equal(l[0].n, 2);
	assert_string_equal(l[0].items[0].metric->key, "open_rate");
	assert_non_null(strstr(l[0].items[0].text, "换个时间推送"));
	assert_non_null(strstr(l[0].items[0].text, "≥60%"));
	assert_string_equal(l[0].items[1].metric->key, "speaker_rate");
	assert_non_null(strstr(l[0].items[1].text, "晒训练照"));
	assert_int_equal(l[1].n, 0);
	kpi_advice_lists_free(l, 2);
	/* One group on its own playbook gives the same. */
	struct kpi_advice *a;
	size_t n;
	assert_int_equal(kpi_advice(f->db, playbook_set_for(f->set, &f->fit), f->fit.id, D(TODAY),
				    &a, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(a[1].metric->key, "speaker_rate");
	kpi_advice_free(a, n);
}

/*
 * Advice (one pass over the 7-day window, made ready per playbook and stage) is
 * exactly the dashboard report's warnings: the shown metrics that warn, their
 * values to the bit, in order, with the same text, on every day around days
 * with only some counters (which mask cells) and groups on different playbooks.
 */
static void advice_is_the_reports_warnings(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	/* Days with opens but no deliveries, and a low day: cells that mask and move values. */
	const struct kpi_counter_value part[] = {{"opens", true, 3}, {"members", true, 90}};
	const struct kpi_counter_value low[] = {{"delivered", true, 100}, {"opens", true, 7},
						{"speakers", true, 3}, {"members", true, 101}};
	const struct playbook *pf = playbook_set_for(f->set, &f->fit),
			      *pb = playbook_set_for(f->set, &f->baby);
	if (kpi_set_day(f->db, pf, f->fit.id, D(TODAY) - 3, D(TODAY), part, 2, "t", &cause) < 0 ||
	    kpi_set_day(f->db, pb, f->baby.id, D(TODAY) - 2, D(TODAY), low, 4, "t", &cause) < 0 ||
	    kpi_set_day(f->db, pb, f->baby.id, D(TODAY) - 9, D(TODAY), part, 2, "t", &cause) < 0)
		fail_msg("%s", cause);
	struct group both[2] = {f->fit, f->baby};
	size_t checked = 0;
	for (int day = D(TODAY) - 10; day <= D(TODAY) + 3; day++) {
		struct kpi_advice_list *l;
		assert_int_equal(kpi_advice_groups(f->db, f->set, day, both, 2, &l, &cause), 0);
		struct kpi_report r;
		assert_int_equal(kpi_report_build(f->db, f->set, day, day - KPI_ADVICE_DAYS, day - 1,
						  NULL, &r, &cause), 0);
		for (size_t g = 0; g < 2; g++) {
			const struct kpi_group_report *gr = in_report(&r, both[g].name);
			size_t k = 0;
			for (size_t i = 0; i < gr->n_shown; i++) {
				const struct kpi_metric_result *m = &gr->metrics[gr->shown[i]];
				if (m->status != KPI_WARN)
					continue;
				assert_true(k < l[g].n);
				const struct kpi_advice *a = &l[g].items[k++];
				assert_ptr_equal(a->metric, m->metric);
				double want = kpi_display_value(m->metric, m->value);
				assert_memory_equal(&a->value, &want, sizeof want);
				char v[48], t[64], *text;
				kpi_format_value(m->metric, true, m->value, v, sizeof v);
				kpi_format_threshold(m->metric, t, sizeof t);
				text = xasprintf("%s %s (%s): %s",
						 i18n_title(m->metric->name, m->metric->name_en), v,
						 t, kpi_advice_text(m->metric, m->value));
				assert_string_equal(a->text, text);
				free(text);
				checked++;
			}
			assert_int_equal(k, l[g].n);
		}
		kpi_report_free(&r);
		kpi_advice_lists_free(l, 2);
	}
	/* Not vacuous: warnings were there to compare. */
	assert_true(checked >= 10);
}

/* The stage window and the series are the group's own playbook's. */
static void stage_window_and_series_per_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	const struct playbook *fit = playbook_set_for(f->set, &f->fit);
	int from, to;
	/* Fitness' 坚持期 starts on day 30 after creation; the default's retention on day 90. */
	kpi_window_stage(fit, &f->fit, D(TODAY), &from, &to);
	assert_int_equal(from, D("2026-01-20") + 30);
	assert_int_equal(to, D(TODAY) - 1);
	kpi_window_stage(playbook_set_for(f->set, &f->baby), &f->baby, D(TODAY), &from, &to);
	assert_int_equal(from, D("2026-02-20") + 7);
	const struct pb_metric *m[2] = {playbook_metric(fit, "checkin_rate"),
					playbook_metric(fit, "open_rate")};
	double v[2 * 10];
	bool def[2 * 10];
	assert_int_equal(kpi_series_many(f->db, fit, f->fit.id, m, 2, D(TODAY) - 10, D(TODAY) - 1, v,
					 def, &cause), 0);
	for (int d = 0; d < 10; d++) {
		assert_int_equal(def[d], d >= 3);
		assert_int_equal(def[10 + d], d >= 3);
		if (d >= 3) {
			assert_true(fabs(v[d] - 0.5) < 1e-12);
			assert_true(fabs(v[10 + d] - 0.3) < 1e-12);
		}
	}
}

/* The metrics of a report's groups, with and without totals asked of the same read, agree. */
static void same_reports(const struct kpi_report *a, const struct kpi_report *b)
{
	assert_int_equal(a->n_groups, b->n_groups);
	for (size_t g = 0; g < a->n_groups; g++) {
		const struct kpi_group_report *x = &a->groups[g], *y = &b->groups[g];
		assert_int_equal(x->group.id, y->group.id);
		assert_int_equal(x->has_members, y->has_members);
		assert_int_equal(x->n_metrics, y->n_metrics);
		assert_int_equal(x->health, y->health);
		for (size_t i = 0; i < x->n_metrics; i++) {
			assert_int_equal(x->metrics[i].defined, y->metrics[i].defined);
			assert_int_equal(x->metrics[i].prev_defined, y->metrics[i].prev_defined);
			assert_memory_equal(&x->metrics[i].value, &y->metrics[i].value, sizeof(double));
			assert_memory_equal(&x->metrics[i].prev, &y->metrics[i].prev, sizeof(double));
		}
	}
}

/*
 * A review's KPI totals (kpi_report_build_totals, the report's one read of the counters)
 * are kpi_metric_eval over kpi_sums_load's sums of the chosen groups, bit for bit, over
 * the window and the one before: groups on two playbooks, a day without deliveries (the
 * open rate leaves it out), cents, a day written by hand (read through SQLite's JSON).
 */
static void totals_are_the_chosen_groups_sums(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, sql[1024];
	const struct playbook *pb = f->set->fallback;
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_source (imported_at, source) VALUES ('2026-03-04T00:00:00Z', 'h');"
		 "INSERT OR REPLACE INTO kpi_cell (group_id, day, vals, source_id) VALUES "
		 "(%lld, '2026-02-22', ' {\"memb\\u0065rs\": 90, \"opens\": 4, \"delivered\": 9,"
		 " \"buyers\": 2, \"revenue\": 0.1, \"speakers\": 3}', (SELECT max(id) FROM kpi_source)),"
		 "(%lld, '2026-02-23', '{\"opens\":7,\"members\":99}', (SELECT max(id) FROM kpi_source)),"
		 "(%lld, '2026-03-02', '{\"opens\":7,\"buyers\":3,\"revenue\":56.490000000000002,"
		 "\"members\":101,\"speakers\":9}', (SELECT max(id) FROM kpi_source)),"
		 "(%lld, '2026-03-01', '{\"buyers\":1,\"revenue\":1969.6700000000001,\"members\":100,"
		 "\"delivered\":100,\"opens\":31}', (SELECT max(id) FROM kpi_source))",
		 (long long)f->fit.id, (long long)f->baby.id, (long long)f->baby.id,
		 (long long)f->fit.id);
	if (db_exec(f->db, sql, &cause) < 0)
		fail_msg("%s", cause);
	int from, to;
	kpi_window_last(D(TODAY), KPI_ADVICE_DAYS, &from, &to);
	int len = to - from + 1;
	const int64_t both[] = {f->fit.id, f->baby.id};
	const struct {
		const int64_t *ids;
		size_t n;
	} chosen[] = {{both, 2}, {both, 1}, {both + 1, 1}, {both, 0}};
	struct kpi_report plain;
	assert_int_equal(kpi_report_build(f->db, f->set, D(TODAY), from, to, NULL, &plain, &cause),
			 0);
	size_t defined = 0;
	for (size_t c = 0; c < ARRAY_LEN(chosen); c++) {
		struct kpi_totals t = {.pb = pb, .ids = chosen[c].ids, .n_ids = chosen[c].n};
		struct kpi_report r;
		if (kpi_report_build_totals(f->db, f->set, D(TODAY), from, to, NULL, &t, &r,
					    &cause) < 0)
			fail_msg("%s", cause);
		same_reports(&r, &plain);
		struct kpi_sums now, prev;
		if (kpi_sums_load(f->db, pb, 0, from, to, &now, &cause) < 0 ||
		    kpi_sums_load(f->db, pb, 0, from - len, from - 1, &prev, &cause) < 0)
			fail_msg("%s", cause);
		kpi_sums_keep(&now, chosen[c].ids, chosen[c].n);
		kpi_sums_keep(&prev, chosen[c].ids, chosen[c].n);
		for (size_t i = 0; i < pb->n_metrics; i++) {
			double v = 0, p = 0;
			bool dv = kpi_metric_eval(&pb->metrics[i], &now, &v);
			bool dp = kpi_metric_eval(&pb->metrics[i], &prev, &p);
			assert_int_equal(t.metrics[i].defined, dv);
			assert_int_equal(t.metrics[i].prev_defined, dp);
			if (dv)
				assert_memory_equal(&t.metrics[i].value, &v, sizeof v);
			if (dp)
				assert_memory_equal(&t.metrics[i].prev, &p, sizeof p);
			/* Not a comparison of nothing: these have figures in both windows. */
			if (c == 0 && (!strcmp(pb->metrics[i].key, "speaker_rate") ||
				       !strcmp(pb->metrics[i].key, "open_rate") ||
				       !strcmp(pb->metrics[i].key, "conversion")))
				defined += dv && dp;
		}
		kpi_sums_free(&now);
		kpi_sums_free(&prev);
		free(t.metrics);
		kpi_report_free(&r);
	}
	assert_int_equal(defined, 3);
	kpi_report_free(&plain);
}

/* A rate outside 0-100% is bad data: never "ok", whatever the thresholds say. */
static void impossible_rate_never_ok(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	const struct playbook *pb = playbook_set_for(f->set, &f->baby);
	const struct pb_metric *open = playbook_metric(pb, "open_rate");
	assert_int_equal(kpi_metric_status(open, true, 0.5), KPI_OK);
	assert_int_equal(kpi_metric_status(open, true, 1.0), KPI_OK);
	assert_int_equal(kpi_metric_status(open, true, 1.5), KPI_WARN);
	assert_int_equal(kpi_metric_status(open, true, -0.01), KPI_WARN);
	assert_int_equal(kpi_metric_status(open, true, NAN), KPI_WARN);
	assert_int_equal(kpi_metric_status(open, true, INFINITY), KPI_WARN);
	assert_true(kpi_value_impossible(open, 1.01));
	assert_false(kpi_value_impossible(open, 0.99));
	/* 150 opens of 100 delivered: the report warns, the advice says to check the counters. */
	const struct kpi_counter_value v[] = {{"opens", true, 150}};
	week(f, &f->baby, v, 1);
	struct kpi_advice *a;
	size_t n;
	i18n_set(I18N_ZH);
	int rc = kpi_advice(f->db, pb, f->baby.id, D(TODAY), &a, &n, &cause);
	i18n_set(I18N_EN);
	assert_int_equal(rc, 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].metric->key, "open_rate");
	assert_non_null(strstr(a[0].text, "150.0%"));
	assert_non_null(strstr(a[0].text, "检查计数"));  /* zh */
	assert_null(strstr(a[0].text, "调整推送时间"));
	kpi_advice_free(a, n);
	int from, to;
	kpi_window_last(D(TODAY), 7, &from, &to);
	struct kpi_report r;
	assert_int_equal(kpi_report_build(f->db, f->set, D(TODAY), from, to, "宝妈一群", &r, &cause),
			 0);
	assert_int_equal(kpi_group_metric(&r.groups[0], "open_rate")->status, KPI_WARN);
	assert_int_equal(r.groups[0].health, KPI_HEALTH_WARN);
	kpi_report_free(&r);
}

/* The versions of a group's report are its own playbook's. */
static void versions_per_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct kpi_version_effect *v;
	size_t n;
	const struct playbook *fit = playbook_set_for(f->set, &f->fit);
	assert_int_equal(kpi_versions(f->db, fit, f->fit.id, D(TODAY), &v, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].n_metrics, 3);
	assert_string_equal(v[0].metrics[0].metric->key, "checkin_rate");
	kpi_versions_free(v, n);
	assert_int_equal(kpi_versions(f->db, f->set->fallback, 0, D(TODAY), &v, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].n_metrics, f->set->fallback->n_metrics);
	kpi_versions_free(v, n);
	/*
	 * Over every group, a version's effect counts only the groups on its playbook: both
	 * versions dated 02-28, the baby group opening 90%, the fitness group 30%.
	 */
	assert_int_equal(db_exec(f->db, "UPDATE playbook_version SET imported_at = "
				 "'2026-02-28T00:00:00Z'", &cause), 0);
	const struct kpi_counter_value opens[] = {{"opens", true, 90}};
	week(f, &f->baby, opens, 1);
	assert_int_equal(kpi_versions(f->db, fit, 0, D(TODAY), &v, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_true(v[0].metrics[1].after_defined);
	assert_string_equal(v[0].metrics[1].metric->key, "open_rate");
	assert_true(fabs(v[0].metrics[1].after - 0.3) < 1e-12);
	kpi_versions_free(v, n);
	assert_int_equal(kpi_versions(f->db, f->set->fallback, 0, D(TODAY), &v, &n, &cause), 0);
	const struct pb_metric *open = playbook_metric(f->set->fallback, "open_rate");
	const struct kpi_version_metric *m = &v[0].metrics[open - f->set->fallback->metrics];
	assert_true(m->after_defined && fabs(m->after - 0.9) < 1e-12);
	kpi_versions_free(v, n);
}

/* One group's stored counter key on day (its own playbook), or -1 when it has none. */
static double stored(struct fx *f, const struct group *g, const char *day, const char *key)
{
	const struct playbook *pb = playbook_set_for(f->set, g);
	bool present[64];
	double value[64];
	char *cause = NULL;
	assert_true(pb->n_counters <= 64);
	if (kpi_get_day(f->db, pb, g->id, D(day), present, value, &cause) < 0)
		fail_msg("%s", cause);
	for (size_t i = 0; i < pb->n_counters; i++)
		if (!strcmp(pb->counters[i].key, key))
			return present[i] ? value[i] : -1;
	return -1;
}

/* A KPI import of csv with today TODAY; the result's code, res filled. */
static int import(struct fx *f, const char *csv, bool partial, struct kpi_import_result *res,
		  char **cause)
{
	return kpi_import_mem(f->db, f->set, csv, strlen(csv), "k.csv", partial, D(TODAY),
			      "tester", res, cause);
}

/*
 * Each row is read by its group's own playbook: 打卡人数 (checkins) is only the fitness
 * playbook's, 新增群成员数 (joined) only the default's; both columns are imported, each
 * where its group's playbook defines it, and a blank cell of the other line's counter
 * is no value.
 */
static void import_reads_each_row_by_its_groups_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct kpi_import_result res;
	const char *csv = "日期,群名,群成员数,打卡人数,新增群成员数\n"
			  "2026-03-01,健身一群,120,60,\n"
			  "2026-03-01,宝妈一群,110,,7\n";
	if (import(f, csv, false, &res, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.values, 4);
	assert_int_equal(res.n_ignored, 0);
	assert_int_equal(res.n_columns, 3);
	assert_string_equal(res.columns[0], "members");
	assert_string_equal(res.columns[1], "checkins");
	assert_string_equal(res.columns[2], "joined");
	kpi_import_result_free(&res);
	assert_true(stored(f, &f->fit, "2026-03-01", "members") == 120);
	assert_true(stored(f, &f->fit, "2026-03-01", "checkins") == 60);
	assert_true(stored(f, &f->fit, "2026-03-01", "opens") == 30);   /* not in the file: kept */
	assert_true(stored(f, &f->baby, "2026-03-01", "members") == 110);
	assert_true(stored(f, &f->baby, "2026-03-01", "joined") == 7);
	assert_true(stored(f, &f->baby, "2026-03-01", "opens") == 30);
	/* The imported check-ins count in the fitness group's own metric. */
	struct kpi_report r;
	assert_int_equal(kpi_report_build(f->db, f->set, D(TODAY), D("2026-03-01"),
					  D("2026-03-01"), "健身一群", &r, &cause), 0);
	const struct kpi_metric_result *m = kpi_group_metric(&r.groups[0], "checkin_rate");
	assert_non_null(m);
	assert_true(m->defined && fabs(m->value - 0.5) < 1e-12);
	kpi_report_free(&r);
}

/*
 * A value for a counter the row's group's playbook does not define is a bad row naming
 * its line and column: all or nothing refuses the file, --partial keeps the good rows.
 */
static void import_refuses_a_counter_the_groups_playbook_lacks(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct kpi_import_result res;
	const char *csv = "日期,群名,群成员数,打卡人数,新增群成员数\n"
			  "2026-03-02,健身一群,130,65,\n"
			  "2026-03-02,宝妈一群,111,9,\n"
			  "2026-03-02,健身一群,,,3\n";
	assert_int_equal(import(f, csv, false, &res, &cause), -1);
	assert_non_null(strstr(cause, "k.csv: 2 bad rows, nothing imported"));
	assert_non_null(strstr(cause, "k.csv:3: column '打卡人数': group '宝妈一群' runs on "
				      "playbook '私域社群标准SOP (standard community SOP)', which "
				      "has no such counter"));
	assert_non_null(strstr(cause, "k.csv:4: the same group and day as line 2"));
	free(cause);
	cause = NULL;
	kpi_import_result_free(&res);
	assert_true(stored(f, &f->fit, "2026-03-02", "members") == 100);
	assert_true(stored(f, &f->fit, "2026-03-02", "checkins") == 50);
	/* The default playbook's column on a fitness row, alone in its file. */
	const char *joined = "日期,群名,群成员数,新增群成员数\n"
			     "2026-03-03,健身一群,100,3\n";
	assert_int_equal(import(f, joined, false, &res, &cause), -1);
	assert_non_null(strstr(cause, "k.csv:2: column '新增群成员数': group '健身一群' runs on "
				      "playbook '健身SOP', which has no such counter"));
	free(cause);
	cause = NULL;
	kpi_import_result_free(&res);
	/* Partial: the fitness row is written, the other line's value named and left out. */
	if (import(f, csv, true, &res, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(res.rows, 1);
	assert_int_equal(res.skipped, 2);
	assert_int_equal(res.n_problems, 2);
	assert_non_null(strstr(res.problems[0], "k.csv:3: column '打卡人数'"));
	kpi_import_result_free(&res);
	assert_true(stored(f, &f->fit, "2026-03-02", "members") == 130);
	assert_true(stored(f, &f->fit, "2026-03-02", "checkins") == 65);
	assert_true(stored(f, &f->baby, "2026-03-02", "members") == 100);
}

/* A column no playbook knows is left out and named; counters known nowhere are no file. */
static void import_column_no_playbook_knows(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct kpi_import_result res;
	const char *csv = "日期,群名,群成员数,打卡次数\n"
			  "2026-03-01,健身一群,140,9\n";
	if (import(f, csv, false, &res, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(res.n_ignored, 1);
	assert_string_equal(res.ignored[0], "打卡次数");
	kpi_import_result_free(&res);
	assert_true(stored(f, &f->fit, "2026-03-01", "members") == 140);
	const char *none = "日期,群名,打卡次数\n2026-03-01,健身一群,9\n";
	assert_int_equal(import(f, none, false, &res, &cause), -1);
	assert_non_null(strstr(cause, "k.csv:1: no counter columns"));
	free(cause);
	kpi_import_result_free(&res);
}

/* A third line whose open rate is counted per member, not per push delivered. */
static const char outfit_yaml[] =
	"playbook: 穿搭SOP\n"
	"version: \"1.0\"\n"
	"counters:\n"
	"  - {key: members, aliases: [群成员数]}\n"
	"  - {key: speakers, aliases: [发过消息的群成员数]}\n"
	"  - {key: delivered, aliases: [推送触达数]}\n"
	"  - {key: opens, aliases: [打开数]}\n"
	"metrics:\n"
	"  - {key: open_rate, name: 打开率, formula: opens / members, unit: percent, "
	"warn_below: 20, advice: 换个时间推送}\n"
	"  - {key: speaker_rate, name: 发言率, formula: speakers / members, unit: percent, "
	"warn_below: 10, advice: 晒穿搭}\n"
	"stages:\n"
	"  - {key: all, name: 全程, from_day: 0, metrics: [open_rate]}\n"
	"actions:\n"
	"  - {id: outfit, title: 每日穿搭, at: \"08:00\", every: day}\n";

/* A content item posted (a slot at at) in each group of groups on day. */
static int64_t posted_in(struct fx *f, const char *title, const struct group *const *groups,
			 size_t n, const char *day, const char *at)
{
	char *cause = NULL;
	struct content_item item = {.title = (char *)title, .category = "", .zone = "",
				    .form = "", .style = "", .source = "", .body = "",
				    .date = D("2026-02-01")};
	if (content_add(f->db, &item, "tester", &cause) < 0)
		fail_msg("%s", cause);
	for (size_t i = 0; i < n; i++) {
		char *sql = xasprintf("INSERT INTO slot (group_id, day, at, content_id, status, "
				      "updated_at, updated_by) VALUES (%lld, '%s', '%s', %lld, "
				      "'posted', 'now', 'tester')", (long long)groups[i]->id, day,
				      at, (long long)item.id);
		if (db_exec(f->db, sql, &cause) < 0)
			fail_msg("%s", cause);
		free(sql);
	}
	return item.id;
}

/*
 * The content effect report counts each group by its own playbook's formulas: an item
 * posted in the 穿搭 group is judged by opens / members (25%, not the default's 50%);
 * groups on playbooks with the same formulas (default and fitness) pool their counters
 * into one ratio of sums; an item posted on two lines weighs each line's rate by its
 * group-days.
 */
static void content_effect_by_each_groups_playbook(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct playbook *outfit = NULL;
	const char *groups = "name,platform,type,created,playbook\n"
			     "穿搭一群,wecom,promotion,2026-02-01,穿搭SOP\n";
	size_t n;
	struct group wear = {0};
	if (playbook_parse(outfit_yaml, strlen(outfit_yaml), "outfit.yaml", &outfit, &cause) < 0 ||
	    playbook_store(f->db, outfit, outfit_yaml, "outfit.yaml", "tester", &cause) < 0 ||
	    playbook_set_default(f->db, f->set->fallback->name, "tester", &cause) < 0 ||
	    group_import_text(f->db, groups, strlen(groups), "g.csv", true, "tester", &n,
			      &cause) < 0 ||
	    group_find(f->db, "穿搭一群", &wear, &cause) < 0)
		fail_msg("%s", cause);
	playbook_free(outfit);
	playbook_set_free(f->set);
	if (playbook_set_load(f->db, &f->set, &cause) < 0)
		fail_msg("%s", cause);
	assert_string_equal(playbook_set_for(f->set, &wear)->name, "穿搭SOP");
	/* 03-01: 穿搭 opens 50 of 100 delivered, 200 members, 30 speak; fitness 60 of 300. */
	const struct kpi_counter_value w[] = {{"members", true, 200}, {"speakers", true, 30},
					      {"delivered", true, 100}, {"opens", true, 50}};
	const struct kpi_counter_value fit[] = {{"delivered", true, 300}, {"opens", true, 60}};
	if (kpi_set_day(f->db, playbook_set_for(f->set, &wear), wear.id, D("2026-03-01"),
			D(TODAY), w, 4, "tester", &cause) < 0 ||
	    kpi_set_day(f->db, playbook_set_for(f->set, &f->fit), f->fit.id, D("2026-03-01"),
			D(TODAY), fit, 2, "tester", &cause) < 0)
		fail_msg("%s", cause);
	const struct group *only_wear[] = {&wear}, *baby_fit[] = {&f->baby, &f->fit},
			   *wear_baby[] = {&wear, &f->baby};
	int64_t a = posted_in(f, "穿搭甲", only_wear, 1, "2026-03-01", "20:00");
	int64_t b = posted_in(f, "育儿乙", baby_fit, 2, "2026-03-01", "21:00");
	int64_t c = posted_in(f, "混发丙", wear_baby, 2, "2026-03-01", "22:00");
	struct kpi_content_row *rows;
	size_t nr;
	assert_int_equal(kpi_content_report(f->db, f->set, D(TODAY), 30, &rows, &nr, &cause), 0);
	assert_int_equal(nr, 3);
	/* 育儿乙: (30 + 60) / (100 + 300) = 22.5%, pooled; speakers (20 + 20) / (100 + 100). */
	/* 混发丙: 穿搭 50 / 200 = 25% and 宝妈 30 / 100 = 30%, one group-day each: 27.5%. */
	/* 穿搭甲: 50 / 200 = 25% by its own formula (the default's would say 50%). */
	assert_int_equal(rows[0].content_id, c);
	assert_near(rows[0].open_rate, 0.275, 1e-12);
	assert_near(rows[0].interact_rate, (0.15 + 0.2) / 2, 1e-12);
	assert_int_equal(rows[1].content_id, a);
	assert_near(rows[1].open_rate, 0.25, 1e-12);
	assert_near(rows[1].interact_rate, 0.15, 1e-12);
	assert_int_equal(rows[2].content_id, b);
	assert_near(rows[2].open_rate, 0.225, 1e-12);
	assert_near(rows[2].interact_rate, 0.2, 1e-12);
	kpi_content_report_free(rows, nr);
	/* One item's performance and its rank agree with the report. */
	struct kpi_content_perf p;
	assert_int_equal(kpi_content_performance(f->db, f->set, a, D(TODAY), &p, &cause), 0);
	assert_true(p.open_defined);
	assert_near(p.open_rate, 0.25, 1e-12);
	assert_int_equal(p.rank, 2);
	assert_int_equal(p.ranked, 3);
	/* The group moves to the default line: its days are counted by opens / delivered. */
	assert_int_equal(group_change(f->db, "穿搭一群", &(struct group_change){
		.playbook = f->set->fallback->name}, "tester", &cause), 0);
	assert_int_equal(kpi_content_performance(f->db, f->set, a, D(TODAY), &p, &cause), 0);
	assert_near(p.open_rate, 0.5, 1e-12);
	assert_int_equal(p.rank, 1);
	group_clear(&wear);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(report_follows_each_groups_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(advice_follows_each_groups_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(advice_is_the_reports_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(stage_window_and_series_per_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(totals_are_the_chosen_groups_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(impossible_rate_never_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(versions_per_playbook, setup, teardown),
		cmocka_unit_test_setup_teardown(import_reads_each_row_by_its_groups_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(import_refuses_a_counter_the_groups_playbook_lacks,
						setup, teardown),
		cmocka_unit_test_setup_teardown(import_column_no_playbook_knows, setup, teardown),
		cmocka_unit_test_setup_teardown(content_effect_by_each_groups_playbook, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
