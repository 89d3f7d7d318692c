/*
 * The one line editor of the console (widget.h): every prompt, search box and
 * form field edits through it, so a CJK character is inserted, deleted and
 * stepped over whole everywhere, and a long text scrolls sideways the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "text.h"
#include "widget.h"

#define CTRL(c) ((c) & 0x1f)

/* Printable: no C0/C1 controls, no DEL, no replacement character from bad bytes. */
static bool widget_input_printable(unsigned cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp != 0xfffd;
}

void widget_input_init(struct widget_input *in, size_t max)
{
	buf_free(&in->text);
	*in = (struct widget_input){.max = max};
}

const char *widget_input_text(const struct widget_input *in)
{
	return in->text.data ? in->text.data : "";
}

void widget_input_free(struct widget_input *in)
{
	buf_free(&in->text);
	in->cursor = 0;
	in->n_partial = 0;
}

/* Replace bytes [from, to) of the text with s (n bytes): every edit goes through here. */
static void widget_input_splice(struct widget_input *in, size_t from, size_t to, const char *s,
				size_t n)
{
	const char *old = widget_input_text(in);
	size_t len = in->text.len;
	struct buf b = {0};
	buf_add(&b, old, from);
	buf_add(&b, s, n);
	buf_add(&b, old + to, len - to);
	buf_str(&b);
	buf_free(&in->text);
	in->text = b;
	in->cursor = from + n;
}

void widget_input_set(struct widget_input *in, const char *text)
{
	char *safe = text_sanitize(text ? text : "", in->multiline);
	buf_free(&in->text);
	in->cursor = 0;
	in->n_partial = 0;
	in->scroll = 0;
	widget_input_insert(in, safe);
	free(safe);
}

/* May cp be typed into this input? */
static bool widget_input_accepts(const struct widget_input *in, unsigned cp)
{
	if (!widget_input_printable(cp))
		return false;
	return !in->accept || in->accept(cp);
}

void widget_input_insert(struct widget_input *in, const char *s)
{
	struct buf ok = {0};
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		bool fits = !in->max || in->text.len + ok.len + l <= in->max;
		if (fits && (widget_input_accepts(in, cp) || (cp == '\n' && in->multiline)))
			buf_add(&ok, s + i, l);
		i += l;
	}
	if (ok.len)
		widget_input_splice(in, in->cursor, in->cursor, ok.data, ok.len);
	buf_free(&ok);
}

/* The start of the character before byte offset at. */
static size_t widget_input_prev(const struct widget_input *in, size_t at)
{
	const char *t = widget_input_text(in);
	while (at > 0) {
		at--;
		if (((unsigned char)t[at] & 0xC0) != 0x80)
			break;
	}
	return at;
}

/* The start of the character after the one at byte offset at. */
static size_t widget_input_next(const struct widget_input *in, size_t at)
{
	const char *t = widget_input_text(in);
	if (at >= in->text.len)
		return in->text.len;
	unsigned cp;
	return at + utf8_decode(t + at, in->text.len - at, &cp);
}

/* Is the character before byte offset at a space? */
static bool widget_input_space_before(const struct widget_input *in, size_t at)
{
	const char *t = widget_input_text(in);
	size_t p = widget_input_prev(in, at);
	return t[p] == ' ' || strncmp(t + p, "\u3000", 3) == 0;
}

/* A byte of a character typed: whole characters go in, half ones wait. */
static int widget_input_byte(struct widget_input *in, unsigned char c)
{
	if (c < 0x80) {
		in->n_partial = 0;
		char s[2] = {(char)c, '\0'};
		size_t before = in->text.len;
		widget_input_insert(in, s);
		return in->text.len != before ? WIDGET_INPUT_CHANGED : WIDGET_INPUT_MOVED;
	}
	if ((c & 0xC0) != 0x80) {
		/* A lead byte starts a new character (an unfinished one is dropped). */
		in->partial[0] = (char)c;
		in->n_partial = c >= 0xC2 && c <= 0xF4 ? 1 : 0;
		return WIDGET_INPUT_MOVED;
	}
	if (in->n_partial == 0 || in->n_partial >= sizeof in->partial)
		return WIDGET_INPUT_MOVED;
	in->partial[in->n_partial++] = (char)c;
	unsigned char lead = (unsigned char)in->partial[0];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (in->n_partial < want)
		return WIDGET_INPUT_MOVED;
	char s[5];
	memcpy(s, in->partial, want);
	s[want] = '\0';
	in->n_partial = 0;
	if (!utf8_valid(s, want))
		return WIDGET_INPUT_MOVED;
	size_t before = in->text.len;
	widget_input_insert(in, s);
	return in->text.len != before ? WIDGET_INPUT_CHANGED : WIDGET_INPUT_MOVED;
}

int widget_input_key(struct widget_input *in, int key)
{
	size_t len = in->text.len, at = in->cursor;
	switch (key) {
	case KEY_LEFT:
	case CTRL('b'):
		in->cursor = widget_input_prev(in, at);
		return WIDGET_INPUT_MOVED;
	case KEY_RIGHT:
	case CTRL('f'):
		in->cursor = widget_input_next(in, at);
		return WIDGET_INPUT_MOVED;
	case KEY_HOME:
	case CTRL('a'):
		in->cursor = 0;
		return WIDGET_INPUT_MOVED;
	case KEY_END:
	case CTRL('e'):
		in->cursor = len;
		return WIDGET_INPUT_MOVED;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		in->n_partial = 0;
		if (at == 0)
			return WIDGET_INPUT_MOVED;
		widget_input_splice(in, widget_input_prev(in, at), at, "", 0);
		return WIDGET_INPUT_CHANGED;
	case KEY_DC:
		if (at >= len)
			return WIDGET_INPUT_MOVED;
		widget_input_splice(in, at, widget_input_next(in, at), "", 0);
		in->cursor = at;
		return WIDGET_INPUT_CHANGED;
	case CTRL('u'):
		in->n_partial = 0;
		if (at == 0)
			return WIDGET_INPUT_MOVED;
		widget_input_splice(in, 0, at, "", 0);
		return WIDGET_INPUT_CHANGED;
	case CTRL('w'): {
		in->n_partial = 0;
		size_t p = at;
		while (p > 0 && widget_input_space_before(in, p))
			p = widget_input_prev(in, p);
		while (p > 0 && !widget_input_space_before(in, p))
			p = widget_input_prev(in, p);
		if (p == at)
			return WIDGET_INPUT_MOVED;
		widget_input_splice(in, p, at, "", 0);
		return WIDGET_INPUT_CHANGED;
	}
	}
	if (key >= 0x20 && key <= 0xFF && key != 0x7F)
		return widget_input_byte(in, (unsigned char)key);
	return WIDGET_INPUT_IGNORED;
}

/* Display columns of bytes [0, n) of the text; a newline counts one. */
static int widget_input_cols(const struct widget_input *in, size_t n)
{
	const char *t = widget_input_text(in);
	int w = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		i += utf8_decode(t + i, n - i, &cp);
		w += cp == '\n' ? 1 : text_cp_width(cp);
	}
	return w;
}

int widget_input_cursor_col(const struct widget_input *in)
{
	return widget_input_cols(in, in->cursor);
}

void widget_input_draw(struct widget_input *in, WINDOW *win, int y, int x, int cols, attr_t attr)
{
	if (cols <= 0)
		return;
	const char *t = widget_input_text(in);
	int cc = widget_input_cursor_col(in);
	/* The cell under the cursor: its character, or a blank past the end. */
	char under[8] = " ";
	int cw = 1;
	if (in->cursor < in->text.len) {
		unsigned cp;
		size_t l = utf8_decode(t + in->cursor, in->text.len - in->cursor, &cp);
		if (cp != '\n' && text_cp_width(cp) > 0) {
			memcpy(under, t + in->cursor, l);
			under[l] = '\0';
			cw = text_cp_width(cp);
		}
	}
	if (cw > cols) {
		/* A one-column field cannot show a wide character: a blank cursor. */
		strcpy(under, " ");
		cw = 1;
	}
	/* Scroll so the cursor's cell is inside [scroll, scroll + cols). */
	if (widget_input_cols(in, in->text.len) + 1 <= cols)
		in->scroll = 0;
	if (cc < in->scroll)
		in->scroll = cc;
	if (cc + cw > in->scroll + cols)
		in->scroll = cc + cw - cols;
	if (in->scroll < 0)
		in->scroll = 0;
	/* The visible part: a wide character cut by the left edge shows as blanks. */
	struct buf vis = {0};
	int p = 0;
	for (size_t i = 0; i < in->text.len;) {
		unsigned cp;
		size_t l = utf8_decode(t + i, in->text.len - i, &cp);
		int w = cp == '\n' ? 1 : text_cp_width(cp);
		if (p + w > in->scroll + cols)
			break;
		if (p >= in->scroll)
			buf_add(&vis, cp == '\n' ? " " : t + i, cp == '\n' ? 1 : l);
		else if (p + w > in->scroll)
			for (int k = in->scroll; k < p + w; k++)
				buf_adds(&vis, " ");
		p += w;
		i += l;
	}
	draw_text(win, y, x, buf_str(&vis), cols, attr);
	buf_free(&vis);
	draw_text(win, y, x + cc - in->scroll, under, cw, attr | A_REVERSE);
}
