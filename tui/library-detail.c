/*
 * The Library's detail of the selected item: its fields, where it is
 * scheduled, how it performed (kpi_content_performance, one item), then the
 * body. What the detail needs is loaded for the selected item only, and only
 * while the detail is on the screen (the pane on a wide screen, Enter, the
 * delete question): moving the cursor on a narrow screen reads nothing more.
 */
#include <stdlib.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "library.h"
#include "osc52.h"
#include "text.h"
#include "util.h"

bool lib_detail_shown(const struct view_library *v)
{
	return v->mode == LIB_DETAIL || v->split;
}

void lib_detail_forget(struct view_library *v)
{
	v->use_id = -1;
	v->perf_id = -1;
	v->have_perf = false;
}

void lib_detail_load(struct view_library *v, bool perf)
{
	int64_t id = v->n ? v->page[v->sel].id : 0;
	char *cause = NULL;
	if (id == v->use_id && (!perf || id == v->perf_id))
		return;
	struct db_stats before = db_stats(v->app->db);
	if (id != v->use_id) {
		content_usage_free(v->use, v->n_use);
		v->use = NULL;
		v->n_use = 0;
		v->use_id = id;
		if (id && content_usage(v->app->db, id, &v->use, &v->n_use, &cause) < 0)
			lib_error(v, cause);
	}
	if (perf && id != v->perf_id) {
		v->perf_id = id;
		v->have_perf = false;
		cause = NULL;
		if (id && v->set) {
			if (kpi_content_performance(v->app->db, v->set, id, v->app->today, &v->perf,
						    &cause) < 0)
				lib_error(v, cause);
			else
				v->have_perf = true;
		}
	}
	app_debug_load(v->app, "Library:detail", before);
}

void lib_detail_follow(struct view_library *v)
{
	if (lib_detail_shown(v))
		lib_detail_load(v, true);
}

/* "效果: 发布 3 次 · 当天群打开率 32.5% · 当天群发言率 6.1% · 排名 4/20": the group-days it was posted on. */
static void lib_perf_text(struct view_library *v, struct buf *b)
{
	const struct kpi_content_perf *p = &v->perf;
	if (!p->posts) {
		buf_adds(b, _("Performance: no data yet (not posted)\n"));
		return;
	}
	buf_addf(b, _("Performance: posted %zu times"), p->posts);
	if (!p->open_defined && !p->interact_defined) {
		buf_adds(b, _(" · no data yet (no KPI data)\n"));
		return;
	}
	char open[32] = "—", talk[32] = "—";
	const struct pb_metric *mo = playbook_metric(v->pb, "open_rate");
	const struct pb_metric *mt = playbook_metric(v->pb, "speaker_rate");
	if (mo)
		kpi_format_value(mo, p->open_defined, p->open_rate, open, sizeof open);
	if (mt)
		kpi_format_value(mt, p->interact_defined, p->interact_rate, talk, sizeof talk);
	buf_addf(b, _(" · open rate that day %s · speaker rate that day %s"), open, talk);
	if (p->rank)
		buf_addf(b, _(" · rank %zu/%zu"), p->rank, p->ranked);
	else
		buf_addf(b, _(" · not ranked in the last %d days"), KPI_CONTENT_RANK_DAYS);
	if (p->retire)
		buf_adds(b, _(" · bottom 20%: retire it"));
	buf_adds(b, "\n");
}

/* The detail of it as text: fields, where scheduled, how it performed, then the body. */
static char *lib_detail_text(struct view_library *v, const struct content_item *it)
{
	struct buf b = {0};
	char date[11];
	date_format(it->date, date);
	char *tags = lib_tags_text(it, i18n_list_sep());
	buf_addf(&b, _("%s\ndate %s · %s · %s · %s\n"), it->title, date,
		 lib_category_name(v, it->category), content_zone_label(it->zone),
		 content_form_label(it->form));
	buf_addf(&b, _("style %s · source %s\ntags %s\n"), it->style, it->source, tags);
	free(tags);
	if (v->use_id == it->id && v->n_use) {
		buf_adds(&b, _("scheduled:"));
		for (size_t i = 0; i < v->n_use; i++) {
			char d[11], at[6] = "";
			date_format(v->use[i].day, d);
			if (v->use[i].at >= 0)
				time_format_hhmm(v->use[i].at, at);
			buf_addf(&b, " %s %s %s;", v->use[i].group_name, d, at);
		}
		buf_adds(&b, "\n");
	} else {
		buf_adds(&b, _("scheduled: not scheduled\n"));
	}
	if (v->perf_id == it->id && v->have_perf)
		lib_perf_text(v, &b);
	buf_addf(&b, "\n%s\n", it->body);
	buf_str(&b);
	return b.data;
}

void lib_detail_open(struct view_library *v)
{
	if (!v->n)
		return;
	v->mode = LIB_DETAIL;
	lib_detail_load(v, true);
	char *text = lib_detail_text(v, &v->page[v->sel]);
	widget_pager_set_text(&v->pager, text);
	free(text);
}

void lib_detail_copy(struct view_library *v)
{
	if (!v->n)
		return;
	char *cause = NULL;
	long n = osc52_copy(v->page[v->sel].body, &cause);
	if (n < 0)
		lib_error(v, cause);
	else
		app_message(v->app, _("copied %ld characters"), n);
}

int lib_detail_key(struct view_library *v, int key)
{
	switch (key) {
	case 27:
	case 'q':
	case '\n':
	case KEY_ENTER:
		v->mode = LIB_LIST;
		return VIEW_HANDLED;
	case 'y':
		lib_detail_copy(v);
		return VIEW_HANDLED;
	case 'e':
		lib_form_open(v, &v->page[v->sel]);
		return VIEW_HANDLED;
	}
	widget_pager_key(&v->pager, key);
	return VIEW_HANDLED;
}

void lib_detail_draw_pane(struct view_library *v, WINDOW *win, const struct rect *box)
{
	struct rect in = draw_box(win, box, _("detail"), pal(PAL_BORDER));
	char *text = lib_detail_text(v, &v->page[v->sel]);
	struct widget_pager p = {0};
	widget_pager_set_text(&p, text);
	widget_pager_draw(&p, win, &in, pal(PAL_NORMAL));
	widget_pager_free(&p);
	free(text);
}

void lib_detail_draw(struct view_library *v, WINDOW *win, const struct rect *body)
{
	if (!v->n)
		return;
	struct rect in = draw_box(win, body, v->page[v->sel].title, pal(PAL_BORDER));
	widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
}
