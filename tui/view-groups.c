/*
 * The Groups tab (issue 11: the group lifecycle in the console): every group,
 * archived ones included and marked, with owner, type, platform, stage,
 * playbook and status, as `sopdeck groups --all` lists them; in the owner scope
 * (O: mine / all) as Today is. `/` filters as you type, `s`/`S` sort, `A` hides
 * the archived. Changes go through the group form Today uses (today-group.c):
 * `e` its menu, or its keys straight away (o n t p a D); `u` takes the last one
 * back and `U` does it again, each an audited change of its own. The load is
 * two queries and the playbooks', whatever the number of groups.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "collate.h"
#include "dates.h"
#include "draw.h"
#include "group.h"
#include "playbook.h"
#include "text.h"
#include "today-group.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define CTRL(c) ((c) & 0x1f)
#define GROUPS_FILTER_MAX 200

/* Column widths (display columns); name and playbook share what is left. */
#define GROUPS_OWNER_W 8
#define GROUPS_TYPE_W 12
#define GROUPS_PLATFORM_W 8
#define GROUPS_STAGE_W 8
#define GROUPS_STAGE_W_EN 12 /* "monetisation": English stage names are longer */
#define GROUPS_STATUS_W 8

/* What the rows sort by (s: the next, S: reverse); ties keep the pinyin order. */
enum groups_sort {
	GS_NAME,
	GS_OWNER,
	GS_TYPE,
	GS_PLATFORM,
	GS_STAGE,
	GS_PLAYBOOK,
	GS_STATUS,
	GS_COUNT
};

static const char *const groups_sort_names[GS_COUNT] = {
	N_("name"), N_("owner"), N_("type"), N_("platform"), N_("stage"), N_("playbook"),
	N_("status"),
};

/* A stack of changes the form made, for u (undo) and U (redo). */
struct groups_changes {
	struct today_group_change *v;
	size_t n;
};

struct view_groups {
	struct app *app;
	struct group *groups;     /* every group, in pinyin order */
	size_t n;
	struct playbook_set *pbs;
	const char **stage;       /* per group: its stage's name, or NULL (not started) */
	const char **playbook;    /* per group: the playbook it runs on */
	char *error;              /* why nothing could be loaded, or NULL */
	size_t *rows;             /* indices into groups: the scope, the filter, sorted */
	size_t n_rows;
	size_t n_scope, n_archived;  /* in the owner scope, before the filter; of them archived */
	struct widget_list list;
	struct widget_input filter;  /* `/`: applies as it is typed */
	bool filtering;
	bool hide_archived;
	enum groups_sort sort;
	bool desc;
	struct today_group form;
	struct groups_changes undo, redo;
};

static const struct view_key view_groups_keys[] = {
	WIDGET_LIST_KEYS,
	{"/", N_("filter: name owner type stage playbook (Esc clears)")},
	{"s S", N_("sort by the next column / reverse the order")},
	{"A", N_("hide / show archived groups")},
	{"e", N_("change the group: the menu of o n t p a D")},
	{"o n t p", N_("change its owner / name / type / playbook")},
	{"a", N_("archive (asks) / unarchive an archived group")},
	{"D", N_("delete (asks); with history, P deletes that too")},
	{"u", N_("undo your last change here")},
	{"U ^R", N_("redo what u took back")},
	{"r", N_("reload from the database")},
	{NULL, NULL},
};

/* The group under the cursor, or NULL. */
static const struct group *groups_current(const struct view_groups *v)
{
	if (v->n_rows == 0 || v->list.cursor >= v->n_rows)
		return NULL;
	return &v->groups[v->rows[v->list.cursor]];
}

/* Type and platform as the interface's words (the keys in English, as `groups` prints). */
static const char *groups_type_word(enum group_type t)
{
	return i18n_lang() == I18N_EN ? group_type_key(t) : group_type_name(t);
}

static const char *groups_platform_word(enum group_platform p)
{
	return i18n_lang() == I18N_EN ? group_platform_key(p) : group_platform_name(p);
}

/* Does s hold the folded needle? */
static bool groups_match(const char *s, const char *needle)
{
	if (!s || !*s)
		return false;
	char *f = text_fold(s);
	bool hit = strstr(f, needle) != NULL;
	free(f);
	return hit;
}

/* Does group i pass the `/` filter (needle folded, NULL: everything)? */
static bool groups_pass(const struct view_groups *v, size_t i, const char *needle)
{
	const struct group *g = &v->groups[i];
	return !needle || groups_match(g->name, needle) || groups_match(g->owner, needle) ||
	       groups_match(group_type_name(g->type), needle) ||
	       groups_match(group_type_key(g->type), needle) ||
	       groups_match(groups_platform_word(g->platform), needle) ||
	       groups_match(v->stage[i], needle) || groups_match(v->playbook[i], needle) ||
	       (g->archived && groups_match(_("archived"), needle));
}

/* The view qsort compares for (qsort has no context argument). */
static const struct view_groups *groups_sorting;

static int groups_cmp(const void *pa, const void *pb)
{
	const struct view_groups *v = groups_sorting;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct group *x = &v->groups[a], *y = &v->groups[b];
	int c = 0;
	switch (v->sort) {
	case GS_NAME:
		break;  /* the load's pinyin order: the index */
	case GS_OWNER:
		c = collate_strcmp(x->owner, y->owner);
		break;
	case GS_TYPE:
		c = (int)x->type - (int)y->type;
		break;
	case GS_PLATFORM:
		c = (int)x->platform - (int)y->platform;
		break;
	case GS_STAGE:
		/* Not started sorts last either way. */
		if (!v->stage[a] != !v->stage[b])
			return v->stage[a] ? -1 : 1;
		c = collate_strcmp(v->stage[a], v->stage[b]);
		break;
	case GS_PLAYBOOK:
		c = collate_strcmp(v->playbook[a], v->playbook[b]);
		break;
	case GS_STATUS:
		c = (int)x->archived - (int)y->archived;
		break;
	case GS_COUNT:
		break;
	}
	if (c == 0)
		c = a < b ? -1 : a > b;
	return v->desc ? -c : c;
}

/*
 * The rows: the groups in the owner scope (as Today's), archived ones unless hidden,
 * under the filter, sorted. The cursor stays on keep_id if it is still listed.
 */
static void groups_rows(struct view_groups *v, int64_t keep_id)
{
	free(v->rows);
	v->rows = xcalloc(v->n + 1, sizeof *v->rows);
	v->n_rows = v->n_scope = v->n_archived = 0;
	const char *scope = group_scope(v->app->db);
	const char *typed = widget_input_text(&v->filter);
	char *needle = *typed ? text_fold(typed) : NULL;
	for (size_t i = 0; i < v->n; i++) {
		const struct group *g = &v->groups[i];
		if (scope && strcmp(g->owner ? g->owner : "", scope) != 0)
			continue;
		v->n_scope++;
		v->n_archived += g->archived;
		if ((v->hide_archived && g->archived) || !groups_pass(v, i, needle))
			continue;
		v->rows[v->n_rows++] = i;
	}
	free(needle);
	groups_sorting = v;
	qsort(v->rows, v->n_rows, sizeof *v->rows, groups_cmp);
	size_t at = v->list.cursor;
	for (size_t r = 0; keep_id && r < v->n_rows; r++)
		if (v->groups[v->rows[r]].id == keep_id)
			at = r;
	widget_list_set_count(&v->list, v->n_rows);
	widget_list_set_cursor(&v->list, at);
}

static void groups_clear(struct view_groups *v)
{
	group_list_free(v->groups, v->n);
	playbook_set_free(v->pbs);
	free(v->stage);
	free(v->playbook);
	free(v->error);
	v->groups = NULL;
	v->n = 0;
	v->pbs = NULL;
	v->stage = v->playbook = NULL;
	v->error = NULL;
}

/* Every group and every playbook, once; each group's stage and playbook from them. */
static void view_groups_load(void *state, const struct rect *r)
{
	struct view_groups *v = state;
	const struct group *cur = groups_current(v);
	int64_t keep = cur ? cur->id : 0;
	groups_clear(v);
	char *cause = NULL;
	if (group_list_all(v->app->db, &v->groups, &v->n, &cause) < 0 ||
	    playbook_set_load(v->app->db, &v->pbs, &cause) < 0) {
		v->error = cause ? cause : xstrdup(_("cannot list the groups"));
		app_error(v->app, "%s", v->error);
		group_list_free(v->groups, v->n);
		v->groups = NULL;
		v->n = 0;
	}
	v->stage = xcalloc(v->n + 1, sizeof *v->stage);
	v->playbook = xcalloc(v->n + 1, sizeof *v->playbook);
	int today = v->app->today;
	for (size_t i = 0; i < v->n; i++) {
		const struct group *g = &v->groups[i];
		const struct playbook *pb = *g->playbook ? playbook_set_named(v->pbs, g->playbook)
							 : v->pbs->fallback;
		/* A playbook since gone shows by the name the group still names. */
		v->playbook[i] = pb ? pb->name : g->playbook;
		const struct pb_stage *st = pb && g->created != DATE_INVALID && g->created <= today
						    ? playbook_stage_for_age(pb, group_age(g, today))
						    : NULL;
		v->stage[i] = playbook_stage_name(st, NULL); /* name_en in English */
	}
	groups_rows(v, keep);
}

static void groups_changes_free(struct groups_changes *s)
{
	for (size_t i = 0; i < s->n; i++)
		today_group_change_clear(&s->v[i]);
	free(s->v);
	*s = (struct groups_changes){0};
}

static void groups_push(struct groups_changes *s, struct today_group_change c)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = c;
}

static void view_groups_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t r,
				 bool selected);

static void *view_groups_init(struct app *app)
{
	struct view_groups *v = xcalloc(1, sizeof *v);
	v->app = app;
	widget_list_init(&v->list, view_groups_draw_row, NULL, v);
	widget_input_init(&v->filter, GROUPS_FILTER_MAX);
	today_group_init(&v->form);
	return v;
}

static void view_groups_free(void *state)
{
	struct view_groups *v = state;
	groups_clear(v);
	free(v->rows);
	widget_input_free(&v->filter);
	today_group_free(&v->form);
	groups_changes_free(&v->undo);
	groups_changes_free(&v->redo);
	free(v);
}

/* A field's value as said in a message: the default playbook has no name of its own. */
static const char *groups_value(const struct today_group_change *c, const char *value)
{
	if (c->field == TG_PLAYBOOK && (!value || !*value))
		return _("(the default)");
	return value && *value ? value : "-";
}

/*
 * Apply change c again (back = false) or take it back (true): the model's own
 * audited change. On 0 *said is what was done, for the message.
 */
static int groups_apply(struct view_groups *v, const struct today_group_change *c, bool back,
			char **said, char **cause)
{
	struct db *db = v->app->db;
	const char *to = back ? c->before : c->after, *from = back ? c->after : c->before;
	struct group_change gc = {0};
	const char *what = NULL, *group = c->group;
	switch (c->field) {
	case TG_ARCHIVE:
	case TG_UNARCHIVE: {
		bool archive = (c->field == TG_ARCHIVE) != back;
		if (group_set_archived(db, group, archive, v->app->operator, cause) < 0)
			return -1;
		*said = xasprintf(archive ? _("%s archived") : _("%s back from the archive"), group);
		return 0;
	}
	case TG_OWNER:
		gc.owner = to;
		what = _("owner");
		break;
	case TG_NAME:
		/* The group goes by the name it has now. */
		group = from;
		gc.name = to;
		what = _("name");
		break;
	case TG_TYPE:
		gc.type = to;
		what = _("type");
		break;
	case TG_PLAYBOOK:
		gc.playbook = to;
		what = _("playbook");
		break;
	default:
		return set_cause(cause, "%s", _("that change cannot be taken back"));
	}
	if (group_change(db, group, &gc, v->app->operator, cause) < 0)
		return -1;
	*said = xasprintf(_("%s: %s %s → %s"), c->field == TG_NAME ? to : group, what,
			  groups_value(c, from), groups_value(c, to));
	return 0;
}

/* u (redo false) / U (redo true): the last change here taken back, or made again. */
static int groups_undo(struct view_groups *v, bool redo)
{
	struct groups_changes *from = redo ? &v->redo : &v->undo, *to = redo ? &v->undo : &v->redo;
	if (from->n == 0) {
		app_message(v->app, "%s", redo ? _("nothing to redo")
					       : _("nothing to undo here (a deleted group stays "
						   "deleted)"));
		return VIEW_HANDLED;
	}
	struct today_group_change c = from->v[--from->n];
	char *said = NULL, *cause = NULL;
	if (groups_apply(v, &c, !redo, &said, &cause) < 0) {
		/* Someone else changed the group since: the record is dropped, the reason said. */
		app_error(v->app, "%s", cause);
		free(cause);
		today_group_change_clear(&c);
		return VIEW_HANDLED | VIEW_RELOAD;
	}
	app_message(v->app, redo ? _("redone: %s") : _("undone: %s"), said);
	free(said);
	groups_push(to, c);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* Keys while the form is open; a change it made goes on the undo stack. */
static int groups_form_key(struct view_groups *v, int key)
{
	int flags = today_group_key(&v->form, v->app, key);
	struct today_group_change c;
	if (today_group_take(&v->form, &c)) {
		if (c.field == TG_DELETE) {
			today_group_change_clear(&c);
		} else {
			groups_push(&v->undo, c);
			groups_changes_free(&v->redo);
		}
	}
	return flags;
}

/* Keys while the filter's line is open: it applies as it is typed. */
static int groups_filter_key(struct view_groups *v, int key)
{
	const struct group *cur = groups_current(v);
	int64_t keep = cur ? cur->id : 0;
	switch (key) {
	case 27:
		widget_input_set(&v->filter, "");
		v->filtering = false;
		groups_rows(v, keep);
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
		widget_list_key(&v->list, key);
		return VIEW_HANDLED;
	}
	if (widget_input_key(&v->filter, key) == WIDGET_INPUT_CHANGED)
		groups_rows(v, keep);
	/* Everything else is the filter's: letters are text, not tab keys. */
	return VIEW_HANDLED;
}

static int view_groups_key(void *state, int key)
{
	struct view_groups *v = state;
	if (v->filtering)
		return groups_filter_key(v, key);
	if (v->form.step != TG_CLOSED)
		return groups_form_key(v, key);
	const struct group *cur = groups_current(v);
	int64_t keep = cur ? cur->id : 0;
	switch (key) {
	case 'e':
	case 'o':
	case 'n':
	case 't':
	case 'p':
	case 'a':
	case 'D':
		if (!cur)
			return VIEW_HANDLED;
		today_group_open(&v->form, cur, cur->playbook);
		return key == 'e' ? VIEW_HANDLED : groups_form_key(v, key);
	case '/':
		v->filtering = true;
		return VIEW_HANDLED;
	case 27:
		if (!*widget_input_text(&v->filter))
			return VIEW_IGNORED;
		widget_input_set(&v->filter, "");
		groups_rows(v, keep);
		app_message(v->app, "%s", _("filter cleared"));
		return VIEW_HANDLED;
	case 's':
	case 'S':
		if (key == 's')
			v->sort = (v->sort + 1) % GS_COUNT;
		else
			v->desc = !v->desc;
		groups_rows(v, keep);
		return VIEW_HANDLED;
	case 'A':
		v->hide_archived = !v->hide_archived;
		groups_rows(v, keep);
		app_message(v->app, "%s", v->hide_archived ? _("archived groups hidden (A shows them)")
							   : _("archived groups shown"));
		return VIEW_HANDLED;
	case 'u':
		return groups_undo(v, false);
	case 'U':
	case CTRL('r'):
		return groups_undo(v, true);
	case 'r':
		app_message(v->app, "%s", _("reloaded"));
		return VIEW_HANDLED | VIEW_RELOAD;
	}
	return widget_list_key(&v->list, key);
}

/* The stage column's width in the interface's language. */
static int groups_stage_w(void)
{
	return i18n_lang() == I18N_EN ? GROUPS_STAGE_W_EN : GROUPS_STAGE_W;
}

/* The widths of the name and playbook columns in cols: what the others leave. */
static void groups_widths(int cols, int *name_w, int *pb_w)
{
	int rest = cols - 2 - GROUPS_OWNER_W - GROUPS_TYPE_W - GROUPS_PLATFORM_W -
		   groups_stage_w() - GROUPS_STATUS_W - 6;
	if (rest < 8)
		rest = 8;
	*name_w = rest * 4 / 7;
	*pb_w = rest - *name_w;
}

/* One line of columns at (y, x): the header's titles or a group's values. */
static void groups_draw_cells(WINDOW *win, int y, int x, int cols, const char *const cell[7],
			      attr_t a, attr_t dim)
{
	int name_w, pb_w;
	groups_widths(cols, &name_w, &pb_w);
	const int w[7] = {name_w, GROUPS_OWNER_W, GROUPS_TYPE_W, GROUPS_PLATFORM_W,
			  groups_stage_w(), pb_w, GROUPS_STATUS_W};
	draw_fill(win, y, x, cols, a);
	int at = x + 1;
	for (int i = 0; i < 7 && at < x + cols; i++) {
		int room = x + cols - at;
		draw_text(win, y, at, cell[i], w[i] < room ? w[i] : room, i == 0 ? a : dim);
		at += w[i] + 1;
	}
}

static void view_groups_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t r,
				 bool selected)
{
	struct view_groups *v = ctx;
	size_t i = v->rows[r];
	const struct group *g = &v->groups[i];
	const char *cell[7] = {
		g->name,
		*g->owner ? g->owner : "-",
		groups_type_word(g->type),
		groups_platform_word(g->platform),
		v->stage[i] ? v->stage[i] : "-",
		v->playbook[i],
		g->archived ? _("archived") : "",
	};
	attr_t a = pal(selected ? PAL_SELECTED : g->archived ? PAL_DIM : PAL_NORMAL);
	groups_draw_cells(win, y, x, cols, cell, a, a);
}

/* The tab's first line: how many, the filter, the sort. */
static void groups_draw_head(struct view_groups *v, WINDOW *win, int y, int x, int cols)
{
	const char *filter = widget_input_text(&v->filter);
	const char *dir = draw_want_ascii() ? (v->desc ? " v" : " ^") : (v->desc ? " ↓" : " ↑");
	char *count;
	if (*filter)
		count = xasprintf(_("filter /%s: %zu/%zu"), filter, v->n_rows, v->n_scope);
	else if (v->hide_archived)
		count = xasprintf(_("%zu shown, %zu archived hidden (A)"), v->n_rows, v->n_archived);
	else
		count = xasprintf(_("%zu group%s, %zu archived"), v->n_scope,
				  i18n_plural_s((long long)v->n_scope), v->n_archived);
	char *head = xasprintf(_(" Groups · %s · sort %s%s"), count, _(groups_sort_names[v->sort]),
			       dir);
	draw_text(win, y, x, head, cols, pal(*filter ? PAL_MESSAGE : PAL_HEADER));
	free(head);
	free(count);
}

static void view_groups_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_groups *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	if (v->error) {
		draw_text(win, r->y + 1, r->x + 2, _("Cannot list the groups:"), r->w - 4,
			  pal(PAL_ERROR));
		draw_text(win, r->y + 2, r->x + 2, v->error, r->w - 4, pal(PAL_NORMAL));
		return;
	}
	groups_draw_head(v, win, r->y, r->x, r->w);
	const char *titles[7];
	for (int i = 0; i < 7; i++)
		titles[i] = _(groups_sort_names[i]);
	groups_draw_cells(win, r->y + 1, r->x, r->w, titles, pal(PAL_DIM), pal(PAL_DIM));
	struct rect lr = {r->y + 2, r->x, r->h - 3, r->w};
	widget_list_draw(&v->list, win, &lr);
	if (v->n_scope == 0)
		draw_text(win, lr.y, lr.x + 2,
			  v->n ? _("None of the groups is yours (O: all groups)")
			       : _("No groups yet. Add some: sopdeck import groups FILE.yaml|FILE.csv"),
			  lr.w - 4, pal(PAL_DIM));
	else if (v->n_rows == 0)
		draw_text(win, lr.y, lr.x + 2, _("Nothing matches the filter (Esc clears it)"),
			  lr.w - 4, pal(PAL_DIM));
	int y = r->y + r->h - 1;
	if (v->filtering) {
		const char *label = "/ ", *hint = _("  (Enter keeps, Esc clears)");
		int hw = text_width(hint);
		draw_fill(win, y, r->x, r->w, pal(PAL_MESSAGE));
		int w = draw_str(win, y, r->x, label, r->w, pal(PAL_MESSAGE));
		widget_input_draw(&v->filter, win, y, r->x + w, r->w - w - hw, pal(PAL_MESSAGE));
		draw_str(win, y, r->x + r->w - hw, hint, hw, pal(PAL_MESSAGE));
	} else if (v->form.step != TG_CLOSED) {
		today_group_draw(&v->form, win, y, r->x, r->w);
	} else {
		draw_text(win, y, r->x,
			  _(" e change · a archive/back · D delete · u undo · / filter · s sort · "
			    "A archived"), r->w, pal(PAL_DIM));
	}
}

/* A click on a row selects it (not while a line at the bottom is open). */
static int view_groups_click(void *state, int y, int x)
{
	struct view_groups *v = state;
	if (v->filtering || v->form.step != TG_CLOSED)
		return VIEW_IGNORED;
	return widget_list_click(&v->list, y, x);
}

const struct view_ops view_groups = {
	.name = N_("Groups"),
	.keys = view_groups_keys,
	.init = view_groups_init,
	.free = view_groups_free,
	.load = view_groups_load,
	.draw = view_groups_draw,
	.key = view_groups_key,
	.click = view_groups_click,
};
