/*
 * The Calendar's legend (`i`, and the same marks under `?`): every mark a cell
 * can show, as this terminal draws it (ASCII when the locale is not UTF-8),
 * and every warning word the detail line can lead with.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
#include "draw.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* The warnings, in the words calendar_warn_text uses, and what to do about each. */
static const struct {
	unsigned bit;
	const char *meaning;
} legend_warnings[] = {
	{CAL_WARN_DUPLICATE, N_("the same content twice (its date follows)")},
	{CAL_WARN_STAGE, N_("the column does not suit the group's stage")},
	{CAL_WARN_NOT_DUE, N_("gone from here (the playbook changed)")},
	{CAL_WARN_EMPTY_SOON, N_("due within 48 hours and still empty")},
	{CAL_WARN_CATEGORY, N_("content of another category (allowed)")},
};

/* Add one legend line: the mark padded to 8 columns (by display width), its meaning. */
static void legend_line(struct buf *b, const char *mark, const char *meaning)
{
	int pad = 8 - text_width(mark);
	buf_addf(b, "%s%*s%s\n", mark, pad > 1 ? pad : 1, "", meaning);
}

void calv_legend_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	struct buf b = {0};
	static const enum slot_status order[] = {SLOT_POSTED, SLOT_REVIEWED, SLOT_DRAFTED,
						 SLOT_PLANNED};
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		char *m = xasprintf(_("status %s"), slot_status_label(order[i]));
		legend_line(&b, calv_mark(v, order[i]), m);
		free(m);
	}
	legend_line(&b, v->ascii ? "." : "·", _("to fill: a column, nothing planned yet"));
	legend_line(&b, "!", _("warning: the detail line (the last) says which, see below"));
	legend_line(&b, "", _("blank: no column at that day and time, nothing to fill"));
	legend_line(&b, _("1x"), _("the row of one-off actions (cold start, node countdowns)"));
	legend_line(&b, "__", _("underlined: the cell marked by M / C (move / copy)"));
	legend_line(&b, _("Wed"), _("the highlighted date: today"));
	legend_line(&b, _("!14d"), _("in the picker: this group had it within 14 days"));
	for (size_t i = 0; i < ARRAY_LEN(legend_warnings); i++) {
		char *w = calendar_warn_text(legend_warnings[i].bit);
		char *m = xasprintf("%s: %s", w, _(legend_warnings[i].meaning));
		legend_line(&b, "!", m);
		free(m);
		free(w);
	}
	buf_str(&b);
	int lines = 0;
	for (const char *p = b.data; *p; p++)
		lines += *p == '\n';
	/* Too small a screen for a box: the grid stays, any key still closes. */
	if (r->w < 12 || r->h < 4) {
		buf_free(&b);
		return;
	}
	int h = lines + 3 < r->h ? lines + 3 : r->h;
	struct rect box = rect_centre(r, h, r->w - 4 < 72 ? r->w - 4 : 72);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, _("legend (any key closes it)"), pal(PAL_BORDER));
	const char *p = b.data;
	for (int y = 0; y < in.h && *p; y++) {
		const char *nl = strchr(p, '\n');
		char *one = xstrndup(p, (size_t)(nl - p));
		draw_text(win, in.y + y, in.x + 1, one, in.w - 2,
			  y >= lines - (int)ARRAY_LEN(legend_warnings) ? pal(PAL_OVERDUE)
								     : pal(PAL_NORMAL));
		free(one);
		p = nl + 1;
	}
	buf_free(&b);
}

/* Any key closes the legend. */
int calv_legend_key(struct view_calendar *v, int key)
{
	v->mode = MODE_GRID;
	return VIEW_HANDLED | VIEW_REDRAW;
}
