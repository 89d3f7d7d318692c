/*
 * The Calendar tab (内容排期): the week grid of the playbook's slots by day,
 * for one group or all; a month view with nodes and countdowns; a library
 * picker, a placeholder form, a go-to prompt and the legend as overlays. All
 * data comes from include/calendar.h and include/content.h. This file holds
 * the state, loading, the grid's keys and the view's ops table; the parts are
 * listed in tui/calendar.h.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
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

static const struct view_key view_calendar_keys[] = {
	{"← → h l", N_("previous / next day")},
	{"↑ ↓ k j", N_("previous / next slot")},
	{"[ ]", N_("previous / next week (month in the month view)")},
	{"t", N_("this week, today")},
	{"g", N_("go to a date (2026-03-18) or an ISO week (2026-W12)")},
	{"f", N_("one group / all groups")},
	{"m", N_("month view: nodes, countdowns, unplanned nodes")},
	{"Enter", N_("fill from the library; the search takes j k as text")},
	{"Tab ↓ / S-Tab", N_("picker: to the list (↑ ↓ j k move) / the search")},
	{"^F ^T", N_("picker: cycle the category / the tag filter")},
	{"p", N_("placeholder: topic, form, owner")},
	{"x", N_("clear the slot")},
	{"M C", N_("mark to move / copy; then Enter on the target")},
	{"L", N_("copy last week's plan into this week")},
	{"s", N_("status: planned → drafted → reviewed → posted")},
	{"u", N_("undo your last calendar change")},
	{"U ^R", N_("redo what u took back")},
	{"i", N_("legend of every mark and warning")},
	{"● ✓ ✎ ○", N_("status: ● posted ✓ reviewed ✎ drafted ○ planned")},
	{"· !", N_("· to fill  ! warning (the detail line says which)")},
	{"!", N_("repeat, stage, no such column, empty <48h, category")},
	{N_("1x"), N_("one-off actions: cold start, node countdowns")},
	{NULL, NULL},
};

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

/* Forget the weeks kept for going back (before the data or the playbooks they point to change). */
static void calv_kept_free(struct view_calendar *v)
{
	for (size_t i = 0; i < v->n_kept; i++)
		calendar_week_free(&v->kept[i].week);
	v->n_kept = 0;
}

/* Keep the shown week for ] and [ to come back to; the oldest kept one goes. */
static void calv_keep(struct view_calendar *v)
{
	if (v->n_kept == CAL_WEEKS_KEPT) {
		calendar_week_free(&v->kept[0].week);
		memmove(v->kept, v->kept + 1, (CAL_WEEKS_KEPT - 1) * sizeof *v->kept);
		v->n_kept--;
	}
	v->kept[v->n_kept++] = (struct cal_kept){v->week, v->week_only, v->week_now};
}

/* Take the kept week for v->start and v->only if it was built this same minute. */
static bool calv_take_kept(struct view_calendar *v, int64_t now)
{
	for (size_t i = 0; i < v->n_kept; i++) {
		struct cal_kept *k = &v->kept[i];
		if (k->week.start != v->start || k->only != v->only || k->now != now)
			continue;
		v->week = k->week;
		v->week_only = k->only;
		v->week_now = k->now;
		memmove(k, k + 1, (v->n_kept - i - 1) * sizeof *k);
		v->n_kept--;
		return true;
	}
	return false;
}

/*
 * Show the week at v->start: a week seen since the last load comes back as it was
 * (nothing changed meanwhile: a change or another operator's marks the view stale,
 * and that load starts afresh); else it is built from the playbooks already read,
 * or, fresh, everything is read again. The cursor stays on its group and time.
 */
static void calv_titles(struct view_calendar *v);

static void calv_week_load(struct view_calendar *v, bool fresh)
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
	int64_t now = calendar_now(v->app->today);
	if (v->loaded && !fresh)
		calv_keep(v);
	else if (v->loaded)
		calendar_week_free(&v->week);
	v->loaded = false;
	if (fresh || !v->set) {
		calv_kept_free(v);
		playbook_set_free(v->set);
		v->set = NULL;
		v->pb = NULL;
		if (playbook_set_load(v->app->db, &v->set, &cause) == 0)
			v->pb = v->set->fallback;
	}
	if (v->set && calv_take_kept(v, now)) {
		v->loaded = true;
	} else if (v->set) {
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
		/* Each group's columns from its own playbook, in the same few queries. */
		/* Without titles: the header's totals need none; calv_titles reads the shown
		   groups' (500 groups' titles were a third of the first visit). */
		if (calendar_week_untitled(v->app->db, v->set, v->start, name, now, &v->week,
					   &cause) == 0) {
			v->loaded = true;
			v->week_only = v->only;
			v->week_now = now;
		}
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
	calv_titles(v);
}

/*
 * Read the titles of the groups the grid can show: those of every line within a
 * screen of the cursor (the draw scrolls to keep the cursor in view), in one
 * statement for the ones not read yet. Run after a load and after every key or
 * click, so the draw finds them read (it never reads the database).
 */
static void calv_titles(struct view_calendar *v)
{
	if (!v->loaded || v->n_lines == 0)
		return;
	size_t h = LINES > 0 ? (size_t)LINES : 24, line = v->line < v->n_lines ? v->line : 0;
	size_t lo = line > h ? line - h : 0, hi = line + h + 1 < v->n_lines ? line + h + 1
									 : v->n_lines;
	char *cause = NULL;
	if (calendar_week_titles(v->app->db, &v->week, v->lines[lo].group,
				 v->lines[hi - 1].group + 1, &cause) < 0)
		app_error(v->app, _("calendar: %s"), cause);
	free(cause);
}

/* Load the week (and playbook) again; errors go to the message line. */
void calv_load(struct view_calendar *v)
{
	calv_week_load(v, true);
}

static void *view_calendar_init(struct app *app)
{
	struct view_calendar *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->start = calendar_week_first(app->today, app->week_start);
	v->day = app->today - v->start;
	v->ascii = draw_want_ascii();
	v->pick_cat = v->pick_tag = -1;
	widget_input_init(&v->input, CAL_INPUT_MAX - 1);
	for (int i = 0; i < 3; i++)
		widget_input_init(&v->field[i], CAL_INPUT_MAX - 1);
	calv_picker_init(v);
	return v;
}

static void view_calendar_free(void *state)
{
	struct view_calendar *v = state;
	if (v->loaded)
		calendar_week_free(&v->week);
	calv_kept_free(v);
	if (v->month_ok)
		calendar_month_free(&v->month);
	calv_picker_free(v);
	playbook_set_free(v->set);
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
	calv_load(v);
	if (v->mode == MODE_MONTH)
		calv_month_load(v);
}

/* The cell under the cursor, or NULL (no groups, or on a header). */
struct cal_cell *calv_cursor(struct view_calendar *v, struct cal_pos *pos)
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

static void view_calendar_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_calendar *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	if (v->mode == MODE_MONTH) {
		calv_month_draw(v, win, r);
		return;
	}
	if (v->loaded)
		calv_grid_draw(v, win, r);
	if (v->mode == MODE_PICKER)
		calv_picker_draw(v, win, r);
	else if (v->mode == MODE_FORM)
		calv_form_draw(v, win, r);
	else if (v->mode == MODE_GOTO)
		calv_goto_draw(v, win, r);
	else if (v->mode == MODE_LEGEND)
		calv_legend_draw(v, win, r);
}

/* The cursor group's own playbook: fills and moves are checked against its columns. */
const struct playbook *calv_cursor_pb(struct view_calendar *v)
{
	if (v->loaded && v->line < v->n_lines && v->week.groups[v->lines[v->line].group].pb)
		return v->week.groups[v->lines[v->line].group].pb;
	return v->pb;
}

/* Report the result of a change: reload everything on success. */
int calv_done(struct view_calendar *v, int rc, char *cause, const char *ok)
{
	if (rc < 0) {
		app_error(v->app, "%s", cause ? cause : _("failed"));
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

/* ] [ t: another week, the playbooks as read; a week seen since the last load is kept. */
static void view_calendar_week(struct view_calendar *v, int start)
{
	v->start = start;
	calv_week_load(v, false);
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
	calv_load(v);
}

/* u undoes, U and ^R redo the operator's last calendar change; the message says which. */
static int view_calendar_undo(struct view_calendar *v, bool redo)
{
	char *what = NULL, *cause = NULL;
	int rc = redo ? calendar_redo(v->app->db, v->app->operator, &what, &cause)
		      : calendar_undo(v->app->db, v->app->operator, &what, &cause);
	char *msg = rc == 0 ? xasprintf(redo ? _("redone: %s") : _("undone: %s"), what) : NULL;
	int fl = calv_done(v, rc, cause, msg);
	free(msg);
	free(what);
	return fl;
}

static int view_calendar_key(void *state, int key)
{
	struct view_calendar *v = state;
	switch (v->mode) {
	case MODE_PICKER: return calv_picker_key(v, key);
	case MODE_FORM: return calv_form_key(v, key);
	case MODE_GOTO: return calv_goto_key(v, key);
	case MODE_MONTH: return calv_month_key(v, key);
	case MODE_LEGEND: return calv_legend_key(v, key);
	case MODE_GRID: break;
	}
	struct cal_pos p;
	struct cal_cell *c = calv_cursor(v, &p);
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
		/* This week is the one holding today from the config's week_start. */
		v->day = v->app->today - calendar_week_first(v->app->today, v->app->week_start);
		view_calendar_week(v, calendar_week_first(v->app->today, v->app->week_start));
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
		calv_month_load(v);
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
			int rc = calendar_move(v->app->db, calv_cursor_pb(v), v->mark, p, v->mark_copy,
					       v->app->operator, &cause);
			return calv_done(v, rc, cause, v->mark_copy ? _("copied") : _("moved"));
		}
		if (!c->action) {
			app_error(v->app, "%s", _("nothing due here: not a slot to fill"));
			break;
		}
		calv_picker_open(v);
		break;
	case 'p':
		if (!c)
			break;
		if (!c->action) {
			app_error(v->app, "%s", _("nothing due here: not a slot to fill"));
			break;
		}
		calv_form_open(v, c);
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
		return calv_done(v, rc, cause, _("cleared"));
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
		return calv_done(v, rc, cause, rc == 0 ? slot_status_label(now) : NULL);
	}
	case 'M': case 'C':
		if (!c || !c->slot) {
			app_error(v->app, "%s", key == 'M' ? _("nothing here to move") : _("nothing here to copy"));
			break;
		}
		v->marked = true;
		v->mark_copy = key == 'C';
		v->mark = p;
		snprintf(v->mark_action, sizeof v->mark_action, "%s", p.action_id ? p.action_id : "");
		v->mark.action_id = v->mark_action;
		app_message(v->app, "%s", key == 'M'
			    ? _("move: go to the target slot and press Enter (Esc cancels)")
			    : _("copy: go to the target slot and press Enter (Esc cancels)"));
		break;
	case 'L': {
		size_t copied = 0, skipped = 0;
		int rc = calendar_copy_week_set(v->app->db, v->set, v->start, v->only,
						v->app->operator,
					    &copied, &skipped, &cause);
		char *msg = xasprintf(_("copied %zu slots from last week (%zu skipped: taken or "
					"nothing due)"), copied, skipped);
		int fl = calv_done(v, rc, cause, msg);
		free(msg);
		return fl;
	}
	case 'u':
		return view_calendar_undo(v, false);
	case 'U':
	case 'R' & 0x1f:
		return view_calendar_undo(v, true);
	case 'i':
		v->mode = MODE_LEGEND;
		break;
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A click on a cell of the week grid selects that day of that row (grid mode only). */
static int view_calendar_click(void *state, int y, int x)
{
	struct view_calendar *v = state;
	const struct rect *a = &v->cells_at;
	if (v->mode != MODE_GRID || a->w < 7 || y < a->y || y >= a->y + a->h || x < a->x ||
	    x >= a->x + a->w)
		return VIEW_IGNORED;
	size_t line = v->top + (size_t)(y - a->y);
	if (line >= v->n_lines || v->lines[line].row < 0)
		return VIEW_IGNORED;
	v->line = line;
	v->day = (x - a->x) / (a->w / 7);
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The grid's keys and clicks, then the titles of what the grid may show next. */
static int view_calendar_key_op(void *state, int key)
{
	int fl = view_calendar_key(state, key);
	calv_titles(state);
	return fl;
}

static int view_calendar_click_op(void *state, int y, int x)
{
	int fl = view_calendar_click(state, y, x);
	calv_titles(state);
	return fl;
}

const struct view_ops view_calendar = {
	.name = N_("Calendar"),
	.keys = view_calendar_keys,
	.init = view_calendar_init,
	.free = view_calendar_free,
	.load = view_calendar_load_op,
	.draw = view_calendar_draw,
	.key = view_calendar_key_op,
	.click = view_calendar_click_op,
};
