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

/* The item's text of metric m warning at value (its formula's result), threshold t. */
static char *advice_item_text(const struct pb_metric *m, double value, const char *t)
{
	char v[48];
	kpi_format_value(m, true, value, v, sizeof v);
	return advice_line(i18n_title(m->name, m->name_en), v, t, kpi_advice_text(m, value));
}

/*
 * Metric k of a's playbook warns at value (its formula's result): its item, put after
 * out's last (room made by the caller); with its text, or none yet (kpi_advice_texts
 * makes it when it is to be shown).
 */
static void advice_put(struct advice_pb *a, size_t k, double value, bool text,
		       struct kpi_advice_list *out)
{
	const struct pb_metric *m = &a->pb->metrics[k];
	if (text && !a->threshold[k]) {
		char t[64];
		kpi_format_threshold(m, t, sizeof t);
		a->threshold[k] = xstrdup(t);
	}
	out->items[out->n++] = (struct kpi_advice){
		m, kpi_display_value(m, value),
		text ? advice_item_text(m, value, a->threshold[k]) : NULL, value};
}

/* advice_put with out grown by one. */
static void advice_add(struct advice_pb *a, size_t k, double value, bool text,
		       struct kpi_advice_list *out)
{
	out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
	advice_put(a, k, value, text, out);
}

void kpi_advice_texts(struct kpi_advice_list *lists, size_t from, size_t n)
{
	for (size_t i = from; lists && i < n; i++)
		for (size_t j = 0; j < lists[i].n; j++) {
			struct kpi_advice *it = &lists[i].items[j];
			if (it->text)
				continue;
			char t[64];
			kpi_format_threshold(it->metric, t, sizeof t);
			it->text = advice_item_text(it->metric, it->formula, t);
		}
}

/* The advice of group g (cells [first, end) of s): the metrics it shows that warn. */
static void advice_of(struct advice_pb *a, const struct group *g, int day,
		      const struct kpi_sums *s, size_t first, size_t end, bool text,
		      struct kpi_advice_list *out)
{
	size_t n;
	const size_t *shown = advice_shown(a, g, day, &n);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_metric_plan *p = &a->plan[shown[i]];
		double value = 0;
		bool defined = kpi_metric_eval_plan(p, s, first, end, &value);
		if (kpi_metric_status(p->m, defined, value) == KPI_WARN)
			advice_add(a, shown[i], value, text, out);
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

/* The index of the metric of pb named by the n bytes at key, or -1. */
static int metric_index(const struct playbook *pb, const char *key, size_t n)
{
	for (size_t i = 0; i < pb->n_metrics; i++)
		if (!strncmp(pb->metrics[i].key, key, n) && pb->metrics[i].key[n] == '\0')
			return (int)i;
	return -1;
}

/* A memo's value: 8 bytes, IEEE 754 big-endian, so a file reads the same on any host. */
static double memo_value(const unsigned char *p)
{
	uint64_t bits = 0;
	for (int i = 0; i < 8; i++)
		bits = bits << 8 | p[i];
	double v;
	memcpy(&v, &bits, sizeof v);
	return v;
}

static void memo_value_put(unsigned char *p, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(bits & 0xff);
		bits >>= 8;
	}
}

/*
 * Group at's advice from its memo row (metrics: keys each ended by a newline;
 * vals: a value per key): false, and nothing added, when the row does not fit
 * the playbook (not what a save writes).
 */
static bool memo_row(struct advice_pb *a, const char *metrics, const unsigned char *vals,
		     size_t n_vals, bool text, struct kpi_advice_list *out)
{
	size_t n = 0;
	for (const char *p = metrics; *p; p++)
		n += *p == '\n';
	if (n * 8 != n_vals)
		return false;
	int idx[64];
	if (n > ARRAY_LEN(idx))
		return false;
	const char *p = metrics;
	for (size_t i = 0; i < n; i++) {
		const char *nl = strchr(p, '\n');
		if ((idx[i] = metric_index(a->pb, p, (size_t)(nl - p))) < 0)
			return false;
		p = nl + 1;
	}
	/* The row's items at once: grown one by one, 500 groups' were 1,500 reallocs. */
	if (n)
		out->items = xrealloc(out->items, (out->n + n) * sizeof *out->items);
	for (size_t i = 0; i < n; i++)
		advice_put(a, (size_t)idx[i], memo_value(vals + 8 * i), text, out);
	return true;
}

/*
 * The advice kpi_advice_memo keeps for day (migration 024), one read for every
 * group: a group's row counts when it was worked out on the version of the
 * playbook the group has now (the triggers took it away at any change of its
 * counters or of the group); out[i].fresh stays true for the others.
 */
static int memo_read(struct db *db, struct advice_pb *a, const size_t *which, int day,
		     const struct group *groups, size_t n, size_t with_text,
		     struct kpi_advice_list *out, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT group_id, version_id, metrics, vals "
				     "FROM kpi_advice_memo WHERE day = ?1", cause);
	if (!st)
		return -1;
	char d[11];
	date_format(day, d);
	sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
	struct group_ids ids;
	group_ids_build(&ids, groups, n);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t at = group_ids_find(&ids, sqlite3_column_int64(st, 0));
		if (at == SIZE_MAX)
			continue;
		struct advice_pb *pa = &a[which[at]];
		if (pa->pb->version_id == 0 || pa->pb->version_id != sqlite3_column_int64(st, 1))
			continue;
		const unsigned char *vals = sqlite3_column_blob(st, 3);
		size_t n_vals = (size_t)sqlite3_column_bytes(st, 3);
		if (memo_row(pa, db_col_text(st, 2), vals, n_vals, at < with_text, &out[at]))
			out[at].fresh = false;
	}
	sqlite3_reset(st);
	group_ids_free(&ids);
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
		       const struct group *groups, size_t n, bool memo, size_t with_text,
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
	int rc = memo ? memo_read(db, a, which, day, groups, n, with_text, *out, cause) : 0;
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
			advice_of(&a[which[i]], &groups[i], day, &s, first, end, i < with_text,
				  &(*out)[i]);
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

int kpi_advice_groups_first(struct db *db, const struct playbook_set *set, int day,
			    const struct group *groups, size_t n, size_t with_text,
			    struct kpi_advice_list **out, char **cause)
{
	const struct playbook **pbs = xcalloc(n + 1, sizeof *pbs);
	for (size_t i = 0; i < n; i++)
		pbs[i] = playbook_set_for(set, &groups[i]);
	/* One group works its advice out: reading every group's memo would cost more. */
	int rc = advice_fill(db, pbs, day, groups, n, n > 1, with_text, out, cause);
	free(pbs);
	return rc;
}

int kpi_advice_groups(struct db *db, const struct playbook_set *set, int day,
		      const struct group *groups, size_t n, struct kpi_advice_list **out,
		      char **cause)
{
	return kpi_advice_groups_first(db, set, day, groups, n, n, out, cause);
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

/* The fresh lists of groups as their memo rows, inside the caller's transaction. */
static int memo_write(struct db *db, const struct playbook_set *set, int day,
		      const struct group *groups, const struct kpi_advice_list *lists, size_t n,
		      char **cause)
{
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (memo_keeps(&lists[i], playbook_set_for(set, &groups[i])))
			ids[k++] = groups[i].id;
	char d[11];
	date_format(day, d);
	struct db_ids list = {ids, k};
	sqlite3_stmt *del = db_cached(db, "DELETE FROM kpi_advice_memo "
				      "WHERE group_id IN (SELECT value FROM sopdeck_ids(?1))", cause);
	sqlite3_stmt *ins = del ? db_cached(db, "INSERT INTO kpi_advice_memo "
					    "(group_id, day, version_id, metrics, vals) "
					    "VALUES (?1, ?2, ?3, ?4, ?5)", cause)
				: NULL;
	int rc = ins ? 0 : -1;
	if (rc == 0) {
		db_ids_bind(del, 1, &list);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = db_fail(db, _("storing KPI advice"), cause);
		sqlite3_reset(del);
		sqlite3_clear_bindings(del);
	}
	struct buf keys = {0};
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct playbook *pb = playbook_set_for(set, &groups[i]);
		if (!memo_keeps(&lists[i], pb))
			continue;
		keys.len = 0;
		unsigned char *vals = xmalloc(8 * lists[i].n + 1);
		for (size_t j = 0; j < lists[i].n; j++) {
			buf_adds(&keys, lists[i].items[j].metric->key);
			buf_adds(&keys, "\n");
			memo_value_put(vals + 8 * j, lists[i].items[j].formula);
		}
		sqlite3_bind_int64(ins, 1, groups[i].id);
		sqlite3_bind_text(ins, 2, d, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, pb->version_id);
		sqlite3_bind_text(ins, 4, buf_str(&keys), -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 5, vals, (int)(8 * lists[i].n), SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_fail(db, _("storing KPI advice"), cause);
		sqlite3_reset(ins);
		free(vals);
	}
	if (ins)
		sqlite3_clear_bindings(ins);
	buf_free(&keys);
	free(ids);
	return rc;
}

int kpi_advice_memo_save(struct db *db, const struct playbook_set *set, int day,
			 const struct group *groups, const struct kpi_advice_list *lists, size_t n,
			 int64_t data_version, char **cause)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += memo_keeps(&lists[i], playbook_set_for(set, &groups[i]));
	if (k == 0)
		return 0;
	/*
	 * A cache: never wait for another writer (the console reads no key meanwhile), and a
	 * file this process may not write keeps none. Either way the next start works it out.
	 */
	db_busy_wait(db, false);
	int begun = sqlite3_exec(db_sqlite(db), "BEGIN IMMEDIATE", NULL, NULL, NULL);
	db_busy_wait(db, true);
	if (begun != SQLITE_OK)
		return 0;
	/* Another connection wrote since the lists were worked out: they may be stale. */
	if (db_data_version(db) != data_version) {
		db_rollback(db);
		return 0;
	}
	if (memo_write(db, set, day, groups, lists, n, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}

int kpi_advice_memo_fill(struct db *db, const struct playbook_set *set, int day, char **cause)
{
	struct group *groups;
	size_t n;
	if (group_list(db, &groups, &n, cause) < 0)
		return -1;
	struct kpi_advice_list *lists;
	int rc = kpi_advice_groups(db, set, day, groups, n, &lists, cause);
	if (rc == 0) {
		rc = memo_write(db, set, day, groups, lists, n, cause);
		kpi_advice_lists_free(lists, n);
	}
	group_list_free(groups, n);
	return rc;
}

int kpi_advice_group(struct db *db, const struct playbook *pb, const struct group *g, int day,
		     struct kpi_advice **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	struct kpi_advice_list *l;
	if (advice_fill(db, &pb, day, g, 1, false, 1, &l, cause) < 0)
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
