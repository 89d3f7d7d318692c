/* Display width, truncation and sanitising of mixed Chinese/ASCII text. */
#include "testutil.h"
#include "text.h"

static void width_counts_cjk_as_two(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("早安问候"), 8);
	assert_int_equal(text_width("08:30 早安"), 10);
}

static void fit_never_splits_a_character(void **state)
{
	(void)state;
	char *s = text_fit("早安问候", 5, false);
	/* 5 columns: two characters (4) and the ellipsis (1). */
	assert_string_equal(s, "早安…");
	free(s);
	s = text_fit("早安问候", 6, true);
	assert_string_equal(s, "早安… ");  /* a wide char does not fit in 1 column: padded */
	assert_int_equal(text_width(s), 6);
	free(s);
	s = text_fit("ab早安", 6, true);
	assert_string_equal(s, "ab早安");
	free(s);
	s = text_fit("ab", 4, true);
	assert_string_equal(s, "ab  ");
	free(s);
}

static void sanitize_escapes_controls(void **state)
{
	(void)state;
	char *s = text_sanitize("a\x1b[31mb\x07\tc", false);
	assert_string_equal(s, "a^[[31mb^G c");
	free(s);
	s = text_sanitize("x\xc2\x9by", false); /* C1 CSI */
	assert_string_equal(s, "x<U+009B>y");
	free(s);
	s = text_sanitize("bad\xff", false);
	assert_string_equal(s, "bad\xEF\xBF\xBD");
	free(s);
}

static void base64_matches_rfc4648(void **state)
{
	(void)state;
	const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	const char *want[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	for (size_t i = 0; i < 7; i++) {
		char *s = text_base64(in[i], strlen(in[i]));
		assert_string_equal(s, want[i]);
		free(s);
	}
}

static void trim_and_fold(void **state)
{
	(void)state;
	char buf[] = "\xE3\x80\x80 育儿 \xE3\x80\x80";
	assert_string_equal(text_trim(buf), "育儿");
	char *s = text_fold_width("ＡＢ１２；");
	assert_string_equal(s, "AB12;");
	free(s);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(width_counts_cjk_as_two),
		cmocka_unit_test(fit_never_splits_a_character),
		cmocka_unit_test(sanitize_escapes_controls),
		cmocka_unit_test(base64_matches_rfc4648),
		cmocka_unit_test(trim_and_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
