/*
 * A CSV reader (RFC 4180): quoted fields with "" escapes and embedded newlines,
 * CRLF or LF, a UTF-8 BOM skipped. GB18030/GBK input is converted to UTF-8 with
 * iconv first. Records are read one at a time: memory stays bounded by the
 * longest record, not the file.
 */
#ifndef SOPDECK_CSV_H
#define SOPDECK_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct csv;

struct csv_record {
	char **fields;  /* UTF-8, NUL-terminated */
	size_t n;
	long line;      /* 1-based line where the record starts */
	size_t width;   /* the header's fields (csv_find_header), 0 before a header is found */
};

/*
 * Open a file. The encoding is decided on the whole file (read once before the
 * records): a BOM (UTF-8, UTF-16LE/BE) says it; UTF-16 without a BOM is told by
 * its zero bytes; valid UTF-8 throughout is UTF-8; a mostly UTF-8 file with a
 * few bad bytes is refused naming the first bad line; anything else is read as
 * GB18030 (a superset of GBK), whose decoding errors name their line. Records
 * are always valid UTF-8: a NUL byte is refused with its line, never cut short.
 * LF, CRLF and lone CR all end a line.
 */
int csv_open(const char *path, struct csv **out, char **cause);
/* Read from memory (tests, embedded assets); same detection. */
int csv_open_mem(const char *data, size_t len, const char *name, struct csv **out,
		 char **cause);
/*
 * Next record: 1 with *rec filled (valid until the next call), 0 at end of
 * input, -1 on error (unterminated quote, record over the size limit) with a
 * cause naming the file and line.
 */
int csv_next(struct csv *csv, struct csv_record *rec, char **cause);
const char *csv_name(const struct csv *csv);
/* "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE" or "UTF-16BE": what the input was read as. */
const char *csv_encoding(const struct csv *csv);
/*
 * --encoding for every CSV opened after this: "utf-8", "gb18030" or "gbk" (read
 * as GB18030); NULL goes back to detecting. -1 for an unknown name. A UTF-16
 * BOM still wins.
 */
int csv_set_encoding(const char *name);
/* The encoding the last csv_open or csv_open_mem decided on (for the importer's note). */
const char *csv_last_encoding(void);
void csv_close(struct csv *csv);

/* Index of the header field equal to one of names (trimmed), or -1. */
int csv_find_column(const struct csv_record *header, const char *const *names);

/*
 * The one CSV row reader the importers share (the rules they each used to copy):
 * csv_field is the field at col, "" when col < 0 or the row is short;
 * csv_blank says every field is empty (a spreadsheet's ",,," line).
 */
const char *csv_field(const struct csv_record *rec, int col);
bool csv_blank(const struct csv_record *rec);
/*
 * A value past the header's last column (an unquoted "1,000" or "早安,各位"): it has no
 * column and would be lost, so importers refuse the row. False before a header.
 */
bool csv_past_header(const struct csv_record *rec);
/*
 * The header among the first `tries` records (a title line may sit above it):
 * the first record holding a column for every names[required[k]]. names is a
 * NULL-ended list of name lists; cols[k] gets the column of names[k] (-1 when
 * absent). *line is the last record read. A lookup: 0 found, 1 none in `tries`
 * records (or the input ended), -1 a read error with cause.
 */
int csv_find_header(struct csv *csv, const char *const *const *names, int *cols,
		    const size_t *required, size_t n_required, int tries, long *line,
		    char **cause);
/*
 * Every record after the header, to row(): blank records skipped, the record
 * past `max` refused ("FILE:LINE: more than MAX rows; split the file"). row
 * returns 0 to go on or -1 with a cause to stop. 0 at the end, -1 on an error.
 */
int csv_each_row(struct csv *csv, size_t max,
		 int (*row)(const struct csv_record *rec, void *ctx, char **cause), void *ctx,
		 char **cause);

/*
 * The CSV writer every export uses, so they all follow one rule: UTF-8 with a
 * BOM (csv_write_bom, first), CRLF after each row, RFC 4180 quoting of cells
 * holding '"', ',', CR or LF (and of cells with an edge space), and the
 * spreadsheet formula guard: a cell starting with = + - @ TAB or CR, unless it
 * is a plain number such as "-3.5", is written with a leading "'" so that
 * Excel, LibreOffice and WPS show it as text instead of running it.
 */
void csv_write_bom(FILE *out);
/* One cell; last ends the row with CRLF, else a comma follows. NULL is "". */
void csv_write_cell(FILE *out, const char *s, bool last);
/* A whole row of n cells. */
void csv_write_row(FILE *out, const char *const *cells, size_t n);
/* Whether csv_write_cell puts the formula guard "'" before s. */
bool csv_cell_guarded(const char *s);

#endif
