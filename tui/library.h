/*
 * The Library tab's parts (tui/view-library.c and tui/library-*.c), for those
 * files only: the state they share and what each part offers the others.
 *   view-library.c     the tab: state, load, key dispatch, draw dispatch
 *   library-list.c     the filter, the visible page (keyset), moving, the list drawn
 *   library-detail.c   the selected item's detail (loaded only when shown), copy
 *   library-search.c   the `/` search as you type and the one-line prompt
 *   library-pickers.c  the tag and category pickers (widget_picker)
 *   library-form.c     add / edit, the body editor, $EDITOR through app_run_editor
 *   library-delete.c   the delete question
 */
#ifndef SOPDECK_TUI_LIBRARY_H
#define SOPDECK_TUI_LIBRARY_H

#include "content.h"
#include "kpi.h"
#include "playbook.h"
#include "view.h"
#include "widget.h"

#define LIB_SEARCH_MAX 200
#define LIB_TAGS_MAX 16
#define LIB_COUNT_CAP WIDGET_PICKER_COUNT_CAP  /* the header says "1000+" past this */
#define LIB_SPLIT_COLS 100   /* from this width the detail pane shows beside the list */

enum lib_mode {
	LIB_LIST,       /* the list (and the detail pane on a wide screen) */
	LIB_SEARCH,     /* typing the search */
	LIB_DETAIL,     /* one item full screen */
	LIB_TAGS,       /* the tag picker */
	LIB_CATEGORIES, /* the category picker */
	LIB_FORM,       /* add / edit */
	LIB_INPUT,      /* a one-line prompt (form field, date range) */
	LIB_BODY,       /* the built-in body editor */
	LIB_CONFIRM,    /* delete? */
};

enum lib_period { PERIOD_ALL, PERIOD_WEEK, PERIOD_MONTH, PERIOD_30, PERIOD_RANGE };

/* The form's fields, in order. */
enum lib_field { FLD_TITLE, FLD_CATEGORY, FLD_ZONE, FLD_FORM, FLD_STYLE, FLD_TAGS, FLD_DATE,
		 FLD_SOURCE, FLD_BODY, FLD_COUNT };
extern const char *const lib_field_names[FLD_COUNT];

struct view_library {
	struct app *app;
	struct playbook_set *set;  /* every playbook: performance counts each group by its own */
	struct playbook *pb;       /* the default one (categories), in set */
	char *error;
	enum lib_mode mode;

	/* The filter. */
	struct content_filter filter;
	char *tags[LIB_TAGS_MAX];
	size_t n_tags;
	size_t category;       /* 0 = any, else pb category index + 1; n_categories + 1 = none */
	size_t zone, form;     /* 0 = any, else index + 1 into content_zones / content_forms */
	enum lib_period period;
	int range_from, range_to;
	struct widget_input search;
	char *search_before;   /* the search when `/` was pressed (Esc goes back to it) */
	enum content_sort sort;

	/* The visible page: rows after prev (none = from the start). */
	struct content_item prev;
	bool have_prev;
	struct content_item *page;
	size_t n, sel;
	bool more;             /* an item follows the page (read with it: one row more) */
	struct rect area;      /* the area last loaded for */
	int rows;              /* list rows in it for the current filter: the page size */
	struct rect rows_at;   /* where the last draw put the page's rows: for clicks */
	bool split;            /* that area shows the detail pane beside the list */
	size_t total;
	bool total_more;       /* more than total: the count stopped there */
	struct content_mix *mix;
	size_t n_mix, mix_total;

	/* The selected item's detail, loaded only while it is shown (cached by id). */
	struct content_use *use;
	size_t n_use;
	int64_t use_id;        /* -1: nothing loaded */
	struct kpi_content_perf perf;
	bool have_perf;
	int64_t perf_id;       /* -1: nothing loaded */
	struct widget_pager pager;

	/* The pickers: the rows live here, widget_picker pages and counts them. */
	struct content_facet *facets;
	size_t n_facets;
	struct widget_picker tag_picker;
	struct content_facet *cats;  /* 全部, each category, 未分类 */
	size_t n_cats;
	struct widget_picker cat_picker;

	/* Form, prompts, the built-in editor, the delete question. */
	struct content_item edit;  /* id 0 = adding */
	char *fields[FLD_COUNT];
	size_t field;
	struct widget_input input;
	const char *input_label;
	void (*input_done)(struct view_library *v, const char *text);
	struct widget_input body;
	char *confirm;
	bool ask_discard;          /* Esc with changes: "放弃修改？ y/n" is asked (form or body) */
};

/* view-library.c */
void lib_error(struct view_library *v, char *cause);

/* library-list.c */
void lib_list_filter_build(struct view_library *v);
void lib_list_load(struct view_library *v);
void lib_list_refilter(struct view_library *v);
void lib_list_load_mix(struct view_library *v);
void lib_list_move(struct view_library *v, int key);
void lib_list_clear_filters(struct view_library *v);
bool lib_list_filtered(const struct view_library *v);
const char *lib_category_name(const struct view_library *v, const char *key);
char *lib_tags_text(const struct content_item *it, const char *sep);
/* The header, the filter line(s) (or the search prompt) and the list into r. */
void lib_list_draw(struct view_library *v, WINDOW *win, const struct rect *r, struct rect *body);

/* library-detail.c */
/* Is the selected item's detail on the screen (pane, full screen, delete question)? */
bool lib_detail_shown(const struct view_library *v);
/* Load where the selected item is scheduled, and (perf) how it performed, unless cached. */
void lib_detail_load(struct view_library *v, bool perf);
/* The selection moved or the page changed: reload the detail if it is shown. */
void lib_detail_follow(struct view_library *v);
void lib_detail_forget(struct view_library *v);
void lib_detail_open(struct view_library *v);
int lib_detail_key(struct view_library *v, int key);
void lib_detail_draw_pane(struct view_library *v, WINDOW *win, const struct rect *r);
void lib_detail_draw(struct view_library *v, WINDOW *win, const struct rect *r);
void lib_detail_copy(struct view_library *v);

/* library-search.c */
void lib_search_open(struct view_library *v);
int lib_search_key(struct view_library *v, int key);
void lib_search_draw(struct view_library *v, WINDOW *win, int y, int x, int cols);
void lib_prompt(struct view_library *v, const char *label, const char *initial,
		void (*done)(struct view_library *, const char *));
int lib_prompt_key(struct view_library *v, int key);
void lib_prompt_draw(struct view_library *v, WINDOW *win, int y, int x, int cols);
void lib_range_done(struct view_library *v, const char *text);

/* library-pickers.c */
void lib_pickers_init(struct view_library *v);
void lib_pickers_free(struct view_library *v);
void lib_tags_open(struct view_library *v);
int lib_tags_key(struct view_library *v, int key);
void lib_tags_draw(struct view_library *v, WINDOW *win, const struct rect *body);
void lib_categories_open(struct view_library *v);
int lib_categories_key(struct view_library *v, int key);
void lib_categories_draw(struct view_library *v, WINDOW *win, const struct rect *body);

/* library-form.c */
void lib_form_open(struct view_library *v, const struct content_item *it);
void lib_form_clear(struct view_library *v);
int lib_form_key(struct view_library *v, int key);
int lib_body_key(struct view_library *v, int key);
void lib_field_done(struct view_library *v, const char *text);
void lib_form_draw(struct view_library *v, WINDOW *win, const struct rect *body);

/* library-delete.c */
void lib_delete_ask(struct view_library *v);
int lib_delete_key(struct view_library *v, int key);
void lib_delete_draw(struct view_library *v, WINDOW *win, const struct rect *body);

#endif
