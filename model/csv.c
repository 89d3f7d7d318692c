/* Streaming RFC 4180 CSV reader; the encoding (UTF-8, BOM, GB18030, UTF-16) decided on the whole file. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#define CHUNK 65536
#define MAX_RECORD (1u << 20)   /* one record may not exceed 1 MiB */
#define MAX_FIELDS 4096

enum csv_enc { ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030, ENC_UTF16LE, ENC_UTF16BE };

static const char *const enc_names[] = {
	[ENC_UTF8] = "UTF-8", [ENC_UTF8_BOM] = "UTF-8 (BOM)", [ENC_GB18030] = "GB18030",
	[ENC_UTF16LE] = "UTF-16LE", [ENC_UTF16BE] = "UTF-16BE",
};

/* --encoding: -1 = detect, else the encoding every csv_open uses. */
static int forced_enc = -1;
/* What the last csv_open decided, for the importer's note. */
static const char *last_enc = "UTF-8";

struct csv {
	char *name;
	FILE *file;              /* NULL when reading from memory */
	const char *mem;         /* memory input */
	size_t mem_len, mem_pos;
	enum csv_enc enc;
	iconv_t cd;
	char raw[CHUNK + 8];     /* undecoded bytes */
	size_t raw_len;
	char *text;              /* UTF-8 ready to parse */
	size_t text_len, text_pos, text_cap;
	bool eof;
	long line;
	size_t header_width;     /* fields of the header csv_find_header found */
	struct buf field;
	char **fields;
	size_t n_fields, cap_fields;
	char **out;              /* copies handed to the caller */
	size_t n_out;
};

int csv_set_encoding(const char *name)
{
	if (!name) {
		forced_enc = -1;
		return 0;
	}
	if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
		forced_enc = ENC_UTF8;
	else if (!strcasecmp(name, "gb18030") || !strcasecmp(name, "gbk") ||
		 !strcasecmp(name, "gb2312"))
		forced_enc = ENC_GB18030; /* GB18030 is a superset of GBK and GB2312 */
	else
		return -1;
	return 0;
}

const char *csv_last_encoding(void)
{
	return last_enc;
}

/* Read more raw bytes into csv->raw; returns the number read. */
static size_t read_raw(struct csv *csv)
{
	size_t room = CHUNK - csv->raw_len, n;
	if (csv->file) {
		n = fread(csv->raw + csv->raw_len, 1, room, csv->file);
	} else {
		n = csv->mem_len - csv->mem_pos < room ? csv->mem_len - csv->mem_pos : room;
		memcpy(csv->raw + csv->raw_len, csv->mem + csv->mem_pos, n);
		csv->mem_pos += n;
	}
	csv->raw_len += n;
	return n;
}

/* Lines (1-based) of the decoded text before p: the parser's line plus unparsed newlines. */
static long text_line_at(const struct csv *csv, const char *p)
{
	long line = csv->line;
	for (const char *q = csv->text + csv->text_pos; q < p; q++)
		line += *q == '\n';
	return line;
}

/* Decode the raw buffer into text; keeps an incomplete trailing sequence for later. */
static int decode(struct csv *csv, bool last, char **cause)
{
	/* Compact what was parsed already. */
	memmove(csv->text, csv->text + csv->text_pos, csv->text_len - csv->text_pos);
	csv->text_len -= csv->text_pos;
	csv->text_pos = 0;
	size_t need = csv->text_len + csv->raw_len * 2 + 16;
	if (need > csv->text_cap) {
		csv->text = xrealloc(csv->text, need);
		csv->text_cap = need;
	}
	if (csv->enc == ENC_UTF8 || csv->enc == ENC_UTF8_BOM) {
		/* Keep back a UTF-8 sequence cut by the chunk boundary. */
		size_t keep = 0;
		if (!last) {
			size_t i = csv->raw_len;
			while (i > 0 && keep < 3 && ((unsigned char)csv->raw[i - 1] & 0xC0) == 0x80)
				i--, keep++;
			if (i > 0 && ((unsigned char)csv->raw[i - 1] & 0xC0) == 0xC0)
				keep++;
			else
				keep = 0;
		}
		size_t use = csv->raw_len - keep;
		memcpy(csv->text + csv->text_len, csv->raw, use);
		csv->text_len += use;
		memmove(csv->raw, csv->raw + use, keep);
		csv->raw_len = keep;
		return 0;
	}
	char *in = csv->raw, *out = csv->text + csv->text_len;
	size_t in_left = csv->raw_len, out_left = csv->text_cap - csv->text_len;
	while (in_left > 0) {
		if (iconv(csv->cd, &in, &in_left, &out, &out_left) != (size_t)-1)
			continue;
		if (errno == EINVAL && !last)
			break; /* incomplete sequence: wait for more bytes */
		if (errno == E2BIG) {
			size_t done = (size_t)(out - csv->text);
			csv->text_cap *= 2;
			csv->text = xrealloc(csv->text, csv->text_cap);
			out = csv->text + done;
			out_left = csv->text_cap - done;
			continue;
		}
		/* The line is where the decoded text got to: the parser's line plus
		   the newlines decoded but not parsed yet. */
		return set_cause(cause, _("%s:%ld: bytes that are not valid %s (0x%02X%s); save "
					  "the file as UTF-8, or say --encoding utf-8|gb18030"),
				 csv->name, text_line_at(csv, out), enc_names[csv->enc],
				 (unsigned char)*in, in_left > 1 ? "..." : "");
	}
	csv->text_len = (size_t)(out - csv->text);
	memmove(csv->raw, in, in_left);
	csv->raw_len = in_left;
	return 0;
}

/* Make sure at least one unparsed text byte is there; 0 at end of input. */
static int fill(struct csv *csv, char **cause)
{
	while (csv->text_pos >= csv->text_len) {
		if (csv->eof)
			return 0;
		/* The raw buffer may still be full from setup(): only an empty read of a
		   buffer with room in it means the end of the input. */
		bool had_room = csv->raw_len < CHUNK;
		size_t n = read_raw(csv);
		if (n == 0 && had_room)
			csv->eof = true;
		if (decode(csv, csv->eof, cause) < 0)
			return -1;
		if (csv->eof && csv->text_pos >= csv->text_len)
			return 0;
	}
	return 1;
}

/* What a pass over the whole input found: UTF-8 validity and where it first failed. */
struct scan {
	size_t good;      /* valid multibyte UTF-8 characters */
	size_t bad;       /* bytes that start no valid UTF-8 character */
	long bad_line;    /* line of the first bad byte */
	unsigned bad_byte;
	long lines;       /* newlines so far */
	unsigned char carry[4];
	size_t n_carry;   /* an incomplete character at the end of the previous block */
};

/* Length of the valid UTF-8 character at p (n bytes left), 0 if invalid, -1 if cut short. */
static int utf8_char_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	int len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
		: c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (len <= 1)
		return len;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	}
	/* Overlong three- and four-byte forms, surrogates, beyond U+10FFFF. */
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
		return 0;
	return len;
}

/* Count good and bad UTF-8 in one block of the input (a character may span blocks). */
static void scan_block(struct scan *sc, const unsigned char *p, size_t n, bool last)
{
	unsigned char tmp[8];
	if (sc->n_carry) {
		/* Finish the character cut at the previous block's end. */
		size_t take = n < 4 ? n : 4;
		memcpy(tmp, sc->carry, sc->n_carry);
		memcpy(tmp + sc->n_carry, p, take);
		size_t have = sc->n_carry + take;
		int len = utf8_char_len(tmp, have);
		size_t skip;
		if (len > 0) {
			sc->good++;
			skip = (size_t)len - sc->n_carry;
		} else {
			if (!sc->bad++) {
				sc->bad_line = sc->lines + 1;
				sc->bad_byte = tmp[0];
			}
			skip = 0;
			/* Re-scan from the byte after the bad lead (still in carry). */
			size_t rest = sc->n_carry - 1;
			unsigned char again[4];
			memcpy(again, sc->carry + 1, rest);
			sc->n_carry = 0;
			if (rest)
				scan_block(sc, again, rest, false);
			scan_block(sc, p, n, last);
			return;
		}
		sc->n_carry = 0;
		p += skip;
		n -= skip;
	}
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			sc->lines += p[i] == '\n';
			i++;
			continue;
		}
		int len = utf8_char_len(p + i, n - i);
		if (len < 0 && !last) {
			sc->n_carry = n - i;
			memcpy(sc->carry, p + i, sc->n_carry);
			return;
		}
		if (len > 0) {
			sc->good++;
			i += (size_t)len;
		} else {
			if (!sc->bad++) {
				sc->bad_line = sc->lines + 1;
				sc->bad_byte = p[i];
			}
			i++;
		}
	}
}

/* UTF-16 without a BOM: a CSV is mostly ASCII, so every other byte is zero. */
static int guess_utf16(const unsigned char *p, size_t n)
{
	size_t pairs = n / 2, zero_even = 0, zero_odd = 0;
	if (pairs < 2)
		return -1;
	for (size_t i = 0; i + 1 < n; i += 2) {
		zero_even += p[i] == 0;
		zero_odd += p[i + 1] == 0;
	}
	if (zero_odd * 10 >= pairs * 3 && zero_even * 10 < pairs)
		return ENC_UTF16LE;
	if (zero_even * 10 >= pairs * 3 && zero_odd * 10 < pairs)
		return ENC_UTF16BE;
	return -1;
}

/*
 * Decide the encoding on the whole input, not its start: a BOM says it; else
 * valid UTF-8 throughout is UTF-8; a file of mostly valid UTF-8 characters with
 * a few bad bytes is a broken UTF-8 file (an error naming the first bad line,
 * never GB18030 mojibake); else GB18030, whose own errors the decoder reports.
 */
static int setup(struct csv *csv, char **cause)
{
	csv->line = 1;
	csv->text_cap = CHUNK;
	csv->text = xmalloc(csv->text_cap);
	read_raw(csv);
	const unsigned char *r = (const unsigned char *)csv->raw;
	size_t skip = 0;
	int enc = -1;
	if (csv->raw_len >= 3 && memcmp(r, "\xEF\xBB\xBF", 3) == 0)
		enc = ENC_UTF8_BOM, skip = 3;
	else if (csv->raw_len >= 2 && r[0] == 0xFF && r[1] == 0xFE)
		enc = ENC_UTF16LE, skip = 2;
	else if (csv->raw_len >= 2 && r[0] == 0xFE && r[1] == 0xFF)
		enc = ENC_UTF16BE, skip = 2;
	else if (forced_enc < 0)
		enc = guess_utf16(r, csv->raw_len < 4096 ? csv->raw_len : 4096);
	if (forced_enc >= 0 && enc != ENC_UTF16LE && enc != ENC_UTF16BE) {
		if (forced_enc == ENC_GB18030)
			skip = 0; /* a UTF-8 BOM in a file said to be GB18030 is its data */
		enc = forced_enc == ENC_UTF8 && skip ? ENC_UTF8_BOM : forced_enc;
	}
	memmove(csv->raw, csv->raw + skip, csv->raw_len - skip);
	csv->raw_len -= skip;
	if (enc < 0 || enc == ENC_UTF8 || enc == ENC_UTF8_BOM) {
		/* One pass over everything (the file is read again for the records). */
		struct scan sc = {0};
		size_t pos = csv->mem_pos;
		scan_block(&sc, (const unsigned char *)csv->raw, csv->raw_len,
			   csv->raw_len < CHUNK && (!csv->file || feof(csv->file)));
		if (csv->file) {
			char *blk = xmalloc(CHUNK);
			long start = ftell(csv->file);
			size_t n;
			while ((n = fread(blk, 1, CHUNK, csv->file)) > 0)
				scan_block(&sc, (const unsigned char *)blk, n, false);
			scan_block(&sc, (const unsigned char *)"", 0, true);
			free(blk);
			if (ferror(csv->file) || start < 0 || fseek(csv->file, start, SEEK_SET) < 0)
				return set_cause(cause, _("%s: cannot read the file twice (to "
							  "decide its encoding): %s"), csv->name,
						 error_text(errno));
		} else {
			scan_block(&sc, (const unsigned char *)csv->mem + pos, csv->mem_len - pos,
				   true);
		}
		if (sc.bad == 0) {
			if (enc < 0)
				enc = ENC_UTF8;
		} else if (enc >= 0 || sc.good >= sc.bad) {
			/* Said or BOM-marked UTF-8, or mostly UTF-8: a broken UTF-8 file. */
			return set_cause(cause, _("%s:%ld: byte 0x%02X is not UTF-8 (%zu "
						  "such byte%s in an otherwise UTF-8 "
						  "file); fix the line, or say --encoding "
						  "gb18030 if the file is GBK"), csv->name,
					 sc.bad_line,
					 sc.bad_byte, sc.bad, i18n_plural_s((long long)sc.bad));
		} else {
			enc = ENC_GB18030;
		}
	}
	csv->enc = (enum csv_enc)enc;
	last_enc = enc_names[csv->enc];
	if (csv->enc == ENC_UTF8 || csv->enc == ENC_UTF8_BOM)
		return 0;
	const char *from = csv->enc == ENC_GB18030 ? "GB18030" : csv->enc == ENC_UTF16LE
		? "UTF-16LE" : "UTF-16BE";
	csv->cd = iconv_open("UTF-8", from);
	if (csv->cd == (iconv_t)-1)
		return set_cause(cause, _("%s: cannot convert from %s: %s"), csv->name, from,
				 error_text(errno));
	return 0;
}

int csv_open(const char *path, struct csv **out, char **cause)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return set_cause(cause, "%s: %s", path, error_text(errno));
	struct csv *csv = xcalloc(1, sizeof *csv);
	csv->cd = (iconv_t)-1;
	csv->name = xstrdup(path);
	csv->file = f;
	if (setup(csv, cause) < 0) {
		csv_close(csv);
		return -1;
	}
	*out = csv;
	return 0;
}

int csv_open_mem(const char *data, size_t len, const char *name, struct csv **out,
		 char **cause)
{
	struct csv *csv = xcalloc(1, sizeof *csv);
	csv->cd = (iconv_t)-1;
	csv->name = xstrdup(name);
	csv->mem = data;
	csv->mem_len = len;
	if (setup(csv, cause) < 0) {
		csv_close(csv);
		return -1;
	}
	*out = csv;
	return 0;
}

static void end_field(struct csv *csv)
{
	if (csv->n_fields == csv->cap_fields) {
		csv->cap_fields = csv->cap_fields ? csv->cap_fields * 2 : 16;
		csv->fields = xrealloc(csv->fields, csv->cap_fields * sizeof *csv->fields);
	}
	csv->fields[csv->n_fields++] = xstrdup(buf_str(&csv->field));
	csv->field.len = 0;
}

static void free_record(struct csv *csv)
{
	for (size_t i = 0; i < csv->n_fields; i++)
		free(csv->fields[i]);
	csv->n_fields = 0;
}

int csv_next(struct csv *csv, struct csv_record *rec, char **cause)
{
again:
	free_record(csv);
	csv->field.len = 0;
	size_t record_bytes = 0;
	long start = csv->line;
	bool quoted = false, was_quoted = false, any = false;
	for (;;) {
		int r = fill(csv, cause);
		if (r < 0)
			return -1;
		if (r == 0) {
			if (quoted)
				return set_cause(cause, _("%s:%ld: quoted field is never closed"),
						 csv->name, start);
			if (!any)
				return 0;
			end_field(csv);
			break;
		}
		char c = csv->text[csv->text_pos++];
		any = true;
		if (++record_bytes > MAX_RECORD)
			return set_cause(cause,
					 _("%s:%ld: record longer than %u bytes (no line end?)"),
					 csv->name, start, MAX_RECORD);
		/* A NUL would cut the field short in C strings: refuse, never truncate. */
		if (c == '\0')
			return set_cause(cause, _("%s:%ld: a NUL byte (a binary file, or UTF-16 "
						  "saved oddly?); nothing was imported"), csv->name,
					 csv->line);
		/* A lone CR (old Mac line ends) ends a line as LF and CRLF do. */
		bool cr_alone = false;
		if (c == '\r') {
			int more = fill(csv, cause);
			if (more < 0)
				return -1;
			cr_alone = more == 0 || csv->text[csv->text_pos] != '\n';
		}
		if (c == '\n' || cr_alone)
			csv->line++;
		if (quoted) {
			if (c != '"') {
				buf_add(&csv->field, &c, 1);
				continue;
			}
			if (fill(csv, cause) > 0 && csv->text[csv->text_pos] == '"') {
				csv->text_pos++;
				buf_add(&csv->field, "\"", 1);
			} else {
				quoted = false;
			}
			continue;
		}
		if (c == '"' && csv->field.len == 0 && !was_quoted) {
			quoted = was_quoted = true;
		} else if (c == ',') {
			end_field(csv);
			was_quoted = false;
			if (csv->n_fields >= MAX_FIELDS)
				return set_cause(cause, _("%s:%ld: more than %d fields"), csv->name,
						 start, MAX_FIELDS);
		} else if (c == '\r' && !cr_alone) {
			/* CR before LF: the LF ends the line. */
		} else if (c == '\n' || cr_alone) {
			end_field(csv);
			break;
		} else {
			buf_add(&csv->field, &c, 1);
		}
	}
	/* A blank line is no record. */
	if (csv->n_fields == 1 && csv->fields[0][0] == '\0')
		goto again;
	rec->fields = csv->fields;
	rec->n = csv->n_fields;
	rec->line = start;
	rec->width = csv->header_width;
	return 1;
}

const char *csv_name(const struct csv *csv)
{
	return csv->name;
}

const char *csv_encoding(const struct csv *csv)
{
	return enc_names[csv->enc];
}

void csv_close(struct csv *csv)
{
	if (!csv)
		return;
	free_record(csv);
	free(csv->fields);
	buf_free(&csv->field);
	if (csv->file)
		fclose(csv->file);
	if (csv->cd != (iconv_t)-1)
		iconv_close(csv->cd);
	free(csv->text);
	free(csv->name);
	free(csv);
}

int csv_find_column(const struct csv_record *header, const char *const *names)
{
	for (size_t i = 0; i < header->n; i++) {
		char *h = text_trim(xstrdup(header->fields[i]));
		for (const char *const *n = names; *n; n++) {
			if (strcasecmp(h, *n) == 0) {
				free(h);
				return (int)i;
			}
		}
		free(h);
	}
	return -1;
}

const char *csv_field(const struct csv_record *rec, int col)
{
	return col >= 0 && (size_t)col < rec->n ? rec->fields[col] : "";
}

bool csv_past_header(const struct csv_record *rec)
{
	for (size_t i = rec->width; rec->width && i < rec->n; i++)
		if (rec->fields[i][strspn(rec->fields[i], " \t\r\n")] != '\0')
			return true;
	return false;
}

bool csv_blank(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (*rec->fields[i])
			return false;
	return true;
}

int csv_find_header(struct csv *csv, const char *const *const *names, int *cols,
		    const size_t *required, size_t n_required, int tries, long *line,
		    char **cause)
{
	struct csv_record rec;
	for (int t = 0; t < tries; t++) {
		int r = csv_next(csv, &rec, cause);
		if (r <= 0)
			return r < 0 ? -1 : 1;
		bool all = true;
		for (size_t k = 0; k < n_required && all; k++)
			all = csv_find_column(&rec, names[required[k]]) >= 0;
		*line = rec.line;
		if (!all)
			continue;
		for (size_t k = 0; names[k]; k++)
			cols[k] = csv_find_column(&rec, names[k]);
		csv->header_width = rec.n;
		return 0;
	}
	return 1;
}

int csv_each_row(struct csv *csv, size_t max,
		 int (*row)(const struct csv_record *rec, void *ctx, char **cause), void *ctx,
		 char **cause)
{
	struct csv_record rec;
	size_t rows = 0;
	int r;
	while ((r = csv_next(csv, &rec, cause)) > 0) {
		/* A spreadsheet's empty trailing lines (",,,") are no rows. */
		if (csv_blank(&rec))
			continue;
		if (rows++ == max)
			return set_cause(cause, _("%s:%ld: more than %zu rows; split the file"),
					 csv->name, rec.line, max);
		if (row(&rec, ctx, cause) < 0)
			return -1;
	}
	return r;
}

/* ---- the CSV writer: every export (calendar, content, kpi) writes through these ---- */

void csv_write_bom(FILE *out)
{
	fputs("\xEF\xBB\xBF", out);
}

/* A plain decimal number ("-3", "12.5"): a spreadsheet reads it as a number, never a formula. */
static bool csv_plain_number(const char *s)
{
	const char *p = s + (*s == '-');
	bool digits = false, dot = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

bool csv_cell_guarded(const char *s)
{
	return (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		s[0] == '\r') &&
	       !csv_plain_number(s);
}

void csv_write_cell(FILE *out, const char *s, bool last)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	bool guard = csv_cell_guarded(s);
	/* Edge spaces are quoted too: some readers trim unquoted fields. */
	bool quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (quote)
		putc('"', out);
	if (guard)
		putc('\'', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	if (quote)
		putc('"', out);
	fputs(last ? "\r\n" : ",", out);
}

void csv_write_row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_write_cell(out, cells[i], i + 1 == n);
}
