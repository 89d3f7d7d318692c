/*
 * The Library's list: the filter (always shown, on two lines when one is too
 * narrow), the visible page only (keyset pagination in model/content.c, a
 * count that stops at LIB_COUNT_CAP), moving a row or a page at a time, and
 * the list drawn. The page size follows the area app.c loaded the tab for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "library.h"
#include "text.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)
#define LIB_FILTER_HINT N_("(c clears)")

static const char *const lib_period_names[] = {"", N_("this week"), N_("this month"),
						 N_("last 30 days"), ""};

void lib_list_filter_build(struct view_library *v)
{
	struct content_filter *f = &v->filter;
	content_filter_init(f);
	f->tags = (const char *const *)v->tags;
	f->n_tags = v->n_tags;
	if (v->category && v->pb && v->category <= v->pb->n_categories)
		f->category = v->pb->categories[v->category - 1].key;
	else if (v->category && v->pb && v->category == v->pb->n_categories + 1)
		f->category = "";
	f->zone = v->zone ? content_zones[v->zone - 1] : NULL;
	f->form = v->form ? content_forms[v->form - 1] : NULL;
	const char *q = widget_input_text(&v->search);
	f->search = *q ? q : NULL;
	int today = v->app->today;
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	switch (v->period) {
	case PERIOD_ALL: break;
	case PERIOD_WEEK:
		f->from = today - date_weekday(today);
		f->to = f->from + 6;
		break;
	case PERIOD_MONTH:
		f->from = date_from_ymd(y, m, 1);
		f->to = date_from_ymd(y, m, date_days_in_month(y, m));
		break;
	case PERIOD_30:
		f->from = today - 29;
		f->to = today;
		break;
	case PERIOD_RANGE:
		f->from = v->range_from;
		f->to = v->range_to;
		break;
	}
}

const char *lib_category_name(const struct view_library *v, const char *key)
{
	if (v->pb)
		for (size_t i = 0; i < v->pb->n_categories; i++)
			if (strcmp(v->pb->categories[i].key, key) == 0)
				return v->pb->categories[i].name;
	return key;
}

char *lib_tags_text(const struct content_item *it, const char *sep)
{
	struct buf b = {0};
	for (size_t i = 0; i < it->n_tags; i++) {
		if (i)
			buf_adds(&b, sep);
		buf_adds(&b, it->tags[i]);
	}
	buf_str(&b);
	return b.data;
}

bool lib_list_filtered(const struct view_library *v)
{
	return v->filter.search || v->n_tags || v->filter.category || v->filter.zone ||
	       v->filter.form || v->period;
}

/*
 * What the list is filtered by, one part per filter, the search first so that
 * it is never the part cut off. Returns how many (at most max).
 */
static size_t lib_filter_parts(const struct view_library *v, char **parts, size_t max)
{
	size_t n = 0;
	const char *q = widget_input_text(&v->search);
	if (*q && n < max)
		parts[n++] = xasprintf(_("search=“%s”"), q);
	for (size_t i = 0; i < v->n_tags && n < max; i++)
		parts[n++] = xasprintf(_("tag=%s"), v->tags[i]);
	if (v->filter.category && n < max)
		parts[n++] = xasprintf(_("category=%s"), *v->filter.category
						       ? lib_category_name(v, v->filter.category)
						       : _("uncategorised"));
	if (v->filter.zone && n < max)
		parts[n++] = xasprintf(_("zone=%s"), content_zone_label(v->filter.zone));
	if (v->filter.form && n < max)
		parts[n++] = xasprintf(_("form=%s"), content_form_label(v->filter.form));
	if (v->period != PERIOD_ALL && n < max) {
		char from[11], to[11];
		date_format(v->filter.from, from);
		date_format(v->filter.to, to);
		parts[n++] = xasprintf(_("date=%s%s%s..%s"), _(lib_period_names[v->period]),
				       v->period == PERIOD_RANGE ? "" : " ", from, to);
	}
	return n;
}

/*
 * The filter line laid out in cols: one line when it fits, else two, the
 * clear hint always at the end of the last. Returns the lines; line[i] freed
 * by the caller.
 */
static int lib_filter_lines(const struct view_library *v, int cols, char *line[2])
{
	char *parts[LIB_TAGS_MAX + 8];
	size_t n = lib_filter_parts(v, parts, ARRAY_LEN(parts));
	line[1] = NULL;
	if (!n) {
		line[0] = xstrdup(_("filter: all"));
		return 1;
	}
	/* Sanitised first, so the widths laid out are the widths drawn. */
	for (size_t i = 0; i < n; i++) {
		char *safe = text_sanitize(parts[i], false);
		free(parts[i]);
		parts[i] = safe;
	}
	int hint = text_width(_(LIB_FILTER_HINT)) + 2;
	struct buf b[2] = {{0}, {0}};
	buf_adds(&b[0], _("filter:"));
	int w[2] = {text_width(_("filter:")), 0}, total = w[0];
	for (size_t i = 0; i < n; i++)
		total += 1 + text_width(parts[i]);
	bool two = total + hint > cols;
	int l = 0;
	for (size_t i = 0; i < n; i++) {
		int pw = text_width(parts[i]) + 1;
		/* Move on to line 2 when this part does not fit on line 1 (the first part
		   stays on line 1 whatever its width). */
		if (two && l == 0 && i > 0 && w[0] + pw > cols)
			l = 1;
		buf_addf(&b[l], " %s", parts[i]);
		w[l] += pw;
		free(parts[i]);
	}
	int last = two ? 1 : 0;
	/* Pad the last line so the hint sits at its right end, cutting it if need be. */
	char *body = text_fit(buf_str(&b[last]), cols - hint, false);
	int pad = cols - hint - text_width(body);
	line[last] = xasprintf("%s%*s  %s", body, pad > 0 ? pad : 0, "", _(LIB_FILTER_HINT));
	free(body);
	if (two)
		line[0] = xstrdup(buf_str(&b[0]));
	buf_free(&b[0]);
	buf_free(&b[1]);
	return two ? 2 : 1;
}

/* List rows for the current filter in the area loaded for: header, filter lines, column heads. */
static int lib_list_rows(struct view_library *v)
{
	char *line[2];
	int flines = lib_filter_lines(v, v->area.w, line);
	free(line[0]);
	free(line[1]);
	int rows = v->area.h - 1 - flines - 1;
	return rows > 0 ? rows : 1;
}

/*
 * The page after prev, read with one row more to know whether another follows (so a
 * move needs no query of its own); with count, the header's count too. A move keeps
 * the count: the filter is the same, and a change of the data loads the tab again.
 */
static void lib_list_page(struct view_library *v, bool count)
{
	lib_list_filter_build(v);
	v->rows = lib_list_rows(v);
	content_items_free(v->page, v->n);
	v->page = NULL;
	v->n = 0;
	v->more = false;
	lib_detail_forget(v);
	char *cause = NULL;
	size_t rows = (size_t)v->rows;
	struct content_cursor cur = content_cursor_at(&v->prev);
	if (content_query(v->app->db, &v->filter, v->sort, v->have_prev ? &cur : NULL, false,
			  rows + 1, &v->page, &v->n, &cause) < 0) {
		lib_error(v, cause);
		return;
	}
	if (v->n > rows) {
		content_item_clear(&v->page[rows]);
		v->n = rows;
		v->more = true;
	}
	/* A first page with nothing after it is the whole list: no second scan to count it. */
	if (count && !v->have_prev && !v->more) {
		v->total = v->n;
		v->total_more = false;
	} else if (count && content_count_upto(v->app->db, &v->filter, LIB_COUNT_CAP, &v->total,
					       &v->total_more, &cause) < 0) {
		lib_error(v, cause);
		return;
	}
	if (v->n == 0 && v->have_prev) {
		/* The rows after prev are gone (deleted, filtered): start over. */
		content_item_clear(&v->prev);
		v->have_prev = false;
		lib_list_page(v, true);
		return;
	}
	if (v->sel >= v->n)
		v->sel = v->n ? v->n - 1 : 0;
	lib_detail_follow(v);
}

void lib_list_load(struct view_library *v)
{
	lib_list_page(v, true);
}

void lib_list_refilter(struct view_library *v)
{
	content_item_clear(&v->prev);
	v->have_prev = false;
	v->sel = 0;
	lib_list_load(v);
}

void lib_list_load_mix(struct view_library *v)
{
	free(v->mix);
	v->mix = NULL;
	v->n_mix = 0;
	char *cause = NULL;
	if (v->pb && content_mix(v->app->db, v->pb, v->app->today, &v->mix, &v->n_mix,
				 &v->mix_total, &cause) < 0)
		lib_error(v, cause);
}

void lib_list_clear_filters(struct view_library *v)
{
	for (size_t i = 0; i < v->n_tags; i++)
		free(v->tags[i]);
	v->n_tags = 0;
	v->category = v->zone = v->form = 0;
	v->period = PERIOD_ALL;
	widget_input_set(&v->search, "");
	lib_list_refilter(v);
	app_message(v->app, "%s", _("filters cleared"));
}

/* ---- moving through the list one page at a time ---- */

/* Is there an item after the last shown? (Read with the page.) */
static bool lib_more_after(const struct view_library *v)
{
	return v->n && v->more;
}

/* Start the page after item it (NULL = at the very start). */
static void lib_set_prev(struct view_library *v, const struct content_item *it)
{
	struct content_item copy = {0};
	if (it)
		content_item_copy(&copy, it);
	content_item_clear(&v->prev);
	v->prev = copy;
	v->have_prev = it != NULL;
}

/* Move the page so that its first row is `back` rows before the current first row. */
static void lib_page_back(struct view_library *v, size_t back)
{
	if (!v->have_prev || !v->n)
		return;
	struct content_item *before;
	size_t n;
	char *cause = NULL;
	struct content_cursor cur = content_cursor_at(&v->page[0]);
	if (content_query(v->app->db, &v->filter, v->sort, &cur, true, back + 1, &before, &n,
			  &cause) < 0) {
		lib_error(v, cause);
		return;
	}
	lib_set_prev(v, n == back + 1 ? &before[0] : NULL);
	content_items_free(before, n);
	lib_list_page(v, false);
}

void lib_list_move(struct view_library *v, int key)
{
	size_t rows = v->rows > 0 ? (size_t)v->rows : 1;
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (v->sel + 1 < v->n) {
			v->sel++;
		} else if (lib_more_after(v)) {
			lib_set_prev(v, &v->page[0]);
			lib_list_page(v, false);
			v->sel = v->n ? v->n - 1 : 0;
		}
		break;
	case 'k':
	case KEY_UP:
		if (v->sel > 0)
			v->sel--;
		else
			lib_page_back(v, 1);
		break;
	case KEY_NPAGE:
	case CTRL('d'):
		if (lib_more_after(v)) {
			lib_set_prev(v, &v->page[v->n - 1]);
			lib_list_page(v, false);
		} else {
			v->sel = v->n ? v->n - 1 : 0;
		}
		break;
	case KEY_PPAGE:
	case CTRL('u'):
		if (v->have_prev)
			lib_page_back(v, rows);
		else
			v->sel = 0;
		break;
	case 'g':
	case KEY_HOME:
		lib_set_prev(v, NULL);
		v->sel = 0;
		lib_list_page(v, false);
		break;
	case 'G':
	case KEY_END: {
		/* The last page: the rows before the end, and the one before them. */
		struct content_item *last;
		size_t n;
		char *cause = NULL;
		if (content_query(v->app->db, &v->filter, v->sort, NULL, true, rows + 1, &last, &n,
				  &cause) < 0) {
			lib_error(v, cause);
			break;
		}
		lib_set_prev(v, n == rows + 1 ? &last[0] : NULL);
		content_items_free(last, n);
		lib_list_page(v, false);
		v->sel = v->n ? v->n - 1 : 0;
		break;
	}
	}
	/* Only the selected item's detail, and only when it is on the screen. */
	lib_detail_follow(v);
}

/* ---- drawing ---- */

/* A category's short name: 促活 for 促活型. */
static char *lib_category_short(const char *name)
{
	size_t n = strlen(name), suffix = strlen("型");
	if (n > suffix && strcmp(name + n - suffix, "型") == 0)
		return xstrndup(name, n - suffix);
	return xstrdup(name);
}

static void lib_draw_header(struct view_library *v, WINDOW *win, int y, int x, int cols)
{
	draw_fill(win, y, x, cols, pal(PAL_NORMAL));
	char count[32];
	if (v->total_more)
		snprintf(count, sizeof count, "%zu+", v->total);
	else
		snprintf(count, sizeof count, "%zu", v->total);
	char *head = xasprintf(_(" Library %s items · %s "), count,
			       v->sort == CONTENT_SORT_DATE ? _("by date") : _("by title"));
	int w = draw_str(win, y, x, head, cols, pal(PAL_HEADER));
	free(head);
	/* Every category as actual/target percent; the long form only when it fits. */
	struct buf full = {0}, brief = {0};
	buf_addf(&full, _(" 30-day mix (%zu):"), v->mix_total);
	buf_adds(&brief, _(" mix%"));
	for (size_t i = 0; i < v->n_mix; i++) {
		char *name = lib_category_short(v->mix[i].name);
		buf_addf(&full, " %s %.0f%%/%d%%", v->mix[i].name, v->mix[i].share,
			 v->mix[i].target);
		buf_addf(&brief, " %s %.0f/%d", name, v->mix[i].share, v->mix[i].target);
		free(name);
	}
	const char *mix = text_width(buf_str(&full)) <= cols - w ? full.data : buf_str(&brief);
	draw_str(win, y, x + w, mix, cols - w, pal(PAL_DIM));
	buf_free(&full);
	buf_free(&brief);
}

static void lib_draw_row(struct view_library *v, WINDOW *win, int y, int x, int cols,
			 const struct content_item *it, bool selected)
{
	attr_t a = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
	char date[11];
	date_format(it->date, date);
	char *tags = lib_tags_text(it, i18n_list_sep());
	int tagw = cols / 4;
	int titlew = cols - (1 + 10 + 1 + 6 + 1 + 6 + 1) - tagw - 1;
	if (titlew < 8)
		titlew = 8;
	draw_fill(win, y, x, cols, a);
	int cx = x + 1;
	cx += draw_text(win, y, cx, date, 10, a) + 1;
	cx += draw_text(win, y, cx, lib_category_name(v, it->category), 6, a) + 1;
	cx += draw_text(win, y, cx, content_form_label(it->form), 6, a) + 1;
	cx += draw_text(win, y, cx, it->title, titlew, a) + 1;
	if (x + cols - cx > 0)
		draw_text(win, y, cx, tags, x + cols - cx, selected ? a : pal(PAL_DIM));
	free(tags);
}

/* The column heads, the page's rows and, on a wide screen, the detail pane. */
static void lib_draw_rows(struct view_library *v, WINDOW *win, const struct rect *r)
{
	int listw = r->w >= LIB_SPLIT_COLS ? r->w * 3 / 5 : r->w;
	attr_t dim = pal(PAL_DIM);
	draw_fill(win, r->y, r->x, listw, dim);
	int cx = r->x + 1;
	cx += draw_text(win, r->y, cx, _("Date"), 10, dim) + 1;
	cx += draw_text(win, r->y, cx, _("Cat."), 6, dim) + 1;
	cx += draw_text(win, r->y, cx, _("Form"), 6, dim) + 1;
	draw_str(win, r->y, cx, _("Title / tags"), listw - (cx - r->x), dim);
	int rows = r->h - 1;
	v->rows_at = (struct rect){r->y + 1, r->x, (int)v->n < rows ? (int)v->n : rows, listw};
	for (size_t i = 0; i < v->n && (int)i < rows; i++)
		lib_draw_row(v, win, r->y + 1 + (int)i, r->x, listw, &v->page[i], i == v->sel);
	if (!v->n)
		draw_text(win, r->y + 2, r->x + 2,
			  v->total ? "" : _("no items match the filter (c clears it, a adds one)"), listw - 4, dim);
	if (listw < r->w && v->n) {
		struct rect box = {r->y, r->x + listw, r->h, r->w - listw};
		lib_detail_draw_pane(v, win, &box);
	}
}

void lib_list_draw(struct view_library *v, WINDOW *win, const struct rect *r, struct rect *body)
{
	lib_draw_header(v, win, r->y, r->x, r->w);
	char *fline[2];
	int flines = lib_filter_lines(v, r->w, fline);
	attr_t fa = lib_list_filtered(v) ? pal(PAL_MESSAGE) : pal(PAL_DIM);
	for (int i = 0; i < flines; i++) {
		if (i == 0 && v->mode == LIB_SEARCH)
			lib_search_draw(v, win, r->y + 1, r->x, r->w);
		else
			draw_text(win, r->y + 1 + i, r->x, fline[i], r->w, fa);
	}
	free(fline[0]);
	free(fline[1]);
	*body = (struct rect){r->y + 1 + flines, r->x, r->h - 1 - flines, r->w};
	if (v->mode != LIB_DETAIL)
		lib_draw_rows(v, win, body);
}
