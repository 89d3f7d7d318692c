/*
 * The Calendar tab's parts (tui/view-calendar.c and tui/calendar-*.c), for
 * those files only: the state they share and what each part offers the others.
 *   view-calendar.c     the tab: state, load, the grid's keys, draw dispatch, the ops table
 *   calendar-grid.c     the week grid drawn: cells, status marks, the label column, detail line
 *   calendar-legend.c   the legend of every mark (`i`), also listed under `?`
 *   calendar-picker.c   the content picker: search field or list focused, filters, paging
 *   calendar-form.c     the placeholder form (`p`) and the go-to prompt (`g`)
 *   calendar-month.c    the month view (`m`): nodes and countdowns
 */
#ifndef SOPDECK_TUI_CALENDAR_TAB_H
#define SOPDECK_TUI_CALENDAR_TAB_H

#include "calendar.h"
#include "content.h"
#include "playbook.h"
#include "view.h"
#include "widget.h"

#define CAL_LABEL_W 10
#define CAL_LABEL_MAX 24
#define CAL_INPUT_MAX 256
#define CAL_ID_MAX (PLAYBOOK_MAX_ID + 1)  /* an action id and its NUL */
#define CAL_TAG_FACETS 30

enum cal_mode { MODE_GRID, MODE_MONTH, MODE_PICKER, MODE_FORM, MODE_GOTO, MODE_LEGEND };

/* Weeks kept besides the one shown, for ] and [ to come back to without reading them again. */
#define CAL_WEEKS_KEPT 2

/* A week built earlier: for which group filter (0 = all) and at which minute (calendar_now). */
struct cal_kept {
	struct cal_week week;
	int64_t only, now;
};

/* One line of the grid: a group's header (row -1) or a slot row of a group. */
struct cal_line {
	size_t group;
	int row;
};

struct view_calendar {
	struct app *app;
	struct playbook_set *set;  /* every playbook, loaded once; each group on its own */
	struct playbook *pb;       /* the default one (in set): the picker's categories, month */
	struct cal_week week;
	bool loaded;
	int64_t week_only, week_now;  /* what the shown week was built for (struct cal_kept) */
	struct cal_kept kept[CAL_WEEKS_KEPT];  /* weeks seen since the last load, oldest first */
	size_t n_kept;
	int start;                 /* the first day shown (the config's week_start) */
	int64_t only;              /* group id shown, 0 = all */
	struct cal_line *lines;
	size_t n_lines, line, top;
	int day;                   /* the cursor's column: days after start */
	enum cal_mode mode;
	/* Move/copy: the marked source (mark.action_id points at mark_action). */
	bool marked, mark_copy;
	struct cal_pos mark;
	char mark_action[CAL_ID_MAX];
	bool ascii;                /* status marks in ASCII: the locale is not UTF-8 */
	/* Month view. */
	struct cal_month month;
	bool month_ok;
	int month_y, month_m;
	/* Text inputs: picker search or go-to, form fields (topic, form, owner). */
	struct widget_input input;
	struct widget_input field[3];
	int field_i;
	bool form_ask;             /* Esc on changed fields: "discard changes? y/n" is asked */
	/* The picker (widget_picker pages and counts): the items loaded, its filters. */
	struct widget_picker picker;
	bool pick_list;            /* the list has the focus (moving); else the search (typing) */
	char *pick_note;           /* said inside the picker ("no match"), or NULL */
	struct content_item *items;
	size_t n_items;
	int pick_cat;              /* -1 = any category, else index into pb->categories */
	struct content_facet *tags;
	size_t n_tags;
	int pick_tag;              /* -1 = any tag, else index into tags */
	bool tags_loaded;          /* tags read since the picker opened (on the first ^T) */
	int64_t *recent;           /* content the cell's group has within 14 days, sorted */
	size_t n_recent;
	struct rect cells_at;      /* the grid's cells at the last draw (7 columns): for clicks */
};

extern const char *const calv_weekdays[7];

/* view-calendar.c */
/* Load the week (and playbook) again, the cursor kept; errors go to the message line. */
void calv_load(struct view_calendar *v);
/* The cell under the cursor, or NULL (no groups, or on a header); *pos its position. */
struct cal_cell *calv_cursor(struct view_calendar *v, struct cal_pos *pos);
/* The playbook the cursor's group runs on (the default when there is no cursor). */
const struct playbook *calv_cursor_pb(struct view_calendar *v);
/* Report a change's result (takes cause): reload everything on success. */
int calv_done(struct view_calendar *v, int rc, char *cause, const char *ok);

/* calendar-grid.c */
/* The one-column mark of a slot's status (ASCII when the locale is not UTF-8). */
const char *calv_mark(const struct view_calendar *v, enum slot_status s);
/* The label column's width for a grid cols wide: it grows with the terminal. */
int calv_label_w(int cols);
void calv_grid_draw(struct view_calendar *v, WINDOW *win, const struct rect *r);

/* calendar-legend.c */
void calv_legend_draw(struct view_calendar *v, WINDOW *win, const struct rect *r);
int calv_legend_key(struct view_calendar *v, int key);

/* calendar-picker.c */
void calv_picker_init(struct view_calendar *v);
void calv_picker_free(struct view_calendar *v);
/* Open the picker on the cursor cell: search focused and empty, filters off. */
void calv_picker_open(struct view_calendar *v);
void calv_picker_draw(struct view_calendar *v, WINDOW *win, const struct rect *r);
int calv_picker_key(struct view_calendar *v, int key);

/* calendar-form.c */
/* Open the placeholder form on the cursor cell c (its slot's plan filled in). */
void calv_form_open(struct view_calendar *v, const struct cal_cell *c);
void calv_form_draw(struct view_calendar *v, WINDOW *win, const struct rect *r);
int calv_form_key(struct view_calendar *v, int key);
void calv_goto_draw(struct view_calendar *v, WINDOW *win, const struct rect *r);
int calv_goto_key(struct view_calendar *v, int key);

/* calendar-month.c */
void calv_month_load(struct view_calendar *v);
void calv_month_draw(struct view_calendar *v, WINDOW *win, const struct rect *r);
int calv_month_key(struct view_calendar *v, int key);

#endif
