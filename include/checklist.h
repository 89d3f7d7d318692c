/*
 * The daily checklist: for a day, every group's due actions from the playbook,
 * in time order, grouped by group, with who ticked what.
 * An item's id is "GROUPID:ACTIONID" (e.g. "3:morning"); the day is implied.
 */
#ifndef SOPDECK_CHECKLIST_H
#define SOPDECK_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "group.h"
#include "playbook.h"

struct db;

struct checklist_item {
	size_t group;                     /* index into checklist.groups */
	const struct pb_action *action;   /* points into the playbook */
	const char *node;                 /* before_node: the node's name, else NULL */
	int node_days;                    /* days until that node */
	bool ticked;
	char *ticked_by, *ticked_at;      /* when ticked */
	/*
	 * A KPI advice item (a metric of the group below its threshold): its action
	 * "kpi-METRIC" is made here, owned by the item, and not in the playbook.
	 */
	struct pb_action *kpi_action;
	/* The content calendar's slot for this action that day, when one is filled (today_build). */
	bool has_slot;
	char *slot_label;                 /* the content's title or the placeholder topic */
	int slot_status;                  /* enum slot_status (calendar.h) */
	int64_t slot_content_id;          /* 0 = a placeholder */
	const struct pb_metric *metric;   /* the metric advised on, for kpi items */
	size_t kpi_order;                 /* the metric's place in the playbook */
	/* The scheduled content's body (today_load_bodies, one query for every item) and
	   form (today_build); NULL when not loaded. */
	char *slot_body, *slot_form;
	/*
	 * An A/B test running on the day for this group and action (today_build):
	 * its name, the day's arm (0 = A, 1 = B), and for a copy test the arm's
	 * text; for a time test, action points at ab_action, a copy of the
	 * playbook's action with the arm's time (its strings still the playbook's).
	 */
	char *ab_test;
	int ab_arm;
	char *ab_copy;
	struct pb_action *ab_action;
};

/* Action ids of KPI advice items start with this ("kpi-open_rate"). */
#define CHECKLIST_KPI_PREFIX "kpi-"

struct kpi_advice_list;

struct checklist {
	int day;
	struct group *groups;             /* the groups listed, ordered by name */
	/* Each group's own playbook (issue 11: one per business line), parallel to
	   groups, pointing into the set the checklist was built from. */
	const struct playbook **pbs;
	size_t n_groups;
	struct checklist_item *items;     /* by group, then time, then playbook order */
	size_t n_items, items_cap;
	/* Each group's KPI advice as today_build worked it out (parallel to groups, NULL
	   when none) and db_data_version before the build's first read: what
	   today_save_advice keeps. */
	struct kpi_advice_list *advice;
	int64_t data_version;
};

/*
 * Build the checklist for day (each group's due actions from its own playbook
 * in set, and who ticked them); group_name NULL = every group. set must outlive
 * the checklist. The Today screen's checklist, with KPI advice and calendar
 * slots, is today_build (today.h), a layer above.
 */
int checklist_build(struct db *db, const struct playbook_set *set, int day,
		    const char *group_name, struct checklist *out, char **cause);
/*
 * checklist_build in steps, for a layer that adds items: begin (groups and due
 * actions), then checklist_add_advice any number of times, then finish (order
 * and ticks, one query). On an error in finish the checklist is still to be freed.
 */
int checklist_begin(struct db *db, const struct playbook_set *set, int day,
		    const char *group_name, struct checklist *out, char **cause);
/* The playbook group (index) of cl runs on. */
const struct playbook *checklist_playbook(const struct checklist *cl, size_t group);
/* A KPI advice item "kpi-METRIC" for group (index): its title is the advice text, or
   none yet when text is NULL (a screen's first frame: checklist_advice_title later). */
void checklist_add_advice(struct checklist *cl, const struct playbook *pb, size_t group,
			  const struct pb_metric *metric, const char *text);
/* A KPI advice item's title from its advice text, when it has none yet. */
void checklist_advice_title(struct checklist_item *it, const char *text);
int checklist_finish(struct db *db, struct checklist *cl, char **cause);
void checklist_free(struct checklist *cl);
/*
 * Put one's items (a checklist of the one group cl->groups[g], same day and
 * playbooks) in place of group g's in cl, keeping the order by group; one is
 * freed. When one does not hold that group (no longer on the day's list), g's
 * items go.
 */
void checklist_splice_group(struct checklist *cl, size_t g, struct checklist *one);

/* Ticked and total items, for one group (index) or all (group = (size_t)-1). */
void checklist_progress(const struct checklist *cl, size_t group, size_t *done, size_t *total);

/* Is the item overdue at minute now_min of the checklist's day? */
bool checklist_item_overdue(const struct checklist_item *it, int now_min);

/*
 * May a playbook action be ticked for g on day (it is on that day's
 * checklist)? pb is the group's own playbook; an action it does not have is
 * refused naming it. Pure. KPI items ("kpi-...") are checked by today_tick.
 */
int checklist_tick_check(const struct playbook *pb, const struct group *g,
			 const char *action_id, int day, char **cause);
/*
 * Record a tick (operator and time; ticking again keeps the first) or remove
 * one (not ticked is an error), audited, inside the caller's transaction:
 * today_tick / today_untick (today.h) run them with the calendar's side.
 */
int checklist_tick_record(struct db *db, int64_t group_id, const char *action_id, int day,
			  const char *operator, char **cause);
int checklist_untick_record(struct db *db, int64_t group_id, const char *action_id, int day,
			    const char *operator, char **cause);

/* Who ticked the item and when (a lookup): 0 ticked (*by, *at malloc'd), 1 not ticked, -1 error. */
int checklist_ticked_by(struct db *db, int64_t group_id, const char *action_id, int day,
			char **by, char **at, char **cause);

/* Parse "GROUPID:ACTIONID". */
int checklist_parse_id(const char *id, int64_t *group_id, char **action_id, char **cause);

#endif
