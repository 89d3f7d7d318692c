/*
 * The one JSON writer (RFC 8259): strings escaped (quotes, backslashes, every C0/C1
 * control and DEL as \u00XX, invalid UTF-8 as \ufffd, valid UTF-8 passed through),
 * commas placed by the writer, numbers finite or null. sopdeck is one thread, so
 * the writes skip stdio's lock (putc_unlocked, fwrite_unlocked): a team's
 * `today --json` is 2.4 MB in some 300,000 of them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "text.h"

/* The bytes a JSON string carries as they are: printable ASCII but for '"' and '\\'. */
static const unsigned char json_plain[256] = {
	[0x20 ... 0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7E] = 1,
};

/* One JSON string, escaped; NULL is "". */
static void json_string(FILE *out, const char *s)
{
	putc_unlocked('"', out);
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run = p;
	size_t left = strlen((const char *)p);
	/* Characters that need no escape are written a run at a time, not one by one. */
	while (left > 0) {
		unsigned char c = *p;
		if (json_plain[c]) {
			p++, left--;
			continue;
		}
		/* A valid three-byte character (CJK text) other than U+2028/9: in the run too.
		   Byte tests for what decoding would find: E0 below A0 is overlong, ED from A0
		   a surrogate, E2 80 A8/A9 the line separators. */
		if ((c & 0xF0) == 0xE0 && left >= 3 && (p[1] & 0xC0) == 0x80 &&
		    (p[2] & 0xC0) == 0x80 && !(c == 0xE0 && p[1] < 0xA0) &&
		    !(c == 0xED && p[1] >= 0xA0) &&
		    !(c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))) {
			p += 3, left -= 3;
			continue;
		}
		const char *esc = NULL;
		unsigned cp = c;
		size_t n = 1;
		if (c < 0x80) {
			switch (c) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default: esc = ""; /* the other controls and DEL, by number */
			}
		} else {
			n = utf8_decode((const char *)p, left, &cp);
			if (cp == 0xFFFD && n == 1)
				esc = "\\ufffd";  /* not UTF-8: JSON text must be */
			else if (cp >= 0x80 && cp <= 0x9F)
				esc = "";  /* C1 controls: a terminal may act on them raw */
			else if (cp == 0x2028 || cp == 0x2029)
				esc = "";  /* line separators break JavaScript readers */
		}
		if (esc) {
			fwrite_unlocked(run, 1, (size_t)(p - run), out);
			if (*esc)
				fputs(esc, out);
			else
				fprintf(out, "\\u%04x", cp);
			run = p + n;
		}
		p += n, left -= n;
	}
	fwrite_unlocked(run, 1, (size_t)(p - run), out);
	putc_unlocked('"', out);
}

void json_init(struct json *j, FILE *out)
{
	*j = (struct json){.out = out};
}

/* Before a value or a key: the comma when the container already has an element. */
static void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++ > 0)
			putc_unlocked(',', j->out);
	}
	if (j->newline) {
		j->newline = false;
		putc_unlocked('\n', j->out);
	}
}

void json_newline(struct json *j)
{
	j->newline = true;
}

/* Open an object or array; nesting deeper than JSON_MAX_DEPTH is a programming error. */
static void json_open(struct json *j, char c)
{
	json_sep(j);
	putc_unlocked(c, j->out);
	if (j->depth < JSON_MAX_DEPTH) {
		j->close[j->depth] = c == '{' ? '}' : ']';
		j->count[j->depth] = 0;
	}
	j->depth++;
}

void json_object(struct json *j)
{
	json_open(j, '{');
}

void json_array(struct json *j)
{
	json_open(j, '[');
}

void json_end(struct json *j)
{
	if (j->depth == 0)
		return;
	j->depth--;
	if (j->newline) {
		j->newline = false;
		putc_unlocked('\n', j->out);
	}
	putc_unlocked(j->depth < JSON_MAX_DEPTH ? j->close[j->depth] : '}', j->out);
	if (j->depth == 0)
		putc_unlocked('\n', j->out);
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_string(j->out, key);
	putc_unlocked(':', j->out);
	j->after_key = true;
}

void json_str(struct json *j, const char *s)
{
	json_sep(j);
	if (s)
		json_string(j->out, s);
	else
		fputs("null", j->out);
}

void json_text(struct json *j, const char *s)
{
	json_str(j, s ? s : "");
}

void json_str_or_null(struct json *j, const char *s)
{
	json_str(j, s && *s ? s : NULL);
}

void json_int(struct json *j, long long v)
{
	json_sep(j);
	/* As "%lld" writes it, without the format machinery (a page has several per item). */
	char buf[24], *e = buf + sizeof buf, *d = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--d = '-';
	fwrite_unlocked(d, 1, (size_t)(e - d), j->out);
}

void json_num(struct json *j, double v)
{
	json_sep(j);
	/* JSON has no inf or NaN: an undefined value is null, never a broken document. */
	if (isfinite(v))
		fprintf(j->out, "%.10g", v);
	else
		fputs("null", j->out);
}

void json_num_digits(struct json *j, double v, int digits)
{
	json_sep(j);
	if (isfinite(v))
		fprintf(j->out, "%.*g", digits, v);
	else
		fputs("null", j->out);
}

void json_fixed(struct json *j, double v, int decimals)
{
	json_sep(j);
	if (isfinite(v))
		fprintf(j->out, "%.*f", decimals, v);
	else
		fputs("null", j->out);
}

void json_num_or_null(struct json *j, bool defined, double v)
{
	if (defined)
		json_num(j, v);
	else
		json_null(j);
}

void json_bool(struct json *j, bool v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->out);
}
