/*
 * The Review tab (复盘): the Check and Do of the SOP's PDCA loop on one screen.
 * A/B tests that are running with their standing, then every group with its
 * feedback counts per quadrant (open/total), then the feedback entries, open
 * ones first. Feedback is added in two keys (a, then the quadrant 1-4) and a
 * line of text; the day's, week's and month's review reports open in a pager.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ab.h"
#include "calendar.h"
#include "dates.h"
#include "draw.h"
#include "feedback.h"
#include "group.h"
#include "playbook.h"
#include "report.h"
#include "text.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define REVIEW_ENTRIES 200
#define REVIEW_TEXT_MAX 1000
#define REVIEW_NAME_W 20
#define REVIEW_COUNT_W 10

/*
 * A test's name takes a row and its verdict the rows below (ROW_AB_VERDICT): one, or two
 * split after its "; " when it is wider than this, so that it is read whole at 80 columns.
 */
#define REVIEW_VERDICT_W 72
enum review_row_kind { ROW_HEADING, ROW_AB, ROW_AB_VERDICT, ROW_GROUP, ROW_ENTRY };

struct review_row {
	enum review_row_kind kind;
	size_t index;              /* into abs, verdict_lines, groups or entries; a heading's
				      text index */
};

/* What the prompt line is asking for. */
enum review_input { INPUT_NONE, INPUT_QUADRANT, INPUT_TEXT, INPUT_NOTE };

struct view_review {
	struct app *app;
	struct playbook_set *pbs;  /* every playbook: each A/B test is measured on its own */
	struct ab_test *abs;
	struct ab_standing *standings;
	size_t n_abs;
	char **verdict_lines;      /* the tests' verdicts, as the rows show them */
	size_t n_verdict_lines;
	struct group *groups;
	size_t n_groups;
	struct feedback_count *counts;   /* by group index */
	struct feedback *entries;
	size_t n_entries;
	bool open_only;
	struct review_row *rows;
	size_t n_rows;
	struct widget_list list;
	enum review_input input;
	int quadrant;
	struct widget_input text;
	bool ask_discard;          /* Esc on typed text: "放弃修改？ y/n" is asked */
	bool pager_open;
	struct widget_pager pager;
};

static const struct view_key view_review_keys[] = {
	WIDGET_LIST_KEYS,
	{"a 1-4", N_("add feedback to the row's group: 1-4 the quadrant")},
	{"c", N_("close the entry under the cursor, with a note")},
	{"o", N_("only open feedback / all")},
	{"Enter", N_("the whole entry")},
	{"d w m", N_("review report: today / this week / this month")},
	{NULL, NULL},
};

static const char *const headings[] = {N_("A/B tests (running)"),
				       N_("feedback open/all"),
				       N_("feedback entries (open first)")};

/*
 * A quadrant's name in the interface's language: 公开建议 .. in Chinese, the
 * command line's keys (public, private, silent, active) in English.
 */
static const char *review_quadrant(int q)
{
	static const char *const names[] = {N_("public"), N_("private"), N_("silent"),
					    N_("active")};
	return q >= 0 && q < FEEDBACK_QUADRANTS && q < (int)ARRAY_LEN(names)
		? _(names[q]) : feedback_quadrant_name((enum feedback_quadrant)q);
}

static void review_clear(struct view_review *v)
{
	ab_list_free(v->abs, v->n_abs);
	free(v->standings);
	for (size_t i = 0; i < v->n_verdict_lines; i++)
		free(v->verdict_lines[i]);
	free(v->verdict_lines);
	group_list_free(v->groups, v->n_groups);
	for (size_t i = 0; i < v->n_groups && v->counts; i++)
		free(v->counts[i].group);
	free(v->counts);
	feedback_free(v->entries, v->n_entries);
	free(v->rows);
	playbook_set_free(v->pbs);
	v->pbs = NULL;
	v->abs = NULL;
	v->standings = NULL;
	v->verdict_lines = NULL;
	v->n_verdict_lines = 0;
	v->groups = NULL;
	v->counts = NULL;
	v->entries = NULL;
	v->rows = NULL;
	v->n_abs = v->n_groups = v->n_entries = v->n_rows = 0;
}

static void add_row(struct view_review *v, enum review_row_kind kind, size_t index)
{
	v->rows = xrealloc(v->rows, (v->n_rows + 1) * sizeof *v->rows);
	v->rows[v->n_rows++] = (struct review_row){kind, index};
}

/* The selected row's feedback entry id, to find it again after a load. */
static int64_t selected_entry(const struct view_review *v)
{
	if (v->n_rows == 0 || v->list.cursor >= v->n_rows)
		return 0;
	const struct review_row *row = &v->rows[v->list.cursor];
	return row->kind == ROW_ENTRY ? v->entries[row->index].id : 0;
}

/* A/B tests, every group's counts and the entries: five queries whatever the sizes. */
static void view_review_load(void *state, const struct rect *r)
{
	struct view_review *v = state;
	struct db_stats before = db_stats(v->app->db);
	int64_t keep = selected_entry(v);
	size_t keep_cursor = v->list.cursor;
	review_clear(v);
	char *cause = NULL;
	struct feedback_filter all = {.quadrant = -1};
	struct feedback_filter shown = {.quadrant = -1, .open_only = v->open_only};
	struct feedback_count *c = NULL;
	size_t nc = 0;
	struct ab_test *tests = NULL;
	size_t nt = 0;
	if (playbook_set_load(v->app->db, &v->pbs, &cause) < 0 ||
	    ab_list(v->app->db, &tests, &nt, &cause) < 0 ||
	    group_list(v->app->db, &v->groups, &v->n_groups, &cause) < 0 ||
	    feedback_counts(v->app->db, &all, &c, &nc, &cause) < 0 ||
	    feedback_list(v->app->db, &shown, REVIEW_ENTRIES, &v->entries, &v->n_entries, &cause) <
		    0) {
		app_error(v->app, _("review: %s"), cause ? cause : _("cannot load"));
		free(cause);
		ab_list_free(tests, nt);
		feedback_counts_free(c, nc);
		return;
	}
	/* Running tests only: the finished ones are in `sopdeck ab` and the reports. */
	v->abs = xcalloc(nt + 1, sizeof *v->abs);
	v->standings = xcalloc(nt + 1, sizeof *v->standings);
	for (size_t i = 0; i < nt; i++) {
		char *ignored = NULL;
		bool running = !tests[i].stopped && tests[i].from <= v->app->today &&
			       tests[i].end >= v->app->today;
		if (running && ab_standing(v->app->db, ab_test_playbook(v->pbs, &tests[i]), &tests[i],
					   v->app->today, &v->standings[v->n_abs], &ignored) == 0) {
			v->abs[v->n_abs++] = tests[i];
		} else {
			ab_test_clear(&tests[i]);
		}
		free(ignored);
	}
	free(tests);
	v->counts = xcalloc(v->n_groups + 1, sizeof *v->counts);
	for (size_t g = 0; g < v->n_groups; g++) {
		v->counts[g].group = xstrdup(v->groups[g].name);
		for (size_t k = 0; k < nc; k++)
			if (strcmp(c[k].group, v->groups[g].name) == 0) {
				memcpy(v->counts[g].open, c[k].open, sizeof c[k].open);
				memcpy(v->counts[g].total, c[k].total, sizeof c[k].total);
			}
	}
	feedback_counts_free(c, nc);
	add_row(v, ROW_HEADING, 0);
	v->verdict_lines = xcalloc(2 * v->n_abs + 1, sizeof *v->verdict_lines);
	for (size_t i = 0; i < v->n_abs; i++) {
		add_row(v, ROW_AB, i);
		const struct ab_test *t = &v->abs[i];
		char *verdict = ab_verdict(playbook_metric(ab_test_playbook(v->pbs, t), t->metric),
					   &v->standings[i]);
		char *cut = strstr(verdict, "; ");
		size_t skip = 2;
		if (!cut) {
			cut = strstr(verdict, "；");
			skip = strlen("；");
		}
		char *rest = NULL;
		if (cut && text_width(verdict) > REVIEW_VERDICT_W) {
			rest = xstrdup(cut + skip);
			cut[skip] = '\0';
		}
		v->verdict_lines[v->n_verdict_lines] = verdict;
		add_row(v, ROW_AB_VERDICT, v->n_verdict_lines++);
		if (rest) {
			v->verdict_lines[v->n_verdict_lines] = rest;
			add_row(v, ROW_AB_VERDICT, v->n_verdict_lines++);
		}
	}
	add_row(v, ROW_HEADING, 1);
	for (size_t g = 0; g < v->n_groups; g++)
		add_row(v, ROW_GROUP, g);
	add_row(v, ROW_HEADING, 2);
	for (size_t i = 0; i < v->n_entries; i++)
		add_row(v, ROW_ENTRY, i);
	widget_list_set_count(&v->list, v->n_rows);
	size_t cursor = keep_cursor;
	for (size_t i = 0; keep && i < v->n_rows; i++)
		if (v->rows[i].kind == ROW_ENTRY && v->entries[v->rows[i].index].id == keep)
			cursor = i;
	widget_list_set_cursor(&v->list, cursor);
	(void)r;
	app_debug_load(v->app, "Review", before);
}

static bool review_selectable(void *ctx, size_t i)
{
	struct view_review *v = ctx;
	/* The A/B lines are information; `sopdeck ab show` has the detail. */
	return v->rows[i].kind == ROW_GROUP || v->rows[i].kind == ROW_ENTRY;
}

static void review_draw_row(void *ctx, WINDOW *win, int y, int x, int cols, size_t i,
			    bool selected)
{
	struct view_review *v = ctx;
	const struct review_row *row = &v->rows[i];
	attr_t a = pal(selected ? PAL_SELECTED : PAL_NORMAL);
	draw_fill(win, y, x, cols, a);
	switch (row->kind) {
	case ROW_HEADING:
		draw_text(win, y, x, _(headings[row->index]), cols, pal(PAL_HEADER));
		if (row->index == 0 && v->n_abs == 0)
			draw_str(win, y, x + text_width(_(headings[0])) + 2, _("none"), cols, pal(PAL_DIM));
		if (row->index == 1) {
			/* The quadrant names head the count columns of the group rows below. */
			int cx = x + 2 + REVIEW_NAME_W + 1;
			for (int q = 0; q < FEEDBACK_QUADRANTS && cx < x + cols; q++) {
				int w = x + cols - cx < REVIEW_COUNT_W ? x + cols - cx : REVIEW_COUNT_W;
				cx += draw_text(win, y, cx,
						review_quadrant(q), w,
						pal(PAL_DIM)) + 1;
			}
		}
		break;
	case ROW_AB: {
		const struct ab_test *t = &v->abs[row->index];
		char *line = xasprintf("  %s · %s %s", t->name,
				       t->kind == AB_COPY ? _("copy") : _("time"), t->action_id);
		draw_text(win, y, x, line, cols, a);
		free(line);
		break;
	}
	case ROW_AB_VERDICT:
		draw_text(win, y, x + 4, v->verdict_lines[row->index], cols - 4, a);
		break;
	case ROW_GROUP: {
		int cx = x + 2;
		cx += draw_text(win, y, cx, v->groups[row->index].name, REVIEW_NAME_W, a) + 1;
		for (int q = 0; q < FEEDBACK_QUADRANTS && cx < x + cols; q++) {
			const struct feedback_count *c = &v->counts[row->index];
			char cell[32];
			snprintf(cell, sizeof cell, "%d/%d", c->open[q], c->total[q]);
			int w = x + cols - cx < REVIEW_COUNT_W ? x + cols - cx : REVIEW_COUNT_W;
			cx += draw_text(win, y, cx, cell, w,
					c->open[q] && !selected ? pal(PAL_OVERDUE) : a) + 1;
		}
		break;
	}
	case ROW_ENTRY: {
		const struct feedback *f = &v->entries[row->index];
		char day[11];
		date_format(f->day, day);
		char *line = xasprintf(_("  #%lld %s %s %s %s: %s"), (long long)f->id, day + 5,
				       f->closed ? "✓" : "●", review_quadrant(f->quadrant), f->group,
				       f->body);
		draw_text(win, y, x, line, cols, f->closed && !selected ? pal(PAL_DIM) : a);
		free(line);
		break;
	}
	}
}

static void *view_review_init(struct app *app)
{
	struct view_review *v = xcalloc(1, sizeof *v);
	v->app = app;
	v->open_only = false;
	widget_list_init(&v->list, review_draw_row, review_selectable, v);
	widget_input_init(&v->text, REVIEW_TEXT_MAX);
	return v;
}

static void view_review_free(void *state)
{
	struct view_review *v = state;
	review_clear(v);
	widget_input_free(&v->text);
	widget_pager_free(&v->pager);
	free(v);
}

static const char *input_label(const struct view_review *v)
{
	switch (v->input) {
	case INPUT_QUADRANT: return _("quadrant 1 public 2 private 3 silent 4 active (Esc cancels)");
	case INPUT_TEXT: return _("feedback: ");
	case INPUT_NOTE: return _("what was done: ");
	default: return "";
	}
}

static void view_review_draw(void *state, WINDOW *win, const struct rect *r)
{
	struct view_review *v = state;
	draw_clear(win, r, pal(PAL_NORMAL));
	int open = 0, total = 0;
	for (size_t g = 0; g < v->n_groups && v->counts; g++)
		for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
			open += v->counts[g].open[q];
			total += v->counts[g].total[q];
		}
	char *head = xasprintf(_("Review · A/B %zu running · feedback open %d / all %d%s"), v->n_abs,
			       open, total, v->open_only ? _(" · open only (o)") : "");
	draw_text(win, r->y, r->x + 1, head, r->w - 2, pal(PAL_TITLE));
	free(head);
	struct rect body = {r->y + 1, r->x + 1, r->h - 2, r->w - 2};
	if (body.h > 0)
		widget_list_draw(&v->list, win, &body);
	int y = r->y + r->h - 1;
	if (v->input != INPUT_NONE) {
		if (v->ask_discard && r->h > 2) {
			draw_fill(win, y - 1, r->x, r->w, pal(PAL_ERROR));
			draw_text(win, y - 1, r->x + 1, _("discard changes? y/n"), r->w - 2,
				  pal(PAL_ERROR));
		}
		draw_fill(win, y, r->x, r->w, pal(PAL_MESSAGE));
		int w = draw_str(win, y, r->x, input_label(v), r->w, pal(PAL_MESSAGE));
		if (v->input != INPUT_QUADRANT)
			widget_input_draw(&v->text, win, y, r->x + w, r->w - w, pal(PAL_MESSAGE));
	} else {
		draw_text(win, y, r->x + 1, _("a add feedback  c close  o open/all  d w m day/week/month report  ? help"),
			  r->w - 2, pal(PAL_DIM));
	}
	if (v->pager_open) {
		struct rect box = rect_centre(r, r->h, r->w);
		struct rect in = draw_box(win, &box, _("review report (Esc closes)"), pal(PAL_BORDER));
		widget_pager_draw(&v->pager, win, &in, pal(PAL_NORMAL));
	}
}

/* The group the cursor is on: a group row's, or an entry's; NULL on other rows. */
static const char *selected_group(const struct view_review *v)
{
	if (v->n_rows == 0)
		return NULL;
	const struct review_row *row = &v->rows[v->list.cursor];
	if (row->kind == ROW_GROUP)
		return v->groups[row->index].name;
	if (row->kind == ROW_ENTRY)
		return v->entries[row->index].group;
	return NULL;
}

/* Build a report of the period around today and show it in the pager. */
static void open_report(struct view_review *v, enum report_kind kind)
{
	int from = v->app->today, to = v->app->today, y, m, d;
	char label[16];
	date_to_ymd(v->app->today, &y, &m, &d);
	if (kind == REPORT_WEEK) {
		/*
		 * The console's week (the config's week_start, as the Calendar's grid), named
		 * like the grid by the ISO week most of its days belong to.
		 */
		int iy, w;
		from = calendar_week_first(v->app->today, v->app->week_start);
		to = from + 6;
		date_iso_week(from + 3, &iy, &w);
		snprintf(label, sizeof label, "%04d-W%02d", iy, w);
	} else if (kind == REPORT_MONTH) {
		snprintf(label, sizeof label, "%04d-%02d", y, m);
		from = date_from_ymd(y, m, 1);
		to = from + date_days_in_month(y, m) - 1;
	} else {
		date_format(v->app->today, label);
	}
	struct report rep;
	char *cause = NULL;
	/*
	 * Each group's figures follow its own playbook (issue 11); the groups are the ones the
	 * console shows (O: mine or all), as `report --mine` would.
	 */
	if (!v->pbs ||
	    report_build(v->app->db, v->pbs, kind, label, from, to, v->app->today, NULL,
			 group_scope(v->app->db), &rep, &cause) < 0) {
		app_error(v->app, _("report: %s"), cause ? cause : _("no playbook"));
		free(cause);
		return;
	}
	char *md = report_markdown(&rep);
	widget_pager_set_text(&v->pager, md);
	free(md);
	report_free(&rep);
	v->pager_open = true;
}

/* Keys of the prompt line; returns view flags. */
static int review_input_key(struct view_review *v, int key)
{
	if (v->ask_discard) {
		/* y drops the typed text; anything else goes back to it. */
		v->ask_discard = false;
		if (key == 'y' || key == 'Y') {
			v->input = INPUT_NONE;
			app_message(v->app, "%s", _("not saved"));
		} else {
			app_message(v->app, "%s", _("still editing"));
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (key == 27) {
		/* Nothing typed is lost unasked (issue 12): Esc on text asks first. */
		if (v->input != INPUT_QUADRANT && *widget_input_text(&v->text))
			v->ask_discard = true;
		else
			v->input = INPUT_NONE;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (v->input == INPUT_QUADRANT) {
		if (key >= '1' && key <= '4') {
			v->quadrant = key - '1';
			v->input = INPUT_TEXT;
			widget_input_set(&v->text, "");
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (key != '\n' && key != '\r' && key != KEY_ENTER) {
		widget_input_key(&v->text, key);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	char *cause = NULL;
	int rc;
	const char *text = widget_input_text(&v->text);
	if (v->input == INPUT_TEXT) {
		const char *group = selected_group(v);
		rc = group ? feedback_add(v->app->db, group, (enum feedback_quadrant)v->quadrant, text,
					  "", v->app->today, v->app->operator, NULL, &cause)
			   : -1;
		if (rc == 0)
			app_message(v->app, _("recorded: %s %s"),
				    review_quadrant(v->quadrant), group);
	} else {
		const struct review_row *row = &v->rows[v->list.cursor];
		rc = feedback_close(v->app->db, v->entries[row->index].id, text, NULL,
				    v->app->operator, &cause);
		if (rc == 0)
			app_message(v->app, _("closed #%lld"), (long long)v->entries[row->index].id);
	}
	if (rc < 0) {
		/* The typed text stays in the prompt so nothing is lost: fix and Enter again. */
		app_error(v->app, "%s", cause ? cause : _("no group under the cursor"));
		free(cause);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	v->input = INPUT_NONE;
	return VIEW_HANDLED | VIEW_RELOAD;
}

static void open_entry(struct view_review *v, const struct feedback *f)
{
	char day[11];
	date_format(f->day, day);
	char *text = xasprintf(_("#%lld %s %s\ngroup %s%s%s\nrecorded by %s %s\n\n%s%s%s%s%s"),
			       (long long)f->id, review_quadrant(f->quadrant),
			       f->closed ? _("done") : _("open"), f->group,
			       *f->member ? _(" · member ") : "", f->member, f->created_by, day,
			       f->body, f->closed ? _("\n\ndone: ") : "", f->note,
			       f->closed ? _("\nby ") : "", f->closed ? f->closed_by : "");
	widget_pager_set_text(&v->pager, text);
	free(text);
	v->pager_open = true;
}

static int view_review_key(void *state, int key)
{
	struct view_review *v = state;
	if (v->input != INPUT_NONE)
		return review_input_key(v, key);
	if (v->pager_open) {
		if (key == 27 || key == 'q' || key == '\n' || key == KEY_ENTER)
			v->pager_open = false;
		else
			widget_pager_key(&v->pager, key);
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	const struct review_row *row = v->n_rows ? &v->rows[v->list.cursor] : NULL;
	switch (key) {
	case 'a':
		if (!selected_group(v)) {
			app_error(v->app, "%s", _("move to a group (or one of its entries) first"));
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		v->input = INPUT_QUADRANT;
		return VIEW_HANDLED | VIEW_REDRAW;
	case 'c':
		if (!row || row->kind != ROW_ENTRY || v->entries[row->index].closed) {
			app_error(v->app, "%s", _("move to an open feedback entry first"));
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		v->input = INPUT_NOTE;
		widget_input_set(&v->text, "");
		return VIEW_HANDLED | VIEW_REDRAW;
	case 'o':
		v->open_only = !v->open_only;
		return VIEW_HANDLED | VIEW_RELOAD;
	case 'd':
	case 'w':
	case 'm':
		open_report(v, key == 'd' ? REPORT_DAY : key == 'w' ? REPORT_WEEK : REPORT_MONTH);
		return VIEW_HANDLED | VIEW_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (row && row->kind == ROW_ENTRY)
			open_entry(v, &v->entries[row->index]);
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return widget_list_key(&v->list, key);
	}
}

/* A click on a row selects it (not while a prompt or the pager is open). */
static int view_review_click(void *state, int y, int x)
{
	struct view_review *v = state;
	if (v->input != INPUT_NONE || v->pager_open)
		return VIEW_IGNORED;
	return widget_list_click(&v->list, y, x);
}

const struct view_ops view_review = {
	.name = N_("Review"),
	.keys = view_review_keys,
	.init = view_review_init,
	.free = view_review_free,
	.load = view_review_load,
	.draw = view_review_draw,
	.key = view_review_key,
	.click = view_review_click,
};
