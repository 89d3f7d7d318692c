/*
 * The Today tab: the day's SOP checklist (today_build) grouped by group,
 * with progress per group and overall, overdue items standing out; space
 * ticks, Enter shows the action's script text filled in, y copies it (OSC 52).
 * `/` filters the rows in memory as you type (group name, owner, action title,
 * case-folded); `!` jumps to the next overdue item; `e` changes the row's
 * group (owner, name, type, playbook, archive, delete: today-group.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "action-text.h"
#include "calendar.h"
#include "content.h"
#include "chain.h"
#include "checklist.h"
#include "dates.h"
#include "draw.h"
#include "group.h"
#include "osc52.h"
#include "playbook.h"
#include "template.h"
#include "text.h"
#include "today.h"
#include "today-group.h"
#include "util.h"
#include "view.h"
#include "widget.h"

/* A row of the list: a group's header line or one checklist item. */
struct today_row {
	bool header;
	size_t index;   /* group index (header) or item index */
};

struct view_today {
	struct app *app;
	struct playbook_set *pbs;  /* every playbook: each group runs on its own */
	struct checklist cl;
	char *error;              /* why nothing could be loaded, or NULL */
	struct today_row *rows;
	size_t n_rows;
	struct widget_list list;
	int now_min;              /* the minute overdue state was judged at */
	bool detail;              /* the detail overlay is open */
	char *detail_title, *detail_text;
	char *detail_head;        /* above the text, apart: the content's title, form, status */
	struct widget_pager pager;
	struct widget_input filter;  /* the `/` filter; its text applies as it is typed */
	bool filtering;           /* the filter's input line is open */
	size_t n_shown;           /* items the filter lets through */
	bool loaded;              /* the whole checklist has loaded once */
	bool slots_pending;       /* the first screen is out: the other groups' slots next */
	size_t slots_from;        /* the first group without its slots yet */
	struct today_group gform; /* `e`: the row's group changed (a line at the bottom) */
};

#define TODAY_FILTER_MAX 200

/* Columns of an item row: mark, box, time, title ... category, who ticked. */
#define TODAY_BOX_X 2
#define TODAY_TIME_X 6
#define TODAY_TITLE_X 13
#define TODAY_CAT_W 8
#define TODAY_WHO_W 10
#define TODAY_BAR_W 10

static const struct view_key view_today_keys[] = {
	WIDGET_LIST_KEYS,
	{"Space x", N_("tick / untick the item (recorded with your name)")},
	{"Enter", N_("show the text to post (content body or script)")},
	{"y", N_("copy that text, only it, to your clipboard (OSC 52)")},
	{"Esc q", N_("close the text (in the text: j k scroll)")},
	{"/", N_("filter by group, owner or action (Esc clears)")},
	{"!", N_("jump to the next overdue item (wraps to the top)")},
	{"e", N_("edit group: owner name type playbook archive delete")},
	{"r", N_("reload from the database")},
	{NULL, NULL},
};

static const char *const today_weekdays[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					     N_("Fri"), N_("Sat"), N_("Sun")};

/* Is item i overdue at the minute the view last judged? */
static bool view_today_overdue(const struct view_today *v, const struct checklist_item *it)
{
	if (it->ticked || v->now_min < 0)
		return false;
	if (v->now_min >= 24 * 60)
		return true;  /* an earlier day: everything left undone is late */
	return checklist_item_overdue(it, v->now_min);
}

static bool view_today_selectable(void *ctx, size_t i)
{
	struct view_today *v = ctx;
	return !v->rows[i].header;
}

/* The item under the cursor, or NULL. */
static const struct checklist_item *view_today_current(const struct view_today *v)
{
	if (v->n_rows == 0 || v->list.cursor >= v->n_rows || v->rows[v->list.cursor].header)
		return NULL;
	return &v->cl.items[v->rows[v->list.cursor].index];
}

/* The category's display name for an item ("KPI" for advice), or "". */
static const char *view_today_category(const struct view_today *v, const struct checklist_item *it)
{
	const struct pb_action *a = it->action;
	if (it->kpi_action)
		return "KPI";
	if (!a->category)
		return "";
	const struct pb_category *c =
		playbook_category(checklist_playbook(&v->cl, it->group), a->category);
	return c ? c->name : a->category;
}

static void view_today_draw_header(struct view_today *v, WINDOW *win, int y, int x, int cols,
				   size_t g)
{
	const struct group *gr = &v->cl.groups[g];
	int age = group_age(gr, v->cl.day);
	const struct pb_stage *st = playbook_stage_for_age(checklist_playbook(&v->cl, g), age);
	size_t done, total;
	checklist_progress(&v->cl, g, &done, &total);
	char prog[32];
	snprintf(prog, sizeof prog, "%zu/%zu", done, total);
	int right = 8 + TODAY_BAR_W + 1;
	draw_fill(win, y, x, cols, pal(PAL_NORMAL));
	int w = draw_str(win, y, x + 1, gr->name, cols - right - 24, pal(PAL_HEADER));
	char *info = xasprintf(_("  day %d · %s"), age + 1, playbook_stage_name(st, "—"));
	draw_str(win, y, x + 1 + w, info, cols - right - 1 - w, pal(PAL_DIM));
	free(info);
	int px = x + cols - right;
	draw_text(win, y, px, prog, 7, pal(done == total ? PAL_DONE : PAL_HEADER));
	draw_bar(win, y, px + 8, TODAY_BAR_W, done, total);
}

/*
 * Cut an English gloss off a title ("早安问候 (morning greeting)" -> "早安问候") so that
 * the scheduled content fits beside it at 80 columns; Enter still shows the whole title.
 */
static void view_today_drop_gloss(char *title)
{
	char *open = strrchr(title, '(');
	size_t n = strlen(title);
	if (!open || open == title || n < 2 || title[n - 1] != ')')
		return;
	for (const char *p = open; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return;
	open[open[-1] == ' ' ? -1 : 0] = '\0';
}

/*
 * An item's title in the interface's language (new string): title_en in English
 * when the playbook gives one; a KPI reminder's "KPI 提醒 · " (model/checklist.c)
 * said as "KPI alert · " in English.
 */
static char *view_today_title(const struct checklist_item *it)
{
	const char *t = i18n_title(it->action->title, it->action->title_en);
	const char *dot = it->kpi_action ? strstr(t, " · ") : NULL;
	return dot ? xasprintf(_("KPI alert · %s"), dot + strlen(" · ")) : xstrdup(t);
}

static void view_today_draw_item(struct view_today *v, WINDOW *win, int y, int x, int cols,
				 size_t i, bool selected)
{
	const struct checklist_item *it = &v->cl.items[i];
	bool late = view_today_overdue(v, it);
	attr_t base = pal(it->ticked ? PAL_DONE : late ? PAL_OVERDUE : PAL_NORMAL);
	if (selected)
		base = pal(PAL_SELECTED);
	char at[8] = "  —  ";
	if (it->action->at >= 0)
		time_format_hhmm(it->action->at, at);
	int title_w = cols - TODAY_TITLE_X - 2 - TODAY_CAT_W - 1 - TODAY_WHO_W;
	draw_fill(win, y, x, cols, base);
	draw_text(win, y, x, late ? "!" : " ", 1, base | (late ? A_BOLD : 0));
	draw_text(win, y, x + TODAY_BOX_X, it->ticked ? "[x]" : "[ ]", 3, base);
	draw_text(win, y, x + TODAY_TIME_X, at, 5, base);
	/* English mode shows the playbook's title_en when it gives one (issue 15). */
	char *name = view_today_title(it);
	if (it->has_slot)
		view_today_drop_gloss(name);
	char *title = it->node ? xasprintf(_("%s (%s in %d day%s)"), name, it->node,
					   it->node_days, i18n_plural_s(it->node_days))
			       : xstrdup(name);
	free(name);
	if (it->ab_test) {
		/* An A/B test decides today's copy or time: say which arm. */
		char *with = xasprintf("%s [A/B %c]", title, it->ab_arm ? 'B' : 'A');
		free(title);
		title = with;
	}
	if (it->has_slot) {
		/* What the calendar has scheduled for this action: the thing to post. The
		   label is cut, not the status after it ("·posted" is longer than "·已发"). */
		const char *st = slot_status_label((enum slot_status)it->slot_status);
		int room = title_w - text_width(title) - text_width(" ▸ ·") - text_width(st);
		char *label = room > 4 ? text_fit(it->slot_label, room, false)
				       : xstrdup(it->slot_label);
		char *with = xasprintf("%s ▸ %s·%s", title, label, st);
		free(label);
		free(title);
		title = with;
	}
	draw_text(win, y, x + TODAY_TITLE_X, title, title_w, base);
	free(title);
	int cx = x + TODAY_TITLE_X + title_w + 1;
	draw_text(win, y, cx, view_today_category(v, it), TODAY_CAT_W,
		  selected ? base : pal(PAL_DIM));
	draw_text(win, y, cx + TODAY_CAT_W + 1, it->ticked ? it->ticked_by : "", TODAY_WHO_W,
		  selected ? base : pal(PAL_DONE));
}

static void view_today_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
				bool selected)
{
	struct view_today *v = ctx;
	if (v->rows[i].header)
		view_today_draw_header(v, win, y, x, cols, v->rows[i].index);
	else
		view_today_draw_item(v, win, y, x, cols, v->rows[i].index, selected);
}

/* Forget the loaded data. */
static void view_today_clear(struct view_today *v)
{
	checklist_free(&v->cl);
	v->cl = (struct checklist){0};
	playbook_set_free(v->pbs);
	v->pbs = NULL;
	free(v->error);
	v->error = NULL;
	free(v->rows);
	v->rows = NULL;
	v->n_rows = 0;
}

/* Does needle (folded) occur in s once s is folded the same way (case, full width)? */
static bool view_today_match(const char *s, const char *needle)
{
	char *f = text_fold(s);
	bool hit = strstr(f, needle) != NULL;
	free(f);
	return hit;
}

/*
 * The rows from the loaded checklist under the filter: a group whose name or owner
 * matches with all its items, else only its matching items (the group's header
 * dropped when none). The cursor stays on the item of keep_group / keep_action when
 * it is still listed, else near row keep_row.
 */
static void view_today_rows(struct view_today *v, int64_t keep_group, const char *keep_action,
			    size_t keep_row)
{
	free(v->rows);
	v->rows = xcalloc(v->cl.n_groups + v->cl.n_items + 1, sizeof *v->rows);
	v->n_rows = 0;
	v->n_shown = 0;
	const char *typed = widget_input_text(&v->filter);
	char *needle = *typed ? text_fold(typed) : NULL;
	for (size_t g = 0, i = 0; g < v->cl.n_groups; g++) {
		const struct group *gr = &v->cl.groups[g];
		bool whole = !needle || view_today_match(gr->name, needle) ||
			     (gr->owner && view_today_match(gr->owner, needle));
		size_t head = v->n_rows;
		v->rows[v->n_rows++] = (struct today_row){true, g};
		for (; i < v->cl.n_items && v->cl.items[i].group == g; i++) {
			const struct checklist_item *it = &v->cl.items[i];
			if (!whole && !view_today_match(it->action->title, needle))
				continue;
			if (keep_action && gr->id == keep_group &&
			    strcmp(it->action->id, keep_action) == 0)
				keep_row = v->n_rows;
			v->rows[v->n_rows++] = (struct today_row){false, i};
			v->n_shown++;
		}
		if (needle && v->n_rows == head + 1)
			v->n_rows = head;
	}
	free(needle);
	widget_list_set_count(&v->list, v->n_rows);
	widget_list_set_cursor(&v->list, keep_row);
}

/* The filter's text changed: the rows again, the cursor on the same item if it stays. */
static void view_today_refilter(struct view_today *v)
{
	const struct checklist_item *cur = view_today_current(v);
	char *keep = cur ? xstrdup(cur->action->id) : NULL;
	int64_t group = cur ? v->cl.groups[cur->group].id : 0;
	view_today_rows(v, group, keep, 0);
	free(keep);
}

/*
 * Load the playbook and the day's checklist, keeping the cursor on the same
 * item. The first time, every group's items and counts but the calendar slots
 * and advice titles of only the groups a screen of height rows shows
 * (today_build_first); the others' right after that frame is drawn
 * (app->load_again), which changes nothing on the screen: the first frame is
 * whole and stays as drawn.
 */
static void view_today_load(struct view_today *v, int rows)
{
	char *cause = NULL;
	if (v->slots_pending) {
		/* The rest of the first load: the items stay, so rows and cursor stand. */
		v->slots_pending = false;
		if (!v->error && today_load_slots(v->app->db, &v->cl, v->slots_from, &cause) < 0) {
			v->error = cause ? cause : xstrdup(_("cannot load the checklist"));
			app_error(v->app, "%s", v->error);
		}
		/* The advice the first frame worked out, kept for the next start of the day:
		   written now, after the frame, never before it. */
		if (!v->error && today_save_advice(v->app->db, v->pbs, &v->cl, &cause) < 0) {
			app_error(v->app, "%s", cause);
			free(cause);
			cause = NULL;
		}
		/* What a tick hashes its audit entry with, loaded now and not on the key. */
		chain_load();
		return;
	}
	int64_t keep_group = 0;
	char *keep_action = NULL;
	size_t keep_row = v->list.cursor;
	const struct checklist_item *cur = view_today_current(v);
	if (cur) {
		keep_group = v->cl.groups[cur->group].id;
		keep_action = xstrdup(cur->action->id);
	}
	view_today_clear(v);
	bool first = !v->loaded && rows > 0;
	if (first)
		v->app->load_again = true;
	v->loaded = true;
	/* One read transaction: the playbooks, groups, advice, ticks and slots of one snapshot. */
	bool read = db_read_begin(v->app->db);
	if (playbook_set_load(v->app->db, &v->pbs, &cause) < 0 ||
	    (first ? today_build_first(v->app->db, v->pbs, v->app->today, (size_t)rows,
				       &v->slots_from, &v->cl, &cause)
		   : today_build(v->app->db, v->pbs, v->app->today, NULL, &v->cl, &cause)) < 0) {
		v->error = cause ? cause : xstrdup(_("cannot load the checklist"));
		app_error(v->app, "%s", v->error);
		checklist_free(&v->cl);
		v->cl = (struct checklist){0};
	}
	db_read_end(v->app->db, read);
	v->slots_pending = first && !v->error;
	view_today_rows(v, keep_group, keep_action, keep_row);
	free(keep_action);
	v->now_min = app_now_minute(v->app);
}

static void *view_today_init(struct app *app)
{
	struct view_today *v = xcalloc(1, sizeof *v);
	v->app = app;
	widget_list_init(&v->list, view_today_draw_row, view_today_selectable, v);
	widget_input_init(&v->filter, TODAY_FILTER_MAX);
	today_group_init(&v->gform);
	return v;
}

static void view_today_free(void *state)
{
	struct view_today *v = state;
	view_today_clear(v);
	widget_pager_free(&v->pager);
	widget_input_free(&v->filter);
	today_group_free(&v->gform);
	free(v->detail_title);
	free(v->detail_text);
	free(v->detail_head);
	free(v);
}

/*
 * The item's one text (action_text_item: what gets posted), and in *head (if
 * not NULL) what stands above it, apart: the scheduled content's title, form
 * and status, or why a KPI item is there. NULL with the error shown on failure.
 */
static char *view_today_item_text(const struct view_today *v, const struct checklist_item *it,
				  char **head)
{
	struct action_text t;
	char *cause = NULL;
	if (action_text_item(v->app->db, &v->cl, it, v->app->operator, &t, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		return NULL;
	}
	if (head && t.has_slot)
		*head = xasprintf(_("scheduled content: %s · %s · %s"), t.content_title,
				  *t.content_form ? content_form_label(t.content_form) : "—",
				  slot_status_label((enum slot_status)t.slot_status));
	else if (head && it->kpi_action)
		*head = xstrdup(_("KPI check: this metric is below (or above) the playbook's threshold. "
				  "4 opens the KPI panel with its trend; tick it once improved, to "
				  "record who handled it and when."));
	else if (head)
		*head = NULL;
	char *text = t.text;
	t.text = NULL;
	action_text_clear(&t);
	return text;
}

/* Open the detail overlay on the item under the cursor. */
static void view_today_open(struct view_today *v)
{
	const struct checklist_item *it = view_today_current(v);
	if (!it)
		return;
	free(v->detail_text);
	free(v->detail_title);
	free(v->detail_head);
	v->detail_head = NULL;
	v->detail_text = view_today_item_text(v, it, &v->detail_head);
	if (!v->detail_text)
		v->detail_text = xstrdup("");
	char *name = view_today_title(it);
	v->detail_title = xasprintf("%s · %s", v->cl.groups[it->group].name, name);
	free(name);
	widget_pager_set_text(&v->pager, v->detail_text);
	v->detail = true;
}

/* Copy the item's text to the clipboard through the terminal. */
static void view_today_copy(struct view_today *v)
{
	const struct checklist_item *it = view_today_current(v);
	if (!v->detail && !it)
		return;
	/* Only the text: the head above it in the overlay is not what gets posted. */
	char *text = v->detail ? xstrdup(v->detail_text) : view_today_item_text(v, it, NULL);
	if (!text)
		return;
	char *cause = NULL;
	long n = osc52_copy(text, &cause);
	if (n < 0)
		app_error(v->app, _("copy failed: %s"), cause);
	else
		app_message(v->app, _("copied %ld characters"), n);
	free(cause);
	free(text);
}

/*
 * After a tick: the item's group built again (its ticks, slots and KPI items)
 * in place, the cursor kept, not every group's checklist. -1 when that failed:
 * the caller loads the whole tab instead.
 */
static int view_today_reload_group(struct view_today *v, size_t g)
{
	const struct checklist_item *cur = view_today_current(v);
	int64_t keep_group = cur ? v->cl.groups[cur->group].id : 0;
	char *keep_action = cur ? xstrdup(cur->action->id) : NULL;
	size_t keep_row = v->list.cursor;
	char *cause = NULL;
	struct db_stats before = db_stats(v->app->db);
	int rc = today_refresh_group(v->app->db, v->pbs, &v->cl, g, &cause);
	app_debug_load(v->app, "Today:group", before);
	free(cause);
	if (rc == 0)
		view_today_rows(v, keep_group, keep_action, keep_row);
	free(keep_action);
	return rc;
}

/* Tick or untick the item under the cursor, then build its group again so progress is right. */
static int view_today_toggle(struct view_today *v)
{
	const struct checklist_item *it = view_today_current(v);
	if (!it)
		return VIEW_HANDLED;
	const struct group *g = &v->cl.groups[it->group];
	bool tick = !it->ticked;
	char *title = view_today_title(it), *cause = NULL;
	/* The transaction stays open: the group is read again inside it and drawn, then
	   app.c commits (the fsync after the frame, not between the key and it). */
	int rc = tick ? today_tick_begin(v->app->db, g->id, it->action->id, v->cl.day,
					 v->app->operator, &cause)
		      : today_untick_begin(v->app->db, g->id, it->action->id, v->cl.day,
					   v->app->operator, &cause);
	if (rc < 0)
		app_error(v->app, "%s", cause);
	else
		app_message(v->app, tick ? _("ticked: %s") : _("unticked: %s"), title);
	free(cause);
	free(title);
	if (rc < 0)
		return VIEW_HANDLED;
	v->app->commit_after_draw = true;
	return view_today_reload_group(v, it->group) < 0 ? VIEW_HANDLED | VIEW_RELOAD
							   : VIEW_HANDLED | VIEW_CHANGED;
}

/* `e`: the group form for the group of the row under the cursor (header or item). */
static void view_today_group_form(struct view_today *v)
{
	if (v->list.cursor >= v->n_rows)
		return;
	const struct today_row *row = &v->rows[v->list.cursor];
	size_t gi = row->header ? row->index : v->cl.items[row->index].group;
	const struct group *g = &v->cl.groups[gi];
	today_group_open(&v->gform, g, g->playbook);
}

/* Keys while the detail overlay is open. */
static int view_today_detail_key(struct view_today *v, int key)
{
	switch (key) {
	case 27:
	case 'q':
	case '\n':
	case KEY_ENTER:
		v->detail = false;
		return VIEW_HANDLED;
	case 'y':
		view_today_copy(v);
		return VIEW_HANDLED;
	}
	widget_pager_key(&v->pager, key);
	/* Everything else is swallowed so tabs do not switch under the overlay. */
	return VIEW_HANDLED;
}

/* !: the cursor to the next overdue item among the rows shown, wrapping to the top. */
static void view_today_next_overdue(struct view_today *v)
{
	size_t n = v->n_rows, from = v->list.cursor < n ? v->list.cursor : 0;
	for (size_t k = 1; k <= n; k++) {
		size_t i = (from + k) % n;
		if (v->rows[i].header || !view_today_overdue(v, &v->cl.items[v->rows[i].index]))
			continue;
		const struct checklist_item *it = &v->cl.items[v->rows[i].index];
		widget_list_set_cursor(&v->list, i);
		char *name = view_today_title(it);
		app_message(v->app, _("overdue: %s · %s%s"), v->cl.groups[it->group].name, name,
			    i <= from ? _(" (from the top)") : "");
		free(name);
		return;
	}
	app_message(v->app, _("no overdue item%s"),
		    v->n_shown < v->cl.n_items ? _(" (in the filter)") : "");
}

/* Keys while the filter's input line is open: it applies as it is typed. */
static int view_today_filter_key(struct view_today *v, int key)
{
	switch (key) {
	case 27:
		widget_input_set(&v->filter, "");
		v->filtering = false;
		view_today_refilter(v);
		return VIEW_HANDLED;
	case '\n':
	case '\r':
	case KEY_ENTER:
		v->filtering = false;
		return VIEW_HANDLED;
	case KEY_UP:
	case KEY_DOWN:
	case KEY_NPAGE:
	case KEY_PPAGE:
		/* The list moves under the filter without leaving it. */
		widget_list_key(&v->list, key);
		return VIEW_HANDLED;
	}
	if (widget_input_key(&v->filter, key) == WIDGET_INPUT_CHANGED)
		view_today_refilter(v);
	/* Everything else is the filter's: letters are text, not tab keys. */
	return VIEW_HANDLED;
}

static int view_today_key(void *state, int key)
{
	struct view_today *v = state;
	if (v->detail)
		return view_today_detail_key(v, key);
	if (v->filtering)
		return view_today_filter_key(v, key);
	if (v->gform.step != TG_CLOSED)
		return today_group_key(&v->gform, v->app, key);
	switch (key) {
	case 'e':
		view_today_group_form(v);
		return VIEW_HANDLED;
	case '/':
		v->filtering = true;
		return VIEW_HANDLED;
	case 27:
		if (!*widget_input_text(&v->filter))
			return VIEW_IGNORED;
		widget_input_set(&v->filter, "");
		view_today_refilter(v);
		app_message(v->app, "%s", _("filter cleared"));
		return VIEW_HANDLED;
	case '!':
		view_today_next_overdue(v);
		return VIEW_HANDLED;
	case ' ':
	case 'x':
		return view_today_toggle(v);
	case '\n':
	case KEY_ENTER:
		view_today_open(v);
		return VIEW_HANDLED;
	case 'y':
		view_today_copy(v);
		return VIEW_HANDLED;
	case 'r':
		app_message(v->app, "%s", _("reloaded"));
		return VIEW_HANDLED | VIEW_RELOAD;
	}
	return widget_list_key(&v->list, key);
}

/* The top line of the tab: the date, overall progress, how many are late. */
static void view_today_draw_summary(struct view_today *v, WINDOW *win, int y, int x, int cols)
{
	char date[11];
	date_format(v->app->today, date);
	size_t done, total, late = 0;
	checklist_progress(&v->cl, (size_t)-1, &done, &total);
	for (size_t i = 0; i < v->cl.n_items; i++)
		late += view_today_overdue(v, &v->cl.items[i]);
	draw_fill(win, y, x, cols, pal(PAL_NORMAL));
	const char *filter = widget_input_text(&v->filter);
	/* Filtered: the filter and what it lets through take the group count's place. */
	const char *wd = _(today_weekdays[date_weekday(v->app->today)]);
	char *head = *filter ? xasprintf(_(" Today %s %s · filter /%s: %zu/%zu items"), date + 5, wd,
					 filter, v->n_shown, v->cl.n_items)
			     : xasprintf(_(" Today %s %s · %zu group%s"), date, wd,
				       v->cl.n_groups, i18n_plural_s((long long)v->cl.n_groups));
	int w = draw_str(win, y, x, head, *filter ? cols - 24 : cols / 2,
			 pal(*filter ? PAL_MESSAGE : PAL_HEADER));
	free(head);
	char *prog = xasprintf(_("  done %zu/%zu "), done, total);
	w += draw_str(win, y, x + w, prog, cols - w, pal(PAL_NORMAL));
	free(prog);
	draw_bar(win, y, x + w, TODAY_BAR_W, done, total);
	w += TODAY_BAR_W;
	if (late) {
		char *l = xasprintf(_("  ! overdue %zu"), late);
		draw_str(win, y, x + w, l, cols - w, pal(PAL_OVERDUE));
		free(l);
	}
}

static void view_today_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_today *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	if (v->error) {
		draw_text(win, r->y + 1, r->x + 2, _("Cannot show the checklist:"), r->w - 4,
			  pal(PAL_ERROR));
		draw_text(win, r->y + 2, r->x + 2, v->error, r->w - 4, pal(PAL_NORMAL));
		return;
	}
	view_today_draw_summary(v, win, r->y, r->x, r->w);
	bool form = v->gform.step != TG_CLOSED;
	struct rect lr = {r->y + 1, r->x, r->h - 1 - (v->filtering || form), r->w};
	if (v->cl.n_groups == 0) {
		draw_text(win, lr.y + 1, lr.x + 2,
			  _("No groups yet. Add some: sopdeck import groups FILE.yaml|FILE.csv"),
			  lr.w - 4, pal(PAL_DIM));
	} else if (v->n_rows == 0) {
		widget_list_draw(&v->list, win, &lr);
		draw_text(win, lr.y + 1, lr.x + 2, _("Nothing matches the filter (Esc clears it)"),
			  lr.w - 4, pal(PAL_DIM));
	} else {
		widget_list_draw(&v->list, win, &lr);
	}
	if (v->filtering) {
		const char *label = "/ ", *hint = _("  (Enter keeps, Esc clears)");
		int y = r->y + r->h - 1, hw = text_width(hint);
		draw_fill(win, y, r->x, r->w, pal(PAL_MESSAGE));
		int w = draw_str(win, y, r->x, label, r->w, pal(PAL_MESSAGE));
		widget_input_draw(&v->filter, win, y, r->x + w, r->w - w - hw, pal(PAL_MESSAGE));
		draw_str(win, y, r->x + r->w - hw, hint, hw, pal(PAL_MESSAGE));
	}
	if (form)
		today_group_draw(&v->gform, win, r->y + r->h - 1, r->x, r->w);
	if (v->detail) {
		struct rect box = rect_centre(r, r->h - 2, r->w - 8);
		struct rect in = draw_box(win, &box, v->detail_title, pal(PAL_BORDER));
		draw_str(win, in.y + in.h, in.x, _(" y copy · j k scroll · Esc close "), in.w - 16,
			 pal(PAL_BORDER));
		if (v->detail_head && in.h > 4) {
			draw_text(win, in.y, in.x, v->detail_head, in.w, pal(PAL_HEADER));
			/* A blank line keeps the head apart from the text to post. */
			in.y += 2;
			in.h -= 2;
		}
		widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
	}
}

/* Shown and stale: the checklist does not depend on the area. */
static void view_today_load_op(void *state, const struct rect *r)
{
	view_today_load(state, r ? r->h : 0);
}

/* A click on an item row selects it (none while the text is open). */
static int view_today_click(void *state, int y, int x)
{
	struct view_today *v = state;
	return v->detail ? VIEW_IGNORED : widget_list_click(&v->list, y, x);
}

/* Once a second: a new minute may make items overdue. */
static int view_today_tick(void *state)
{
	struct view_today *v = state;
	int now = app_now_minute(v->app);
	if (now == v->now_min)
		return VIEW_IGNORED;
	v->now_min = now;
	return VIEW_REDRAW;
}

const struct view_ops view_today = {
	.name = N_("Today"),
	.keys = view_today_keys,
	.init = view_today_init,
	.free = view_today_free,
	.load = view_today_load_op,
	.draw = view_today_draw,
	.key = view_today_key,
	.tick = view_today_tick,
	.click = view_today_click,
};
