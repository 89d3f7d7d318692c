/*
 * The KPI tab's content effect report (`c`): posted content of the last 30 days ranked by
 * its group-day's rates, the bottom fifth to retire. A team's month is 35,000 lines; an
 * operator acts on the best KPIV_CONTENT_TOP and those to retire, so the list is those,
 * with a "… N more" row for each run between (`sopdeck kpi --content --days 30` lists
 * every line). Nothing here holds the report: its shape comes from the kept report's
 * indexes and the lines a screen or two around the cursor are read when it moves there.
 */
#include <stdlib.h>
#include <string.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "draw.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

/* The best lines shown before the items to retire. */
#define KPIV_CONTENT_TOP 50

/* List row i: line position *pos, or (gap) the run of *pos lines left out there. */
static bool content_row(const struct view_kpi *v, size_t i, size_t *pos)
{
	for (size_t s = 0; s < v->n_spans; s++) {
		const struct kpiv_span *sp = &v->spans[s];
		size_t rows = sp->gap ? 1 : sp->count;
		if (i < rows) {
			*pos = sp->gap ? sp->count : sp->first + i;
			return sp->gap;
		}
		i -= rows;
	}
	*pos = 0;
	return true;
}

static void span_add(struct view_kpi *v, bool gap, size_t first, size_t count)
{
	v->spans[v->n_spans++] = (struct kpiv_span){gap, first, count};
}

/* The rows: lines 1..top, the items to retire, "… N more" for a run between (one line
   left out is shown instead: saying so would take its line). */
static size_t content_spans(struct view_kpi *v, size_t total, size_t rfrom, size_t rto)
{
	v->n_spans = 0;
	size_t runs[2][2] = {{1, total < KPIV_CONTENT_TOP ? total : KPIV_CONTENT_TOP}, {0, 0}};
	if (rfrom && rto >= rfrom) {
		runs[1][0] = rfrom > runs[0][1] ? rfrom : runs[0][1] + 1;
		runs[1][1] = rto;
	}
	size_t next = 1, rows = 0;
	for (int r = 0; r < 2; r++) {
		size_t first = runs[r][0], last = runs[r][1];
		if (first == 0 || last < first || last < next)
			continue;
		if (first < next)
			first = next;
		if (first - next == 1) {
			first = next;
		} else if (first > next) {
			span_add(v, true, next, first - next);
			rows++;
		}
		span_add(v, false, first, last - first + 1);
		rows += last - first + 1;
		next = last + 1;
	}
	if (total >= next) {
		if (total == next)
			span_add(v, false, next, 1);
		else
			span_add(v, true, next, total - next + 1);
		rows++;
	}
	return rows;
}

/* The loaded line at position pos, or NULL. */
static const struct kpi_content_row *content_line(const struct view_kpi *v, size_t pos)
{
	size_t lo = 0, hi = v->n_lines;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->lines[mid].position == pos)
			return &v->lines[mid];
		if (v->lines[mid].position < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The lines of the rows within reach of the cursor, read again when it leaves them. */
static void content_load_near(struct view_kpi *v, bool force)
{
	size_t reach = (size_t)(LINES > 24 ? LINES : 24), cur = v->content_list.cursor,
	       n = v->content_list.n;
	size_t lo = cur > reach ? cur - reach : 0, hi = cur + reach < n ? cur + reach : n;
	if (!force && lo >= v->loaded_lo && hi <= v->loaded_hi)
		return;
	/* Twice the reach: a few keys move without a read. */
	lo = cur > 2 * reach ? cur - 2 * reach : 0;
	hi = cur + 2 * reach < n ? cur + 2 * reach : n;
	kpi_content_report_free(v->lines, v->n_lines);
	v->lines = NULL;
	v->n_lines = 0;
	v->loaded_lo = v->loaded_hi = 0;
	/* Each span's part in [lo, hi): at most one read per span (two runs of lines). */
	size_t row = 0;
	for (size_t s = 0; s < v->n_spans; s++) {
		const struct kpiv_span *sp = &v->spans[s];
		size_t rows = sp->gap ? 1 : sp->count;
		size_t a = row > lo ? row : lo, b = row + rows < hi ? row + rows : hi;
		if (!sp->gap && a < b) {
			struct kpi_content_row *got;
			size_t k;
			char *cause = NULL;
			if (kpi_content_report_lines(v->app->db, v->set, v->app->today,
						     sp->first + (a - row), sp->first + (b - row) - 1,
						     &got, &k, &cause) < 0) {
				app_error(v->app, "%s", cause);
				free(cause);
				return;
			}
			v->lines = xrealloc(v->lines, (v->n_lines + k + 1) * sizeof *v->lines);
			memcpy(v->lines + v->n_lines, got, k * sizeof *got);
			v->n_lines += k;
			free(got);
		}
		row += rows;
	}
	v->loaded_lo = lo;
	v->loaded_hi = hi;
}

/* Column widths: the header words or the widest value, whichever is wider. */
struct content_cols {
	int pos, open, speak, posts, retire, title;
};

static struct content_cols content_cols(const struct view_kpi *v, int cols)
{
	struct content_cols c;
	char num[32];
	c.pos = snprintf(num, sizeof num, "%zu.", v->content_total);
	if (c.pos < 3)
		c.pos = 3;
	c.open = text_width(_("open rate"));
	c.speak = text_width(_("speaker rate"));
	c.posts = text_width(_("posts"));
	c.retire = text_width(_("retire"));
	if (c.open < 6)
		c.open = 6;
	if (c.speak < 6)
		c.speak = 6;
	if (c.posts < 4)
		c.posts = 4;
	c.title = cols - c.pos - 1 - (c.open + 1) - (c.speak + 1) - (c.posts + 1) - (c.retire + 1);
	if (c.title < 4)
		c.title = 4;
	return c;
}

/* s right-aligned in w columns, then a space. */
static void cell_right(struct buf *b, const char *s, int w)
{
	for (int pad = w - text_width(s); pad > 0; pad--)
		buf_add(b, " ", 1);
	buf_adds(b, s);
	buf_add(b, " ", 1);
}

static void content_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			     bool selected)
{
	struct view_kpi *v = ctx;
	attr_t attr = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
	size_t pos;
	if (content_row(v, i, &pos)) {
		draw_textf(win, y, x, cols, selected ? attr : pal(PAL_DIM),
			   _("    … %zu more (sopdeck kpi --content --days 30 lists every item)"), pos);
		return;
	}
	const struct kpi_content_row *l = content_line(v, pos);
	struct content_cols c = content_cols(v, cols);
	struct buf b = {0};
	char num[32], o[16], t[16];
	snprintf(num, sizeof num, "%zu.", pos);
	cell_right(&b, num, c.pos);
	if (!l) {
		/* Not read yet (the terminal grew): the next key reads it. */
		buf_adds(&b, "…");
	} else {
		text_fit_buf(&b, l->title, c.title, true);
		buf_add(&b, " ", 1);
		kpi_format_rate(l->open_defined, l->open_rate, o, sizeof o);
		kpi_format_rate(l->interact_defined, l->interact_rate, t, sizeof t);
		cell_right(&b, o, c.open);
		cell_right(&b, t, c.speak);
		snprintf(num, sizeof num, "%zu", l->posts);
		cell_right(&b, num, c.posts);
		if (l->retire)
			buf_adds(&b, _("retire"));
	}
	draw_text(win, y, x, buf_str(&b), cols, l && l->retire && !selected ? pal(PAL_OVERDUE) : attr);
	buf_free(&b);
}

void kpiv_content_init(struct view_kpi *v)
{
	widget_list_init(&v->content_list, content_draw_row, NULL, v);
}

void kpiv_content_free(struct view_kpi *v)
{
	kpi_content_report_free(v->lines, v->n_lines);
	v->lines = NULL;
	v->n_lines = 0;
	v->content_open = false;
}

void kpiv_content_open(struct view_kpi *v)
{
	size_t total, rfrom, rto;
	char *cause = NULL;
	if (kpi_content_report_shape(v->app->db, v->set, v->app->today, &total, &rfrom, &rto,
				     &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return;
	}
	v->content_total = total;
	v->content_retire = rfrom ? rto - rfrom + 1 : 0;
	widget_list_set_count(&v->content_list, content_spans(v, total, rfrom, rto));
	widget_list_set_cursor(&v->content_list, 0);
	v->content_list.top = 0;
	content_load_near(v, true);
	v->content_open = true;
}

/* The data changed (a reload): the same rows read again, the cursor kept. */
void kpiv_content_reload(struct view_kpi *v)
{
	size_t cursor = v->content_list.cursor;
	kpiv_content_open(v);
	widget_list_set_cursor(&v->content_list, cursor);
	content_load_near(v, true);
}

void kpiv_content_draw(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, r->h, r->w - 4 < 96 ? r->w - 4 : 96);
	struct rect in = draw_box(win, &box, _("content effect report"), pal(PAL_BORDER));
	draw_clear(win, &in, pal(PAL_NORMAL));
	/* The figures are the group-day's, not the item's own: say so, so nobody over-reads them. */
	const char *note = _("Content posted in the last 30 days, ranked by its group's open rate, "
			     "then speaker rate, on the day it was posted; the bottom fifth are to "
			     "retire. Items posted in one group on one day share the numbers; ties "
			     "are never retired.");
	int y = in.y, bottom = in.y + in.h;
	for (size_t at = 0, len = strlen(note); at < len && y < bottom - 3;) {
		size_t l = text_wrap_line(note + at, len - at, in.w);
		char *line = xstrndup(note + at, l);
		draw_text(win, y++, in.x, line, in.w, pal(PAL_DIM));
		free(line);
		at += l;
		while (at < len && note[at] == ' ')
			at++;
	}
	if (v->content_total == 0) {
		draw_text(win, y, in.x, _("no posted content yet (schedule and post content in the "
					 "Calendar: it is ranked here)"), in.w, pal(PAL_NORMAL));
		return;
	}
	draw_textf(win, y++, in.x, in.w, pal(PAL_HEADER),
		   _("%zu items ranked · %zu to retire"), v->content_total, v->content_retire);
	/* The column heads over the rows they name. */
	struct content_cols c = content_cols(v, in.w);
	struct buf b = {0};
	cell_right(&b, "#", c.pos);
	text_fit_buf(&b, _("content"), c.title, true);
	buf_add(&b, " ", 1);
	cell_right(&b, _("open rate"), c.open);
	cell_right(&b, _("speaker rate"), c.speak);
	cell_right(&b, _("posts"), c.posts);
	draw_text(win, y++, in.x, buf_str(&b), in.w, pal(PAL_HEADER) | A_BOLD);
	buf_free(&b);
	struct rect list = {y, in.x, bottom - y, in.w};
	if (list.h > 0)
		widget_list_draw(&v->content_list, win, &list);
}

int kpiv_content_key(struct view_kpi *v, int key)
{
	if (key == 27 || key == 'q' || key == '\n' || key == KEY_ENTER) {
		kpiv_content_free(v);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	int r = widget_list_key(&v->content_list, key);
	content_load_near(v, false);  /* the lines the cursor came near */
	return r | VIEW_HANDLED;
}

int kpiv_content_click(struct view_kpi *v, int y, int x)
{
	int r = widget_list_click(&v->content_list, y, x);
	content_load_near(v, false);
	return r;
}
