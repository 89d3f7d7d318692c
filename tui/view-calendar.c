/*
 * The Calendar tab (内容排期): the week grid of the playbook's slots by day,
 * for one group or all; a month view with nodes and countdowns; a library
 * picker, a placeholder form and a go-to prompt as overlays. All data comes
 * from include/calendar.h and include/content.h; this file only draws and
 * turns keys into calls.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "calendar.h"
#include "content.h"
#include "dates.h"
#include "draw.h"
#include "group.h"
#include "playbook.h"
#include "text.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define CAL_LABEL_W 10
#define CAL_INPUT_MAX 256
#define CAL_ID_MAX (PLAYBOOK_MAX_ID + 1)  /* an action id and its NUL */
#define CAL_TAG_FACETS 30

enum cal_mode { MODE_GRID, MODE_MONTH, MODE_PICKER, MODE_FORM, MODE_GOTO };

/* One line of the grid: a group's header (row -1) or a slot row of a group. */
struct cal_line {
	size_t group;
	int row;
};

struct view_calendar {
	struct app *app;
	struct playbook *pb;
	struct cal_week week;
	bool loaded;
	int start;                 /* Monday shown */
	int64_t only;              /* group id shown, 0 = all */
	struct cal_line *lines;
	size_t n_lines, line, top;
	int day;                   /* 0 = Monday */
	enum cal_mode mode;
	/* Move/copy: the marked source (mark.action_id points at mark_action). */
	bool marked, mark_copy;
	struct cal_pos mark;
	char mark_action[CAL_ID_MAX];
	bool ascii;                /* status marks in ASCII: the locale is not UTF-8 */
	/* Month view. */
	struct cal_month month;
	bool month_ok;
	int month_y, month_m;
	/* Text inputs: picker search or go-to, form fields (topic, form, owner). */
	struct widget_input input;
	struct widget_input field[3];
	int field_i;
	/* The picker (widget_picker pages and counts): the items loaded, its filters. */
	struct widget_picker picker;
	struct content_item *items;
	size_t n_items;
	int pick_cat;              /* -1 = any category, else index into pb->categories */
	struct content_facet *tags;
	size_t n_tags;
	int pick_tag;              /* -1 = any tag, else index into tags */
	int64_t *recent;           /* content the cell's group has within 14 days, sorted */
	size_t n_recent;
};

static const struct view_key view_calendar_keys[] = {
	{"← → h l", N_("previous / next day")},
	{"↑ ↓ k j", N_("previous / next slot")},
	{"[ ]", N_("previous / next week (month in the month view)")},
	{"t", N_("this week, today")},
	{"g", N_("go to a date (2026-03-18) or an ISO week (2026-W12)")},
	{"f", N_("one group / all groups")},
	{"m", N_("month view: nodes, countdowns, unplanned nodes")},
	{"Enter", N_("fill from the library: type to search, Tab category, ^T tag, PgUp/PgDn")},
	{"p", N_("placeholder: topic, form, owner")},
	{"x", N_("clear the slot")},
	{"M C", N_("mark to move / copy; then Enter on the target")},
	{"L", N_("copy last week's plan into this week")},
	{"s", N_("status: 计划 → 初稿 → 已审 → 已发")},
	{"u", N_("undo your last calendar change")},
	{"U ^R", N_("redo what u took back")},
	{"i", N_("legend of the marks (on the message line)")},
	{"● ✓ ✎ ○", N_("● 已发 ✓ 已审 ✎ 初稿 ○ 计划: a slot's status")},
	{"· !", N_("· 待填 empty slot  ! 警告 (the detail line says)")},
	{NULL, NULL},
};

static widget_list_draw_fn view_calendar_pick_row;
static widget_picker_fetch_fn view_calendar_fetch;
static widget_picker_count_fn view_calendar_count;

static const char *const cal_weekdays[] = {"周一", "周二", "周三", "周四",
					   "周五", "周六", "周日"};

/* Does group g have anything in row r this week: a fillable cell or a stored slot? */
static bool view_calendar_row_used(const struct view_calendar *v, size_t g, size_t r)
{
	for (int d = 0; d < 7; d++) {
		const struct cal_cell *c = calendar_cell(&v->week, g, r, d);
		if (c->action || c->slot)
			return true;
	}
	return false;
}

/*
 * Rebuild the display lines from the week: headers only when all groups show,
 * and for each group only the rows it has something in (a one-off row of
 * another group's cold start, or a column of another stage, is noise).
 */
static void view_calendar_lines(struct view_calendar *v)
{
	free(v->lines);
	size_t n = v->week.n_groups * (v->week.n_rows + 1);
	v->lines = xcalloc(n ? n : 1, sizeof *v->lines);
	v->n_lines = 0;
	for (size_t g = 0; g < v->week.n_groups; g++) {
		if (!v->only)
			v->lines[v->n_lines++] = (struct cal_line){g, -1};
		for (size_t r = 0; r < v->week.n_rows; r++)
			if (view_calendar_row_used(v, g, r))
				v->lines[v->n_lines++] = (struct cal_line){g, (int)r};
	}
	if (v->line >= v->n_lines)
		v->line = v->n_lines ? v->n_lines - 1 : 0;
	while (v->line < v->n_lines && v->lines[v->line].row < 0)
		v->line++;
}

/* Load the week (and playbook) again; errors go to the message line. */
static void view_calendar_load(struct view_calendar *v)
{
	char *cause = NULL;
	/* Keep the cursor on the same group and time: groups added or removed by
	   another operator shift the lines. */
	int64_t keep_gid = 0;
	int keep_at = -1;
	char keep_action[CAL_ID_MAX] = "";
	if (v->loaded && v->line < v->n_lines) {
		const struct cal_line *l = &v->lines[v->line];
		keep_gid = v->week.groups[l->group].group.id;
		if (l->row >= 0) {
			keep_at = v->week.rows[l->row].at;
			snprintf(keep_action, sizeof keep_action, "%s",
				 v->week.rows[l->row].action_id ? v->week.rows[l->row].action_id : "");
		}
	}
	if (v->loaded)
		calendar_week_free(&v->week);
	v->loaded = false;
	playbook_free(v->pb);
	v->pb = NULL;
	if (playbook_load_active(v->app->db, &v->pb, &cause) == 0) {
		/* One group: its name by id (gone: all groups again), then one week query. */
		char *name = NULL;
		if (v->only) {
			struct group g = {0};
			char *why = NULL;
			if (group_find_id(v->app->db, v->only, &g, &why) == 0)
				name = xstrdup(g.name);
			else
				v->only = 0;
			group_clear(&g);
			free(why);
		}
		if (calendar_week(v->app->db, v->pb, v->start, name, calendar_now(v->app->today),
				  &v->week, &cause) == 0)
			v->loaded = true;
		free(name);
	}
	if (!v->loaded) {
		app_error(v->app, _("calendar: %s"), cause ? cause : _("cannot load"));
		memset(&v->week, 0, sizeof v->week);
	}
	free(cause);
	view_calendar_lines(v);
	for (size_t i = 0; keep_gid && i < v->n_lines; i++) {
		const struct cal_line *l = &v->lines[i];
		const struct cal_row *row = l->row < 0 ? NULL : &v->week.rows[l->row];
		if (v->week.groups[l->group].group.id == keep_gid &&
		    (row ? row->at : -1) == keep_at &&
		    strcmp(row && row->action_id ? row->action_id : "", keep_action) == 0) {
			v->line = i;
			break;
		}
	}
}

static void view_calendar_load_month(struct view_calendar *v)
{
	if (v->month_ok)
		calendar_month_free(&v->month);
	char *cause = NULL;
	const char *name = NULL;
	for (size_t g = 0; v->only && g < v->week.n_groups; g++)
		name = v->week.groups[g].group.name;
	v->month_ok = v->pb && calendar_month(v->app->db, v->pb, v->month_y, v->month_m, name,
					      v->app->today, &v->month, &cause) == 0;
	if (!v->month_ok)
		app_error(v->app, _("month: %s"), cause ? cause : _("cannot load"));
	free(cause);
}


static void *view_calendar_init(struct app *app)
{
	struct view_calendar *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->start = calendar_week_start(app->today);
	v->day = date_weekday(app->today);
	v->ascii = draw_want_ascii();
	v->pick_cat = v->pick_tag = -1;
	widget_input_init(&v->input, CAL_INPUT_MAX - 1);
	for (int i = 0; i < 3; i++)
		widget_input_init(&v->field[i], CAL_INPUT_MAX - 1);
	widget_picker_init(&v->picker, view_calendar_pick_row, view_calendar_fetch,
			   view_calendar_count, v);
	return v;
}

static void view_calendar_free(void *state)
{
	struct view_calendar *v = state;
	if (v->loaded)
		calendar_week_free(&v->week);
	if (v->month_ok)
		calendar_month_free(&v->month);
	content_items_free(v->items, v->n_items);
	content_facets_free(v->tags, v->n_tags);
	free(v->recent);
	playbook_free(v->pb);
	free(v->lines);
	widget_input_free(&v->input);
	for (int i = 0; i < 3; i++)
		widget_input_free(&v->field[i]);
	free(v);
}

/* Shown and stale: the week again, and the month when it is open. */
static void view_calendar_load_op(void *state, const struct rect *r)
{
	struct view_calendar *v = state;
	view_calendar_load(v);
	if (v->mode == MODE_MONTH)
		view_calendar_load_month(v);
}

/* The cell under the cursor, or NULL (no groups, or on a header). */
static struct cal_cell *view_calendar_cursor(struct view_calendar *v, struct cal_pos *pos)
{
	if (!v->loaded || v->line >= v->n_lines || v->lines[v->line].row < 0)
		return NULL;
	const struct cal_line *l = &v->lines[v->line];
	struct cal_cell *c = calendar_cell(&v->week, l->group, (size_t)l->row, v->day);
	if (pos) {
		pos->group_id = v->week.groups[l->group].group.id;
		pos->day = v->week.start + v->day;
		pos->at = v->week.rows[l->row].at;
		/* The stored slot's own key ("" = stored without an action), else the cell's. */
		pos->action_id = c->slot ? (c->slot->action_id ? c->slot->action_id : "")
			       : c->action ? c->action->id : NULL;
	}
	return c;
}

/* The one-column mark of a slot's status (计划 ○ 初稿 ✎ 已审 ✓ 已发 ●). */
static const char *view_calendar_mark(const struct view_calendar *v, enum slot_status s)
{
	static const char *const u[] = {"○", "✎", "✓", "●"};
	static const char *const a[] = {"o", "~", "+", "*"};
	return (unsigned)s < SLOT_STATUS_COUNT ? (v->ascii ? a[s] : u[s]) : "";
}

/* ---- drawing ---- */

/*
 * The text of a cell: "" not fillable, "·" empty, else the status mark first
 * (so it survives a narrow cell), "!" for warnings, and the label.
 */
static char *view_calendar_cell_text(const struct view_calendar *v, const struct cal_cell *c)
{
	if (!c->action && !c->slot)
		return xstrdup("");
	bool filled = c->slot && !cal_slot_empty(c->slot);
	return xasprintf("%s%s%s", filled ? view_calendar_mark(v, c->slot->status) : "",
			 c->warn ? "!" : "", filled ? cal_slot_label(c->slot) : "·");
}

static attr_t view_calendar_cell_attr(const struct view_calendar *v, const struct cal_cell *c,
				      bool selected, bool marked)
{
	if (selected)
		return pal(PAL_SELECTED);
	if (marked)
		return pal(PAL_HEADER) | A_UNDERLINE;
	if (c->warn)
		return pal(PAL_OVERDUE);
	if (c->slot && c->slot->status == SLOT_POSTED)
		return pal(PAL_DONE);
	if (!c->slot || cal_slot_empty(c->slot) || !c->slot->content_id)
		return pal(PAL_DIM);
	return pal(PAL_NORMAL);
}

/*
 * The cursor cell's details for the last line: status and warnings first, as
 * they are what a narrow terminal must not cut off, then where, what, whose,
 * and the action's name last.
 */
static char *view_calendar_detail(struct view_calendar *v)
{
	struct cal_pos pos;
	struct cal_cell *c = view_calendar_cursor(v, &pos);
	if (!c)
		return xstrdup(v->week.n_groups ? "" : "没有群：先导入群 (sopdeck import groups)");
	char date[11], at[6];
	date_format(pos.day, date);
	time_format_hhmm(pos.at, at);
	const struct group *g = &v->week.groups[v->lines[v->line].group].group;
	bool filled = c->slot && !cal_slot_empty(c->slot);
	struct buf b = {0};
	if (filled)
		buf_addf(&b, "[%s] ", slot_status_name(c->slot->status));
	else if (c->action)
		buf_adds(&b, "[空] ");
	if (c->warn) {
		char *w = calendar_warn_text(c->warn);
		buf_addf(&b, "! %s", w);
		if (c->warn & CAL_WARN_DUPLICATE) {
			char dup[11];
			date_format(c->dup_day, dup);
			buf_addf(&b, "(%s)", dup + 5);
		}
		buf_adds(&b, " ");
		free(w);
	}
	buf_addf(&b, "%s %s %s", g->name, date + 5, at);
	if (filled) {
		buf_addf(&b, " %s", cal_slot_label(c->slot));
		if (c->slot->owner[0])
			buf_addf(&b, " @%s", c->slot->owner);
	}
	char *title = c->action ? xstrdup(c->action->title) : xstrdup("(无栏目)");
	buf_addf(&b, " · %s", title);
	free(title);
	if (c->ab_arm) {
		/* An A/B test decides this day's copy or time: the planner sees which arm. */
		buf_addf(&b, " · A/B %s %c", c->ab_test, c->ab_arm);
		if (c->ab_at >= 0) {
			char t[6];
			time_format_hhmm(c->ab_at, t);
			buf_addf(&b, " %s", t);
		}
	}
	buf_str(&b);
	return b.data;
}

/* The label column: CAL_LABEL_W at 80 columns, a column more per 8 beyond, up to 24. */
static int view_calendar_label_w(int cols)
{
	int w = CAL_LABEL_W + (cols > 80 ? (cols - 80) / 8 : 0);
	return w > 24 ? 24 : w;
}

static void view_calendar_draw_grid(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	int label_w = view_calendar_label_w(r->w);
	int cell_w = (r->w - label_w) / 7;
	char from[11], to[11];
	date_format(v->week.start, from);
	date_format(v->week.start + 6, to);
	const char *who = v->only && v->week.n_groups ? v->week.groups[0].group.name : "全部群";
	draw_textf(win, r->y, r->x, r->w, pal(PAL_HEADER),
		   "%04d-W%02d  %s ~ %s  %s  已排 %zu/%zu  提醒 %zu%s", v->week.iso_year,
		   v->week.iso_week, from + 5, to + 5, who, v->week.n_filled, v->week.n_due,
		   v->week.n_warnings,
		   v->marked ? (v->mark_copy ? "  [复制: 选目标后 Enter]" : "  [移动: 选目标后 Enter]")
			     : "");
	/* The week's mix, live: share of the filled content per category vs target. */
	struct buf mix = {0};
	buf_adds(&mix, "配比");
	for (size_t i = 0; i < v->week.n_mix; i++)
		buf_addf(&mix, "  %s %.0f%%/%d%%", v->week.mix[i].name, v->week.mix[i].share,
			 v->week.mix[i].target);
	buf_addf(&mix, "  (内容 %zu 条)", v->week.mix_total);
	draw_text(win, r->y + 1, r->x, buf_str(&mix), r->w, pal(PAL_DIM));
	buf_free(&mix);
	draw_text(win, r->y + 2, r->x, "", label_w, pal(PAL_NORMAL));
	for (int d = 0; d < 7; d++) {
		char date[11], *head;
		date_format(v->week.start + d, date);
		head = xasprintf("%s%s", cal_weekdays[d], date + 5);
		attr_t a = v->week.start + d == v->app->today ? pal(PAL_TAB_ACTIVE) : pal(PAL_HEADER);
		draw_text(win, r->y + 2, r->x + label_w + d * cell_w, head, cell_w, a);
		free(head);
	}
	int rows = r->h - 4;
	if (rows < 1)
		return;
	if (v->line < v->top)
		v->top = v->line > 0 && v->lines[v->line - 1].row < 0 ? v->line - 1 : v->line;
	if (v->line >= v->top + (size_t)rows)
		v->top = v->line - (size_t)rows + 1;
	for (int i = 0; i < rows && v->top + (size_t)i < v->n_lines; i++) {
		const struct cal_line *l = &v->lines[v->top + (size_t)i];
		int y = r->y + 3 + i;
		const struct cal_group_week *gw = &v->week.groups[l->group];
		if (l->row < 0) {
			draw_textf(win, y, r->x, r->w, pal(PAL_HEADER) | A_BOLD, "▸ %s  %s",
				   gw->group.name, gw->stage ? gw->stage->name : "");
			continue;
		}
		const struct cal_row *row = &v->week.rows[l->row];
		char at[6];
		time_format_hhmm(row->at, at);
		/* Daily and one-off rows by time, weekly columns by name: the detail line has both. */
		char *label = row->daily || !row->action_id ? xasprintf("%s%s", at, row->label)
							    : xstrdup(row->label);
		/* One blank column keeps the label apart from the first cell. */
		draw_text(win, y, r->x, label, label_w - 1, pal(PAL_DIM));
		free(label);
		for (int d = 0; d < 7; d++) {
			const struct cal_cell *c = calendar_cell(&v->week, l->group, (size_t)l->row, d);
			bool sel = v->top + (size_t)i == v->line && d == v->day;
			const char *key = c->slot ? (c->slot->action_id ? c->slot->action_id : "")
				: c->action ? c->action->id : "";
			bool mk = v->marked && v->mark.group_id == gw->group.id &&
				  v->mark.day == v->week.start + d && v->mark.at == row->at &&
				  strcmp(v->mark_action, key) == 0;
			char *t = view_calendar_cell_text(v, c);
			int x = r->x + label_w + d * cell_w;
			draw_text(win, y, x, t, cell_w - 1, view_calendar_cell_attr(v, c, sel, mk));
			draw_text(win, y, x + cell_w - 1, "", 1, pal(PAL_NORMAL));
			free(t);
		}
	}
	char *detail = view_calendar_detail(v);
	draw_text(win, r->y + r->h - 1, r->x, detail, r->w,
		  view_calendar_cursor(v, NULL) && view_calendar_cursor(v, NULL)->warn
			  ? pal(PAL_OVERDUE) : pal(PAL_NORMAL));
	free(detail);
}

static void view_calendar_draw_month(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	draw_textf(win, r->y, r->x, r->w, pal(PAL_HEADER), "%04d-%02d 月视图  [ ] 换月  m/Esc 返回周视图",
		   v->month_y, v->month_m);
	if (!v->month_ok)
		return;
	int cw = 10;
	for (int d = 0; d < 7; d++)
		draw_text(win, r->y + 1, r->x + d * cw, cal_weekdays[d], cw, pal(PAL_HEADER));
	int lead = date_weekday(v->month.days[0].day);
	int y = r->y + 2;
	for (size_t i = 0; i < v->month.n_days; i++) {
		int col = (lead + (int)i) % 7;
		if (i > 0 && col == 0)
			y++;
		const struct cal_month_day *md = &v->month.days[i];
		int mday;
		date_to_ymd(md->day, &(int){0}, &(int){0}, &mday);
		char *t = md->n_nodes ? xasprintf("%2d%s", mday, md->nodes[0])
				      : xasprintf("%2d %zu/%zu", mday, md->n_filled, md->n_due);
		attr_t a = md->day == v->app->today ? pal(PAL_SELECTED)
			 : md->n_nodes ? pal(PAL_OVERDUE) : pal(PAL_NORMAL);
		draw_text(win, y, r->x + col * cw, t, cw - 1, a);
		free(t);
	}
	y += 2;
	draw_text(win, y++, r->x, "节点倒计时", r->w, pal(PAL_HEADER));
	for (size_t i = 0; i < v->month.n_upcoming && y < r->y + r->h; i++, y++) {
		const struct cal_node_info *n = &v->month.upcoming[i];
		char date[11];
		date_format(n->date, date);
		if (n->flagged)
			draw_textf(win, y, r->x, r->w, pal(PAL_OVERDUE), "! %s %s 还有 %d 天  未排内容：%s",
				   date, n->node->name, n->days_left, n->missing);
		else
			draw_textf(win, y, r->x, r->w, pal(PAL_NORMAL), "  %s %s 还有 %d 天", date,
				   n->node->name, n->days_left);
	}
}

static int view_calendar_id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A picker row: id, date, category, the 14-day repeat mark, the title. */
static void view_calendar_pick_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
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
					     view_calendar_id_cmp);
	attr_t a = selected ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
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

static void view_calendar_draw_picker(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, r->h - 2, r->w - 8);
	struct rect in = draw_box(win, &box, "从素材库选择 (Enter 选定, Esc 取消)", pal(PAL_BORDER));
	draw_clear(win, &in, pal(PAL_NORMAL));
	const struct pb_category *fc = v->pick_cat >= 0 && v->pb
		? &v->pb->categories[v->pick_cat] : NULL;
	char count[32], *tail;
	widget_picker_count_text(&v->picker, count, sizeof count);
	tail = xasprintf("  (%s 条)", count);
	int lw = draw_str(win, in.y, in.x, "搜索: ", in.w, pal(PAL_HEADER));
	int tw = text_width(tail);
	int iw = in.w - lw - tw;
	widget_input_draw(&v->input, win, in.y, in.x + lw, iw, pal(PAL_HEADER));
	draw_str(win, in.y, in.x + lw + iw, tail, tw, pal(PAL_HEADER));
	free(tail);
	draw_textf(win, in.y + 1, in.x, in.w, pal(PAL_DIM), "分类[Tab] %s  标签[^T] %s  PgUp/PgDn",
		   fc ? fc->name : "全部", v->pick_tag >= 0 ? v->tags[v->pick_tag].value : "全部");
	struct rect list = {in.y + 2, in.x, in.h - 2, in.w};
	if (list.h >= 1)
		widget_picker_draw(&v->picker, win, &list);
}

static void view_calendar_draw_form(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	static const char *const names[] = {"主题 topic", "形式 form", "负责人 owner"};
	struct rect box = rect_centre(r, 7, 60);
	struct rect in = draw_box(win, &box, "占位 (Tab 下一项, Enter 保存, Esc 取消)",
				  pal(PAL_BORDER));
	draw_clear(win, &in, pal(PAL_NORMAL));
	for (int i = 0; i < 3; i++) {
		attr_t a = i == v->field_i ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
		int y = in.y + 1 + i, fw = in.w - 2 - 15;
		draw_fill(win, y, in.x + 1, in.w - 2, a);
		draw_text(win, y, in.x + 1, names[i], 15, a);
		if (i == v->field_i)
			widget_input_draw(&v->field[i], win, y, in.x + 16, fw, a);
		else
			draw_text(win, y, in.x + 16, widget_input_text(&v->field[i]), fw, a);
	}
}

static void view_calendar_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_calendar *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	if (v->mode == MODE_MONTH) {
		view_calendar_draw_month(v, win, r);
		return;
	}
	if (v->loaded)
		view_calendar_draw_grid(v, win, r);
	if (v->mode == MODE_PICKER)
		view_calendar_draw_picker(v, win, r);
	else if (v->mode == MODE_FORM)
		view_calendar_draw_form(v, win, r);
	else if (v->mode == MODE_GOTO) {
		int y = r->y + r->h - 1;
		draw_fill(win, y, r->x, r->w, pal(PAL_SELECTED));
		int w = draw_str(win, y, r->x, "跳转到 (YYYY-MM-DD 或 YYYY-Www): ", r->w,
				 pal(PAL_SELECTED));
		widget_input_draw(&v->input, win, y, r->x + w, r->w - w, pal(PAL_SELECTED));
	}
}

/* ---- keys ---- */

/* Report the result of a change: reload everything on success. */
static int view_calendar_done(struct view_calendar *v, int rc, char *cause, const char *ok)
{
	if (rc < 0) {
		app_error(v->app, "%s", cause ? cause : "failed");
		free(cause);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	free(cause);
	if (ok)
		app_message(v->app, "%s", ok);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* Say there is nothing stored under the cursor, naming group, date and time. */
static void view_calendar_nothing(struct view_calendar *v, const struct cal_pos *p)
{
	char date[11], at[6];
	date_format(p->day, date);
	time_format_hhmm(p->at, at);
	const char *name = "";
	for (size_t g = 0; g < v->week.n_groups; g++)
		if (v->week.groups[g].group.id == p->group_id)
			name = v->week.groups[g].group.name;
	app_error(v->app, _("nothing scheduled for %s on %s %s"), name, date, at);
}

/* What the cursor cell's group has scheduled within 14 days, for the picker's marks. */
static void view_calendar_recent(struct view_calendar *v)
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
static void view_calendar_filter(struct view_calendar *v, struct content_filter *f, char *q,
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

/* The tags to cycle through with ^T: the library's most used ones. */
static void view_calendar_tags(struct view_calendar *v)
{
	content_facets_free(v->tags, v->n_tags);
	v->tags = NULL;
	v->n_tags = 0;
	v->pick_tag = -1;
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
static long view_calendar_fetch(void *ctx, size_t have, size_t want)
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
	view_calendar_filter(v, &f, q, &tag);
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
static int view_calendar_count(void *ctx, size_t cap, size_t *n, bool *more)
{
	struct view_calendar *v = ctx;
	struct content_filter f;
	const char *tag = NULL;
	char *q = text_trim(xstrdup(widget_input_text(&v->input)));
	view_calendar_filter(v, &f, q, &tag);
	char *cause = NULL;
	int rc = content_count_upto(v->app->db, &f, cap, n, more, &cause);
	if (rc < 0)
		app_error(v->app, _("library: %s"), cause);
	free(cause);
	free(q);
	return rc;
}

/* The search or a filter changed: the picker from its first page. */
static void view_calendar_search(struct view_calendar *v)
{
	widget_picker_reset(&v->picker);
}

static int view_calendar_key_picker(struct view_calendar *v, int key)
{
	if (key == 27) {
		v->mode = MODE_GRID;
	} else if (widget_picker_key(&v->picker, key, false) != VIEW_IGNORED) {
		/* ↑ ↓ PgUp PgDn: the list; every other key edits the search. */
	} else if (key == '\t' || key == KEY_BTAB) {
		/* Category: any -> each playbook category -> any. */
		int n = v->pb ? (int)v->pb->n_categories : 0;
		v->pick_cat += key == '\t' ? 1 : -1;
		if (v->pick_cat >= n)
			v->pick_cat = -1;
		if (v->pick_cat < -1)
			v->pick_cat = n - 1;
		view_calendar_search(v);
	} else if (key == 20) {
		/* ^T: any tag -> each of the most used tags -> any. */
		v->pick_tag = v->pick_tag + 1 >= (int)v->n_tags ? -1 : v->pick_tag + 1;
		view_calendar_search(v);
	} else if (key == '\n' || key == KEY_ENTER) {
		struct cal_pos p;
		struct cal_cell *c = view_calendar_cursor(v, &p);
		v->mode = MODE_GRID;
		size_t pick = v->picker.list.cursor;
		if (pick >= v->n_items || !c)
			return VIEW_HANDLED;
		/* Topic, form and owner stay NULL: a placeholder's plan is kept. */
		struct cal_fill f = {.content_id = v->items[pick].id, .status = -1,
				     .action_id = c->action ? c->action->id : NULL};
		char *cause = NULL;
		int rc = calendar_fill(v->app->db, v->pb, p.group_id, p.day, p.at, &f,
				       v->app->operator, &cause);
		char *msg = xasprintf("已排入：%s", v->items[pick].title);
		int fl = view_calendar_done(v, rc, cause, msg);
		free(msg);
		return fl;
	} else if (widget_input_key(&v->input, key) == WIDGET_INPUT_CHANGED) {
		view_calendar_search(v);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int view_calendar_key_form(struct view_calendar *v, int key)
{
	if (key == 27) {
		v->mode = MODE_GRID;
	} else if (key == '\t' || key == KEY_DOWN) {
		v->field_i = (v->field_i + 1) % 3;
	} else if (key == KEY_BTAB || key == KEY_UP) {
		v->field_i = (v->field_i + 2) % 3;
	} else if (key == '\n' || key == KEY_ENTER) {
		struct cal_pos p;
		v->mode = MODE_GRID;
		if (!view_calendar_cursor(v, &p))
			return VIEW_HANDLED;
		struct cal_cell *c = view_calendar_cursor(v, NULL);
		char *t[3];
		for (int i = 0; i < 3; i++)
			t[i] = text_trim(xstrdup(widget_input_text(&v->field[i])));
		struct cal_fill f = {.topic = t[0], .form = t[1], .owner = t[2], .status = -1,
				     .action_id = c && c->action ? c->action->id : NULL};
		char *cause = NULL;
		int rc = calendar_fill(v->app->db, v->pb, p.group_id, p.day, p.at, &f,
				       v->app->operator, &cause);
		for (int i = 0; i < 3; i++)
			free(t[i]);
		return view_calendar_done(v, rc, cause, "占位已保存");
	} else {
		widget_input_key(&v->field[v->field_i], key);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int view_calendar_key_goto(struct view_calendar *v, int key)
{
	if (key == 27) {
		v->mode = MODE_GRID;
	} else if (key == '\n' || key == KEY_ENTER) {
		v->mode = MODE_GRID;
		char *s = text_trim(xstrdup(widget_input_text(&v->input)));
		int day = date_parse(s);
		if (day == DATE_INVALID && (day = date_parse_iso_week(s)) == DATE_INVALID) {
			app_error(v->app, "'%s' is not a date (YYYY-MM-DD) or an existing ISO week "
				  "(YYYY-Www)", s);
		} else {
			v->start = calendar_week_start(day);
			v->day = date_weekday(day);
			view_calendar_load(v);
		}
		free(s);
	} else {
		widget_input_key(&v->input, key);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static int view_calendar_key_month(struct view_calendar *v, int key)
{
	if (key == 'm' || key == 27 || key == 'q') {
		v->mode = MODE_GRID;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (key == '[' || key == ']') {
		v->month_m += key == ']' ? 1 : -1;
		if (v->month_m > 12)
			v->month_m = 1, v->month_y++;
		if (v->month_m < 1)
			v->month_m = 12, v->month_y--;
		view_calendar_load_month(v);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	return VIEW_IGNORED;
}

/* Move the cursor one slot line up or down, skipping group headers. */
static void view_calendar_step(struct view_calendar *v, int dir)
{
	size_t i = v->line;
	while (true) {
		if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= v->n_lines))
			return;
		i = dir < 0 ? i - 1 : i + 1;
		if (v->lines[i].row >= 0)
			break;
	}
	v->line = i;
}

static void view_calendar_week(struct view_calendar *v, int start)
{
	v->start = start;
	view_calendar_load(v);
}

/* The next group filter: all -> each group in turn -> all. */
static void view_calendar_cycle_group(struct view_calendar *v)
{
	struct group *groups;
	size_t n;
	char *cause = NULL;
	if (group_list(v->app->db, &groups, &n, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return;
	}
	size_t i = 0;
	while (v->only && i < n && groups[i].id != v->only)
		i++;
	int64_t next = !v->only ? (n ? groups[0].id : 0) : i + 1 < n ? groups[i + 1].id : 0;
	group_list_free(groups, n);
	v->only = next;
	v->line = 0;
	v->top = 0;
	view_calendar_load(v);
}

static int view_calendar_key(void *state, int key)
{
	struct view_calendar *v = state;
	switch (v->mode) {
	case MODE_PICKER: return view_calendar_key_picker(v, key);
	case MODE_FORM: return view_calendar_key_form(v, key);
	case MODE_GOTO: return view_calendar_key_goto(v, key);
	case MODE_MONTH: return view_calendar_key_month(v, key);
	case MODE_GRID: break;
	}
	struct cal_pos p;
	struct cal_cell *c = view_calendar_cursor(v, &p);
	char *cause = NULL;
	switch (key) {
	case KEY_LEFT: case 'h':
		if (v->day > 0)
			v->day--;
		break;
	case KEY_RIGHT: case 'l':
		if (v->day < 6)
			v->day++;
		break;
	case KEY_UP: case 'k':
		view_calendar_step(v, -1);
		break;
	case KEY_DOWN: case 'j':
		view_calendar_step(v, 1);
		break;
	case '[':
		view_calendar_week(v, v->start - 7);
		break;
	case ']':
		view_calendar_week(v, v->start + 7);
		break;
	case 't':
		v->day = date_weekday(v->app->today);
		view_calendar_week(v, calendar_week_start(v->app->today));
		break;
	case 'g':
		widget_input_set(&v->input, "");
		v->mode = MODE_GOTO;
		break;
	case 'f':
		view_calendar_cycle_group(v);
		break;
	case 'm': {
		int d;
		date_to_ymd(v->start + v->day, &v->month_y, &v->month_m, &d);
		view_calendar_load_month(v);
		v->mode = MODE_MONTH;
		break;
	}
	case 27:
		if (!v->marked)
			return VIEW_IGNORED;
		v->marked = false;
		app_message(v->app, "%s", _("cancelled"));
		break;
	case '\n': case KEY_ENTER:
		if (!c)
			break;
		if (v->marked) {
			v->marked = false;
			/* The target is the cell's action, not a slot stored there. */
			p.action_id = c->action ? c->action->id : NULL;
			int rc = calendar_move(v->app->db, v->pb, v->mark, p, v->mark_copy,
					       v->app->operator, &cause);
			return view_calendar_done(v, rc, cause, v->mark_copy ? "已复制" : "已移动");
		}
		if (!c->action) {
			app_error(v->app, "这个时间没有栏目 (nothing due here): not a slot to fill");
			break;
		}
		widget_input_set(&v->input, "");
		v->pick_cat = v->pick_tag = -1;
		view_calendar_tags(v);
		view_calendar_recent(v);
		view_calendar_search(v);
		v->mode = MODE_PICKER;
		break;
	case 'p':
		if (!c)
			break;
		if (!c->action) {
			app_error(v->app, "这个时间没有栏目 (nothing due here): not a slot to fill");
			break;
		}
		widget_input_set(&v->field[0], c->slot ? c->slot->topic : "");
		widget_input_set(&v->field[1], c->slot ? c->slot->form : "");
		widget_input_set(&v->field[2], c->slot ? c->slot->owner : "");
		v->field_i = 0;
		v->mode = MODE_FORM;
		break;
	case 'x': {
		if (!c)
			break;
		if (!c->slot) {
			view_calendar_nothing(v, &p);
			break;
		}
		/* The call fills cause: it must run before cause is passed on. */
		int rc = calendar_clear(v->app->db, p.group_id, p.day, p.at, p.action_id,
					v->app->operator, &cause);
		return view_calendar_done(v, rc, cause, "已清空");
	}
	case 's': {
		if (!c)
			break;
		if (!c->slot) {
			view_calendar_nothing(v, &p);
			break;
		}
		enum slot_status now;
		int rc = calendar_cycle_status(v->app->db, p.group_id, p.day, p.at, p.action_id,
					       v->app->operator, &now, &cause);
		return view_calendar_done(v, rc, cause, rc == 0 ? slot_status_name(now) : NULL);
	}
	case 'M': case 'C':
		if (!c || !c->slot) {
			app_error(v->app, "nothing here to %s", key == 'M' ? "move" : "copy");
			break;
		}
		v->marked = true;
		v->mark_copy = key == 'C';
		v->mark = p;
		snprintf(v->mark_action, sizeof v->mark_action, "%s", p.action_id ? p.action_id : "");
		v->mark.action_id = v->mark_action;
		app_message(v->app, "%s: move to the target slot and press Enter (Esc cancels)",
			    key == 'M' ? "move" : "copy");
		break;
	case 'L': {
		size_t copied = 0, skipped = 0;
		int rc = calendar_copy_week(v->app->db, v->pb, v->start, v->only, v->app->operator,
					    &copied, &skipped, &cause);
		char *msg = xasprintf("copied %zu slots from last week (%zu skipped: taken or "
				      "nothing due)", copied, skipped);
		int fl = view_calendar_done(v, rc, cause, msg);
		free(msg);
		return fl;
	}
	case 'u': {
		char *what = NULL;
		int rc = calendar_undo(v->app->db, v->app->operator, &what, &cause);
		char *msg = rc == 0 ? xasprintf("undone: %s", what) : NULL;
		int fl = view_calendar_done(v, rc, cause, msg);
		free(msg);
		free(what);
		return fl;
	}
	case 'U':
	case 'R' & 0x1f: {
		char *what = NULL;
		int rc = calendar_redo(v->app->db, v->app->operator, &what, &cause);
		char *msg = rc == 0 ? xasprintf("redone: %s", what) : NULL;
		int fl = view_calendar_done(v, rc, cause, msg);
		free(msg);
		free(what);
		return fl;
	}
	case 'i':
		/* The marks as this terminal draws them (ASCII when the locale is not UTF-8). */
		app_message(v->app, "图例: %s 已发  %s 已审  %s 初稿  %s 计划  · 待填  ! 警告",
			    view_calendar_mark(v, SLOT_POSTED), view_calendar_mark(v, SLOT_REVIEWED),
			    view_calendar_mark(v, SLOT_DRAFTED), view_calendar_mark(v, SLOT_PLANNED));
		return VIEW_HANDLED;
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_ops view_calendar = {
	.name = N_("Calendar"),
	.keys = view_calendar_keys,
	.init = view_calendar_init,
	.free = view_calendar_free,
	.load = view_calendar_load_op,
	.draw = view_calendar_draw,
	.key = view_calendar_key,
};
