/*
 * The Calendar's week grid drawn: the header with the week's counts, the mix
 * line, the day headers, a label column that grows with the terminal, each
 * cell's status mark, warning mark and label, and the detail line for the
 * cursor cell (status and warnings first, so a narrow terminal keeps them).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
#include "dates.h"
#include "draw.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* By date_weekday (0 = Monday); translated where drawn (周一 .. 周日 in Chinese). */
const char *const calv_weekdays[7] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
				      N_("Sat"), N_("Sun")};

/* The one-column mark of a slot's status (计划 ○ 初稿 ✎ 已审 ✓ 已发 ●). */
const char *calv_mark(const struct view_calendar *v, enum slot_status s)
{
	static const char *const u[] = {"○", "✎", "✓", "●"};
	static const char *const a[] = {"o", "~", "+", "*"};
	return (unsigned)s < SLOT_STATUS_COUNT ? (v->ascii ? a[s] : u[s]) : "";
}

/*
 * The text of a cell: "" not fillable, "·" empty, else the status mark first
 * (so it survives a narrow cell), "!" for warnings, and the label.
 */
static char *grid_cell_text(const struct view_calendar *v, const struct cal_cell *c)
{
	if (!c->action && !c->slot)
		return xstrdup("");
	bool filled = c->slot && !cal_slot_empty(c->slot);
	return xasprintf("%s%s%s", filled ? calv_mark(v, c->slot->status) : "",
			 c->warn ? "!" : "", filled ? cal_slot_label(c->slot) : "·");
}

static attr_t grid_cell_attr(const struct view_calendar *v, const struct cal_cell *c,
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

/* A category key's name in the playbook ("convert" -> 转化型), else the key. */
static const char *grid_category_name(const struct playbook *pb, const char *key)
{
	const struct pb_category *c = pb && key ? playbook_category(pb, key) : NULL;
	return c ? c->name : key ? key : "";
}

/*
 * Each warning's word, with what it is about: the other day of a repeat
 * "(03-05)", the item's and the column's category "(转化型≠促活型)".
 */
static void grid_warnings(const struct playbook *pb, const struct cal_cell *c, struct buf *b)
{
	for (unsigned bit = 1; bit && bit <= c->warn; bit <<= 1) {
		if (!(c->warn & bit))
			continue;
		char *w = calendar_warn_text(bit);
		buf_addf(b, " %s", w);
		free(w);
		if (bit == CAL_WARN_DUPLICATE) {
			char dup[11];
			date_format(c->dup_day, dup);
			buf_addf(b, "(%s)", dup + 5);
		} else if (bit == CAL_WARN_CATEGORY && c->slot) {
			const struct pb_action *col = c->action ? c->action
				: c->slot->action_id && pb ? playbook_action(pb, c->slot->action_id) : NULL;
			buf_addf(b, "(%s≠%s)", grid_category_name(pb, c->slot->category),
				 grid_category_name(pb, col ? col->category : NULL));
		}
	}
}

/*
 * The cursor cell's details for the last line: status and warnings first, as
 * they are what a narrow terminal must not cut off, then where, what, whose,
 * and the action's name last.
 */
static char *grid_detail(struct view_calendar *v)
{
	struct cal_pos pos;
	struct cal_cell *c = calv_cursor(v, &pos);
	if (!c)
		return xstrdup(v->week.n_groups ? "" : _("no groups: import them first (sopdeck import groups)"));
	char date[11], at[6];
	date_format(pos.day, date);
	time_format_hhmm(pos.at, at);
	const struct group *g = &v->week.groups[v->lines[v->line].group].group;
	bool filled = c->slot && !cal_slot_empty(c->slot);
	struct buf b = {0};
	if (filled)
		buf_addf(&b, "[%s] ", slot_status_label(c->slot->status));
	else if (c->action)
		buf_addf(&b, "[%s] ", _("empty"));
	if (c->warn) {
		buf_adds(&b, "!");
		grid_warnings(calv_cursor_pb(v), c, &b);
		buf_adds(&b, " ");
	}
	buf_addf(&b, "%s %s %s", g->name, date + 5, at);
	if (filled) {
		buf_addf(&b, " %s", cal_slot_label(c->slot));
		if (c->slot->owner[0])
			buf_addf(&b, " @%s", c->slot->owner);
	}
	char *title = xstrdup(c->action ? i18n_title(c->action->title, c->action->title_en)
					 : _("(no column)"));
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

/*
 * A row's label in the interface's language: a column's short title, or the
 * action's title_en in English; the one-off row "专项" / "1x" (9 columns at 80: "20:00 1x").
 */
static const char *grid_row_name(const struct playbook *pb, const struct cal_row *row)
{
	if (!row->action_id)
		return _("1x");
	const struct pb_action *a = pb ? playbook_action(pb, row->action_id) : NULL;
	return a && a->title_en && i18n_lang() == I18N_EN ? a->title_en : row->label;
}

/* The label column: CAL_LABEL_W at 80 columns, a column more per 8 beyond, up to 24. */
int calv_label_w(int cols)
{
	int w = CAL_LABEL_W + (cols > 80 ? (cols - 80) / 8 : 0);
	return w > CAL_LABEL_MAX ? CAL_LABEL_MAX : w;
}

void calv_grid_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	int label_w = calv_label_w(r->w);
	int cell_w = (r->w - label_w) / 7;
	char from[11], to[11];
	date_format(v->week.start, from);
	date_format(v->week.start + 6, to);
	const char *who = v->only && v->week.n_groups ? v->week.groups[0].group.name : _("all groups");
	draw_textf(win, r->y, r->x, r->w, pal(PAL_HEADER),
		   _("%04d-W%02d  %s ~ %s  %s  filled %zu/%zu  warnings %zu%s"), v->week.iso_year,
		   v->week.iso_week, from + 5, to + 5, who, v->week.n_filled, v->week.n_due,
		   v->week.n_warnings,
		   v->marked ? (v->mark_copy ? _("  [copy: Enter on the target]")
					      : _("  [move: Enter on the target]"))
			     : "");
	/* The week's mix, live: share of the filled content per category vs target. */
	struct buf mix = {0};
	buf_adds(&mix, _("mix"));
	for (size_t i = 0; i < v->week.n_mix; i++)
		buf_addf(&mix, "  %s %.0f%%/%d%%", v->week.mix[i].name, v->week.mix[i].share,
			 v->week.mix[i].target);
	buf_addf(&mix, _("  (%zu content items)"), v->week.mix_total);
	draw_text(win, r->y + 1, r->x, buf_str(&mix), r->w, pal(PAL_DIM));
	buf_free(&mix);
	draw_text(win, r->y + 2, r->x, "", label_w, pal(PAL_NORMAL));
	for (int d = 0; d < 7; d++) {
		char date[11], *head;
		date_format(v->week.start + d, date);
		/* The columns follow the week's first day (week_start); "周日03-01", "Sun 03-01". */
		const char *wd = _(calv_weekdays[date_weekday(v->week.start + d)]);
		head = xasprintf("%s%s%s", wd, text_width(wd) < 4 ? " " : "", date + 5);
		attr_t a = v->week.start + d == v->app->today ? pal(PAL_TAB_ACTIVE) : pal(PAL_HEADER);
		draw_text(win, r->y + 2, r->x + label_w + d * cell_w, head, cell_w, a);
		free(head);
	}
	int rows = r->h - 4;
	v->cells_at = (struct rect){0};
	if (rows < 1)
		return;
	if (v->line < v->top)
		v->top = v->line > 0 && v->lines[v->line - 1].row < 0 ? v->line - 1 : v->line;
	if (v->line >= v->top + (size_t)rows)
		v->top = v->line - (size_t)rows + 1;
	v->cells_at = (struct rect){r->y + 3, r->x + label_w, rows, cell_w * 7};
	for (int i = 0; i < rows && v->top + (size_t)i < v->n_lines; i++) {
		const struct cal_line *l = &v->lines[v->top + (size_t)i];
		int y = r->y + 3 + i;
		const struct cal_group_week *gw = &v->week.groups[l->group];
		if (l->row < 0) {
			draw_textf(win, y, r->x, r->w, pal(PAL_HEADER) | A_BOLD, "▸ %s  %s",
				   gw->group.name, playbook_stage_name(gw->stage, ""));
			continue;
		}
		const struct cal_row *row = &v->week.rows[l->row];
		char at[6];
		time_format_hhmm(row->at, at);
		/* Daily and one-off rows by time, weekly columns by name: the detail line has both. */
		const char *name = grid_row_name(gw->pb, row);
		char *label = row->daily || !row->action_id
			? xasprintf("%s%s%s", at, (unsigned char)name[0] < 0x80 ? " " : "", name)
			: xstrdup(name);
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
			char *t = grid_cell_text(v, c);
			int x = r->x + label_w + d * cell_w;
			draw_text(win, y, x, t, cell_w - 1, grid_cell_attr(v, c, sel, mk));
			draw_text(win, y, x + cell_w - 1, "", 1, pal(PAL_NORMAL));
			free(t);
		}
	}
	char *detail = grid_detail(v);
	draw_text(win, r->y + r->h - 1, r->x, detail, r->w,
		  calv_cursor(v, NULL) && calv_cursor(v, NULL)->warn
			  ? pal(PAL_OVERDUE) : pal(PAL_NORMAL));
	free(detail);
}
