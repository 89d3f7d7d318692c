/*
 * The Today screen's checklist, assembled one layer above the checklist, the
 * calendar and the KPIs: the day's due actions with who ticked them
 * (checklist.h), a "kpi-METRIC" item for each metric the group's KPI advice
 * flags (kpi.h), and each action's calendar slot (calendar.h). Ticking goes
 * through here too, because ticking a content action posts its slot.
 */
#ifndef SOPDECK_TODAY_H
#define SOPDECK_TODAY_H

#include <stdint.h>

#include "checklist.h"

struct db;

/*
 * Build the checklist of day for every group (group_name NULL) or one, each
 * group on its own playbook from set (playbook_set_load), with KPI advice
 * items and slots: a fixed number of statements whatever the number of groups
 * (one for the slots, one pass for the advice, one for the ticks). set must
 * outlive the checklist. Free with checklist_free.
 */
int today_build(struct db *db, const struct playbook_set *set, int day, const char *group_name,
		struct checklist *out, char **cause);

/*
 * today_build for a first screen of rows rows (a group's header and each of its
 * items a row): every group's items, ticks and KPI advice items (so the day's
 * counts are whole), in the same few statements, but the calendar slots of the
 * groups whose rows begin within rows only (*slotted: the first group without
 * its slots), and the advice items' titles of the first rows groups only (the
 * others' have none yet). The console's first screen, drawn before the rest
 * loads (today_load_slots).
 */
int today_build_first(struct db *db, const struct playbook_set *set, int day, size_t rows,
		      size_t *slotted, struct checklist *out, char **cause);

/*
 * The calendar slots of groups from_group on, in one query, and the advice items'
 * titles still missing, for a checklist today_build_first made with *slotted =
 * from_group: then it is today_build's.
 */
int today_load_slots(struct db *db, struct checklist *cl, size_t from_group, char **cause);

/*
 * Keep the KPI advice cl's build worked out from the counters (kpi_advice_memo_save),
 * so that the next build of the day reads it: one transaction, nothing when another
 * connection wrote meanwhile. The console calls it after its first frame.
 */
int today_save_advice(struct db *db, const struct playbook_set *set, struct checklist *cl,
		      char **cause);

/*
 * The bodies of every item's scheduled content (slot_body), in one query: for
 * the texts of all items at once (`today --json`). today_build leaves them out,
 * as a screen shows none of them; action_text_item reads one when not loaded.
 */
int today_load_bodies(struct db *db, struct checklist *cl, char **cause);

/*
 * Build group g of cl again (today_build for that one group: its items, ticks,
 * advice and slots, a fixed number of statements) and put it in place of its
 * items in cl: after a tick, instead of building every group's again.
 */
int today_refresh_group(struct db *db, const struct playbook_set *set, struct checklist *cl,
			size_t g, char **cause);

/*
 * Tick an item of day's checklist (a playbook action due then, or a KPI item
 * whose metric is still advised on) and post that action's calendar slot, in
 * one transaction, audited.
 */
int today_tick(struct db *db, int64_t group_id, const char *action_id, int day,
	       const char *operator, char **cause);
/* Remove a tick (not ticked is an error), one transaction, audited. */
int today_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		 const char *operator, char **cause);

/*
 * today_tick / today_untick with the transaction left open: the caller reads
 * the changed checklist inside it (today_refresh_group), then ends it with
 * db_commit, or db_rollback. The console draws the tick before the commit's
 * fsync, so a slow disk never stands between the key and the screen; the tick
 * is on disk before the next key is read. On -1 nothing is open.
 */
int today_tick_begin(struct db *db, int64_t group_id, const char *action_id, int day,
		     const char *operator, char **cause);
int today_untick_begin(struct db *db, int64_t group_id, const char *action_id, int day,
		       const char *operator, char **cause);

#endif
