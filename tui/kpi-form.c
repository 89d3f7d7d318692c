/*
 * The KPI tab's entry form (`m`): one day's counters of one group typed in,
 * row 0 the date (← → move it, never into the future nor before the group was
 * created), a row per counter of the group's own playbook; Enter saves the
 * changed ones in one transaction (kpi_set_day), Esc cancels (asking first when numbers
 * were typed, as another day would drop them too).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "group.h"
#include "kpi.h"
#include "util.h"

#define KPI_FORM_KEY_W 15  /* the counter's key column */

/* The day's stored counters into the fields, none changed. */
static void view_kpi_form_load(struct view_kpi *v)
{
	size_t n = v->form_pb->n_counters;
	bool *present = xcalloc(n + 1, sizeof *present);
	double *value = xcalloc(n + 1, sizeof *value);
	char *cause = NULL;
	if (kpi_get_day(v->app->db, v->form_pb, v->form_gid, v->form_day, present, value, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
	}
	for (size_t i = 0; i < n; i++) {
		free(v->form_text[i]);
		v->form_text[i] = present[i] ? xasprintf("%.10g", value[i]) : xstrdup("");
		v->form_changed[i] = false;
	}
	v->form_edit_row = SIZE_MAX;
	free(present);
	free(value);
}

void kpiv_form_free(struct view_kpi *v)
{
	for (size_t i = 0; v->form_text && i < v->form_pb->n_counters; i++)
		free(v->form_text[i]);
	free(v->form_text);
	free(v->form_changed);
	free(v->form_group);
	v->form_text = NULL;
	v->form_changed = NULL;
	v->form_group = NULL;
	v->form = false;
	widget_input_free(&v->form_input);
}

static void view_kpi_form_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			      bool selected)
{
	struct view_kpi *v = ctx;
	attr_t a = pal(selected ? PAL_SELECTED : PAL_NORMAL);
	draw_fill(win, y, x, cols, a);
	if (i == 0) {
		char d[11];
		date_format(v->form_day, d);
		draw_text(win, y, x, _("date"), KPI_FORM_KEY_W - 1, a);
		draw_textf(win, y, x + KPI_FORM_KEY_W - 1, cols - KPI_FORM_KEY_W + 1, a, "← %s →", d);
		return;
	}
	const struct pb_counter *c = &v->form_pb->counters[i - 1];
	draw_text(win, y, x, c->key, KPI_FORM_KEY_W, a);
	draw_text(win, y, x + KPI_FORM_KEY_W, c->n_aliases ? c->aliases[0] : "",
		  cols - KPI_FORM_KEY_W - 14, a);
	if (selected && v->form_edit_row == i) {
		/* Being typed in: the one line editor, its cursor at the end. */
		draw_text(win, y, x + cols - 13, "[", 1, a);
		widget_input_draw(&v->form_input, win, y, x + cols - 12, 10, a);
		draw_text(win, y, x + cols - 2, v->form_changed[i - 1] ? "]*" : "] ", 2, a);
		return;
	}
	draw_textf(win, y, x + cols - 13, 13, a, "[%10s]%s", v->form_text[i - 1],
		   v->form_changed[i - 1] ? "*" : " ");
}

void kpiv_form_draw(struct view_kpi *v, WINDOW *win, const struct rect *r)
{
	struct rect box = rect_centre(r, r->h, 60);
	char *title = xasprintf(_("Type in %s"), v->form_group);
	struct rect in = draw_box(win, &box, title, pal(PAL_BORDER));
	free(title);
	if (in.h < 3)
		return;
	struct rect list = {in.y, in.x, in.h - 1, in.w};
	widget_list_draw(&v->form_list, win, &list);
	if (v->form_ask)
		draw_text(win, in.y + in.h - 1, in.x, _("discard changes? y/n"), in.w,
			  pal(PAL_ERROR));
	else
		draw_text(win, in.y + in.h - 1, in.x,
			  _("digits · empty clears · ←→ day · Enter save · Esc cancel"), in.w,
			  pal(PAL_DIM));
}

/* Were numbers typed that neither Enter nor the date's reload has settled yet? */
static bool view_kpi_form_dirty(const struct view_kpi *v)
{
	for (size_t i = 0; i < v->form_pb->n_counters; i++)
		if (v->form_changed[i])
			return true;
	return false;
}

/* A counter field takes a number: digits and the decimal point (or comma). */
static bool view_kpi_form_accept(unsigned cp)
{
	return (cp >= '0' && cp <= '9') || cp == '.' || cp == ',';
}

void kpiv_form_open(struct view_kpi *v)
{
	size_t i;
	if (v->panel)
		i = kpiv_find(v, v->panel_gid);
	else
		i = v->n && v->list.cursor < v->n ? v->order[v->list.cursor] : v->n;
	if (i >= v->n || !v->set) {
		app_error(v->app, "%s", _("no group to enter numbers for"));
		return;
	}
	const struct group *g = &kpiv_group(v, i)->group;
	const struct playbook *pb = kpiv_group(v, i)->pb;
	v->form = true;
	v->form_pb = pb;
	v->form_gid = g->id;
	v->form_group = xstrdup(g->name);
	v->form_day = v->app->today - 1;
	v->form_created = g->created;
	if (v->form_day < g->created)
		v->form_day = g->created;
	v->form_text = xcalloc(pb->n_counters + 1, sizeof *v->form_text);
	v->form_changed = xcalloc(pb->n_counters + 1, sizeof *v->form_changed);
	widget_list_init(&v->form_list, view_kpi_form_row, NULL, v);
	widget_list_set_count(&v->form_list, pb->n_counters + 1);
	widget_list_set_cursor(&v->form_list, 1);
	widget_input_init(&v->form_input, 15);
	v->form_input.accept = view_kpi_form_accept;
	view_kpi_form_load(v);
}

/* The form closed: a load that waited for it runs now, unless a reload is asked anyway. */
static int view_kpi_form_close(struct view_kpi *v, int flags)
{
	kpiv_form_free(v);
	if (v->pending && !(flags & VIEW_RELOAD))
		kpiv_load(v);
	v->pending = false;
	return flags;
}

/* Store the changed fields; numbers are checked first so nothing half-saves. */
static int view_kpi_form_save(struct view_kpi *v)
{
	size_t n = v->form_pb->n_counters, k = 0;
	struct kpi_counter_value *vals = xcalloc(n + 1, sizeof *vals);
	for (size_t i = 0; i < n; i++) {
		if (!v->form_changed[i])
			continue;
		vals[k].key = v->form_pb->counters[i].key;
		vals[k].present = *v->form_text[i] != '\0';
		if (vals[k].present && !kpi_parse_number(v->form_text[i], &vals[k].value)) {
			app_error(v->app, _("%s: '%s' is not a number"), vals[k].key, v->form_text[i]);
			widget_list_set_cursor(&v->form_list, i + 1);
			free(vals);
			return VIEW_HANDLED;
		}
		k++;
	}
	int flags = VIEW_HANDLED;
	char d[11];
	date_format(v->form_day, d);
	char *cause = NULL;
	if (k == 0) {
		app_message(v->app, "%s", _("nothing changed"));
	} else if (kpi_set_day(v->app->db, v->form_pb, v->form_gid, v->form_day, v->app->today, vals,
			       k, v->app->operator, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
		free(vals);
		return VIEW_HANDLED;
	} else {
		app_message(v->app, _("saved %zu counter%s for %s on %s"), k, i18n_plural_s((long long)k),
			    v->form_group, d);
		flags |= VIEW_RELOAD;
	}
	free(vals);
	return view_kpi_form_close(v, flags);
}

int kpiv_form_key(struct view_kpi *v, int key)
{
	size_t cur = v->form_list.cursor;
	if (v->form_ask) {
		/* y goes on with the key that asked (typed numbers dropped); else back to them. */
		int asked = v->form_ask;
		v->form_ask = 0;
		if (key != 'y' && key != 'Y') {
			app_message(v->app, "%s", _("still editing"));
			return VIEW_HANDLED;
		}
		for (size_t i = 0; i < v->form_pb->n_counters; i++)
			v->form_changed[i] = false;
		key = asked;
	} else if ((key == 27 || key == KEY_LEFT || key == KEY_RIGHT) && view_kpi_form_dirty(v)) {
		v->form_ask = key;
		return VIEW_HANDLED;
	}
	switch (key) {
	case 27:
		app_message(v->app, "%s", _("entry cancelled"));
		return view_kpi_form_close(v, VIEW_HANDLED);
	case '\n':
	case KEY_ENTER:
		return view_kpi_form_save(v);
	case KEY_LEFT:
	case KEY_RIGHT: {
		/* Stop at today and at the group's first day, saying why, as kpi_set_day would. */
		int day = v->form_day + (key == KEY_LEFT ? -1 : 1);
		struct group g = {.name = v->form_group, .created = v->form_created};
		char *why = kpi_day_refusal(&g, day, v->app->today);
		if (why) {
			app_error(v->app, "%s", why);
			free(why);
			return VIEW_HANDLED;
		}
		v->form_day = day;
		view_kpi_form_load(v);
		return VIEW_HANDLED;
	}
	}
	if (cur == 0)
		return widget_list_key(&v->form_list, key) | VIEW_HANDLED;
	bool number = view_kpi_form_accept((unsigned)key);
	bool edit = key == KEY_BACKSPACE || key == 127 || key == 8 || key == KEY_DC ||
		    key == ('u' & 0x1f) || key == ('w' & 0x1f);
	if (!number && !edit) {
		v->form_edit_row = SIZE_MAX;
		return widget_list_key(&v->form_list, key) | VIEW_HANDLED;
	}
	if (v->form_edit_row != cur) {
		/* The first key on a field types a new number: 5 on "23" is 5, not 235. */
		widget_input_set(&v->form_input, number ? "" : v->form_text[cur - 1]);
		v->form_edit_row = cur;
	}
	if (key == KEY_DC)
		widget_input_set(&v->form_input, "");
	else
		widget_input_key(&v->form_input, key);
	free(v->form_text[cur - 1]);
	v->form_text[cur - 1] = xstrdup(widget_input_text(&v->form_input));
	v->form_changed[cur - 1] = true;
	return VIEW_HANDLED;
}
