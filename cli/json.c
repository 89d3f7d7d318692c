/*
 * The one JSON writer (RFC 8259): strings escaped (quotes, backslashes, every C0/C1
 * control and DEL as \u00XX, invalid UTF-8 as \ufffd, valid UTF-8 passed through),
 * commas placed by the writer, numbers finite or null. sopdeck is one thread, so
 * the writes skip stdio's lock (putc_unlocked, fwrite_unlocked): a team's
 * `today --json` is 2.4 MB in some 300,000 of them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"
#include "util.h"

/*
 * What a byte starts, for the string scan: 1 printable ASCII but '"' and '\\' (as it is),
 * 3 the lead of a three-byte character that needs no test beyond its continuation bytes
 * (E1-EC, EE-EF: not E0's overlong forms, E2's U+2028/9, ED's surrogates), 0 the rest
 * (escapes, two- and four-byte characters, E0, E2, ED: decoded one by one).
 */
static const unsigned char json_class[256] = {
	[0x20 ... 0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7E] = 1,
	[0xE1] = 3, [0xE3 ... 0xEC] = 3, [0xEE ... 0xEF] = 3,
};

/*
 * n bytes to out. Straight into the stream's buffer when they fit, as glibc's own
 * putc_unlocked does (a fully buffered stream only: a line-buffered or unbuffered one
 * keeps no room there, so every write takes fwrite's path): a `content --json` of
 * 24,000 items is a million small writes, and fwrite's call was most of their cost.
 */
static inline void put_bytes(FILE *out, const void *s, size_t n)
{
#ifdef __GLIBC__
	if ((size_t)(out->_IO_write_end - out->_IO_write_ptr) >= n) {
		memcpy(out->_IO_write_ptr, s, n);
		out->_IO_write_ptr += n;
		return;
	}
#endif
	fwrite_unlocked(s, 1, n, out);
}

/* n bytes to j's sink: its buffer (json_init_buf) or its stream. */
static inline void jput(struct json *j, const void *s, size_t n)
{
	struct buf *b = j->mem;
	if (!b) {
		put_bytes(j->out, s, n);
	} else if (b->cap - b->len > 16 && n <= 16) {
		/* A key, a number, a short run: two fixed-size copies that may overlap, no
		   call (most writes are this small). */
		char *d = b->data + b->len;
		const char *c = s;
		if (n >= 8) {
			memcpy(d, c, 8);
			memcpy(d + n - 8, c + n - 8, 8);
		} else if (n >= 4) {
			memcpy(d, c, 4);
			memcpy(d + n - 4, c + n - 4, 4);
		} else if (n) {
			d[0] = c[0];
			d[n / 2] = c[n / 2];
			d[n - 1] = c[n - 1];
		}
		b->len += n;
	} else if (b->cap - b->len > n) {
		/* The room buf_add would find, without its call; no NUL kept meanwhile. */
		memcpy(b->data + b->len, s, n);
		b->len += n;
	} else {
		buf_add(b, s, n);
	}
}

static inline void jputc(struct json *j, char c)
{
	struct buf *b = j->mem;
	if (!b)
		putc_unlocked(c, j->out);
	else if (b->cap - b->len > 1)
		b->data[b->len++] = c;
	else
		buf_add(b, &c, 1);
}

static void jputs(struct json *j, const char *s)
{
	jput(j, s, strlen(s));
}

/* printf to the sink: the stream's own, or formatted first for a buffer. */
static __attribute__((format(printf, 2, 3))) void jprintf(struct json *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!j->mem) {
		vfprintf(j->out, fmt, ap);
	} else {
		char text[128];
		va_list again;
		va_copy(again, ap);
		int n = vsnprintf(text, sizeof text, fmt, ap);
		if (n >= (int)sizeof text) {
			char *big = xmalloc((size_t)n + 1);
			vsnprintf(big, (size_t)n + 1, fmt, again);
			jput(j, big, (size_t)n);
			free(big);
		} else if (n > 0) {
			jput(j, text, (size_t)n);
		}
		va_end(again);
	}
	va_end(ap);
}

/*
 * The first byte from p on that needs an escape or a closer look (end when none):
 * printable ASCII but '"' and '\\', and valid three-byte characters but U+2028/9, need
 * nothing. p[len] is readable and no continuation byte (a NUL, or a ';' for a tag in
 * place), so a lead's next two bytes are read without a bounds test.
 */
static inline const unsigned char *plain_end(const unsigned char *p, const unsigned char *end)
{
	for (;;) {
		/* A three-byte character (CJK text) whose continuation bytes are right, tested
		   on four bytes at once while four are left; then a plain ASCII byte. */
		while (end - p >= 4) {
			uint32_t u;
			if (end - p >= 8) {
				/* Two such characters at once (6 of 8 bytes tested). */
				uint64_t w;
				memcpy(&w, p, 8);
				if (json_class[p[0]] == 3 && json_class[p[3]] == 3 &&
				    (w & 0x0000C0C000C0C000ULL) == 0x0000808000808000ULL) {
					p += 6;
					continue;
				}
			}
			memcpy(&u, p, 4);
			/* The second and third bytes' top bits, in either byte order. */
			unsigned char k = json_class[*p];
			if (k == 3 && (u & 0x00C0C000U) == 0x00808000U)
				p += 3;
			else if (k == 1)
				/* Four plain ASCII bytes at once where they are (keys and codes are
				   ASCII words); else this one. */
				p += (json_class[p[1]] == 1) & (json_class[p[2]] == 1) &
						     (json_class[p[3]] == 1)
					     ? 4
					     : 1;
			else
				break;
		}
		if (p == end)
			return p;
		/* One character at a time: the tail, and what the fast test leaves. */
		unsigned char c = *p, k = json_class[c];
		if (k == 1) {
			p++;
			continue;
		}
		/* p[1], p[2] are readable (see above). */
		if (k == 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			p += 3;
			continue;
		}
		/* The other valid three-byte characters but U+2028/9. Byte tests for what
		   decoding would find: E0 below A0 is overlong, ED from A0 a surrogate, E2 80
		   A8/A9 the line separators. */
		if ((c & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
		    (p[2] & 0xC0) == 0x80 && !(c == 0xE0 && p[1] < 0xA0) &&
		    !(c == 0xED && p[1] >= 0xA0) &&
		    !(c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))) {
			p += 3;
			continue;
		}
		return p;
	}
}

/* One JSON string of len bytes (one NUL after them), escaped, after the pre bytes of the
   caller's own text (a key, json_put_member); a NUL among them ends it there, as strlen
   would have. */
static void json_string_pre(struct json *j, const char *pre, size_t pre_len, const char *s,
			    size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	const unsigned char *end = p + len;
	p = plain_end(p, end);
	struct buf *b = j->mem;
	if (p == end && b && b->cap - b->len > pre_len + len + 2) {
		/* Nothing to escape (nearly every string), into a buffer with room: quoted in
		   one copy, no write of its own for the key and each quote. */
		char *d = b->data + b->len;
		memcpy(d, pre, pre_len);
		d += pre_len;
		d[0] = '"';
		memcpy(d + 1, s, len);
		d[len + 1] = '"';
		b->len += pre_len + len + 2;
		return;
	}
	jput(j, pre, pre_len);
	jputc(j, '"');
	/* Characters that need no escape are written a run at a time, not one by one. */
	while (p < end) {
		unsigned char c = *p;
		size_t left = (size_t)(end - p);
		const char *esc = NULL;
		unsigned cp = c;
		size_t n = 1;
		if (c == 0)
			break;  /* a stored NUL: the text ends, as its C string does */
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
			jput(j, run, (size_t)(p - run));
			if (*esc)
				jputs(j, esc);
			else
				jprintf(j, "\\u%04x", cp);
			run = p + n;
		}
		p = plain_end(p + n, end);
	}
	jput(j, run, (size_t)(p - run));
	jputc(j, '"');
}

static void json_string_n(struct json *j, const char *s, size_t len)
{
	json_string_pre(j, "", 0, s, len);
}

/* One JSON string, escaped; NULL is "". */
static void json_string(struct json *j, const char *s)
{
	s = s ? s : "";
	json_string_n(j, s, strlen(s));
}

void json_init(struct json *j, FILE *out)
{
	*j = (struct json){.out = out};
}

void json_init_buf(struct json *j, struct buf *b)
{
	*j = (struct json){.mem = b};
}


/* Before a value or a key: the comma when the container already has an element. */
static inline __attribute__((always_inline)) void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++ > 0)
			jputc(j, ',');
	}
	if (j->newline) {
		j->newline = false;
		jputc(j, '\n');
	}
}

const char *json_raw_sep(struct json *j, size_t *n)
{
	/* json_sep's writes, by which of the comma and the newline it makes. */
	static const char *const seps[] = {"", ",", "\n", ",\n"};
	int k = 0;
	if (j->after_key) {
		j->after_key = false;
	} else {
		if (j->depth > 0 && j->count[j->depth - 1]++ > 0)
			k |= 1;
		if (j->newline) {
			j->newline = false;
			k |= 2;
		}
	}
	*n = (size_t)(k == 3 ? 2 : k ? 1 : 0);
	return seps[k];
}

void json_raw(struct json *j, const char *text, size_t n)
{
	json_sep(j);
	jput(j, text, n);
}

void json_newline(struct json *j)
{
	j->newline = true;
}

/* Open an object or array; nesting deeper than JSON_MAX_DEPTH is a programming error. */
static void json_open(struct json *j, char c)
{
	json_sep(j);
	jputc(j, c);
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
		jputc(j, '\n');
	}
	jputc(j, j->depth < JSON_MAX_DEPTH ? j->close[j->depth] : '}');
	if (j->depth == 0)
		jputc(j, '\n');
}

/*
 * The keys written lately, quoted with their colon, by the address they were passed at:
 * a caller's keys are mostly literals, written once per item. An entry is used only
 * when the key's bytes are still the same (a buffer reused for another key is not).
 */
struct key_memo {
	const char *key;
	unsigned char len;  /* the key's bytes; the text is '"', them, '"', ':' */
	char text[47];
};
/* Two entries a set: two keys of an item that fall in one set (a content item's did)
   no longer push each other out on every item. */
static struct key_memo key_memo[128][2];

/* Is m the memo of key (the same address, the bytes still the same)? */
static inline bool key_memo_is(const struct key_memo *m, const char *key)
{
	return m->key == key && memcmp(key, m->text + 1, m->len) == 0 && !key[m->len];
}

/* json_key without a memo of key: written, and remembered in set (the older entry out). */
static __attribute__((noinline)) void json_key_new(struct json *j, const char *key,
						   struct key_memo *set)
{
	/* A key is mostly a short word of plain ASCII: quoted, with its colon, in one
	   write, and remembered. */
	char text[sizeof set->text];
	size_t n = 0;
	text[n++] = '"';
	for (const unsigned char *k = (const unsigned char *)key; *k && n < sizeof text - 2; k++)
		if (json_class[*k] == 1)
			text[n++] = (char)*k;
		else
			n = sizeof text; /* needs escaping or decoding: the general path */
	if (n < sizeof text - 2 && !key[n - 1]) {
		text[n++] = '"';
		text[n++] = ':';
		jput(j, text, n);
		set[1] = set[0];
		set[0].key = key;
		set[0].len = (unsigned char)(n - 3);
		memcpy(set[0].text, text, n);
	} else {
		json_string(j, key);
		jputc(j, ':');
	}
}

void json_key_quoted(struct json *j, const char *text, size_t n)
{
	json_sep(j);
	jput(j, text, n);
	j->after_key = true;
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	struct key_memo *set = key_memo[(uintptr_t)key * 0x9E3779B97F4A7C15ULL >> 57];
	if (key_memo_is(&set[0], key))
		jput(j, set[0].text, (size_t)set[0].len + 3);
	else if (key_memo_is(&set[1], key))
		jput(j, set[1].text, (size_t)set[1].len + 3);
	else
		json_key_new(j, key, set);
	j->after_key = true;
}

void json_str(struct json *j, const char *s)
{
	json_sep(j);
	if (s)
		json_string(j, s);
	else
		jputs(j, "null");
}

void json_text(struct json *j, const char *s)
{
	json_str(j, s ? s : "");
}

void json_text_n(struct json *j, const char *s, size_t n)
{
	json_sep(j);
	json_string_n(j, s, n);
}

void json_str_or_null(struct json *j, const char *s)
{
	json_str(j, s && *s ? s : NULL);
}

/* v as "%lld" writes it, without the format machinery (a page has several per item). */
static inline void put_int(struct json *j, long long v)
{
	char buf[24], *e = buf + sizeof buf, *d = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--d = '-';
	jput(j, d, (size_t)(e - d));
}

void json_int(struct json *j, long long v)
{
	json_sep(j);
	put_int(j, v);
}

/*
 * v as "%.10g" writes it, into out (at least 24 bytes), when its decimal exponent X
 * (after rounding to ten digits) is in -4..9, the range %g writes without an exponent;
 * returns the length, or 0 for any other value (printf writes those). Exact: v is
 * m * 2^e, so v * 10^k is m * 10^k (below 2^97) shifted right by -e, rounded half to
 * even on the bits shifted out, as glibc rounds. A rate is a million of these in a team's
 * `content --json`, and printf's general conversion cost 800 instructions each.
 */
static size_t g10(double v, char *out)
{
	int e2;
	double f = frexp(v < 0 ? -v : v, &e2);  /* |v| = f * 2^e2, f in [0.5, 1) */
	if (v == 0 || e2 < -14 || e2 > 35)
		return 0;
	uint64_t m = (uint64_t)ldexp(f, 53);    /* exact: f has 53 bits */
	int shift = 53 - e2;                    /* |v| = m / 2^shift, shift in 18..67 */
	static const uint64_t pow10[] = {1ULL,
					 10ULL,
					 100ULL,
					 1000ULL,
					 10000ULL,
					 100000ULL,
					 1000000ULL,
					 10000000ULL,
					 100000000ULL,
					 1000000000ULL,
					 10000000000ULL,
					 100000000000ULL,
					 1000000000000ULL,
					 10000000000000ULL,
					 100000000000000ULL};
	/* k = 9 - X digits after the point: first where v * 10^k has ten digits before it
	   (X is about (e2 - 1) * log10(2)), then one less if rounding makes it eleven. */
	int k = 9 - (int)floor((e2 - 1) * 0.30102999566398120);
	unsigned __int128 n = 0;
	uint64_t q = 0;
	for (int tries = 0;; tries++) {
		if (k < 0 || k > 14 || tries == 4)
			return 0;
		n = (unsigned __int128)m * pow10[k];
		q = (uint64_t)(n >> shift);
		if (q < pow10[9])
			k++;
		else if (q >= pow10[10])
			k--;
		else
			break;
	}
	unsigned __int128 rem = n & (((unsigned __int128)1 << shift) - 1);
	unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	if (q == pow10[10]) {
		q = pow10[9];
		k--;
	}
	if (k < 0 || k > 13)
		return 0;
	/* Fixed notation with k decimals, trailing zeros (and a bare point) dropped. */
	char d[10];
	for (int i = 9; i >= 0; i--, q /= 10)
		d[i] = (char)('0' + q % 10);
	char frac[24];
	int nf = 0;
	for (int i = 10; i < k; i++)
		frac[nf++] = '0';
	for (int i = k > 10 ? 0 : 10 - k; i < 10; i++)
		frac[nf++] = d[i];
	while (nf > 0 && frac[nf - 1] == '0')
		nf--;
	size_t len = 0;
	if (v < 0)
		out[len++] = '-';
	if (k >= 10)
		out[len++] = '0';
	for (int i = 0; i < 10 - k; i++)
		out[len++] = d[i];
	if (nf) {
		out[len++] = '.';
		memcpy(out + len, frac, (size_t)nf);
		len += (size_t)nf;
	}
	return len;
}

/* v as json_num writes it, without the separator. */
static void put_num(struct json *j, double v)
{
	/* JSON has no inf or NaN: an undefined value is null, never a broken document. */
	char text[32];
	size_t n;
	if (!isfinite(v))
		jputs(j, "null");
	else if ((n = g10(v, text)) > 0)
		jput(j, text, n);
	else
		jprintf(j, "%.10g", v);
}

void json_num(struct json *j, double v)
{
	json_sep(j);
	put_num(j, v);
}

void json_num_digits(struct json *j, double v, int digits)
{
	json_sep(j);
	if (isfinite(v))
		jprintf(j, "%.*g", digits, v);
	else
		jputs(j, "null");
}

void json_fixed(struct json *j, double v, int decimals)
{
	json_sep(j);
	if (isfinite(v))
		jprintf(j, "%.*f", decimals, v);
	else
		jputs(j, "null");
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
	jput(j, v ? "true" : "false", v ? 4 : 5);
}

void json_null(struct json *j)
{
	json_sep(j);
	jput(j, "null", 4);
}

void json_members(struct json *j, const char *text, size_t n)
{
	/* Where the first member's key would go: its comma, then the others' as they are. */
	json_sep(j);
	jput(j, text, n);
}

void json_put(struct json *j, const char *text, size_t n)
{
	jput(j, text, n);
}

void json_put_str(struct json *j, const char *s, size_t n)
{
	json_string_n(j, s, n);
}

void json_put_member(struct json *j, const char *text, size_t text_len, const char *s, size_t n)
{
	json_string_pre(j, text, text_len, s, n);
}

void json_put_int(struct json *j, long long v)
{
	put_int(j, v);
}

void json_put_num_or_null(struct json *j, bool defined, double v)
{
	if (defined)
		put_num(j, v);
	else
		jput(j, "null", 4);
}
