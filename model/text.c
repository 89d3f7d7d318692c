/* Display width, safe display and truncation of UTF-8 text; base64 for OSC 52. */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "util.h"

#define REPLACEMENT 0xFFFD

size_t utf8_decode(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		*cp = REPLACEMENT;
		return 1;
	}
	if (n < len) {
		*cp = REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past Unicode are invalid. */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = REPLACEMENT;
		return 1;
	}
	*cp = c;
	return len;
}

size_t utf8_encode(unsigned cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (cp == REPLACEMENT && !(len == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return false;
		i += len;
	}
	return true;
}

int text_cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* Unassigned or private-use: one column is what most terminals draw. */
	return cp < 0x20 || cp == 0x7F ? 0 : 1;
}

/* An empty buffer with room for n bytes, so that appending up to n does not reallocate. */
static void buf_room(struct buf *b, size_t n)
{
	b->data = xmalloc(n);
	b->data[0] = '\0';
	b->cap = n;
}

/* Code points that must not reach the terminal as they are. */
static bool is_unsafe(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void text_sanitize_buf(struct buf *b, const char *s, bool keep_newlines)
{
	size_t n = strlen(s), i = 0, run = 0;
	/* Safe characters are copied a run at a time: most text has nothing to replace. */
	const unsigned char *u = (const unsigned char *)s;
	while (i < n) {
		if (u[i] >= 0x20 && u[i] < 0x7F) {
			i++;
			continue;
		}
		/* Three bytes led by E1 or E3-EF but ED: U+1000-U+1FFF and U+3000-U+FFFF less the
		   surrogates, none of them unsafe, never overlong; Chinese text is all such, and
		   is copied without decoding (E2 holds the bidi overrides, E0 and ED the invalid). */
		if (u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xE2 && u[i] != 0xED &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		const char *rep = NULL;
		char esc[3] = {0};
		if (cp == '\n' && keep_newlines) {
			rep = NULL;
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			rep = " ";
		} else if (cp < 0x20) {
			esc[0] = '^';
			esc[1] = (char)('@' + cp);
			rep = esc;
		} else if (cp == 0x7F) {
			rep = "^?";
		} else if (is_unsafe(cp)) {
			rep = "";
		} else if (cp == REPLACEMENT && len == 1) {
			/* The invalid byte itself must not be copied. */
			rep = "\xEF\xBF\xBD";
		}
		if (rep) {
			buf_add(b, s + run, i - run);
			if (*rep)
				buf_adds(b, rep);
			else
				buf_addf(b, "<U+%04X>", cp);
			run = i + len;
		}
		i += len;
	}
	buf_add(b, s + run, n - run);
}

char *text_sanitize(const char *s, bool keep_newlines)
{
	struct buf b = {0};
	buf_room(&b, strlen(s) + 1);
	text_sanitize_buf(&b, s, keep_newlines);
	buf_str(&b);
	return b.data;
}

size_t text_wrap_line(const char *s, size_t len, int cols)
{
	size_t i = 0, space = 0;
	int w = 0;
	while (i < len && s[i] != '\n') {
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > cols && i > 0)
			return space ? space : i;
		if (cp == ' ' && w > cols / 2)
			space = i;
		w += cw;
		i += n;
	}
	return i;
}

int text_width(const char *s)
{
	char *safe = text_sanitize(s, false);
	int w = 0;
	size_t n = strlen(safe), i = 0;
	while (i < n) {
		unsigned cp;
		i += utf8_decode(safe + i, n - i, &cp);
		w += text_cp_width(cp);
	}
	free(safe);
	return w;
}

char *text_fit(const char *s, int cols, bool pad)
{
	if (cols <= 0)
		return xstrdup("");
	/*
	 * One pass: the width of the whole, and where the text stops when a column
	 * is left for the ellipsis (cols - 1); the cut is copied in one piece.
	 */
	size_t n = strlen(s), i = 0, cut = 0;
	int total = 0, kept = 0;
	bool cutting = false;
	while (i < n) {
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		int w = text_cp_width(cp);
		if (!cutting && kept + w > cols - 1)
			cutting = true;
		if (!cutting) {
			kept += w;
			cut = i + len;
		}
		total += w;
		i += len;
	}
	struct buf b = {0};
	buf_room(&b, n + (size_t)cols + 4);
	int used;
	if (total <= cols) {
		buf_add(&b, s, n);
		used = total;
	} else {
		buf_add(&b, s, cut);
		buf_adds(&b, "\xE2\x80\xA6"); /* … */
		used = kept + 1;
	}
	while (pad && used < cols) {
		buf_add(&b, " ", 1);
		used++;
	}
	buf_str(&b);
	return b.data;
}

/* Does the character need text_sanitize (a control, a bidi override, an invalid byte)? */
static bool needs_sanitize(unsigned cp, size_t len)
{
	return is_unsafe(cp) || (cp == REPLACEMENT && len == 1);
}

/*
 * text_cp_width of a code point from U+1000 up (three UTF-8 bytes), remembered:
 * wcwidth is a table search per call. The locale is set once at start.
 */
static int bmp_width(unsigned cp)
{
	static signed char memo[0x10000]; /* width + 1; 0: not asked yet */
	if (!memo[cp])
		memo[cp] = (signed char)(text_cp_width(cp) + 1);
	return memo[cp] - 1;
}

void text_fit_buf(struct buf *b, const char *s, int cols, bool pad)
{
	if (cols <= 0)
		return;
	/*
	 * text_fit's pass, stopping as soon as the text is known not to fit (only the
	 * first cols columns matter), over s as it is: printable ASCII is a column
	 * each without decoding. A character text_sanitize would change sends the
	 * rare string down the slow path, so the bytes are the same either way.
	 */
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, cut = 0;
	int total = 0, kept = 0;
	bool cutting = false;
	while (u[i] && total <= cols) {
		unsigned cp = u[i];
		size_t len = 1;
		int w = 1;
		if (cp < 0x20 || cp == 0x7F) {
			goto slow;
		} else if ((cp & 0xF0) == 0xE0 && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80 && cp != 0xE0 && cp != 0xED) {
			/* Three bytes (CJK): no overlong form (E0) nor surrogate (ED) gets
			   here, so utf8_decode would give the same; the width is looked up once. */
			cp = (cp & 0x0F) << 12 | (u[i + 1] & 0x3FU) << 6 | (u[i + 2] & 0x3FU);
			if (needs_sanitize(cp, 3))
				goto slow;
			len = 3;
			w = bmp_width(cp);
		} else if (cp >= 0x80) {
			len = utf8_decode(s + i, strnlen(s + i, 4), &cp);
			if (needs_sanitize(cp, len))
				goto slow;
			w = text_cp_width(cp);
		}
		if (!cutting && kept + w > cols - 1)
			cutting = true;
		if (!cutting) {
			kept += w;
			cut = i + len;
		}
		total += w;
		i += len;
	}
	/* Stopped early (total > cols: the rest cannot change the cut) or at the end. */
	int used;
	if (total <= cols) {
		buf_add(b, s, i);
		used = total;
	} else {
		buf_add(b, s, cut);
		buf_add(b, "\xE2\x80\xA6", 3); /* … */
		used = kept + 1;
	}
	if (pad && used < cols) {
		static const char spaces[] = "                                ";
		for (int left = cols - used; left > 0;) {
			int k = left < (int)sizeof spaces - 1 ? left : (int)sizeof spaces - 1;
			buf_add(b, spaces, (size_t)k);
			left -= k;
		}
	}
	return;
slow:;
	char *safe = text_sanitize(s, false);
	char *fit = text_fit(safe, cols, pad);
	buf_adds(b, fit);
	free(fit);
	free(safe);
}

char *text_trim(char *s)
{
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			  s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	size_t start = 0;
	for (;;) {
		if (s[start] == ' ' || s[start] == '\t' || s[start] == '\r' || s[start] == '\n')
			start++;
		else if (strncmp(s + start, "\xE3\x80\x80", 3) == 0) /* stops at the NUL */
			start += 3;
		else
			break;
	}
	memmove(s, s + start, n - start + 1);
	return s;
}

char *text_fold_width(const char *s)
{
	size_t n = strlen(s), i = 0, run = 0;
	struct buf b = {0};
	/* Folded output is never longer: one allocation, unchanged runs copied whole. */
	buf_room(&b, n + 1);
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		char c = 0;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			c = (char)(cp - 0xFF01 + 0x21);
		else if (cp == 0x3000)
			c = ' ';
		if (c) {
			buf_add(&b, s + run, i - run);
			buf_add(&b, &c, 1);
			run = i + len;
		}
		i += len;
	}
	buf_add(&b, s + run, n - run);
	buf_str(&b);
	return b.data;
}

char *text_base64(const void *data, size_t len)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i = 0;
	for (; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = alphabet[(v >> 6) & 63];
		*o++ = alphabet[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0);
		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

bool text_contains(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}
