/*
 * The Calendar's placeholder form (`p`: topic, form, owner: the plan a library
 * item fills later) and its go-to prompt (`g`: a date or an ISO week).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
#include "dates.h"
#include "draw.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

void calv_form_open(struct view_calendar *v, const struct cal_cell *c)
{
	widget_input_set(&v->field[0], c->slot ? c->slot->topic : "");
	widget_input_set(&v->field[1], c->slot ? c->slot->form : "");
	widget_input_set(&v->field[2], c->slot ? c->slot->owner : "");
	v->field_i = 0;
	v->form_ask = false;
	v->mode = MODE_FORM;
}

/* Do the fields differ from the slot under the cursor (what the form opened with)? */
static bool calv_form_dirty(struct view_calendar *v)
{
	const struct cal_cell *c = calv_cursor(v, NULL);
	const char *was[3] = {c && c->slot ? c->slot->topic : "", c && c->slot ? c->slot->form : "",
			      c && c->slot ? c->slot->owner : ""};
	for (int i = 0; i < 3; i++)
		if (strcmp(widget_input_text(&v->field[i]), was[i] ? was[i] : ""))
			return true;
	return false;
}

void calv_form_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	static const char *const names[] = {N_("topic"), N_("form"), N_("owner")};
	struct rect box = rect_centre(r, 7, 60);
	struct rect in = draw_box(win, &box, _("placeholder (Tab next, Enter saves, Esc cancels)"),
				  pal(PAL_BORDER));
	draw_clear(win, &in, pal(PAL_NORMAL));
	for (int i = 0; i < 3; i++) {
		attr_t a = i == v->field_i ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
		int y = in.y + 1 + i, fw = in.w - 2 - 15;
		draw_fill(win, y, in.x + 1, in.w - 2, a);
		draw_text(win, y, in.x + 1, _(names[i]), 15, a);
		if (i == v->field_i)
			widget_input_draw(&v->field[i], win, y, in.x + 16, fw, a);
		else
			draw_text(win, y, in.x + 16, widget_input_text(&v->field[i]), fw, a);
	}
	if (v->form_ask && in.h >= 5)
		draw_text(win, in.y + 4, in.x + 1, _("discard changes? y/n"), in.w - 2,
			  pal(PAL_ERROR));
}

int calv_form_key(struct view_calendar *v, int key)
{
	if (v->form_ask) {
		/* y drops the typed fields; anything else goes back to them (issue 12). */
		v->form_ask = false;
		if (key == 'y' || key == 'Y') {
			v->mode = MODE_GRID;
			app_message(v->app, "%s", _("not saved"));
		} else {
			app_message(v->app, "%s", _("still editing"));
		}
	} else if (key == 27) {
		if (calv_form_dirty(v))
			v->form_ask = true;
		else
			v->mode = MODE_GRID;
	} else if (key == '\t' || key == KEY_DOWN) {
		v->field_i = (v->field_i + 1) % 3;
	} else if (key == KEY_BTAB || key == KEY_UP) {
		v->field_i = (v->field_i + 2) % 3;
	} else if (key == '\n' || key == KEY_ENTER) {
		struct cal_pos p;
		v->mode = MODE_GRID;
		if (!calv_cursor(v, &p))
			return VIEW_HANDLED;
		struct cal_cell *c = calv_cursor(v, NULL);
		char *t[3];
		for (int i = 0; i < 3; i++)
			t[i] = text_trim(xstrdup(widget_input_text(&v->field[i])));
		struct cal_fill f = {.topic = t[0], .form = t[1], .owner = t[2], .status = -1,
				     .action_id = c && c->action ? c->action->id : NULL};
		char *cause = NULL;
		int rc = calendar_fill(v->app->db, calv_cursor_pb(v), p.group_id, p.day, p.at, &f,
				       v->app->operator, &cause);
		for (int i = 0; i < 3; i++)
			free(t[i]);
		return calv_done(v, rc, cause, _("placeholder saved"));
	} else {
		widget_input_key(&v->field[v->field_i], key);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

int calv_goto_key(struct view_calendar *v, int key)
{
	if (key == 27) {
		v->mode = MODE_GRID;
	} else if (key == '\n' || key == KEY_ENTER) {
		v->mode = MODE_GRID;
		char *s = text_trim(xstrdup(widget_input_text(&v->input)));
		int day = date_parse(s);
		if (day == DATE_INVALID && (day = date_parse_iso_week(s)) == DATE_INVALID) {
			app_error(v->app, _("'%s' is not a date (YYYY-MM-DD) or an existing ISO week "
					    "(YYYY-Www)"), s);
		} else {
			/* An ISO week's Monday lands in the week_start week that holds it. */
			v->start = calendar_week_first(day, v->app->week_start);
			v->day = day - v->start;
			calv_load(v);
		}
		free(s);
	} else {
		widget_input_key(&v->input, key);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* The go-to prompt on the last line. */
void calv_goto_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	int y = r->y + r->h - 1;
	draw_fill(win, y, r->x, r->w, pal(PAL_SELECTED));
	int w = draw_str(win, y, r->x, _("go to (YYYY-MM-DD or YYYY-Www): "), r->w, pal(PAL_SELECTED));
	widget_input_draw(&v->input, win, y, r->x + w, r->w - w, pal(PAL_SELECTED));
}
