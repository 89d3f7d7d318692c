/*
 * Script templates: {placeholders} filled in, {name|default} for empty values,
 * {{ }} as literal braces, Chinese date forms, the loader refusing a template
 * that could put out a raw {placeholder}, and the default playbook over a year.
 */
#include <stdio.h>

#include "testutil.h"
#include "action-text.h"
#include "checklist.h"
#include "group.h"
#include "playbook.h"
#include "template.h"

static const struct template_var vars[] = {
	{"group", "宝妈育儿交流3群"},
	{"date", "3月4日"},
	{"node", "女王节"},
	{"days", "3"},
};

static void fills_known_placeholders(void **state)
{
	(void)state;
	char *s = template_fill("欢迎加入{group}！今天是{date}。", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "欢迎加入宝妈育儿交流3群！今天是3月4日。");
	free(s);
	s = template_fill("{node}倒计时 {days} 天，{node}见！", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "女王节倒计时 3 天，女王节见！");
	free(s);
}

static void keeps_unknown_and_unclosed(void **state)
{
	(void)state;
	char *s = template_fill("{coupon} 与 {group", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "{coupon} 与 {group");
	free(s);
	s = template_fill("{}{grou}{groups}", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "{}{grou}{groups}");
	free(s);
	/* A variable without a value stays as written (the loader keeps such templates out). */
	const struct template_var empty[] = {{"group", NULL}};
	s = template_fill("hi {group}", empty, 1);
	assert_string_equal(s, "hi {group}");
	free(s);
	/* ... unless cleaned: then it is written as nothing, never raw. */
	s = template_fill_clean("hi {group}!", empty, 1);
	assert_string_equal(s, "hi !");
	free(s);
}

static void defaults_for_empty_values(void **state)
{
	(void)state;
	const struct template_var v[] = {{"node", NULL}, {"owner", ""}, {"group", "宝妈群"}};
	char *s = template_fill("🔥【{node|今日}专属福利】{group|本群}，我是群主{owner|}。", v, 3);
	assert_string_equal(s, "🔥【今日专属福利】宝妈群，我是群主。");
	free(s);
	const struct template_var w[] = {{"node", "双12"}};
	s = template_fill("【{node|今日}专属福利】", w, 1);
	assert_string_equal(s, "【双12专属福利】");
	free(s);
	/* An unknown name keeps its braces, default and all: the loader calls it a typo. */
	s = template_fill("{coupon|券}", w, 1);
	assert_string_equal(s, "{coupon|券}");
	free(s);
	size_t pos = 0;
	struct template_ph ph;
	assert_int_equal(template_next("a{{b}} {node|今日} c", &pos, &ph), 1);
	assert_int_equal(ph.name_len, 4);
	assert_memory_equal(ph.name, "node", 4);
	assert_true(ph.has_default);
	assert_int_equal(template_next("a{{b}} {node|今日} c", &pos, &ph), 0);
	pos = 0;
	assert_int_equal(template_next("x {node", &pos, &ph), -1);
	assert_int_equal(pos, 2);
}

static void doubled_braces_are_literal(void **state)
{
	(void)state;
	char *s = template_fill("{{group}} = {group}; }}", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "{group} = 宝妈育儿交流3群; }");
	free(s);
}

static void empty_and_no_vars(void **state)
{
	(void)state;
	char *s = template_fill("", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "");
	free(s);
	s = template_fill("纯文本，没有占位符\n第二行", NULL, 0);
	assert_string_equal(s, "纯文本，没有占位符\n第二行");
	free(s);
	/* A value containing braces is not expanded again. */
	const struct template_var tricky[] = {{"a", "{b}"}, {"b", "X"}};
	s = template_fill("{a}{b}", tricky, 2);
	assert_string_equal(s, "{b}X");
	free(s);
}

static void chinese_dates(void **state)
{
	(void)state;
	char out[16];
	template_date_cn(D("2026-12-15"), out);
	assert_string_equal(out, "12月15日");
	assert_string_equal(template_weekday_cn(D("2026-12-15")), "周二");
	template_date_cn(D("2026-03-04"), out);
	assert_string_equal(out, "3月4日");
	assert_string_equal(template_weekday_cn(D("2026-03-08")), "周日");
}

static const char yaml_pre[] =
	"playbook: 测试SOP\n"
	"categories:\n"
	"  - {key: convert, name: 转化型, share: 100}\n"
	"nodes:\n"
	"  - {name: 双12, date: \"12-12\"}\n"
	"templates:\n"
	"  promo: \"🔥【";
static const char yaml_post[] =
	"专属福利】{group}群友专享！{date} {weekday} {date_iso}\"\n"
	"actions:\n"
	"  - {id: perks, title: 福利推送, at: \"20:00\", every: day,\n"
	"     category: convert, template: promo}\n"
	"  - {id: warmup, title: 双12预热, at: \"20:00\", before_node: 双12, days_before: [3, 1],\n"
	"     template: promo}\n";

static void loader_refuses_empty_placeholder(void **state)
{
	(void)state;
	char text[2048], *cause = NULL;
	struct playbook *pb = NULL;
	snprintf(text, sizeof text, "%s%s%s", yaml_pre, "{node}", yaml_post);
	assert_int_equal(playbook_parse(text, strlen(text), "sop.yaml", &pb, &cause), -1);
	/* The daily action's template: line 10, the column of `template:`'s value. */
	assert_non_null(strstr(cause, "sop.yaml:10:"));
	assert_non_null(strstr(cause, "{node}"));
	assert_non_null(strstr(cause, "'perks'"));
	assert_non_null(strstr(cause, "{node|今日}"));
	free(cause);
	cause = NULL;
	snprintf(text, sizeof text, "%s%s%s", yaml_pre, "{node|今日}", yaml_post);
	if (playbook_parse(text, strlen(text), "sop.yaml", &pb, &cause) < 0)
		fail_msg("%s", cause);
	struct group g = {.id = 1, .name = "宝妈育儿交流群", .type = GROUP_PROMOTION,
			  .created = D("2026-01-01"), .owner = "", .positioning = "", .playbook = ""};
	char *s = action_text_template(pb, playbook_action(pb, "perks"), &g, D("2026-12-15"), NULL,
				       0, "小王", true);
	assert_string_equal(s, "🔥【今日专属福利】宝妈育儿交流群群友专享！12月15日 周二 2026-12-15");
	free(s);
	s = action_text_template(pb, playbook_action(pb, "warmup"), &g, D("2026-12-09"), "双12",
				 3, "小王", true);
	assert_string_equal(s, "🔥【双12专属福利】宝妈育儿交流群群友专享！12月9日 周三 2026-12-09");
	free(s);
	playbook_free(pb);
	/* {owner} can be empty for every action: groups may have no owner. */
	pb = NULL;
	snprintf(text, sizeof text, "%s%s%s", yaml_pre, "{owner}", yaml_post);
	assert_int_equal(playbook_parse(text, strlen(text), "sop.yaml", &pb, &cause), -1);
	assert_non_null(strstr(cause, "owner"));
	free(cause);
}

/* Every action of the default playbook, every day of a year, every group type: no {x} left. */
static void default_playbook_never_leaks(void **state)
{
	(void)state;
	size_t len, checked = 0, with_template = 0;
	const char *text = playbook_builtin_text(&len);
	struct playbook *pb = NULL;
	char *cause = NULL;
	if (playbook_parse(text, len, "playbook.yaml", &pb, &cause) < 0)
		fail_msg("%s", cause);
	static const int created_offsets[] = {0, -10, -45, -120, -400};
	int start = D("2026-01-01");
	for (int type = 0; type < GROUP_TYPE_COUNT; type++) {
		for (size_t c = 0; c < ARRAY_LEN(created_offsets); c++) {
			/* No owner, no positioning: the emptiest group an operator can have. */
			struct group g = {.id = 1, .name = "宝妈育儿交流群",
					  .type = (enum group_type)type,
					  .created = start + created_offsets[c], .owner = "",
					  .positioning = "", .playbook = ""};
			for (int day = start; day < start + 365; day++) {
				for (size_t i = 0; i < pb->n_actions; i++) {
					const struct pb_action *a = &pb->actions[i];
					int node_days = 0;
					if (!playbook_action_due(pb, a, &g, day, &node_days))
						continue;
					const char *node = a->before_node;
					char *s = action_text_template(pb, a, &g, day, node,
								       node_days, "", true);
					checked++;
					if (!s)
						continue;
					with_template++;
					if (strchr(s, '{') || strchr(s, '}'))
						fail_msg("%s on %d (type %d): %s", a->id, day, type,
							 s);
					free(s);
				}
			}
		}
	}
	assert_true(checked > 10000);
	assert_true(with_template > 3000);
	/* The 福利推送 of a day without a node, written as an operator would. */
	struct group g = {.id = 1, .name = "宝妈育儿交流群", .type = GROUP_PROMOTION,
			  .created = start - 100, .owner = "", .positioning = "", .playbook = ""};
	char *s = action_text_template(pb, playbook_action(pb, "perks"), &g, D("2026-12-15"), NULL,
				       0, "", true);
	assert_non_null(strstr(s, "🔥【今日专属福利】宝妈育儿交流群群友专享！"));
	free(s);
	s = action_text_template(pb, playbook_action(pb, "morning"), &g, D("2026-12-15"), NULL, 0,
				 "", true);
	assert_non_null(strstr(s, "早安☀️ 12月15日，"));
	free(s);
	playbook_free(pb);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_known_placeholders),
		cmocka_unit_test(keeps_unknown_and_unclosed),
		cmocka_unit_test(defaults_for_empty_values),
		cmocka_unit_test(doubled_braces_are_literal),
		cmocka_unit_test(empty_and_no_vars),
		cmocka_unit_test(chinese_dates),
		cmocka_unit_test(loader_refuses_empty_placeholder),
		cmocka_unit_test(default_playbook_never_leaks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
