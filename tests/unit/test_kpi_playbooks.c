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
#include "group.h"
#include "kpi.h"
#include "playbook.h"
#include "fitness-playbook.h"

#define TODAY "2026-03-04"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(report_follows_each_groups_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(advice_follows_each_groups_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(stage_window_and_series_per_playbook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(impossible_rate_never_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(versions_per_playbook, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
