/*
 * The Library's delete question: the title and every calendar slot from today
 * on not yet posted (they are cleared with it; past slots, posted or not, are
 * history: the item is archived and they stay), then y deletes, anything else
 * keeps it.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "library.h"
#include "util.h"

static const char *const lib_weekdays[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					     N_("Fri"), N_("Sat"), N_("Sun")};

void lib_delete_ask(struct view_library *v)
{
	if (!v->n)
		return;
	const struct content_item *it = &v->page[v->sel];
	/* Where it is scheduled, but not how it performed: the question does not show that. */
	lib_detail_load(v, false);
	struct buf b = {0};
	buf_addf(&b, _("Delete “%s”?"), it->title);
	/* Past and posted slots are history and stay (the item is archived); the plan ahead goes. */
	struct content_use *use = NULL;
	size_t n_use = 0;
	char *cause = NULL;
	if (content_pending_slots(v->app->db, it->id, v->app->today, &use, &n_use, &cause) < 0) {
		app_error(v->app, "%s", cause);
		free(cause);
	}
	if (v->n_use > n_use)
		buf_addf(&b, _("\npast or posted slots: %zu; the item is archived, they and its data stay"),
			 v->n_use - n_use);
	if (n_use) {
		buf_addf(&b, _("\nunposted slots from today on: %zu; they leave the calendar:"), n_use);
		/* The box has room for about this many on a 24-line terminal. */
		size_t show = n_use <= 7 ? n_use : 6;
		for (size_t i = 0; i < show; i++) {
			char d[11], at[6] = "--:--";
			date_format(use[i].day, d);
			if (use[i].at >= 0)
				time_format_hhmm(use[i].at, at);
			buf_addf(&b, "\n  %s %s %s %s", d, _(lib_weekdays[date_weekday(use[i].day)]), at,
				 *use[i].group_name ? use[i].group_name : _("(deleted group)"));
		}
		if (show < n_use)
			buf_addf(&b, _("\n  … %zu more"), n_use - show);
	}
	content_usage_free(use, n_use);
	buf_str(&b);
	free(v->confirm);
	v->confirm = b.data;
	v->mode = LIB_CONFIRM;
}

int lib_delete_key(struct view_library *v, int key)
{
	if (key != 'y' && key != 'Y') {
		v->mode = LIB_LIST;
		app_message(v->app, "%s", _("not deleted"));
		return VIEW_HANDLED;
	}
	v->mode = LIB_LIST;
	if (!v->n)
		return VIEW_HANDLED;
	char *title = xstrdup(v->page[v->sel].title), *cause = NULL;
	size_t slots = 0;
	bool archived = false;
	if (content_delete_on(v->app->db, v->page[v->sel].id, v->app->today, v->app->operator,
			      &slots, &archived, &cause) < 0) {
		lib_error(v, cause);
		free(title);
		return VIEW_HANDLED;
	}
	if (archived)
		app_message(v->app, _("archived (%zu slot%s ahead removed, past ones kept): %s"), slots,
			    i18n_plural_s(slots), title);
	else if (slots)
		app_message(v->app, _("deleted: %s (removed from %zu calendar slots)"), title, slots);
	else
		app_message(v->app, _("deleted: %s"), title);
	free(title);
	free(cause);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* One line per place it is scheduled, as many as the screen holds. */
void lib_delete_draw(struct view_library *v, WINDOW *win, const struct rect *body)
{
	int lines = 1;
	for (const char *p = v->confirm; (p = strchr(p, '\n')); p++)
		lines++;
	int h = lines + 4 < body->h ? lines + 4 : body->h;
	struct rect box = rect_centre(body, h, body->w - 4);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, _("delete"), pal(PAL_BORDER));
	const char *p = v->confirm;
	for (int i = 0; i < in.h - 2 && p; i++) {
		const char *nl = strchr(p, '\n');
		char *one = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		draw_text(win, in.y + i, in.x + 1, one, in.w - 2,
			  i == 0 ? pal(PAL_ERROR) : pal(PAL_NORMAL));
		free(one);
		p = nl ? nl + 1 : NULL;
	}
	draw_text(win, in.y + in.h - 1, in.x + 1, _("y delete · n/Esc cancel"), in.w - 2, pal(PAL_DIM));
}
