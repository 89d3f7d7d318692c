/* A scrolling list with a cursor; rows are drawn by the view's callback. */
#include "draw.h"
#include "widget.h"

#define CTRL(c) ((c) & 0x1f)

/* Is row i somewhere the cursor may rest? */
static bool widget_list_ok(const struct widget_list *l, size_t i)
{
	return i < l->n && (!l->selectable || l->selectable(l->ctx, i));
}

/* From row i, step by dir (+1/-1) to a selectable row; stays at i if there is none. */
static size_t widget_list_seek(const struct widget_list *l, size_t i, int dir)
{
	for (size_t j = i;; j = dir > 0 ? j + 1 : j - 1) {
		if (widget_list_ok(l, j))
			return j;
		if ((dir > 0 && j + 1 >= l->n) || (dir < 0 && j == 0))
			break;
	}
	return i;
}

void widget_list_init(struct widget_list *l, widget_list_draw_fn *draw_row,
		      widget_list_selectable_fn *selectable, void *ctx)
{
	*l = (struct widget_list){.draw_row = draw_row, .selectable = selectable, .ctx = ctx,
				  .page = 10};
}

void widget_list_set_cursor(struct widget_list *l, size_t i)
{
	if (l->n == 0) {
		l->cursor = l->top = 0;
		return;
	}
	if (i >= l->n)
		i = l->n - 1;
	size_t j = widget_list_seek(l, i, +1);
	if (!widget_list_ok(l, j))
		j = widget_list_seek(l, i, -1);
	l->cursor = j;
}

void widget_list_set_count(struct widget_list *l, size_t n)
{
	l->n = n;
	if (l->top >= n)
		l->top = 0;
	widget_list_set_cursor(l, l->cursor);
}

/* Move the cursor by delta rows, landing on a selectable row in that direction. */
static void widget_list_move(struct widget_list *l, long delta)
{
	if (l->n == 0)
		return;
	long target = (long)l->cursor + delta;
	if (target < 0)
		target = 0;
	if (target >= (long)l->n)
		target = (long)l->n - 1;
	size_t j = widget_list_seek(l, (size_t)target, delta > 0 ? +1 : -1);
	if (!widget_list_ok(l, j))
		j = widget_list_seek(l, (size_t)target, delta > 0 ? -1 : +1);
	if (widget_list_ok(l, j))
		l->cursor = j;
	/* Show a section header above the first row when moving to the top. */
	if (delta < 0 && target == 0)
		l->top = 0;
}

int widget_list_key(struct widget_list *l, int key)
{
	long page = l->page > 1 ? l->page - 1 : 1;
	switch (key) {
	case 'j':
	case KEY_DOWN:
		widget_list_move(l, +1);
		break;
	case 'k':
	case KEY_UP:
		widget_list_move(l, -1);
		break;
	case 'g':
	case KEY_HOME:
		widget_list_move(l, -(long)l->n);
		break;
	case 'G':
	case KEY_END:
		widget_list_move(l, (long)l->n);
		break;
	case KEY_NPAGE:
		widget_list_move(l, page);
		break;
	case CTRL('d'):
		widget_list_move(l, page / 2 ? page / 2 : 1);
		break;
	case KEY_PPAGE:
		widget_list_move(l, -page);
		break;
	case CTRL('u'):
		widget_list_move(l, -(page / 2 ? page / 2 : 1));
		break;
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

int widget_list_click(struct widget_list *l, int y, int x)
{
	const struct rect *r = &l->at;
	if (y < r->y || y >= r->y + r->h || x < r->x || x >= r->x + r->w)
		return VIEW_IGNORED;
	size_t i = l->top + (size_t)(y - r->y);
	if (!widget_list_ok(l, i))
		return VIEW_IGNORED;
	l->cursor = i;
	return VIEW_HANDLED | VIEW_REDRAW;
}

void widget_list_draw(struct widget_list *l, WINDOW *win, const struct rect *r)
{
	l->at = (struct rect){0};
	if (r->h <= 0 || r->w <= 0)
		return;
	l->at = *r;
	l->page = r->h;
	size_t h = (size_t)r->h;
	if (l->n > 0) {
		if (l->cursor < l->top)
			l->top = l->cursor;
		if (l->cursor >= l->top + h)
			l->top = l->cursor - h + 1;
		/* Keep the header of the cursor's section in sight when it fits. */
		if (h > 1 && l->top > 0 && l->top == l->cursor && !widget_list_ok(l, l->top - 1))
			l->top--;
		if (l->n > h && l->top > l->n - h)
			l->top = l->n - h;
	}
	for (size_t row = 0; row < h; row++) {
		size_t i = l->top + row;
		if (i < l->n)
			l->draw_row(l->ctx, win, r->y + (int)row, r->x, r->w, i, i == l->cursor);
		else
			draw_fill(win, r->y + (int)row, r->x, r->w, pal(PAL_NORMAL));
	}
}
