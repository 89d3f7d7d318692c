/* A scrollable text pager: text wrapped by display columns, scrolled by keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "text.h"
#include "util.h"
#include "widget.h"

#define CTRL(c) ((c) & 0x1f)

struct pager_line {
	size_t start, len;
};

void widget_pager_set_text(struct widget_pager *p, const char *text)
{
	free(p->text);
	p->text = text_sanitize(text ? text : "", true);
	p->top = 0;
	p->lines = 0;
}

void widget_pager_free(struct widget_pager *p)
{
	free(p->text);
	*p = (struct widget_pager){0};
}

/* Split text into lines no wider than cols: at newlines, else between words where one
   fits (text_wrap_line), else between characters. */
static struct pager_line *widget_pager_wrap(const char *text, int cols, size_t *n)
{
	struct pager_line *lines = NULL;
	size_t count = 0, cap = 0, len = strlen(text), i = 0;
	for (;;) {
		size_t l = text_wrap_line(text + i, len - i, cols);
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		lines[count++] = (struct pager_line){i, l};
		i += l;
		if (i < len && text[i] == '\n') {
			i++;
			continue;
		}
		/* A break inside a line: the spaces there end it, they start no line. */
		while (i < len && text[i] == ' ')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		if (i >= len)
			break;
	}
	*n = count;
	return lines;
}

int widget_pager_key(struct widget_pager *p, int key)
{
	size_t page = p->page > 1 ? (size_t)p->page - 1 : 1;
	size_t max = p->lines > (size_t)p->page ? p->lines - (size_t)p->page : 0;
	switch (key) {
	case 'j':
	case KEY_DOWN:
		p->top++;
		break;
	case 'k':
	case KEY_UP:
		p->top = p->top ? p->top - 1 : 0;
		break;
	case 'g':
	case KEY_HOME:
		p->top = 0;
		break;
	case 'G':
	case KEY_END:
		p->top = max;
		break;
	case KEY_NPAGE:
	case CTRL('d'):
		p->top += page;
		break;
	case KEY_PPAGE:
	case CTRL('u'):
		p->top = p->top > page ? p->top - page : 0;
		break;
	default:
		return VIEW_IGNORED;
	}
	if (p->top > max)
		p->top = max;
	return VIEW_HANDLED | VIEW_REDRAW;
}

void widget_pager_draw(struct widget_pager *p, WINDOW *win, const struct rect *r, attr_t attr)
{
	if (r->h <= 0 || r->w <= 0)
		return;
	size_t n;
	const char *text = p->text ? p->text : "";
	struct pager_line *lines = widget_pager_wrap(text, r->w, &n);
	p->lines = n;
	p->page = r->h;
	size_t max = n > (size_t)r->h ? n - (size_t)r->h : 0;
	if (p->top > max)
		p->top = max;
	for (int row = 0; row < r->h; row++) {
		size_t i = p->top + (size_t)row;
		if (i < n) {
			char *s = xstrndup(text + lines[i].start, lines[i].len);
			draw_text(win, r->y + row, r->x, s, r->w, attr);
			free(s);
		} else {
			draw_fill(win, r->y + row, r->x, r->w, attr);
		}
	}
	if (n > (size_t)r->h) {
		char pos[48];
		snprintf(pos, sizeof pos, " %zu-%zu/%zu ", p->top + 1,
			 p->top + (size_t)r->h, n);
		int w = (int)strlen(pos);
		draw_str(win, r->y + r->h, r->x + r->w - w, pos, w, pal(PAL_BORDER));
	}
	free(lines);
}
