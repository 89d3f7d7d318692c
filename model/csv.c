/* Streaming RFC 4180 CSV reader with encoding detection (UTF-8, BOM, GB18030 via iconv). */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "text.h"
#include "util.h"

#define CHUNK 65536
#define MAX_RECORD (1u << 20)   /* one record may not exceed 1 MiB */
#define MAX_FIELDS 4096

enum csv_enc { ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030 };

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
	struct buf field;
	char **fields;
	size_t n_fields, cap_fields;
	char **out;              /* copies handed to the caller */
	size_t n_out;
};

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
	if (csv->enc != ENC_GB18030) {
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
		return set_cause(cause, "%s:%ld: bytes that are neither UTF-8 nor GB18030",
				 csv->name, csv->line);
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

static int setup(struct csv *csv, char **cause)
{
	csv->line = 1;
	csv->text_cap = CHUNK;
	csv->text = xmalloc(csv->text_cap);
	read_raw(csv);
	if (csv->raw_len >= 3 && memcmp(csv->raw, "\xEF\xBB\xBF", 3) == 0) {
		csv->enc = ENC_UTF8_BOM;
		memmove(csv->raw, csv->raw + 3, csv->raw_len - 3);
		csv->raw_len -= 3;
		return 0;
	}
	/* Valid UTF-8 in the first chunk (allowing a cut sequence at its end) means UTF-8. */
	size_t check = csv->raw_len;
	if (check == CHUNK) {
		/* Drop the last sequence (complete or not): back to its lead byte, no further. */
		size_t i = check;
		while (i > 0 && check - i < 3 && ((unsigned char)csv->raw[i - 1] & 0xC0) == 0x80)
			i--;
		if (i > 0 && ((unsigned char)csv->raw[i - 1] & 0xC0) == 0xC0)
			check = i - 1;
	}
	if (utf8_valid(csv->raw, check)) {
		csv->enc = ENC_UTF8;
		return 0;
	}
	csv->enc = ENC_GB18030;
	csv->cd = iconv_open("UTF-8", "GB18030");
	if (csv->cd == (iconv_t)-1)
		return set_cause(cause, "%s: cannot convert from GB18030: %s", csv->name,
				 strerror(errno));
	return 0;
}

int csv_open(const char *path, struct csv **out, char **cause)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return set_cause(cause, "%s: %s", path, strerror(errno));
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
				return set_cause(cause, "%s:%ld: quoted field is never closed",
						 csv->name, start);
			if (!any)
				return 0;
			end_field(csv);
			break;
		}
		char c = csv->text[csv->text_pos++];
		any = true;
		if (++record_bytes > MAX_RECORD)
			return set_cause(cause, "%s:%ld: record longer than %u bytes (no line end?)",
					 csv->name, start, MAX_RECORD);
		if (c == '\n')
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
				return set_cause(cause, "%s:%ld: more than %d fields", csv->name,
						 start, MAX_FIELDS);
		} else if (c == '\r') {
			/* CR before LF ends the line; a lone CR is kept out of the data. */
		} else if (c == '\n') {
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
	return 1;
}

const char *csv_name(const struct csv *csv)
{
	return csv->name;
}

const char *csv_encoding(const struct csv *csv)
{
	return csv->enc == ENC_UTF8 ? "UTF-8" : csv->enc == ENC_UTF8_BOM ? "UTF-8 (BOM)" : "GB18030";
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
