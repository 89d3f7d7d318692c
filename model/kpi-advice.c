/*
 * KPI advice: for each group, the metrics it shows (kpi_shown_metrics, its
 * own playbook) that cross their threshold over the dashboard's 7-day window,
 * each with the playbook's advice. Today's reminders and `tick kpi-METRIC`
 * read it; every group at once from one read of the counters.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "db-ids.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "util.h"


const char *kpi_advice_text(const struct pb_metric *m, double value)
{
	/* A rate above 100% comes from wrong counters: the metric's advice would mislead. */
	if (kpi_value_impossible(m, value))
		return _("check the counters: this value is impossible");
	/* advice_en in English when the playbook gives one (i18n_title). */
	const char *advice = i18n_title(m->advice, m->advice_en);
	return advice && *advice ? advice : _("check it");
}

/* What advice needs of one playbook, made ready once rather than per group. */
struct advice_pb {
	const struct playbook *pb;
	int *map;                       /* its counters in the union's */
	struct kpi_metric_plan *plan;   /* by metric index */
	char **threshold;               /* kpi_format_threshold by metric, when first needed */
	size_t **shown;                 /* kpi_shown_metrics by stage index (n_stages: none) */
	size_t *n_shown;
};

static void advice_pb_init(struct advice_pb *a, const struct playbook *pb,
			   const struct playbook *u)
{
	a->pb = pb;
	a->map = kpi_counter_map(pb, u);
	a->plan = xcalloc(pb->n_metrics + 1, sizeof *a->plan);
	for (size_t i = 0; i < pb->n_metrics; i++)
		kpi_metric_plan_init(&a->plan[i], &pb->metrics[i], pb, a->map, u);
	a->threshold = xcalloc(pb->n_metrics + 1, sizeof *a->threshold);
	a->shown = xcalloc(pb->n_stages + 1, sizeof *a->shown);
	a->n_shown = xcalloc(pb->n_stages + 1, sizeof *a->n_shown);
}

static void advice_pb_free(struct advice_pb *a)
{
	for (size_t i = 0; i < a->pb->n_metrics; i++)
		free(a->threshold[i]);
	for (size_t i = 0; i <= a->pb->n_stages; i++)
		free(a->shown[i]);
	free(a->threshold);
	free(a->shown);
	free(a->n_shown);
	free(a->plan);
	free(a->map);
}

/*
 * The metrics group g shows on day: kpi_shown_metrics, which depends on the
 * group only through its stage, asked once per stage of the playbook.
 */
static const size_t *advice_shown(struct advice_pb *a, const struct group *g, int day,
				  size_t *n)
{
	const struct pb_stage *st = playbook_stage_for_age(a->pb, group_age(g, day));
	size_t s = st ? (size_t)(st - a->pb->stages) : a->pb->n_stages;
	if (!a->shown[s]) {
		a->shown[s] = xcalloc(a->pb->n_metrics + 1, sizeof *a->shown[s]);
		a->n_shown[s] = kpi_shown_metrics(a->pb, g, day, a->shown[s]);
	}
	*n = a->n_shown[s];
	return a->shown[s];
}

/* "name value (threshold): advice", as one string. */
static char *advice_line(const char *name, const char *v, const char *t, const char *what)
{
	size_t ln = strlen(name), lv = strlen(v), lt = strlen(t), lw = strlen(what);
	char *s = xmalloc(ln + lv + lt + lw + 7), *p = s;
	memcpy(p, name, ln);
	p += ln;
	*p++ = ' ';
	memcpy(p, v, lv);
	p += lv;
	memcpy(p, " (", 2);
	p += 2;
	memcpy(p, t, lt);
	p += lt;
	memcpy(p, "): ", 3);
	p += 3;
	memcpy(p, what, lw + 1);
	return s;
}

/* Metric k of a's playbook warns at value (its formula's result): its item, appended to out. */
static void advice_add(struct advice_pb *a, size_t k, double value, struct kpi_advice_list *out)
{
	const struct pb_metric *m = &a->pb->metrics[k];
	char v[48];
	kpi_format_value(m, true, value, v, sizeof v);
	if (!a->threshold[k]) {
		char t[64];
		kpi_format_threshold(m, t, sizeof t);
		a->threshold[k] = xstrdup(t);
	}
	out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
	out->items[out->n++] = (struct kpi_advice){
		m, kpi_display_value(m, value),
		advice_line(i18n_title(m->name, m->name_en), v, a->threshold[k],
			    kpi_advice_text(m, value)),
		value};
}

/* The advice of group g (cells [first, end) of s): the metrics it shows that warn. */
static void advice_of(struct advice_pb *a, const struct group *g, int day,
		      const struct kpi_sums *s, size_t first, size_t end,
		      struct kpi_advice_list *out)
{
	size_t n;
	const size_t *shown = advice_shown(a, g, day, &n);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_metric_plan *p = &a->plan[shown[i]];
		double value = 0;
		bool defined = kpi_metric_eval_plan(p, s, first, end, &value);
		if (kpi_metric_status(p->m, defined, value) == KPI_WARN)
			advice_add(a, shown[i], value, out);
	}
}

/* The cells of group gid in s (ordered by group, then day): [*first, *end). */
static void group_cells(const struct kpi_sums *s, int64_t gid, size_t *first, size_t *end)
{
	size_t lo = 0, hi = (size_t)s->n_days;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->cell_group[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (hi = lo; hi < (size_t)s->n_days && s->cell_group[hi] == gid; hi++)
		;
	*end = hi;
}

/* Indexes of groups in the order of their ids, to find a memo row's group. */
static size_t *groups_by_id(const struct group *groups, size_t n)
{
	size_t *ix = xcalloc(n + 1, sizeof *ix);
	for (size_t i = 0; i < n; i++) {
		/* Insertion: the list comes in name order, ids mostly rising with it. */
		size_t j = i;
		while (j > 0 && groups[ix[j - 1]].id > groups[i].id) {
			ix[j] = ix[j - 1];
			j--;
		}
		ix[j] = i;
	}
	return ix;
}

static size_t group_by_id(const struct group *groups, const size_t *ix, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (groups[ix[mid]].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && groups[ix[lo]].id == id ? ix[lo] : SIZE_MAX;
}

static int metric_index(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_metrics; i++)
		if (!strcmp(pb->metrics[i].key, key))
			return (int)i;
	return -1;
}

/*
 * The advice kpi_advice_memo keeps for day (migration 024), one read for every
 * group: a group's rows count when they were worked out on the version of the
 * playbook it has now (the triggers took them away at any change of its
 * counters or of the group); out[i].fresh stays true for the others.
 */
static int memo_read(struct db *db, struct advice_pb *a, const size_t *which, int day,
		     const struct group *groups, size_t n, struct kpi_advice_list *out,
		     char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT group_id, ord, version_id, metric, value "
				     "FROM kpi_advice_memo WHERE day = ?1 ORDER BY group_id, ord",
				     cause);
	if (!st)
		return -1;
	char d[11];
	date_format(day, d);
	sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
	size_t *ix = groups_by_id(groups, n), at = SIZE_MAX;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t gid = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int(st, 1) == 0) {
			/* A group's mark: its rows count if its playbook is still that version. */
			at = group_by_id(groups, ix, n, gid);
			if (at != SIZE_MAX && (a[which[at]].pb->version_id == 0 ||
					       a[which[at]].pb->version_id !=
						       sqlite3_column_int64(st, 2)))
				at = SIZE_MAX;
			if (at != SIZE_MAX)
				out[at].fresh = false;
			continue;
		}
		if (at == SIZE_MAX || groups[at].id != gid)
			continue;
		int k = metric_index(a[which[at]].pb, db_col_text(st, 3));
		if (k < 0 || sqlite3_column_type(st, 4) == SQLITE_NULL) {
			/* Not what a save writes: this group is worked out again. */
			kpi_advice_free(out[at].items, out[at].n);
			out[at] = (struct kpi_advice_list){.fresh = true};
			at = SIZE_MAX;
			continue;
		}
		advice_add(&a[which[at]], (size_t)k, sqlite3_column_double(st, 4), &out[at]);
	}
	sqlite3_reset(st);
	free(ix);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("reading the stored KPI advice"), cause);
	return 0;
}

/*
 * Advice of groups[i] on its playbook pbs[i], over the dashboard's 7-day
 * window: one read of that window's counters for all of them (not the
 * report's two windows: advice has no trend), each group's metrics evaluated
 * over its own cells, what does not depend on the group made once per
 * playbook or stage.
 */
static int advice_fill(struct db *db, const struct playbook *const *pbs, int day,
		       const struct group *groups, size_t n, bool memo,
		       struct kpi_advice_list **out, char **cause)
{
	*out = xcalloc(n + 1, sizeof **out);
	if (n == 0)
		return 0;
	/* The panel's and `sopdeck kpi`'s 7-day window, so advice and dashboard agree. */
	int from, to;
	kpi_window_last(day, KPI_ADVICE_DAYS, &from, &to);
	/* The distinct playbooks (a handful), each group's index among them. */
	const struct playbook **distinct = xcalloc(n + 1, sizeof *distinct);
	size_t *which = xcalloc(n + 1, sizeof *which), npb = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < npb && distinct[k] != pbs[i])
			k++;
		if (k == npb)
			distinct[npb++] = pbs[i];
		which[i] = k;
		(*out)[i].fresh = true;
	}
	struct playbook u;
	kpi_counters_union(distinct, npb, &u);
	struct advice_pb *a = xcalloc(npb + 1, sizeof *a);
	for (size_t k = 0; k < npb; k++)
		advice_pb_init(&a[k], distinct[k], &u);
	int rc = memo ? memo_read(db, a, which, day, groups, n, *out, cause) : 0;
	/* The groups the memo did not have: their counters in one read. */
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	size_t left = 0;
	for (size_t i = 0; i < n; i++)
		if ((*out)[i].fresh)
			ids[left++] = groups[i].id;
	struct kpi_sums s;
	if (rc == 0 && left > 0 &&
	    (rc = kpi_sums_load_many(db, &u, ids, left, from, to, &s, cause)) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (!(*out)[i].fresh)
				continue;
			size_t first, end;
			group_cells(&s, groups[i].id, &first, &end);
			advice_of(&a[which[i]], &groups[i], day, &s, first, end, &(*out)[i]);
		}
		kpi_sums_free(&s);
	}
	free(ids);
	for (size_t k = 0; k < npb; k++)
		advice_pb_free(&a[k]);
	free(a);
	free(u.counters);
	free(which);
	free(distinct);
	if (rc < 0) {
		kpi_advice_lists_free(*out, n);
		*out = NULL;
	}
	return rc;
}

int kpi_advice_groups(struct db *db, const struct playbook_set *set, int day,
		      const struct group *groups, size_t n, struct kpi_advice_list **out,
		      char **cause)
{
	const struct playbook **pbs = xcalloc(n + 1, sizeof *pbs);
	for (size_t i = 0; i < n; i++)
		pbs[i] = playbook_set_for(set, &groups[i]);
	/* One group works its advice out: reading every group's memo would cost more. */
	int rc = advice_fill(db, pbs, day, groups, n, n > 1, out, cause);
	free(pbs);
	return rc;
}

void kpi_advice_lists_free(struct kpi_advice_list *l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		kpi_advice_free(l[i].items, l[i].n);
	free(l);
}

/* Is list l one a save may keep: worked out now, on a stored version, of values SQLite holds? */
static bool memo_keeps(const struct kpi_advice_list *l, const struct playbook *pb)
{
	if (!l->fresh || !pb || pb->version_id == 0)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (!isfinite(l->items[i].formula))
			return false;
	return true;
}

int kpi_advice_memo_save(struct db *db, const struct playbook_set *set, int day,
			 const struct group *groups, const struct kpi_advice_list *lists, size_t n,
			 int64_t data_version, char **cause)
{
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (memo_keeps(&lists[i], playbook_set_for(set, &groups[i])))
			ids[k++] = groups[i].id;
	if (k == 0) {
		free(ids);
		return 0;
	}
	if (db_begin(db, cause) < 0) {
		free(ids);
		return -1;
	}
	/* Another connection wrote since the lists were worked out: they may be stale. */
	if (db_data_version(db) != data_version) {
		free(ids);
		db_rollback(db);
		return 0;
	}
	char d[11];
	date_format(day, d);
	struct db_ids list = {ids, k};
	sqlite3_stmt *del = db_cached(db, "DELETE FROM kpi_advice_memo "
				      "WHERE group_id IN (SELECT value FROM sopdeck_ids(?1))", cause);
	sqlite3_stmt *ins = del ? db_cached(db, "INSERT INTO kpi_advice_memo "
					    "(group_id, ord, day, version_id, metric, value) "
					    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", cause)
				: NULL;
	int rc = ins ? 0 : -1;
	if (rc == 0) {
		db_ids_bind(del, 1, &list);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = db_fail(db, _("storing KPI advice"), cause);
		sqlite3_reset(del);
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct playbook *pb = playbook_set_for(set, &groups[i]);
		if (!memo_keeps(&lists[i], pb))
			continue;
		/* The mark (ord 0), then each item in the order advice lists them. */
		for (size_t j = 0; rc == 0 && j <= lists[i].n; j++) {
			sqlite3_bind_int64(ins, 1, groups[i].id);
			sqlite3_bind_int64(ins, 2, (int64_t)j);
			sqlite3_bind_text(ins, 3, d, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 4, pb->version_id);
			if (j == 0) {
				sqlite3_bind_text(ins, 5, "", -1, SQLITE_STATIC);
				sqlite3_bind_null(ins, 6);
			} else {
				sqlite3_bind_text(ins, 5, lists[i].items[j - 1].metric->key, -1,
						  SQLITE_STATIC);
				sqlite3_bind_double(ins, 6, lists[i].items[j - 1].formula);
			}
			if (sqlite3_step(ins) != SQLITE_DONE)
				rc = db_fail(db, _("storing KPI advice"), cause);
			sqlite3_reset(ins);
		}
	}
	if (ins)
		sqlite3_clear_bindings(ins);
	if (del)
		sqlite3_clear_bindings(del);
	free(ids);
	if (rc == 0)
		return db_commit(db, cause);
	db_rollback(db);
	return -1;
}

int kpi_advice_group(struct db *db, const struct playbook *pb, const struct group *g, int day,
		     struct kpi_advice **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	struct kpi_advice_list *l;
	if (advice_fill(db, &pb, day, g, 1, false, &l, cause) < 0)
		return -1;
	*out = l[0].items;
	*n = l[0].n;
	free(l);
	return 0;
}

int kpi_advice(struct db *db, const struct playbook *pb, int64_t group_id, int day,
	       struct kpi_advice **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	int rc = kpi_advice_group(db, pb, &g, day, out, n, cause);
	group_clear(&g);
	return rc;
}

void kpi_advice_free(struct kpi_advice *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a[i].text);
	free(a);
}
