/*
 * The Calendar's month view (`m`): each day's filled/due count or its node,
 * and the countdown to every node with the groups that have nothing planned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "util.h"

/* The month again (v->month_y, v->month_m), for the group shown or all. */
void calv_month_load(struct view_calendar *v)
{
	if (v->month_ok)
		calendar_month_free(&v->month);
	char *cause = NULL;
	const char *name = NULL;
	for (size_t g = 0; v->only && g < v->week.n_groups; g++)
		name = v->week.groups[g].group.name;
	v->month_ok = v->set && calendar_month_set(v->app->db, v->set, v->month_y, v->month_m,
						   name, v->app->today, &v->month, &cause) == 0;
	if (!v->month_ok)
		app_error(v->app, _("month: %s"), cause ? cause : _("cannot load"));
	free(cause);
}

void calv_month_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	draw_textf(win, r->y, r->x, r->w, pal(PAL_HEADER),
		   _("%04d-%02d month view  [ ] month  m/Esc back to the week"), v->month_y,
		   v->month_m);
	if (!v->month_ok)
		return;
	int cw = 10;
	/* Columns from the config's week_start (0 Monday, 6 Sunday). */
	int ws = v->app->week_start;
	for (int d = 0; d < 7; d++)
		draw_text(win, r->y + 1, r->x + d * cw, _(calv_weekdays[(d + ws) % 7]), cw,
			  pal(PAL_HEADER));
	int lead = (date_weekday(v->month.days[0].day) + 7 - ws) % 7;
	int y = r->y + 2;
	for (size_t i = 0; i < v->month.n_days; i++) {
		int col = (lead + (int)i) % 7;
		if (i > 0 && col == 0)
			y++;
		const struct cal_month_day *md = &v->month.days[i];
		int mday;
		date_to_ymd(md->day, &(int){0}, &(int){0}, &mday);
		attr_t a = md->day == v->app->today ? pal(PAL_SELECTED)
			 : md->n_nodes ? pal(PAL_OVERDUE) : pal(PAL_NORMAL);
		int cx = r->x + col * cw;
		if (!md->n_nodes) {
			draw_textf(win, y, cx, cw - 1, a, "%2d %zu/%zu", mday, md->n_filled, md->n_due);
			continue;
		}
		/* The first node's name, cut to leave room for "+N": the others, never dropped
		   silently (the countdowns below list each). */
		char more[24] = "";
		if (md->n_nodes > 1)
			snprintf(more, sizeof more, "+%zu", md->n_nodes - 1);
		int mw = (int)strlen(more);
		draw_textf(win, y, cx, 2, a, "%2d", mday);
		draw_text(win, y, cx + 2, md->nodes[0], cw - 1 - 2 - mw, a);
		draw_text(win, y, cx + cw - 1 - mw, more, mw, a);
	}
	y += 2;
	draw_text(win, y++, r->x, _("node countdowns"), r->w, pal(PAL_HEADER));
	for (size_t i = 0; i < v->month.n_upcoming && y < r->y + r->h; i++, y++) {
		const struct cal_node_info *n = &v->month.upcoming[i];
		char date[11];
		date_format(n->date, date);
		if (n->flagged)
			draw_textf(win, y, r->x, r->w, pal(PAL_OVERDUE),
				   _("! %s %s in %d day%s  nothing planned: %s"), date,
				   n->node->name, n->days_left, i18n_plural_s(n->days_left), n->missing);
		else
			draw_textf(win, y, r->x, r->w, pal(PAL_NORMAL), _("  %s %s in %d day%s"), date,
				   n->node->name, n->days_left, i18n_plural_s(n->days_left));
	}
}

int calv_month_key(struct view_calendar *v, int key)
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
		calv_month_load(v);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	return VIEW_IGNORED;
}
