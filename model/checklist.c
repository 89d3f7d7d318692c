/* The daily checklist: which actions are due for which group on a day, and who ticked them. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

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

/* A group's items in the sorted checklist: [first, end). */
struct group_span {
	size_t first, end;
};

/*
 * Mark the items that the tick table says are done. Items are contiguous per
 * group, so each tick finds its group by id and scans only that group's items.
 */
static int load_ticks(struct db *db, struct checklist *cl, char **cause)
{
	struct group_span *span = xcalloc(cl->n_groups ? cl->n_groups : 1, sizeof *span);
	for (size_t i = 0; i < cl->n_items; i++) {
		struct group_span *sp = &span[cl->items[i].group];
		if (sp->end == 0)
			sp->first = i;
		sp->end = i + 1;
	}
	sqlite3_stmt *st = db_cached(db, "SELECT group_id, action_id, operator, ticked_at FROM tick "
				     "WHERE day = ?", cause);
	if (!st) {
		free(span);
		return -1;
	}
	struct group_ids ids;
	group_ids_build(&ids, cl->groups, cl->n_groups);
	char date[11];
	date_format(cl->day, date);
	sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t g = group_ids_find(&ids, sqlite3_column_int64(st, 0));
		if (g == SIZE_MAX)
			continue;
		const char *aid = db_col_text(st, 1);
		for (size_t i = span[g].first; i < span[g].end; i++) {
			struct checklist_item *it = &cl->items[i];
			if (it->ticked || strcmp(it->action->id, aid) != 0)
				continue;
			it->ticked = true;
			/* Who and when in one block (ticked_at inside ticked_by's): a day's
			   1,100 ticks were 2,200 allocations before the console's first frame. */
			const char *by = db_col_text(st, 2), *at = db_col_text(st, 3);
			size_t nb = strlen(by) + 1, na = strlen(at) + 1;
			it->ticked_by = xmalloc(nb + na);
			memcpy(it->ticked_by, by, nb);
			it->ticked_at = memcpy(it->ticked_by + nb, at, na);
		}
	}
	sqlite3_reset(st);
	group_ids_free(&ids);
	free(span);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("reading ticks"), cause);
	return 0;
}

/* Append an item to the checklist, growing the array. */
static struct checklist_item *item_add(struct checklist *cl)
{
	if (cl->n_items == cl->items_cap) {
		cl->items_cap = cl->items_cap ? cl->items_cap * 2 : 32;
		cl->items = xrealloc(cl->items, cl->items_cap * sizeof *cl->items);
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

void checklist_advice_title(struct checklist_item *it, const char *text)
{
	struct pb_action *a = it->kpi_action;
	if (!a || a->title)
		return;
	/* Joined by hand where the translation is plain text around one %s: printf for each
	   of a team's 1,500 advice items was 8% of Today. */
	const char *fmt = _("KPI alert · %s"), *hole = strstr(fmt, "%s");
	if (hole && !memchr(fmt, '%', (size_t)(hole - fmt)) && !strchr(hole + 2, '%')) {
		size_t nb = (size_t)(hole - fmt), nt = strlen(text), na = strlen(hole + 2);
		a->title = xmalloc(nb + nt + na + 1);
		memcpy(a->title, fmt, nb);
		memcpy(a->title + nb, text, nt);
		memcpy(a->title + nb + nt, hole + 2, na + 1);
	} else {
		a->title = xasprintf(_("KPI alert · %s"), text);
	}
}

void checklist_add_advice(struct checklist *cl, const struct playbook *pb, size_t group,
			  const struct pb_metric *metric, const char *text)
{
	struct checklist_item *it = item_add(cl);
	/* Joined by hand: printf for each of a team's 1,500 advice items was 8% of Today.
	   The id lives in the action's own block (item_clear frees the two as one). */
	size_t np = strlen(CHECKLIST_KPI_PREFIX), nk = strlen(metric->key);
	struct pb_action *a = xcalloc(1, sizeof *a + np + nk + 1);
	a->id = (char *)(a + 1);
	memcpy(a->id, CHECKLIST_KPI_PREFIX, np);
	memcpy(a->id + np, metric->key, nk + 1);
	it->kpi_action = a;
	if (text)
		checklist_advice_title(it, text);
	a->at = -1;
	it->group = group;
	it->action = a;
	it->kpi_action = a;
	it->metric = metric;
	it->kpi_order = metric_index(pb, metric);
}

/*
 * The items in item_cmp's order, as glibc's (stable, merge) qsort left them:
 * indexes by group in one pass, items in the order they came, then each
 * group's few by insertion, also stable; then the items moved into place
 * along the permutation's cycles. qsort took 1.5 M instructions for a team's
 * 4,400 items, and a sorted copy of them 160 page faults more.
 */
static void items_sort(struct checklist *cl)
{
	size_t n = cl->n_items, ng = cl->n_groups;
	size_t *at = xcalloc(ng + 2, sizeof *at);
	for (size_t i = 0; i < n; i++) {
		if (cl->items[i].group >= ng) {
			/* Not a group of the list: leave it all to qsort. */
			free(at);
			qsort(cl->items, n, sizeof *cl->items, item_cmp);
			return;
		}
		at[cl->items[i].group + 1]++;
	}
	for (size_t g = 0; g < ng; g++)
		at[g + 1] += at[g];
	size_t *order = xmalloc(n * sizeof *order);  /* order[k]: the item that goes to k */
	for (size_t i = 0; i < n; i++)
		order[at[cl->items[i].group]++] = i;
	/* at[g] is now the end of group g's items (and the start of g + 1's). */
	for (size_t g = 0, first = 0; g < ng; first = at[g++])
		for (size_t k = first + 1; k < at[g]; k++) {
			size_t x = order[k], j = k;
			for (; j > first && item_cmp(&cl->items[order[j - 1]], &cl->items[x]) > 0; j--)
				order[j] = order[j - 1];
			order[j] = x;
		}
	free(at);
	for (size_t k = 0; k < n; k++) {
		if (order[k] == k)
			continue;
		/* One cycle: k takes order[k]'s item, which takes its order's, back to k. */
		struct checklist_item first = cl->items[k];
		size_t j = k;
		while (order[j] != k) {
			size_t from = order[j];
			cl->items[j] = cl->items[from];
			order[j] = j;
			j = from;
		}
		cl->items[j] = first;
		order[j] = j;
	}
	free(order);
}

int checklist_finish(struct db *db, struct checklist *cl, char **cause)
{
	if (cl->n_items > 1)
		items_sort(cl);
	return load_ticks(db, cl, cause);
}

const struct playbook *checklist_playbook(const struct checklist *cl, size_t group)
{
	return cl->pbs[group];
}

/*
 * The day's half of the due rule (playbook_action_due_day) for each action of
 * each playbook, asked once for all groups: it was 16,500 questions for 500
 * groups, most of them the same lunar and recurrence dates again.
 */
struct day_due_pb {
	const struct playbook *pb;
	bool *due;  /* by action index */
	int *left;  /* node countdown days, when due through a node */
};

struct day_due {
	struct day_due_pb *pbs;
	size_t n;
};

static const struct day_due_pb *day_due_for(struct day_due *dd, const struct playbook *pb,
					    int day)
{
	for (size_t k = 0; k < dd->n; k++)
		if (dd->pbs[k].pb == pb)
			return &dd->pbs[k];
	dd->pbs = xrealloc(dd->pbs, (dd->n + 1) * sizeof *dd->pbs);
	struct day_due_pb *p = &dd->pbs[dd->n++];
	p->pb = pb;
	p->due = xcalloc(pb->n_actions + 1, sizeof *p->due);
	p->left = xcalloc(pb->n_actions + 1, sizeof *p->left);
	for (size_t i = 0; i < pb->n_actions; i++)
		p->due[i] = playbook_action_due_day(pb, &pb->actions[i], day, &p->left[i]);
	return p;
}

static void day_due_free(struct day_due *dd)
{
	for (size_t k = 0; k < dd->n; k++) {
		free(dd->pbs[k].due);
		free(dd->pbs[k].left);
	}
	free(dd->pbs);
}

int checklist_begin(struct db *db, const struct playbook_set *set, int day,
		    const char *group_name, struct checklist *out, char **cause)
{
	memset(out, 0, sizeof *out);
	out->day = day;
	struct group *all;
	size_t n_all;
	if (group_name) {
		all = xcalloc(1, sizeof *all);
		if (group_require(db, group_name, all, cause) < 0) {
			free(all);
			return -1;
		}
		n_all = 1;
	} else if (group_list(db, &all, &n_all, cause) < 0) {
		return -1;
	}
	/* Groups created after the day have no checklist yet; archived ones none at all. */
	out->groups = xcalloc(n_all ? n_all : 1, sizeof *out->groups);
	for (size_t i = 0; i < n_all; i++) {
		if (all[i].created != DATE_INVALID &&
		    all[i].created <= day && !all[i].archived)
			out->groups[out->n_groups++] = all[i];
		else
			group_clear(&all[i]);
	}
	free(all);
	out->pbs = xcalloc(out->n_groups ? out->n_groups : 1, sizeof *out->pbs);
	/* Room for every item the groups can have (each action due, each metric advised on)
	   at once: grown by doubling, a team's 4,400 items were copied 8 times, 2.6 MB of
	   fresh pages, the largest part of the console's page faults before its first frame.
	   Only what is filled is touched. */
	size_t cap = 0;
	for (size_t g = 0; g < out->n_groups; g++) {
		out->pbs[g] = playbook_set_for(set, &out->groups[g]);
		cap += out->pbs[g]->n_actions + out->pbs[g]->n_metrics;
	}
	out->items_cap = cap ? cap : 1;
	out->items = xmalloc(out->items_cap * sizeof *out->items);
	struct day_due dd = {0};
	for (size_t g = 0; g < out->n_groups; g++) {
		/* An action id is unique only within its playbook: items point at their
		   group's own, and ticks match by group first (load_ticks). */
		const struct playbook *pb = out->pbs[g];
		const struct day_due_pb *p = day_due_for(&dd, pb, day);
		for (size_t i = 0; i < pb->n_actions; i++) {
			const struct pb_action *a = &pb->actions[i];
			int left = p->left[i];
			if (!p->due[i] || !playbook_action_due_group(pb, a, &out->groups[g], day))
				continue;
			struct checklist_item *it = item_add(out);
			it->group = g;
			it->action = a;
			if (a->before_node) {
				const struct pb_node *node = playbook_node(pb, a->before_node);
				it->node = node ? node->name : a->before_node;
				it->node_days = left;
			}
		}
	}
	day_due_free(&dd);
	return 0;
}

int checklist_build(struct db *db, const struct playbook_set *set, int day,
		    const char *group_name, struct checklist *out, char **cause)
{
	if (checklist_begin(db, set, day, group_name, out, cause) < 0)
		return -1;
	if (checklist_finish(db, out, cause) < 0) {
		checklist_free(out);
		return -1;
	}
	return 0;
}

/* Free what one item owns. */
static void item_clear(struct checklist_item *it)
{
	free(it->ticked_by);  /* ticked_at is in its block (load_ticks) */
	free(it->slot_label);
	free(it->slot_body);
	free(it->slot_form);
	free(it->ab_test);
	free(it->ab_copy);
	free(it->ab_action);
	if (it->kpi_action) {
		free(it->kpi_action->title);  /* the id is in the action's block */
		free(it->kpi_action);
	}
}

void checklist_splice_group(struct checklist *cl, size_t g, struct checklist *one)
{
	size_t first = 0, end;
	while (first < cl->n_items && cl->items[first].group < g)
		first++;
	for (end = first; end < cl->n_items && cl->items[end].group == g; end++)
		item_clear(&cl->items[end]);
	/* The group's items, when it is still on the day's checklist and is the same group. */
	size_t n = one->n_groups == 1 && one->groups[0].id == cl->groups[g].id ? one->n_items : 0;
	size_t total = cl->n_items - (end - first) + n;
	if (total > cl->items_cap) {
		cl->items_cap = total;
		cl->items = xrealloc(cl->items, cl->items_cap * sizeof *cl->items);
	}
	memmove(&cl->items[first + n], &cl->items[end], (cl->n_items - end) * sizeof *cl->items);
	for (size_t i = 0; i < n; i++) {
		cl->items[first + i] = one->items[i];
		cl->items[first + i].group = g;
	}
	cl->n_items = total;
	/* The items moved: one keeps none of them. */
	if (n)
		one->n_items = 0;
	checklist_free(one);
}

void checklist_free(struct checklist *cl)
{
	for (size_t i = 0; i < cl->n_items; i++)
		item_clear(&cl->items[i]);
	free(cl->items);
	free(cl->pbs);
	kpi_advice_lists_free(cl->advice, cl->n_groups);
	group_list_free(cl->groups, cl->n_groups);
	memset(cl, 0, sizeof *cl);
}

void checklist_progress(const struct checklist *cl, size_t group, size_t *done, size_t *total)
{
	*done = *total = 0;
	size_t i = 0, end = cl->n_items;
	if (group != (size_t)-1) {
		/* The items are by group: the group's run found by halves, not every item
		   read for each group row the Today screen draws (4,400 of them each). */
		size_t hi = end;
		while (i < hi) {
			size_t mid = i + (hi - i) / 2;
			if (cl->items[mid].group < group)
				i = mid + 1;
			else
				hi = mid;
		}
		for (end = i; end < cl->n_items && cl->items[end].group == group; end++)
			;
	}
	*total = end - i;
	for (; i < end; i++)
		if (cl->items[i].ticked)
			(*done)++;
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

int checklist_tick_check(const struct playbook *pb, const struct group *g,
			 const char *action_id, int day, char **cause)
{
	char date[11];
	date_format(day, date);
	if (g->archived)
		return set_cause(cause, _("group '%s' is archived: it has no checklist"), g->name);
	const struct pb_action *a = playbook_action(pb, action_id);
	if (!a)
		return set_cause(cause, _("%lld:%s is not on the checklist for %s: group '%s' runs "
					  "on playbook '%s', which has no action '%s'"),
				 (long long)g->id,
				 action_id, date, g->name, pb->name, action_id);
	if (!playbook_action_due(pb, a, g, day, NULL))
		return set_cause(cause, _("%lld:%s is not on the checklist for %s"),
				 (long long)g->id,
				 action_id, date);
	return 0;
}

int checklist_tick_record(struct db *db, int64_t group_id, const char *action_id, int day,
			  const char *operator, char **cause)
{
	char date[11], now[DB_NOW_SIZE];
	date_format(day, date);
	db_now(now);
	sqlite3_stmt *st = db_cached(db,
				     "INSERT OR IGNORE INTO tick (group_id, action_id, day, operator, "
				     "ticked_at) VALUES (?, ?, ?, ?, ?)",
				     cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("recording the tick"), cause);
	/* Ticking again changes nothing: the first operator and time stay. */
	if (sqlite3_changes(db_sqlite(db)) == 0)
		return 0;
	return audit_tick(db, "tick", group_id, action_id, date, operator, cause);
}

int checklist_untick_record(struct db *db, int64_t group_id, const char *action_id, int day,
			    const char *operator, char **cause)
{
	char date[11];
	date_format(day, date);
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	group_clear(&g);
	sqlite3_stmt *st = db_cached(db,
				     "DELETE FROM tick WHERE group_id = ? AND action_id = ? AND day = ?",
				     cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("removing the tick"), cause);
	if (sqlite3_changes(db_sqlite(db)) == 0)
		return set_cause(cause, _("%lld:%s is not ticked on %s; nothing to untick"),
				 (long long)group_id, action_id, date);
	return audit_tick(db, "untick", group_id, action_id, date, operator, cause);
}

int checklist_ticked_by(struct db *db, int64_t group_id, const char *action_id, int day,
			char **by, char **at, char **cause)
{
	char date[11];
	date_format(day, date);
	sqlite3_stmt *st = db_cached(db, "SELECT operator, ticked_at FROM tick WHERE group_id = ? "
				     "AND action_id = ? AND day = ?", cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*by = xstrdup(db_col_text(st, 0));
		*at = xstrdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("reading a tick"), cause);
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
		set_cause(cause, _("'%s' is not an item ID (GROUPID:ACTIONID, e.g. 3:morning)"),
			  safe);
		free(safe);
		return -1;
	}
	*group_id = strtoll(id, NULL, 10);
	*action_id = xstrdup(colon + 1);
	return 0;
}
