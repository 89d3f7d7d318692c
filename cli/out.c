/*
 * Text output for people: data printed on a terminal goes through the sanitiser
 * first, and every table column through out_cell (the one column printer):
 * widths by display columns (wcwidth), cut only between characters.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"
#include "util.h"

void out_text(FILE *out, const char *s)
{
	/* Names, notes and playbook text come from files others wrote: an escape
	   sequence in them must show as "^[", never reach the terminal raw. */
	char *safe = text_sanitize(s ? s : "", false);
	fputs(safe, out);
	free(safe);
}

/* Sanitise, then cut to cols columns (never inside a character) and pad when asked. */
static void out_fit(FILE *out, const char *s, int cols, bool pad)
{
	if (cols < 0) {
		out_text(out, s);
		return;
	}
	/* One buffer for every cell: a table of thousands of cells allocates nothing. */
	static struct buf cell;
	cell.len = 0;
	text_fit_buf(&cell, s ? s : "", cols, pad);
	fwrite(cell.data ? cell.data : "", 1, cell.len, out);
}

void out_cell(FILE *out, const char *s, int cols, const char *sep)
{
	out_fit(out, s, cols, true);
	if (sep)
		fputs(sep, out);
}

void out_cell_right(FILE *out, const char *s, int cols, const char *sep)
{
	char *safe = text_sanitize(s ? s : "", false);
	char *fit = text_fit(safe, cols, false);
	/* Numbers line up on their last digit; "¥" and "—" are one column, not their bytes. */
	for (int w = text_width(fit); w < cols; w++)
		putc(' ', out);
	fputs(fit, out);
	if (sep)
		fputs(sep, out);
	free(fit);
	free(safe);
}

void out_cell_end(FILE *out, const char *s, int cols)
{
	/* The last column is not padded: no trailing blanks at the end of a line. */
	out_fit(out, s, cols, false);
	putc('\n', out);
}

void out_cell_buf(struct buf *line, const char *s, int cols, const char *sep)
{
	/* out_fit's bytes, appended to the caller's line instead of written. */
	if (cols < 0) {
		char *safe = text_sanitize(s ? s : "", false);
		buf_adds(line, safe);
		free(safe);
	} else {
		text_fit_buf(line, s ? s : "", cols, sep != NULL);
	}
	if (sep)
		buf_add(line, sep, strlen(sep));
}
