/*
 * The Today screen's checklist: the checklist, the KPI advice and the calendar
 * slots joined in memory, each read set-at-a-time; and ticking, which touches
 * the checklist and the calendar in one transaction.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"
#include "calendar.h"
#include "checklist.h"
#include "content.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "kpi.h"
#include "today.h"
#include "util.h"

/*
 * Every group's KPI advice in one pass, each flagged metric an item, from its own
 * playbook; the texts (the items' titles) of the first with_text groups only, the
 * others' made by advice_titles when they are to be shown.
 */
static int add_advice(struct db *db, const struct playbook_set *set, struct checklist *cl,
		      size_t with_text, char **cause)
{
	struct kpi_advice_list *adv;
	if (kpi_advice_groups_first(db, set, cl->day, cl->groups, cl->n_groups, with_text, &adv,
				    cause) < 0)
		return -1;
	for (size_t g = 0; g < cl->n_groups; g++)
		for (size_t i = 0; i < adv[g].n; i++)
			checklist_add_advice(cl, playbook_set_for(set, &cl->groups[g]), g,
					     adv[g].items[i].metric, adv[g].items[i].text);
	/* Kept for today_save_advice (the items have their own copies of the texts). */
	cl->advice = adv;
	return 0;
}

/* The advice items' titles add_advice left out, from the advice the build kept. */
static void advice_titles(struct checklist *cl)
{
	if (!cl->advice)
		return;
	kpi_advice_texts(cl->advice, 0, cl->n_groups);
	for (size_t i = 0; i < cl->n_items; i++) {
		struct checklist_item *it = &cl->items[i];
		if (!it->kpi_action || it->kpi_action->title)
			continue;
		const struct kpi_advice_list *l = &cl->advice[it->group];
		for (size_t j = 0; j < l->n; j++)
			if (l->items[j].metric == it->metric)
				checklist_advice_title(it, l->items[j].text);
	}
}

int today_save_advice(struct db *db, const struct playbook_set *set, struct checklist *cl,
		      char **cause)
{
	if (!cl->advice)
		return 0;
	int rc = kpi_advice_memo_save(db, set, cl->day, cl->groups, cl->advice, cl->n_groups,
				      cl->data_version, cause);
	kpi_advice_lists_free(cl->advice, cl->n_groups);
	cl->advice = NULL;
	return rc;
}

static int slot_group_cmp(const void *a, const void *b)
{
	const struct cal_slot *x = a, *y = b;
	return (x->group_id > y->group_id) - (x->group_id < y->group_id);
}

int today_load_bodies(struct db *db, struct checklist *cl, char **cause)
{
	int64_t *ids = xcalloc(cl->n_items + 1, sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; i < cl->n_items; i++)
		if (cl->items[i].has_slot && cl->items[i].slot_content_id && !cl->items[i].slot_body)
			ids[n++] = cl->items[i].slot_content_id;
	char **bodies = NULL;
	int rc = n ? content_bodies(db, ids, n, &bodies, cause) : 0;
	for (size_t i = 0, k = 0; rc == 0 && i < cl->n_items; i++)
		if (cl->items[i].has_slot && cl->items[i].slot_content_id && !cl->items[i].slot_body) {
			cl->items[i].slot_body = bodies[k];
			bodies[k++] = NULL;
		}
	free(bodies);
	free(ids);
	return rc;
}

/*
 * The A/B tests running on the day: in each test's groups its action takes
 * the day's arm, a copy (the text to post) or a time (the item moves). Before
 * checklist_finish, which orders the items by time.
 */
static int apply_ab(struct db *db, struct checklist *cl, char **cause)
{
	struct ab_overrides o;
	if (ab_overrides_for_day(db, cl->day, &o, cause) < 0)
		return -1;
	for (size_t i = 0; o.n && i < cl->n_items; i++) {
		struct checklist_item *it = &cl->items[i];
		if (it->kpi_action)
			continue;
		const struct ab_override *ov =
			ab_override_find(&o, cl->groups[it->group].id, it->action->id);
		if (!ov)
			continue;
		it->ab_test = xstrdup(ov->test);
		it->ab_arm = ov->arm;
		if (ov->kind == AB_COPY) {
			it->ab_copy = xstrdup(ov->copy);
		} else {
			it->ab_action = xmalloc(sizeof *it->ab_action);
			*it->ab_action = *it->action;
			it->ab_action->at = ov->at;
			it->action = it->ab_action;
		}
	}
	ab_overrides_free(&o);
	return 0;
}

/*
 * The day's slots in one query, each playbook item of groups [from, to) given its
 * own (calendar_slot_pick): every group's (one group's with group_name), or a
 * range of them (the console's first screen, then the rest).
 */
static int add_slots(struct db *db, struct checklist *cl, const char *group_name, size_t from,
		     size_t to, char **cause)
{
	/* Even when no group is left (from >= to): a load runs the same statements
	   whatever the number of groups. */
	if (cl->n_items == 0)
		return 0;
	struct cal_slot *slots;
	size_t n;
	/* A screen's first groups: their slots only. The rest of the list (or all of it):
	   the day's slots of every group, one range of the day index, cheaper than a
	   lookup per group for hundreds of them; those before from are passed over. */
	bool part = to != SIZE_MAX;
	int64_t only = group_name && cl->n_groups ? cl->groups[0].id : 0;
	if (!part && calendar_slots(db, cl->day, cl->day, only, &slots, &n, cause) < 0)
		return -1;
	if (part) {
		size_t k = 0;
		int64_t *ids = xcalloc(cl->n_groups + 1, sizeof *ids);
		for (size_t g = from; g < to && g < cl->n_groups; g++)
			ids[k++] = cl->groups[g].id;
		int rc = calendar_slots_of(db, cl->day, cl->day, ids, k, &slots, &n, cause);
		free(ids);
		if (rc < 0)
			return -1;
	}
	/* By group, so each item looks only at its group's few slots. */
	if (n > 1)
		qsort(slots, n, sizeof *slots, slot_group_cmp);
	size_t first = 0, end = 0;
	int64_t at_group = -1;
	for (size_t i = 0; i < cl->n_items; i++) {
		struct checklist_item *it = &cl->items[i];
		if (it->kpi_action || it->group < from || it->group >= to)
			continue;
		int64_t gid = cl->groups[it->group].id;
		if (gid != at_group) {
			/* Items come by group: find this group's range. */
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (slots[mid].group_id < gid)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (first = end = lo; end < n && slots[end].group_id == gid; end++)
				;
			at_group = gid;
		}
		const struct cal_slot *s =
			calendar_slot_pick(slots + first, end - first, it->action, gid, cl->day);
		if (s && !cal_slot_empty(s)) {
			it->has_slot = true;
			it->slot_label = xstrdup(cal_slot_label(s));
			it->slot_status = (int)s->status;
			it->slot_content_id = s->content_id;
			it->slot_form = xstrdup(s->content_form ? s->content_form : "");
		}
	}
	calendar_slots_free(slots, n);
	return 0;
}

/* The groups whose rows begin within the first rows rows: a header and a row per item each. */
static size_t groups_within(const struct checklist *cl, size_t rows)
{
	size_t g = 0, used = 0;
	for (size_t i = 0; g < cl->n_groups && used < rows; g++) {
		used++;
		for (; i < cl->n_items && cl->items[i].group == g; i++)
			used++;
	}
	return g;
}

/*
 * today_build, or (rows not SIZE_MAX) the first screen of rows rows: the slots and
 * advice texts of the groups it shows only; *slotted is the first group without slots.
 */
static int build(struct db *db, const struct playbook_set *set, int day, const char *group_name,
		 size_t rows, size_t *slotted, struct checklist *out, char **cause)
{
	/* Before the first read: what today_save_advice tells other writers by. */
	int64_t dv = db_data_version(db);
	if (checklist_begin(db, set, day, group_name, out, cause) < 0)
		return -1;
	out->data_version = dv;
	/* A group takes a row at least: no more than rows of them can show. */
	size_t texts = rows < out->n_groups ? rows : out->n_groups;
	if (add_advice(db, set, out, texts, cause) < 0 || apply_ab(db, out, cause) < 0 ||
	    checklist_finish(db, out, cause) < 0) {
		checklist_free(out);
		return -1;
	}
	size_t to = rows == SIZE_MAX ? SIZE_MAX : groups_within(out, rows);
	if (add_slots(db, out, group_name, 0, to, cause) < 0) {
		checklist_free(out);
		return -1;
	}
	if (slotted)
		*slotted = to == SIZE_MAX ? out->n_groups : to;
	return 0;
}

int today_build(struct db *db, const struct playbook_set *set, int day, const char *group_name,
		struct checklist *out, char **cause)
{
	return build(db, set, day, group_name, SIZE_MAX, NULL, out, cause);
}

int today_build_first(struct db *db, const struct playbook_set *set, int day, size_t rows,
		      size_t *slotted, struct checklist *out, char **cause)
{
	return build(db, set, day, NULL, rows, slotted, out, cause);
}

int today_load_slots(struct db *db, struct checklist *cl, size_t from_group, char **cause)
{
	advice_titles(cl);
	return add_slots(db, cl, NULL, from_group, SIZE_MAX, cause);
}

int today_refresh_group(struct db *db, const struct playbook_set *set, struct checklist *cl,
			size_t g, char **cause)
{
	struct checklist one;
	if (g >= cl->n_groups)
		return set_cause(cause, _("no group %zu on the checklist"), g);
	if (today_build(db, set, cl->day, cl->groups[g].name, &one, cause) < 0)
		return -1;
	checklist_splice_group(cl, g, &one);
	return 0;
}

/* A KPI item is on the checklist while its metric is still advised on for the day. */
static int kpi_item_check(struct db *db, const struct playbook *pb, const struct group *g,
			  const char *action_id, int day, char **cause)
{
	const char *key = action_id + strlen(CHECKLIST_KPI_PREFIX);
	struct kpi_advice *adv;
	size_t n;
	if (kpi_advice_group(db, pb, g, day, &adv, &n, cause) < 0)
		return -1;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(adv[i].metric->key, key) == 0;
	kpi_advice_free(adv, n);
	if (found)
		return 0;
	char date[11];
	date_format(day, date);
	return set_cause(cause, _("%lld:%s is not on the checklist for %s (no KPI advice on '%s' "
				  "for this group that day)"), (long long)g->id, action_id, date,
			 key);
}

/* Is it a KPI advice item's id ("kpi-open_rate")? */
static bool is_kpi_item(const char *action_id)
{
	return strncmp(action_id, CHECKLIST_KPI_PREFIX, strlen(CHECKLIST_KPI_PREFIX)) == 0;
}

/* Check, record, post the slot: inside today_tick's transaction. */
static int tick_in(struct db *db, int64_t group_id, const char *action_id, int day,
		   const char *operator, char **cause)
{
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	/* The group's own playbook only (a tick is one key: not every playbook loaded):
	   an action id means something only within its playbook. */
	struct playbook *pb;
	if (playbook_load_for_group(db, &g, &pb, cause) < 0) {
		group_clear(&g);
		return -1;
	}
	bool kpi = !playbook_action(pb, action_id) && is_kpi_item(action_id);
	int rc = kpi ? kpi_item_check(db, pb, &g, action_id, day, cause)
		     : checklist_tick_check(pb, &g, action_id, day, cause);
	if (rc == 0)
		rc = checklist_tick_record(db, group_id, action_id, day, operator, cause);
	/* The calendar slot of the ticked action is posted, in the same transaction. */
	if (rc == 0 && !kpi)
		rc = calendar_on_tick(db, pb, group_id, action_id, day, operator, cause);
	playbook_free(pb);
	group_clear(&g);
	return rc;
}

int today_tick_begin(struct db *db, int64_t group_id, const char *action_id, int day,
		     const char *operator, char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	if (tick_in(db, group_id, action_id, day, operator, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int today_tick(struct db *db, int64_t group_id, const char *action_id, int day,
	       const char *operator, char **cause)
{
	if (today_tick_begin(db, group_id, action_id, day, operator, cause) < 0)
		return -1;
	return db_commit(db, cause);
}

int today_untick_begin(struct db *db, int64_t group_id, const char *action_id, int day,
		       const char *operator, char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	/* The slot the tick posted gets back the status it had before (issue 12). */
	if (checklist_untick_record(db, group_id, action_id, day, operator, cause) < 0 ||
	    (!is_kpi_item(action_id) &&
	     calendar_on_untick(db, group_id, action_id, day, operator, cause) < 0)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int today_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		 const char *operator, char **cause)
{
	if (today_untick_begin(db, group_id, action_id, day, operator, cause) < 0)
		return -1;
	return db_commit(db, cause);
}
