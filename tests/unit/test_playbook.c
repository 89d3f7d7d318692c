/* The playbook: the built-in one, every loader error with its position, store/load, lookups. */
#include "testutil.h"
#include "testsql.h"

#include <time.h>
#include <unistd.h>

#include "formula.h"
#include "internal.h"
#include "playbook.h"

static struct playbook *builtin(void)
{
	size_t len;
	const char *text = playbook_builtin_text(&len);
	struct playbook *pb = NULL;
	char *cause = NULL;
	if (playbook_parse(text, len, "playbook.yaml", &pb, &cause) < 0)
		fail_msg("built-in playbook: %s", cause);
	return pb;
}

static void assert_contains(const char *s, const char *sub)
{
	if (!s || !strstr(s, sub))
		fail_msg("'%s' does not contain '%s'", s ? s : "(null)", sub);
}

static int parse_str(const char *yaml, struct playbook **pb, char **cause)
{
	return playbook_parse(yaml, strlen(yaml), "t.yaml", pb, cause);
}

/* The built-in playbook carries what DOMAIN.md asks for. */
static void test_builtin_content(void **state)
{
	struct playbook *pb = builtin();
	assert_int_equal(pb->n_categories, 3);
	assert_string_equal(playbook_category(pb, "促活型")->key, "engage");
	assert_int_equal(playbook_category(pb, "engage")->share, 50);
	assert_int_equal(playbook_category(pb, "convert")->share, 30);
	assert_int_equal(playbook_category(pb, "brand")->share, 20);
	assert_int_equal(pb->n_stages, 5);

	static const char *const metrics[] = {
		"join_rate",	 "profile_rate", "week1_retention", "speaker_rate", "participation",
		"open_rate",	 "conversion",	 "aov",		    "coupon_rate",  "weekly_active",
		"repurchase",	 "churn",	 "viral_rate",	    "referral_rate", "koc_share",
		"leave_rate",	 "contribution"};
	for (size_t i = 0; i < ARRAY_LEN(metrics); i++) {
		const struct pb_metric *m = playbook_metric(pb, metrics[i]);
		assert_non_null(m);
		assert_non_null(m->formula);
		assert_true(m->has_warn_below || m->has_warn_above);
		assert_true(strlen(m->advice) > 0);
	}
	/* Issue 15: titles carry no English gloss; the English is title_en. */
	for (size_t i = 0; i < pb->n_actions; i++) {
		assert_null(strstr(pb->actions[i].title, " ("));
		assert_non_null(pb->actions[i].title_en);
	}
	assert_string_equal(playbook_action(pb, "morning")->title, "早安问候");
	assert_string_equal(playbook_action(pb, "morning")->title_en, "morning greeting");
	for (size_t i = 0; i < pb->n_metrics; i++) {
		assert_null(strstr(pb->metrics[i].name, " ("));
		assert_non_null(pb->metrics[i].name_en);
	}
	assert_string_equal(playbook_metric(pb, "open_rate")->name, "内容打开率");
	assert_string_equal(playbook_metric(pb, "open_rate")->name_en, "open rate");
	assert_string_equal(playbook_metric(pb, "coupon_rate")->advice_en,
			    "shorter validity, expiry reminder");
	/* Every stage has its English name too (issue 15: the stage shown in English). */
	static const char *const stage_en[] = {"launch", "activation", "monetisation", "retention",
					       "referral"};
	for (size_t i = 0; i < pb->n_stages; i++)
		assert_string_equal(pb->stages[i].name_en, stage_en[i]);
	const struct pb_metric *open = playbook_metric(pb, "open_rate");
	assert_int_equal(open->unit, UNIT_PERCENT);
	assert_true(open->has_warn_below && open->warn_below == 20);
	assert_string_equal(open->formula_text, "opens / delivered");
	assert_true(playbook_metric(pb, "churn")->has_warn_above);

	/* Counters of a WeCom export, found by their Chinese column names. */
	assert_string_equal(playbook_counter(pb, "群成员数")->key, "members");
	assert_string_equal(playbook_counter(pb, "群成员总数")->key, "members");
	assert_string_equal(playbook_counter(pb, "新增群成员数")->key, "joined");
	assert_string_equal(playbook_counter(pb, "退群成员数")->key, "left");
	assert_string_equal(playbook_counter(pb, "发过消息的群成员数")->key, "speakers");
	assert_string_equal(playbook_counter(pb, "群聊消息总数")->key, "messages");
	assert_null(playbook_counter(pb, "打开率"));

	/* Every stage's metrics exist. */
	for (size_t i = 0; i < pb->n_stages; i++)
		for (size_t k = 0; k < pb->stages[i].n_metrics; k++)
			assert_non_null(playbook_metric(pb, pb->stages[i].metrics[k]));

	const struct pb_action *a = playbook_action(pb, "morning");
	assert_int_equal(a->at, 8 * 60 + 30);
	assert_int_equal(a->every, EVERY_WEEKDAYS);
	assert_int_equal(a->weekdays, 0x7F);
	assert_int_equal(playbook_action(pb, "knowledge")->at, 600);
	assert_int_equal(playbook_action(pb, "afternoon")->at, 900);
	assert_int_equal(playbook_action(pb, "perks")->at, 1200);
	assert_int_equal(playbook_action(pb, "mon-brief")->weekdays, 1u << 0);
	assert_int_equal(playbook_action(pb, "wed-live")->weekdays, 1u << 2);
	assert_int_equal(playbook_action(pb, "fri-member")->weekdays, 1u << 4);
	assert_int_equal(playbook_action(pb, "month-theme")->every, EVERY_MONTH_START);
	assert_int_equal(playbook_action(pb, "month-survey")->every, EVERY_MONTH_DAY);
	assert_int_equal(playbook_action(pb, "month-survey")->month_day, 15);
	assert_int_equal(playbook_action(pb, "month-review")->every, EVERY_MONTH_END);
	assert_int_equal(playbook_action(pb, "cs-welcome")->group_day, 1);
	assert_string_equal(playbook_action(pb, "cs-welcome")->template_key, "welcome");
	assert_int_equal(playbook_action(pb, "first-topic")->group_day, 3);
	a = playbook_action(pb, "member-day-countdown");
	assert_string_equal(a->before_node, "会员日");
	assert_int_equal(a->n_days_before, 2);
	assert_int_equal(a->days_before[0], 3);
	assert_int_equal(a->days_before[1], 1);
	assert_int_equal(playbook_action(pb, "wed-flash")->group_types,
			 1u << GROUP_PROMOTION | 1u << GROUP_SEGMENTED);
	for (size_t i = 0; i < pb->n_actions; i++)
		if (pb->actions[i].template_key)
			assert_non_null(playbook_template(pb, pb->actions[i].template_key));

	/* The lunar holidays are lunar dates now, for any year, not four-year lists. */
	const struct pb_node *qixi = playbook_node(pb, "七夕");
	assert_int_equal(qixi->n_dates, 0);
	assert_int_equal(qixi->lunar_month, 7);
	assert_int_equal(qixi->lunar_day, 7);
	const struct pb_node *zq = playbook_node(pb, "中秋");
	assert_int_equal(zq->lunar_month, 8);
	assert_int_equal(zq->lunar_day, 15);
	assert_int_equal(playbook_node(pb, "春节")->lunar_month, 1);
	assert_int_equal(playbook_node(pb, "会员日")->monthly_day, 18);
	assert_int_equal(playbook_node(pb, "女王节")->month, 3);
	assert_int_equal(playbook_node(pb, "女王节")->day, 8);
	assert_int_equal(playbook_node(pb, "元旦")->lead_days, 14);

	static const char *const tpl[] = {"welcome", "reminder", "promotion", "self_intro",
					  "topic"};
	for (size_t i = 0; i < ARRAY_LEN(tpl); i++)
		assert_non_null(playbook_template(pb, tpl[i]));
	assert_non_null(strstr(playbook_template(pb, "welcome")->body, "{group}"));
	assert_non_null(strstr(playbook_template(pb, "reminder")->body, "{node}"));
	playbook_free(pb);
}

static void assert_strv_equal(char **a, size_t na, char **b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(a[i], b[i]);
}

static void assert_opt_equal(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Everything that was parsed comes back from the tables. */
static void assert_playbooks_equal(const struct playbook *x, const struct playbook *y)
{
	assert_string_equal(x->name, y->name);
	assert_string_equal(x->version, y->version);
	assert_string_equal(x->note, y->note);
	assert_int_equal(x->n_categories, y->n_categories);
	for (size_t i = 0; i < x->n_categories; i++) {
		assert_string_equal(x->categories[i].key, y->categories[i].key);
		assert_string_equal(x->categories[i].name, y->categories[i].name);
		assert_int_equal(x->categories[i].share, y->categories[i].share);
	}
	assert_int_equal(x->n_counters, y->n_counters);
	for (size_t i = 0; i < x->n_counters; i++) {
		assert_string_equal(x->counters[i].key, y->counters[i].key);
		assert_strv_equal(x->counters[i].aliases, x->counters[i].n_aliases,
				  y->counters[i].aliases, y->counters[i].n_aliases);
	}
	assert_int_equal(x->n_metrics, y->n_metrics);
	for (size_t i = 0; i < x->n_metrics; i++) {
		const struct pb_metric *a = &x->metrics[i], *b = &y->metrics[i];
		assert_string_equal(a->key, b->key);
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->formula_text, b->formula_text);
		assert_non_null(b->formula);
		assert_string_equal(a->advice, b->advice);
		assert_opt_equal(a->name_en, b->name_en);
		assert_opt_equal(a->advice_en, b->advice_en);
		assert_int_equal(a->unit, b->unit);
		assert_int_equal(a->has_warn_below, b->has_warn_below);
		assert_int_equal(a->has_warn_above, b->has_warn_above);
		assert_true(a->warn_below == b->warn_below || !a->has_warn_below);
		assert_true(a->warn_above == b->warn_above || !a->has_warn_above);
	}
	assert_int_equal(x->n_stages, y->n_stages);
	for (size_t i = 0; i < x->n_stages; i++) {
		const struct pb_stage *a = &x->stages[i], *b = &y->stages[i];
		assert_string_equal(a->key, b->key);
		assert_string_equal(a->name, b->name);
		assert_opt_equal(a->name_en, b->name_en);
		assert_int_equal(a->from_day, b->from_day);
		assert_int_equal(a->to_day, b->to_day);
		assert_strv_equal(a->metrics, a->n_metrics, b->metrics, b->n_metrics);
	}
	assert_int_equal(x->n_actions, y->n_actions);
	for (size_t i = 0; i < x->n_actions; i++) {
		const struct pb_action *a = &x->actions[i], *b = &y->actions[i];
		assert_string_equal(a->id, b->id);
		assert_string_equal(a->title, b->title);
		assert_opt_equal(a->title_en, b->title_en);
		assert_opt_equal(a->category, b->category);
		assert_opt_equal(a->template_key, b->template_key);
		assert_opt_equal(a->before_node, b->before_node);
		assert_int_equal(a->at, b->at);
		assert_int_equal(a->every, b->every);
		assert_int_equal(a->weekdays, b->weekdays);
		assert_int_equal(a->month_day, b->month_day);
		assert_int_equal(a->group_day, b->group_day);
		assert_int_equal(a->n_days_before, b->n_days_before);
		assert_memory_equal(a->days_before, b->days_before,
				    a->n_days_before * sizeof a->days_before[0]);
		assert_strv_equal(a->stages, a->n_stages, b->stages, b->n_stages);
		assert_int_equal(a->group_types, b->group_types);
	}
	assert_int_equal(x->n_nodes, y->n_nodes);
	for (size_t i = 0; i < x->n_nodes; i++) {
		const struct pb_node *a = &x->nodes[i], *b = &y->nodes[i];
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->month, b->month);
		assert_int_equal(a->day, b->day);
		assert_int_equal(a->monthly_day, b->monthly_day);
		assert_int_equal(a->lead_days, b->lead_days);
		assert_int_equal(a->n_dates, b->n_dates);
		assert_memory_equal(a->dates, b->dates, a->n_dates * sizeof a->dates[0]);
	}
	assert_int_equal(x->n_templates, y->n_templates);
	for (size_t i = 0; i < x->n_templates; i++) {
		assert_string_equal(x->templates[i].key, y->templates[i].key);
		assert_string_equal(x->templates[i].body, y->templates[i].body);
	}
}

/* workspace_open installs the built-in playbook; loading it gives back what was parsed. */
static void test_store_load_roundtrip(void **state)
{
	struct db *db = test_db();
	struct playbook *parsed = builtin(), *loaded = NULL;
	char *cause = NULL;
	if (playbook_load_active(db, &loaded, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(loaded->version_id, 1);
	assert_playbooks_equal(parsed, loaded);
	/* Lookups work on a loaded playbook too. */
	assert_string_equal(playbook_counter(loaded, "打开数")->key, "opens");
	assert_string_equal(playbook_stage_for_age(loaded, 10)->key, "activation");
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit WHERE kind = 'import playbook'"),
			 1);
	playbook_free(loaded);
	playbook_free(parsed);
	db_close(db);
}

/* A second import is a new version; the newest is active; history is kept newest first. */
static void test_versions(void **state)
{
	struct db *db = test_db();
	const char *yaml = "playbook: 测试SOP\nversion: \"2.0\"\nnote: 优化入群欢迎语，消息打开率提升 18%\n"
			   "counters:\n  - {key: opens}\n  - {key: delivered, aliases: [推送触达数]}\n"
			   "metrics:\n  - {key: open_rate, name: 打开率, formula: opens / delivered, "
			   "unit: percent, warn_below: 20}\n"
			   "stages:\n  - {key: all, name: 全部, from_day: 0, metrics: [open_rate]}\n"
			   "actions:\n  - {id: hello, title: 你好, every: [mon, thu]}\n";
	struct playbook *pb = NULL, *loaded = NULL;
	char *cause = NULL;
	if (parse_str(yaml, &pb, &cause) < 0 ||
	    playbook_store(db, pb, yaml, "t.yaml", "alice", &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(pb->version_id, 2);
	if (playbook_load_active(db, &loaded, &cause) < 0)
		fail_msg("%s", cause);
	assert_playbooks_equal(pb, loaded);
	assert_int_equal(loaded->actions[0].weekdays, 1u << 0 | 1u << 3);
	assert_int_equal(loaded->actions[0].at, -1);
	assert_int_equal(loaded->stages[0].to_day, -1);

	struct pb_version_info *v = NULL;
	size_t n = 0;
	if (playbook_versions(db, &v, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, 2);
	assert_string_equal(v[0].version, "2.0");
	assert_string_equal(v[0].note, "优化入群欢迎语，消息打开率提升 18%");
	assert_string_equal(v[0].source, "t.yaml");
	assert_string_equal(v[0].imported_by, "alice");
	assert_string_equal(v[1].source, "built-in");
	assert_string_equal(v[1].imported_by, "tester");
	playbook_versions_free(v, n);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit WHERE kind = 'import playbook' "
					"AND operator = 'alice'"),
			 1);
	/* The text is kept as imported. */
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM playbook_version WHERE id = 2 AND "
					"yaml LIKE 'playbook: 测试SOP%'"),
			 1);
	playbook_free(loaded);
	playbook_free(pb);
	db_close(db);
}

/* A store that fails half-way leaves no trace: one transaction. */
static void test_store_atomic(void **state)
{
	struct db *db = test_db();
	struct playbook *pb = builtin();
	/* Two templates with one key break the primary key on the last table written. */
	free(pb->templates[1].key);
	pb->templates[1].key = xstrdup(pb->templates[0].key);
	char *cause = NULL;
	int before = test_sql_int(db, "SELECT count(*) FROM pb_action");
	assert_int_equal(playbook_store(db, pb, "x", "broken", "tester", &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM playbook_version"), 1);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM pb_action"), before);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit"), 1);
	playbook_free(pb);
	db_close(db);
}

struct bad {
	const char *yaml, *want; /* want: the whole message */
};

#define HEAD "playbook: x\n"
#define COUNTERS "counters:\n  - {key: opens}\n  - {key: delivered}\n"
#define METRIC "metrics:\n  - {key: open_rate, name: o, formula: opens / delivered, unit: percent}\n"
#define STAGES "stages:\n  - {key: launch, name: 初建期, from_day: 0, to_day: 7}\n"
#define CATS "categories:\n  - {key: engage, name: 促活型, share: 100}\n"
#define NODES "nodes:\n  - {name: 会员日, monthly: 18}\n"
#define TPLS "templates:\n  welcome: 欢迎{group}\n"

/* Every kind of error, with its exact line and column. */
static void test_errors(void **state)
{
	static const struct bad cases[] = {
		/* unknown keys, at every level */
		{HEAD "actions:\n  - id: a\n    title: t\n    evry: day\n",
		 "t.yaml:5:5: unknown key 'evry' in action (known: id, title, at, every, "
		 "on_group_day, before_node, days_before, category, template, stages, group_types, "
		 "title_en)"},
		{HEAD "actions:\n  - {id: a, title: t, title_en: [x], every: day}\n",
		 "t.yaml:3:33: 'title_en' must be a text value, found a list"},
		{HEAD "actions:\n  - {id: a, title: t, title_en: '', every: day}\n",
		 "t.yaml:3:33: 'title_en' is empty"},
		{HEAD "stagez: []\n", NULL},
		{HEAD COUNTERS "metrics:\n  - {key: m, name: n, formula: opens, unit: count, "
			       "warn: 3}\n",
		 "t.yaml:6:52: unknown key 'warn' in metric (known: key, name, formula, unit, "
		 "warn_below, warn_above, advice, name_en, advice_en)"},
		/* duplicates */
		{HEAD "actions:\n  - {id: a, title: t, every: day}\n  - {id: a, title: u, every: day}\n",
		 "t.yaml:4:10: duplicate action id 'a'"},
		{HEAD "actions:\n  - {id: a_very_long_action_id_that_goes_on_and_on_and_on_x, title: t, "
		      "every: day}\n",
		 "t.yaml:3:10: action id 'a_very_long_action_i…' is longer than 48 characters"},
		{HEAD "note: a\nnote: b\n", "t.yaml:3:1: duplicate key 'note' in the playbook"},
		{HEAD COUNTERS "  - {key: opens}\n", "t.yaml:5:11: duplicate counter 'opens'"},
		{HEAD "counters:\n  - {key: a, aliases: [甲]}\n  - {key: b, aliases: [乙, 甲]}\n",
		 "t.yaml:4:27: alias '甲' already names counter 'a'"},
		{HEAD COUNTERS METRIC "  - {key: open_rate, name: p, formula: opens, unit: count}\n",
		 "t.yaml:7:11: duplicate metric 'open_rate'"},
		{HEAD STAGES "  - {key: launch, name: b, from_day: 7}\n",
		 "t.yaml:4:11: duplicate stage 'launch'"},
		{HEAD NODES "  - {name: 会员日, date: \"01-01\"}\n", "t.yaml:4:12: duplicate node '会员日'"},
		{HEAD "templates:\n  a: x\n  a: y\n", "t.yaml:4:3: duplicate template 'a'"},
		{HEAD "categories:\n  - {key: a, name: 甲, share: 50}\n  - {key: b, name: 甲, share: 50}\n",
		 "t.yaml:4:20: duplicate category '甲'"},
		/* wrong types */
		{HEAD CATS "  - {key: b, name: 乙, share: lots}\n",
		 "t.yaml:4:30: 'share' must be a whole number, found 'lots'"},
		{HEAD "stages: {key: a}\n", "t.yaml:2:9: 'stages' must be a list, found a mapping"},
		{HEAD "actions:\n  - {id: [a], title: t, every: day}\n",
		 "t.yaml:3:10: 'id' must be a text value, found a list"},
		{HEAD COUNTERS "metrics:\n  - {key: m, name: n, formula: opens, unit: count, "
			       "warn_below: low}\n",
		 "t.yaml:6:64: 'warn_below' must be a number, found 'low'"},
		{HEAD COUNTERS "metrics:\n  - {key: m, name: n, formula: opens, unit: pct}\n",
		 "t.yaml:6:45: 'unit' must be percent, currency, count or ratio, found 'pct'"},
		{HEAD "actions:\n  - t\n", "t.yaml:3:5: action must be a mapping (key: value), found a value"},
		{HEAD "categories:\n  - {key: a, name: 甲, share: 60}\n",
		 "t.yaml:3:3: category shares add up to 60, not 100"},
		/* formulas: the column inside the scalar */
		{HEAD COUNTERS "metrics:\n  - key: m\n    name: n\n    formula: opens / delivred\n"
			       "    unit: percent\n",
		 "t.yaml:8:22: unknown counter 'delivred' in formula"},
		{HEAD COUNTERS "metrics:\n  - key: m\n    name: n\n    formula: \"opens / delivred\"\n"
			       "    unit: percent\n",
		 "t.yaml:8:23: unknown counter 'delivred' in formula"},
		{HEAD COUNTERS "metrics:\n  - key: m\n    name: n\n    formula: opens delivered\n"
			       "    unit: percent\n",
		 "t.yaml:8:20: unexpected 'd' after the end of the formula"},
		/* stages */
		{HEAD STAGES "  - {key: b, name: 乙, from_day: 5, to_day: 30}\n",
		 "t.yaml:4:5: stage 'b' (days 5-30) overlaps stage 'launch' (days 0-7)"},
		{HEAD "stages:\n  - {key: a, name: 甲, from_day: 30}\n  - {key: b, name: 乙, from_day: 0, "
		      "to_day: 31}\n",
		 "t.yaml:4:5: stage 'b' (days 0-31) overlaps stage 'a' (days 30-)"},
		{HEAD "stages:\n  - {key: a, name: 甲, from_day: 7, to_day: 7}\n",
		 "t.yaml:3:44: 'to_day' (7) must be after 'from_day' (7)"},
		{HEAD "stages:\n  - {key: a, name: 甲, name_en: [x], from_day: 0}\n",
		 "t.yaml:3:32: 'name_en' must be a text value, found a list"},
		{HEAD "stages:\n  - {key: a, name: 甲, from_day: 0, nam_en: x}\n",
		 "t.yaml:3:36: unknown key 'nam_en' in stage (known: key, name, from_day, to_day, "
		 "metrics, name_en)"},
		{HEAD COUNTERS METRIC "stages:\n  - {key: a, name: 甲, from_day: 0, metrics: [open_rate, "
				      "opn_rate]}\n",
		 "t.yaml:8:57: unknown metric 'opn_rate'"},
		/* references from actions */
		{HEAD CATS "actions:\n  - {id: a, title: t, every: day, category: engag}\n",
		 "t.yaml:5:45: unknown category 'engag'"},
		{HEAD NODES "actions:\n  - {id: a, title: t, before_node: 会员, days_before: 3}\n",
		 "t.yaml:5:36: unknown node '会员' in 'before_node'"},
		{HEAD TPLS "actions:\n  - {id: a, title: t, every: day, template: welcom}\n",
		 "t.yaml:5:45: unknown template 'welcom'"},
		{HEAD STAGES "actions:\n  - {id: a, title: t, every: day, stages: [launch, growth]}\n",
		 "t.yaml:5:52: unknown stage 'growth'"},
		{HEAD "actions:\n  - {id: a, title: t, every: day, group_types: [vip]}\n",
		 "t.yaml:3:49: unknown group type 'vip' (promotion 群发推广型, segmented 精细化运营型, "
		 "service 客户服务型)"},
		/* times and recurrence */
		{HEAD "actions:\n  - {id: a, title: t, at: \"24:00\", every: day}\n",
		 "t.yaml:3:27: 'at' must be a time \"HH:MM\" (00:00-23:59), found '24:00'"},
		{HEAD "actions:\n  - {id: a, title: t, at: 8.30, every: day}\n",
		 "t.yaml:3:27: 'at' must be a time \"HH:MM\" (00:00-23:59), found '8.30'"},
		{HEAD "actions:\n  - {id: a, title: t, every: daily}\n",
		 "t.yaml:3:30: bad 'every' value 'daily'; expected day, weekday, mon..sun, a list of "
		 "mon..sun, month-start, month-end or \"month-day N\""},
		{HEAD "actions:\n  - {id: a, title: t, every: month-day 32}\n",
		 "t.yaml:3:30: 'every: month-day N' needs N from 1 to 31, found 32"},
		{HEAD "actions:\n  - {id: a, title: t, every: [mon, funday]}\n",
		 "t.yaml:3:36: 'every' lists weekdays mon..sun; found 'funday'"},
		{HEAD "actions:\n  - {id: a, title: t}\n",
		 "t.yaml:3:5: action 'a' needs exactly one of 'every', 'on_group_day' or "
		 "'before_node'"},
		{HEAD "actions:\n  - {id: a, title: t, every: day, days_before: 3}\n",
		 "t.yaml:3:48: 'days_before' needs 'before_node'"},
		{HEAD NODES "actions:\n  - {id: a, title: t, before_node: 会员日, days_before: [3, x]}\n",
		 "t.yaml:5:58: 'days_before' must be a whole number, found 'x'"},
		{HEAD "actions:\n  - {id: a, title: t, on_group_day: 0}\n",
		 "t.yaml:3:37: 'on_group_day' must be between 1 and 100000, found 0"},
		{HEAD "actions:\n  - {title: t, every: day}\n", "t.yaml:3:5: action has no 'id'"},
		{HEAD "actions:\n  - {id: \"a:b\", title: t, every: day}\n",
		 "t.yaml:3:10: 'id' must be a word of letters, digits, -, . and _ (found 'a:b')"},
		/* nodes and templates */
		{HEAD "nodes:\n  - {name: n, date: \"13-01\"}\n",
		 "t.yaml:3:21: 'date' must be \"MM-DD\" (a yearly date), found '13-01'"},
		{HEAD "nodes:\n  - {name: n, dates: [\"2026-02-30\"]}\n",
		 "t.yaml:3:23: 'dates' needs YYYY-MM-DD dates, found '2026-02-30'"},
		{HEAD "nodes:\n  - {name: n, date: \"01-01\", monthly: 3}\n",
		 "t.yaml:3:5: node 'n' needs exactly one of date (MM-DD, yearly), dates (a list of "
		 "YYYY-MM-DD), monthly (day of month) or lunar (MM-DD of the Chinese calendar)"},
		{HEAD "nodes:\n  - {name: n, lunar: \"01-01\", date: \"02-01\"}\n",
		 "t.yaml:3:5: node 'n' needs exactly one of date (MM-DD, yearly), dates (a list of "
		 "YYYY-MM-DD), monthly (day of month) or lunar (MM-DD of the Chinese calendar)"},
		{HEAD "nodes:\n  - {name: n, lunar: \"13-01\"}\n",
		 "t.yaml:3:22: 'lunar' must be \"MM-DD\" of the Chinese calendar (month 01-12, day "
		 "01-30; 中秋 is \"08-15\"), found '13-01'"},
		{HEAD "nodes:\n  - {name: n, lunar: \"08-31\"}\n",
		 "t.yaml:3:22: 'lunar' must be \"MM-DD\" of the Chinese calendar (month 01-12, day "
		 "01-30; 中秋 is \"08-15\"), found '08-31'"},
		{HEAD "nodes:\n  - {name: n, lunar: 8-15}\n",
		 "t.yaml:3:22: 'lunar' must be \"MM-DD\" of the Chinese calendar (month 01-12, day "
		 "01-30; 中秋 is \"08-15\"), found '8-15'"},
		{HEAD "nodes:\n  - {name: n, lunar: [\"08-15\"]}\n",
		 "t.yaml:3:22: 'lunar' must be \"MM-DD\" of the Chinese calendar (month 01-12, day "
		 "01-30; 中秋 is \"08-15\"), found 'a list'"},
		{HEAD "nodes:\n  - {name: n, lunar: \"01-01\", offset: -31}\n",
		 "t.yaml:3:39: 'offset' must be between -30 and 30, found -31"},
		{HEAD "nodes:\n  - {name: n, lunar: \"01-01\", offset: 1.5}\n",
		 "t.yaml:3:39: 'offset' must be a whole number, found '1.5'"},
		{HEAD "nodes:\n  - {name: n, date: \"01-01\", offset: -1}\n",
		 "t.yaml:3:38: 'offset' is for lunar nodes (除夕: lunar \"01-01\", offset -1); "
		 "node 'n' has none"},
		{HEAD "nodes:\n  - {name: n, monthly: 32}\n",
		 "t.yaml:3:24: 'monthly' must be between 1 and 31, found 32"},
		{HEAD "templates:\n  welcome: 欢迎{grop}\n",
		 "t.yaml:3:12: unknown placeholder '{grop}' in template (known: {group} {date} {node} "
		 "{days} {owner} {positioning} {stage} {operator} {title} {time} {weekday} {date_iso})"},
		/* YAML itself */
		{HEAD "actions: [\n", NULL},
		{"note: x\n", "t.yaml:1:1: the playbook has no 'playbook'"},
		{"", "t.yaml:1:1: the playbook is empty"},
		{HEAD "a: &x 1\nb: *x\n", "t.yaml:3:4: YAML aliases (*x) are not allowed in a playbook"},
		{HEAD "---\nplaybook: y\n",
		 "t.yaml:2:1: a playbook is one YAML document; found a second one"},
		{"- a\n- b\n", "t.yaml:1:1: the playbook must be a mapping (key: value), found a list"},
	};
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct playbook *pb = NULL;
		char *cause = NULL;
		int rc = parse_str(cases[i].yaml, &pb, &cause);
		if (rc == 0)
			fail_msg("case %zu parsed but should not:\n%s", i, cases[i].yaml);
		assert_null(pb);
		assert_non_null(cause);
		if ((cases[i].want && strcmp(cause, cases[i].want) != 0) ||
		    (!cases[i].want && strncmp(cause, "t.yaml:", 7) != 0)) {
			print_error("case %zu:\n got: %s\nwant: %s\n", i, cause,
				    cases[i].want ? cases[i].want : "t.yaml:...");
			bad++;
		}
		free(cause);
	}
	assert_int_equal(bad, 0);
}

/* Syntax errors carry libyaml's position. */
static void test_syntax_error_position(void **state)
{
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(parse_str(HEAD "note: a: b\n", &pb, &cause), -1);
	assert_contains(cause, "t.yaml:2:8: YAML syntax");
	free(cause);
	cause = NULL;
	assert_int_equal(parse_str(HEAD "stagez: []\n", &pb, &cause), -1);
	assert_contains(cause, "t.yaml:2:1: unknown key 'stagez' in the playbook");
	free(cause);
}

/* Optional forms: Chinese group types and category names, a lone days_before, null values. */
static void test_accepted_forms(void **state)
{
	const char *yaml = HEAD CATS NODES TPLS STAGES
		"note:\n"
		"actions:\n"
		"  - {id: a, title: t, every: weekday, group_types: [群发推广型, service], "
		"category: 促活型}\n"
		"  - {id: b, title: t, before_node: 会员日, days_before: 2, template: welcome}\n"
		"  - {id: c, title: t, at: 8:05, every: \"month-day 31\", stages: [launch]}\n"
		"  - {id: d, title: t, every: sun}\n"
		"  - {id: e, title: t, before_node: 会员日}\n";
	struct playbook *pb = NULL;
	char *cause = NULL;
	if (parse_str(yaml, &pb, &cause) < 0)
		fail_msg("%s", cause);
	assert_string_equal(pb->note, "");
	assert_string_equal(pb->version, "");
	const struct pb_action *a = playbook_action(pb, "a");
	assert_int_equal(a->weekdays, 0x1F);
	assert_int_equal(a->group_types, 1u << GROUP_PROMOTION | 1u << GROUP_SERVICE);
	assert_string_equal(a->category, "engage");
	assert_int_equal(playbook_action(pb, "b")->n_days_before, 1);
	assert_int_equal(playbook_action(pb, "b")->days_before[0], 2);
	assert_int_equal(playbook_action(pb, "c")->at, 8 * 60 + 5);
	assert_int_equal(playbook_action(pb, "c")->month_day, 31);
	assert_int_equal(playbook_action(pb, "d")->weekdays, 1u << 6);
	/* A countdown without days_before is due on the node's day. */
	assert_int_equal(playbook_action(pb, "e")->n_days_before, 1);
	assert_int_equal(playbook_action(pb, "e")->days_before[0], 0);
	assert_int_equal(playbook_node(pb, "会员日")->lead_days, 7);
	playbook_free(pb);
}

/* The billion laughs: refused at the first alias (the cause names it), never expanded.
   No stopwatch here: speed is make bench's business, not a test's. */
static void test_alias_bomb(void **state)
{
	struct buf b = {0};
	buf_adds(&b, HEAD "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'j'; c++)
		buf_addf(&b, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1, c - 1,
			 c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_parse(b.data, b.len, "bomb.yaml", &pb, &cause), -1);
	assert_contains(cause, "bomb.yaml:3:8: YAML aliases (*a) are not allowed");
	free(cause);
	buf_free(&b);
}

/* Many small events within the byte limit stop at PLAYBOOK_MAX_EVENTS. */
static void test_too_many_events(void **state)
{
	struct buf b = {0};
	buf_adds(&b, HEAD "actions: [");
	for (int i = 0; i < PLAYBOOK_MAX_EVENTS; i++)
		buf_adds(&b, "1,");
	buf_adds(&b, "1]\n");
	assert_true(b.len <= PLAYBOOK_MAX_BYTES);
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_parse(b.data, b.len, "big.yaml", &pb, &cause), -1);
	assert_contains(cause, "playbook too large (more than 200000 YAML events)");
	assert_true(strncmp(cause, "big.yaml:2:", 11) == 0);
	free(cause);
	buf_free(&b);
}

/* Long lists are refused: lookups are linear, so thousands of entries would be slow. */
static void test_too_many_items(void **state)
{
	struct buf b = {0};
	buf_adds(&b, HEAD "counters:\n");
	for (int i = 0; i < 1001; i++)
		buf_addf(&b, "  - {key: c%d}\n", i);
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_parse(b.data, b.len, "t.yaml", &pb, &cause), -1);
	assert_string_equal(cause, "t.yaml:3:3: 'counters' has more than 1000 entries");
	free(cause);
	buf_free(&b);
}

/* Deep nesting is refused before it costs anything. */
static void test_too_deep(void **state)
{
	struct buf b = {0};
	buf_adds(&b, HEAD "actions: ");
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "[");
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_parse(b.data, b.len, "deep.yaml", &pb, &cause), -1);
	assert_contains(cause, "nested too deeply");
	free(cause);
	buf_free(&b);
}

static void test_oversized(void **state)
{
	size_t n = PLAYBOOK_MAX_BYTES + 1;
	char *text = xmalloc(n + 1);
	memset(text, '#', n);
	text[n] = '\0';
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_parse(text, n, "huge.yaml", &pb, &cause), -1);
	assert_string_equal(cause, "huge.yaml: playbook is larger than the limit of 4194304 bytes");
	free(cause);
	free(text);
}

static void test_parse_file(void **state)
{
	char path[] = "/tmp/sopdeck-pb-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *yaml = HEAD "actions:\n  - {id: a, title: t, every: evry}\n";
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_parse_file(path, &pb, &cause), -1);
	char *want = xasprintf("%s:3:30: bad 'every' value 'evry'", path);
	assert_contains(cause, want);
	free(want);
	free(cause);
	unlink(path);
	cause = NULL;
	assert_int_equal(playbook_parse_file("/nonexistent/p.yaml", &pb, &cause), -1);
	assert_contains(cause, "/nonexistent/p.yaml");
	free(cause);
}

/* Stages are [from_day, to_day): day 7 already belongs to activation. */
static void test_stage_boundaries(void **state)
{
	struct playbook *pb = builtin();
	static const struct {
		int age;
		const char *key;
	} want[] = {{0, "launch"},	  {6, "launch"},	{7, "activation"},
		    {29, "activation"},	  {30, "monetisation"}, {89, "monetisation"},
		    {90, "retention"},	  {179, "retention"},	{180, "referral"},
		    {100000, "referral"}};
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		const struct pb_stage *s = playbook_stage_for_age(pb, want[i].age);
		assert_non_null(s);
		if (strcmp(s->key, want[i].key))
			fail_msg("age %d: %s, want %s", want[i].age, s->key, want[i].key);
	}
	assert_null(playbook_stage_for_age(pb, -1));
	assert_string_equal(playbook_stage(pb, "retention")->name, "留存期");
	assert_null(playbook_stage(pb, "nope"));
	playbook_free(pb);

	/* A gap between stages has no stage. */
	struct playbook *gap = NULL;
	char *cause = NULL;
	if (parse_str(HEAD "stages:\n  - {key: a, name: 甲, from_day: 0, to_day: 3}\n"
			   "  - {key: b, name: 乙, from_day: 5}\n", &gap, &cause) < 0)
		fail_msg("%s", cause);
	assert_null(playbook_stage_for_age(gap, 3));
	assert_string_equal(playbook_stage_for_age(gap, 5)->key, "b");
	playbook_free(gap);

	/* The name shown: name_en in English when given, the name in Chinese or without one. */
	if (parse_str(HEAD "stages:\n  - {key: a, name: 甲, name_en: first, from_day: 0, to_day: 3}\n"
			   "  - {key: b, name: 乙, from_day: 3}\n", &gap, &cause) < 0)
		fail_msg("%s", cause);
	assert_string_equal(playbook_stage_name(playbook_stage(gap, "a"), "-"), "first");
	assert_string_equal(playbook_stage_name(playbook_stage(gap, "b"), "-"), "乙");
	assert_string_equal(playbook_stage_name(NULL, "-"), "-");
	i18n_set(I18N_ZH);
	assert_string_equal(playbook_stage_name(playbook_stage(gap, "a"), "-"), "甲");
	i18n_set(I18N_EN);
	playbook_free(gap);
}

static void check_next(const struct pb_node *n, const char *from, const char *want)
{
	int got = playbook_node_next(n, D(from));
	if (!want) {
		assert_int_equal(got, DATE_INVALID);
		return;
	}
	char g[11] = "invalid";
	if (got != DATE_INVALID)
		date_format(got, g);
	if (strcmp(g, want))
		fail_msg("%s from %s: %s, want %s", n->name, from, g, want);
}

/*
 * playbook_node_next remembers answers by the node's rule, never by its address: a
 * node struct reused with another rule (a playbook freed, another loaded where it
 * was) answers by its new rule, and nodes asked in turn do not mix their answers.
 */
static void test_node_next_by_rule(void **state)
{
	struct pb_node n = {.name = "中秋", .lunar_month = 8, .lunar_day = 15};
	check_next(&n, "2026-09-01", "2026-09-25");
	n.offset = -1; /* the same struct, the eve now */
	check_next(&n, "2026-09-01", "2026-09-24");
	n = (struct pb_node){.name = "八号", .monthly_day = 8};
	check_next(&n, "2026-09-01", "2026-09-08");
	n = (struct pb_node){.name = "女王节", .month = 3, .day = 8};
	check_next(&n, "2026-09-01", "2027-03-08");
	/* Two lunar nodes a day apart, asked in turn over a year: each its own dates. */
	struct pb_node a = {.name = "a", .lunar_month = 1, .lunar_day = 1},
		       b = {.name = "b", .lunar_month = 1, .lunar_day = 1, .offset = -1};
	for (int d = D("2026-01-01"); d < D("2027-01-01"); d++) {
		int na = playbook_node_next(&a, d + 1), nb = playbook_node_next(&b, d);
		assert_int_not_equal(na, DATE_INVALID);
		assert_int_equal(nb, na - 1);
	}
	check_next(&a, "2026-02-18", "2027-02-06");
	check_next(&b, "2026-02-16", "2026-02-16");
}

/* A formula naming more counters than sums can hold is refused where it is written. */
static void test_formula_counter_cap(void **state)
{
	struct buf y = {0};
	buf_adds(&y, "playbook: t\nversion: \"1\"\ncounters:\n");
	for (int i = 0; i <= FORMULA_MAX_COUNTERS; i++)
		buf_addf(&y, "  - {key: c%d}\n", i);
	buf_adds(&y, "metrics:\n  - {key: m, name: m, formula: \"c0");
	for (int i = 1; i <= FORMULA_MAX_COUNTERS; i++)
		buf_addf(&y, " + c%d", i);
	buf_adds(&y, "\", unit: count}\nstages:\n  - {key: s, name: s, from_day: 0}\n");
	struct playbook *pb = NULL;
	char *cause = NULL;
	assert_int_equal(parse_str(buf_str(&y), &pb, &cause), -1);
	assert_contains(cause, "more than 32 counters");
	assert_contains(cause, "t.yaml:");
	free(cause);
	buf_free(&y);
}

static void test_node_next(void **state)
{
	struct playbook *pb = builtin();
	/* Yearly, across the year end. */
	const struct pb_node *d12 = playbook_node(pb, "双12");
	check_next(d12, "2026-12-12", "2026-12-12");
	check_next(d12, "2026-12-13", "2027-12-12");
	check_next(playbook_node(pb, "元旦"), "2026-12-31", "2027-01-01");
	check_next(playbook_node(pb, "元旦"), "2027-01-01", "2027-01-01");
	check_next(playbook_node(pb, "女王节"), "2026-01-15", "2026-03-08");
	/* Lunar: the Chinese calendar's date of any year, well past the old four-year lists. */
	const struct pb_node *qixi = playbook_node(pb, "七夕");
	check_next(qixi, "2025-01-01", "2025-08-29");
	check_next(qixi, "2026-08-20", "2027-08-08");
	check_next(qixi, "2028-08-26", "2028-08-26");
	check_next(qixi, "2028-08-27", "2029-08-16");
	check_next(playbook_node(pb, "中秋"), "2027-01-01", "2027-09-15");
	check_next(playbook_node(pb, "中秋"), "2031-01-01", "2031-10-01");
	check_next(playbook_node(pb, "春节"), "2027-12-01", "2028-01-26");
	check_next(playbook_node(pb, "春节"), "2030-02-03", "2030-02-03");
	check_next(playbook_node(pb, "春节"), "2030-02-04", "2031-01-23");
	/* A dates: list: only the listed dates. */
	int listed[] = {D("2025-08-29"), D("2026-08-19")};
	struct pb_node list = {.name = "list", .dates = listed, .n_dates = 2};
	check_next(&list, "2025-01-01", "2025-08-29");
	check_next(&list, "2025-08-30", "2026-08-19");
	check_next(&list, "2026-08-20", NULL);
	/* 除夕: the day before 春节, across the Gregorian year end too. */
	struct pb_node eve = {.name = "除夕", .lunar_month = 1, .lunar_day = 1, .offset = -1};
	check_next(&eve, "2026-01-01", "2026-02-16");
	check_next(&eve, "2026-02-17", "2027-02-05");
	check_next(&eve, "2027-02-05", "2027-02-05");
	check_next(&eve, "2030-01-01", "2030-02-02");
	/* 腊八 (12-08) of the year that began in 2025 falls in January 2026. */
	struct pb_node laba = {.name = "腊八", .lunar_month = 12, .lunar_day = 8};
	check_next(&laba, "2025-12-01", "2026-01-26");
	check_next(&laba, "2026-01-27", "2027-01-15");
	/* Monthly, across month and year ends. */
	const struct pb_node *member = playbook_node(pb, "会员日");
	check_next(member, "2026-01-18", "2026-01-18");
	check_next(member, "2026-01-19", "2026-02-18");
	check_next(member, "2026-12-19", "2027-01-18");
	playbook_free(pb);

	/* Day 31 in short months: the month's last day. A yearly 02-29 waits for a leap year. */
	struct pb_node m31 = {.name = "m31", .monthly_day = 31};
	check_next(&m31, "2026-04-01", "2026-04-30");
	check_next(&m31, "2026-02-01", "2026-02-28");
	check_next(&m31, "2028-02-01", "2028-02-29");
	check_next(&m31, "2026-03-01", "2026-03-31");
	check_next(&m31, "2026-04-30", "2026-04-30");
	check_next(&m31, "2026-12-31", "2026-12-31");
	struct pb_node m30 = {.name = "m30", .monthly_day = 30};
	check_next(&m30, "2026-01-31", "2026-02-28");
	check_next(&m30, "2026-03-01", "2026-03-30");
	struct pb_node leap = {.name = "leap", .month = 2, .day = 29};
	check_next(&leap, "2025-03-01", "2028-02-29");
	check_next(&leap, "2028-02-29", "2028-02-29");
	check_next(&leap, "2028-03-01", "2032-02-29");
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_content),
		cmocka_unit_test(test_store_load_roundtrip),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_store_atomic),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_syntax_error_position),
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_too_many_events),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_too_many_items),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_stage_boundaries),
		cmocka_unit_test(test_node_next),
		cmocka_unit_test(test_node_next_by_rule),
		cmocka_unit_test(test_formula_counter_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
