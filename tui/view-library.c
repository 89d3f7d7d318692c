/*
 * The Library tab (素材库): a list of content items with a detail pane, filters
 * that combine (always shown, on two lines when one is too narrow, `c` clears
 * them), `/` search as you type, tag and category pickers with facet counts,
 * add/edit/delete, `y` copies the body.
 * Only the visible page is ever loaded (keyset pagination in model/content.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content.h"
#include "dates.h"
#include "draw.h"
#include "kpi.h"
#include "osc52.h"
#include "playbook.h"
#include "text.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define CTRL(c) ((c) & 0x1f)
#define LIB_SEARCH_MAX 200
#define LIB_TAGS_MAX 16
#define LIB_FACETS 200
#define LIB_COUNT_CAP 1000  /* the header says "1000+" past this on a scanning search */

enum lib_mode {
	LIB_LIST,      /* the list and the detail pane */
	LIB_SEARCH,    /* typing the search */
	LIB_DETAIL,    /* one item full screen */
	LIB_TAGS,      /* the tag picker */
	LIB_CATEGORIES, /* the category picker */
	LIB_FORM,      /* add / edit */
	LIB_INPUT,     /* a one-line prompt (form field, date range) */
	LIB_BODY,      /* the built-in body editor */
	LIB_CONFIRM,   /* delete? */
};

enum lib_period { PERIOD_ALL, PERIOD_WEEK, PERIOD_MONTH, PERIOD_30, PERIOD_RANGE };
static const char *const lib_period_names[] = {"", "本周", "本月", "近30天", ""};
static const char *const lib_weekdays[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

/* The form's fields, in order. */
enum lib_field { FLD_TITLE, FLD_CATEGORY, FLD_ZONE, FLD_FORM, FLD_STYLE, FLD_TAGS, FLD_DATE,
		 FLD_SOURCE, FLD_BODY, FLD_COUNT };
static const char *const lib_field_names[FLD_COUNT] = {
	"标题", "分类", "素材区", "形式", "风格", "标签", "日期", "来源", "正文"};

struct view_library {
	struct app *app;
	struct playbook *pb;
	char *error;
	enum lib_mode mode;

	/* The filter. */
	struct content_filter filter;
	char *tags[LIB_TAGS_MAX];
	size_t n_tags;
	size_t category;       /* 0 = any, else pb category index + 1; n_categories + 1 = none */
	size_t zone, form;     /* 0 = any, else index + 1 into content_zones / content_forms */
	enum lib_period period;
	int range_from, range_to;
	char search[LIB_SEARCH_MAX + 1];
	char search_before[LIB_SEARCH_MAX + 1];
	enum content_sort sort;

	/* The visible page: rows after prev (none = from the start). */
	struct content_item prev;
	bool have_prev;
	struct content_item *page;
	size_t n, sel;
	int rows;              /* list rows at the last draw */
	size_t total;
	bool total_more;       /* more than total: the count stopped there */
	struct content_use *use;   /* where the selected item is scheduled */
	size_t n_use;
	int64_t use_id;
	struct kpi_content_perf perf;  /* how it performed, loaded with use */
	bool have_perf;

	struct content_mix *mix;
	size_t n_mix, mix_total;

	/* Detail and tag picker. */
	struct widget_pager pager;
	struct content_facet *facets;
	size_t n_facets;
	struct widget_list facet_list;
	struct content_facet *cats;  /* the category picker: 全部, each category, 未分类 */
	size_t n_cats;
	struct widget_list cat_list;

	/* Form, prompts, the built-in editor, the delete question. */
	struct content_item edit;  /* id 0 = adding */
	char *fields[FLD_COUNT];
	size_t field;
	struct buf input;
	const char *input_label;
	void (*input_done)(struct view_library *v, const char *text);
	struct buf body;
	char *confirm;
};

static const struct view_key view_library_keys[] = {
	{"j k ↓ ↑ PgDn PgUp g G", "move"},
	{"Enter", "open the item (Esc closes)"},
	{"/", "search as you type (Enter keeps, Esc drops)"},
	{"t", "pick tags (Space toggles)"},
	{"C", "pick a category (counts for the current filter)"},
	{"z f", "cycle zone / form"},
	{"p P", "cycle date range (week, month, 30 days) / type a range"},
	{"s", "sort by date or title"},
	{"c Backspace", "clear every filter"},
	{"a e d", "add / edit / delete an item"},
	{"y", "copy the body (OSC 52)"},
	{NULL, NULL},
};

/* ---- loading ---- */

/* Put the filter struct together from the view's choices. */
static void lib_filter_build(struct view_library *v)
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
	f->search = v->search[0] ? v->search : NULL;
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

static void lib_set_error(struct view_library *v, char *cause)
{
	app_error(v->app, "%s", cause ? cause : "failed");
	free(cause);
}

/* Where the selected item is scheduled (for the detail pane), cached by id. */
static void lib_load_use(struct view_library *v)
{
	int64_t id = v->n ? v->page[v->sel].id : 0;
	if (id == v->use_id)
		return;
	content_usage_free(v->use, v->n_use);
	v->use = NULL;
	v->n_use = 0;
	v->use_id = id;
	char *cause = NULL;
	if (id && content_usage(v->app->db, id, &v->use, &v->n_use, &cause) < 0) {
		lib_set_error(v, cause);
		cause = NULL;
	}
	v->have_perf = false;
	if (id && v->pb) {
		if (kpi_content_performance(v->app->db, v->pb, id, v->app->today, &v->perf,
					    &cause) < 0)
			lib_set_error(v, cause);
		else
			v->have_perf = true;
	}
}

/* Query the visible page (and the count) again for the current filter. */
static void lib_load_page(struct view_library *v)
{
	lib_filter_build(v);
	content_items_free(v->page, v->n);
	v->page = NULL;
	v->n = 0;
	char *cause = NULL;
	size_t rows = v->rows > 0 ? (size_t)v->rows : 20;
	struct content_cursor cur = content_cursor_at(&v->prev);
	if (content_query(v->app->db, &v->filter, v->sort, v->have_prev ? &cur : NULL, false,
			  rows, &v->page, &v->n, &cause) < 0) {
		lib_set_error(v, cause);
		return;
	}
	/* A first page that is not full is the whole list: no second scan to count it. */
	v->total_more = false;
	if (!v->have_prev && v->n < rows)
		v->total = v->n;
	else if (content_count_upto(v->app->db, &v->filter, LIB_COUNT_CAP, &v->total,
				    &v->total_more, &cause) < 0) {
		lib_set_error(v, cause);
		return;
	}
	if (v->n == 0 && v->have_prev) {
		/* The rows after prev are gone (deleted, filtered): start over. */
		content_item_clear(&v->prev);
		v->have_prev = false;
		lib_load_page(v);
		return;
	}
	if (v->sel >= v->n)
		v->sel = v->n ? v->n - 1 : 0;
	v->use_id = -1;
	lib_load_use(v);
}

/* The filter changed: back to the first page. */
static void lib_refilter(struct view_library *v)
{
	content_item_clear(&v->prev);
	v->have_prev = false;
	v->sel = 0;
	lib_load_page(v);
}

static void lib_load_mix(struct view_library *v)
{
	free(v->mix);
	v->mix = NULL;
	v->n_mix = 0;
	char *cause = NULL;
	if (v->pb && content_mix(v->app->db, v->pb, v->app->today, &v->mix, &v->n_mix,
				 &v->mix_total, &cause) < 0)
		lib_set_error(v, cause);
}

static void view_library_reload(void *state)
{
	struct view_library *v = state;
	/* Keep the cursor on the same item, not the same row: another operator's
	   add or delete shifts the rows. */
	int64_t keep = v->n && v->sel < v->n ? v->page[v->sel].id : 0;
	playbook_free(v->pb);
	v->pb = NULL;
	char *cause = NULL;
	if (playbook_load_active(v->app->db, &v->pb, &cause) < 0) {
		free(v->error);
		v->error = cause;
	}
	if (v->pb && v->category > v->pb->n_categories + 1)
		v->category = 0;
	lib_load_page(v);
	for (size_t i = 0; keep && i < v->n; i++)
		if (v->page[i].id == keep && i != v->sel) {
			v->sel = i;
			v->use_id = -1;
			lib_load_use(v);
		}
	lib_load_mix(v);
}

static void *view_library_init(struct app *app)
{
	struct view_library *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->range_from = v->range_to = DATE_INVALID;
	view_library_reload(v);
	return v;
}

static void lib_form_clear(struct view_library *v)
{
	for (size_t i = 0; i < FLD_COUNT; i++) {
		free(v->fields[i]);
		v->fields[i] = NULL;
	}
	content_item_clear(&v->edit);
}

static void view_library_free(void *state)
{
	struct view_library *v = state;
	for (size_t i = 0; i < v->n_tags; i++)
		free(v->tags[i]);
	content_items_free(v->page, v->n);
	content_item_clear(&v->prev);
	content_usage_free(v->use, v->n_use);
	content_facets_free(v->facets, v->n_facets);
	content_facets_free(v->cats, v->n_cats);
	free(v->mix);
	widget_pager_free(&v->pager);
	lib_form_clear(v);
	buf_free(&v->input);
	buf_free(&v->body);
	free(v->confirm);
	free(v->error);
	playbook_free(v->pb);
	free(v);
}

/* ---- moving through the list one page at a time ---- */

/* Is there an item after the last shown? */
static bool lib_more_after(struct view_library *v)
{
	if (!v->n)
		return false;
	struct content_item *one;
	size_t n;
	struct content_cursor cur = content_cursor_at(&v->page[v->n - 1]);
	if (content_query(v->app->db, &v->filter, v->sort, &cur, false, 1, &one, &n, NULL) < 0)
		return false;
	content_items_free(one, n);
	return n > 0;
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
	struct content_cursor cur = content_cursor_at(&v->page[0]);
	if (content_query(v->app->db, &v->filter, v->sort, &cur, true, back + 1, &before, &n,
			  NULL) < 0)
		return;
	lib_set_prev(v, n == back + 1 ? &before[0] : NULL);
	content_items_free(before, n);
	lib_load_page(v);
}

static void lib_move(struct view_library *v, int key)
{
	size_t rows = v->rows > 0 ? (size_t)v->rows : 1;
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (v->sel + 1 < v->n) {
			v->sel++;
		} else if (lib_more_after(v)) {
			lib_set_prev(v, &v->page[0]);
			lib_load_page(v);
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
			lib_load_page(v);
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
		lib_load_page(v);
		break;
	case 'G':
	case KEY_END: {
		/* The last page: the rows before the end, and the one before them. */
		struct content_item *last;
		size_t n;
		if (content_query(v->app->db, &v->filter, v->sort, NULL, true, rows + 1, &last, &n,
				  NULL) == 0) {
			lib_set_prev(v, n == rows + 1 ? &last[0] : NULL);
			content_items_free(last, n);
			lib_load_page(v);
			v->sel = v->n ? v->n - 1 : 0;
		}
		break;
	}
	}
	lib_load_use(v);
}

/* ---- drawing ---- */

static const char *lib_category_name(const struct view_library *v, const char *key)
{
	if (v->pb)
		for (size_t i = 0; i < v->pb->n_categories; i++)
			if (strcmp(v->pb->categories[i].key, key) == 0)
				return v->pb->categories[i].name;
	return key;
}

static char *lib_tags_text(const struct content_item *it, const char *sep)
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

/* Is anything filtered? */
static bool lib_filtered(const struct view_library *v)
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
	if (v->search[0] && n < max)
		parts[n++] = xasprintf("搜索=“%s”", v->search);
	for (size_t i = 0; i < v->n_tags && n < max; i++)
		parts[n++] = xasprintf("标签=%s", v->tags[i]);
	if (v->filter.category && n < max)
		parts[n++] = xasprintf("分类=%s", *v->filter.category
						       ? lib_category_name(v, v->filter.category)
						       : "未分类");
	if (v->filter.zone && n < max)
		parts[n++] = xasprintf("素材区=%s", content_zone_name(v->filter.zone));
	if (v->filter.form && n < max)
		parts[n++] = xasprintf("形式=%s", content_form_name(v->filter.form));
	if (v->period != PERIOD_ALL && n < max) {
		char from[11], to[11];
		date_format(v->filter.from, from);
		date_format(v->filter.to, to);
		parts[n++] = xasprintf("日期=%s%s%s..%s", lib_period_names[v->period],
				       v->period == PERIOD_RANGE ? "" : " ", from, to);
	}
	return n;
}

#define LIB_FILTER_HINT "(c 清除)"

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
		line[0] = xstrdup("筛选: 全部");
		return 1;
	}
	/* Sanitised first, so the widths laid out are the widths drawn. */
	for (size_t i = 0; i < n; i++) {
		char *safe = text_sanitize(parts[i], false);
		free(parts[i]);
		parts[i] = safe;
	}
	int hint = text_width(LIB_FILTER_HINT) + 2;
	struct buf b[2] = {{0}, {0}};
	buf_adds(&b[0], "筛选:");
	int w[2] = {text_width("筛选:"), 0}, total = w[0];
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
	line[last] = xasprintf("%s%*s  " LIB_FILTER_HINT, body, pad > 0 ? pad : 0, "");
	free(body);
	if (two)
		line[0] = xstrdup(buf_str(&b[0]));
	buf_free(&b[0]);
	buf_free(&b[1]);
	return two ? 2 : 1;
}

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
	char *head = xasprintf(" 素材库 %s 条 · %s ", count,
			       v->sort == CONTENT_SORT_DATE ? "按日期" : "按标题");
	int w = draw_str(win, y, x, head, cols, pal(PAL_HEADER));
	free(head);
	/* Every category as actual/target percent; the long form only when it fits. */
	struct buf full = {0}, brief = {0};
	buf_addf(&full, " 近30天配比(%zu):", v->mix_total);
	buf_adds(&brief, " 配比%");
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
	char *tags = lib_tags_text(it, "、");
	int tagw = cols / 4;
	int titlew = cols - (1 + 10 + 1 + 6 + 1 + 6 + 1) - tagw - 1;
	if (titlew < 8)
		titlew = 8;
	draw_fill(win, y, x, cols, a);
	int cx = x + 1;
	cx += draw_text(win, y, cx, date, 10, a) + 1;
	cx += draw_text(win, y, cx, lib_category_name(v, it->category), 6, a) + 1;
	cx += draw_text(win, y, cx, content_form_name(it->form), 6, a) + 1;
	cx += draw_text(win, y, cx, it->title, titlew, a) + 1;
	if (x + cols - cx > 0)
		draw_text(win, y, cx, tags, x + cols - cx, selected ? a : pal(PAL_DIM));
	free(tags);
}

/* "效果: 发布 3 次 · 当天群打开率 32.5% · 当天群发言率 6.1% · 排名 4/20": the group-days it was posted on. */
static void lib_perf_text(struct view_library *v, struct buf *b)
{
	const struct kpi_content_perf *p = &v->perf;
	if (!p->posts) {
		buf_adds(b, "效果: 暂无数据 (未发布)\n");
		return;
	}
	buf_addf(b, "效果: 发布 %zu 次", p->posts);
	if (!p->open_defined && !p->interact_defined) {
		buf_adds(b, " · 暂无数据 (无KPI数据)\n");
		return;
	}
	char open[32] = "—", talk[32] = "—";
	const struct pb_metric *mo = playbook_metric(v->pb, "open_rate");
	const struct pb_metric *mt = playbook_metric(v->pb, "speaker_rate");
	if (mo)
		kpi_format_value(mo, p->open_defined, p->open_rate, open, sizeof open);
	if (mt)
		kpi_format_value(mt, p->interact_defined, p->interact_rate, talk, sizeof talk);
	buf_addf(b, " · 当天群打开率 %s · 当天群发言率 %s", open, talk);
	if (p->rank)
		buf_addf(b, " · 排名 %zu/%zu", p->rank, p->ranked);
	else
		buf_addf(b, " · 近%d天未排名", KPI_CONTENT_RANK_DAYS);
	if (p->retire)
		buf_adds(b, " · 末位20% 建议淘汰");
	buf_adds(b, "\n");
}

/* The detail of it as text: fields, where scheduled, how it performed, then the body. */
static char *lib_detail_text(struct view_library *v, const struct content_item *it)
{
	struct buf b = {0};
	char date[11];
	date_format(it->date, date);
	char *tags = lib_tags_text(it, "、");
	buf_addf(&b, "%s\n日期 %s · %s · %s · %s\n", it->title, date,
		 lib_category_name(v, it->category), content_zone_name(it->zone),
		 content_form_name(it->form));
	buf_addf(&b, "风格 %s · 来源 %s\n标签 %s\n", it->style, it->source, tags);
	free(tags);
	if (v->use_id == it->id && v->n_use) {
		buf_adds(&b, "排期:");
		for (size_t i = 0; i < v->n_use; i++) {
			char d[11], at[6] = "";
			date_format(v->use[i].day, d);
			if (v->use[i].at >= 0)
				time_format_hhmm(v->use[i].at, at);
			buf_addf(&b, " %s %s %s;", v->use[i].group_name, d, at);
		}
		buf_adds(&b, "\n");
	} else {
		buf_adds(&b, "排期: 未排期\n");
	}
	if (v->use_id == it->id && v->have_perf)
		lib_perf_text(v, &b);
	buf_addf(&b, "\n%s\n", it->body);
	buf_str(&b);
	return b.data;
}

static void lib_draw_list(struct view_library *v, WINDOW *win, const struct rect *r)
{
	int listw = r->w >= 100 ? r->w * 3 / 5 : r->w;
	attr_t dim = pal(PAL_DIM);
	draw_fill(win, r->y, r->x, listw, dim);
	int cx = r->x + 1;
	cx += draw_text(win, r->y, cx, "日期", 10, dim) + 1;
	cx += draw_text(win, r->y, cx, "分类", 6, dim) + 1;
	cx += draw_text(win, r->y, cx, "形式", 6, dim) + 1;
	draw_str(win, r->y, cx, "标题 / 标签", listw - (cx - r->x), dim);
	int rows = r->h - 1;
	if (rows != v->rows) {
		v->rows = rows;
		lib_load_page(v);
	}
	for (size_t i = 0; i < v->n && (int)i < rows; i++)
		lib_draw_row(v, win, r->y + 1 + (int)i, r->x, listw, &v->page[i], i == v->sel);
	if (!v->n)
		draw_text(win, r->y + 2, r->x + 2,
			  v->total ? "" : "没有符合筛选的素材 (c 清除筛选, a 新增)", listw - 4, dim);
	if (listw < r->w && v->n) {
		struct rect box = {r->y, r->x + listw, r->h, r->w - listw};
		struct rect in = draw_box(win, &box, "详情", pal(PAL_BORDER));
		char *text = lib_detail_text(v, &v->page[v->sel]);
		struct widget_pager p = {0};
		widget_pager_set_text(&p, text);
		widget_pager_draw(&p, win, &in, pal(PAL_NORMAL));
		widget_pager_free(&p);
		free(text);
	}
}

static void lib_draw_form(struct view_library *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, FLD_COUNT + 5, r->w - 8);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, v->edit.id ? "编辑素材" : "新增素材",
				  pal(PAL_BORDER));
	for (size_t i = 0; i < FLD_COUNT; i++) {
		attr_t a = i == v->field ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
		int y = in.y + (int)i;
		draw_fill(win, y, in.x, in.w, a);
		draw_text(win, y, in.x + 1, lib_field_names[i], 8, a);
		const char *val = v->fields[i] ? v->fields[i] : "";
		if (i == FLD_BODY) {
			char *first = xstrndup(val, strcspn(val, "\n"));
			char *s = xasprintf("%s%s (Enter 编辑)", first,
					    strchr(val, '\n') ? " …" : "");
			draw_text(win, y, in.x + 10, s, in.w - 11, a);
			free(s);
			free(first);
		} else {
			draw_text(win, y, in.x + 10, val, in.w - 11, a);
		}
	}
	draw_text(win, in.y + FLD_COUNT + 1, in.x + 1,
		  "Enter 编辑字段 · w 保存 · Esc 取消 · 分类/素材区/形式可写中文", in.w - 2,
		  pal(PAL_DIM));
}

static void view_library_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_library *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	if (v->error && !v->pb) {
		draw_text(win, r->y + 1, r->x + 2, "Cannot show the library:", r->w - 4,
			  pal(PAL_ERROR));
		draw_text(win, r->y + 2, r->x + 2, v->error, r->w - 4, pal(PAL_NORMAL));
		return;
	}
	lib_draw_header(v, win, r->y, r->x, r->w);
	char *fline[2];
	int flines = lib_filter_lines(v, r->w, fline);
	if (v->mode == LIB_SEARCH) {
		char *s = xasprintf("/%s▏ (Enter 确定 · Esc 取消)", v->search);
		draw_text(win, r->y + 1, r->x, s, r->w, pal(PAL_MESSAGE));
		free(s);
		flines = 1;
	} else {
		for (int i = 0; i < flines; i++)
			draw_text(win, r->y + 1 + i, r->x, fline[i], r->w,
				  lib_filtered(v) ? pal(PAL_MESSAGE) : pal(PAL_DIM));
	}
	free(fline[0]);
	free(fline[1]);
	struct rect body = {r->y + 1 + flines, r->x, r->h - 1 - flines, r->w};
	if (v->mode == LIB_DETAIL && v->n) {
		struct rect in = draw_box(win, &body, v->page[v->sel].title, pal(PAL_BORDER));
		widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
		return;
	}
	lib_draw_list(v, win, &body);
	if (v->mode == LIB_TAGS) {
		struct rect box = rect_centre(&body, body.h, 40);
		draw_clear(win, &box, pal(PAL_NORMAL));
		struct rect in = draw_box(win, &box, "标签 (Space 选 · Esc 关)", pal(PAL_BORDER));
		widget_list_draw(&v->facet_list, win, &in);
	} else if (v->mode == LIB_CATEGORIES) {
		int h = (int)v->n_cats + 2 < body.h ? (int)v->n_cats + 2 : body.h;
		struct rect box = rect_centre(&body, h, 36);
		draw_clear(win, &box, pal(PAL_NORMAL));
		struct rect in = draw_box(win, &box, "分类 (Enter 选 · Esc 关)", pal(PAL_BORDER));
		widget_list_draw(&v->cat_list, win, &in);
	} else if (v->mode == LIB_FORM || v->mode == LIB_INPUT || v->mode == LIB_BODY) {
		if (v->mode == LIB_BODY) {
			struct rect box = rect_centre(&body, body.h, body.w - 4);
			draw_clear(win, &box, pal(PAL_NORMAL));
			struct rect in = draw_box(win, &box, "正文 (^D 完成 · Esc 取消)",
						  pal(PAL_BORDER));
			struct widget_pager p = {0};
			char *t = xasprintf("%s▏", buf_str(&v->body));
			widget_pager_set_text(&p, t);
			/* Keep the end (where one types) in view. */
			widget_pager_draw(&p, win, &in, pal(PAL_NORMAL));
			if (p.lines > (size_t)in.h) {
				p.top = p.lines - (size_t)in.h;
				draw_clear(win, &in, pal(PAL_NORMAL));
				widget_pager_draw(&p, win, &in, pal(PAL_NORMAL));
			}
			widget_pager_free(&p);
			free(t);
		} else {
			lib_draw_form(v, win, &body);
		}
	} else if (v->mode == LIB_CONFIRM) {
		/* One line per place it is scheduled, as many as the screen holds. */
		int lines = 1;
		for (const char *p = v->confirm; (p = strchr(p, '\n')); p++)
			lines++;
		int h = lines + 4 < body.h ? lines + 4 : body.h;
		struct rect box = rect_centre(&body, h, body.w - 4);
		draw_clear(win, &box, pal(PAL_NORMAL));
		struct rect in = draw_box(win, &box, "删除", pal(PAL_BORDER));
		const char *p = v->confirm;
		for (int i = 0; i < in.h - 2 && p; i++) {
			const char *nl = strchr(p, '\n');
			char *one = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
			draw_text(win, in.y + i, in.x + 1, one, in.w - 2,
				  i == 0 ? pal(PAL_ERROR) : pal(PAL_NORMAL));
			free(one);
			p = nl ? nl + 1 : NULL;
		}
		draw_text(win, in.y + in.h - 1, in.x + 1, "y 删除 · n/Esc 取消", in.w - 2,
			  pal(PAL_DIM));
	}
	if (v->mode == LIB_INPUT) {
		char *s = xasprintf("%s: %s▏", v->input_label, buf_str(&v->input));
		draw_text(win, r->y + r->h - 1, r->x, s, r->w, pal(PAL_MESSAGE));
		free(s);
	}
}

/* ---- typing: search, prompts, the built-in editor ---- */

/* Remove the last UTF-8 character of b. */
static void lib_buf_backspace(struct buf *b)
{
	while (b->len > 0) {
		unsigned char c = (unsigned char)b->data[--b->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	buf_str(b);
}

/* Does s end with a complete UTF-8 character (so a query makes sense)? */
static bool lib_utf8_complete(const char *s)
{
	size_t n = strlen(s);
	return utf8_valid(s, n);
}

static bool lib_is_text_key(int key)
{
	return key >= 0x20 && key <= 0xFF && key != 0x7F;
}

static int lib_search_key(struct view_library *v, int key)
{
	size_t n = strlen(v->search);
	switch (key) {
	case 27:
		memcpy(v->search, v->search_before, sizeof v->search);
		v->mode = LIB_LIST;
		break;
	case '\n':
	case KEY_ENTER:
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'): {
		struct buf b = {0};
		buf_adds(&b, v->search);
		lib_buf_backspace(&b);
		memcpy(v->search, buf_str(&b), b.len + 1);
		buf_free(&b);
		break;
	}
	case CTRL('u'):
		v->search[0] = '\0';
		break;
	default:
		if (!lib_is_text_key(key) || n >= LIB_SEARCH_MAX)
			return VIEW_HANDLED;
		v->search[n] = (char)key;
		v->search[n + 1] = '\0';
		/* Half a Chinese character is no query: wait for the rest. */
		if (!lib_utf8_complete(v->search))
			return VIEW_HANDLED;
	}
	lib_refilter(v);
	return VIEW_HANDLED;
}

static void lib_prompt(struct view_library *v, const char *label, const char *initial,
		       void (*done)(struct view_library *, const char *))
{
	v->input.len = 0;
	buf_adds(&v->input, initial ? initial : "");
	v->input_label = label;
	v->input_done = done;
	v->mode = LIB_INPUT;
}

static void lib_field_done(struct view_library *v, const char *text);

static int lib_input_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
		v->mode = v->input_done == lib_field_done ? LIB_FORM : LIB_LIST;
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER: {
		char *text = xstrdup(buf_str(&v->input));
		v->input_done(v, text);
		free(text);
		return VIEW_HANDLED;
	}
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		lib_buf_backspace(&v->input);
		return VIEW_HANDLED;
	case CTRL('u'):
		v->input.len = 0;
		buf_str(&v->input);
		return VIEW_HANDLED;
	}
	if (lib_is_text_key(key)) {
		char c = (char)key;
		buf_add(&v->input, &c, 1);
	}
	return VIEW_HANDLED;
}

/* ---- filters ---- */

static void lib_range_done(struct view_library *v, const char *text)
{
	char from[32] = "", to[32] = "";
	v->mode = LIB_LIST;
	if (sscanf(text, "%31s %31s", from, to) != 2) {
		app_error(v->app, "date range: want 'FROM TO' (YYYY-MM-DD or YYYYMM)");
		return;
	}
	int f = content_parse_date(from), t = content_parse_date(to);
	if (f != DATE_INVALID && strlen(to) == 6) {
		int y, m, d;
		date_to_ymd(t, &y, &m, &d);
		t += date_days_in_month(y, m) - 1;
	}
	if (f == DATE_INVALID || t == DATE_INVALID || t < f) {
		app_error(v->app, "date range: '%s' is not FROM TO", text);
		return;
	}
	v->range_from = f;
	v->range_to = t;
	v->period = PERIOD_RANGE;
	lib_refilter(v);
}

static void lib_clear_filters(struct view_library *v)
{
	for (size_t i = 0; i < v->n_tags; i++)
		free(v->tags[i]);
	v->n_tags = 0;
	v->category = v->zone = v->form = 0;
	v->period = PERIOD_ALL;
	v->search[0] = '\0';
	lib_refilter(v);
	app_message(v->app, "filters cleared");
}

static void lib_facet_draw(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			   bool selected)
{
	struct view_library *v = ctx;
	bool on = false;
	for (size_t t = 0; t < v->n_tags; t++)
		on |= strcmp(v->tags[t], v->facets[i].value) == 0;
	char *s = xasprintf("[%s] %s", on ? "x" : " ", v->facets[i].value);
	attr_t a = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
	char count[24];
	snprintf(count, sizeof count, "%zu", v->facets[i].count);
	draw_text(win, y, x, s, cols - 7, a);
	draw_text(win, y, x + cols - 7, count, 7, a);
	free(s);
}

static void lib_open_tags(struct view_library *v)
{
	content_facets_free(v->facets, v->n_facets);
	v->facets = NULL;
	v->n_facets = 0;
	char *cause = NULL;
	if (content_facet_tags(v->app->db, &v->filter, LIB_FACETS, &v->facets, &v->n_facets,
			       &cause) < 0) {
		lib_set_error(v, cause);
		return;
	}
	/* Chosen tags stay in the list even when the filter leaves them no other item. */
	widget_list_init(&v->facet_list, lib_facet_draw, NULL, v);
	widget_list_set_count(&v->facet_list, v->n_facets);
	v->mode = LIB_TAGS;
	if (!v->n_facets)
		app_message(v->app, "no tags in the current list");
}

static void lib_toggle_tag(struct view_library *v, const char *tag)
{
	for (size_t i = 0; i < v->n_tags; i++) {
		if (strcmp(v->tags[i], tag) == 0) {
			free(v->tags[i]);
			memmove(&v->tags[i], &v->tags[i + 1], (v->n_tags - i - 1) * sizeof *v->tags);
			v->n_tags--;
			lib_refilter(v);
			return;
		}
	}
	if (v->n_tags < LIB_TAGS_MAX) {
		v->tags[v->n_tags++] = xstrdup(tag);
		lib_refilter(v);
	}
}

static int lib_tags_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
	case 't':
	case 'q':
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case ' ':
	case '\n':
	case KEY_ENTER:
		if (v->n_facets) {
			size_t cur = v->facet_list.cursor;
			char *tag = xstrdup(v->facets[cur].value);
			lib_toggle_tag(v, tag);
			/* Counts follow the new filter and re-sort the list: keep the cursor
			   on the same tag, not the same row. */
			lib_open_tags(v);
			for (size_t i = 0; i < v->n_facets; i++)
				if (strcmp(v->facets[i].value, tag) == 0)
					cur = i;
			free(tag);
			widget_list_set_cursor(&v->facet_list, cur);
			if (key != ' ')
				v->mode = LIB_LIST;
		}
		return VIEW_HANDLED;
	}
	widget_list_key(&v->facet_list, key);
	return VIEW_HANDLED;
}

/* A category picker row: "● 促活型 (12)", the dot on the category in use. */
static void lib_cat_draw(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			 bool selected)
{
	struct view_library *v = ctx;
	attr_t a = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
	char *s = xasprintf("%s %s (%zu)", i == v->category ? "●" : " ", v->cats[i].value,
			    v->cats[i].count);
	draw_text(win, y, x, s, cols, a);
	free(s);
}

/*
 * The category picker: 全部, each playbook category, 未分类, each with how many
 * items the current filter would show with that category (the other filters
 * kept). Row i is the view's category index i.
 */
static void lib_open_categories(struct view_library *v)
{
	if (!v->pb)
		return;
	struct content_filter f = v->filter;
	f.category = NULL;
	struct content_facet *fc;
	size_t n;
	char *cause = NULL;
	if (content_facet_categories(v->app->db, &f, &fc, &n, &cause) < 0) {
		lib_set_error(v, cause);
		return;
	}
	content_facets_free(v->cats, v->n_cats);
	size_t nc = v->pb->n_categories;
	v->n_cats = nc + 2;
	v->cats = xcalloc(v->n_cats, sizeof *v->cats);
	size_t all = 0;
	for (size_t i = 0; i < n; i++)
		all += fc[i].count;
	v->cats[0] = (struct content_facet){xstrdup("全部"), all};
	for (size_t c = 0; c < nc; c++) {
		v->cats[c + 1].value = xstrdup(v->pb->categories[c].name);
		for (size_t i = 0; i < n; i++)
			if (strcmp(fc[i].value, v->pb->categories[c].key) == 0)
				v->cats[c + 1].count = fc[i].count;
	}
	v->cats[nc + 1].value = xstrdup("未分类");
	for (size_t i = 0; i < n; i++)
		if (!*fc[i].value)
			v->cats[nc + 1].count = fc[i].count;
	content_facets_free(fc, n);
	widget_list_init(&v->cat_list, lib_cat_draw, NULL, v);
	widget_list_set_count(&v->cat_list, v->n_cats);
	widget_list_set_cursor(&v->cat_list, v->category < v->n_cats ? v->category : 0);
	v->mode = LIB_CATEGORIES;
}

/* Keys in the category picker: Enter or Space picks the row, Esc closes. */
static int lib_categories_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
	case 'C':
	case 'q':
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case ' ':
	case '\n':
	case KEY_ENTER:
		v->category = v->cat_list.cursor;
		v->mode = LIB_LIST;
		lib_refilter(v);
		return VIEW_HANDLED;
	}
	widget_list_key(&v->cat_list, key);
	return VIEW_HANDLED;
}

/* ---- add / edit ---- */

static void lib_form_open(struct view_library *v, const struct content_item *it)
{
	lib_form_clear(v);
	struct content_item blank = {.date = v->app->today};
	content_item_copy(&v->edit, it ? it : &blank);
	char date[11];
	date_format(v->edit.date, date);
	v->fields[FLD_TITLE] = xstrdup(v->edit.title);
	v->fields[FLD_CATEGORY] = xstrdup(lib_category_name(v, v->edit.category));
	v->fields[FLD_ZONE] = xstrdup(content_zone_name(v->edit.zone));
	v->fields[FLD_FORM] = xstrdup(content_form_name(v->edit.form));
	v->fields[FLD_STYLE] = xstrdup(v->edit.style);
	v->fields[FLD_TAGS] = lib_tags_text(&v->edit, "、");
	v->fields[FLD_DATE] = xstrdup(date);
	v->fields[FLD_SOURCE] = xstrdup(v->edit.source);
	v->fields[FLD_BODY] = xstrdup(v->edit.body);
	v->field = 0;
	v->mode = LIB_FORM;
}

static void lib_field_done(struct view_library *v, const char *text)
{
	free(v->fields[v->field]);
	v->fields[v->field] = xstrdup(text);
	v->mode = LIB_FORM;
}

/* Edit the body in $EDITOR on a temporary file, as git does. */
static int lib_body_external(struct view_library *v, const char *editor)
{
	char path[] = "/tmp/sopdeck-body-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		app_error(v->app, "temporary file: %s", strerror(errno));
		return VIEW_HANDLED;
	}
	const char *body = v->fields[FLD_BODY];
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		app_error(v->app, "temporary file: %s", strerror(errno));
		return VIEW_HANDLED;
	}
	fputs(body, f);
	fclose(f);
	def_prog_mode();
	endwin();
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		/* Through the shell, so that EDITOR="code -w" works like in git. */
		execl("/bin/sh", "sh", "-c", "$EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	char *text;
	size_t len;
	char *cause = NULL;
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    read_file(path, CONTENT_MAX_IMPORT_BYTES, &text, &len, &cause) == 0) {
		/* Editors add a final newline; the body had none. */
		while (len && text[len - 1] == '\n')
			text[--len] = '\0';
		free(v->fields[FLD_BODY]);
		v->fields[FLD_BODY] = text;
		app_message(v->app, "body edited in %s", editor);
	} else {
		app_error(v->app, "%s failed; body unchanged%s%s", editor, cause ? ": " : "",
			  cause ? cause : "");
		free(cause);
	}
	unlink(path);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int lib_body_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
		v->mode = LIB_FORM;
		return VIEW_HANDLED;
	case CTRL('d'):
	case CTRL('s'):   /* often eaten by the terminal's flow control (IXON) */
		free(v->fields[FLD_BODY]);
		v->fields[FLD_BODY] = xstrdup(buf_str(&v->body));
		v->mode = LIB_FORM;
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		buf_adds(&v->body, "\n");
		return VIEW_HANDLED;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		lib_buf_backspace(&v->body);
		return VIEW_HANDLED;
	}
	if (lib_is_text_key(key) || key == '\t') {
		char c = (char)key;
		buf_add(&v->body, &c, 1);
	}
	return VIEW_HANDLED;
}

/* Turn the form's fields into an item and store it. */
static void lib_form_save(struct view_library *v)
{
	struct content_item it = {0};
	content_item_copy(&it, &v->edit);
	const char *category = content_category_parse(v->pb, v->fields[FLD_CATEGORY]);
	const char *zone = content_zone_parse(v->fields[FLD_ZONE]);
	const char *form = content_form_parse(v->fields[FLD_FORM]);
	int date = content_parse_date(v->fields[FLD_DATE]);
	int bad = !category ? FLD_CATEGORY : !zone ? FLD_ZONE : !form ? FLD_FORM
		: date == DATE_INVALID ? FLD_DATE : -1;
	if (bad >= 0) {
		app_error(v->app, "%s: '%s' is not valid", lib_field_names[bad], v->fields[bad]);
		content_item_clear(&it);
		return;
	}
	free(it.title), it.title = text_trim(xstrdup(v->fields[FLD_TITLE]));
	free(it.category), it.category = xstrdup(category);
	free(it.zone), it.zone = xstrdup(zone);
	free(it.form), it.form = xstrdup(form);
	free(it.style), it.style = text_trim(xstrdup(v->fields[FLD_STYLE]));
	free(it.source), it.source = text_trim(xstrdup(v->fields[FLD_SOURCE]));
	free(it.body), it.body = xstrdup(v->fields[FLD_BODY]);
	content_tags_free(it.tags, it.n_tags);
	it.n_tags = content_tags_split(v->fields[FLD_TAGS], &it.tags);
	it.date = date;
	char *cause = NULL;
	int rc = it.id ? content_update(v->app->db, &it, v->app->operator, &cause)
		       : content_add(v->app->db, &it, v->app->operator, &cause);
	if (rc < 0) {
		lib_set_error(v, cause);
	} else {
		app_message(v->app, "%s: %s", v->edit.id ? "saved" : "added", it.title);
		v->mode = LIB_LIST;
		lib_form_clear(v);
	}
	content_item_clear(&it);
}

static int lib_form_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
		lib_form_clear(v);
		v->mode = LIB_LIST;
		app_message(v->app, "not saved");
		return VIEW_HANDLED;
	case 'j':
	case KEY_DOWN:
		v->field = (v->field + 1) % FLD_COUNT;
		return VIEW_HANDLED;
	case 'k':
	case KEY_UP:
		v->field = (v->field + FLD_COUNT - 1) % FLD_COUNT;
		return VIEW_HANDLED;
	case CTRL('s'):
	case 'w':
		lib_form_save(v);
		return VIEW_HANDLED | (v->mode == LIB_LIST ? VIEW_RELOAD : 0);
	case '\n':
	case KEY_ENTER:
		if (v->field == FLD_BODY) {
			const char *editor = getenv("EDITOR");
			if (editor && *editor)
				return lib_body_external(v, editor);
			v->body.len = 0;
			buf_adds(&v->body, v->fields[FLD_BODY]);
			v->mode = LIB_BODY;
			return VIEW_HANDLED;
		}
		lib_prompt(v, lib_field_names[v->field], v->fields[v->field], lib_field_done);
		return VIEW_HANDLED;
	}
	return VIEW_HANDLED;
}

/* ---- delete, copy ---- */

static void lib_ask_delete(struct view_library *v)
{
	if (!v->n)
		return;
	const struct content_item *it = &v->page[v->sel];
	lib_load_use(v);
	struct buf b = {0};
	buf_addf(&b, "删除《%s》?", it->title);
	if (v->n_use) {
		buf_addf(&b, "\n已排期 %zu 处, 删除后从日历移除:", v->n_use);
		/* The box has room for about this many on a 24-line terminal. */
		size_t show = v->n_use <= 8 ? v->n_use : 7;
		for (size_t i = 0; i < show; i++) {
			char d[11], at[6] = "--:--";
			date_format(v->use[i].day, d);
			if (v->use[i].at >= 0)
				time_format_hhmm(v->use[i].at, at);
			buf_addf(&b, "\n  %s %s %s %s", d, lib_weekdays[date_weekday(v->use[i].day)], at,
				 *v->use[i].group_name ? v->use[i].group_name : "(已删除的群)");
		}
		if (show < v->n_use)
			buf_addf(&b, "\n  … 另 %zu 处", v->n_use - show);
	}
	buf_str(&b);
	free(v->confirm);
	v->confirm = b.data;
	v->mode = LIB_CONFIRM;
}

static int lib_confirm_key(struct view_library *v, int key)
{
	if (key != 'y' && key != 'Y') {
		v->mode = LIB_LIST;
		app_message(v->app, "not deleted");
		return VIEW_HANDLED;
	}
	v->mode = LIB_LIST;
	if (!v->n)
		return VIEW_HANDLED;
	char *title = xstrdup(v->page[v->sel].title), *cause = NULL;
	size_t slots = 0;
	if (content_delete(v->app->db, v->page[v->sel].id, v->app->operator, &slots, &cause) < 0) {
		lib_set_error(v, cause);
		free(title);
		return VIEW_HANDLED;
	}
	if (slots)
		app_message(v->app, "deleted: %s (removed from %zu calendar slot%s)", title, slots,
			    slots == 1 ? "" : "s");
	else
		app_message(v->app, "deleted: %s", title);
	free(title);
	return VIEW_HANDLED | VIEW_RELOAD;
}

static void lib_copy(struct view_library *v)
{
	if (!v->n)
		return;
	char *cause = NULL;
	long n = osc52_copy(v->page[v->sel].body, &cause);
	if (n < 0)
		lib_set_error(v, cause);
	else
		app_message(v->app, "copied %ld characters", n);
}

/* ---- keys ---- */

static int lib_detail_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
	case 'q':
	case '\n':
	case KEY_ENTER:
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case 'y':
		lib_copy(v);
		return VIEW_HANDLED;
	case 'e':
		lib_form_open(v, &v->page[v->sel]);
		return VIEW_HANDLED;
	}
	widget_pager_key(&v->pager, key);
	return VIEW_HANDLED;
}

static size_t lib_cycle(size_t cur, size_t count)
{
	return (cur + 1) % (count + 1);
}

static size_t lib_count(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static int view_library_key(void *state, int key)
{
	struct view_library *v = state;
	switch (v->mode) {
	case LIB_SEARCH: return lib_search_key(v, key);
	case LIB_DETAIL: return lib_detail_key(v, key);
	case LIB_TAGS: return lib_tags_key(v, key);
	case LIB_CATEGORIES: return lib_categories_key(v, key);
	case LIB_FORM: return lib_form_key(v, key);
	case LIB_INPUT: return lib_input_key(v, key);
	case LIB_BODY: return lib_body_key(v, key);
	case LIB_CONFIRM: return lib_confirm_key(v, key);
	case LIB_LIST: break;
	}
	switch (key) {
	case '/':
		memcpy(v->search_before, v->search, sizeof v->search);
		v->mode = LIB_SEARCH;
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		if (v->n) {
			lib_load_use(v);
			char *text = lib_detail_text(v, &v->page[v->sel]);
			widget_pager_set_text(&v->pager, text);
			free(text);
			v->mode = LIB_DETAIL;
		}
		return VIEW_HANDLED;
	case 't':
		lib_open_tags(v);
		return VIEW_HANDLED;
	case 'C':
		lib_open_categories(v);
		return VIEW_HANDLED;
	case 'z':
		v->zone = lib_cycle(v->zone, lib_count(content_zones));
		lib_refilter(v);
		return VIEW_HANDLED;
	case 'f':
		v->form = lib_cycle(v->form, lib_count(content_forms));
		lib_refilter(v);
		return VIEW_HANDLED;
	case 'p':
		v->period = v->period >= PERIOD_30 ? PERIOD_ALL : v->period + 1;
		lib_refilter(v);
		return VIEW_HANDLED;
	case 'P':
		lib_prompt(v, "日期范围 FROM TO", "", lib_range_done);
		return VIEW_HANDLED;
	case 's':
		v->sort = v->sort == CONTENT_SORT_DATE ? CONTENT_SORT_TITLE : CONTENT_SORT_DATE;
		lib_refilter(v);
		return VIEW_HANDLED;
	case 'c':
	case KEY_BACKSPACE:
	case 127:
		lib_clear_filters(v);
		return VIEW_HANDLED;
	case 'a':
		lib_form_open(v, NULL);
		return VIEW_HANDLED;
	case 'e':
		if (v->n)
			lib_form_open(v, &v->page[v->sel]);
		return VIEW_HANDLED;
	case 'd':
		lib_ask_delete(v);
		return VIEW_HANDLED;
	case 'y':
		lib_copy(v);
		return VIEW_HANDLED;
	case 'j': case 'k': case KEY_DOWN: case KEY_UP: case KEY_NPAGE: case KEY_PPAGE:
	case CTRL('d'): case CTRL('u'): case 'g': case 'G': case KEY_HOME: case KEY_END:
		lib_move(v, key);
		return VIEW_HANDLED;
	}
	return VIEW_IGNORED;
}

const struct view_ops view_library = {
	.name = "Library",
	.keys = view_library_keys,
	.init = view_library_init,
	.free = view_library_free,
	.draw = view_library_draw,
	.key = view_library_key,
	.reload = view_library_reload,
};
