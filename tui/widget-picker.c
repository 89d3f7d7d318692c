/*
 * The one picker of the console (widget.h): the Library's tag and category
 * pickers and the Calendar's content picker page and count by the same rule.
 * Rows are fetched a page at a time after the ones loaded (keyset paging in
 * the model), the next page when the cursor comes within a screen of the
 * end; the count stops at WIDGET_PICKER_COUNT_CAP.
 */
#include <stdio.h>

#include "widget.h"

#define CTRL(c) ((c) & 0x1f)

void widget_picker_init(struct widget_picker *p, widget_list_draw_fn *draw_row,
			widget_picker_fetch_fn *fetch, widget_picker_count_fn *count, void *ctx)
{
	*p = (struct widget_picker){.fetch = fetch, .count = count, .ctx = ctx};
	widget_list_init(&p->list, draw_row, NULL, ctx);
}

/* Fetch the next page; false when there is none or it failed. */
static bool widget_picker_fetch(struct widget_picker *p)
{
	if (!p->more)
		return false;
	long got = p->fetch(p->ctx, p->list.n, WIDGET_PICKER_PAGE);
	if (got < 0) {
		p->more = false;
		return false;
	}
	p->more = got == WIDGET_PICKER_PAGE;
	widget_list_set_count(&p->list, p->list.n + (size_t)got);
	if (!p->count) {
		p->total = p->list.n;
		p->total_more = p->more;
	}
	return got > 0;
}

int widget_picker_reset(struct widget_picker *p)
{
	p->list.n = p->list.cursor = p->list.top = 0;
	p->more = true;
	p->total = 0;
	p->total_more = false;
	long got = p->fetch(p->ctx, 0, WIDGET_PICKER_PAGE);
	if (got < 0) {
		p->more = false;
		return -1;
	}
	p->more = got == WIDGET_PICKER_PAGE;
	widget_list_set_count(&p->list, (size_t)got);
	widget_list_set_cursor(&p->list, 0);
	if (!p->count) {
		p->total = p->list.n;
		p->total_more = p->more;
	} else if (!p->more) {
		/* A first page that is not full is everything: no second scan to count it. */
		p->total = p->list.n;
	} else if (p->count(p->ctx, WIDGET_PICKER_COUNT_CAP, &p->total, &p->total_more) < 0) {
		return -1;
	}
	return 0;
}

void widget_picker_set_cursor(struct widget_picker *p, size_t i)
{
	widget_list_set_cursor(&p->list, i);
}

int widget_picker_key(struct widget_picker *p, int key, bool letters)
{
	bool nav = key == KEY_UP || key == KEY_DOWN || key == KEY_PPAGE || key == KEY_NPAGE;
	bool more = key == 'j' || key == 'k' || key == 'g' || key == 'G' || key == KEY_HOME ||
		    key == KEY_END || key == CTRL('d') || key == CTRL('u');
	if (!nav && !(letters && more))
		return VIEW_IGNORED;
	bool down = key == KEY_DOWN || key == KEY_NPAGE || key == 'j' || key == 'G' ||
		    key == KEY_END || key == CTRL('d');
	size_t page = p->list.page > 1 ? (size_t)p->list.page : 1;
	/* The next page comes in before the cursor would reach the last row loaded. */
	while (down && p->more && p->list.cursor + page + 1 >= p->list.n)
		if (!widget_picker_fetch(p))
			break;
	size_t before = p->list.cursor;
	widget_list_key(&p->list, key);
	if (key == KEY_PPAGE || key == KEY_NPAGE) {
		/* A page key turns the page: the rows scroll with the cursor. */
		long top = (long)p->list.top + (long)p->list.cursor - (long)before;
		p->list.top = top > 0 ? (size_t)top : 0;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

void widget_picker_draw(struct widget_picker *p, WINDOW *win, const struct rect *r)
{
	widget_list_draw(&p->list, win, r);
}

void widget_picker_count_text(const struct widget_picker *p, char *out, size_t size)
{
	snprintf(out, size, "%zu%s", p->total, p->total_more ? "+" : "");
}
