/* Display width, truncation and sanitising of mixed Chinese/ASCII text. */
#include <stdio.h>

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

/* text_fit_buf appends what text_fit(text_sanitize(s)) returns, into a reused buffer. */
static char *fit_buf(struct buf *b, const char *s, int cols, bool pad)
{
	b->len = 0;
	text_fit_buf(b, s, cols, pad);
	return (char *)buf_str(b);
}

static void fit_buf_mixed_cjk_ascii(void **state)
{
	(void)state;
	struct buf b = {0};
	/* Cut between characters, the ellipsis in the last column, padded to the width. */
	assert_string_equal(fit_buf(&b, "早安问候", 5, false), "早安…");
	assert_string_equal(fit_buf(&b, "早安问候", 6, true), "早安… ");
	assert_string_equal(fit_buf(&b, "ab早安", 6, true), "ab早安");
	assert_string_equal(fit_buf(&b, "ab早安c", 6, true), "ab早… ");
	assert_string_equal(fit_buf(&b, "08:30 早安问候", 10, true), "08:30 早… ");
	assert_string_equal(fit_buf(&b, "ab", 4, true), "ab  ");
	assert_string_equal(fit_buf(&b, "abcdef", 4, false), "abc…");
	assert_string_equal(fit_buf(&b, "", 3, true), "   ");
	assert_string_equal(fit_buf(&b, "早", 1, true), "…");
	assert_string_equal(fit_buf(&b, "早安", 0, true), "");
	/* Appends: what is in the buffer stays. */
	b.len = 0;
	text_fit_buf(&b, "周一", 5, true);
	text_fit_buf(&b, "x", 2, true);
	assert_string_equal(buf_str(&b), "周一 x ");
	/* Controls are shown as text_sanitize shows them, then fitted. */
	assert_string_equal(fit_buf(&b, "a\x1b[1mb", 10, true), "a^[[1mb   ");
	assert_string_equal(fit_buf(&b, "早\x07安问候", 6, false), "早^G…");
	assert_string_equal(fit_buf(&b, "x\xff" "y", 4, true), "x\xEF\xBF\xBDy ");
	buf_free(&b);
}

/*
 * The same bytes as text_fit(text_sanitize(s)) for every width, padded or not, over
 * strings made of ASCII, CJK, full-width forms, combining marks, emoji, controls,
 * bidi overrides and broken UTF-8; a result never ends inside a character.
 */
static void fit_buf_is_sanitize_then_fit(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "Z9", " ", "早", "安问候", "｜", "１", "é", "e\xCC\x81", "\xF0\x9F\x98\x80",
		"…", "\x1b", "\t", "\x7f", "\xC2\x9B", "\xE2\x80\xAE", "\xFF", "\xE6\x97", "·", "!",
		"\xEF\xBF\xBD", "ﾟ", "한",
		/* Three-byte edges: E0 and ED leads (valid, overlong, surrogate), the
		   ideographic space, a zero-width one, a lone continuation byte. */
		"\xE0\xA4\x85", "\xE0\x80\x80", "\xED\x9F\xBF", "\xED\xA0\x80", "\xE3\x80\x80",
		"\xE2\x80\x8B", "\x80",
	};
	struct buf b = {0};
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		char s[128] = "";
		size_t n = 0;
		int parts = (int)(seed % 9);
		for (int k = 0; k < parts; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % ARRAY_LEN(pieces)];
			memcpy(s + n, p, strlen(p) + 1);
			n += strlen(p);
		}
		seed = seed * 1103515245u + 12345u;
		char *safe = text_sanitize(s, false);
		for (int cols = 0; cols <= 14; cols++)
			for (int pad = 0; pad < 2; pad++) {
				char *want = text_fit(safe, cols, pad);
				const char *got = fit_buf(&b, s, cols, pad);
				assert_string_equal(got, want);
				assert_true(utf8_valid(got, strlen(got)));
				assert_true(text_width(got) <= (cols > 0 ? cols : 0));
				free(want);
			}
		free(safe);
	}
	buf_free(&b);
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

/* Search folding is NFKC_Casefold (issue 15): what the hand-written width fold did, and more. */
static void fold_is_nfkc_casefold(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"ＡＢ１２；Excel", "ab12;excel"}, /* full-width ASCII and case, as before */
		{"全角\u3000空格", "全角 空格"},     /* the ideographic space */
		{"ﾃｽﾄ", "テスト"},                   /* half-width katakana */
		{"￥99", "¥99"},                     /* full-width currency signs */
		{"①②", "12"},                        /* circled digits */
		{"㊙福利", "秘福利"},                /* circled ideographs */
		{"㎏", "kg"},                        /* one character, two folded */
		{"ÉTUDE Straße", "étude strasse"},   /* case beyond ASCII */
		{"e\u0301", "é"},                    /* composed */
		{"零\u200b宽", "零宽"},              /* an invisible format character drops out */
		{"育儿误区 OK", "育儿误区 ok"},
		{"", ""},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *f = text_fold(cases[i][0]);
		if (strcmp(f, cases[i][1]) != 0)
			fail_msg("fold(%s) = %s, want %s", cases[i][0], f, cases[i][1]);
		free(f);
	}
	char *f = text_fold(NULL);
	assert_string_equal(f, "");
	free(f);
}

struct piece_log {
	struct buf b;
};

static int log_piece(void *ctx, size_t start, size_t end, const char *fold, size_t len)
{
	struct piece_log *l = ctx;
	buf_addf(&l->b, "%zu-%zu:%.*s|", start, end, (int)len, fold);
	return 0;
}

/* Each piece knows its source bytes: what the search tokenizer's offsets rely on. */
static void fold_pieces_keep_offsets(void **state)
{
	(void)state;
	struct piece_log l = {{0}};
	const char *s = "A㎏e\u0301育";
	assert_int_equal(text_fold_pieces(s, strlen(s), log_piece, &l), 0);
	/* A (1 byte), ㎏ (3 bytes, 2 characters), e + U+0301 (1 + 2 bytes, one é), 育. */
	assert_string_equal(buf_str(&l.b), "0-1:a|1-4:kg|4-7:é|7-10:育|");
	buf_free(&l.b);
	/* Invalid UTF-8 folds to U+FFFD, one byte at a time, never past n. */
	l = (struct piece_log){{0}};
	assert_int_equal(text_fold_pieces("a\xff", 2, log_piece, &l), 0);
	assert_string_equal(buf_str(&l.b), "0-1:a|1-2:\xEF\xBF\xBD|");
	buf_free(&l.b);
}

/* Lines for the pager and the KPI advice: words kept whole, CJK cut between characters. */
static void wrap_breaks_between_words(void **state)
{
	(void)state;
	const char *en = "add interaction topics now";
	/* A space in the line's first half is no break: a long word is cut instead. */
	assert_int_equal(text_wrap_line(en, strlen(en), 12), 12);  /* "add interact" */
	assert_int_equal(text_wrap_line(en, strlen(en), 20), 15);  /* "add interaction" */
	assert_int_equal(text_wrap_line(en, strlen(en), 16), 15);  /* "add interaction" */
	assert_int_equal(text_wrap_line(en, strlen(en), 40), strlen(en));
	/* A newline ends the line and is not counted. */
	assert_int_equal(text_wrap_line("ab\ncd", 5, 40), 2);
	assert_int_equal(text_wrap_line("\nx", 2, 40), 0);
	/* CJK: two columns each, cut between characters (a byte more would split one). */
	const char *zh = "增加互动话题";
	assert_int_equal(text_wrap_line(zh, strlen(zh), 5), 6);  /* two characters, 4 columns */
	/* Narrower than one character: still one, so a caller always moves on. */
	assert_int_equal(text_wrap_line(zh, strlen(zh), 1), 3);
	assert_int_equal(text_wrap_line("", 0, 10), 0);
}

/*
 * Every three-byte character U+0800-U+FFFF but the surrogates, alone and between
 * Chinese: kept as it is, but the bidi overrides (U+202A-E, U+2066-9), which become
 * <U+XXXX>; text_sanitize_buf appends the same. The sanitiser copies most of these
 * without decoding, so each one is checked.
 */
static void sanitize_every_three_byte_character(void **state)
{
	(void)state;
	struct buf b = {0};
	for (unsigned cp = 0x800; cp <= 0xFFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char c[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)),
			     (char)(0x80 | (cp & 0x3F)), 0};
		char in[16], want[32];
		snprintf(in, sizeof in, "中%s文", c);
		bool unsafe = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
		if (unsafe)
			snprintf(want, sizeof want, "中<U+%04X>文", cp);
		else
			snprintf(want, sizeof want, "%s", in);
		char *got = text_sanitize(in, false);
		if (strcmp(got, want) != 0)
			fail_msg("U+%04X: '%s', not '%s'", cp, got, want);
		free(got);
		b.len = 0;
		buf_adds(&b, "[");
		text_sanitize_buf(&b, in, false);
		if (strcmp(buf_str(&b) + 1, want) != 0)
			fail_msg("U+%04X appended: '%s'", cp, buf_str(&b));
	}
	/* Four bytes (F0, its first three bytes alike) are one character, kept whole. */
	char *four = text_sanitize("中\xF0\x9F\x98\x80文", false);
	assert_string_equal(four, "中\xF0\x9F\x98\x80文");
	free(four);
	/* A lead byte without its two continuation bytes is invalid: U+FFFD, the rest kept. */
	char *got = text_sanitize("\xE4\xB8" "a" "\xE4", false);
	assert_string_equal(got, "\xEF\xBF\xBD\xEF\xBF\xBD" "a" "\xEF\xBF\xBD");
	free(got);
	buf_free(&b);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(width_counts_cjk_as_two),
		cmocka_unit_test(fit_never_splits_a_character),
		cmocka_unit_test(fit_buf_mixed_cjk_ascii),
		cmocka_unit_test(fit_buf_is_sanitize_then_fit),
		cmocka_unit_test(wrap_breaks_between_words),
		cmocka_unit_test(sanitize_escapes_controls),
		cmocka_unit_test(base64_matches_rfc4648),
		cmocka_unit_test(trim_and_fold),
		cmocka_unit_test(fold_is_nfkc_casefold),
		cmocka_unit_test(fold_pieces_keep_offsets),
		cmocka_unit_test(sanitize_every_three_byte_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
