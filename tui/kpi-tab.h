/*
 * The KPI tab's parts (tui/view-kpi.c and tui/kpi-*.c), for those files only:
 * the state they share and what each part offers the others.
 *   view-kpi.c      the tab: state, load, key dispatch, draw dispatch, the ops table
 *   kpi-overview.c  the overview list: columns, sorting, status and health marks
 *   kpi-panel.c     the group panel: its rows' 30-day series (loaded on open), the metric
 *                   table with sparklines
 *   kpi-advice.c    the panel's advice: every metric past its threshold, wrapped whole
 *   kpi-form.c      the entry form: one day's counters typed in (widget_input)
 *   kpi-reports.c   the SOP version effects (a pager)
 *   kpi-content.c   the content effect report, its lines read a screen at a time
 */
#ifndef SOPDECK_TUI_KPI_TAB_H
#define SOPDECK_TUI_KPI_TAB_H

#include <stdint.h>

#include "kpi.h"
#include "playbook.h"
#include "view.h"
#include "widget.h"

#define KPI_SPARK_DAYS 30
#define KPI_CELL_W 7      /* a PDCA value column: 6 for the value (right-aligned), 1 arrow */
#define KPI_MEMBERS_W 7
#define KPI_STAGE_W 12
#define KPI_STAGE_W_EN 16  /* "monetisation 90d": English stage names are longer */
#define KPI_HEALTH_W 7

enum kpi_window { WIN_7, WIN_30, WIN_STAGE, WIN_COUNT };

/* Overview sort columns. */
enum kpi_sort { SORT_NAME, SORT_STAGE, SORT_MEMBERS, SORT_PDCA0, SORT_HEALTH = SORT_PDCA0 + KPI_PDCA_N,
		SORT_COUNT };

/* A metric row of the group panel with its 30-day series. */
struct kpi_panel_row {
	const struct kpi_metric_result *r;
	double v[KPI_SPARK_DAYS];
	bool def[KPI_SPARK_DAYS];
};

/* A run of the content report's lines (from first, count of them), or one row saying
   count lines are left out there (gap). */
struct kpiv_span {
	bool gap;
	size_t first, count;
};

struct view_kpi {
	struct app *app;
	struct playbook_set *set;        /* every playbook: each group runs on its own */
	char *error;
	struct kpi_report *reports;      /* one report of one group each, by group name */
	size_t n;
	/*
	 * Sorted by name, only the rows near the cursor have their figures (loaded[i]); the
	 * others are a group and nothing more until they come near (kpiv_load_near). The
	 * groups and their windows are kept for that.
	 */
	bool *loaded;
	size_t n_loaded;
	struct group *groups;
	int *win_from, *win_to;
	size_t *order;                   /* overview rows: indexes into reports */
	struct widget_list list;
	enum kpi_sort sort;
	bool sort_desc;
	enum kpi_window win;
	bool ascii;

	bool panel;                      /* the group panel is open */
	int64_t panel_gid;
	struct kpi_panel_row *rows;
	size_t n_rows;

	bool form;                       /* the manual entry form is open */
	int64_t form_gid;
	const struct playbook *form_pb;  /* the group's own: the counters it has */
	char *form_group;
	int form_day;
	char **form_text;                /* by playbook counter */
	bool *form_changed;
	struct widget_list form_list;    /* row 0: the date; then the counters */
	size_t form_edit_row;            /* the row being typed in; another row's first key
					    replaces its pre-filled value */
	struct widget_input form_input;  /* the text of form_edit_row */
	int form_created;                /* the group's creation day: no earlier entries */
	int form_ask;                    /* 0, or the key (Esc, ←, →) that waits on "discard
					    changes? y/n" because numbers were typed */

	/* The content effect report (c, kpi-content.c): its shape, its rows (spans of lines
	   and "… N more" between) and the lines read near the cursor, by position. */
	bool content_open;
	struct widget_list content_list;
	size_t content_total, content_retire;
	struct kpiv_span spans[6];
	size_t n_spans;
	struct kpi_content_row *lines;
	size_t n_lines;
	size_t loaded_lo, loaded_hi;     /* the list rows whose lines are read */

	bool pending;                    /* data changed while the form was open */
	bool pager_open;                 /* versions or content report */
	char *pager_title;
	struct widget_pager pager;
};

/* view-kpi.c */
/* The window's name as shown ("7 days", translated). */
const char *kpiv_window_name(enum kpi_window w);
/* Report i's (only) group. */
struct kpi_group_report *kpiv_group(struct view_kpi *v, size_t i);
/* The report index of group id, or v->n. */
size_t kpiv_find(const struct view_kpi *v, int64_t gid);
/* Every group's report again (and the panel's rows), the cursor kept on its group. */
void kpiv_load(struct view_kpi *v);
/* The figures of every row (a sort by a figure needs them all). */
void kpiv_load_all(struct view_kpi *v);
/* The figures of the rows within a screen of the cursor, those not loaded yet. */
void kpiv_load_near(struct view_kpi *v);

/* kpi-overview.c */
/* A value's colour by its status; the selection's when selected. */
attr_t kpiv_status_attr(enum kpi_status s, bool selected);
/* A health mark that reads without colour too. */
const char *kpiv_health_mark(const struct view_kpi *v, enum kpi_health h);
/* A status or health word in the chosen language. */
const char *kpiv_status_word(enum kpi_status s);
const char *kpiv_health_word(enum kpi_health h);
void kpiv_overview_init(struct view_kpi *v);
/* Order the rows by v->sort, the cursor kept on its group. */
void kpiv_sort(struct view_kpi *v);
void kpiv_overview_draw(struct view_kpi *v, WINDOW *win, const struct rect *r);
int kpiv_overview_key(struct view_kpi *v, int key);

/* kpi-panel.c */
/* Open the panel of the overview's cursor group (its rows loaded). */
void kpiv_panel_open(struct view_kpi *v);
/* The panel's rows again: the metrics the group shows, 30-day series from one read. */
void kpiv_panel_load(struct view_kpi *v);
void kpiv_panel_draw(struct view_kpi *v, WINDOW *win, const struct rect *r);
int kpiv_panel_key(struct view_kpi *v, int key);

/* kpi-advice.c */
/* The advice of the panel's rows from row y (rows from bottom on unused); the row after. */
int kpiv_advice_draw(struct view_kpi *v, WINDOW *win, const struct rect *r, int y, int bottom);

/* kpi-form.c */
/* Open the form on the panel's group, else the overview's cursor group. */
void kpiv_form_open(struct view_kpi *v);
void kpiv_form_free(struct view_kpi *v);
void kpiv_form_draw(struct view_kpi *v, WINDOW *win, const struct rect *r);
int kpiv_form_key(struct view_kpi *v, int key);

/* kpi-reports.c */
void kpiv_versions_open(struct view_kpi *v);
void kpiv_pager_draw(struct view_kpi *v, WINDOW *win, const struct rect *r);
int kpiv_pager_key(struct view_kpi *v, int key);

/* kpi-content.c */
void kpiv_content_init(struct view_kpi *v);
void kpiv_content_free(struct view_kpi *v);
void kpiv_content_open(struct view_kpi *v);
/* The data changed: the report's shape and lines again, the cursor kept. */
void kpiv_content_reload(struct view_kpi *v);
void kpiv_content_draw(struct view_kpi *v, WINDOW *win, const struct rect *r);
int kpiv_content_key(struct view_kpi *v, int key);
/* A click on a line selects it. */
int kpiv_content_click(struct view_kpi *v, int y, int x);

#endif
