/*
 * A/B tests: arms alternate by day in every group; standings are ratios of sums with a
 * two-proportion z-test (a known effect is significant, no effect is not and says how many
 * group-days more it needs); overlaps and non-proportion metrics are refused; stop and adopt
 * (the winner becomes a playbook version whose note states the effect).
 */
#include <stdio.h>

#include "testutil.h"
#include "ab.h"
#include "group.h"
#include "kpi.h"
#include "playbook.h"

/* The shared fixture's teardown (testutil.h), by the short name the cases use. */
static int (*const teardown)(void **state) = test_fx_teardown;

static int setup(void **state)
{
	*state = test_fx_open("- {name: 宝妈育儿交流群, platform: wecom, type: segmented, created: "
			      "2026-01-01}\n"
			      "- {name: 职场穿搭研究所, platform: wechat, type: promotion, created: "
			      "2026-01-01}\n", false, NULL, NULL);
	return 0;
}

/* Counters for both groups from 2026-03-01 for days days: opens per 1000 on A days and B days. */
static void kpi_days(struct test_fx *f, int days, int opens_a, int opens_b)
{
	struct buf b = {0};
	buf_adds(&b, "日期,群名,推送触达数,打开数\n");
	for (int i = 0; i < days; i++) {
		char d[11];
		date_format(D("2026-03-01") + i, d);
		buf_addf(&b, "%s,宝妈育儿交流群,1000,%d\n%s,职场穿搭研究所,1000,%d\n", d,
			 i % 2 ? opens_b : opens_a, d, i % 2 ? opens_b : opens_a);
	}
	struct kpi_import_result res = {0};
	char *cause = NULL;
	if (kpi_import_mem(f->db, f->set, buf_str(&b), b.len, "k.csv", false, D("2026-12-01"), "tester", &res,
			   &cause) < 0)
		fail_msg("%s", cause);
	kpi_import_result_free(&res);
	buf_free(&b);
}

static void create(struct test_fx *f, const char *name, const char *action, enum ab_kind kind,
		   const char *a, const char *b, const char *from, int days)
{
	struct ab_spec s = {.name = name, .action_id = action, .metric = "open_rate", .kind = kind,
			    .arm = {a, b}, .from = D(from), .days = days};
	char *cause = NULL;
	if (ab_create(f->db, f->set, &s, "tester", &cause) < 0)
		fail_msg("ab_create: %s", cause);
}

static struct ab_test find(struct test_fx *f, const char *name)
{
	struct ab_test t;
	char *cause = NULL;
	if (ab_find(f->db, name, &t, &cause) != 0)
		fail_msg("ab_find %s: %s", name, cause ? cause : "absent");
	return t;
}

static void arms_alternate_in_every_group(void **state)
{
	struct test_fx *f = *state;
	create(f, "福利话术", "perks", AB_COPY, "专属宠粉福利", "限时福利", "2026-03-01", 14);
	struct ab_test t = find(f, "福利话术");
	assert_int_equal(t.n_groups, 2);
	assert_int_equal(ab_arm_on(&t, D("2026-02-28")), -1);
	assert_int_equal(ab_arm_on(&t, D("2026-03-01")), 0);
	assert_int_equal(ab_arm_on(&t, D("2026-03-02")), 1);
	assert_int_equal(ab_arm_on(&t, D("2026-03-03")), 0);
	assert_int_equal(ab_arm_on(&t, D("2026-03-14")), 1);
	assert_int_equal(ab_arm_on(&t, D("2026-03-15")), -1);
	ab_test_clear(&t);

	struct ab_overrides o;
	char *cause = NULL;
	assert_int_equal(ab_overrides_for_day(f->db, D("2026-03-02"), &o, &cause), 0);
	assert_int_equal(o.n, 2);
	const struct ab_override *ov = ab_override_find(&o, 1, "perks");
	assert_non_null(ov);
	assert_string_equal(ov->copy, "限时福利");
	assert_int_equal(ov->arm, 1);
	assert_null(ab_override_find(&o, 1, "morning"));
	ab_overrides_free(&o);
	assert_int_equal(ab_overrides_for_day(f->db, D("2026-03-15"), &o, &cause), 0);
	assert_int_equal(o.n, 0);
	ab_overrides_free(&o);
}

static void known_effect_is_significant(void **state)
{
	struct test_fx *f = *state;
	kpi_days(f, 14, 200, 250);
	create(f, "t", "perks", AB_COPY, "A 文案", "B 文案", "2026-03-01", 14);
	struct ab_test t = find(f, "t");
	struct ab_standing s;
	char *cause = NULL;
	assert_int_equal(ab_standing(f->db, f->pb, &t, D("2026-03-20"), &s, &cause), 0);
	assert_int_equal(s.arm[0].group_days, 14);
	assert_int_equal(s.arm[1].group_days, 14);
	assert_true(s.arm[0].num == 2800 && s.arm[0].den == 14000);
	assert_true(s.arm[1].num == 3500 && s.arm[1].den == 14000);
	assert_true(s.comparable);
	assert_true(s.diff > 4.99 && s.diff < 5.01); /* percentage points */
	assert_true(s.significant);
	assert_int_equal(s.winner, 'B');
	/* Only days up to yesterday count. */
	assert_int_equal(ab_standing(f->db, f->pb, &t, D("2026-03-05"), &s, &cause), 0);
	assert_int_equal(s.arm[0].group_days + s.arm[1].group_days, 8);
	assert_int_equal(s.measured_to, D("2026-03-04"));
	ab_test_clear(&t);
}

static void no_effect_is_not_significant_and_says_what_it_needs(void **state)
{
	struct test_fx *f = *state;
	kpi_days(f, 6, 200, 203);
	create(f, "t", "perks", AB_COPY, "A 文案", "B 文案", "2026-03-01", 14);
	struct ab_test t = find(f, "t");
	struct ab_standing s;
	char *cause = NULL;
	assert_int_equal(ab_standing(f->db, f->pb, &t, D("2026-03-20"), &s, &cause), 0);
	assert_true(s.comparable);
	assert_false(s.significant);
	assert_int_equal(s.winner, 0);
	assert_true(s.more_group_days > 100);
	ab_test_clear(&t);
}

/*
 * A metric where lower is better (退群率 leave_rate, only warn_above): the arm with fewer
 * leavers wins, whatever the sign of B−A.
 */
static void fewer_leavers_win_a_leave_rate_test(void **state)
{
	struct test_fx *f = *state;
	struct buf b = {0};
	buf_adds(&b, "日期,群名,群成员数,退群成员数\n");
	for (int i = 0; i < 14; i++) {
		char d[11];
		date_format(D("2026-03-01") + i, d);
		buf_addf(&b, "%s,宝妈育儿交流群,1000,%d\n%s,职场穿搭研究所,1000,%d\n", d,
			 i % 2 ? 5 : 40, d, i % 2 ? 5 : 40);
	}
	struct kpi_import_result res = {0};
	char *cause = NULL;
	if (kpi_import_mem(f->db, f->set, buf_str(&b), b.len, "k.csv", false, D("2026-12-01"),
			   "tester", &res, &cause) < 0)
		fail_msg("%s", cause);
	kpi_import_result_free(&res);
	buf_free(&b);
	struct ab_spec sp = {.name = "t", .action_id = "morning", .metric = "leave_rate",
			     .kind = AB_COPY, .arm = {"甲", "乙"}, .from = D("2026-03-01"),
			     .days = 14};
	if (ab_create(f->db, f->set, &sp, "tester", &cause) < 0)
		fail_msg("ab_create: %s", cause);
	struct ab_test t = find(f, "t");
	struct ab_standing s;
	assert_int_equal(ab_standing(f->db, f->pb, &t, D("2026-03-20"), &s, &cause), 0);
	assert_true(s.diff < -3.49 && s.diff > -3.51); /* B−A: 0.5% − 4.0% */
	assert_true(s.significant);
	assert_int_equal(s.winner, 'B');
	char *v = ab_verdict(playbook_metric(f->pb, "leave_rate"), &s);
	assert_non_null(strstr(v, "B"));
	assert_int_equal(v[0], 'B');
	free(v);
	ab_test_clear(&t);
}

static void bad_specs_are_refused(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	struct ab_spec s = {.name = "x", .action_id = "perks", .metric = "open_rate", .kind = AB_COPY,
			    .arm = {"同样", "同样"}, .from = D("2026-03-01"), .days = 14};
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	free(cause), cause = NULL;
	s.arm[1] = "不同";
	s.action_id = "nope";
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	assert_non_null(strstr(cause, "nope"));
	free(cause), cause = NULL;
	s.action_id = "perks";
	s.kind = AB_TIME;
	s.arm[0] = "25:00";
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	free(cause), cause = NULL;
	/* A metric that is not one counter over another cannot be z-tested. */
	s.kind = AB_COPY;
	s.arm[0] = "一";
	for (size_t i = 0; i < f->pb->n_metrics; i++) {
		const char *num, *den;
		(void)num, (void)den;
		if (!strchr(f->pb->metrics[i].formula_text, '/') ||
		    strchr(f->pb->metrics[i].formula_text, '(')) {
			s.metric = f->pb->metrics[i].key;
			break;
		}
	}
	assert_string_not_equal(s.metric, "open_rate");
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	assert_non_null(strstr(cause, "proportion"));
	free(cause), cause = NULL;
	s.metric = "open_rate";
	s.groups = (const char *const[]){"不存在的群"};
	s.n_groups = 1;
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	free(cause), cause = NULL;

	/* Overlap: the same action in a shared group on overlapping days. */
	s.groups = NULL;
	s.n_groups = 0;
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), 0);
	s.name = "y";
	s.from = D("2026-03-10");
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	assert_non_null(strstr(cause, "'x'"));
	free(cause), cause = NULL;
	s.name = "x";
	s.from = D("2026-05-01");
	assert_int_equal(ab_create(f->db, f->set, &s, "tester", &cause), -1);
	assert_non_null(strstr(cause, "exists"));
	free(cause), cause = NULL;
	struct ab_test *all;
	size_t n;
	assert_int_equal(ab_list(f->db, &all, &n, &cause), 0);
	assert_int_equal(n, 1); /* the refused ones left nothing behind */
	ab_list_free(all, n);
}

static void stop_ends_the_days(void **state)
{
	struct test_fx *f = *state;
	create(f, "t", "perks", AB_COPY, "A", "B", "2026-03-01", 14);
	char *cause = NULL;
	assert_int_equal(ab_stop(f->db, "t", D("2026-03-05"), "tester", &cause), 0);
	struct ab_test t = find(f, "t");
	assert_true(t.stopped);
	assert_int_equal(t.end, D("2026-03-04"));
	assert_int_equal(ab_arm_on(&t, D("2026-03-05")), -1);
	ab_test_clear(&t);
	assert_int_equal(ab_stop(f->db, "t", D("2026-03-06"), "tester", &cause), -1);
	free(cause), cause = NULL;
	assert_int_equal(ab_stop(f->db, "none", D("2026-03-06"), "tester", &cause), -1);
	free(cause), cause = NULL;
}

static void adopt_writes_a_new_version(void **state)
{
	struct test_fx *f = *state;
	kpi_days(f, 14, 200, 260);
	create(f, "copy", "perks", AB_COPY, "专属宠粉福利", "限时福利\n今晚 8 点", "2026-03-01", 14);
	create(f, "time", "morning", AB_TIME, "08:30", "09:15", "2026-03-01", 14);
	char *cause = NULL, *note = NULL;
	assert_int_equal(ab_adopt(f->db, f->set, "copy", 1, D("2026-03-20"), "tester", &note, &cause),
			 0);
	assert_non_null(strstr(note, "+6.0 个百分点"));
	assert_non_null(strstr(note, "显著"));
	free(note), note = NULL;
	struct playbook *pb2;
	assert_int_equal(playbook_load_active(f->db, &pb2, &cause), 0);
	assert_string_equal(pb2->version, "1.1");
	assert_non_null(strstr(pb2->note, "采用 B"));
	const struct pb_action *perks = playbook_action(pb2, "perks");
	const struct pb_template *tpl = playbook_template(pb2, perks->template_key);
	assert_non_null(tpl);
	assert_string_equal(tpl->body, "限时福利\n今晚 8 点");
	/* Everything else stayed: same actions, metrics, other templates. */
	assert_int_equal(pb2->n_actions, f->pb->n_actions);
	assert_int_equal(pb2->n_metrics, f->pb->n_metrics);
	assert_int_equal(pb2->n_templates, f->pb->n_templates + 1);

	struct playbook_set *set2;
	assert_int_equal(playbook_set_load(f->db, &set2, &cause), 0);
	assert_int_equal(ab_adopt(f->db, set2, "time", 1, D("2026-03-20"), "tester", NULL, &cause), 0);
	playbook_set_free(set2);
	struct playbook *pb3;
	assert_int_equal(playbook_load_active(f->db, &pb3, &cause), 0);
	assert_string_equal(pb3->version, "1.2");
	assert_int_equal(playbook_action(pb3, "morning")->at, 9 * 60 + 15);
	assert_non_null(playbook_template(pb3, playbook_action(pb3, "perks")->template_key));

	struct ab_test t = find(f, "copy");
	assert_string_equal(t.adopted, "B");
	assert_true(t.stopped);
	ab_test_clear(&t);
	assert_int_equal(ab_adopt(f->db, f->set, "copy", 0, D("2026-03-20"), "tester", NULL, &cause), -1);
	assert_non_null(strstr(cause, "adopted already"));
	free(cause);
	playbook_free(pb2);
	playbook_free(pb3);
}

/* A test belongs to one playbook: its groups run on it, adopting writes a version of it. */
static void a_test_belongs_to_one_playbook(void **state)
{
	struct test_fx *f = *state;
	char *cause = NULL;
	/* A second business line: the built-in playbook under another name. */
	size_t len;
	const char *text = playbook_builtin_text(&len);
	const char *name = strstr(text, "\nplaybook: "), *eol = strchr(name + 1, '\n');
	struct buf b = {0};
	buf_add(&b, text, (size_t)(name - text));
	buf_adds(&b, "\nplaybook: 穿搭SOP");
	buf_add(&b, eol, len - (size_t)(eol - text));
	struct playbook *line2;
	if (playbook_parse(buf_str(&b), b.len, "line2.yaml", &line2, &cause) < 0 ||
	    playbook_store(f->db, line2, buf_str(&b), "line2.yaml", "tester", &cause) < 0 ||
	    playbook_set_default(f->db, f->pb->name, "tester", &cause) < 0)
		fail_msg("%s", cause);
	playbook_free(line2);
	buf_free(&b);
	const char *csv = "name,platform,type,created,playbook\n穿搭一群,wecom,promotion,2026-01-01,"
			  "穿搭SOP\n";
	size_t n;
	if (group_import_text(f->db, csv, strlen(csv), "g.csv", true, "tester", &n, &cause) < 0)
		fail_msg("%s", cause);
	kpi_days(f, 14, 200, 260);
	struct playbook_set *set;
	assert_int_equal(playbook_set_load(f->db, &set, &cause), 0);

	struct ab_spec s = {.name = "mixed", .action_id = "perks", .metric = "open_rate",
			    .kind = AB_COPY, .arm = {"甲", "乙"}, .from = D("2026-03-01"), .days = 14,
			    .groups = (const char *const[]){"宝妈育儿交流群", "穿搭一群"}, .n_groups = 2};
	assert_int_equal(ab_create(f->db, set, &s, "tester", &cause), -1);
	assert_non_null(strstr(cause, "run on different playbooks"));
	assert_non_null(strstr(cause, "穿搭SOP"));
	free(cause), cause = NULL;

	s.name = "line2";
	s.groups = (const char *const[]){"穿搭一群"};
	s.n_groups = 1;
	assert_int_equal(ab_create(f->db, set, &s, "tester", &cause), 0);
	struct ab_test t = find(f, "line2");
	assert_string_equal(t.playbook, "穿搭SOP");
	assert_string_equal(ab_test_playbook(set, &t)->name, "穿搭SOP");
	ab_test_clear(&t);
	/* Without --groups: the groups on the default playbook, not the other line's. */
	struct ab_spec all = {.name = "all", .action_id = "morning", .metric = "open_rate",
			      .kind = AB_TIME, .arm = {"08:30", "09:00"}, .from = D("2026-03-01"),
			      .days = 14};
	assert_int_equal(ab_create(f->db, set, &all, "tester", &cause), 0);
	t = find(f, "all");
	assert_int_equal(t.n_groups, 2);
	for (size_t i = 0; i < t.n_groups; i++)
		assert_string_not_equal(t.group_names[i], "穿搭一群");
	assert_string_equal(ab_test_playbook(set, &t)->name, f->pb->name);
	ab_test_clear(&t);

	/* Adopting writes a version of 穿搭SOP; the default playbook is untouched. */
	assert_int_equal(ab_adopt(f->db, set, "line2", 1, D("2026-03-20"), "tester", NULL, &cause),
			 0);
	struct playbook *got;
	assert_int_equal(playbook_load_named(f->db, "穿搭SOP", &got, &cause), 0);
	assert_string_equal(got->version, "1.1");
	assert_string_equal(playbook_template(got, playbook_action(got, "perks")->template_key)->body,
			    "乙");
	playbook_free(got);
	assert_int_equal(playbook_load_named(f->db, NULL, &got, &cause), 0);
	assert_string_equal(got->name, f->pb->name);
	assert_string_equal(got->version, f->pb->version);
	playbook_free(got);
	playbook_set_free(set);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(arms_alternate_in_every_group, setup, teardown),
		cmocka_unit_test_setup_teardown(known_effect_is_significant, setup, teardown),
		cmocka_unit_test_setup_teardown(no_effect_is_not_significant_and_says_what_it_needs,
						setup, teardown),
		cmocka_unit_test_setup_teardown(fewer_leavers_win_a_leave_rate_test, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_specs_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(stop_ends_the_days, setup, teardown),
		cmocka_unit_test_setup_teardown(adopt_writes_a_new_version, setup, teardown),
		cmocka_unit_test_setup_teardown(a_test_belongs_to_one_playbook, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
