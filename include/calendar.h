/*
 * The content calendar (内容排期表): per group, per day, per posting time a
 * slot holding a library item or a placeholder (topic, form, owner) and a
 * status planned → drafted → reviewed → posted.
 *
 * A slot belongs to one content action: (group, day, time, action). Content
 * actions are the playbook's actions with a time and a category; actions
 * without a category (月初主题策划, 月中用户调研, 月末数据复盘, 内容效果周报) are the
 * operator's own tasks, on the checklist but never a slot.
 *
 * The week grid has one row per recurring content action (早安问候 daily,
 * 周一行业早报 and 周五会员日福利 on their weekday, each its own row even when
 * they share a time with another), plus a "专项" row per time for one-off
 * actions (cold start, node countdowns) due that week or holding a stored
 * slot. A cell is fillable only when its action is due then for that group
 * (checklist rules).
 *
 * Undo is kept in the database (table slot_undo): every change records the
 * before-image of the slots it touched as one batch per operator, so undo works
 * across console sessions and from the command line; the newest
 * CALENDAR_UNDO_KEEP batches per operator are kept.
 */
#ifndef SOPDECK_CALENDAR_H
#define SOPDECK_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ab.h"
#include "group.h"
#include "playbook.h"

struct db;
struct buf;

#define CALENDAR_UNDO_KEEP 50
#define CALENDAR_DUP_DAYS 14        /* the same content twice within this many days warns */
#define CALENDAR_EMPTY_HOURS 48     /* an empty slot due within this many hours warns */

enum slot_status { SLOT_PLANNED, SLOT_DRAFTED, SLOT_REVIEWED, SLOT_POSTED };
#define SLOT_STATUS_COUNT 4

const char *slot_status_key(enum slot_status s);   /* "planned" ... */
const char *slot_status_name(enum slot_status s);  /* 计划 初稿 已审 已发 (exports) */
/* The status in the interface's language (计划 or "planned"): the console's word. */
const char *slot_status_label(enum slot_status s);
/* Key or Chinese name into a status; -1 if unknown. */
int slot_status_parse(const char *s);

/* A stored slot, with its content's title, category and form joined in. */
struct cal_slot {
	int64_t id, group_id;
	int day;                 /* day number */
	int at;                  /* minutes since midnight */
	char *action_id;         /* NULL when none */
	int64_t content_id;      /* 0 = placeholder */
	char *title;             /* the content's title, or "" */
	char *category;          /* the content's category key, or "" */
	char *content_form;      /* the content's form key, or "" */
	char *topic, *form, *owner;
	enum slot_status status;
	char *updated_at, *updated_by;
	char *strings;           /* when not NULL, the one allocation the strings above are in */
	int dup_day;             /* the week's readers: the nearest other day within 14 days the
				    group has the same content (slot.dup_day), else DATE_INVALID */
};
/* What to show for a slot: the content's title, else the placeholder topic. */
const char *cal_slot_label(const struct cal_slot *s);
/* A slot with neither content nor a topic counts as empty. */
bool cal_slot_empty(const struct cal_slot *s);
void cal_slot_clear(struct cal_slot *s);

/* Warnings on a cell, as bits. */
enum cal_warn {
	CAL_WARN_DUPLICATE = 1 << 0,  /* same content for the group within 14 days */
	CAL_WARN_STAGE = 1 << 1,      /* a slot whose action is not for the group's stage */
	CAL_WARN_NOT_DUE = 1 << 2,    /* a slot where no action is due (playbook changed) */
	CAL_WARN_EMPTY_SOON = 1 << 3, /* empty, due in less than 48 hours */
	CAL_WARN_CATEGORY = 1 << 4,   /* content of another category than the slot's column */
};
/* Short words for the bits set in w ("14天内重复 阶段不符", in English "repeat in 14 days
   wrong stage": the interface's language); new string. */
char *calendar_warn_text(unsigned w);

/* A row of the grid: one recurring action, or the one-off actions at a time. */
struct cal_row {
	int at;                  /* minutes since midnight */
	char *label;             /* "早安问候", "周一行业早报", "专项" */
	char *label_en;          /* the action's title_en, or NULL */
	bool daily;              /* the action recurs (nearly) every day */
	char *action_id;         /* the recurring action; NULL = one-off actions at `at` */
	size_t order;            /* playbook order, for sorting rows at the same time */
};

struct cal_cell {
	const struct pb_action *action;  /* the action due (most specific); NULL = not fillable */
	size_t n_due;                    /* actions due at this time */
	struct cal_slot *slot;           /* NULL = nothing stored */
	unsigned warn;                   /* enum cal_warn bits */
	int dup_day;                     /* CAL_WARN_DUPLICATE: the other day used */
	/* An A/B test of the action running that day in that group (points into the
	   week's ab_tests): its name, the arm ('A' or 'B'), the arm's time or copy. */
	const char *ab_test;
	char ab_arm;                     /* 0 when no test runs */
	int ab_at;                       /* a time test's minute of the day, else -1 */
	const char *ab_copy;             /* a copy test's text, else NULL */
};

struct cal_group_week {
	struct group group;
	const struct playbook *pb;       /* the playbook it runs on (points into the caller's) */
	const struct pb_stage *stage;    /* at the week's Monday (may be NULL) */
	/* The rows it has something in (an action due or a slot), 7 cells each: row r's
	   are cells[row_cell[r] * 7 ..], SIZE_MAX for a row it has nothing in. Read them
	   through calendar_cell (an empty cell for those rows). */
	struct cal_cell *cells;
	size_t *row_cell;
	bool titled;                     /* its slots' titles read (calendar_week_titles) */
};

/* Share of one category among the week's filled content. */
struct cal_mix {
	const char *key, *name;          /* point into the playbook */
	int target;                      /* percent */
	size_t used;
	double share;                    /* percent of the filled content */
};

struct cal_week {
	int start;                       /* the first day: a Monday, or the week_start day */
	int iso_year, iso_week;          /* the ISO week of most of its days (start + 3) */
	struct cal_row *rows;
	size_t n_rows;
	struct cal_group_week *groups;   /* ordered by name */
	size_t n_groups;
	struct cal_slot *slots;          /* every slot of the week, owned here */
	size_t n_slots;
	char *slot_text;                 /* the slots' strings, one block (no cal_slot_clear) */
	size_t slots_mapped, slot_text_mapped;  /* how the two are held (calendar_week_free) */
	char *cell_block;                /* every group's row_cell and cells, one block */
	size_t cell_block_mapped;
	struct cal_mix *mix;             /* one per playbook category */
	size_t n_mix;
	size_t mix_total;                /* cells filled with content */
	size_t mix_other;                /* content of no (known) category */
	size_t n_due, n_filled;          /* fillable cells, and those filled (content or topic) */
	size_t n_warnings;               /* cells with a warning */
	struct ab_test *ab_tests;        /* every A/B test, which the cells' ab_ fields point into */
	size_t n_ab_tests;
	size_t *slot_first, *slot_by_group;  /* group g's slots: slots[slot_by_group[slot_first[g]
						.. slot_first[g + 1])] */
	char **title_text;               /* the titles read later, a block per read */
	size_t n_title_text;
};

/*
 * Build the seven days from `start` (a Monday for an ISO week, calendar_week_start;
 * the console's week_start may make it a Sunday) for one group (by name) or all
 * (NULL). now is the moment warnings are judged against, in minutes since
 * 1970-01-01 00:00 local time (day * 1440 + minute).
 */
int calendar_week(struct db *db, const struct playbook *pb, int start, const char *group_name,
		  int64_t now, struct cal_week *out, char **cause);
/*
 * The same with each group on its own playbook (group->playbook, else the
 * set's default): its columns, stage, due cells and category warnings. The
 * rows are every shown group's playbook's; the queries are as many for any
 * number of groups and playbooks. The week points into set: free it after.
 */
int calendar_week_set(struct db *db, const struct playbook_set *set, int start,
		      const char *group_name, int64_t now, struct cal_week *out, char **cause);
/*
 * The same without the items' titles (each slot's title and content_form "" and its
 * group's titled false): the totals, warnings and mix need none (the category and the
 * 14-day repeat are the slot row's), so the console reads titles only for what it shows.
 */
int calendar_week_untitled(struct db *db, const struct playbook_set *set, int start,
			   const char *group_name, int64_t now, struct cal_week *out,
			   char **cause);
/*
 * What of each slot a week reads; the fields not read are "" and the status planned (every
 * column read is a cost per slot: 15,000 in a team's week).
 */
enum cal_week_read {
	CAL_READ_ALL,       /* every field (calendar_week_set) */
	CAL_READ_UNTITLED,  /* all but title and content_form (calendar_week_untitled) */
	CAL_READ_JSON,      /* all but updated_at and content_form: what `calendar --json` prints */
	CAL_READ_GRID,      /* the cell's place, item, title, topic, category and repeat: what
			       the text grid prints (no form, owner, status, updated_*) */
};
/* calendar_week_set reading only what `what` says of each slot. */
int calendar_week_read(struct db *db, const struct playbook_set *set, int start,
		       const char *group_name, int64_t now, enum cal_week_read what,
		       struct cal_week *out, char **cause);
/* The titles of groups from .. to - 1 not read yet, in one statement. */
int calendar_week_titles(struct db *db, struct cal_week *w, size_t from, size_t to,
			 char **cause);
void calendar_week_free(struct cal_week *w);
/* The moment warnings are judged at: the clock on the real today, else the start of today. */
int64_t calendar_now(int today);
/* The cell of group g (index), row, day of the week shown (0 = start). */
struct cal_cell *calendar_cell(const struct cal_week *w, size_t g, size_t row, int weekday);
/* Day number of the Monday of the ISO week day falls in. */
int calendar_week_start(int day);
/*
 * The first day of the week holding day when weeks start on first_weekday
 * (0 Monday .. 6 Sunday: the config's week_start); 0 gives calendar_week_start.
 */
int calendar_week_first(int day, int first_weekday);

/* Is a an action that gets a calendar slot: a time of day and a content category? */
bool calendar_action_is_content(const struct pb_action *a);
/* Does a recur on weekdays (a row of its own in the grid) rather than once? */
bool calendar_action_recurring(const struct pb_action *a);

/* A list of due actions that grows as needed; reuse one across calls, then cal_due_free. */
struct cal_due {
	const struct pb_action **a;
	size_t n, cap;
};
void cal_due_free(struct cal_due *d);

/*
 * The content actions due for group g on day at minute `at` (any time when at
 * < 0), by time, then most specific first: all of them, in out->a (out->n,
 * also returned). Pure.
 */
size_t calendar_due_actions(const struct playbook *pb, const struct group *g, int day, int at,
			    struct cal_due *out);

/*
 * One slot, by group, day, time and action; action_id NULL = the one slot at
 * that time (an error when several actions have one then). 0 found, 1 not
 * stored, -1 error.
 */
int calendar_slot_get(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		      struct cal_slot *out, char **cause);
/*
 * The slot of one action for a group on a day (what the Today tab shows for a
 * checklist item): its own slot, else one stored at the action's time without
 * an action. 0 found, 1 none, -1 error.
 */
int calendar_slot_for_action(struct db *db, const struct pb_action *a, int64_t group_id,
			     int day, struct cal_slot *out, char **cause);

/* The stored slots with day in from..to, for one group (id) or all (0), by day, time, group, id. */
int calendar_slots(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause);
/* The same for the groups ids[0..n_ids) only (a screen's first groups), one query. */
int calendar_slots_of(struct db *db, int from, int to, const int64_t *ids, size_t n_ids,
		      struct cal_slot **out, size_t *n, char **cause);
void calendar_slots_free(struct cal_slot *s, size_t n);
/*
 * Of slots already loaded (calendar_slots), the one calendar_slot_for_action
 * would read for action a, group_id and day; NULL if none. Pure: a screen
 * loads the day's slots in one query and picks each item's here.
 */
const struct cal_slot *calendar_slot_pick(const struct cal_slot *slots, size_t n,
					  const struct pb_action *a, int64_t group_id, int day);

/*
 * The content ids scheduled for group_id within CALENDAR_DUP_DAYS of day (either
 * side), sorted: what the picker marks as a repeat before it is chosen.
 */
int calendar_recent_content(struct db *db, int64_t group_id, int day, int64_t **ids, size_t *n,
			    char **cause);

/* What to put in a slot. content_id 0 = a placeholder from topic/form/owner. */
struct cal_fill {
	int64_t content_id;
	const char *topic, *form, *owner;   /* NULL = keep the slot's ("" if new) */
	int status;                         /* enum slot_status, or -1: planned / unchanged */
	const char *action_id;              /* NULL = the most specific content action due */
};

/*
 * Fill the slot (group, day, at, action): the action must be due for the
 * group then. A new content item resets the status to planned unless one is
 * given; filling from the library keeps the placeholder's topic, form and
 * owner (the plan it fulfils) unless new ones are given. One transaction,
 * audited, undoable.
 */
int calendar_fill(struct db *db, const struct playbook *pb, int64_t group_id, int day, int at,
		  const struct cal_fill *f, const char *operator, char **cause);
/*
 * Empty a slot (deletes it); a slot that is not stored is an error. action_id
 * as in calendar_slot_get.
 */
int calendar_clear(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		   const char *operator, char **cause);
/* Set the status of a stored slot. */
int calendar_set_status(struct db *db, int64_t group_id, int day, int at, const char *action_id,
			enum slot_status status, const char *operator, char **cause);
/* The next status (posted wraps to planned); *now gets the new one. */
int calendar_cycle_status(struct db *db, int64_t group_id, int day, int at,
			  const char *action_id, const char *operator, enum slot_status *now,
			  char **cause);

struct cal_pos {
	int64_t group_id;
	int day, at;
	const char *action_id;   /* NULL: as in calendar_slot_get (source) / calendar_fill (target) */
};
/*
 * Move (keep_source false) or copy a stored slot to another position (any
 * group): the target must have an action due and be empty; with no target
 * action given it is the source's action when due there, else the most
 * specific one due at that time. Copies start planned.
 */
int calendar_move(struct db *db, const struct playbook *pb, struct cal_pos from,
		  struct cal_pos to, bool keep_source, const char *operator, char **cause);

/*
 * Copy last week's plan into the seven days from `start` (as calendar_week), for one
 * group (id) or all (0): each slot of the week before goes 7 days later to the
 * same action when it is due then and that slot is empty; the rest are counted in *skipped. One
 * transaction, one undo step.
 */
int calendar_copy_week(struct db *db, const struct playbook *pb, int start, int64_t group_id,
		       const char *operator, size_t *copied, size_t *skipped, char **cause);
/* The same with each group's columns from its own playbook. */
int calendar_copy_week_set(struct db *db, const struct playbook_set *set, int start,
			   int64_t group_id, const char *operator, size_t *copied, size_t *skipped,
			   char **cause);

/*
 * Undo the operator's last calendar change. *what (if not NULL) gets its
 * description. Nothing to undo is an error ("nothing to undo").
 */
int calendar_undo(struct db *db, const char *operator, char **what, char **cause);
/*
 * Redo what the operator's last undo took back (*what as in calendar_undo);
 * "nothing to redo" after a new change. Undo and redo alternate without limit.
 */
int calendar_redo(struct db *db, const char *operator, char **what, char **cause);

/*
 * An action was ticked for a group on a day, so that action's slot that day
 * (calendar_slot_for_action) is posted, and no other. Runs inside the caller's
 * transaction (today_tick, a layer above the checklist and the calendar); no
 * slot is fine. pb NULL: the active playbook is loaded.
 */
int calendar_on_tick(struct db *db, const struct playbook *pb, int64_t group_id,
		     const char *action_id, int day, const char *operator, char **cause);
/*
 * The untick hook (model/calendar-tick.c): a slot the tick marked posted gets back
 * the status it had before the tick. Runs inside the caller's transaction.
 */
int calendar_on_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		       const char *operator, char **cause);

/* ---- month view ---- */

struct cal_month_day {
	int day;
	size_t n_due, n_filled;          /* content actions due (all groups), and their filled slots */
	const char **nodes;              /* every node on that day, in the playbook's order (the
					    array is the month's, the names point into the playbook) */
	size_t n_nodes;
};

struct cal_node_info {
	const struct pb_node *node;
	int date;                        /* next occurrence on or after today */
	int days_left;
	bool in_lead;                    /* 0 <= days_left <= lead_days */
	bool flagged;                    /* in lead, and some group has nothing planned for it */
	char *missing;                   /* names of those groups, "、"-separated, or "" */
};

struct cal_month {
	int year, month;
	struct cal_month_day *days;      /* 1 .. days in month */
	size_t n_days;
	struct cal_node_info *upcoming;  /* every node's next date, soonest first */
	size_t n_upcoming;
};

/*
 * The month's days with their nodes and how full they are, and a countdown to
 * every node from today. A node counts as planned for a group when a filled
 * slot between (date - lead_days) and its date has an action counting down to
 * that node, or a title/topic mentioning its name. Only groups that one of the
 * node's countdown actions applies to (types, stages) can miss it; a node with
 * no actions concerns every group.
 */
int calendar_month(struct db *db, const struct playbook *pb, int year, int month,
		   const char *group_name, int today, struct cal_month *out, char **cause);
/* The same with each group's due cells and countdowns from its own playbook (the nodes from
   the set's default). */
int calendar_month_set(struct db *db, const struct playbook_set *set, int year, int month,
		       const char *group_name, int today, struct cal_month *out, char **cause);
void calendar_month_free(struct cal_month *m);

/* ---- exports ---- */

enum cal_format { CAL_CSV, CAL_MARKDOWN, CAL_ICS };
/* "csv", "md"/"markdown", "ics"/"ical"; -1 if unknown. */
int calendar_format_parse(const char *s);

/*
 * Export days from..to (inclusive) for one group or all: the filled slots
 * (calendar_export_with: also every fillable cell, and the text), by day,
 * time, group. CSV is UTF-8 with a BOM;
 * Markdown is one table; iCalendar (RFC 5545) has one event per filled slot,
 * floating local times, CRLF lines folded at 75 octets, UIDs like
 * slot-3-20260304-0830-morning@sopdeck (group, date, time, action). *count gets the rows/events written.
 */
int calendar_export(struct db *db, const struct playbook *pb, int from, int to,
		    const char *group_name, enum cal_format fmt, FILE *out, size_t *count,
		    char **cause);

/* What an export lists beyond the filled slots. */
struct cal_export_opts {
	bool with_empty;   /* every fillable cell too (the plan's holes) */
	bool with_body;    /* the text to post: content body, else the filled template */
};
/* calendar_export lists filled slots only; this one takes opts (NULL = none). */
int calendar_export_with(struct db *db, const struct playbook *pb, int from, int to,
			 const char *group_name, enum cal_format fmt,
			 const struct cal_export_opts *opts, FILE *out, size_t *count, char **cause);
/* The same with each group's columns, categories and texts from its own playbook. */
int calendar_export_set(struct db *db, const struct playbook_set *set, int from, int to,
			const char *group_name, enum cal_format fmt,
			const struct cal_export_opts *opts, FILE *out, size_t *count, char **cause);

/* RFC 5545 helpers (pure): TEXT escaping, and folding one content line (no CRLF given). */
char *ics_escape(const char *s);
void ics_fold(const char *line, struct buf *out);

/* ---- import (model/calendar-import.c) ---- */

struct cal_import_result {
	size_t rows;      /* data rows read */
	size_t written;   /* slots inserted or changed */
	size_t cleared;   /* stored slots an empty row cleared */
};

/*
 * Read back the sheet `export calendar --format csv` writes (日期,星期,时间,群,栏目,
 * 内容ID,内容/主题,分类,形式,负责人,状态; UTF-8 with or without BOM, GB18030,
 * CRLF or LF; 状态 in Chinese or English). A row with a content ID or a topic
 * fills the slot of its 栏目 (the action's short title in the group's own
 * playbook from set; none = the time's most specific action), an empty row clears it; 星期 and 分类 are derived and
 * ignored. One transaction, audited: any bad row (unknown group, bad date or
 * time, unknown content ID, 栏目 or status, two rows for one slot) and nothing
 * changes, every bad row named "file:line: ...".
 */
int calendar_import_file(struct db *db, const struct playbook_set *set, const char *path,
			 const char *operator, struct cal_import_result *res, char **cause);
int calendar_import_mem(struct db *db, const struct playbook_set *set, const char *data,
			size_t len, const char *name, const char *operator,
			struct cal_import_result *res, char **cause);

#endif
