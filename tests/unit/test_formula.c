/* KPI formulas: precedence, parentheses, unary minus, undefined results, errors with columns. */
#include "testutil.h"

#include <math.h>

#include "formula.h"

static bool known(const char *name, void *ctx)
{
	static const char *const names[] = {"opens", "delivered", "members", "zero", "big"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static double value(const char *name, void *ctx)
{
	if (!strcmp(name, "opens"))
		return 30;
	if (!strcmp(name, "delivered"))
		return 120;
	if (!strcmp(name, "members"))
		return 200;
	if (!strcmp(name, "big"))
		return 1e308;
	return 0;
}

/* Parse and evaluate; returns whether the value is defined. */
static bool eval(const char *text, double *out)
{
	struct formula *f = NULL;
	char *cause = NULL;
	int col = 0;
	if (formula_parse(text, known, NULL, &f, &col, &cause) < 0)
		fail_msg("'%s': %s (column %d)", text, cause, col);
	bool ok = formula_eval(f, value, NULL, out);
	formula_free(f);
	return ok;
}

static void assert_value(const char *text, double want)
{
	double got = NAN;
	if (!eval(text, &got))
		fail_msg("'%s' is undefined, want %g", text, want);
	if (fabs(got - want) > 1e-9)
		fail_msg("'%s' = %g, want %g", text, got, want);
}

static void test_precedence(void **state)
{
	assert_value("2 + 3 * 4", 14);
	assert_value("2 * 3 + 4", 10);
	assert_value("(2 + 3) * 4", 20);
	assert_value("8 - 3 - 2", 3);      /* left to right */
	assert_value("8 / 4 / 2", 1);
	assert_value("8 - (3 - 2)", 7);
	assert_value("((1))", 1);
	assert_value("opens / delivered", 0.25);
	assert_value("opens/delivered*100", 25);
	assert_value("(opens + 10) / (members - 40)", 0.25);
	assert_value("0.5 * members", 100);
	assert_value(".5 + 1.25", 1.75);
}

static void test_unary_minus(void **state)
{
	assert_value("-3 + 5", 2);
	assert_value("2 * -3", -6);
	assert_value("-(2 + 3)", -5);
	assert_value("--4", 4);
	assert_value("-opens", -30);
	assert_value("10 - -2", 12);
}

/* Division by zero and overflow are undefined (shown as "—"), never 0, inf or nan. */
static void test_undefined(void **state)
{
	double v = 42;
	assert_false(eval("opens / zero", &v));
	assert_false(eval("1 / (members - 200)", &v));
	assert_false(eval("(opens / zero) * 0", &v));
	assert_false(eval("big * big", &v));
	assert_true(eval("zero / opens", &v));
	assert_true(v == 0);
}

static void check_error(const char *text, int want_col, const char *want)
{
	struct formula *f = NULL;
	char *cause = NULL;
	int col = 0;
	assert_int_equal(formula_parse(text, known, NULL, &f, &col, &cause), -1);
	assert_null(f);
	assert_non_null(cause);
	if (col != want_col || !strstr(cause, want))
		fail_msg("'%s': column %d '%s', want column %d '%s'", text, col, cause, want_col,
			 want);
	free(cause);
}

static void test_errors(void **state)
{
	check_error("opens / delivred", 9, "unknown counter 'delivred' in formula");
	check_error("nobody", 1, "unknown counter 'nobody'");
	check_error("opens delivered", 7, "unexpected 'd' after the end of the formula");
	check_error("opens / delivered )", 19, "unexpected ')' after the end");
	check_error("1 +", 4, "formula ends where a number or counter was expected");
	check_error("", 1, "formula ends where");
	check_error("(opens + 1", 11, "expected ')'");
	check_error("opens % 2", 7, "unexpected '%'");
	check_error("opens * * 2", 9, "unexpected '*'");
	/* Columns count characters, not bytes. */
	check_error("开 + 1", 1, "unexpected '开' in formula");
	check_error("opens + 1 开", 11, "unexpected '开' after the end");
}

static void test_deep_nesting(void **state)
{
	struct buf b = {0};
	for (int i = 0; i < 10000; i++)
		buf_adds(&b, "(");
	struct formula *f = NULL;
	char *cause = NULL;
	int col = 0;
	assert_int_equal(formula_parse(buf_str(&b), known, NULL, &f, &col, &cause), -1);
	assert_non_null(strstr(cause, "nested too deeply"));
	free(cause);
	buf_free(&b);
}

static void test_counters(void **state)
{
	struct formula *f = NULL;
	char *cause = NULL;
	int col = 0;
	assert_int_equal(formula_parse("(opens + members) / (opens * delivered)", known, NULL, &f,
				       &col, &cause),
			 0);
	const char *names[8];
	size_t n = formula_counters(f, names, ARRAY_LEN(names));
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "opens");
	assert_string_equal(names[1], "members");
	assert_string_equal(names[2], "delivered");
	formula_free(f);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_unary_minus),
		cmocka_unit_test(test_undefined),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_counters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
