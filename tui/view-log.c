/*
 * The Log tab (操作记录): the audit log, newest first, one screen page at a
 * time. Only the visible page is queried (keyset paging on the entry id, see
 * audit_query), so a log of a million entries opens as fast as an empty one.
 * Filters: by operator, by kind (substring), or only my own entries.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "dates.h"
#include "draw.h"
#include "text.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define LOG_INPUT_MAX 128
#define LOG_AT_W 19
#define LOG_OP_W 12
#define LOG_KIND_W 18

enum log_input { LOG_INPUT_NONE, LOG_INPUT_OPERATOR, LOG_INPUT_KIND };

struct view_log {
	struct app *app;
	struct audit_entry *page;
	size_t n, sel;
	int rows;                  /* entries that fit: the page size */
	int64_t before;            /* the page starts below this id (0 = the newest) */
	int64_t *back;             /* the starts of the pages before this one */
	size_t n_back;
	bool more;                 /* a full page: there may be older entries */
	char operator[LOG_INPUT_MAX], kind[LOG_INPUT_MAX];
	enum log_input input;
	struct widget_input text;  /* the filter being typed */
	bool detail;
	struct widget_pager pager;
	struct rect rows_at;       /* where the last draw put the entries: for clicks */
};

static const struct view_key view_log_keys[] = {
	{"j k ↓ ↑", N_("move down / up (at the edge: next / previous page)")},
	{"PgDn PgUp", N_("older / newer page")},
	{"g", N_("back to the newest entries")},
	{"Enter", N_("the whole entry")},
	{"o", N_("filter by operator (empty: all)")},
	{"m", N_("only my entries / everyone's")},
	{"f", N_("filter by kind: tick, import, schedule, content...")},
	{"c", N_("clear the filters")},
	{NULL, NULL},
};

/* The audit kinds as shown; the filter (f) and --kind still take the key. */
static const struct {
	const char *key, *name;
} log_kinds[] = {
	{.key = "tick", .name = N_("tick")},
	{.key = "untick", .name = N_("untick")},
	{.key = "import", .name = N_("import")},
	{.key = "import groups", .name = N_("import groups")},
	{.key = "import playbook", .name = N_("import playbook")},
	{.key = "schedule", .name = N_("schedule")},
	{.key = "schedule-move", .name = N_("schedule-move")},
	{.key = "schedule-copy", .name = N_("schedule-copy")},
	{.key = "schedule-copy-week", .name = N_("schedule-copy-week")},
	{.key = "schedule-undo", .name = N_("schedule-undo")},
	{.key = "schedule-redo", .name = N_("schedule-redo")},
	{.key = "slot-status", .name = N_("slot-status")},
	{.key = "content-add", .name = N_("content-add")},
	{.key = "content-edit", .name = N_("content-edit")},
	{.key = "content-delete", .name = N_("content-delete")},
	{.key = "content-archive", .name = N_("content-archive")},
	{.key = "content-unarchive", .name = N_("content-unarchive")},
	{.key = "content-import", .name = N_("content-import")},
	{.key = "kpi", .name = N_("kpi")},
	{.key = "playbook", .name = N_("playbook")},
	{.key = "group archive", .name = N_("group archive")},
	{.key = "group unarchive", .name = N_("group unarchive")},
	{.key = "group delete", .name = N_("group delete")},
	{.key = "group set", .name = N_("group set")},
	{.key = "setting", .name = N_("setting")},
	{.key = "feedback", .name = N_("feedback")},
	{.key = "feedback-close", .name = N_("feedback-close")},
	{.key = "ab", .name = N_("ab")},
	{.key = "demo", .name = N_("demo")},
};

/* A kind's name in the interface's language; an unknown kind shows as stored. */
static const char *log_kind_name(const char *kind)
{
	for (size_t i = 0; i < ARRAY_LEN(log_kinds); i++)
		if (strcmp(log_kinds[i].key, kind) == 0)
			return _(log_kinds[i].name);
	return kind;
}

/* Query the page starting below v->before; keep the cursor on keep_id if it is there. */
static void log_load(struct view_log *v, int64_t keep_id)
{
	audit_free(v->page, v->n);
	v->page = NULL;
	v->n = 0;
	size_t rows = v->rows > 0 ? (size_t)v->rows : 20;
	struct audit_filter f = {.operator = v->operator, .kind = v->kind};
	char *cause = NULL;
	if (audit_query(v->app->db, &f, v->before, rows, &v->page, &v->n, &cause) < 0) {
		app_error(v->app, _("log: %s"), cause ? cause : _("cannot read the audit log"));
		free(cause);
	}
	v->more = v->n == rows;
	if (v->n == 0 && v->n_back > 0) {
		/* The page emptied (filter, a smaller screen): back to the newest. */
		v->n_back = 0;
		v->before = 0;
		log_load(v, keep_id);
		return;
	}
	for (size_t i = 0; keep_id && i < v->n; i++)
		if (v->page[i].id == keep_id)
			v->sel = i;
	if (v->sel >= v->n)
		v->sel = v->n ? v->n - 1 : 0;
}

/* Back to the newest page with the cursor on top (a filter changed). */
static void log_restart(struct view_log *v)
{
	v->before = 0;
	v->n_back = 0;
	v->sel = 0;
	log_load(v, 0);
}

static void *view_log_init(struct app *app)
{
	struct view_log *v = xcalloc(1, sizeof *v);
	v->app = app;
	widget_input_init(&v->text, LOG_INPUT_MAX - 1);
	return v;
}

static void view_log_free(void *state)
{
	struct view_log *v = state;
	audit_free(v->page, v->n);
	free(v->back);
	widget_pager_free(&v->pager);
	widget_input_free(&v->text);
	free(v);
}

/* Shown and stale, or a new size: the page size follows the screen. */
static void view_log_load(void *state, const struct rect *r)
{
	struct view_log *v = state;
	v->rows = r->h - 3 > 0 ? r->h - 3 : 1;
	log_load(v, v->n ? v->page[v->sel].id : 0);
}

/* The next (older) page, cursor on its first or last row. */
static bool log_older(struct view_log *v, bool to_last)
{
	if (!v->more || v->n == 0)
		return false;
	v->back = xrealloc(v->back, (v->n_back + 1) * sizeof *v->back);
	v->back[v->n_back++] = v->before;
	v->before = v->page[v->n - 1].id;
	v->sel = 0;
	log_load(v, 0);
	if (to_last && v->n)
		v->sel = v->n - 1;
	return true;
}

/* The previous (newer) page. */
static bool log_newer(struct view_log *v, bool to_last)
{
	if (v->n_back == 0)
		return false;
	v->before = v->back[--v->n_back];
	v->sel = 0;
	log_load(v, 0);
	if (to_last && v->n)
		v->sel = v->n - 1;
	return true;
}

/* "操作员 alice · 类型 tick" or "全部": what the filters show. */
static char *log_filter_text(const struct view_log *v)
{
	if (!*v->operator && !*v->kind)
		return xstrdup(_("all"));
	return xasprintf("%s%s%s%s", *v->operator ? _("operator ") : "", v->operator,
			 *v->operator && *v->kind ? _(" · kind ") : (*v->kind ? _("kind ") : ""),
			 v->kind);
}

static void log_draw_row(struct view_log *v, WINDOW *win, int y, const struct rect *r,
			 size_t i)
{
	const struct audit_entry *e = &v->page[i];
	bool sel = i == v->sel;
	attr_t a = pal(sel ? PAL_SELECTED : PAL_NORMAL);
	int x = r->x + 1, w = r->w - 2;
	draw_fill(win, y, r->x, r->w, a);
	/* In the workspace's zone, as `sopdeck log` prints it (stored UTC, or naive before 009). */
	char at[20];
	date_stamp_show(e->at, at);
	x += draw_text(win, y, x, at, LOG_AT_W, sel ? a : pal(PAL_DIM)) + 1;
	x += draw_text(win, y, x, e->operator, LOG_OP_W, a) + 1;
	x += draw_text(win, y, x, log_kind_name(e->kind), LOG_KIND_W, sel ? a : pal(PAL_HEADER)) + 1;
	int rest = r->x + 1 + w - x;
	if (rest > 0)
		draw_text(win, y, x, e->detail, rest, a);
}

static void view_log_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_log *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	int rows = r->h - 3;
	if (rows < 1)
		rows = 1;
	char *f = log_filter_text(v);
	char *head = xasprintf(_("Audit log · %s · page %zu%s"), f, v->n_back + 1,
			       v->more ? _(" (more: PgDn)") : "");
	draw_text(win, r->y, r->x + 1, head, r->w - 2, pal(PAL_TITLE));
	free(head);
	free(f);
	int x = r->x + 1;
	attr_t dim = pal(PAL_DIM);
	x += draw_text(win, r->y + 1, x, _("when"), LOG_AT_W, dim) + 1;
	x += draw_text(win, r->y + 1, x, _("operator"), LOG_OP_W, dim) + 1;
	x += draw_text(win, r->y + 1, x, _("kind"), LOG_KIND_W, dim) + 1;
	if (r->x + r->w - 1 - x > 0)
		draw_text(win, r->y + 1, x, _("what changed"), r->x + r->w - 1 - x, dim);
	if (v->n == 0)
		draw_text(win, r->y + 2, r->x + 1, _("(no entries)"), r->w - 2, dim);
	for (size_t i = 0; i < v->n && (int)i < rows; i++)
		log_draw_row(v, win, r->y + 2 + (int)i, r, i);
	v->rows_at = (struct rect){r->y + 2, r->x, (int)v->n < rows ? (int)v->n : rows, r->w};
	if (v->input != LOG_INPUT_NONE) {
		const char *label = v->input == LOG_INPUT_OPERATOR ? _("operator: ") : _("kind: ");
		const char *hint = _("  (Enter apply, Esc cancel)");
		int y = r->y + r->h - 1, hw = text_width(hint);
		draw_fill(win, y, r->x, r->w, pal(PAL_MESSAGE));
		int w = draw_str(win, y, r->x, label, r->w, pal(PAL_MESSAGE));
		int iw = r->w - w - hw;
		widget_input_draw(&v->text, win, y, r->x + w, iw, pal(PAL_MESSAGE));
		draw_str(win, y, r->x + w + iw, hint, hw, pal(PAL_MESSAGE));
	}
	if (v->detail) {
		struct rect box = rect_centre(r, r->h - 2, r->w - 8);
		struct rect in = draw_box(win, &box, _("Audit entry"), pal(PAL_BORDER));
		widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
	}
}

/* Keys while a filter prompt is open. */
static int log_input_key(struct view_log *v, int key)
{
	if (key == 27) {
		v->input = LOG_INPUT_NONE;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		char *dst = v->input == LOG_INPUT_OPERATOR ? v->operator : v->kind;
		char *t = xstrdup(widget_input_text(&v->text));
		snprintf(dst, LOG_INPUT_MAX, "%s", text_trim(t));
		free(t);
		v->input = LOG_INPUT_NONE;
		log_restart(v);
	} else {
		widget_input_key(&v->text, key);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Open the whole entry in a pager. */
static void log_open_detail(struct view_log *v)
{
	const struct audit_entry *e = &v->page[v->sel];
	char at[20];
	date_stamp_show(e->at, at);
	char *text = xasprintf(_("#%lld\ntime %s\noperator %s\nkind %s (%s)\n\n%s"), (long long)e->id,
			       at, e->operator, log_kind_name(e->kind), e->kind, e->detail);
	widget_pager_set_text(&v->pager, text);
	free(text);
	v->detail = true;
}

static int view_log_key(void *state, int key)
{
	struct view_log *v = state;
	if (v->input != LOG_INPUT_NONE)
		return log_input_key(v, key);
	if (v->detail) {
		if (key == 27 || key == 'q' || key == '\n' || key == KEY_ENTER)
			v->detail = false;
		else
			widget_pager_key(&v->pager, key);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (v->sel + 1 < v->n)
			v->sel++;
		else
			log_older(v, false);
		break;
	case 'k':
	case KEY_UP:
		if (v->sel > 0)
			v->sel--;
		else
			log_newer(v, true);
		break;
	case KEY_NPAGE:
	case ' ':
		if (!log_older(v, false))
			v->sel = v->n ? v->n - 1 : 0;
		break;
	case KEY_PPAGE:
		if (!log_newer(v, false))
			v->sel = 0;
		break;
	case 'g':
	case KEY_HOME:
		log_restart(v);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (v->n)
			log_open_detail(v);
		break;
	case 'o':
	case 'f':
		v->input = key == 'o' ? LOG_INPUT_OPERATOR : LOG_INPUT_KIND;
		widget_input_set(&v->text, key == 'o' ? v->operator : v->kind);
		break;
	case 'm':
		if (strcmp(v->operator, v->app->operator) == 0)
			v->operator[0] = '\0';
		else
			snprintf(v->operator, sizeof v->operator, "%s", v->app->operator);
		log_restart(v);
		break;
	case 'c':
		v->operator[0] = v->kind[0] = '\0';
		log_restart(v);
		break;
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* A click on an entry selects it (not while a prompt or an entry is open). */
static int view_log_click(void *state, int y, int x)
{
	struct view_log *v = state;
	const struct rect *a = &v->rows_at;
	if (v->input != LOG_INPUT_NONE || v->detail || y < a->y || y >= a->y + a->h ||
	    x < a->x || x >= a->x + a->w)
		return VIEW_IGNORED;
	v->sel = (size_t)(y - a->y);
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view_ops view_log = {
	.name = N_("Log"),
	.keys = view_log_keys,
	.init = view_log_init,
	.free = view_log_free,
	.load = view_log_load,
	.draw = view_log_draw,
	.key = view_log_key,
	.click = view_log_click,
};
