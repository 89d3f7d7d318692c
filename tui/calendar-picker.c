/*
 * The Calendar's content picker (Enter on a cell): the library searched as you
 * type, a page at a time (widget_picker). Typing and moving are apart: the
 * search field has the focus first and takes every printable key (j and k
 * too); Tab or ↓ give the focus to the list, where ↑ ↓ j k g G PgUp PgDn move
 * and ↑ on the first row, Shift-Tab or / go back to the search. The focused
 * part is drawn highlighted. Enter on no result says so inside the picker.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "text.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

static int picker_id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A picker row: id, date, category, the 14-day repeat mark, the title. */
static void picker_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
		       bool selected)
{
	struct view_calendar *v = ctx;
	const struct content_item *it = &v->items[i];
	const struct pb_category *cat = it->category[0] && v->pb
		? playbook_category(v->pb, it->category) : NULL;
	char date[11];
	date_format(it->date, date);
	/* Already scheduled for this group within 14 days: picking it would warn. */
	bool repeat = v->n_recent && bsearch(&it->id, v->recent, v->n_recent, sizeof *v->recent,
					     picker_id_cmp);
	/* The row Enter takes: reversed while the list has the focus, underlined while typing. */
	attr_t a = !selected ? pal(PAL_NORMAL)
		 : v->pick_list ? pal(PAL_SELECTED) : pal(PAL_NORMAL) | A_UNDERLINE;
	char *head = xasprintf("%4lld %s ", (long long)it->id, date);
	char *rest = xasprintf("%s%s", repeat ? "!14天内已排 " : "", it->title);
	/* Columns by display width: the category is padded to 6 columns, not 6 bytes. */
	draw_fill(win, y, x, cols, a);
	int w = draw_str(win, y, x, head, cols, a);
	w += draw_text(win, y, x + w, cat ? cat->name : "", cols - w < 7 ? cols - w : 7, a);
	draw_text(win, y, x + w, rest, cols - w, a);
	free(head);
	free(rest);
}

/* What the cursor cell's group has scheduled within 14 days, for the picker's marks. */
static void picker_recent(struct view_calendar *v)
{
	free(v->recent);
	v->recent = NULL;
	v->n_recent = 0;
	if (v->line >= v->n_lines)
		return;
	const struct cal_group_week *gw = &v->week.groups[v->lines[v->line].group];
	char *cause = NULL;
	if (calendar_recent_content(v->app->db, gw->group.id, v->week.start + v->day, &v->recent,
				    &v->n_recent, &cause) < 0)
		app_error(v->app, _("library: %s"), cause);
	free(cause);
}

/* The picker's filter from its search text q, category and tag (tag points into v->tags). */
static void picker_filter(struct view_calendar *v, struct content_filter *f, char *q,
				 const char **tag)
{
	content_filter_init(f);
	f->search = *q ? q : NULL;
	if (v->pick_cat >= 0 && v->pb && (size_t)v->pick_cat < v->pb->n_categories)
		f->category = v->pb->categories[v->pick_cat].key;
	if (v->pick_tag >= 0 && (size_t)v->pick_tag < v->n_tags) {
		*tag = v->tags[v->pick_tag].value;
		f->tags = tag;
		f->n_tags = 1;
	}
}

/*
 * The tags to cycle through with ^T: the library's most used ones. Read on the
 * first ^T of an opening, not when the picker opens: counting the tags reads
 * the whole tag index, and most pickings never cycle tags.
 */
static void picker_tags(struct view_calendar *v)
{
	content_facets_free(v->tags, v->n_tags);
	v->tags = NULL;
	v->n_tags = 0;
	v->tags_loaded = true;
	struct content_filter f;
	content_filter_init(&f);
	char *cause = NULL;
	if (content_facet_tags(v->app->db, &f, CAL_TAG_FACETS, &v->tags, &v->n_tags, &cause) < 0) {
		app_error(v->app, _("library: %s"), cause);
		v->tags = NULL;
		v->n_tags = 0;
	}
	free(cause);
}

/* widget_picker's fetch: want items after the have loaded (keyset on the last one). */
static long picker_fetch(void *ctx, size_t have, size_t want)
{
	struct view_calendar *v = ctx;
	if (have == 0) {
		content_items_free(v->items, v->n_items);
		v->items = NULL;
		v->n_items = 0;
	}
	struct content_filter f;
	const char *tag = NULL;
	char *q = text_trim(xstrdup(widget_input_text(&v->input)));
	picker_filter(v, &f, q, &tag);
	struct content_cursor cur;
	if (v->n_items)
		cur = content_cursor_at(&v->items[v->n_items - 1]);
	struct content_item *page = NULL;
	size_t n = 0;
	char *cause = NULL;
	long got = -1;
	if (content_query(v->app->db, &f, CONTENT_SORT_DATE, v->n_items ? &cur : NULL, false, want,
			  &page, &n, &cause) < 0) {
		app_error(v->app, _("library: %s"), cause);
	} else {
		v->items = xrealloc(v->items, (v->n_items + n + 1) * sizeof *v->items);
		memcpy(v->items + v->n_items, page, n * sizeof *page);
		v->n_items += n;
		free(page);
		got = (long)n;
	}
	free(cause);
	free(q);
	return got;
}

/* widget_picker's count: the matching items, no further than cap. */
static int picker_count(void *ctx, size_t cap, size_t *n, bool *more)
{
	struct view_calendar *v = ctx;
	struct content_filter f;
	const char *tag = NULL;
	char *q = text_trim(xstrdup(widget_input_text(&v->input)));
	picker_filter(v, &f, q, &tag);
	char *cause = NULL;
	int rc = content_count_upto(v->app->db, &f, cap, n, more, &cause);
	if (rc < 0)
		app_error(v->app, _("library: %s"), cause);
	free(cause);
	free(q);
	return rc;
}

/* The search or a filter changed: the picker from its first page. */
static void picker_search(struct view_calendar *v)
{
	widget_picker_reset(&v->picker);
}

void calv_picker_init(struct view_calendar *v)
{
	widget_picker_init(&v->picker, picker_row, picker_fetch, picker_count, v);
}

void calv_picker_free(struct view_calendar *v)
{
	content_items_free(v->items, v->n_items);
	content_facets_free(v->tags, v->n_tags);
	free(v->recent);
	free(v->pick_note);
}

/* Say note inside the picker (NULL: nothing). */
static void picker_note(struct view_calendar *v, const char *note)
{
	free(v->pick_note);
	v->pick_note = note ? xstrdup(note) : NULL;
}

void calv_picker_open(struct view_calendar *v)
{
	widget_input_set(&v->input, "");
	v->pick_cat = v->pick_tag = -1;
	v->pick_list = false;
	picker_note(v, NULL);
	/* The library may have changed since the last opening: ^T reads its tags again. */
	v->tags_loaded = false;
	picker_recent(v);
	picker_search(v);
	v->mode = MODE_PICKER;
}

void calv_picker_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, r->h - 2, r->w - 8);
	struct rect in = draw_box(win, &box, "从素材库选择 (Enter 选定, Esc 取消)", pal(PAL_BORDER));
	draw_clear(win, &in, pal(PAL_NORMAL));
	const struct pb_category *fc = v->pick_cat >= 0 && v->pb
		? &v->pb->categories[v->pick_cat] : NULL;
	char count[32], *tail;
	widget_picker_count_text(&v->picker, count, sizeof count);
	tail = xasprintf("  (%s 条)", count);
	/* The search field: highlighted with its cursor while typing, plain while moving. */
	attr_t sa = v->pick_list ? pal(PAL_DIM) : pal(PAL_SELECTED);
	int lw = draw_str(win, in.y, in.x, v->pick_list ? " 搜索: " : "▶搜索: ", in.w,
			  v->pick_list ? pal(PAL_DIM) : pal(PAL_HEADER) | A_BOLD);
	int tw = text_width(tail);
	int iw = in.w - lw - tw;
	if (v->pick_list) {
		draw_text(win, in.y, in.x + lw, widget_input_text(&v->input), iw, sa);
	} else {
		draw_fill(win, in.y, in.x + lw, iw, sa);
		widget_input_draw(&v->input, win, in.y, in.x + lw, iw, sa);
	}
	draw_str(win, in.y, in.x + lw + iw, tail, tw, pal(PAL_HEADER));
	free(tail);
	draw_textf(win, in.y + 1, in.x, in.w, pal(PAL_DIM), "分类[^F] %s  标签[^T] %s",
		   fc ? fc->name : "全部", v->pick_tag >= 0 ? v->tags[v->pick_tag].value : "全部");
	/* What the keys do now, or what Enter found. */
	if (v->pick_note)
		draw_text(win, in.y + 2, in.x, v->pick_note, in.w, pal(PAL_ERROR));
	else if (v->pick_list)
		draw_text(win, in.y + 2, in.x, "▶列表: ↑↓ j k 移动 · Enter 选定 · / 或 Shift-Tab 回到搜索",
			  in.w, pal(PAL_HEADER) | A_BOLD);
	else
		draw_text(win, in.y + 2, in.x, "输入即搜索 (j k 也是文字) · Tab 或 ↓ 到列表 · Enter 选定",
			  in.w, pal(PAL_DIM));
	struct rect list = {in.y + 3, in.x, in.h - 3, in.w};
	if (list.h >= 1 && v->picker.list.n == 0)
		draw_text(win, list.y, list.x, "(没有匹配的素材)", list.w, pal(PAL_DIM));
	else if (list.h >= 1)
		widget_picker_draw(&v->picker, win, &list);
}

/* Enter: fill the cursor cell with the item under the list's cursor; none is said, not hidden. */
static int picker_choose(struct view_calendar *v)
{
	size_t pick = v->picker.list.cursor;
	if (pick >= v->n_items || v->picker.list.n == 0) {
		picker_note(v, "没有匹配的素材 (no match): 改搜索词或筛选, Esc 取消");
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	struct cal_pos p;
	struct cal_cell *c = calv_cursor(v, &p);
	v->mode = MODE_GRID;
	if (!c)
		return VIEW_HANDLED | VIEW_REDRAW;
	/* Topic, form and owner stay NULL: a placeholder's plan is kept. */
	struct cal_fill f = {.content_id = v->items[pick].id, .status = -1,
			     .action_id = c->action ? c->action->id : NULL};
	char *cause = NULL;
	int rc = calendar_fill(v->app->db, calv_cursor_pb(v), p.group_id, p.day, p.at, &f, v->app->operator,
			       &cause);
	char *msg = xasprintf("已排入：%s", v->items[pick].title);
	int fl = calv_done(v, rc, cause, msg);
	free(msg);
	return fl;
}

/* ^F category (any -> each playbook category -> any), ^T tag likewise. */
static bool picker_filter_key(struct view_calendar *v, int key)
{
	if (key == CTRL('f')) {
		int n = v->pb ? (int)v->pb->n_categories : 0;
		v->pick_cat = v->pick_cat + 1 >= n ? -1 : v->pick_cat + 1;
	} else if (key == CTRL('t')) {
		if (!v->tags_loaded)
			picker_tags(v);
		v->pick_tag = v->pick_tag + 1 >= (int)v->n_tags ? -1 : v->pick_tag + 1;
	} else {
		return false;
	}
	picker_note(v, NULL);
	picker_search(v);
	return true;
}

int calv_picker_key(struct view_calendar *v, int key)
{
	if (key == 27) {
		v->mode = MODE_GRID;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (key == '\n' || key == KEY_ENTER)
		return picker_choose(v);
	if (picker_filter_key(v, key))
		return VIEW_HANDLED | VIEW_REDRAW;
	if (v->pick_list) {
		/* Moving: ↑ on the first row, Shift-Tab, Tab or / hand the focus back to the search. */
		if (key == KEY_BTAB || key == '\t' || key == '/' ||
		    (key == KEY_UP && v->picker.list.cursor == 0)) {
			v->pick_list = false;
		} else if (widget_picker_key(&v->picker, key, true) == VIEW_IGNORED) {
			return VIEW_HANDLED;
		}
		picker_note(v, NULL);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	/* Typing: Tab and ↓ give the focus to the list; PgUp/PgDn still page it. */
	if (key == '\t' || key == KEY_DOWN) {
		v->pick_list = true;
	} else if (key == KEY_PPAGE || key == KEY_NPAGE) {
		widget_picker_key(&v->picker, key, false);
	} else if (widget_input_key(&v->input, key) == WIDGET_INPUT_CHANGED) {
		picker_note(v, NULL);
		picker_search(v);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}
