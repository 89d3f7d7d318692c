/* The daily checklist: which actions are due for which group on a day, and who ticked them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "checklist.h"
#include "dates.h"
#include "internal.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

/* Does the action's stage filter let a group of this age through? */
static bool stage_matches(const struct playbook *pb, const struct pb_action *a, int age)
{
	if (a->n_stages == 0)
		return true;
	const struct pb_stage *st = playbook_stage_for_age(pb, age);
	if (!st)
		return false;
	for (size_t i = 0; i < a->n_stages; i++)
		if (strcmp(a->stages[i], st->key) == 0)
			return true;
	return false;
}

/* Does the recurrence rule (every: ...) fall on day? */
static bool every_matches(const struct pb_action *a, int day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	switch (a->every) {
	case EVERY_NONE:
		return true;
	case EVERY_WEEKDAYS:
		return (a->weekdays >> date_weekday(day)) & 1u;
	case EVERY_MONTH_START:
		return d == 1;
	case EVERY_MONTH_END:
		return d == date_days_in_month(y, m);
	case EVERY_MONTH_DAY: {
		int last = date_days_in_month(y, m);
		return d == (a->month_day < last ? a->month_day : last);
	}
	}
	return false;
}

/* Is day one of the action's countdown days before its node? Sets *left to the days left. */
static bool node_matches(const struct playbook *pb, const struct pb_action *a, int day,
			 int *left)
{
	const struct pb_node *node = playbook_node(pb, a->before_node);
	if (!node)
		return false;
	bool due = false;
	for (size_t i = 0; i < a->n_days_before; i++) {
		int k = a->days_before[i];
		if (k < 0 || playbook_node_next(node, day + k) != day + k)
			continue;
		if (!due || k < *left)
			*left = k;
		due = true;
	}
	return due;
}

bool checklist_action_due(const struct playbook *pb, const struct pb_action *a,
			  const struct group *g, int day, int *node_days)
{
	/* Not before the group exists (nor for a group whose date is unreadable). */
	if (g->created == DATE_INVALID || day < g->created)
		return false;
	int age = group_age(g, day);
	if (a->group_types && !((a->group_types >> g->type) & 1u))
		return false;
	if (!stage_matches(pb, a, age))
		return false;
	/* An action with no rule at all is never due (the loader should not allow it). */
	if (a->every == EVERY_NONE && a->group_day <= 0 && !a->before_node)
		return false;
	/* Each rule the action has must hold. */
	if (!every_matches(a, day))
		return false;
	if (a->group_day > 0 && age + 1 != a->group_day)
		return false;
	if (a->before_node) {
		int left = 0;
		if (!node_matches(pb, a, day, &left))
			return false;
		if (node_days)
			*node_days = left;
	}
	return true;
}

/* Items of one group by time, any-time actions last, then playbook order. */
static int item_cmp(const void *pa, const void *pb_)
{
	const struct checklist_item *a = pa, *b = pb_;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	/* KPI advice comes after the playbook's actions, in the playbook's metric order. */
	if (!a->kpi_action != !b->kpi_action)
		return a->kpi_action ? 1 : -1;
	if (a->kpi_action)
		return a->kpi_order < b->kpi_order ? -1 : a->kpi_order > b->kpi_order;
	int ta = a->action->at < 0 ? 24 * 60 : a->action->at;
	int tb = b->action->at < 0 ? 24 * 60 : b->action->at;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	/* Actions point into the playbook's array: their addresses are its order. */
	return a->action < b->action ? -1 : a->action > b->action;
}

struct group_slot {
	int64_t id;
	size_t first, end; /* the group's items: [first, end) */
};

static int slot_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct group_slot *)a)->id, y = ((const struct group_slot *)b)->id;
	return x < y ? -1 : x > y;
}

/*
 * Mark the items that the tick table says are done. Items are contiguous per
 * group, so each tick looks up its group by id and scans only that group's items.
 */
static int load_ticks(struct db *db, struct checklist *cl, char **cause)
{
	struct group_slot *slots = xcalloc(cl->n_groups ? cl->n_groups : 1, sizeof *slots);
	for (size_t g = 0; g < cl->n_groups; g++)
		slots[g].id = cl->groups[g].id;
	for (size_t i = 0; i < cl->n_items; i++) {
		struct group_slot *sl = &slots[cl->items[i].group];
		if (sl->end == 0)
			sl->first = i;
		sl->end = i + 1;
	}
	qsort(slots, cl->n_groups, sizeof *slots, slot_cmp);
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT group_id, action_id, operator, ticked_at FROM tick WHERE day = ?",
		       &st, cause) < 0) {
		free(slots);
		return -1;
	}
	char date[11];
	date_format(cl->day, date);
	sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct group_slot key = {.id = sqlite3_column_int64(st, 0)};
		const struct group_slot *sl =
			bsearch(&key, slots, cl->n_groups, sizeof *slots, slot_cmp);
		if (!sl)
			continue;
		const char *aid = db_col_text(st, 1);
		for (size_t i = sl->first; i < sl->end; i++) {
			struct checklist_item *it = &cl->items[i];
			if (it->ticked || strcmp(it->action->id, aid) != 0)
				continue;
			it->ticked = true;
			it->ticked_by = xstrdup(db_col_text(st, 2));
			it->ticked_at = xstrdup(db_col_text(st, 3));
		}
	}
	sqlite3_finalize(st);
	free(slots);
	if (rc != SQLITE_DONE)
		return db_fail(db, "reading ticks", cause);
	return 0;
}

/* Append an item to the checklist, growing the array. */
static struct checklist_item *item_add(struct checklist *cl, size_t *cap)
{
	if (cl->n_items == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		cl->items = xrealloc(cl->items, *cap * sizeof *cl->items);
	}
	struct checklist_item *it = &cl->items[cl->n_items++];
	memset(it, 0, sizeof *it);
	return it;
}

/* The playbook index of metric m, which points into pb->metrics. */
static size_t metric_index(const struct playbook *pb, const struct pb_metric *m)
{
	for (size_t i = 0; i < pb->n_metrics; i++)
		if (&pb->metrics[i] == m)
			return i;
	return pb->n_metrics;
}

/*
 * The KPI step of the SOP: each metric of group g below (or above) its
 * threshold over the last days becomes an item whose title is the playbook's
 * advice, so that the operator acts on it the same morning.
 */
static int add_kpi_items(struct db *db, const struct playbook *pb, int day, size_t g,
			 struct checklist *cl, size_t *cap, char **cause)
{
	struct kpi_advice *adv;
	size_t n;
	if (kpi_advice(db, pb, cl->groups[g].id, day, &adv, &n, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct checklist_item *it = item_add(cl, cap);
		struct pb_action *a = xcalloc(1, sizeof *a);
		a->id = xasprintf(CHECKLIST_KPI_PREFIX "%s", adv[i].metric->key);
		a->title = xasprintf("KPI 提醒 · %s", adv[i].text);
		a->at = -1;
		it->group = g;
		it->action = a;
		it->kpi_action = a;
		it->metric = adv[i].metric;
		it->kpi_order = metric_index(pb, adv[i].metric);
	}
	kpi_advice_free(adv, n);
	return 0;
}

/* Join each action's calendar slot of the day, so the checklist says what to post. */
static int load_slots(struct db *db, struct checklist *cl, char **cause)
{
	for (size_t i = 0; i < cl->n_items; i++) {
		struct checklist_item *it = &cl->items[i];
		if (it->kpi_action)
			continue;
		struct cal_slot s;
		int r = calendar_slot_for_action(db, it->action, cl->groups[it->group].id, cl->day,
						 &s, cause);
		if (r < 0)
			return -1;
		if (r == 0 && !cal_slot_empty(&s)) {
			it->has_slot = true;
			it->slot_label = xstrdup(cal_slot_label(&s));
			it->slot_status = (int)s.status;
			it->slot_content_id = s.content_id;
		}
		if (r == 0)
			cal_slot_clear(&s);
	}
	return 0;
}

int checklist_build(struct db *db, const struct playbook *pb, int day, const char *group_name,
		    struct checklist *out, char **cause)
{
	memset(out, 0, sizeof *out);
	out->day = day;
	struct group *all;
	size_t n_all;
	if (group_name) {
		all = xcalloc(1, sizeof *all);
		if (group_find(db, group_name, all, cause) < 0) {
			free(all);
			return -1;
		}
		n_all = 1;
	} else if (group_list(db, &all, &n_all, cause) < 0) {
		return -1;
	}
	/* Groups created after the day have no checklist yet. */
	out->groups = xcalloc(n_all ? n_all : 1, sizeof *out->groups);
	for (size_t i = 0; i < n_all; i++) {
		if (all[i].created != DATE_INVALID && all[i].created <= day)
			out->groups[out->n_groups++] = all[i];
		else
			group_clear(&all[i]);
	}
	free(all);
	size_t cap = 0;
	for (size_t g = 0; g < out->n_groups; g++) {
		for (size_t i = 0; i < pb->n_actions; i++) {
			const struct pb_action *a = &pb->actions[i];
			int left = 0;
			if (!checklist_action_due(pb, a, &out->groups[g], day, &left))
				continue;
			struct checklist_item *it = item_add(out, &cap);
			it->group = g;
			it->action = a;
			if (a->before_node) {
				const struct pb_node *node = playbook_node(pb, a->before_node);
				it->node = node ? node->name : a->before_node;
				it->node_days = left;
			}
		}
		if (add_kpi_items(db, pb, day, g, out, &cap, cause) < 0) {
			checklist_free(out);
			return -1;
		}
	}
	if (out->n_items > 1)
		qsort(out->items, out->n_items, sizeof *out->items, item_cmp);
	if (load_ticks(db, out, cause) < 0 || load_slots(db, out, cause) < 0) {
		checklist_free(out);
		return -1;
	}
	return 0;
}

void checklist_free(struct checklist *cl)
{
	for (size_t i = 0; i < cl->n_items; i++) {
		free(cl->items[i].ticked_by);
		free(cl->items[i].ticked_at);
		free(cl->items[i].slot_label);
		if (cl->items[i].kpi_action) {
			free(cl->items[i].kpi_action->id);
			free(cl->items[i].kpi_action->title);
			free(cl->items[i].kpi_action);
		}
	}
	free(cl->items);
	group_list_free(cl->groups, cl->n_groups);
	memset(cl, 0, sizeof *cl);
}

void checklist_progress(const struct checklist *cl, size_t group, size_t *done, size_t *total)
{
	*done = *total = 0;
	for (size_t i = 0; i < cl->n_items; i++) {
		if (group != (size_t)-1 && cl->items[i].group != group)
			continue;
		(*total)++;
		if (cl->items[i].ticked)
			(*done)++;
	}
}

bool checklist_item_overdue(const struct checklist_item *it, int now_min)
{
	return it->action->at >= 0 && !it->ticked && it->action->at < now_min;
}

/* Audit one tick or untick as "3:morning 2026-03-04". */
static int audit_tick(struct db *db, const char *kind, int64_t group_id, const char *action_id,
		      const char *date, const char *operator, char **cause)
{
	char *detail = xasprintf("%lld:%s %s", (long long)group_id, action_id, date);
	int rc = db_audit(db, operator, kind, detail, cause);
	free(detail);
	return rc;
}

/* A KPI item is on the checklist while its metric is still advised on for the day. */
static int kpi_item_check(struct db *db, const struct playbook *pb, const struct group *g,
			  const char *action_id, int day, const char *date, char **cause)
{
	const char *key = action_id + strlen(CHECKLIST_KPI_PREFIX);
	struct kpi_advice *adv;
	size_t n;
	if (kpi_advice(db, pb, g->id, day, &adv, &n, cause) < 0)
		return -1;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(adv[i].metric->key, key) == 0;
	kpi_advice_free(adv, n);
	if (found)
		return 0;
	return set_cause(cause, "%lld:%s is not on the checklist for %s (no KPI advice on '%s' "
			 "for this group that day)", (long long)g->id, action_id, date, key);
}

/* Check, inside the transaction, that the item is on the day's checklist. */
static int tick_check(struct db *db, int64_t group_id, const char *action_id, int day,
		      const char *date, char **cause)
{
	struct group g;
	if (group_find_id(db, group_id, &g, cause) < 0)
		return -1;
	struct playbook *pb;
	if (playbook_load_active(db, &pb, cause) < 0) {
		group_clear(&g);
		return -1;
	}
	const struct pb_action *a = playbook_action(pb, action_id);
	int rc = 0;
	if (!a && strncmp(action_id, CHECKLIST_KPI_PREFIX, strlen(CHECKLIST_KPI_PREFIX)) == 0)
		rc = kpi_item_check(db, pb, &g, action_id, day, date, cause);
	else if (!a)
		rc = set_cause(cause, "%lld:%s is not on the checklist for %s (the playbook has "
			       "no action '%s')", (long long)group_id, action_id, date, action_id);
	else if (!checklist_action_due(pb, a, &g, day, NULL))
		rc = set_cause(cause, "%lld:%s is not on the checklist for %s",
			       (long long)group_id, action_id, date);
	playbook_free(pb);
	group_clear(&g);
	return rc;
}

int checklist_tick(struct db *db, int64_t group_id, const char *action_id, int day,
		   const char *operator, char **cause)
{
	char date[11], now[20];
	date_format(day, date);
	db_now(now);
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *st = NULL;
	int rc = tick_check(db, group_id, action_id, day, date, cause);
	if (rc == 0)
		rc = db_prepare(db,
				"INSERT OR IGNORE INTO tick (group_id, action_id, day, operator, "
				"ticked_at) VALUES (?, ?, ?, ?, ?)",
				&st, cause);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, group_id);
		sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, operator, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, "recording the tick", cause);
		/* Ticking again changes nothing: the first operator and time stay. */
		else if (sqlite3_changes(db_sqlite(db)) > 0)
			rc = audit_tick(db, "tick", group_id, action_id, date, operator, cause);
	}
	/* The calendar slot of the ticked action is posted, in the same transaction. */
	if (rc == 0 && strncmp(action_id, CHECKLIST_KPI_PREFIX, strlen(CHECKLIST_KPI_PREFIX)) != 0)
		rc = calendar_on_tick(db, NULL, group_id, action_id, day, operator, cause);
	sqlite3_finalize(st);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}

int checklist_untick(struct db *db, int64_t group_id, const char *action_id, int day,
		     const char *operator, char **cause)
{
	char date[11];
	date_format(day, date);
	if (db_begin(db, cause) < 0)
		return -1;
	struct group g;
	sqlite3_stmt *st = NULL;
	int rc = group_find_id(db, group_id, &g, cause);
	if (rc == 0) {
		group_clear(&g);
		rc = db_prepare(db, "DELETE FROM tick WHERE group_id = ? AND action_id = ? AND day = ?",
				&st, cause);
	}
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, group_id);
		sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, "removing the tick", cause);
		else if (sqlite3_changes(db_sqlite(db)) == 0)
			rc = set_cause(cause, "%lld:%s is not ticked on %s; nothing to untick",
				       (long long)group_id, action_id, date);
		else
			rc = audit_tick(db, "untick", group_id, action_id, date, operator, cause);
	}
	/* The slot the tick posted gets its status back, in the same transaction. */
	if (rc == 0 && strncmp(action_id, CHECKLIST_KPI_PREFIX, strlen(CHECKLIST_KPI_PREFIX)) != 0)
		rc = calendar_on_untick(db, group_id, action_id, day, operator, cause);
	sqlite3_finalize(st);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}

int checklist_ticked_by(struct db *db, int64_t group_id, const char *action_id, int day,
			char **by, char **at, char **cause)
{
	char date[11];
	date_format(day, date);
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT operator, ticked_at FROM tick WHERE group_id = ? AND "
			   "action_id = ? AND day = ?", &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*by = xstrdup(db_col_text(st, 0));
		*at = xstrdup(db_col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "reading a tick", cause);
	return rc == SQLITE_ROW;
}

int checklist_parse_id(const char *id, int64_t *group_id, char **action_id, char **cause)
{
	const char *colon = strchr(id, ':');
	bool ok = colon && colon > id && colon[1] != '\0' && colon - id <= 18;
	for (const char *p = id; ok && p < colon; p++)
		ok = isdigit((unsigned char)*p);
	for (const char *p = colon ? colon + 1 : id; ok && *p; p++)
		ok = !isspace((unsigned char)*p) && !iscntrl((unsigned char)*p) && *p != ':';
	if (!ok) {
		char *safe = text_sanitize(id, false);
		set_cause(cause, "'%s' is not an item ID (GROUPID:ACTIONID, e.g. 3:morning)", safe);
		free(safe);
		return -1;
	}
	*group_id = strtoll(id, NULL, 10);
	*action_id = xstrdup(colon + 1);
	return 0;
}
