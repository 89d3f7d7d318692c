/* Script templates: {placeholders} filled in, unknown ones kept, {{ }} as literal braces. */
#include "testutil.h"
#include "template.h"

static const struct template_var vars[] = {
	{"group", "宝妈育儿交流3群"},
	{"date", "2026-03-04"},
	{"node", "女王节"},
	{"days", "3"},
};

static void fills_known_placeholders(void **state)
{
	(void)state;
	char *s = template_fill("欢迎加入{group}！今天是{date}。", vars, ARRAY_LEN(vars));
	assert_string_equal(s, "欢迎加入宝妈育儿交流3群！今天是2026-03-04。");
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
	/* A variable without a value stays as written. */
	const struct template_var empty[] = {{"group", NULL}};
	s = template_fill("hi {group}", empty, 1);
	assert_string_equal(s, "hi {group}");
	free(s);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_known_placeholders),
		cmocka_unit_test(keeps_unknown_and_unclosed),
		cmocka_unit_test(doubled_braces_are_literal),
		cmocka_unit_test(empty_and_no_vars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
